"""Reading findings on text glossed a word at a time, the words as people segmented them (UD Chinese GSDSimp).

Every word of Han characters is glossed with pypinyin's reading of that
word alone, as ``span_eval.py`` glosses it, and the sentences are audited
as documents of 50 sentences.  Glossing a word alone keeps the gloss free of
segmentation errors but not of pypinyin's own reading errors (成(chéng)
为(wèi), where 成为 reads wéi), so this counts no false alarm rate: it prints
the reading and tone findings at warning or above, with their text, to be
grouped by cause and read by hand, the auditor's own false alarms among them
those a segmentation of the sentence made (她的(de)哥哥: 的哥 dī gē).

    python benchmarks/wordwise_eval.py [dev|test]

Group by cause on dev; report test.
"""

from __future__ import annotations

import argparse
from collections import Counter

from span_eval import DATA, SENTENCES_PER_DOCUMENT, gloss, read_sentences

from audit.engine import audit_text
from audit.finding import Severity
from audit.readings import HAN_RUN

FAMILIES = ("reading", "tone")
SHOWN = 40  # characters of the line shown before a finding


def glossed_line(words: list[str]) -> str:
    return "".join(gloss(word) if HAN_RUN.search(word) else word for word in words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("split", nargs="?", choices=("dev", "test"), default="dev")
    arguments = parser.parse_args()
    sentences = read_sentences(DATA, arguments.split)
    counts: Counter[tuple[str, str]] = Counter()
    glosses = 0
    for first in range(0, len(sentences), SENTENCES_PER_DOCUMENT):
        lines = [glossed_line([token.word for token in sentence])
                 for sentence in sentences[first : first + SENTENCES_PER_DOCUMENT]]
        result = audit_text("\n".join(lines))
        glosses += len(result.glosses)
        for finding in result.findings:
            if finding.family in FAMILIES and finding.severity >= Severity.WARNING:
                counts[(finding.severity.name.lower(), finding.code)] += 1
                line = lines[finding.line - 1]
                print(f"{finding.severity.name.lower()} {finding.message}  |  "
                      f"{line[max(0, finding.column - SHOWN) : finding.column + SHOWN]}")
    print(f"\n{len(sentences)} sentences of {arguments.split}, {glosses} glosses")
    for (severity, code), count in sorted(counts.items()):
        print(f"{severity} {code}: {count} ({1000 * count / glosses:.2f} per 1,000 glosses)")


if __name__ == "__main__":
    main()
