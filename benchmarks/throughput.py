"""Speed: start-up, throughput at two gloss densities, and --jobs, each beside pypinyin in the same run.

    python benchmarks/throughput.py [--density seed|dense|both] [--repeat 3] [--sentences PATH]

Everything is timed as whole processes, as a user or a CI job runs them,
start-up included; each figure is the median of ``--repeat`` runs, the
audit and its peer taking turns so that both see the same load.

- start-up: ``pinyin-audit check`` on a one-line file, beside
  ``python -c "from pypinyin import lazy_pinyin; lazy_pinyin(line)"``.
- throughput: a generated corpus (see corpus.py: clauses spliced so that
  nothing repeats) at the seed article's density and with every word
  glossed, audited by ``pinyin-audit check DIR``, beside a process that
  reads the same files and runs ``lazy_pinyin`` on each; with the audit's
  peak memory for a quarter of the corpus and for all of it.
- --jobs: ``check --jobs 1`` against ``--jobs 2`` on the seed-density corpus.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

from corpus import CPP_SENTENCES, write_corpus

DOCUMENT_BYTES = 64 * 1024
MEGABYTES = {"seed": 20.0, "dense": 2.0}
# A line with everyday polyphones: the context resolver and its model are needed.
ONE_LINE = "这件事我不太了解(le jiě)，他说得(de)很快，我们去银行(yín háng)取钱。\n"
LAZY_PINYIN = "import sys\nfrom pypinyin import lazy_pinyin\nfor path in sys.argv[1:]:\n" \
              "    lazy_pinyin(open(path, encoding='utf-8').read())\n"


def main() -> None:
    arguments = _arguments()
    print(f"(medians of {arguments.repeat} runs; a shared machine: compare the ratios)")
    with tempfile.TemporaryDirectory() as directory:
        root = pathlib.Path(directory)
        startup(root, arguments.repeat)
        densities = ("seed", "dense") if arguments.density == "both" else (arguments.density,)
        corpora = {}
        for density in densities:
            (root / density).mkdir()
            corpora[density] = write_corpus(root / density, DOCUMENT_BYTES, megabytes=MEGABYTES[density],
                                            density=density, sentences_path=arguments.sentences)
            throughput(density, corpora[density], arguments.repeat)
        if "seed" in corpora:
            jobs(corpora["seed"], arguments.repeat)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--density", choices=("seed", "dense", "both"), default="both")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement (default 3)")
    parser.add_argument("--sentences", type=pathlib.Path, default=CPP_SENTENCES,
                        help="one sentence per line to build the corpora from")
    return parser.parse_args()


def startup(root: pathlib.Path, repeat: int) -> None:
    line = root / "one-line.txt"
    line.write_text(ONE_LINE, encoding="utf-8")
    audit, peer = _alternate(_check(line), [sys.executable, "-c", LAZY_PINYIN, str(line)], repeat)
    print(f"start-up, one line: pinyin-audit check {_describe(audit)}; pypinyin one-liner {_describe(peer)}; "
          f"{peer.seconds / audit.seconds:.2f}x as fast")


def throughput(density: str, files: list[pathlib.Path], repeat: int) -> None:
    characters = sum(len(path.read_text(encoding="utf-8")) for path in files)
    glosses = sum(path.read_text(encoding="utf-8").count("(") for path in files)
    megabytes = sum(path.stat().st_size for path in files) / 1e6
    print(f"{density} density: {len(files)} documents, {megabytes:.1f} MB, {characters:,} characters, "
          f"one gloss per {characters / max(glosses, 1):.0f} characters")
    directory = str(files[0].parent)
    audit, peer = _alternate(_check(directory), [sys.executable, "-c", LAZY_PINYIN, *map(str, files)], repeat)
    rate, peer_rate = characters / audit.seconds, characters / peer.seconds
    print(f"  pinyin-audit check  {_describe(audit)}  {rate:10,.0f} chars/s  {rate / peer_rate:5.2f}x lazy_pinyin")
    print(f"  lazy_pinyin         {_describe(peer)}  {peer_rate:10,.0f} chars/s  (aim: auditing >= 3x)")
    quarter = files[: max(1, len(files) // 4)]
    print(f"  peak memory auditing 1/4 of the corpus: {_run(_check(*quarter)).megabytes:.0f} MB, "
          f"all of it: {audit.megabytes:.0f} MB")


def jobs(files: list[pathlib.Path], repeat: int) -> None:
    directory = str(files[0].parent)
    one, two = _alternate(_check(directory, "--jobs", "1"), _check(directory, "--jobs", "2"), repeat)
    print(f"--jobs 2 against --jobs 1 on {len(files)} documents: {two.seconds:.2f} s against {one.seconds:.2f} s, "
          f"{one.seconds / two.seconds:.2f}x as fast")


class Run:
    def __init__(self, seconds: float, megabytes: float) -> None:
        self.seconds, self.megabytes = seconds, megabytes


def _check(*paths) -> list[str]:
    return [sys.executable, "-m", "audit", "check", "--exit-zero", *map(str, paths)]


def _alternate(first: list[str], second: list[str], repeat: int) -> tuple[Run, Run]:
    """Medians of ``repeat`` runs of each command, taking turns."""
    runs: tuple[list[Run], list[Run]] = ([], [])
    for _ in range(repeat):
        runs[0].append(_run(first))
        runs[1].append(_run(second))
    return tuple(Run(statistics.median(r.seconds for r in each), max(r.megabytes for r in each)) for each in runs)


def _run(command: list[str]) -> Run:
    """Wall time and peak resident memory of one process (and of the workers it forks, for --jobs)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        errors.seek(0)
        said = errors.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0 or said:  # --exit-zero: anything else is a failure
        raise SystemExit(f"{' '.join(command[:6])} ... failed:\n{said[-2000:]}")
    return Run(seconds, usage.ru_maxrss / 1024)  # ru_maxrss is in KB on Linux


def _describe(run: Run) -> str:
    return f"{run.seconds:6.2f} s, {run.megabytes:4.0f} MB"


if __name__ == "__main__":
    main()
