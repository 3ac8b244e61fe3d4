"""What fixing costs: ``check``, ``check --diff`` and ``check --fix`` (alone and with ``--jobs``) on one corpus.

    python benchmarks/fix_timing.py [--megabytes 2] [--mistakes 0.05] [--repeat 3] [--jobs 2]

The corpus is corpus.py's, at the seed article's density, with a planted
mistake in ``--mistakes`` of its sentences.  Each command runs as a whole
process, start-up included; the three take turns and each figure is the
median of ``--repeat`` runs, so that all see the same load; the CPU time
(user and system, the command's and its workers') is printed beside the
wall time, as a shared machine makes wall time the load's as much as the work's.  ``--fix``
works on a fresh copy each time.  Fixing re-audits the text after each pass,
so it costs a few audits; the script prints the ratios to ``check``, how
many findings were fixed, and how many the fixes brought that the texts had
not (none, as a fix that would is left out).  ``check``, ``--diff`` and ``--fix`` run in one
process (``--jobs 1``, as the README's figures were measured), not by the
default, which forks from 1 MB of input: their ratios are then those of the
work, not of how many cores happened to be free.  ``check --fix --jobs N``
fixes the files in N processes: its ratio to ``check --fix`` is what the
processes gain.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import shutil
import statistics
import tempfile
from collections import Counter

from corpus import write_corpus
from whole_process import Run, last_line, run_audit

DOCUMENT_BYTES = 64 * 1024
ONE_PROCESS = ["--jobs", "1"]  # the figures of one process, whatever the default would fork


def main() -> None:
    arguments = _arguments()
    with tempfile.TemporaryDirectory() as directory:
        corpus = pathlib.Path(directory) / "corpus"
        files = write_corpus(corpus, DOCUMENT_BYTES, megabytes=arguments.megabytes, mistakes=arguments.mistakes)
        print(f"corpus: {len(files)} documents, {sum(f.stat().st_size for f in files) / 1e6:.1f} MB, "
              f"a mistake in {arguments.mistakes:.0%} of the sentences")
        in_processes = f"check --fix --jobs {arguments.jobs}"
        runs: dict[str, list[Run]] = {"check": [], "check --diff": [], "check --fix": [], in_processes: []}
        summaries = {}
        for _ in range(arguments.repeat):
            for command, extra in (("check", []), ("check --diff", ["--diff"])):
                runs[command].append(run_audit("check", *extra, *ONE_PROCESS, str(corpus)))
            for command, options in (("check --fix", ONE_PROCESS), (in_processes, [])):
                copy = pathlib.Path(directory) / "copy"
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(corpus, copy)
                runs[command].append(run_audit(*command.split(), *options, str(copy)))
                summaries[command] = last_line(runs[command][-1].stderr)
        base = _median_seconds(runs["check"])
        for command, its_runs in runs.items():
            median = _median_seconds(its_runs)
            print(f"{command:<22} {median:6.2f} s  ({median / base:.2f}x check; runs: "
                  + ", ".join(f"{run.seconds:.2f}" for run in its_runs)
                  + f"), CPU {statistics.median(run.cpu for run in its_runs):.2f} s")
        ratio = _median_seconds(runs["check --fix"]) / _median_seconds(runs[in_processes])
        print(f"--jobs {arguments.jobs} fixes {ratio:.2f}x as fast as one process")
        for command, summary in summaries.items():
            print(f"{command}: {summary}")
        brought = _brought(corpus, pathlib.Path(directory) / "copy")
        print(f"findings the fixes brought (more of a rule on a line after --fix than before): "
              f"{sum(brought.values())} {dict(brought.most_common())}")


def _median_seconds(runs: list[Run]) -> float:
    return statistics.median(run.seconds for run in runs)


def _brought(original: pathlib.Path, fixed: pathlib.Path) -> Counter:
    """By rule, the findings on a line that has more of them after the fixes than before (a fix keeps lines)."""
    def places(directory: pathlib.Path) -> Counter:
        documents = json.loads(run_audit("check", "--format", "json", *ONE_PROCESS, str(directory)).stdout)["documents"]
        return Counter((pathlib.Path(document["path"]).relative_to(directory), finding["code"], finding["line"])
                       for document in documents for finding in document["findings"])

    return Counter(code for _, code, _ in (places(fixed) - places(original)).elements())


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=2.0)
    parser.add_argument("--mistakes", type=float, default=0.05)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2, help="processes for the last run (default: 2)")
    return parser.parse_args()


if __name__ == "__main__":
    main()
