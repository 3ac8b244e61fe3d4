"""Time ``reports.write_site`` on 600 synthetic audited documents.

The documents are made from the sentences of the seed article, glossed with
pypinyin, with made-up findings on about one gloss in eight: no auditor is
involved, only the records it hands to the report.

    python benchmarks/report_timing.py [--documents 600] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import re
import tempfile
import time
from pathlib import Path

from pypinyin import lazy_pinyin, Style

from audit.document import Document
from audit.finding import DocumentResult, Finding, GlossRecord, Severity
from reports import write_site

SEED = Path(__file__).resolve().parent.parent / "samples" / "ecommerce-article-seed.txt"
RULES = [  # code, name, family, severity
    ("S103", "span-cuts-word", "span", Severity.ERROR),
    ("A201", "detached-gloss", "attachment", Severity.ERROR),
    ("R301", "unlikely-reading", "reading", Severity.WARNING),
    ("T401", "tone-mark-misplaced", "tone", Severity.ERROR),
    ("F501", "half-width-bracket", "format", Severity.INFO),
    ("C601", "yi-bu-convention", "consistency", Severity.WARNING),
]
HAN_WORD = re.compile(r"[\u4e00-\u9fff]{2}")


def sentences() -> list[str]:
    text = re.sub(r"\([^)]*\)", "", SEED.read_text(encoding="utf-8"))  # drop the seed's own glosses
    return [line for line in text.splitlines() if HAN_WORD.search(line)]


def synthetic_result(number: int, pool: list[str], rng: random.Random) -> DocumentResult:
    pieces, glosses, position = [], [], 0
    for line in rng.sample(pool, k=min(len(pool), rng.randint(10, 40))):
        for part in re.split(f"({HAN_WORD.pattern})", line):
            pieces.append(part)
            position += len(part)
            if HAN_WORD.fullmatch(part) and rng.random() < 0.3:
                gloss = "(" + " ".join(lazy_pinyin(part, style=Style.TONE)) + ")"
                glosses.append(GlossRecord(position - 2, position, position, position + len(gloss) - 1, gloss[1:-1]))
                pieces.append(gloss)
                position += len(gloss)
        pieces.append("\n")
        position += 1
    document = Document("".join(pieces), f"文章/{number:03d}-{rng.choice(['小红书', '淘宝', 'article'])}.txt")
    findings = [synthetic_finding(document, index, gloss, rng)
                for index, gloss in enumerate(glosses) if rng.random() < 0.125 * (1 + number % 3)]
    syllables = sum(len(gloss.pinyin.split()) for gloss in glosses)
    return DocumentResult(document, findings, glosses, syllables)


def synthetic_finding(document: Document, index: int, gloss: GlossRecord, rng: random.Random) -> Finding:
    code, name, family, severity = rng.choice(RULES)
    start, end = gloss.open, gloss.close + 1
    (line, column), (end_line, end_column) = document.position(start), document.position(end)
    return Finding(
        code, name, family, severity, f"{name.replace('-', ' ')} in {document.text[start:end]}", "check the gloss",
        path=document.path, start=start, end=end, line=line, column=column, end_line=end_line,
        end_column=end_column, span=document.text[gloss.span_start:gloss.span_end],
        gloss=document.text[start:end], gloss_index=index,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=600)
    parser.add_argument("--keep", type=Path, help="write the report here instead of a temporary directory")
    arguments = parser.parse_args()
    rng = random.Random(4)
    pool = sentences()
    results = [synthetic_result(number, pool, rng) for number in range(arguments.documents)]
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        written = write_site(results, arguments.keep or scratch)
        seconds = time.perf_counter() - started
    findings = sum(len(result.findings) for result in results)
    print(f"{len(results)} documents, {findings} findings, {len(written)} files: {seconds:.1f} s")


if __name__ == "__main__":
    main()
