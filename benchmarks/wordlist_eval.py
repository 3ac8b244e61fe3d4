"""Findings on an authoritative word list written in its own published pinyin.

A word list glosses each word on its own line, with no sentence around it:
``词语(cíyǔ)``.  The words and their readings are 汉典's (zdic) as
pypinyin-dict ships them (``zdic_cibs``), a source independent of the
auditor's own (pypinyin's phrases, the large phrase list and CC-CEDICT).
Only common words are kept: those wordfreq's Chinese list gives a frequency
of at least one in a million (Zipf 3).  A fixed sample of them is written
three times, as dictionaries print the syllables (joined, an apostrophe before a
syllable starting with a, o or e that follows another: ``gǎn'ēn``),
spaced (``gǎn ēn``) and dotted (joined, with the dot 现代汉语词典 writes
before a light syllable: ``cì·hou``), each form as one file audited with
the default settings.

Every finding on such a list is a false alarm unless the dictionary itself is
wrong, so the figures printed are findings per 1,000 glosses, at error and at
warning, by rule, with up to 30 examples of each rule.

    python benchmarks/wordlist_eval.py [--size N] [--examples N]
"""

from __future__ import annotations

import argparse
import functools
import random
import unicodedata
from collections import defaultdict

import wordfreq
from pypinyin_dict.phrase_pinyin_data import zdic_cibs

from audit.engine import audit_text
from audit.finding import Severity
from audit.pinyin import LIGHT_SYLLABLE_DOT, NEUTRAL, split_tone

MIN_FREQUENCY = 1e-6   # one in a million words: Zipf 3
SAMPLE_SIZE = 11_130   # as many glosses as the outside word list has
SEED = 12
OPEN_VOWELS = "aoe"


def common_words() -> list[tuple[str, list[str]]]:
    """zdic's words of two characters or more that wordfreq counts as common, with one syllable each."""
    frequencies = wordfreq.get_frequency_dict("zh")
    words = []
    for word, readings in sorted(zdic_cibs.phrases_dict.items()):
        if len(word) > 1 and len(readings) == len(word) and frequencies.get(word, 0.0) >= MIN_FREQUENCY:
            words.append((word, [options[0] for options in readings]))
    return words


def joined(syllables: list[str], dot_light: bool = False) -> str:
    """The syllables as a dictionary prints them: one word, an apostrophe before a, o or e after another;
    with ``dot_light``, the dot 现代汉语词典 puts before a light syllable instead (伺候 cì·hou)."""
    parts = [syllables[0]]
    for syllable in syllables[1:]:
        starts_open = unicodedata.normalize("NFD", syllable)[0].lower() in OPEN_VOWELS
        if dot_light and split_tone(syllable)[1] == NEUTRAL:
            parts.append(LIGHT_SYLLABLE_DOT + syllable)
        else:
            parts.append("'" + syllable if starts_open else syllable)
    return "".join(parts)


def word_list(entries: list[tuple[str, list[str]]], form: str) -> str:
    writers = {"joined": joined, "spaced": " ".join, "dotted": functools.partial(joined, dot_light=True)}
    return "".join(f"{word}({writers[form](syllables)})\n" for word, syllables in entries)


def report(form: str, text: str, glosses: int, examples: int) -> None:
    result = audit_text(text, path=f"wordlist-{form}.txt")
    by_rule: dict[tuple[Severity, str], list] = defaultdict(list)
    for finding in result.findings:
        if finding.severity >= Severity.WARNING:
            by_rule[(finding.severity, finding.code)].append(finding)
    lines = text.splitlines()
    print(f"\n== {form}: {glosses} glosses ==")
    for level in (Severity.ERROR, Severity.WARNING):
        count = sum(len(found) for (severity, _), found in by_rule.items() if severity == level)
        print(f"{level.name.lower()}: {count} ({1000 * count / glosses:.2f} per 1,000 glosses)")
    for (severity, code), found in sorted(by_rule.items(), key=lambda item: (-item[0][0], -len(item[1]))):
        print(f"\n{severity.name.lower()} {code}: {len(found)} ({1000 * len(found) / glosses:.2f} per 1,000)")
        for finding in found[:examples]:
            print(f"  {lines[finding.line - 1]}  {finding.message}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=SAMPLE_SIZE)
    parser.add_argument("--examples", type=int, default=30)
    arguments = parser.parse_args()
    words = common_words()
    sample = sorted(random.Random(SEED).sample(words, min(arguments.size, len(words))))
    print(f"{len(words)} common zdic words (frequency >= {MIN_FREQUENCY:g}); sample of {len(sample)}")
    for form in ("joined", "spaced", "dotted"):
        report(form, word_list(sample, form), len(sample), arguments.examples)


if __name__ == "__main__":
    main()
