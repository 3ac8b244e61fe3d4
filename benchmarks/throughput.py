"""Speed: start-up, throughput at two gloss densities, and --jobs, each beside pypinyin in the same run.

    python benchmarks/throughput.py [--density seed|dense|both] [--repeat 3] [--sentences PATH] [--startup-only]
    python benchmarks/throughput.py --jobs-only [--repeat 3] [--sentences PATH]
    python benchmarks/throughput.py --break-even [--density seed|dense] [--repeat 3] [--sentences PATH]

Everything is timed as whole processes, as a user or a CI job runs them,
start-up included; each figure is the median of ``--repeat`` runs, the
audit and its peer taking turns so that both see the same load.

- start-up: ``pinyin-audit check`` on a one-line file, beside
  ``python -c "from pypinyin import lazy_pinyin; lazy_pinyin(line)"``, in a
  directory without a configuration file and in one with a ``pyproject.toml``
  to read; with Python's own start-up, the floor (``python -c pass``, and
  ``-S``, without the site packages' ``.pth`` files).  At least 21 runs each,
  after one untimed run of the audit in each directory: a first run may build
  the table cache, and parses the configuration file (later runs find what it
  parsed to in the cache), and neither the time nor the peak memory should
  count that (the measurement is of a start-up with the cache in place, as
  users see it).
- throughput: a generated corpus (see corpus.py: clauses spliced so that
  nothing repeats) at the seed article's density and with every word
  glossed, audited by ``pinyin-audit check DIR`` as users run it (the
  default, ``--jobs auto``: one process per core on inputs this large) and
  by ``check --jobs 1`` (one process, as ``lazy_pinyin`` is), beside a
  process that reads the same files and runs ``lazy_pinyin`` on each; with
  the CPU time a gloss each took (and what 3x ``lazy_pinyin`` would leave),
  and the audit's peak memory for a quarter of the corpus and for all of it.
- --jobs: ``check --jobs 1`` against ``--jobs 2`` on the seed-density corpus, by the clock and by CPU
  time: two processes doing the work of one in the CPU time of ``c`` could at best be ``2 / c`` times
  as fast with two cores to themselves, a figure the load of a shared machine does not change much.
- --break-even: ``--jobs 1`` against ``--jobs 2`` on inputs from 4 kB to
  8 MB, in few large and many small documents: where forking starts to pay,
  the size from which ``--jobs auto`` forks (``PARALLEL_FROM_BYTES``).

Memory and CPU time are measured as whole_process.py says: the largest
single process's peak, the whole tree's where it forks, the tree's CPU time.
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import tempfile

from corpus import CPP_SENTENCES, write_corpus
from whole_process import Run, audit_command, measure

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
        if arguments.break_even:
            break_even(root, "dense" if arguments.density == "dense" else "seed", arguments.repeat, arguments.sentences)
            return
        if arguments.jobs_only:
            jobs(_corpus(root, "seed", arguments.sentences), arguments.repeat)
            return
        startup(root, max(arguments.repeat, STARTUP_RUNS))
        if arguments.startup_only:
            return
        densities = ("seed", "dense") if arguments.density == "both" else (arguments.density,)
        corpora = {}
        for density in densities:
            corpora[density] = _corpus(root, density, arguments.sentences)
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
    parser.add_argument("--jobs-only", action="store_true", help="measure --jobs 2 against --jobs 1 and nothing else")
    parser.add_argument("--break-even", action="store_true",
                        help="--jobs 1 against --jobs 2 on small inputs (the seed density unless --density dense)")
    return parser.parse_args()


def startup(root: pathlib.Path, repeat: int) -> None:
    line = root / "one-line.txt"
    line.write_text(ONE_LINE, encoding="utf-8")
    configured = root / "configured"  # as in a project: the configuration file is found and read
    configured.mkdir()
    (configured / "pyproject.toml").write_text('[tool.pinyin-audit]\nfail-on = "error"\n', encoding="utf-8")
    peer_command = [sys.executable, "-c", LAZY_PINYIN, str(line)]
    # Warm-up, untimed, in each directory: builds the table cache if it is missing or stale, and remembers what the
    # configuration file parsed to.
    for where in (root, configured):
        measure(_check(line), cwd=where)
    for where, label in ((root, "one line"), (configured, "one line, with a pyproject.toml to read")):
        audit, peer = _alternate(_check(line), peer_command, repeat=repeat, cwd=where)
        print(f"start-up, {label}: pinyin-audit check {_describe_start(audit)}; "
              f"pypinyin one-liner {_describe_start(peer)}; {peer.seconds / audit.seconds:.2f}x as fast "
              f"({peer.cpu / audit.cpu:.2f}x by CPU time)")
    python, bare = _alternate([sys.executable, "-c", "pass"], [sys.executable, "-S", "-c", "pass"], repeat=repeat)
    print(f"  the floor, Python itself: python -c pass {_describe_start(python)}; "
          f"without site packages (-S) {_describe_start(bare)}")


def _corpus(root: pathlib.Path, density: str, sentences: pathlib.Path) -> list[pathlib.Path]:
    return write_corpus(root / density, DOCUMENT_BYTES, megabytes=MEGABYTES[density], density=density,
                        sentences_path=sentences)


def throughput(density: str, files: list[pathlib.Path], repeat: int) -> None:
    texts = [path.read_text(encoding="utf-8") for path in files]
    characters = sum(len(text) for text in texts)
    glosses = sum(text.count("(") for text in texts)
    megabytes = sum(path.stat().st_size for path in files) / 1e6
    print(f"{density} density: {len(files)} documents, {megabytes:.1f} MB, {characters:,} characters, "
          f"one gloss per {characters / max(glosses, 1):.0f} characters")
    directory = str(files[0].parent)
    default, single, peer = _alternate(_check(directory), _check(directory, "--jobs", "1"),
                                       [sys.executable, "-c", LAZY_PINYIN, *map(str, files)], repeat=repeat)
    peer_rate = characters / peer.seconds
    for label, audit in (("check (default: auto)", default), ("check --jobs 1", single)):
        rate = characters / audit.seconds
        print(f"  {label:<22} {_describe(audit)}  {rate:10,.0f} chars/s  {rate / peer_rate:5.2f}x lazy_pinyin "
              f"({peer.cpu / audit.cpu:.2f}x by CPU time; {_per_gloss(audit.cpu, glosses)})")
    print(f"  {'lazy_pinyin':<22} {_describe(peer)}  {peer_rate:10,.0f} chars/s  (aim: auditing >= 3x, "
          f"{_per_gloss(peer.cpu / 3, glosses)})")
    quarter = files[: max(1, len(files) // 4)]
    print(f"  peak memory of check --jobs 1 on 1/4 of the corpus: {measure(_check(*quarter, '--jobs', '1')).megabytes:.0f} MB,"
          f" on all of it: {single.megabytes:.0f} MB")


def _per_gloss(cpu_seconds: float, glosses: int) -> str:
    """CPU time a gloss, start-up and table reading included: what densely glossed text costs."""
    return f"{1e6 * cpu_seconds / max(glosses, 1):.1f} µs of CPU a gloss"


def jobs(files: list[pathlib.Path], repeat: int) -> None:
    directory = str(files[0].parent)
    one, two = _alternate(_check(directory, "--jobs", "1"), _check(directory, "--jobs", "2"), repeat=repeat)
    extra_cpu = two.cpu / one.cpu
    print(f"--jobs 2 against --jobs 1 on {len(files)} documents: {_describe(two)} against {_describe(one)}, "
          f"{one.seconds / two.seconds:.2f}x as fast; {extra_cpu:.3f}x the CPU time, so at best "
          f"{2 / extra_cpu:.2f}x as fast on two free cores")


# Inputs for the break-even: (documents, bytes each), from 4 kB to 8 MB, each size as few large documents
# and as many small ones, since each document costs the workers a message each way.
BREAK_EVEN_INPUTS = [(2, 2_000), (2, 8_000), (16, 1_000), (4, 8_000), (16, 2_000), (2, 32_000), (16, 4_000),
                     (4, 64_000), (64, 4_000), (8, 64_000), (128, 4_000), (4, 256_000), (64, 16_000),
                     (16, 128_000), (256, 8_000), (32, 128_000), (8, 1_000_000), (64, 128_000)]


def break_even(root: pathlib.Path, density: str, repeat: int, sentences: pathlib.Path) -> None:
    print(f"--jobs 2 against --jobs 1, {density} density (ratio above 1: forking pays)")
    for documents, document_bytes in BREAK_EVEN_INPUTS:
        files = write_corpus(root / f"{density}-{documents}x{document_bytes}", document_bytes, documents=documents,
                             density=density, sentences_path=sentences)[:documents]
        one, two = _alternate(_check(*files, "--jobs", "1"), _check(*files, "--jobs", "2"), repeat=repeat)
        size = sum(path.stat().st_size for path in files)
        print(f"  {documents:4d} documents, {size / 1e3:6.0f} kB: {_describe(two)} against {_describe(one)}, "
              f"{one.seconds / two.seconds:.2f}x as fast ({one.cpu / two.cpu:.2f}x by CPU time)")


def _check(*paths) -> list[str]:
    return audit_command("check", "--exit-zero", *map(str, paths))


def _alternate(*commands: list[str], repeat: int, cwd: pathlib.Path | None = None) -> tuple[Run, ...]:
    """Medians of ``repeat`` runs of each command, taking turns."""
    runs: list[list[Run]] = [[] for _ in commands]
    for _ in range(repeat):
        for command, each in zip(commands, runs):
            each.append(measure(command, cwd))
    return tuple(_median(each) for each in runs)


def _median(runs: list[Run]) -> Run:
    """Median times; the largest peaks."""
    trees = [run.tree_megabytes for run in runs if run.tree_megabytes is not None]
    return Run(statistics.median(run.seconds for run in runs), max(run.megabytes for run in runs),
               statistics.median(run.cpu for run in runs), max(trees, default=None))


def _describe(run: Run) -> str:
    tree = f" (all processes: {run.tree_megabytes:.0f} MB)" if run.tree_megabytes is not None else ""
    return f"{run.seconds:6.2f} s ({run.cpu:6.2f} s CPU), {run.megabytes:4.0f} MB{tree}"


def _describe_start(run: Run) -> str:
    return f"{run.seconds:.3f} s ({run.cpu:.3f} s CPU), {run.megabytes:.0f} MB"


if __name__ == "__main__":
    main()
