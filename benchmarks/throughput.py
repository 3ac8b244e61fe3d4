"""Throughput: auditing a large generated corpus, beside pypinyin converting the same text.

    python benchmarks/throughput.py [--megabytes 20] [--sentences PATH]

The corpus is annotated text in the seed article's style: sentences (from
the CPP data if present, else the samples) with words glossed by pypinyin
at generation time at the seed's density (one gloss per 25 characters), written as many documents of about
64 KB into a temporary directory.  The audit streams those files through
``audit_paths`` exactly as the CLI does; the peer is ``lazy_pinyin`` on
the same text.  Peak memory is measured for a quarter of the corpus and for
all of it, each in a fresh process, to show it does not grow with the input.
"""

from __future__ import annotations

import argparse
import pathlib
import random
import re
import resource
import subprocess
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parents[1]
CPP_SENTENCES = REPO.parent / "shared" / "data" / "cpp" / "dev.sent"
DOCUMENT_BYTES = 64 * 1024


def main() -> None:
    arguments = _arguments()
    with tempfile.TemporaryDirectory() as directory:
        corpus = pathlib.Path(directory)
        files = write_corpus(corpus, arguments.megabytes, arguments.sentences)
        characters = sum(len(path.read_text(encoding="utf-8")) for path in files)
        megabytes = sum(path.stat().st_size for path in files) / 1e6
        print(f"corpus: {len(files)} documents, {megabytes:.1f} MB, {characters:,} characters")
        audit_seconds, glosses = time_audit(corpus)
        print(f"density: one gloss per {characters / glosses:.0f} characters")
        convert_seconds = time_lazy_pinyin(files)
        audit_rate, convert_rate = characters / audit_seconds, characters / convert_seconds
        print(f"pinyin-audit: {audit_seconds:7.2f} s  {audit_rate:12,.0f} chars/s  ({glosses:,} glosses)")
        print(f"lazy_pinyin:  {convert_seconds:7.2f} s  {convert_rate:12,.0f} chars/s")
        print(f"ratio: auditing is {audit_rate / convert_rate:.2f}x the speed of lazy_pinyin (aim: >= 3x)")

        quarter = files[: max(1, len(files) // 4)]
        print(f"peak memory auditing 1/4 of the corpus: {peak_memory_mb(quarter):.0f} MB")
        print(f"peak memory auditing all of the corpus: {peak_memory_mb(files):.0f} MB")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=20.0, help="corpus size (default 20)")
    parser.add_argument("--sentences", type=pathlib.Path, default=CPP_SENTENCES,
                        help="one sentence per line to build the corpus from")
    return parser.parse_args()


def write_corpus(directory: pathlib.Path, megabytes: float, sentences_path: pathlib.Path) -> list[pathlib.Path]:
    clauses = _annotated_clauses(_sentences(sentences_path))
    chooser = random.Random(0)
    files, written, document = [], 0, []
    while written < megabytes * 1e6:
        # New sentences from random clauses, so no cache sees the same sentence twice.
        document.append("，".join(chooser.choice(clauses) for _ in range(3)) + "。")
        size = sum(len(line.encode("utf-8")) + 1 for line in document)
        if size >= DOCUMENT_BYTES:
            path = directory / f"doc{len(files):05d}.txt"
            path.write_text("\n".join(document) + "\n", encoding="utf-8")
            files.append(path)
            written += size
            document = []
    return files


def _annotated_clauses(sentences: list[str]) -> list[str]:
    clauses = [clause for sentence in sentences for clause in re.split(r"[，。；！？]", sentence) if clause]
    return [_annotate(clause, random.Random(index)) for index, clause in enumerate(clauses)]


def _sentences(path: pathlib.Path) -> list[str]:
    if path.exists():
        lines = path.read_text(encoding="utf-8").replace("▁", "").splitlines()
    else:
        lines = [
            line for sample in sorted((REPO / "samples").glob("*.txt"))
            for line in sample.read_text(encoding="utf-8").splitlines()
        ]
    return [line for line in lines if line.strip()][:3000]


GLOSSED_WORD_SHARE = 0.08  # gives the seed article's density of one gloss per ~25 characters


def _annotate(sentence: str, chooser: random.Random) -> str:
    """Gloss some words, as annotation pipelines do."""
    from pypinyin import lazy_pinyin, Style
    from pypinyin.seg.mmseg import seg

    from audit.readings import is_han

    parts = []
    for word in seg.cut(sentence):
        parts.append(word)
        if all(is_han(char) for char in word) and chooser.random() < GLOSSED_WORD_SHARE:
            parts.append("(" + " ".join(lazy_pinyin(word, style=Style.TONE)) + ")")
    return "".join(parts)


def time_audit(corpus: pathlib.Path) -> tuple[float, int]:
    from audit.engine import audit_paths

    started = time.perf_counter()
    glosses = sum(result.gloss_count for result in audit_paths([str(corpus)]))
    return time.perf_counter() - started, glosses


def time_lazy_pinyin(files: list[pathlib.Path]) -> float:
    from pypinyin import lazy_pinyin

    lazy_pinyin("预热")  # load the dictionaries outside the timing
    started = time.perf_counter()
    for path in files:
        lazy_pinyin(path.read_text(encoding="utf-8"))
    return time.perf_counter() - started


def peak_memory_mb(files: list[pathlib.Path]) -> float:
    """Peak resident memory of a fresh process that audits ``files``."""
    script = (
        "import sys, resource\n"
        "from audit.engine import audit_paths\n"
        "for _ in audit_paths(sys.argv[1:]): pass\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script, *map(str, files)], capture_output=True, text=True, check=True
    )
    return int(completed.stdout.strip()) / 1024  # ru_maxrss is in KB on Linux


if __name__ == "__main__":
    main()
