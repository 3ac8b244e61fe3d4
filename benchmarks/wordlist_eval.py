"""Findings on an authoritative word list written in its own published pinyin.

A word list glosses each word on its own line, with no sentence around it:
``词语(cíyǔ)``.  The words and their readings are one of pypinyin-dict's
lists, sources independent of the auditor's own (pypinyin's phrases, the
large phrase list and CC-CEDICT), chosen with ``--source``:

- ``zdic_cibs`` (default), 汉典's (zdic) words: those wordfreq's Chinese list
  gives a frequency of at least one in a million (Zipf 3), the common ones;
- ``zdic_cybs``, 汉典's idioms (成语, read as classical text reads them): those
  wordfreq counts at all;
- ``di``, phrases of an adverb made with 地 (``兴奋地 xīng fèn de``), which
  write 一/不 changed: those whose word before 地 is common (Zipf 3).

The thresholds of the auditor were tuned on ``zdic_cibs``.  The other lists
are cut in two halves by a fixed seed (``--half tune`` or ``held-out``): the
tune half's findings are grouped by cause, the held-out half's are reported.
A fixed sample of the words (``--size``) is written
four times, as dictionaries print the syllables (joined, an apostrophe before a
syllable starting with a, o or e that follows another: ``gǎn'ēn``),
spaced (``gǎn ēn``), dotted (joined, with the dot 现代汉语词典 writes
before a light syllable: ``cì·hou``) and joined after a space, as some lists
and textbooks set the bracket apart (``感恩 (gǎn'ēn)``), each form as one file
audited with the default settings.  One more file lists each common word
pypinyin-dict's CC-CEDICT list reads two ways at one syllable once for each
reading, joined (``东西(dōngxī)``, ``东西(dōngxi)``), as a word list prints a
polyphonic word: CC-CEDICT is one of the auditor's own sources, so this file
tests how entries of one word are compared, not the readings.

Every finding on such a list is a false alarm unless the dictionary itself is
wrong, so the figures printed are findings per 1,000 glosses, at error and at
warning, by rule, with up to 30 examples of each rule.  Each example says
whether two sources apart from the list confirm the syllable it names, to tell
the list's own slips from the auditor's: the character tables of 通用规范汉字字典
(2013) and 现代汉语词典 (1983), and CC-CEDICT's reading of the word.

    python benchmarks/wordlist_eval.py [--source NAME] [--half tune|held-out] [--size N] [--examples N]
"""

from __future__ import annotations

import argparse
import functools
import importlib
import random
import unicodedata
from collections import defaultdict
from typing import Callable

import wordfreq

from audit.engine import audit_text
from audit.finding import Finding, Severity
from audit.pinyin import LIGHT_SYLLABLE_DOT, NEUTRAL, split_tone
from audit.readings import dictionary_readings

MIN_FREQUENCY = 1e-6   # one in a million words: Zipf 3
SAMPLE_SIZE = 11_130   # as many glosses as the outside word list has
SEED = 12
OPEN_VOWELS = "aoe"
HALVES = ("tune", "held-out")
CHARACTER_TABLES = ("ktghz2013", "kxhc1983")  # 通用规范汉字字典 (2013), 现代汉语词典 (1983)

Entry = tuple[str, list[str]]


def _frequencies() -> dict[str, float]:
    return wordfreq.get_frequency_dict("zh")


def common_word(word: str, frequencies: dict[str, float]) -> bool:
    return frequencies.get(word, 0.0) >= MIN_FREQUENCY


def counted_at_all(word: str, frequencies: dict[str, float]) -> bool:
    return word in frequencies


def common_adverb(phrase: str, frequencies: dict[str, float]) -> bool:
    """An adverb of a common word and 地: 兴奋地."""
    return phrase.endswith("地") and common_word(phrase[:-1], frequencies)


# Which entries of each list are kept: the common ones, as each list allows.
SOURCES: dict[str, Callable[[str, dict[str, float]], bool]] = {
    "zdic_cibs": common_word,
    "zdic_cybs": counted_at_all,
    "di": common_adverb,
}
TUNED_ON = "zdic_cibs"


def list_entries(source: str) -> list[Entry]:
    """The list's words of two characters or more that its filter keeps, with one syllable each."""
    phrases = importlib.import_module(f"pypinyin_dict.phrase_pinyin_data.{source}").phrases_dict
    keep, frequencies = SOURCES[source], _frequencies()
    return [
        (word, [options[0] for options in readings])
        for word, readings in sorted(phrases.items())
        if len(word) > 1 and len(readings) == len(word) and keep(word, frequencies)
    ]


def half_of(entries: list[Entry], half: str) -> list[Entry]:
    """One of two halves of ``entries``, fixed by ``SEED``: the first for tuning, the second held out."""
    shuffled = random.Random(SEED).sample(entries, len(entries))
    middle = len(shuffled) // 2
    return sorted(shuffled[:middle] if half == "tune" else shuffled[middle:])


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


# Each form a list is written in: how the syllables are written, and what stands between the word and its bracket.
FORMS: dict[str, tuple[Callable[[list[str]], str], str]] = {
    "joined": (joined, ""),
    "spaced": (" ".join, ""),
    "dotted": (functools.partial(joined, dot_light=True), ""),
    "joined after a space": (joined, " "),
}


def word_list(entries: list[Entry], form: str) -> str:
    written, between = FORMS[form]
    return "".join(f"{word}{between}({written(syllables)})\n" for word, syllables in entries)


def each_reading_entries() -> list[Entry]:
    """The common words pypinyin-dict's CC-CEDICT list reads two ways or more at one syllable (and one way at the
    others), once for each reading: 东西 dōng xī, 东西 dōng xi.  A word read several ways at several syllables is
    left out, as the list does not say which of them go together."""
    phrases = importlib.import_module("pypinyin_dict.phrase_pinyin_data.cc_cedict").phrases_dict
    frequencies = _frequencies()
    entries = []
    for word, readings in sorted(phrases.items()):
        several = [place for place, options in enumerate(readings) if len(options) > 1]
        if len(word) > 1 and len(readings) == len(word) and len(several) == 1 and common_word(word, frequencies):
            place = several[0]
            entries += [(word, [options[0] if at != place else option for at, options in enumerate(readings)])
                        for option in readings[place]]
    return entries


@functools.cache
def _character_table(name: str) -> dict[int, str]:
    return importlib.import_module(f"pypinyin_dict.pinyin_data.{name}").pinyin_dict


def tables_list(char: str, syllable: str) -> bool:
    """Whether either character table gives ``char`` the syllable (a light one: its letters in any tone)."""
    base, tone = split_tone(syllable)
    for name in CHARACTER_TABLES:
        listed = {split_tone(option) for option in _character_table(name).get(ord(char), "").split(",") if option}
        if (base, tone) in listed or (tone == NEUTRAL and base in {letters for letters, _ in listed}):
            return True
    return False


def outside_view(word: str, syllables: list[str]) -> str:
    """What sources apart from the list say of its syllables: CC-CEDICT's word, and syllables no character table gives."""
    cc_cedict = dictionary_readings(word)
    if cc_cedict is None:
        verdict = "CC-CEDICT lacks the word"
    elif all(split_tone(syllable) in options for syllable, options in zip(syllables, cc_cedict)):
        verdict = "CC-CEDICT agrees"
    else:
        verdict = "CC-CEDICT reads " + " ".join("|".join(f"{base}{tone}" for base, tone in sorted(options))
                                                 for options in cc_cedict)
    unlisted = [f"{char} {syllable}" for char, syllable in zip(word, syllables) if not tables_list(char, syllable)]
    return verdict + (f"; no character table gives {', '.join(unlisted)}" if unlisted else "")


def report(name: str, entries: list[Entry], form: str, examples: int) -> None:
    """The findings on ``entries`` written in ``form``, as one file called ``name``."""
    text = word_list(entries, form)
    result = audit_text(text, path=f"wordlist-{name.replace(' ', '-')}.txt")
    by_rule: dict[tuple[Severity, str], list[Finding]] = defaultdict(list)
    for finding in result.findings:
        if finding.severity >= Severity.WARNING:
            by_rule[(finding.severity, finding.code)].append(finding)
    lines = text.splitlines()
    print(f"\n== {name}: {len(entries)} glosses ==")
    for level in (Severity.ERROR, Severity.WARNING):
        count = sum(len(found) for (severity, _), found in by_rule.items() if severity == level)
        print(f"{level.name.lower()}: {count} ({1000 * count / len(entries):.2f} per 1,000 glosses)")
    for (severity, code), found in sorted(by_rule.items(), key=lambda item: (-item[0][0], -len(item[1]))):
        print(f"\n{severity.name.lower()} {code}: {len(found)} ({1000 * len(found) / len(entries):.2f} per 1,000)")
        for finding in found[:examples]:
            word, syllables = entries[finding.line - 1]
            print(f"  {lines[finding.line - 1]}  {finding.message}  [{outside_view(word, syllables)}]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", choices=SOURCES, default=TUNED_ON)
    parser.add_argument("--half", choices=HALVES, help="one half of the list (not for the list tuned on)")
    parser.add_argument("--size", type=int, default=SAMPLE_SIZE)
    parser.add_argument("--examples", type=int, default=30)
    arguments = parser.parse_args()
    if arguments.half and arguments.source == TUNED_ON:
        parser.error(f"{TUNED_ON} was tuned on whole; halves are for the other lists")
    words = list_entries(arguments.source)
    if arguments.half:
        words = half_of(words, arguments.half)
    sample = sorted(random.Random(SEED).sample(words, min(arguments.size, len(words))))
    print(f"{len(words)} words of {arguments.source} kept ({arguments.half or 'whole list'}); sample of {len(sample)}")
    for form in FORMS:
        report(form, sample, form, arguments.examples)
    polyphonic = each_reading_entries()
    report(f"{len({word for word, _ in polyphonic})} polyphonic words of CC-CEDICT's list, once for each reading",
           polyphonic, "joined", arguments.examples)


if __name__ == "__main__":
    main()
