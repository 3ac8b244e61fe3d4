"""How well span findings tell glosses that cut a word from glosses that do not, on UD Chinese GSDSimp.

The sentences were segmented into words by people.  Every word of Han
characters is glossed with its reading (pypinyin's, character by character
within the word); then about one span edge in 40 between two glossed words is
moved into the middle of a neighbouring word, the way a segmenter errs:

- right: the edge moves into the next word (和小红(hé xiǎo hóng)书(shū));
- left: the edge moves into the previous word (小(xiǎo)红书上(hóng shū shàng)).

A moved edge is caught when a span finding (S1xx) names either gloss beside
it.  A false alarm is a span finding on a gloss whose both edges are right.
An edge is never moved to a place where the finer standard below would put a
boundary anyway.  Sentences are audited as documents of 50 sentences, so that
words the document glosses as units count as evidence, as they would in an
article.

``--reach`` also counts the moved edges S103 judges at all: a word of the
lexicon crosses them and resists a boundary there by at least the floor of
their kind (``span_edges.JUDGED_FROM``: 1 between two glosses, 2.5 between a gloss
and plain text), and the glosses follow no finer standard.  No model or
threshold can catch more than those; only the glosses' own shape, which S103
reads where its model cannot judge (a gloss that is no word but reads as two
with its first character moved back), catches any of the others.  Of those it
says why they are not judged: no word crosses the edge (or it parts two words
of two or more characters), the word resists less than the floor, or the
glosses read as a finer standard (its parts glossed apart, or a surname apart
from a name).  It then splits each
direction's moved edges by the lengths of the two words whose edge moved
(``2+1``: a word of two characters before one of one, as 科学|家 before
科|学家), with how many of each S103 judges and catches.

``--density 0.08`` glosses each word with that probability (the seed
article's density) instead of every word, so that most glosses have plain
text beside them, as in articles.  Edges then also move between a gloss and
plain text (和小红(hé xiǎo hóng)书), where the gloss keeps two characters or
more (a single character may be glossed inside a word: 带货(huò)), and those
are counted apart as well: they have thresholds of their own, set on such
documents (``fit_span_model.py``).

``--misses left`` (or ``right``) prints each edge moved that way that was not
caught, between two glosses or between a gloss and plain text (``[plain]``),
with the text around it and what S103 made of it: the word it cuts, with the
model's score and features, or why it judged nothing.  Study dev's.

``--standard finer`` glosses the same sentences on a finer standard of
segmentation, which is just as right: a three-character name split into
surname and given name, ``X们`` into ``X`` and ``们``, and a word that is two
words of two or more characters (CC-CEDICT's, as pypinyin-dict ships them)
split into those.  Nothing is moved; every span finding is a false alarm.

    python benchmarks/span_eval.py [dev|test] [--standard ud|finer] [--seed N] [--seeds N] [--data DIR] [--lexicon SOURCES]
                                   [--density SHARE] [--reach] [--misses right|left]

Choose thresholds on dev; report test.
"""

from __future__ import annotations

import argparse
import pathlib
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterator

from corpus import read_data
from pypinyin import Style, pinyin

from audit import span_edges
from audit.align import span_of
from audit.config import AuditConfig
from audit.context import AuditContext
from audit.engine import audit_text, document_context
from audit.finding import Severity
from audit.inputs import prepare
from audit.readings import is_han
from audit.words import CUT_FLOOR

DATA = pathlib.Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ud-gsdsimp"
MOVE_SHARE = 1 / 40
SENTENCES_PER_DOCUMENT = 50
# Common surnames, for the finer standard's names (hand-made for this benchmark).
SURNAMES = frozenset("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
                     "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")


@dataclass
class Token:
    word: str
    proper_name: bool


@dataclass
class Unit:
    """A glossed (or plain) run of characters; ``moved`` names the direction of a moved edge beside it, and
    ``words`` the two words whose edge that was."""

    text: str
    glossed: bool
    moved: set = field(default_factory=set)
    words: tuple[str, str] = ("", "")
    plain_side: str = ""  # "before" or "after": the moved edge lies between this gloss and plain text there


def read_sentences(directory: pathlib.Path, split: str) -> list[list[Token]]:
    sentences, tokens = [], []
    for line in read_data(directory / f"zh_gsdsimp-ud-{split}.conllu").splitlines():
        if not line.strip():
            if tokens:
                sentences.append(tokens)
            tokens = []
        elif not line.startswith("#"):
            columns = line.split("\t")
            if columns[0].isdigit():
                tokens.append(Token(columns[1], columns[3] == "PROPN"))
    if tokens:
        sentences.append(tokens)
    return sentences


def finer_split(token: Token) -> list[str]:
    """The token's pieces on the finer standard (itself when it has none)."""
    word = token.word
    if token.proper_name and len(word) == 3 and word[0] in SURNAMES:
        return [word[0], word[1:]]
    if len(word) >= 3 and word.endswith("们"):
        return [word[:-1], "们"]
    for k in range(2, len(word) - 1):
        if word[:k] in _cedict() and word[k:] in _cedict():
            return [word[:k], word[k:]]
    return [word]


def _cedict() -> dict:
    from pypinyin_dict.phrase_pinyin_data.cc_cedict import phrases_dict

    return phrases_dict


def words_of(sentence: list[Token], standard: str) -> list[tuple[str, frozenset[int]]]:
    """The sentence's words, each with the inner positions the finer standard would cut."""
    words = []
    for token in sentence:
        pieces = finer_split(token)
        if standard == "finer":
            words.extend((piece, frozenset()) for piece in pieces)
        else:
            cuts = frozenset(sum(len(piece) for piece in pieces[:i]) for i in range(1, len(pieces)))
            words.append((token.word, cuts))
    return words


def units_of(words: list[tuple[str, frozenset[int]]], chooser: random.Random, move: bool,
             density: float = 1.0) -> list[Unit]:
    """The sentence's words as units, each word of Han characters glossed with probability ``density``, and
    about one edge in 40 between two words of Han characters, at least one of them glossed, moved when ``move``."""
    # Every word glossed draws nothing from the chooser, so that its edges move as they always have.
    units = [Unit(word, all(is_han(char) for char in word) and (density >= 1 or chooser.random() < density))
             for word, _ in words]
    if not move:
        return units
    index = 1
    while index < len(units):
        left, right = units[index - 1], units[index]
        if _movable(left, right) and chooser.random() < MOVE_SHARE:
            options = []
            if len(right.text) > 1:
                options += [("right", k) for k in range(1, len(right.text)) if k not in words[index][1]]
            if len(left.text) > 1:
                options += [("left", k) for k in range(1, len(left.text)) if k not in words[index - 1][1]]
            options = [option for option in options if _claims_the_edge(_after_move(left, right, *option))]
            if options:
                units[index - 1], units[index] = _after_move(left, right, *chooser.choice(options))
                index += 1  # the next edge's left word has moved: leave it
        index += 1
    return units


def _after_move(left: Unit, right: Unit, direction: str, k: int) -> tuple[Unit, Unit]:
    """The two words with the edge between them moved ``k`` characters into the word on the ``direction`` side."""
    whole = left.text + right.text
    split = len(left.text) + k if direction == "right" else k
    pair = (left.text, right.text)
    return (Unit(whole[:split], left.glossed, {direction}, pair, "" if right.glossed else "after"),
            Unit(whole[split:], right.glossed, {direction}, pair, "" if left.glossed else "before"))


def _claims_the_edge(moved: tuple[Unit, Unit]) -> bool:
    """Whether the glosses beside a moved edge claim a boundary there: two glosses do; a gloss beside plain text
    only with two characters or more (S103 lets a single character be glossed inside a word: 带货(huò))."""
    glossed = [unit for unit in moved if unit.glossed]
    return len(glossed) == 2 or len(glossed[0].text) > 1


def _movable(left: Unit, right: Unit) -> bool:
    """Whether the edge between two words may move: both Han, at least one glossed (with every word glossed,
    both), and the left one's other edge not moved already."""
    return (all(is_han(char) for char in left.text + right.text) and (left.glossed or right.glossed)
            and not left.moved)


def gloss(text: str) -> str:
    syllables = [options[0] for options in pinyin(text, style=Style.TONE, errors=lambda chars: ["?"] * len(chars))]
    return f"{text}({' '.join(syllables)})"


@dataclass
class Tally:
    correct: int = 0
    false_alarms: dict = field(default_factory=lambda: {Severity.WARNING: 0, Severity.ERROR: 0})
    moved: dict = field(default_factory=lambda: {"right": 0, "left": 0})
    caught: dict = field(default_factory=lambda: {(d, s): 0 for d in ("right", "left")
                                                  for s in (Severity.WARNING, Severity.ERROR)})
    crossed: dict = field(default_factory=lambda: {"right": 0, "left": 0})  # moved edges S103 judges (--reach)
    beside_plain: Counter = field(default_factory=Counter)  # (direction, "moved"|"caught"): moved edges beside plain text
    shapes: Counter = field(default_factory=Counter)  # (direction, words' lengths, "moved"|"judged"|"caught")
    not_judged: dict = field(default_factory=lambda: {(d, why): 0 for d in ("right", "left") for why in NOT_JUDGED})
    glosses: int = 0
    seconds: float = 0.0
    examples: list = field(default_factory=list)
    misses: list = field(default_factory=list)  # lines describing the moved edges not caught (--misses)


def documents(sentences: list[list[Token]], standard: str, seed: int,
              density: float = 1.0) -> Iterator[tuple[str, list[Unit]]]:
    """The benchmark's documents: each text, with its glossed units in the order of its glosses."""
    chooser = random.Random(seed)
    for first in range(0, len(sentences), SENTENCES_PER_DOCUMENT):
        lines = [units_of(words_of(sentence, standard), chooser, standard == "ud", density)
                 for sentence in sentences[first : first + SENTENCES_PER_DOCUMENT]]
        glossed = [unit for line in lines for unit in line if unit.glossed]
        text = "\n".join("".join(gloss(unit.text) if unit.glossed else unit.text for unit in line) for line in lines)
        yield text, glossed


def moved_edges(glossed: list[Unit]) -> Iterator[int]:
    """The index of the unit left of each moved edge between two glosses (marked alike)."""
    index = 0
    while index < len(glossed) - 1:
        unit = glossed[index]
        if unit.moved and not unit.plain_side and glossed[index + 1].moved == unit.moved:
            yield index
            index += 2
        else:
            index += 1


def moved_beside_plain(glossed: list[Unit]) -> Iterator[int]:
    """The index of each gloss with a moved edge between it and plain text (only when not every word is glossed)."""
    return (index for index, unit in enumerate(glossed) if unit.plain_side)


def judged_edges(text: str, config: AuditConfig = AuditConfig()) -> Iterator[span_edges.EdgeEvidence]:
    """The evidence at each span edge of ``text`` that S103 judges at all (see ``--reach``), each edge once."""
    return span_edges.judged_evidence(audit_context(text, config), CUT_FLOOR)


def judged_evidence_by_edge(context: AuditContext) -> dict[tuple[tuple[int, ...], str], span_edges.EdgeEvidence]:
    """S103's evidence at each edge it judges at all, keyed by the edge: the glosses beside it, and the side of a
    lone gloss where plain text lies ("" between two glosses), so that a gloss's two plain sides stay apart."""
    return {(found.glosses, found.plain): found for found in span_edges.judged_evidence(context, CUT_FLOOR)}


def audit_context(text: str, config: AuditConfig) -> AuditContext:
    read = prepare(text, None)
    return document_context(read.document, config, read.glosses)


def evaluate(sentences: list[list[Token]], standard: str, seeds: range, config: AuditConfig = AuditConfig(),
             reach: bool = False, misses: str | None = None, density: float = 1.0) -> Tally:
    tally = Tally()
    for seed in seeds:
        for text, glossed in documents(sentences, standard, seed, density):
            started = time.perf_counter()
            result = audit_text(text, config=config)
            tally.seconds += time.perf_counter() - started
            tally.glosses += len(glossed)
            _count(tally, glossed, result)
            if reach or misses:
                # One context and one pass of S103's evidence serve both diagnostics.
                context = audit_context(text, config)
                evidence = judged_evidence_by_edge(context)
                if reach:
                    _count_reach(tally, glossed, context, evidence, result)
                if misses:
                    tally.misses += _describe_misses(glossed, result, context, evidence, misses)
    return tally


def _count(tally: Tally, glossed: list[Unit], result) -> None:
    worst: dict[int, Severity] = {}
    for finding in result.findings:
        if finding.family == "span" and finding.gloss_index is not None:
            worst[finding.gloss_index] = max(worst.get(finding.gloss_index, Severity.INFO), finding.severity)
            if not glossed[finding.gloss_index].moved and len(tally.examples) < 30:
                tally.examples.append(f"{finding.severity}: {finding.message}")
    for index, unit in enumerate(glossed):
        if not unit.moved:
            tally.correct += 1
            for severity in tally.false_alarms:
                tally.false_alarms[severity] += worst.get(index, Severity.INFO) >= severity
    edges = [(index, index + 1) for index in moved_edges(glossed)] + [(index,) for index in moved_beside_plain(glossed)]
    for beside in edges:
        direction = next(iter(glossed[beside[0]].moved))
        tally.moved[direction] += 1
        found = max(worst.get(index, Severity.INFO) for index in beside)
        for severity in (Severity.WARNING, Severity.ERROR):
            tally.caught[direction, severity] += found >= severity
        if len(beside) == 1:
            tally.beside_plain[direction, "moved"] += 1
            tally.beside_plain[direction, "caught"] += found >= Severity.WARNING


def _named(result) -> set[int]:
    """The glosses a span finding names: an edge beside one of them is caught."""
    return {finding.gloss_index for finding in result.findings if finding.family == "span"}


NOT_JUDGED = ("no word crosses", "resists below the floor", "a finer standard")  # why a moved edge is not judged


def _moved_edges_judged(glossed: list[Unit]) -> Iterator[tuple[tuple[int, ...], str]]:
    """Each moved edge as S103's evidence names it: the glosses beside it, and where plain text lies ("" between
    two glosses, else "before" or "after" the one gloss)."""
    yield from (((index, index + 1), "") for index in moved_edges(glossed))
    yield from (((index,), glossed[index].plain_side) for index in moved_beside_plain(glossed))


def _count_reach(tally: Tally, glossed: list[Unit], context: AuditContext, evidence: dict, result) -> None:
    """Count the moved edges that S103 judges at all (those with ``evidence`` at their kind's floor), and why it
    does not judge the others; and, by the lengths of the two words whose edge moved, how many it judges and
    catches."""
    named = _named(result)
    for glosses, plain in _moved_edges_judged(glossed):
        direction = next(iter(glossed[glosses[0]].moved))
        found = evidence.get((glosses, plain))
        judged = found is not None and found.features[0] >= span_edges.JUDGED_FROM[found.kind]
        if judged:
            tally.crossed[direction] += 1
        else:
            tally.not_judged[direction, _why_not_judged(context, glosses, plain)] += 1
        shape = "+".join(str(min(len(word), 3)) for word in glossed[glosses[0]].words)
        tally.shapes[direction, shape, "moved"] += 1
        tally.shapes[direction, shape, "judged"] += judged
        tally.shapes[direction, shape, "caught"] += bool(set(glosses) & named)


def _why_not_judged(context: AuditContext, glosses: tuple[int, ...], plain: str) -> str:
    """Which of NOT_JUDGED keeps S103 from judging the edge beside ``glosses``: between the two, or between the
    one and the plain text ``plain`` of it ("before" or "after"), where the floor is that kind's own."""
    spans = [context.judgements[index].alignment for index in glosses]
    edge = context.next_han(spans[0].gloss.end) if plain == "after" else spans[-1].chars[0]
    found = span_edges.word_across(context, edge, spans, 0.0)
    if found is None:
        return NOT_JUDGED[0]
    floor = span_edges.JUDGED_FROM[span_edges.EDGE_KINDS[bool(plain)]]
    return NOT_JUDGED[1] if found[0].resistance < floor else NOT_JUDGED[2]


def _describe_misses(glossed: list[Unit], result, context: AuditContext, evidence: dict,
                     direction: str) -> list[str]:
    """One line for each edge moved in ``direction`` that no span finding names: the glosses beside it (a
    gloss beside plain text shows the plain side as ``[plain]``), the text around it, and what S103 made of it
    (the word it cuts, the model's score and features, or why it judged nothing)."""
    named = _named(result)
    models = span_edges.edge_models()
    lines = []
    for glosses, plain in _moved_edges_judged(glossed):
        if glossed[glosses[0]].moved != {direction} or set(glosses) & named:
            continue
        spans = [context.judgements[index].alignment for index in glosses]
        around = context.text[max(0, span_of(spans[0])[0] - 6) : spans[-1].gloss.end + 6].replace("\n", " ")
        texts = [context.span_text(alignment) for alignment in spans]
        pair = "|".join(["[plain]", *texts] if plain == "before" else [*texts, "[plain]"] if plain else texts)
        found = evidence.get((glosses, plain))
        if found is None:
            lines.append(f"{pair}\tnot judged: {_why_not_judged(context, glosses, plain)}\t{around}")
        else:
            features = " ".join(f"{name}={value:.2f}" for name, value in zip(span_edges.FEATURES, found.features))
            model = models[found.kind]
            lines.append(f"{pair}\tcuts {found.word}, score {model.score(found.features):.2f} "
                         f"(warning {model.warning:.2f})\t{around}\t{features}")
    return lines


def report(tally: Tally, split: str, standard: str, reach: bool = False) -> None:
    def share(count: int, total: int) -> str:
        return f"{100 * count / total:6.2f}%" if total else "    -  "

    print(f"UD GSDSimp {split}, {standard} standard: {tally.glosses} glosses, {tally.correct} correctly spanned")
    for direction in ("right", "left"):
        total = tally.moved[direction]
        if total:
            print(f"  {direction:5} edges moved: {total:4}  caught (warning+) "
                  f"{share(tally.caught[direction, Severity.WARNING], total)}  "
                  f"(error) {share(tally.caught[direction, Severity.ERROR], total)}")
            beside_plain = tally.beside_plain[direction, "moved"]
            if beside_plain:
                print(f"        of which between a gloss and plain text: {beside_plain}, caught (warning+) "
                      f"{share(tally.beside_plain[direction, 'caught'], beside_plain)}")
            if reach:
                print(f"        judged at all {share(tally.crossed[direction], total)} "
                      f"({tally.crossed[direction]}): the most S103's model can catch; not judged: "
                      + ", ".join(f"{why} {tally.not_judged[direction, why]}" for why in NOT_JUDGED))
                print(_by_shape(tally, direction))
    print(f"  false alarms on correctly spanned glosses: warning+ "
          f"{share(tally.false_alarms[Severity.WARNING], tally.correct)} "
          f"({tally.false_alarms[Severity.WARNING]}), error {share(tally.false_alarms[Severity.ERROR], tally.correct)}")
    print(f"  audit time: {1e6 * tally.seconds / tally.glosses:.0f} µs per gloss (whole audit, all rules)")


def _by_shape(tally: Tally, direction: str) -> str:
    """The moved edges of ``direction`` by the lengths of the words whose edge moved (3: three or more)."""
    parts = []
    for shape in sorted({shape for moved, shape, _ in tally.shapes if moved == direction}):
        moved, judged, caught = (tally.shapes[direction, shape, what] for what in ("moved", "judged", "caught"))
        parts.append(f"{shape} {moved}/{judged}/{caught}")
    return "        by the two words' lengths (moved/judged/caught): " + ", ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("split", nargs="?", default="dev", choices=("dev", "test"))
    parser.add_argument("--standard", default="ud", choices=("ud", "finer"))
    parser.add_argument("--data", type=pathlib.Path, default=DATA, help=f"the data directory (default {DATA})")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--seeds", type=int, default=1, help="move edges this many times, seeds from --seed on, "
                                                              "and report the sums (more moved edges, same sentences)")
    parser.add_argument("--examples", action="store_true", help="print the false alarms")
    parser.add_argument("--reach", action="store_true", help="also count the moved edges S103 judges at all "
                                                              "(a word of the lexicon resists a boundary there): "
                                                              "the most it can catch")
    parser.add_argument("--misses", choices=("right", "left"),
                        help="print each edge moved this way that was not caught, with what S103 made of it "
                             "(study dev; never tune on test)")
    parser.add_argument("--density", type=float, default=1.0,
                        help="gloss each word with this probability (0.08: the seed article's density; default 1, "
                             "every word), so that glosses have plain text beside them")
    parser.add_argument("--lexicon", help="build the lexicon from these sources instead: jieba, wordfreq or both "
                                          "(comma-separated), to compare them")
    arguments = parser.parse_args()
    config = AuditConfig(word_sources=tuple(arguments.lexicon.split(",")) if arguments.lexicon else None)
    seeds = range(arguments.seed, arguments.seed + arguments.seeds)
    tally = evaluate(read_sentences(arguments.data, arguments.split), arguments.standard, seeds, config,
                     arguments.reach, arguments.misses, arguments.density)
    report(tally, arguments.split, arguments.standard, arguments.reach)
    if arguments.misses:
        print("\n".join(tally.misses))
    if arguments.examples:
        print("\n".join(tally.examples))


if __name__ == "__main__":
    main()
