"""Every character glossed on its own, as textbooks and children's readers gloss, against the same text by word.

Each CPP sentence (see cpp_eval.py, whose halves and cases this shares) is
read by pypinyin in context, the marked polyphone as its gold reading, and
glossed four ways with those same syllables: a character at a time and a
word at a time (the words of cpp_eval's segmentation), each in two
conventions for 一 and 不: their citation tones (一个 yī gè), and their
changed tones as readers write them (一个 yí gè, pypinyin's tone sandhi).
Only the grouping of the syllables differs between a character and a word
at a time, so every finding one draws and the other does not is the
auditor judging the same text two ways.

Printed for each half and glossing: errors and warnings per 1,000 glosses
(all rules), and the marked polyphone swapped for each other real reading
it has, caught at warning or above and at error.  ``--show N`` prints the
first N findings a character at a time draws that a word at a time does not,
to find causes on the tune half.

    python benchmarks/perchar_eval.py [CPP_DIR] [--limit N] [--show N]
"""

from __future__ import annotations

import argparse
import functools
import pathlib
from collections import Counter
from dataclasses import dataclass, field

from cpp_eval import DEFAULT_DIR, Case, findings_on_char, load_cases

from audit.engine import audit_text
from audit.finding import Severity
from audit.pinyin import NEUTRAL, marked, split_tone
from audit.readings import CITATION_READINGS, Reading, is_han, readings_of
from audit.resolver import word_span

CONVENTIONS = ("citation", "changed")
GROUPINGS = ("character", "word")


@dataclass
class Tally:
    glosses: int = 0
    findings: Counter = field(default_factory=Counter)   # severity -> count
    swapped: int = 0
    caught: Counter = field(default_factory=Counter)     # severity -> swapped glosses drawing one at the marked char
    codes: Counter = field(default_factory=Counter)      # (code, severity) -> count

    def per_thousand(self, severity: Severity) -> float:
        return 1000 * self.findings[severity] / max(self.glosses, 1)

    def caught_share(self, *severities: Severity) -> float:
        return 100 * sum(self.caught[severity] for severity in severities) / max(self.swapped, 1)


def readings_in_context(case: Case, convention: str) -> list[Reading | None]:
    """pypinyin's reading of each character of the sentence (None for what is not Han), the marked one gold;
    一 and 不 in their citation tones (but light where pypinyin reads them so: 看一看), or as pypinyin's tone
    sandhi changes them."""
    plain = pypinyin_syllables(case.text, tone_sandhi=False)
    changed = pypinyin_syllables(case.text, tone_sandhi=True) if convention == "changed" else plain
    readings: list[Reading | None] = []
    for offset, char in enumerate(case.text):
        syllable = changed[offset] if char in CITATION_READINGS else plain[offset]
        reading = split_tone(syllable) if is_han(char) and syllable != char else None
        if convention == "citation" and char in CITATION_READINGS and reading and reading[1] != NEUTRAL:
            reading = CITATION_READINGS[char]  # pypinyin's phrases write some changed tones (一起 yì qǐ)
        readings.append(reading)
    readings[case.offset] = case.gold
    return readings


@functools.cache
def pypinyin_syllables(text: str, tone_sandhi: bool) -> tuple[str, ...]:
    """pypinyin's syllable for each character of ``text`` (the character itself where it has none), with its tone
    sandhi or without; kept, as each convention and grouping reads every sentence again."""
    from pypinyin import Style, lazy_pinyin

    return tuple(lazy_pinyin(text, style=Style.TONE, errors=lambda item: list(item), tone_sandhi=tone_sandhi))


def glossed(text: str, readings: list[Reading | None], grouping: str, marked_offset: int) -> tuple[str, int, int]:
    """``text`` with every character that has a reading glossed, one at a time or a word at a time; how many
    glosses that makes; and where the character at ``marked_offset`` stands in it."""
    pieces, glosses, offset, shift = [], 0, 0, 0
    while offset < len(text):
        end = word_span(text, offset)[1] if grouping == "word" else offset + 1
        end = max(end, offset + 1)
        group = readings[offset:end]
        if all(group):
            gloss = f"({' '.join(marked(*reading) for reading in group)})"
            pieces.append(text[offset:end] + gloss)
            glosses += 1
        else:
            end, gloss = offset + 1, ""
            pieces.append(text[offset])
        if end <= marked_offset:
            shift += len(gloss)
        offset = end
    return "".join(pieces), glosses, marked_offset + shift


def evaluate(cases: list[Case], convention: str, grouping: str, shown: list) -> Tally:
    tally = Tally()
    for case in cases:
        readings = readings_in_context(case, convention)
        text, glosses, _ = glossed(case.text, readings, grouping, case.offset)
        findings = audit_text(text).findings
        tally.glosses += glosses
        for finding in findings:
            tally.findings[finding.severity] += 1
            tally.codes[finding.code, finding.severity.name.lower()] += 1
            if grouping == "character" and finding.severity is not Severity.INFO:
                shown.append((case, convention, finding))
        for other in readings_of(case.text[case.offset]):
            if other == case.gold:
                continue
            swapped = list(readings)
            swapped[case.offset] = other
            swapped_text, _, marked_at = glossed(case.text, swapped, grouping, case.offset)
            severities = {finding.severity for finding in findings_on_char(audit_text(swapped_text), marked_at)}
            tally.swapped += 1
            tally.caught[Severity.ERROR] += Severity.ERROR in severities
            tally.caught[Severity.WARNING] += Severity.WARNING in severities and Severity.ERROR not in severities
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("directory", nargs="?", type=pathlib.Path, default=DEFAULT_DIR)
    parser.add_argument("--limit", type=int, help="only the first N sentences (both halves)")
    parser.add_argument("--show", type=int, default=0, help="print the first N warnings and errors per character")
    arguments = parser.parse_args()

    halves = load_cases(arguments.directory, arguments.limit)
    print(f"{sum(map(len, halves.values()))} CPP sentences from {arguments.directory}: "
          f"{len(halves['tune'])} to tune on, {len(halves['held-out'])} held out (report these)")
    for half, cases in halves.items():
        print(f"\n== {half} half")
        print(f"{'':22} {'glosses':>8} {'err/1k':>7} {'warn/1k':>7} {'swaps':>6} {'caught warn+':>12} {'caught err':>10}")
        shown: list = []
        for convention in CONVENTIONS:
            for grouping in GROUPINGS:
                tally = evaluate(cases, convention, grouping, shown)
                print(f"{convention + ', by ' + grouping:22} {tally.glosses:8} {tally.per_thousand(Severity.ERROR):7.2f}"
                      f" {tally.per_thousand(Severity.WARNING):7.2f} {tally.swapped:6}"
                      f" {tally.caught_share(Severity.ERROR, Severity.WARNING):11.2f}%"
                      f" {tally.caught_share(Severity.ERROR):9.2f}%", flush=True)
                print(f"{'':22} {dict(tally.codes.most_common(6))}")
        for case, convention, finding in shown[: arguments.show]:
            print(f"  [{convention}] {case.text}: {finding.code} {finding.severity.name.lower()}: {finding.message}")


if __name__ == "__main__":
    main()
