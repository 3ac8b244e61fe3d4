"""How well R302 tells right readings from wrong ones, on the CPP polyphone benchmark.

Each CPP sentence marks one polyphonic character and gives its gold reading.
The marked character's word (pypinyin's phrase dictionary, segmented by
forward maximum matching; else the character alone) is glossed with the gold
reading, and then once more for every other real reading of the character.
The auditor runs on each sentence as its own document.

Printed: false alarms on the correct glosses (any reading or tone finding on
the marked character, at warning or above and at error, and of those at error
the ones on a gold reading CC-CEDICT contradicts), recall of R302 on
the swapped glosses per severity, plain pypinyin's own accuracy on the same
sentences, the time taken, and the same numbers with each evidence source
switched off (``--ablations``).

    python benchmarks/cpp_eval.py [CPP_DIR] [--limit N]
    PYTHONPATH=. python benchmarks/cpp_eval.py [CPP_DIR] --ablations

The ablations replace functions of the resolver, which reach its callers only
where it runs as Python: an install that compiled it (setup.py) is refused.

CPP_DIR defaults to ../shared/data/cpp beside the repository.  The dev split
is the only one there, so it is cut in two halves, fixed by a checksum of
each sentence: thresholds and tables are tuned on the ``tune`` half only, and
the ``held-out`` half gives the figures to report.  Both are printed.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.machinery
import pathlib
import time
import zlib
from dataclasses import dataclass
from unittest import mock

from corpus import read_data

from audit import resolver
from audit.engine import audit_text
from audit.finding import Severity
from audit.pinyin import marked, split_tone
from audit.readings import Reading, dictionary_readings, phrase_readings, readings_of, words_around
from audit.model import parse_label
from audit.resolver import word_span

MARK = "\u2581"
DEFAULT_DIR = pathlib.Path(__file__).resolve().parents[1].parent / "shared" / "data" / "cpp"
FAMILIES = ("reading", "tone")


@dataclass(frozen=True)
class Case:
    text: str      # the sentence, marks removed
    offset: int    # the marked character
    gold: Reading


@dataclass
class Tally:
    correct: int = 0
    false_warning: int = 0   # warning or above
    false_error: int = 0
    false_error_disputed: int = 0  # of those, gold readings CC-CEDICT contradicts (偏差 chà: CC-CEDICT piān chā)
    swapped: int = 0
    caught: dict = None      # severity -> R302 findings on swapped glosses
    caught_any: int = 0      # any reading or tone finding on swapped glosses
    seconds: float = 0.0

    def __post_init__(self) -> None:
        self.caught = {Severity.ERROR: 0, Severity.WARNING: 0}


HALVES = ("tune", "held-out")


def load_cases(directory: pathlib.Path, limit: int | None = None) -> dict[str, list[Case]]:
    """The cases of each half, ``HALVES[0]`` to tune on and ``HALVES[1]`` held out."""
    sentences = read_data(directory / "dev.sent").splitlines()
    labels = read_data(directory / "dev.lb").splitlines()
    cases = [
        Case(sentence.replace(MARK, ""), sentence.index(MARK), parse_label(label.strip()))
        for sentence, label in zip(sentences, labels)
        if MARK in sentence
    ]
    cases = cases[:limit] if limit else cases
    halves: dict[str, list[Case]] = {half: [] for half in HALVES}
    for case in cases:
        halves[half_of(case)].append(case)
    return halves


def half_of(case: Case) -> str:
    """The half a sentence belongs to: a checksum, so the cut never depends on order or on this code's runs."""
    return HALVES[zlib.crc32(case.text.encode("utf-8")) % 2]


def annotate(case: Case, reading: Reading) -> str:
    """The sentence with the marked character's word glossed, the character as ``reading``."""
    start, end = word_span(case.text, case.offset)
    word = case.text[start:end]
    readings = list(phrase_readings(word) or [reading])
    readings[case.offset - start] = reading
    gloss = " ".join(marked(*r) for r in readings)
    return f"{case.text[:end]}({gloss}){case.text[end:]}"


def marked_char_findings(case: Case, reading: Reading) -> list:
    """Reading and tone findings on the marked character's gloss (the annotated text keeps it at its offset)."""
    return findings_on_char(audit_text(annotate(case, reading)), case.offset)


def findings_on_char(result, offset: int) -> list:
    """Reading and tone findings of ``result`` on the gloss that reads the character at ``offset`` of the audited
    text: their place says so, not their wording."""
    def on_char(finding) -> bool:
        record = result.glosses[finding.gloss_index]
        return record.span_start <= offset < record.span_end

    return [f for f in result.findings if f.family in FAMILIES and f.gloss_index is not None and on_char(f)]


def evaluate(cases: list[Case]) -> Tally:
    tally = Tally()
    started = time.perf_counter()
    for case in cases:
        tally.correct += 1
        severities = {f.severity for f in marked_char_findings(case, case.gold)}
        tally.false_warning += bool(severities & {Severity.WARNING, Severity.ERROR})
        tally.false_error += Severity.ERROR in severities
        tally.false_error_disputed += Severity.ERROR in severities and cc_cedict_contradicts(case.text, case.offset, case.gold)
        for reading in readings_of(case.text[case.offset]):
            if reading == case.gold:
                continue
            tally.swapped += 1
            findings = marked_char_findings(case, reading)
            tally.caught_any += bool(findings)
            r302 = {f.severity for f in findings if f.code == "R302"}
            for severity in tally.caught:
                tally.caught[severity] += severity in r302
    tally.seconds = time.perf_counter() - started
    return tally


def cc_cedict_contradicts(text: str, offset: int, reading: Reading) -> bool:
    """Whether some CC-CEDICT word holds ``text[offset]`` and none gives it ``reading``.

    A label CC-CEDICT contradicts is one a standard dictionary reads
    otherwise: a real label error, or a reading the dictionaries do not share.
    """
    listings = [listed[place] for word, place in words_around(text, offset)
                if (listed := dictionary_readings(word))]
    return bool(listings) and all(reading not in listed for listed in listings)


def pypinyin_accuracy(cases: list[Case]) -> tuple[float, float]:
    """Plain lazy_pinyin on each sentence: share of marked characters read as gold, and seconds."""
    from pypinyin import Style, lazy_pinyin

    started = time.perf_counter()
    right = 0
    for case in cases:
        syllables = lazy_pinyin(case.text, style=Style.TONE, errors=lambda item: list(item))
        right += split_tone(syllables[case.offset]) == case.gold
    return right / len(cases), time.perf_counter() - started


# Each ablation switches one evidence source off by replacing it in the resolver.
ABLATIONS = {
    "all sources": {},
    "no g2pM model": {"model_evidence": lambda text, offset: ()},
    "no pypinyin-dict phrases": {"extended_phrase_evidence": lambda text, offset: None},
    "no pypinyin phrases": {"phrase_evidence": lambda text, offset, span: None},
    "no CC-CEDICT": {"dictionary_evidence": lambda text, offset, span: None},
    "no rarity (every reading common)": {"common_readings": lambda char: frozenset(readings_of(char))},
    # The rules for 得 and 了 by the words around them (跑得快 de, 我得走 děi, 吃得了 liǎo) are hand rules too.
    "no hand rules": {"_HAND_RULES_FOR": {}, "de_role_evidence": lambda document, offset: None,
                      "potential_complement_evidence": lambda document, offset: None},
    "no phrase-first characters": {"_PHRASE_FIRST": frozenset()},
    "model only": {
        "phrase_evidence": lambda text, offset, span: None,
        "extended_phrase_evidence": lambda text, offset: None,
        "common_readings": lambda char: frozenset(readings_of(char)),
    },
}


def resolver_is_compiled() -> bool:
    """Whether the resolver was installed compiled (setup.py): its functions then call each other directly, and a
    replacement set on the module reaches none of them, so an ablation would measure the sources all on."""
    return resolver.__file__.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))


def ablated(replacements: dict):
    stack = contextlib.ExitStack()
    for name, value in replacements.items():
        stack.enter_context(mock.patch.object(resolver, name, value))
    return stack


def row(name: str, tally: Tally) -> str:
    def share(count: int, total: int) -> str:
        return f"{100 * count / total:6.2f}%"

    caught_any = tally.caught[Severity.ERROR] + tally.caught[Severity.WARNING]
    return (
        f"{name:34} {share(tally.false_warning, tally.correct)} {share(tally.false_error, tally.correct)}"
        f" {share(tally.false_error_disputed, tally.correct)}"
        f" {share(caught_any, tally.swapped)} {share(tally.caught[Severity.ERROR], tally.swapped)}"
        f" {share(tally.caught_any, tally.swapped)} {tally.seconds:8.1f}s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("directory", nargs="?", type=pathlib.Path, default=DEFAULT_DIR)
    parser.add_argument("--limit", type=int, help="only the first N sentences")
    parser.add_argument("--ablations", action="store_true", help="also measure with each source switched off")
    arguments = parser.parse_args()
    if arguments.ablations and resolver_is_compiled():
        parser.error("--ablations needs the resolver as Python, not compiled: run it from a checkout with "
                     "PYTHONPATH=. so that the sources are imported")

    halves = load_cases(arguments.directory, arguments.limit)
    print(f"{sum(map(len, halves.values()))} sentences from {arguments.directory}, "
          f"in two halves by checksum: {len(halves['tune'])} to tune on, "
          f"{len(halves['held-out'])} held out (report these)")
    names = ABLATIONS if arguments.ablations else ["all sources"]
    for half, cases in halves.items():
        accuracy, seconds = pypinyin_accuracy(cases)
        print()
        print(f"== {half} half: plain pypinyin (lazy_pinyin) reads the marked character right: "
              f"{100 * accuracy:.2f}% ({seconds:.1f}s)")
        print(f"{'':34} {'FA warn+':>7} {'FA error':>7} {'disputed':>7} {'R302 any':>7} {'R302 err':>7} {'any R/T':>7} {'time':>9}")
        for name in names:
            with ablated(ABLATIONS[name]):
                print(row(name, evaluate(cases)), flush=True)
    print()
    print("FA: correct glosses with a reading or tone finding on the marked character.")
    print("disputed: false alarms at error on a gold reading CC-CEDICT contradicts (偏差 chà: CC-CEDICT piān chā).")
    print("R302 any/err: swapped glosses (each other reading pypinyin lists) drawing R302 at warning+/error;")
    print("any R/T: drawing any reading or tone finding.")


if __name__ == "__main__":
    main()
