"""One command run as a whole process, timed and measured from outside.

The benchmarks that time the command itself (start-up included) share this,
so each measures the same thing the same way: wall time, CPU time, and peak
memory of the command and of the workers it forks.

Memory: the peak resident set of the largest process (``ru_maxrss`` of the
command and the workers it waited for: the largest one, not their sum), and
with workers the whole tree's peak, the proportional set sizes (PSS: pages
shared by the forked workers counted once, split between them) of all its
processes summed, sampled every quarter of a second (Linux only).  CPU time
is the tree's: the command's and its workers', which it waits for.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    seconds: float
    megabytes: float  # the largest single process's peak resident set
    cpu: float
    tree_megabytes: float | None = None  # the whole tree's peak PSS, where it had more than one process
    stdout: str = ""  # what it printed, when asked for (``measure(..., stdout=True)``)
    stderr: str = ""


# From Python 3.11, ``-P`` keeps the working directory off the front of the path: a benchmark started from the
# repository root then times the installed package (compiled, see setup.py), not the sources beside it.
_INSTALLED_FIRST = ["-P"] if sys.version_info >= (3, 11) else []


def audit_command(*arguments: str) -> list[str]:
    """``pinyin-audit ARGUMENTS`` as this Python runs it, from the installed package."""
    return [sys.executable, *_INSTALLED_FIRST, "-m", "audit", *arguments]


def run_audit(*arguments: str) -> Run:
    """One ``pinyin-audit`` process and what it printed.  Exit 0 and 1 (findings) are results."""
    return measure(audit_command(*arguments), statuses=(0, 1), stdout=True)


def measure(command: list[str], cwd: pathlib.Path | None = None, statuses: tuple[int, ...] = (0,),
        stdout: bool = False) -> Run:
    """Wall time, peak memory and CPU time of one process and of the workers it forks (see the module's notes).

    Any other exit status than ``statuses`` stops the benchmark with the command's own error, since its
    figures would mean nothing.  Standard output is kept only when ``stdout`` asks for it: a large report
    thrown away costs the command less than one written to a file.
    """
    with tempfile.TemporaryFile() as printed, tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=printed if stdout else subprocess.DEVNULL, stderr=errors, cwd=cwd)
        tree = _TreeMemory(process.pid)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        tree.stop()
        said, told = _read(printed), _read(errors)
    if os.waitstatus_to_exitcode(status) not in statuses:
        raise SystemExit(f"{' '.join(command[:6])} ... failed ({os.waitstatus_to_exitcode(status)}):\n{told[-2000:]}")
    # ru_maxrss is in KB on Linux: of the command and the workers it waited for, the largest single one.
    return Run(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, tree.peak_megabytes, said, told)


def _read(file) -> str:
    file.seek(0)
    return file.read().decode("utf-8", "replace")


def last_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[-1] if lines else ""


class _TreeMemory:
    """The peak, over samples every ``INTERVAL`` seconds, of the PSS summed over a process and its descendants.

    Reading a process's ``smaps_rollup`` takes the kernel a millisecond or two for a few hundred megabytes,
    so a quarter of a second between samples keeps the cost out of the figures; a peak shorter than that
    may be missed.  ``peak_megabytes`` is ``None`` where the tree never had more than one process, or
    ``/proc`` cannot say (not Linux).
    """

    INTERVAL = 0.25

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_kilobytes = 0
        self.most_processes = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    @property
    def peak_megabytes(self) -> float | None:
        return self.peak_kilobytes / 1024 if self.most_processes > 1 else None

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join()

    def _sample(self) -> None:
        while not self.stopped.wait(self.INTERVAL):
            processes = _tree(self.pid)
            self.most_processes = max(self.most_processes, len(processes))
            self.peak_kilobytes = max(self.peak_kilobytes, sum(map(_pss_kilobytes, processes)))


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants, as far as ``/proc`` lists them now."""
    found, waiting = [], [pid]
    while waiting:
        process = waiting.pop()
        found.append(process)
        try:
            for task in os.listdir(f"/proc/{process}/task"):
                with open(f"/proc/{process}/task/{task}/children") as children:
                    waiting.extend(int(child) for child in children.read().split())
        except OSError:  # gone, or no /proc
            continue
    return found


def _pss_kilobytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            return next((int(line.split()[1]) for line in rollup if line.startswith("Pss:")), 0)
    except OSError:
        return 0
