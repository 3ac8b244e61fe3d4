"""Speech-label files: false errors on untouched utterances, and corrupted syllables caught, in both conventions.

Each utterance is the run of Han characters around the marked character of
a CPP sentence (one half of the dev split, cut as ``cpp_eval.py`` cuts it:
``--half held-out`` by default, ``tune`` for tuning).  Its syllables are
pypinyin's, with the marked character's gold reading put in, written in
three conventions as label corpora write them: ``spoken`` (every sandhi, 一/不
changed, neutral tones as 5, as Biaobei does), ``citation`` (dictionary
tones throughout) and ``textbook`` (dictionary tones but for 一/不, changed).
Each convention is one Biaobei-style file, audited with the default
settings, so the convention is the one the auditor infers.

Printed for each convention: the share of untouched utterances with an
error-level finding (any rule; pypinyin's own readings of the other
characters are not always right, so many of these are real label errors,
such as 朝鲜 xian1), the share with one on the gold syllable (false errors
for certain), the false alarms: the share with one that CC-CEDICT and the
model do not both confirm as a label error (see ``real_label_error``: an
upper bound), against the aim of 2 %; and of two kinds of corrupted copies
the share whose corrupted syllable draws a finding (warning or above, and error) that names
it (``似(shi4)``): the marked character swapped for another reading pypinyin
lists (the hard case: a real reading), and a character chosen at random
given a syllable that is none of its readings; each also among the copies
whose replaced syllable CC-CEDICT does not contradict (a gold 偏差 chà
swapped for the dictionaries' chā is no corruption by their lights).  A
third kind writes the marked character's gold syllable in the neutral tone
(行 hang5): the cost in recall of accepting light syllables no source gives.

With ``--examples N`` the false alarms themselves are printed, the utterance,
its syllables and the finding, to group them by cause.

    python benchmarks/labels_eval.py [CPP_DIR] [--half held-out|tune] [--limit N] [--examples N]
"""

from __future__ import annotations

import argparse
import pathlib
import random
import re
from collections import Counter

from cpp_eval import DEFAULT_DIR, HALVES, Case, cc_cedict_contradicts, load_cases
from labels_timing import spoken_yi_bu

from audit.engine import audit_text
from audit.finding import Severity
from audit.pinyin import numbered
from audit.model import parse_label
from audit.readings import HAN_RUN, readings_of
from audit.resolver import DocumentText, model_evidence, probability_of

CONVENTIONS = ("spoken", "citation", "textbook")
SHORTEST = 6


def utterances(cases: list[Case]) -> list[tuple[str, int, str]]:
    """The Han run around each marked character (``SHORTEST`` characters or more): text, place, gold."""
    found = []
    for case in cases:
        for run in HAN_RUN.finditer(case.text):
            if run.start() <= case.offset < run.end() and run.end() - run.start() >= SHORTEST:
                found.append((run.group(), case.offset - run.start(), numbered(*case.gold)))
    return found


def syllables(text: str, place: int, gold: str, convention: str) -> list[str]:
    """pypinyin's syllables for ``text`` in ``convention``, the gold reading at ``place``."""
    from pypinyin import Style, lazy_pinyin

    citation = lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True)
    citation[place] = gold
    if convention == "citation" or len(citation) != len(text):
        return citation
    if convention == "textbook":
        return spoken_yi_bu(text, citation)
    spoken = lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True, tone_sandhi=True)
    spoken[place] = gold
    if gold.endswith("3") and place + 1 < len(citation) and citation[place + 1].endswith("3"):
        spoken[place] = gold[:-1] + "2"
    return spoken_yi_bu(text, spoken)


def swapped(text: str, place: int, gold: str) -> str | None:
    """Another reading of the marked character, written as labels write syllables."""
    others = [numbered(*reading) for reading in readings_of(text[place]) if numbered(*reading) != gold]
    return others[0] if others else None


def label_file(rows: list[tuple[str, list[str]]]) -> str:
    lines = []
    for number, (text, written) in enumerate(rows, 1):
        lines.append(f"{number:06d}\t{text}#4。")
        lines.append("\t" + " ".join(written))
    return "\n".join(lines) + "\n"


def is_about(finding, syllable: str) -> bool:
    """Whether the finding is about ``syllable`` (``似(shi4)``), which its message names first."""
    return finding.message.startswith(f"{syllable}: ")


_NAMED_SYLLABLE = re.compile(r"(\S)\((\w+)\): ")


def real_label_error(finding, text: str, place: int, written: list[str]) -> bool:
    """Whether the finding is about a syllable of pypinyin's that two sources read otherwise.

    So it is when, at every place the utterance writes the named character
    with the named syllable, that place is not the gold one, CC-CEDICT
    contradicts the syllable (some CC-CEDICT word holds the character and
    none gives it: 电子 zi5 against diàn zǐ) and the model gives it less than
    even odds there.  Both are sources the auditor weighs too, so this says
    that an error stands on two sources that agree, not that it is true;
    asking every place rather than one (a finding names its syllable, not
    which of two 子 zi5) keeps the count of false alarms an upper bound.
    Findings on conventions, and on names the model cannot read, count as
    false alarms.
    """
    named = _NAMED_SYLLABLE.match(finding.message)
    if not named:
        return False
    char, syllable = named.groups()
    places = [i for i, (c, w) in enumerate(zip(text, written)) if (c, w) == (char, syllable)]
    reading = parse_label(syllable)
    return bool(places) and all(
        i != place and cc_cedict_contradicts(text, i, reading) and _model_doubts(text, i, reading) for i in places)


def _model_doubts(text: str, offset: int, reading) -> bool:
    """The model reads the character at ``offset`` otherwise than ``reading``, more likely than not."""
    scores = model_evidence(DocumentText(text), offset)
    return bool(scores) and probability_of(reading, scores) < 0.5


def findings_by_utterance(text: str) -> dict[int, list]:
    by_utterance: dict[int, list] = {}
    for finding in audit_text(text, "labels.txt").findings:
        by_utterance.setdefault((finding.line + 1) // 2, []).append(finding)
    return by_utterance


def measure(rows: list[tuple[str, int, str]], convention: str) -> dict[str, float]:
    labelled = [(text, place, syllables(text, place, gold, convention)) for text, place, gold in rows]
    labelled = [(text, place, written) for text, place, written in labelled if len(written) == len(text)]
    errors = findings_by_utterance(label_file([(text, written) for text, _, written in labelled]))
    flagged = sum(any(f.severity is Severity.ERROR for f in found) for found in errors.values())
    on_gold = sum(
        any(f.severity is Severity.ERROR and is_about(f, f"{text[place]}({written[place]})")
            for f in errors.get(number, []))
        for number, (text, place, written) in enumerate(labelled, 1)
    )
    unconfirmed = [  # (utterance number, text, syllables, finding)
        (number, text, written, f) for number, (text, place, written) in enumerate(labelled, 1)
        for f in errors.get(number, []) if f.severity is Severity.ERROR and not real_label_error(f, text, place, written)
    ]
    false_alarms = len({number for number, *_ in unconfirmed})
    codes = Counter(f.code for found in errors.values() for f in found if f.severity is Severity.ERROR)
    figures = {"untouched": len(labelled), "flagged": flagged, "on_gold": on_gold, "false_alarms": false_alarms,
               "codes": dict(codes.most_common(6)), "unconfirmed": unconfirmed}
    for kind in CORRUPTIONS:
        corrupted, names, disputed = [], [], []
        chooser = random.Random(12)
        for text, place, gold in rows:
            written = syllables(text, place, gold, convention)
            if len(written) != len(text):
                continue
            where, other = CORRUPTIONS[kind](text, place, gold, chooser)
            if other is None or other == written[where]:
                continue  # nothing to swap, or the swap is the label already (葛里 ge2 li3: ge3 said with sandhi)
            cited = syllables(text, place, gold, "citation")[where]  # before sandhi, as dictionaries write it
            disputed.append(cc_cedict_contradicts(text, where, parse_label(cited)))
            written[where] = other
            corrupted.append((text, written))
            names.append(f"{text[where]}({other})")
        found = findings_by_utterance(label_file(corrupted))
        caught = Counter()
        for number, (name, was_disputed) in enumerate(zip(names, disputed), 1):
            severities = {f.severity for f in found.get(number, []) if is_about(f, name)}
            caught["warning"] += bool(severities & {Severity.WARNING, Severity.ERROR})
            caught["error"] += Severity.ERROR in severities
            caught["undisputed"] += not was_disputed and bool(severities & {Severity.WARNING, Severity.ERROR})
        figures[kind] = (len(corrupted), caught["warning"], caught["error"],
                         len(corrupted) - sum(disputed), caught["undisputed"])
    return figures


def another_reading(text: str, place: int, gold: str, chooser: random.Random) -> tuple[int, str | None]:
    """The marked polyphone swapped for another of its readings: the hard case, a real reading."""
    return place, swapped(text, place, gold)


def any_syllable(text: str, place: int, gold: str, chooser: random.Random) -> tuple[int, str | None]:
    """A character chosen at random given a syllable chosen at random that is none of its readings."""
    where = chooser.randrange(len(text))
    own = {base for base, _ in readings_of(text[where])}
    other = chooser.choice([syllable for syllable in _SYLLABLES if syllable[:-1] not in own])
    return where, other


def neutral_tone(text: str, place: int, gold: str, chooser: random.Random) -> tuple[int, str | None]:
    """The marked polyphone's gold syllable written light (行 hang5): what a light syllable allowance may miss."""
    return place, None if gold.endswith("5") else gold[:-1] + "5"


_SYLLABLES = [f"{base}{tone}" for base in ("ba", "ma", "shi", "zhong", "guo", "ren", "da", "xue", "le", "hao") for tone in (1, 2, 3, 4)]
CORRUPTIONS = {"another reading": another_reading, "any syllable": any_syllable, "neutral tone": neutral_tone}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", type=pathlib.Path, default=DEFAULT_DIR)
    parser.add_argument("--half", choices=HALVES, default="held-out")
    parser.add_argument("--limit", type=int, help="only the first N utterances")
    parser.add_argument("--examples", type=int, default=0, help="print up to N false alarms of each convention")
    arguments = parser.parse_args()
    rows = utterances(load_cases(arguments.directory)[arguments.half])[: arguments.limit]
    print(f"{len(rows)} utterances from the {arguments.half} half of {arguments.directory}")
    for convention in CONVENTIONS:
        figures = measure(rows, convention)
        print(f"{convention:9} untouched with an error: {figures['flagged']}/{figures['untouched']} "
              f"({100 * figures['flagged'] / figures['untouched']:.2f}%; on the gold syllable "
              f"{100 * figures['on_gold'] / figures['untouched']:.2f}%), by rule {figures['codes']}")
        print(f"{'':9} false alarms (an error not confirmed as a label error by CC-CEDICT and the model): "
              f"{100 * figures['false_alarms'] / figures['untouched']:.2f}% (aim 2%)")
        for _, text, written, finding in figures["unconfirmed"][: arguments.examples]:
            print(f"{'':11}{text} {' '.join(written)}  {finding.code} {finding.message}")
        for kind in CORRUPTIONS:
            total, caught, at_error, undisputed, caught_undisputed = figures[kind]
            print(f"{'':9} corrupted ({kind}) caught: {100 * caught / total:.2f}% "
                  f"(at error {100 * at_error / total:.2f}%) of {total}; where CC-CEDICT does not contradict "
                  f"the syllable replaced: {100 * caught_undisputed / undisputed:.2f}% of {undisputed}")


if __name__ == "__main__":
    main()
