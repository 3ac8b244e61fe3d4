"""Speed: start-up, throughput at two gloss densities, and --jobs, each beside pypinyin in the same run.

    python benchmarks/throughput.py [--density seed|dense|both] [--repeat 3] [--sentences PATH] [--startup-only]

Everything is timed as whole processes, as a user or a CI job runs them,
start-up included; each figure is the median of ``--repeat`` runs, the
audit and its peer taking turns so that both see the same load.

- start-up: ``pinyin-audit check`` on a one-line file, beside
  ``python -c "from pypinyin import lazy_pinyin; lazy_pinyin(line)"``, in a
  directory without a configuration file and in one with a ``pyproject.toml``
  to read; with Python's own start-up, the floor (``python -c pass``, and
  ``-S``, without the site packages' ``.pth`` files).  At least 21 runs each,
  after one untimed run of the audit: a first run may build the table cache,
  and neither the time nor the peak memory should count that build (the
  measurement is of a start-up with the cache in place, as users see it).
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
STARTUP_RUNS = 21  # a start-up takes a fraction of a second: many runs make its median steady
MEGABYTES = {"seed": 20.0, "dense": 2.0}
# A line with everyday polyphones: the context resolver and its model are needed.
ONE_LINE = "这件事我不太了解(le jiě)，他说得(de)很快，我们去银行(yín háng)取钱。\n"
LAZY_PINYIN = "import sys\nfrom pypinyin import lazy_pinyin\nfor path in sys.argv[1:]:\n" \
              "    lazy_pinyin(open(path, encoding='utf-8').read())\n"


def main() -> None:
    arguments = _arguments()
    print(f"(medians of {arguments.repeat} runs, of {max(arguments.repeat, STARTUP_RUNS)} for the start-up; "
          "a shared machine: compare the ratios)")
    with tempfile.TemporaryDirectory() as directory:
        root = pathlib.Path(directory)
        startup(root, max(arguments.repeat, STARTUP_RUNS))
        if arguments.startup_only:
            return
        densities = ("seed", "dense") if arguments.density == "both" else (arguments.density,)
        corpora = {}
        for density in densities:
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
    parser.add_argument("--startup-only", action="store_true", help="measure the start-up and nothing else")
    return parser.parse_args()


def startup(root: pathlib.Path, repeat: int) -> None:
    line = root / "one-line.txt"
    line.write_text(ONE_LINE, encoding="utf-8")
    configured = root / "configured"  # as in a project: the configuration file is found and read
    configured.mkdir()
    (configured / "pyproject.toml").write_text('[tool.pinyin-audit]\nfail-on = "error"\n', encoding="utf-8")
    peer_command = [sys.executable, "-c", LAZY_PINYIN, str(line)]
    _run(_check(line))  # warm-up, untimed: builds the table cache if it is missing or stale
    for where, label in ((root, "one line"), (configured, "one line, with a pyproject.toml to read")):
        audit, peer = _alternate(_check(line), peer_command, repeat, cwd=where)
        print(f"start-up, {label}: pinyin-audit check {_describe_start(audit)}; "
              f"pypinyin one-liner {_describe_start(peer)}; {peer.seconds / audit.seconds:.2f}x as fast "
              f"({peer.cpu / audit.cpu:.2f}x by CPU time)")
    python, bare = _alternate([sys.executable, "-c", "pass"], [sys.executable, "-S", "-c", "pass"], repeat)
    print(f"  the floor, Python itself: python -c pass {_describe_start(python)}; "
          f"without site packages (-S) {_describe_start(bare)}")


def throughput(density: str, files: list[pathlib.Path], repeat: int) -> None:
    texts = [path.read_text(encoding="utf-8") for path in files]
    characters = sum(len(text) for text in texts)
    glosses = sum(text.count("(") for text in texts)
    megabytes = sum(path.stat().st_size for path in files) / 1e6
    print(f"{density} density: {len(files)} documents, {megabytes:.1f} MB, {characters:,} characters, "
          f"one gloss per {characters / max(glosses, 1):.0f} characters")
    directory = str(files[0].parent)
    audit, peer = _alternate(_check(directory), [sys.executable, "-c", LAZY_PINYIN, *map(str, files)], repeat)
    rate, peer_rate = characters / audit.seconds, characters / peer.seconds
    print(f"  pinyin-audit check  {_describe(audit)}  {rate:10,.0f} chars/s  {rate / peer_rate:5.2f}x lazy_pinyin "
          f"({peer.cpu / audit.cpu:.2f}x by CPU time)")
    print(f"  lazy_pinyin         {_describe(peer)}  {peer_rate:10,.0f} chars/s  (aim: auditing >= 3x)")
    quarter = files[: max(1, len(files) // 4)]
    print(f"  peak memory auditing 1/4 of the corpus: {_run(_check(*quarter)).megabytes:.0f} MB, "
          f"all of it: {audit.megabytes:.0f} MB")


def jobs(files: list[pathlib.Path], repeat: int) -> None:
    directory = str(files[0].parent)
    one, two = _alternate(_check(directory, "--jobs", "1"), _check(directory, "--jobs", "2"), repeat)
    print(f"--jobs 2 against --jobs 1 on {len(files)} documents: {_describe(two)} against {_describe(one)}, "
          f"{one.seconds / two.seconds:.2f}x as fast")


class Run:
    def __init__(self, seconds: float, megabytes: float, cpu: float) -> None:
        self.seconds, self.megabytes, self.cpu = seconds, megabytes, cpu


def _check(*paths) -> list[str]:
    return [sys.executable, "-m", "audit", "check", "--exit-zero", *map(str, paths)]


def _alternate(first: list[str], second: list[str], repeat: int, cwd: pathlib.Path | None = None) -> tuple[Run, Run]:
    """Medians of ``repeat`` runs of each command, taking turns."""
    runs: tuple[list[Run], list[Run]] = ([], [])
    for _ in range(repeat):
        runs[0].append(_run(first, cwd))
        runs[1].append(_run(second, cwd))
    return tuple(Run(statistics.median(r.seconds for r in each), max(r.megabytes for r in each),
                     statistics.median(r.cpu for r in each)) for each in runs)


def _run(command: list[str], cwd: pathlib.Path | None = None) -> Run:
    """Wall time, peak resident memory and CPU time of one process (and of the workers it forks, for --jobs)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        errors.seek(0)
        said = errors.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0 or said:  # --exit-zero: anything else is a failure
        raise SystemExit(f"{' '.join(command[:6])} ... failed:\n{said[-2000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)  # ru_maxrss is in KB on Linux


def _describe(run: Run) -> str:
    return f"{run.seconds:6.2f} s ({run.cpu:6.2f} s CPU), {run.megabytes:4.0f} MB"


def _describe_start(run: Run) -> str:
    return f"{run.seconds:.3f} s ({run.cpu:.3f} s CPU), {run.megabytes:.0f} MB"


if __name__ == "__main__":
    main()
