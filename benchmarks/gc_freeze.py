"""What keeping the loaded tables out of the cycle collector's walks is worth.

    python benchmarks/gc_freeze.py [--megabytes 2] [--repeat 3] [--sentences PATH]

The command opts in (``audit.tables.freeze_lasting_tables``); a program that
embeds the auditor does not, unless it asks.  This audits the same generated
corpus (see corpus.py) through ``audit_paths`` in fresh processes, with and
without the opt-in, taking turns so both see the same load, and prints the
median of each.
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import subprocess
import sys
import tempfile

from corpus import CPP_SENTENCES, write_corpus

_AUDIT = """
import sys, time
from audit.engine import audit_paths, audit_text
from audit.tables import freeze_lasting_tables
if sys.argv[2] == "freeze":
    freeze_lasting_tables()
audit_text("我们去银行(yín xíng)取钱，孩子们慢慢长大(cháng dà)了。")  # load the tables and the model first
started = time.perf_counter()
for result in audit_paths([sys.argv[1]]):
    pass
print(time.perf_counter() - started)
"""


def main() -> None:
    arguments = _arguments()
    with tempfile.TemporaryDirectory() as directory:
        write_corpus(pathlib.Path(directory), 64 * 1024, megabytes=arguments.megabytes,
                     sentences_path=arguments.sentences)
        seconds: dict[str, list[float]] = {"freeze": [], "no-freeze": []}
        for _ in range(arguments.repeat):
            for mode in seconds:
                run = subprocess.run([sys.executable, "-c", _AUDIT, directory, mode],
                                     stdout=subprocess.PIPE, text=True, check=True)
                seconds[mode].append(float(run.stdout))
    frozen, unfrozen = (statistics.median(seconds[mode]) for mode in ("freeze", "no-freeze"))
    print(f"with the opt-in (the command): {frozen:.2f} s; without (an embedding program): {unfrozen:.2f} s; "
          f"the opt-in saves {1 - frozen / unfrozen:.0%} (medians of {arguments.repeat})")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=2.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sentences", type=pathlib.Path, default=CPP_SENTENCES)
    return parser.parse_args()


if __name__ == "__main__":
    main()
