"""A dataset of label rows audited in one process, in two, on a local Dask cluster of two workers, and on a
cluster of a `dask scheduler` and two `dask worker` processes.

    python benchmarks/dataset_scale.py [--rows 1000000] [--keep PATH] [--sentences PATH] [--runs RUN...]

The rows are a Parquet file of speech labels, ``id``, ``chars``, ``pinyin``:
real Chinese sentences (the CPP data beside the repository, or the file
``--sentences`` names; the samples when neither is there) cut
at punctuation and labelled as ``labels_timing.py`` labels them, then varied
row by row so that no sentence is simply repeated: a random stretch of a
piece, or two pieces joined, and one row in twenty with one syllable's tone
changed (a label error for the auditor to find).  Each run is the real
command in a fresh process (start-up, reading the Parquet file in row groups,
every rule, writing the text report, of which only the totals are kept),
with ``--jobs 1``, ``--jobs 2``, ``--engine dask --jobs 2`` and ``--scheduler``
on a cluster started for it as README's "Large datasets" starts one (its
workers configured as ``audit.dask.WORKER_CONFIGURATION`` says, and started
before the clock starts; tests/test_cluster.py starts the same).
The peak memory and the CPU time of every process of the run (and of the
cluster's) are sampled while it runs (a worker is a process that did a real
share of the work), and the machine's load average (which counts the run's own
processes): on a shared machine the CPU seconds say more than the wall-clock
ones.  Each run's whole output is compared with the first run's.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import pathlib
import random
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from typing import Sequence

import psutil
import pyarrow
import pyarrow.parquet

sys.path.append(str(pathlib.Path(__file__).resolve().parents[1] / "tests"))  # the cluster the tests start too
from corpus import CPP_SENTENCES
from dask_cluster import started_cluster
from labels_timing import sentences, spoken_yi_bu
from whole_process import audit_command

SCHEDULER = "--scheduler"
RUNS = {
    "--jobs 1": ["--jobs", "1"],
    "--jobs 2": ["--jobs", "2"],
    "dask, 2 workers": ["--engine", "dask", "--jobs", "2"],
    "cluster, 2 workers": [SCHEDULER],  # the address of the cluster started for the run follows
}
_CHUNK = 50_000  # rows written at a time


def main() -> None:
    arguments = _arguments()
    with tempfile.TemporaryDirectory() as directory:
        path = pathlib.Path(arguments.keep or pathlib.Path(directory) / "labels.parquet")
        if path.exists() and arguments.keep:
            rows = pyarrow.parquet.ParquetFile(path).metadata.num_rows
            print(f"audits {rows:,} label rows of {path}, written before")
        else:
            rows, started = arguments.rows, time.perf_counter()
            write_dataset(path, rows, arguments.sentences)
            print(f"wrote {rows:,} label rows ({path.stat().st_size / 1e6:.1f} MB Parquet, "
                  f"{distinct_rows(path):,} distinct) in {time.perf_counter() - started:.1f} s")
        timings, outputs = {}, {}
        for name in arguments.runs:
            with contextlib.ExitStack() as stack:
                options, cluster = RUNS[name], []
                if options[-1] == SCHEDULER:  # the run is the command against a cluster started for it
                    started = stack.enter_context(started_cluster(pathlib.Path(directory)))
                    options, cluster = [*options, started.address], started.pids
                seconds, usage, load, last_line, outputs[name] = time_audit(path, options, cluster)
            timings[name] = seconds
            first = next(iter(outputs))
            same = "" if name == first else f"output {'the same as' if outputs[name] == outputs[first] else 'NOT'} " \
                                            f"{first}'s; "
            command, others = usage[0], usage[1:]
            workers = [process for process in others if process.cpu > 0.2 * max(p.cpu for p in usage)] or [command]
            speed_up = f"speed-up {timings['--jobs 1'] / seconds:.2f}x; " if "--jobs 1" in timings else ""
            print(f"{name:>16}: {seconds:7.1f} s, {rows / seconds:8,.0f} rows/s, {speed_up}"
                  f"CPU: command {command.cpu:.0f} s, all {sum(p.cpu for p in usage):.0f} s, "
                  f"{1000 * sum(p.cpu for p in usage) / rows:.2f} ms a row; "
                  f"peak memory: command {command.peak / 1e6:,.0f} MB, "
                  f"per worker {max(p.peak for p in workers) / 1e6:,.0f} MB ({len(workers)} workers); "
                  f"load average {load:.1f}; {same}{last_line}", flush=True)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", metavar="PATH",
                        help="write the Parquet file here and keep it; one already there is audited as it is")
    parser.add_argument("--runs", nargs="+", choices=list(RUNS), default=list(RUNS), metavar="RUN",
                        help=f"which runs, of: {', '.join(repr(name) for name in RUNS)} (default: all)")
    parser.add_argument("--sentences", metavar="PATH", type=pathlib.Path, default=CPP_SENTENCES,
                        help="one sentence a line, to cut into labels (default: the CPP data)")
    return parser.parse_args()


# --------------------------------------------------------------------------
# The dataset


def labelled_pieces(sentences_path: pathlib.Path) -> list[tuple[str, list[str]]]:
    """Each distinct sentence piece with its spoken syllables, one per character."""
    from pypinyin import Style, lazy_pinyin

    labelled = []
    for piece in sorted(set(sentences(sentences_path))):
        text = piece.rstrip("，。？！")
        syllables = spoken_yi_bu(text, lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True,
                                                   tone_sandhi=True))
        if len(syllables) == len(text):
            labelled.append((text, syllables))
    return labelled


def varied_row(chooser: random.Random, pieces: list[tuple[str, list[str]]]) -> tuple[str, list[str]]:
    """A stretch of one piece, or two pieces joined; one row in twenty with a tone changed."""
    text, syllables = chooser.choice(pieces)
    if chooser.random() < 0.3:
        other_text, other_syllables = chooser.choice(pieces)
        text, syllables = f"{text}，{other_text}", syllables + other_syllables
    else:
        start = chooser.randrange(0, max(1, len(text) - 6))
        end = chooser.randrange(min(len(text), start + 6), len(text) + 1)
        text, syllables = text[start:end], syllables[start:end]
    if chooser.random() < 0.05:
        syllables = list(syllables)
        index = chooser.randrange(len(syllables))
        syllable = syllables[index]
        syllables[index] = syllable[:-1] + chooser.choice([t for t in "1234" if t != syllable[-1]])
    return text + "。", syllables


def write_dataset(path: pathlib.Path, rows: int, sentences_path: pathlib.Path = CPP_SENTENCES) -> None:
    pieces = labelled_pieces(sentences_path)
    chooser = random.Random(17)
    schema = pyarrow.schema([("id", pyarrow.string()), ("chars", pyarrow.string()), ("pinyin", pyarrow.string())])
    with pyarrow.parquet.ParquetWriter(path, schema) as writer:
        for first in range(0, rows, _CHUNK):
            chunk = [varied_row(chooser, pieces) for _ in range(first, min(rows, first + _CHUNK))]
            writer.write_table(pyarrow.table({
                "id": [f"utt{first + offset + 1:07d}" for offset in range(len(chunk))],
                "chars": [text for text, _ in chunk],
                "pinyin": [" ".join(syllables) for _, syllables in chunk],
            }, schema=schema), row_group_size=_CHUNK)


def distinct_rows(path: pathlib.Path) -> int:
    table = pyarrow.parquet.read_table(path, columns=["chars", "pinyin"])
    return len(set(zip(table.column("chars").to_pylist(), table.column("pinyin").to_pylist())))


# --------------------------------------------------------------------------
# Timing


@dataclass
class Usage:
    peak: int = 0     # resident memory, bytes
    cpu: float = 0.0  # user and system seconds


def time_audit(path: pathlib.Path, options: list[str], cluster: Sequence[int] = ()) -> tuple[float, list[Usage],
                                                                                            float, str, str]:
    """Seconds; the peak memory and CPU time of the command, then of each process under it or under the
    ``cluster``'s; the machine's mean load average while it ran; its last line; a digest of its whole output.

    Not ``whole_process.measure``, which measures the largest process and the tree as a whole: this
    says what each process used (each worker's own peak, as the README gives it), and reads the findings
    as they stream past rather than keeping them.
    """
    command = audit_command("check", str(path), "--text-column", "chars", "--pinyin-column", "pinyin",
                            "--id-column", "id", "--format", "text", "--exit-zero", *options)
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    usage: dict[int, Usage] = {}
    loads: list[float] = []
    cpu_before = _cpu_seconds(cluster)  # the cluster's start, not the run's
    sampler = threading.Thread(target=_sample, args=(process.pid, usage, loads, cluster), daemon=True)
    sampler.start()
    last_line, digest = "", hashlib.sha256()
    for line in process.stdout:  # the findings stream past; only the totals line and a digest are kept
        last_line = line.strip()
        digest.update(line.encode())
    process.wait()
    seconds = time.perf_counter() - started
    sampler.join()
    for pid, cpu in cpu_before.items():
        if pid in usage:
            usage[pid].cpu -= cpu
    command = usage.pop(process.pid, Usage())
    return seconds, [command, *usage.values()], sum(loads) / max(1, len(loads)), last_line, digest.hexdigest()


def _cpu_seconds(roots: Sequence[int]) -> dict[int, float]:
    """The CPU time so far of each process under ``roots``, and of the roots."""
    seconds = {}
    for process in _processes_under(roots):
        with contextlib.suppress(psutil.Error):
            times = process.cpu_times()
            seconds[process.pid] = times.user + times.system
    return seconds


def _processes_under(roots: list[int]) -> list[psutil.Process]:
    found = []
    for pid in roots:
        with contextlib.suppress(psutil.Error):
            root = psutil.Process(pid)
            found += [root, *root.children(recursive=True)]
    return found


def _sample(pid: int, usage: dict[int, Usage], loads: list[float], cluster: Sequence[int]) -> None:
    """The highest resident memory and the CPU time so far of ``pid`` and of every process under it or under
    ``cluster``, and the machine's load average (one minute), every 0.2 s until it ends."""
    try:
        root = psutil.Process(pid)
        while root.is_running() and root.status() != psutil.STATUS_ZOMBIE:
            for process in _processes_under([pid, *cluster]):
                try:
                    with process.oneshot():
                        seen = usage.setdefault(process.pid, Usage())
                        seen.peak = max(seen.peak, process.memory_info().rss)
                        times = process.cpu_times()
                        seen.cpu = max(seen.cpu, times.user + times.system)
                except psutil.Error:
                    pass
            loads.append(os.getloadavg()[0])
            time.sleep(0.2)
    except psutil.Error:
        pass


if __name__ == "__main__":
    main()
