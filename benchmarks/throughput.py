"""Throughput: auditing a large generated corpus, beside pypinyin converting the same text.

    python benchmarks/throughput.py [--megabytes 20] [--sentences PATH]

The corpus (see corpus.py) is annotated text at the seed article's density,
written as documents of about 64 KB into a temporary directory.  The audit streams those files through
``audit_paths`` exactly as the CLI does, once as it is and once with the
context resolver of R302 switched off (every real reading accepted), to
show what that resolver costs; the peer is ``lazy_pinyin`` on the same text.  Peak memory is measured for a quarter of the corpus and for
all of it, each in a fresh process, to show it does not grow with the input.
"""

from __future__ import annotations

import argparse
import pathlib
import subprocess
import sys
import tempfile
import time
from unittest import mock

from corpus import CPP_SENTENCES, write_corpus

from audit.resolver import Confidence, Ruling

DOCUMENT_BYTES = 64 * 1024


def main() -> None:
    arguments = _arguments()
    with tempfile.TemporaryDirectory() as directory:
        corpus = pathlib.Path(directory)
        files = write_corpus(corpus, DOCUMENT_BYTES, megabytes=arguments.megabytes, sentences_path=arguments.sentences)
        characters = sum(len(path.read_text(encoding="utf-8")) for path in files)
        megabytes = sum(path.stat().st_size for path in files) / 1e6
        print(f"corpus: {len(files)} documents, {megabytes:.1f} MB, {characters:,} characters")
        audit_seconds, glosses = time_audit(corpus)
        print(f"density: one gloss per {characters / glosses:.0f} characters")
        with mock.patch("audit.verdicts.rule_on", lambda *_: Ruling(Confidence.WEAK, None)):
            core_seconds, _ = time_audit(corpus)
        convert_seconds = time_lazy_pinyin(files)
        convert_rate = characters / convert_seconds
        for label, seconds in (("pinyin-audit", audit_seconds), ("  without R302's resolver", core_seconds)):
            rate = characters / seconds
            print(f"{label:<26} {seconds:7.2f} s  {rate:12,.0f} chars/s  {rate / convert_rate:5.2f}x lazy_pinyin")
        print(f"{'lazy_pinyin':<26} {convert_seconds:7.2f} s  {convert_rate:12,.0f} chars/s  (aim: auditing >= 3x)")

        quarter = files[: max(1, len(files) // 4)]
        print(f"peak memory auditing 1/4 of the corpus: {peak_memory_mb(quarter):.0f} MB")
        print(f"peak memory auditing all of the corpus: {peak_memory_mb(files):.0f} MB")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=20.0, help="corpus size (default 20)")
    parser.add_argument("--sentences", type=pathlib.Path, default=CPP_SENTENCES,
                        help="one sentence per line to build the corpus from")
    return parser.parse_args()


def time_audit(corpus: pathlib.Path) -> tuple[float, int]:
    from audit.engine import audit_paths, audit_text

    # Load the tables and the model outside the timing, as for lazy_pinyin.
    audit_text("我们去银行(yín xíng)取钱，孩子们慢慢长大(cháng dà)了，这件事我不太了解(le jiě)。")
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
