"""How 得 and 不 between a verb and its complement, and the modal 得 děi, are judged, on tagged and read sentences.

The UD Chinese GSD treebank (simplified) tags 得 by its use: PART for the
complement marker (跑得快, light de), AUX for the modal "must" (děi), VERB
for "obtain" (dé).  It gives 不 the head its clause gives it: in a potential
form (听不懂, 办不了) the complement after 不 hangs from the verb before it,
as a ``mark`` or a ``compound``; elsewhere 不 is negation.  The CPP sentences
give the gold reading of some 得; every other 不 in them is counted too, read
light, though most are negation.

Each 得 or 不 standing alone is glossed alone, once in each reading asked
about, and the worst reading or tone finding on that gloss is counted by
what the sentence makes of the character:

    python benchmarks/complement_eval.py dev|test [--examples CLASS READING]

``dev`` is the UD dev file with the CPP tune half, to choose on; ``test`` is
the UD test file with the CPP held-out half, to report on once the choice is
settled.
"""

from __future__ import annotations

import argparse
import pathlib
from collections import Counter, defaultdict

from corpus import read_data
from cpp_eval import DEFAULT_DIR as CPP_DIR
from cpp_eval import findings_on_char, load_cases

from audit.engine import audit_text
from audit.pinyin import marked

UD_DIR = pathlib.Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ud-gsdsimp"
SPLITS = {"dev": ("dev", "tune"), "test": ("test", "held-out")}
DE_READINGS = {"de": ("de", 5), "dé": ("de", 2), "děi": ("dei", 3)}
LIGHT_BU = ("bu", 5)
DE_BY_TAG = {"PART": "complement marker", "AUX": "modal", "VERB": "obtain"}
DE_BY_GOLD = {("de", 5): "complement marker", ("dei", 3): "modal", ("de", 2): "obtain"}
# The relations UD gives a complement hanging from the verb before 不 (达不到, 听不懂).
COMPLEMENT_RELATIONS = ("mark", "compound")
SEVERITIES = ("none", "info", "warning", "error")


def ud_cases(split: str) -> list[tuple[str, int, str, str]]:
    """(sentence, offset, character, class) for each 得 or 不 that is a word of its own in the UD file."""
    cases = []
    for block in read_data(UD_DIR / f"zh_gsdsimp-ud-{split}.conllu").split("\n\n"):
        tokens = [line.split("\t") for line in block.splitlines() if line[:1].isdigit() and "\t" in line]
        tokens = [token for token in tokens if token[0].isdigit()]
        text, offsets = "", []
        for token in tokens:
            offsets.append(len(text))
            text += token[1]
        for place, token in enumerate(tokens):
            if token[1] == "得" and token[3] in DE_BY_TAG:
                cases.append((text, offsets[place], "得", DE_BY_TAG[token[3]]))
            elif token[1] == "不":
                cases.append((text, offsets[place], "不", _bu_class(tokens, place)))
    return cases


def _bu_class(tokens: list[list[str]], place: int) -> str:
    """A potential form where what follows 不 hangs from the verb before it as its complement; negation else."""
    if 0 < place < len(tokens) - 1:
        verb, complement = tokens[place - 1], tokens[place + 1]
        if verb[3] == "VERB" and complement[6] == verb[0] and complement[7].startswith(COMPLEMENT_RELATIONS):
            return "potential form"
    return "negation"


def cpp_cases(half: str) -> list[tuple[str, int, str, str]]:
    """The CPP sentences' 得 of known reading, and every 不 in them (read as the treebank cannot say)."""
    cases = []
    for case in load_cases(CPP_DIR)[half]:
        if case.text[case.offset] == "得":
            cases.append((case.text, case.offset, "得", DE_BY_GOLD.get(case.gold, "other")))
        cases.extend((case.text, offset, "不", "CPP, unlabelled")
                     for offset, char in enumerate(case.text) if char == "不")
    return cases


def worst_finding(text: str, offset: int, reading: tuple[str, int]) -> str:
    """The most severe reading or tone finding on the character glossed alone as ``reading``; "none" if none."""
    glossed = f"{text[: offset + 1]}({marked(*reading)}){text[offset + 1 :]}"
    worst = max((finding.severity for finding in findings_on_char(audit_text(glossed), offset)), default=None)
    return str(worst) if worst else "none"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("split", choices=SPLITS)
    parser.add_argument("--examples", nargs=2, metavar=("CLASS", "READING"),
                        help="print the sentences of one class glossed one way, with the finding")
    args = parser.parse_args()
    ud_split, cpp_half = SPLITS[args.split]
    tallies: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    for source, cases in (("UD", ud_cases(ud_split)), ("CPP", cpp_cases(cpp_half))):
        for text, offset, char, kind in cases:
            readings = DE_READINGS if char == "得" else {"bu": LIGHT_BU}
            for name, reading in readings.items():
                worst = worst_finding(text, offset, reading)
                tallies[(f"{source} {char}", kind, name)][worst] += 1
                if args.examples and [kind, name] == args.examples:
                    print(f"{worst:8} {text[max(0, offset - 12) : offset]}[{char}({name})]{text[offset + 1 : offset + 12]}")
    print(f"{'':8} {'class':20} {'written':8} " + " ".join(f"{severity:>8}" for severity in SEVERITIES))
    for (source, kind, name), tally in sorted(tallies.items()):
        print(f"{source:8} {kind:20} {name:8} " + " ".join(f"{tally[severity]:8d}" for severity in SEVERITIES))


if __name__ == "__main__":
    main()
