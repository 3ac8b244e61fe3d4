"""Time ``pinyin-audit report`` on a generated batch of 600 documents.

    python benchmarks/report_timing.py [--documents 600] [--document-bytes 8192] [--keep DIR]

The documents (see corpus.py) are articles of about 8 KB with mistakes
planted in one sentence in ten; ``--document-bytes 1`` makes them one line
each, as subtitles and label files are, where what the report costs per
document, not per character, shows.  The command runs as a user runs it, in a
fresh process, start-up included; the time is split into auditing (the same
inputs through ``pinyin-audit check``) and the rest, which is the report.
Both run with ``--jobs 1``, as the README's figures were measured: by the
default, which forks for these 4.9 MB, the workers would audit while the
command writes pages, and the split would say nothing.

Measured on a 2-core machine shared with other jobs (two rounds, code before
and after taking turns; only the ratio to ``check`` in the same run compares):
2,000 one-line documents took 40.4 and 63.5 s, 9.6 and 27.4 times ``check``,
when a pandas frame was built for each document's page and rows; 6.3 and
7.8 s, 4.7 and 3.9 times ``check``, once the rows stay plain values until the
frames are built, once, at the end.  The 600 articles of 8 KB: 3.5 and 2.4
times ``check`` before, 2.1 and 1.4 after.  10,000 one-line documents: 16.2 s,
2.3 times ``check`` (the probe that found it: 243 s against 1.6 s).  The rest
of the time is fixed (pandas and matplotlib loaded, the charts drawn, about
4 s) plus writing one page per document.
"""

from __future__ import annotations

import argparse
import pathlib
import tempfile

from corpus import write_corpus
from whole_process import run_audit


def main() -> None:
    arguments = _arguments()
    with tempfile.TemporaryDirectory() as scratch:
        inputs = pathlib.Path(scratch) / "inputs"
        files = write_corpus(inputs, arguments.document_bytes, documents=arguments.documents, mistakes=0.1)
        output = arguments.keep or pathlib.Path(scratch) / "report"
        check_seconds = _timed("check", str(inputs), "--exit-zero", "--output-file", str(pathlib.Path(scratch) / "out.txt"))
        report_seconds = _timed("report", str(inputs), "-o", str(output))
        written = sum(1 for _ in pathlib.Path(output).iterdir())
        print(f"{len(files)} documents: `pinyin-audit report` took {report_seconds:.1f} s "
              f"({check_seconds:.1f} s of it is the audit, as `check` alone; {report_seconds / check_seconds:.1f} "
              f"times `check`), {written} files written")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=600)
    parser.add_argument("--document-bytes", type=int, default=8 * 1024, help="about how long each document is")
    parser.add_argument("--keep", type=pathlib.Path, help="write the report here and keep it")
    return parser.parse_args()


def _timed(*arguments: str) -> float:
    return run_audit(*arguments, "--jobs", "1").seconds


if __name__ == "__main__":
    main()
