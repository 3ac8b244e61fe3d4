"""--jobs: worker processes that may die, capped at the cores, results in order."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
import subprocess
import sys
import threading

import pytest

from audit import workers
from audit.engine import audit_text
from audit.exits import Terminated
from audit.finding import GlossRecord
from audit.workers import AUTO, ordered_map, usable_cores, worker_count

# The real command, with one document that kills the worker auditing (or fixing) it, as
# the kernel's out-of-memory killer or an impatient operator would.
_KILLING_RUN = """
import os, signal, sys
import {module}
done = {module}.{function}
def killing(task, *args, **kwargs):
    if task.path.endswith("poison.txt"):
        os.kill(os.getpid(), signal.SIGKILL)
    return done(task, *args, **kwargs)
{module}.{function} = killing
from audit.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _lessons_and_poison(directory):
    for number in range(6):
        (directory / f"lesson{number}.txt").write_text(f"第{number}课：书(shǔ)\n", encoding="utf-8")
    (directory / "poison.txt").write_text("你好(ní hǎo)\n", encoding="utf-8")


def _killing_run(module: str, function: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", _KILLING_RUN.format(module=module, function=function), *args],
                          capture_output=True, text=True, timeout=120)


def test_a_killed_worker_is_reported_and_the_other_documents_audited(tmp_path):
    _lessons_and_poison(tmp_path)
    completed = _killing_run("audit.engine", "audit_task", "check", str(tmp_path), "--jobs", "2")
    assert completed.returncode == 2
    assert "poison.txt: error: not audited: the process auditing it was stopped by SIGKILL" in completed.stderr
    findings = [line for line in completed.stdout.splitlines() if "T401" in line]
    assert [line.split(":")[0] for line in findings] == [str(tmp_path / f"lesson{n}.txt") for n in range(6)]


def test_a_file_whose_fixing_worker_is_killed_is_left_as_it_was_and_the_others_are_fixed(tmp_path):
    _lessons_and_poison(tmp_path)
    completed = _killing_run("audit.fixer", "fix_task", "check", "--fix", "--unsafe-fixes", str(tmp_path),
                             "--jobs", "2")
    assert completed.returncode == 2
    assert "poison.txt: error: not fixed: the process auditing it was stopped by SIGKILL" in completed.stderr
    assert (tmp_path / "poison.txt").read_text(encoding="utf-8") == "你好(ní hǎo)\n"
    for number in range(6):
        assert (tmp_path / f"lesson{number}.txt").read_text(encoding="utf-8") == f"第{number}课：书(shū)\n"


def _square_or_die(number: int) -> int:
    if number == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return number * number


def test_results_keep_their_order_and_a_dead_workers_item_in_hand_is_lost():
    results = list(ordered_map(_square_or_die, list(range(8)), 2, lost=lambda item, why: (item, why)))
    assert results[:3] == [0, 1, 4] and results[4:] == [16, 25, 36, 49]
    assert results[3] == (3, "the process auditing it was stopped by SIGKILL")


class _DyingAsAsked:
    """A worker's process caught as it dies: its answer to the first item it held reaches the pipe just as the
    caller asks whether it is alive, and the second item, the one it was killed on, is never answered."""

    exitcode = -signal.SIGKILL

    def __init__(self, theirs, answer) -> None:
        self.theirs, self.answer = theirs, answer
        self.sentinel, writer = os.pipe()  # ready at once, as a dead process's sentinel is
        os.write(writer, b"x")
        os.close(writer)

    def is_alive(self) -> bool:
        self.theirs.send(self.answer)
        return False

    def join(self) -> None:
        pass


def test_an_answer_that_arrives_as_its_worker_dies_is_kept_and_only_the_item_in_hand_is_lost():
    ours, theirs = multiprocessing.Pipe()
    worker = object.__new__(workers._Worker)
    worker.connection, worker.process = ours, _DyingAsAsked(theirs, (0, "lesson", None))
    worker.held, worker.alive = [0, 1], True
    pending = workers._Pending(["lesson.txt", "poison.txt"], window=4)
    pending.next_index(), pending.next_index()
    finished = {}
    workers._collect([worker], finished, pending, lost=lambda item, why: f"lost {item}: {why}")
    os.close(worker.process.sentinel)
    assert finished == {0: "lesson", 1: "lost poison.txt: the process auditing it was stopped by SIGKILL"}


def _pid(number: int) -> int:
    return os.getpid()


def test_one_pool_of_workers_serves_a_whole_stream_read_as_they_take_it():
    read = []

    def numbers():
        for number in itertools.count():
            read.append(number)
            yield number

    pids = list(itertools.islice(ordered_map(_pid, numbers(), 2, lost=lambda item, why: None), 300))
    assert len(set(pids)) == 2 and os.getpid() not in pids  # the same two processes from first to last
    assert len(read) < 300 + 100  # an endless stream is read only a little ahead of the results taken


def test_a_few_items_go_one_to_each_worker():
    assert len(set(ordered_map(_pid, range(2), 2, lost=lambda item, why: None))) == 2


@pytest.mark.parametrize("ending, raised", [(signal.SIGTERM, Terminated), (signal.SIGINT, KeyboardInterrupt)])
def test_a_sigterm_or_ctrl_c_as_a_worker_starts_stops_that_worker_too(monkeypatch, ending, raised):
    """The signal just after a fork and before the worker was kept left that worker unknown to the ``finally``
    that stops them, waiting for work forever (a worker ignores Ctrl-C, so that one too)."""
    import multiprocessing

    from audit import workers

    class SignalledAsItStarts(workers._Worker):
        def __init__(self, *args) -> None:
            super().__init__(*args)
            os.kill(os.getpid(), ending)

    monkeypatch.setattr(workers, "_Worker", SignalledAsItStarts)
    earlier = multiprocessing.active_children()  # another test's, not yet collected
    # Python's own Ctrl-C, which a shell's background job (a CI step's `cmd &`) starts with SIGINT ignored lacks
    interrupting = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(raised):
            list(ordered_map(_pid, range(4), 2, lost=lambda item, why: None))
    finally:
        signal.signal(signal.SIGINT, interrupting)
    left = [child for child in multiprocessing.active_children() if child not in earlier]
    for child in left:
        child.kill()
    assert not left


def _fail(number: int) -> int:
    raise ValueError(f"no {number}")


def test_an_exception_in_a_worker_is_raised_in_the_caller():
    with pytest.raises(ValueError, match="no 0"):
        list(ordered_map(_fail, [0, 1], 2, lost=lambda item, why: None))


def test_jobs_are_capped_at_the_cores_and_the_documents():
    cores = usable_cores()
    assert worker_count(100000, 1000) == cores
    assert worker_count(0, 1000) == cores  # 0: one per core
    assert worker_count(AUTO, 1000) == cores  # auto, once the caller has found that the work pays for them
    assert worker_count(8, 1) == 1
    assert worker_count(1, 1000) == 1


@pytest.mark.parametrize("jobs", ["0", "100000"])
def test_jobs_zero_and_huge_run_through_the_command(tmp_path, jobs):
    for number in range(3):
        (tmp_path / f"lesson{number}.txt").write_text("书(shǔ)\n", encoding="utf-8")
    completed = subprocess.run([sys.executable, "-m", "audit", "check", str(tmp_path), "--jobs", jobs],
                               capture_output=True, text=True, timeout=120)
    assert completed.returncode == 1 and completed.stdout.count("T401") == 3


def test_negative_jobs_are_a_usage_error(tmp_path):
    completed = subprocess.run([sys.executable, "-m", "audit", "check", str(tmp_path), "--jobs", "-1"],
                               capture_output=True, text=True, timeout=60)
    assert completed.returncode == 2 and "--jobs" in completed.stderr


def test_a_result_comes_back_from_a_worker_as_it_was_made():
    result = audit_text("第一课：书(shǔ)，银行(yín háng)。\n", "lesson.txt")
    (returned,) = ordered_map(_same, [result], 2, lost=lambda item, why: None)
    assert returned == result and returned is not result
    assert [type(gloss) for gloss in returned.glosses] == [GlossRecord, GlossRecord]


def _same(result):
    return result


def test_workers_serve_a_caller_in_another_thread():
    """A program that uses the library may audit in a thread of its own, where no signal handler can be set."""
    answers = []

    def audit_in_the_thread():
        answers.extend(ordered_map(_same, [1, 2, 3], 2, lost=lambda item, why: None))

    thread = threading.Thread(target=audit_in_the_thread)
    thread.start()
    thread.join(timeout=60)
    assert answers == [1, 2, 3]
