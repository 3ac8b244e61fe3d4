"""Where a glossed span's edge falls inside a word: S103's judging of each edge, and the evidence it weighs.

The rule (``audit.rules.span``, ``check_word_cut``) documents what is judged and
reports the cuts found here with their fixes; this module finds them.  It is
compiled with the judging path (setup.py): a compiled function keeps no
docstring, and the registry reads each rule's documentation from its check's.
"""

from __future__ import annotations

import functools
import itertools
import os
from enum import IntEnum
from typing import Iterator, NamedTuple

from audit.align import Alignment
from audit.context import AuditContext, only_gloss_space_between
from audit.finding import Severity
from audit.tables import COST, stored
from audit.words import CUT_FLOOR, UNBOUND_LIMIT, CutWord, Segmenter


class Evidence(IntEnum):
    """What says that a cut word is one word, weakest first (``EVIDENCE_SAID`` says what each is)."""

    LEXICON = 1
    DOCUMENT = 2
    USER_LEXICON = 3


# Each kind of evidence as S103's message says it.
EVIDENCE_SAID = {
    Evidence.LEXICON: "a word in the lexicon",
    Evidence.DOCUMENT: "glossed as a unit elsewhere in this document",
    Evidence.USER_LEXICON: "in the user lexicon",
}


class Cut(NamedTuple):
    """A word that a span edge cuts, and what says it is one word."""

    word: str
    evidence: Evidence
    chars: tuple[int, ...]  # offsets of the word's characters


class CutFound(NamedTuple):
    """A cut S103 reports, with the gloss it is reported on and how severe it is."""

    gloss: int          # the gloss to report it on
    cut: Cut
    severity: Severity


def cuts_found(context: AuditContext) -> Iterator[CutFound]:
    """Each word a glossed span's edge cuts, in the order of the glosses it is reported on."""
    cuts: dict[int, CutFound | None] = {}  # by the first character after the edge: neighbours share edges
    for index, edges in itertools.groupby(_glossed_edges(context), key=lambda glossed_edge: glossed_edge[0]):
        found_here: list[CutFound] = []
        for _, previous, edge in edges:
            if edge not in cuts:
                cuts[edge] = _judge_edge(context, previous, edge)
            found = cuts[edge]
            if found and found.gloss == index:
                found_here.append(found)
        yield from _each_word_once(found_here)


def _each_word_once(found: list[CutFound]) -> list[CutFound]:
    """The cuts reported on one gloss, a word its span cuts at both edges (通条 of 交通条件) once, at the more severe
    of the two: reported at each edge, it was the same finding twice, at the same place, with the same fix."""
    if len(found) == 2 and found[0].cut.chars == found[1].cut.chars:
        return [max(found, key=lambda cut_found: cut_found.severity)]
    return found


def judged_evidence(context: AuditContext, at_least: float) -> Iterator[EdgeEvidence]:
    """The evidence at each span edge S103 judges where a word resists a boundary ``at_least``, each edge once:
    what ``benchmarks/fit_span_model.py`` fits the model on."""
    judged: set[int] = set()
    for _, previous, edge in _glossed_edges(context):
        if edge not in judged:
            judged.add(edge)
            evidence = _resisted_edge(context, previous, edge, at_least)
            if evidence is not None:
                yield evidence


def _glossed_edges(context: AuditContext) -> Iterator[tuple[int, int, int]]:
    """(gloss, previous, edge) for each edge of a gloss between two Han characters, at ``previous`` and ``edge``,
    where the gloss claims a boundary."""
    for index, judgement in context.parsed():
        alignment = judgement.alignment
        # A gloss of one character claims no boundary (see edge_evidence), and its
        # edges are judged from a longer neighbouring gloss, where one claims it.
        detached = bool(alignment.detached_by) and not only_gloss_space_between(context.text, alignment)
        if len(alignment.chars) < 2 or alignment.missing or detached:
            continue
        for edge in (alignment.chars[0], context.next_han(alignment.gloss.end)):
            previous = context.previous_han(edge) if edge >= 0 else -1
            if previous >= 0:
                yield index, previous, edge


class EdgeEvidence(NamedTuple):
    """What the text says of a span edge that a word of the lexicon crosses."""

    glosses: tuple[int, ...]  # the glosses on each side of the edge (one, when a gloss ends in plain text)
    word: str                 # the word to gloss whole
    chars: tuple[int, ...]    # offsets of its characters
    gloss: int                # the gloss that joins part of the cut word to something else: the one to report
    features: tuple[float, ...]  # as FEATURES names them
    plain: str                # where plain text lies beside the edge, "before" or "after" it; "" between two glosses

    @property
    def kind(self) -> str:
        """Which of EDGE_KINDS the edge is: each has thresholds of its own."""
        return EDGE_KINDS[bool(self.plain)]


# Edges between two glosses, and between a gloss and plain text: beside plain text only one side says where the
# writer put a boundary, so each kind has thresholds of its own, set where each kind is common.
EDGE_KINDS = ("between_glosses", "beside_plain")
# The least resistance judged at each kind.  Beside plain text the floor is set, by hand, above two pinned false
# alarms, a word left plain beside a gloss of several words (你|好啊(hǎo ya) resists 1.2, the seed's 三|大方向 2.0),
# which that kind's thresholds would warn of.  The data do not ask for it: on the UD dev file (densities 0.08 and
# 0.3, 18 seeds) the edges below 2.5 that score a warning are 12 moved ones and 8 correct ones.
JUDGED_FROM = {"between_glosses": CUT_FLOOR, "beside_plain": 2.5}


# What the model weighs, each with the range it is held to.
FEATURES = {
    "resistance": (0.0, 20.0),      # how much the text around the edge resists a boundary there
    # the side of the edge wholly inside the cut word as a word on its own: a gloss (书 of 和小红(hé xiǎo hóng)书(shū)),
    # or beside plain text the plain text's piece of the word (学 of 学校教育(xiào jiào yù))
    "fragment_cost": (0.0, 20.0),
    "span_word": (0.0, 1.0),        # the gloss that runs past the cut word is a word itself (和小红, 和社 are not)
    "repair_gain": (-20.0, 20.0),   # how much better the two sides read as words with the edge moved (和|小红书)
    "word_cost": (0.0, 20.0),       # the cut word: a common word cut is a likelier mistake
    "fragment_bound": (0.0, UNBOUND_LIMIT),  # how rarely that side, if one character, is a word alone (科 of 科|学家)
    "fragment_left": (0.0, 1.0),    # that side is left of the edge (小 of 小|红书上): edges moved left differ
    # how rarely the one character by which the gloss before the edge runs past the cut word (和 of 和小红|书) is
    # a word alone; not weighed after the edge, where a moved edge mostly leaves a bound suffix (家 of 科|学家)
    "outside_bound": (0.0, UNBOUND_LIMIT),
    # a gloss runs past the cut word by one character only: a correct gloss of two characters, one of which also
    # makes a word with its neighbour (第一|个), mostly looks so; a moved edge more often leaves a whole word of
    # two characters beside the piece it took (教育 of 校教育)
    "outside_single": (0.0, 1.0),
    "long_glosses": (0.0, 1.0),     # both sides glossed, neither a single character, by a standard the document does
                                    # not contradict: a moved edge mostly leaves one character alone (和小红|书)
}
NO_WORD_COST = 20.0   # a span that is no word costs this


class EdgeModel(NamedTuple):
    """A logistic model of whether a span edge was moved into a word, with the scores that make a finding
    at one kind of edge (EDGE_KINDS).

    Fitted by ``benchmarks/fit_span_model.py`` on the UD GSDSimp dev file
    and stored in ``span_model.toml`` beside this module.  Made by ``fitted``.
    """

    weights: dict[str, float]
    bias: float
    warning: float   # the lowest score that is a warning
    error: float     # and an error
    least_resistance: float  # the lowest resistance that can score a warning (see ``fitted``)

    @classmethod
    def fitted(cls, weights: dict[str, float], bias: float, warning: float, error: float,
               floor: float = CUT_FLOOR) -> EdgeModel:
        """The model, with the lowest resistance that can score a warning, the other features at their most
        damning, worked out once here.

        Never below ``floor``: a boundary that the text resists less is not
        judged at all (by default the lexicon's floor, below which no word
        is costly to cut).
        """
        others = sum(max(weights[name] * low, weights[name] * high)
                     for name, (low, high) in FEATURES.items() if name != "resistance")
        least = max(floor, (warning - bias - others) / weights["resistance"])
        return cls(weights, bias, warning, error, least)

    def score(self, features: tuple[float, ...]) -> float:
        return self.bias + sum(self.weights[name] * value for name, value in zip(FEATURES, features))

    def warns(self, features: tuple[float, ...]) -> bool:
        """Whether an edge with these features is judged at all (the resistance comes first), and scores a
        warning at least."""
        return features[0] >= self.least_resistance and self.score(features) >= self.warning


SPAN_MODEL_PATH = os.path.join(os.path.dirname(__file__), "span_model.toml")


@functools.lru_cache(maxsize=1)
def edge_models() -> dict[str, EdgeModel]:
    """The model of each kind of edge, read the first time an edge is judged (a check of text with no glosses
    never reads them): one set of weights, and the scores that make a warning and an error at each kind.

    Their numbers are kept with the tables, so that a run reads no TOML; they are read from
    ``span_model.toml`` again whenever the file changes.
    """
    numbers = stored("span-model", _span_model_numbers, COST, sources=[SPAN_MODEL_PATH])
    weights = {name: numbers[f"weights.{name}"] for name in FEATURES}
    return {kind: EdgeModel.fitted(weights, numbers["bias"], numbers[f"{kind}.warning"], numbers[f"{kind}.error"],
                                   JUDGED_FROM[kind])
            for kind in EDGE_KINDS}


@functools.lru_cache(maxsize=1)
def _least_warned_resistance() -> float:
    """The lowest resistance at which the model of some kind of edge can warn: a boundary the text resists less
    is not weighed."""
    return min(model.least_resistance for model in edge_models().values())


def _span_model_numbers() -> dict[str, float]:
    """``span_model.toml`` as ``{"bias": -4.8, "weights.resistance": 0.7, "beside_plain.warning": 0.3, ...}``."""
    from audit.toml import tomllib

    with open(SPAN_MODEL_PATH, encoding="utf-8") as source:
        table = tomllib.loads(source.read())
    numbers: dict[str, float] = {}
    for name, value in table.items():
        if isinstance(value, dict):  # [weights], or a kind of edge's thresholds
            numbers.update((f"{name}.{key}", float(entry)) for key, entry in value.items())
        else:
            numbers[name] = float(value)
    return numbers


_WINDOW = 4  # Han characters read on each side of an edge: a wider view changed no figure
_FINER_LEVELS = 2  # words read as their parts, one inside the other (国务委员会, 委员会)


def _judge_edge(context: AuditContext, previous: int, edge: int) -> CutFound | None:
    """The word that a boundary between the characters at ``previous`` and ``edge`` cuts, if the model of its
    kind of edge says so, or the glosses beside it make the cut plain where the model cannot
    (``_split_off_one_character``, ``_word_left_behind``, ``_part_that_is_no_word``, ``_unit_glossed_elsewhere``).

    A cut the model warns of is an error when the document glosses the word whole elsewhere or the user's
    lexicon lists it: the text's own standard then says the word is one.
    """
    evidence = _resisted_edge(context, previous, edge, _least_warned_resistance())
    if evidence is None:
        return _cut_the_glosses_show(context, previous, edge)
    model = edge_models()[evidence.kind]
    warned = model.warns(evidence.features) or _plain_character_before_the_rest(context, evidence)
    if not warned and not _split_off_one_character(context, evidence):
        beside = _glosses_beside(context, previous, edge)
        return None if beside is None else _unit_glossed_elsewhere(context, beside)
    known = _evidence(context, evidence.word)
    clear = warned and model.score(evidence.features) >= model.error
    severity = Severity.ERROR if clear or known > Evidence.LEXICON else Severity.WARNING
    return CutFound(evidence.gloss, Cut(evidence.word, known, evidence.chars), severity)


def _split_off_one_character(context: AuditContext, evidence: EdgeEvidence) -> bool:
    """Whether a gloss of one character and the gloss after it make up exactly a word of the lexicon that the edge
    between them splits where none of its own parts ends: 科(kē)学家(xué jiā), 同(tóng)盟国(méng guó).

    The model, which reads the cut as 科学's and 学家 as running past it by one character, mostly scores such an
    edge low, as it does a correct 第一|个; but here that character is the rest of the word.  A one-character
    prefix glossed apart from a word it is a part of (总(zǒng)书记(shū jì)) is a finer standard and never judged.
    """
    if evidence.plain:
        return False
    first, second = (context.judgements[index].alignment for index in evidence.glosses)
    return len(first.chars) == 1 and first.chars + second.chars == evidence.chars


def _plain_character_before_the_rest(context: AuditContext, evidence: EdgeEvidence) -> bool:
    """Whether plain text holds only the first character of the cut word and the gloss after it exactly the rest,
    and the edge scores a warning as an edge between two glosses would: plain 科 before 学家(xué jiā).

    That is the shape of ``_split_off_one_character`` with the character left plain, and it is judged as an edge
    between two glosses.  The higher warning of edges beside plain text allows for plain text, which makes no claim
    of where a word ends; here the gloss claims the rest of a word.  A prefix glossed apart scores lower
    (众 before 议院(yì yuàn)), and a word that may be a person's name is left out (唐 before 诗咏(shī yǒng)).
    """
    if evidence.plain != "before":
        return False
    gloss = context.judgements[evidence.glosses[0]].alignment
    return (evidence.chars[1:] == gloss.chars and not _reads_as_name(context, evidence.word)
            and edge_models()["between_glosses"].warns(evidence.features))


# The least name likeness (``Segmenter.name_likeness``) at which a word of three characters reads as a person's name
# from its characters, so that a character glossed apart from a rest that is no word is no cut (杜(dù)聿明).  On the
# UD dev file (6 seeds, every word glossed) 0.10 to 0.20 catch more left edges at no more false alarms, 0.25 and
# 0.35 draw 6 and 17 more; set below 武则天 (0.16), a name glossed apart as the finer standard allows.
NAME_LIKENESS = 0.15
# The least share of the three-character words a character starts that are names (``Segmenter.surname_likeness``)
# at which it is a surname: a name jieba tags keeps the finer standard only from there (南北宽, which jieba tags as
# a name, starts with 南, 0.44, and is judged; 修道院 with 修, 0.56, is not; 赵 0.93, 武 0.71), and a rest that is no
# word after it is a given name (邓(dèng)稼先, 0.85).  On dev, 0.5 catches 4 more left edges than none at no more
# false alarms on either standard; 0.6 and 0.7 catch 5 and 6, at one more on the finer split.
SURNAME_LIKENESS = 0.5


def _reads_as_name(context: AuditContext, word: str) -> bool:
    """Whether jieba tags the word as a person's name (张艺谋), or it reads as one from its characters (杜聿明, 唐诗咏,
    which jieba does not tag)."""
    segmenter = context.segmenter
    return segmenter.is_person_name(word) or segmenter.name_likeness(word) >= NAME_LIKENESS


def _may_be_name(context: AuditContext, word: str) -> bool:
    """Whether the word reads as a person's name (``_reads_as_name``), or its first character often starts one
    (康有为, 邓稼先, which jieba does not tag: ``SURNAME_LIKENESS``; 有为 and 稼先 are no words of the lexicon either)."""
    return _reads_as_name(context, word) or context.segmenter.surname_likeness(word[0]) >= SURNAME_LIKENESS


class _GlossesBeside(NamedTuple):
    """The two glosses that meet at an edge, and the index of each."""

    before: Alignment
    after: Alignment
    earlier: int  # the index of the gloss before the edge
    later: int    # and of the one after it


def _glosses_beside(context: AuditContext, previous: int, edge: int) -> _GlossesBeside | None:
    """The two glosses that meet at the edge between ``previous`` and ``edge``, and the index of each."""
    before, after = context.unit_at(previous), context.unit_at(edge)
    if before is None or after is None or before[0] == after[0]:
        return None
    earlier, later = before[0], after[0]
    return _GlossesBeside(context.judgements[earlier].alignment, context.judgements[later].alignment, earlier, later)


def _cut_the_glosses_show(context: AuditContext, previous: int, edge: int) -> CutFound | None:
    """The cut that two glosses meeting at the edge between ``previous`` and ``edge`` show by their shape, where no
    word of the lexicon resists the edge enough for the model to weigh it; nothing where a gloss meets plain text.

    The glosses beside the edge are found once here, for each shape looked for in turn.
    """
    beside = _glosses_beside(context, previous, edge)
    if beside is None:
        return None
    return (_word_left_behind(context, beside, edge) or _part_that_is_no_word(context, beside, edge)
            or _unit_glossed_elsewhere(context, beside))


def _part_that_is_no_word(context: AuditContext, beside: _GlossesBeside, edge: int) -> CutFound | None:
    """The word cut where the glosses read as its parts but one part is none: a gloss of one character, and the
    gloss after it, which is no word, holding the rest of a word of the lexicon that does not read as a
    person's name (日(rì)喀则(kā zé)).

    A finer standard splits a word into words (北京(běi jīng)市(shì)) or a surname from a given name
    (毛(máo)泽东(zé dōng)); 喀则 is neither.  How likely the word is a name is read from its characters
    (``_may_be_name``): a given name is mostly no word of the lexicon either (杜(dù)聿明(yù míng)).
    """
    before, after, _, index = beside
    if len(before.chars) != 1 or after.chars[0] != edge or len(after.chars) < 2:
        return None
    segmenter = context.segmenter
    rest = context.span_text(after)
    word = context.span_text(before) + rest
    if _is_word(segmenter, rest, 1) or not _is_word(segmenter, word, 0) or _may_be_name(context, word):
        return None
    return _shape_found(context, index, word, (*before.chars, *after.chars))


def _unit_glossed_elsewhere(context: AuditContext, beside: _GlossesBeside) -> CutFound | None:
    """The unit cut where the document glosses it whole elsewhere, and here a gloss that is no word joins a piece
    of it to a word beside it: 普鲁(pǔ lǔ)申科不仅(shēn kē bù jǐn) with 普鲁申科 glossed whole elsewhere (申科不仅 is
    no word, 不仅 is one), or 占领唃(zhàn lǐng gǔ)厮啰(sī luō) with 唃厮啰 glossed whole elsewhere.

    Such units are mostly names and transliterations the lexicon lacks, so no word of it resists the edge, and a
    unit glossed once that no lexicon knows does not count as a word (it may be one of the document's own
    mistakes); here the glosses say more: they read exactly as that unit and a word beside it.  A character that
    often starts names, glossed alone, keeps the finer standard of a surname apart from its given name
    (周(zhōu)骏彦(jùn yàn) draws nothing where 周骏 is glossed elsewhere).
    """
    before, after, earlier, index = beside
    first, second = context.span_text(before), context.span_text(after)
    # The later gloss runs past the unit's end, unless the earlier one is a surname glossed apart.
    surname = len(first) == 1 and context.segmenter.surname_likeness(first) >= SURNAME_LIKENESS
    if not surname:
        for k in range(1, len(second)):
            if _runs_past_unit(context, second, first + second[:k], second[k:]):
                return _shape_found(context, index, first + second[:k], (*before.chars, *after.chars[:k]))
    for k in range(1, len(first)):  # the earlier gloss runs past the unit's start
        if _runs_past_unit(context, first, first[k:] + second, first[:k]):
            return _shape_found(context, earlier, first[k:] + second, (*before.chars[k:], *after.chars))
    return None


def _runs_past_unit(context: AuditContext, gloss: str, unit: str, rest: str) -> bool:
    """Whether ``gloss``, no word, is a piece of ``unit``, which the document glosses whole elsewhere, and ``rest``,
    a word."""
    segmenter = context.segmenter
    return bool(context.glossed_terms[unit]) and not _is_word(segmenter, gloss, 1) and _is_word(segmenter, rest, 0)


def _shape_found(context: AuditContext, index: int, word: str, chars: tuple[int, ...]) -> CutFound:
    """A cut the glosses' shape shows: a warning, an error when the document or the user's lexicon vouches for the
    word."""
    known = _evidence(context, word)
    return CutFound(index, Cut(word, known, chars), Severity.ERROR if known > Evidence.LEXICON else Severity.WARNING)


def _word_left_behind(context: AuditContext, beside: _GlossesBeside, edge: int) -> CutFound | None:
    """The word cut where no word of the lexicon resists the edge, but the gloss after it is no word and its first
    character, moved back, makes two words: 此(cǐ)等事故(děng shì gù) cuts 此等, and 等事故 reads as 等 and 事故.

    The gloss after the edge must run past that character by two or more: a gloss of two characters that is no word
    often is a name or a rare word whose second character also stands alone, and the gloss before the edge, which
    claims no more than its own characters, may then be right too.  Edges moved right do not show this as clearly
    (和小红|书: 和小 is no word).
    """
    before, after, _, index = beside
    if after.chars[0] != edge or len(after.chars) < 3:
        return None
    segmenter = context.segmenter
    glossed_after = context.span_text(after)
    word = context.span_text(before) + glossed_after[0]
    if _is_word(segmenter, glossed_after, 1) or not (_is_word(segmenter, word, 0)
                                                     and _is_word(segmenter, glossed_after[1:], 0)):
        return None
    name = (before.chars[-1], *after.chars[:2])  # a surname glossed apart from its given name: 邓(dèng)小平说
    if _surname_alone(context, context.characters_at(name), name, edge):
        return None
    return _shape_found(context, index, word, (*before.chars, edge))


def _resisted_edge(context: AuditContext, previous: int, edge: int, at_least: float) -> EdgeEvidence | None:
    """``edge_evidence``, once the lexicon's table of cutting costs says a word could resist ``at_least`` there."""
    # Most edges are cleared here: no word the lexicon knows is costly to cut there.
    if not context.segmenter.may_resist(context.text[previous] + context.text[edge], at_least):
        return None
    return edge_evidence(context, previous, edge, at_least)


class _Crossing(NamedTuple):
    """The word of the lexicon that a span edge cuts, found as the glosses beside the edge ask."""

    cut: CutWord
    chars: tuple[int, ...]    # offsets of the cut word's characters
    reported: tuple[int, ...]  # offsets of the word to gloss whole: the whole word the glosses split, if they do
    inside: list[bool]        # for each gloss beside the edge, whether it lies wholly inside the cut word


def edge_evidence(context: AuditContext, previous: int, edge: int, at_least: float) -> EdgeEvidence | None:
    """The word that a boundary between the characters at ``previous`` and ``edge`` cuts, and how it looks.

    Nothing when the boundary resists less than ``at_least``.  The span that
    runs past the cut word (和小红 in 和小红(hé xiǎo hóng)书) is more suspect
    when it is no word itself; the fragment inside the word (书) less when it
    is a common word on its own.
    """
    owners = [context.unit_at(offset) for offset in (previous, edge)]
    glosses = tuple(owner[0] for owner in owners if owner)
    spans = [context.judgements[index].alignment for index in glosses]
    # Glosses of single characters say nothing of where words end: readers gloss
    # a hard character inside a word (带货(huò)), ruby glosses every character.
    if all(len(alignment.chars) == 1 for alignment in spans):
        return None
    crossing = _crossing(context, edge, spans, at_least)
    if crossing is None:
        return None
    word = context.characters_at(crossing.reported)
    plain = "" if len(glosses) == 2 else "before" if owners[0] is None else "after"
    return EdgeEvidence(glosses, word, crossing.reported, glosses[crossing.inside.index(False)],
                        _features(context, spans, crossing, word, edge), plain)


def _crossing(context: AuditContext, edge: int, spans: list[Alignment], at_least: float) -> _Crossing | None:
    """The word that the edge before ``edge`` cuts, resisting at least ``at_least``, as the glosses beside it ask.

    Glosses that split a word into parts and join no part to anything else may
    follow a finer standard (北京(běi jīng)市(shì), 毕业(bì yè)生(shēng)): the
    edge is then judged again with that word read as its parts, and only cuts
    one of those (共(gòng)产党(chǎn dǎng) cuts 共产) if the glosses join a piece
    of it to something else.  A surname glossed apart from its given name
    (毛(máo)泽东) is a finer standard too, unless its gloss joins it to what
    comes before (的巧(de qiǎo)克力 cuts 巧克力, which jieba tags as a name).
    """
    whole: tuple[int, ...] = ()  # the word the glosses split into parts, if they do
    finer: frozenset[str] = frozenset()
    for _ in range(_FINER_LEVELS + 1):
        found = word_across(context, edge, spans, at_least, finer)
        if found is None or found[0].resistance < at_least:
            return None
        cut, chars = found
        if _surname_alone(context, cut.word, chars, edge):
            return None
        inside = [set(alignment.chars) <= set(chars) for alignment in spans]
        if not all(inside):
            return _Crossing(cut, chars, whole or chars, inside)
        whole, finer = whole or chars, finer | {cut.word}
    return None


def word_across(context: AuditContext, edge: int, spans: list[Alignment], at_least: float,
                finer: frozenset[str] = frozenset()) -> tuple[CutWord, tuple[int, ...]] | None:
    """The word of the lexicon that the edge before ``edge`` cuts in the text around it (``finer`` words read as
    their parts), and the offsets of its characters; nothing if no word could resist a boundary ``at_least``."""
    before = context.han_before(edge, _WINDOW)
    offsets = before + context.han_after(edge, _WINDOW)
    window = context.characters_at(offsets)
    cut = context.segmenter.cut(window, len(before), at_least, tuple(map(context.span_text, spans)), finer)
    return None if cut is None else (cut, tuple(offsets[cut.start : cut.end]))


def _surname_alone(context: AuditContext, word: str, chars: tuple[int, ...], edge: int) -> bool:
    """Whether the edge parts a person's surname from the given name, as jieba tags names, and the surname starts its
    gloss (or has none).

    jieba tags a few words as names that are none (修道院, 南北宽); the likeness of the whole word would not part
    them from real names, since given names are varied (赵乐际 reads 0.014, 修道院 0.04); how often the first
    character starts a name does, for some (南 0.44 against 赵 0.93: ``SURNAME_LIKENESS``).
    """
    segmenter = context.segmenter
    is_name = segmenter.is_person_name(word) and segmenter.surname_likeness(word[0]) >= SURNAME_LIKENESS
    if chars[1] != edge or not is_name:
        return False
    owner = context.unit_at(chars[0])
    return owner is None or context.judgements[owner[0]].alignment.chars[0] == chars[0]


class _Side(NamedTuple):
    """The text on one side of an edge as it is judged: a gloss, or the cut word's piece of the plain text beside
    one."""

    text: str
    glossed: bool
    inside: bool  # wholly inside the cut word

    def cost(self, segmenter: Segmenter) -> float:
        """Its cost as a word on its own; a gloss counts one time fewer, since a span cannot vouch for itself."""
        return _word_cost(segmenter, self.text, int(self.glossed))


def _sides(context: AuditContext, spans: list[Alignment], crossing: _Crossing, edge: int) -> list[_Side]:
    """The two sides of the edge before ``edge``, in order: the glosses there, or, where a gloss meets plain
    text, the gloss and the cut word's piece of that text (书 of 和小红(hé xiǎo hóng)书)."""
    sides = [_Side(context.span_text(alignment), True, within) for alignment, within in zip(spans, crossing.inside)]
    if len(sides) == 1:
        plain_before = spans[0].chars[0] == edge
        piece = [offset for offset in crossing.chars if (offset < edge) == plain_before]
        sides.insert(0 if plain_before else 1, _Side(context.characters_at(piece), False, True))
    return sides


def _features(context: AuditContext, spans: list[Alignment], crossing: _Crossing, word: str,
              edge: int) -> tuple[float, ...]:
    """The edge's features, as FEATURES names them, each held to its range."""
    segmenter = context.segmenter
    sides = _sides(context, spans, crossing, edge)
    fragments = [side for side in sides if side.inside]
    inside = [side.inside for side in sides]
    running_past = [alignment for alignment, within in zip(spans, crossing.inside) if not within]
    outside = max((context.characters_at(offset for offset in alignment.chars if offset not in crossing.chars)
                   for alignment in running_past), key=len)
    features = (
        crossing.cut.resistance,
        max((side.cost(segmenter) for side in fragments), default=0.0),
        float(all(_is_word(segmenter, text, 1) for text in map(context.span_text, running_past))),
        _repair_gain(segmenter, sides),
        _word_cost(segmenter, crossing.cut.word, 0),
        max((segmenter.boundness(side.text) for side in fragments if len(side.text) == 1), default=0.0),
        float(inside == [True, False]),
        segmenter.boundness(outside) if len(outside) == 1 and inside == [False, True] else 0.0,
        float(len(outside) == 1),
        _long_glosses(context, sides, word),
    )
    return tuple(min(max(value, low), high) for value, (low, high) in zip(features, FEATURES.values()))


def _long_glosses(context: AuditContext, sides: list[_Side], word: str) -> float:
    """1 when glosses of two or more characters each meet at the edge, and the document glosses the cut word
    whole nowhere else.  Such glosses look like a standard of their own (or an overlap: 小红|书店); a document
    that glosses the word whole, or a user lexicon that lists it, says which standard it keeps."""
    return float(all(side.glossed and len(side.text) > 1 for side in sides)
                 and _evidence(context, word) == Evidence.LEXICON)


def _is_word(segmenter: Segmenter, span: str, discount: int) -> bool:
    """Whether the lexicon, the user's lexicon or the document knows ``span`` as a word (see ``_word_cost``)."""
    return _word_cost(segmenter, span, discount) < NO_WORD_COST


def _word_cost(segmenter: Segmenter, span: str, discount: int) -> float:
    """How rare ``span`` is as a word (its glosses being judged counted ``discount`` times fewer)."""
    return min(segmenter.word_cost(span, discount), NO_WORD_COST)


def _repair_gain(segmenter: Segmenter, sides: list[_Side]) -> float:
    """How much cheaper the two sides' characters read as two words with the edge between them moved."""
    left, right = sides
    joined = left.text + right.text
    moved = min(_word_cost(segmenter, joined[:k], 0) + _word_cost(segmenter, joined[k:], 0)
                for k in range(1, len(joined)) if k != len(left.text))
    return left.cost(segmenter) + right.cost(segmenter) - moved


def _evidence(context: AuditContext, word: str) -> Evidence:
    if word in context.lexicon:
        return Evidence.USER_LEXICON
    return Evidence.DOCUMENT if context.glossed_terms[word] else Evidence.LEXICON
