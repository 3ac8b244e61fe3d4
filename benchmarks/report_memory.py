"""Peak memory and time of ``pinyin-audit report`` as the input grows.

    python benchmarks/report_memory.py [--documents 500 2000] [--single-kb 1000 2000]

Two series, each through the real command in a fresh process (start-up and
tables included; peak resident memory of that process), with ``--jobs 1``, as
the README's figures were measured: the default forks from 1 MB of input, and
the peak would then be that of the largest worker, not of the whole run:

- many documents: generated articles of about 8 KB (see corpus.py), with
  mistakes planted in one sentence in ten, at each ``--documents`` count;
- one document: a single article of each ``--single-kb`` size.

Flat memory across the first series means the report keeps no document's
text once its page is written; the second shows what one large document costs.
"""

from __future__ import annotations

import argparse
import pathlib
import subprocess
import sys
import tempfile
import time

from corpus import write_corpus

DOCUMENT_BYTES = 8 * 1024
_MEASURE = (
    "import resource, subprocess, sys; "
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def measured_report(inputs: pathlib.Path, output: pathlib.Path) -> tuple[float, float]:
    """Seconds and peak megabytes of one ``report`` run, in a process of its own."""
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-c", _MEASURE, sys.executable, "-m", "audit", "report", "--jobs", "1", str(inputs),
         "-o", str(output)],
        check=True, capture_output=True, text=True,
    )
    kilobytes = int(completed.stdout.split()[-1])  # ru_maxrss is in kilobytes on Linux
    return time.perf_counter() - started, kilobytes / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, nargs="*", default=[500, 2000])
    parser.add_argument("--single-kb", type=int, nargs="*", default=[1000, 2000])
    arguments = parser.parse_args()
    if sys.platform != "linux":
        print("note: peak memory is read as Linux reports it (kilobytes)", file=sys.stderr)
    with tempfile.TemporaryDirectory() as scratch:
        for count in arguments.documents:
            inputs = pathlib.Path(scratch) / f"many-{count}"
            write_corpus(inputs, DOCUMENT_BYTES, documents=count, mistakes=0.1)
            seconds, megabytes = measured_report(inputs, pathlib.Path(scratch) / f"report-many-{count}")
            print(f"{count:>6,} documents of 8 KB: {seconds:6.1f} s, peak {megabytes:6.0f} MB")
        for kilobytes in arguments.single_kb:
            inputs = pathlib.Path(scratch) / f"one-{kilobytes}"
            write_corpus(inputs, kilobytes * 1024, documents=1, mistakes=0.1)
            seconds, megabytes = measured_report(inputs, pathlib.Path(scratch) / f"report-one-{kilobytes}")
            print(f"one document of {kilobytes:,} KB: {seconds:6.1f} s, peak {megabytes:6.0f} MB")


if __name__ == "__main__":
    main()
