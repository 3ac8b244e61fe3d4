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
of the time is fixed (pandas and matplotlib loaded, the charts drawn) plus
writing one page per document.

Then the same report is made once more inside this process, which has loaded
none of it yet, and its CPU time (steadier than the clock on a shared
machine) is split into its parts: loading pandas, matplotlib and the rest of
the report's code, the audit (tables loaded included), the document pages
and findings.csv written as results come, the charts, and the index and the
other tables.
"""

from __future__ import annotations

import argparse
import contextlib
import pathlib
import tempfile
import time
from unittest import mock

from corpus import write_corpus
from whole_process import Run, run_audit


def main() -> None:
    arguments = _arguments()
    with tempfile.TemporaryDirectory() as scratch:
        inputs = pathlib.Path(scratch) / "inputs"
        files = write_corpus(inputs, arguments.document_bytes, documents=arguments.documents, mistakes=0.1)
        output = arguments.keep or pathlib.Path(scratch) / "report"
        check = _one_process("check", str(inputs), "--exit-zero", "--output-file", str(pathlib.Path(scratch) / "out.txt"))
        report = _one_process("report", str(inputs), "-o", str(output))
        written = sum(1 for _ in pathlib.Path(output).iterdir())
        print(f"{len(files)} documents: `pinyin-audit report` took {report.seconds:.1f} s, {report.cpu:.1f} s of CPU "
              f"({check.seconds:.1f} s and {check.cpu:.1f} s of it are the audit, as `check` alone; "
              f"{report.seconds / check.seconds:.1f} times `check`, {report.cpu / check.cpu:.1f} by CPU time), "
              f"{written} files written")
        spent = where_the_time_goes(inputs, pathlib.Path(scratch) / "split")
        print("CPU seconds in one process: " + ", ".join(f"{part} {seconds:.2f}" for part, seconds in spent.items()))


def where_the_time_goes(inputs: pathlib.Path, output: pathlib.Path) -> dict[str, float]:
    """CPU seconds of each part of making the report of ``inputs``, as the command makes it with ``--jobs 1``."""
    spent: dict[str, float] = {}
    with _spending(spent, "audit"):  # its modules; the tables load with the first document
        from audit.engine import audit_paths
        from audit.model import one_blas_thread

        one_blas_thread()  # as the command does, before pandas loads numpy
    with _spending(spent, "pandas loaded"):
        import pandas  # noqa: F401
    with _spending(spent, "matplotlib loaded"):
        import matplotlib.figure  # noqa: F401
    with _spending(spent, "the rest of reports loaded"):
        import reports.site
    with reports.site.SiteWriter(output) as site:
        results = iter(audit_paths([str(inputs)]))
        while True:
            with _spending(spent, "audit"):
                result = next(results, None)
            if result is None:
                break
            with _spending(spent, "pages and findings.csv"):
                site.add(result)
        draw = reports.site.render_charts
        with _spending(spent, "index and tables"), mock.patch.object(reports.site, "render_charts",
                                                                      _spending(spent, "charts")(draw)):
            site.finish()
    spent["index and tables"] -= spent["charts"]  # what finish spent besides the charts
    return spent


@contextlib.contextmanager
def _spending(spent: dict[str, float], part: str):
    """Adds the CPU time of this process spent inside to ``spent[part]``."""
    started = time.process_time()
    try:
        yield
    finally:
        spent[part] = spent.get(part, 0.0) + time.process_time() - started


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=600)
    parser.add_argument("--document-bytes", type=int, default=8 * 1024, help="about how long each document is")
    parser.add_argument("--keep", type=pathlib.Path, help="write the report here and keep it")
    return parser.parse_args()


def _one_process(*arguments: str) -> Run:
    return run_audit(*arguments, "--jobs", "1")


if __name__ == "__main__":
    main()
