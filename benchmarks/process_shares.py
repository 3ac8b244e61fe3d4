"""Where the CPU of ``check --jobs N`` goes, process by process: the command's own, and each worker's.

    python benchmarks/process_shares.py [--jobs 1 2] [--repeat 3] [--pin CORE] [--megabytes 20] [--sentences PATH]

``throughput.py --jobs-only`` gives the whole tree's CPU time, which on a
shared machine varies by a tenth from one run to the next.  This splits it:
each process of ``check --format json-lines`` on the seed-density corpus (see
corpus.py) reports, as it ends, its CPU time (user and system), the part spent
auditing its documents, the table buckets it read and the CPU that took, and
its page faults.  What a second process costs is then read from the steadier
parts: the workers' bucket reads against one process's, and the command's CPU
and the workers' outside their documents (starting, pickling results, writing).

The runs of each ``--jobs`` take turns.  ``--pin`` runs the command and its
workers on one core (the workers' count still as ``--jobs`` says), so that two
workers side by side do not slow each other's CPU through the caches they share.
"""

from __future__ import annotations

import argparse
import pathlib
import subprocess
import sys
import tempfile

from corpus import CPP_SENTENCES, write_corpus

# Run as the command (``python -c``): hooks counting the CPU of each process's documents and bucket reads, and a
# line on standard error from each process as it ends.
_ACCOUNTED = """
import atexit, os, resource, sys, time
from audit import engine, tables, workers
import audit.__main__

spent = {"documents": 0.0, "buckets": 0, "bucket CPU": 0.0}

def timed(function, into, count=None):
    def counted(*arguments, **keywords):
        started = time.process_time()
        try:
            return function(*arguments, **keywords)
        finally:
            spent[into] += time.process_time() - started
            if count:
                spent[count] += 1
    return counted

def report(who):
    usage = resource.getrusage(resource.RUSAGE_SELF)
    os.write(2, (f"PROCESS {who} {usage.ru_utime + usage.ru_stime:.3f} {spent['documents']:.3f} "
                 f"{spent['buckets']} {spent['bucket CPU']:.3f} {usage.ru_minflt}\\n").encode())

def serve(function, connection, serve=workers._serve):
    spent.update(dict.fromkeys(spent, 0))  # what the command did before forking is its own
    try:
        serve(function, connection)
    finally:
        report("worker")

engine.audit_task = timed(engine.audit_task, "documents")
tables.StoredTable._load = timed(tables.StoredTable._load, "bucket CPU", count="buckets")
workers._serve = serve
atexit.register(report, "command")
"""
# Pinned to one core, the command would count one usable core and run one worker: it is told of as many as
# ``--jobs`` asks for.  Unpinned, it counts the machine's own.
_AS_MANY_CORES_AS_JOBS = """
workers.usable_cores = lambda: {jobs}
"""
_COMMAND = """
sys.argv[0] = "pinyin-audit"
sys.exit(audit.__main__.main())
"""


def main() -> None:
    arguments = _arguments()
    with tempfile.TemporaryDirectory() as directory:
        corpus = write_corpus(pathlib.Path(directory), 64 * 1024, megabytes=arguments.megabytes,
                              sentences_path=arguments.sentences)
        print(f"{len(corpus)} documents; CPU seconds; each line one run (runs of each --jobs taking turns)")
        print("--jobs  tree   command (outside documents)  workers: CPU, documents, outside, buckets read "
              "(CPU), page faults")
        for _ in range(arguments.repeat):
            for jobs in arguments.jobs:
                print(_described(jobs, _run(directory, jobs, arguments.pin)), flush=True)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pin", type=int, metavar="CORE", help="run every process on this core")
    parser.add_argument("--megabytes", type=float, default=20.0, help="the corpus (default 20: throughput.py's)")
    parser.add_argument("--sentences", type=pathlib.Path, default=CPP_SENTENCES)
    return parser.parse_args()


def _run(directory: str, jobs: int, pin: int | None) -> list[list[str]]:
    """Each process's report: who, CPU, documents' CPU, buckets read, their CPU, page faults."""
    pinned = "" if pin is None else _AS_MANY_CORES_AS_JOBS.format(jobs=jobs)
    command = [sys.executable, "-c", _ACCOUNTED + pinned + _COMMAND, "check", "--exit-zero", "--format",
               "json-lines", "--jobs", str(jobs), directory]
    if pin is not None:
        command = ["taskset", "--cpu-list", str(pin), *command]
    finished = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
    return [line.split()[1:] for line in finished.stderr.splitlines() if line.startswith("PROCESS ")]


def _described(jobs: int, processes: list[list[str]]) -> str:
    command = next(fields for fields in processes if fields[0] == "command")
    workers = [fields for fields in processes if fields[0] == "worker"] or [command]  # one job: the command works
    tree = sum(float(fields[1]) for fields in processes)
    outside = float(command[1]) - float(command[2])
    each = "; ".join(f"{float(cpu):.2f}, {float(documents):.2f}, {float(cpu) - float(documents):.2f}, "
                     f"{int(buckets):,} ({float(bucket_cpu):.2f}), {int(faults):,}"
                     for _, cpu, documents, buckets, bucket_cpu, faults in workers)
    return f"{jobs:6d}  {tree:6.2f}  {float(command[1]):6.2f} ({outside:.2f})  {each}"


if __name__ == "__main__":
    main()
