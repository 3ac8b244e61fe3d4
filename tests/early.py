"""Slow processes started as soon as the suite is collected, so that they run beside the rest of the suite.

Most of the suite keeps one core busy: a test waits for the command it started.  A test that waits a minute on one
process (pre-commit installing its hook, pip building a wheel) is marked ``@pytest.mark.started_early(start=...)``,
``start(directory)`` making what the command needs in a new temporary directory and giving the command.  Once
collection is done, conftest.py queues the command of each such test selected to run, unless a skip mark already
says the test is skipped, and moves those tests to the end of the session.  A thread runs the queued commands one at
a time, so that they take one core at most; each test takes its finished process from the ``started_early``
fixture, which waits for it (or runs it then, should it not have been queued).  What is still queued or running
when the session ends is dropped, or killed.
"""

from __future__ import annotations

import os
import pathlib
import signal
import subprocess
import tempfile
import threading
from typing import Callable, NamedTuple


class Command(NamedTuple):
    args: list[str]
    cwd: pathlib.Path
    env: dict[str, str]
    timeout: float


class Finished(NamedTuple):
    returncode: int
    stdout: bytes
    stderr: bytes
    directory: pathlib.Path  # where the command ran, and what it left there


Start = Callable[[pathlib.Path], Command]


class _Run:
    """One test's command, in a temporary directory of its own kept until the session ends."""

    def __init__(self, start: Start) -> None:
        self._start = start
        self._directory = tempfile.TemporaryDirectory(prefix="pinyin-audit-early-")
        self.directory = pathlib.Path(self._directory.name)
        self._process: subprocess.Popen | None = None
        self._stopped = False
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._outcome: Finished | BaseException | None = None

    def run(self) -> None:
        try:
            if self._stopped:  # the session ended before its turn came
                return
            command = self._start(self.directory)
            with self._lock:
                if self._stopped:
                    return
                with open(self.directory / "stdout", "wb") as out, open(self.directory / "stderr", "wb") as err:
                    self._process = subprocess.Popen(command.args, cwd=command.cwd, env=command.env, stdout=out,
                                                     stderr=err, start_new_session=True)  # a group to kill whole
            try:
                self._process.wait(timeout=command.timeout)
            except subprocess.TimeoutExpired:
                self._kill()
                raise
            self._outcome = Finished(self._process.returncode, (self.directory / "stdout").read_bytes(),
                                     (self.directory / "stderr").read_bytes(), self.directory)
        except BaseException as error:  # noqa: BLE001 - given to the test that waits for it
            self._outcome = error
        finally:
            self._done.set()

    def finished(self) -> Finished:
        self._done.wait()
        if isinstance(self._outcome, BaseException):
            raise self._outcome
        if self._outcome is None:
            raise RuntimeError("the command was stopped before it finished")
        return self._outcome

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            self._kill()
        self._directory.cleanup()

    def _kill(self) -> None:
        if self._process is not None and self._process.poll() is None:
            try:
                os.killpg(self._process.pid, signal.SIGKILL)
            except (AttributeError, ProcessLookupError):  # no process groups, or the group already gone
                self._process.kill()
            self._process.wait()


_runs: dict[str, _Run] = {}


def start(items) -> None:
    """Runs, one after another in a thread of their own, the commands of the ``items`` (pytest's, about to run)
    marked ``started_early`` and not already skipped."""
    queued = []
    for item in items:
        marker = item.get_closest_marker("started_early")
        if marker is not None and item.nodeid not in _runs and not _skipped(item):
            queued.append(_runs.setdefault(item.nodeid, _Run(marker.kwargs["start"])))
    if queued:
        threading.Thread(target=lambda: [run.run() for run in queued], name="started-early", daemon=True).start()


def _skipped(item) -> bool:
    """Whether a skip mark skips the item: a ``skipif`` whose condition is a string is taken to skip it."""
    if item.get_closest_marker("skip") is not None:
        return True
    return any(isinstance(condition, str) or condition for marker in item.iter_markers("skipif")
               for condition in (*marker.args, marker.kwargs.get("condition", False)))


def finished(item) -> Finished:
    """The item's process, waited for; run now if it was not queued."""
    if item.nodeid not in _runs:
        _runs[item.nodeid] = _Run(item.get_closest_marker("started_early").kwargs["start"])
        _runs[item.nodeid].run()
    return _runs[item.nodeid].finished()


def stop_all() -> None:
    while _runs:
        _runs.popitem()[1].stop()
