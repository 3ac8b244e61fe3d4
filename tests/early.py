"""Slow processes started as soon as the suite is collected, so that they run beside the tests before theirs.

Most of the suite keeps one core busy: a test waits for the command it started.  A test that waits a minute on one
process (pre-commit installing its hook, pip building a wheel) is marked ``@pytest.mark.started_early(start=...)``,
``start(directory)`` making what the command needs in a new temporary directory and giving the command.  Once
collection is done, conftest.py starts the command of each such test selected to run, unless a skip mark already
says the test is skipped, and moves those tests to the end of the session; each takes the finished process from the
``started_early`` fixture, which waits for it (or starts it then, should it not have been started).  Whatever is
still running when the session ends is killed.
"""

from __future__ import annotations

import os
import pathlib
import signal
import subprocess
import tempfile
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


class _Running:
    def __init__(self, start: Start) -> None:
        self._directory = tempfile.TemporaryDirectory(prefix="pinyin-audit-early-")
        self.directory = pathlib.Path(self._directory.name)
        self.command = start(self.directory)
        with open(self.directory / "stdout", "wb") as out, open(self.directory / "stderr", "wb") as err:
            self.process = subprocess.Popen(self.command.args, cwd=self.command.cwd, env=self.command.env,
                                            stdout=out, stderr=err, start_new_session=True)  # a group to kill whole

    def finished(self) -> Finished:
        try:
            self.process.wait(timeout=self.command.timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            raise
        return Finished(self.process.returncode, (self.directory / "stdout").read_bytes(),
                        (self.directory / "stderr").read_bytes(), self.directory)

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (AttributeError, ProcessLookupError):  # no process groups, or the group already gone
                self.process.kill()
            self.process.wait()
        self._directory.cleanup()


_running: dict[str, _Running] = {}


def start(items) -> None:
    """The commands of the ``items`` (pytest's, about to run) marked ``started_early`` and not already skipped."""
    for item in items:
        marker = item.get_closest_marker("started_early")
        if marker is not None and item.nodeid not in _running and not _skipped(item):
            _running[item.nodeid] = _Running(marker.kwargs["start"])


def _skipped(item) -> bool:
    """Whether a skip mark skips the item: a ``skipif`` whose condition is a string is taken to skip it."""
    if item.get_closest_marker("skip") is not None:
        return True
    return any(isinstance(condition, str) or condition for marker in item.iter_markers("skipif")
               for condition in (*marker.args, marker.kwargs.get("condition", False)))


def finished(item) -> Finished:
    """The item's process, waited for; started now if it was not started early."""
    marker = item.get_closest_marker("started_early")
    running = _running.get(item.nodeid) or _running.setdefault(item.nodeid, _Running(marker.kwargs["start"]))
    return running.finished()


def stop_all() -> None:
    while _running:
        _running.popitem()[1].stop()
