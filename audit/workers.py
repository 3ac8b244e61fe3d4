"""Work done by several processes, results in the order of the items.

Each worker is a forked copy of the calling process, so it starts with
whatever tables and model the caller had loaded, sharing their memory
pages until it writes to them.  Where processes cannot be forked (Windows
has only spawn, which would start each worker from scratch and load
everything again), the work is done in the calling process alone.

The caller hands the items out in turn, one to each worker a round, each
holding at most ``_AHEAD`` at a time, and remembers which: a worker that
dies (killed, out of memory) is noticed through its process sentinel, the
item it was working on is answered by ``lost(item, why)``, the others it
held go to another worker, a new worker takes its place and the run goes
on.  Nothing waits on a process that is gone.
"""

from __future__ import annotations

import contextlib
import os
from collections import deque
from typing import Callable, Iterable, Iterator, NamedTuple, TypeVar

from audit.exits import signals_handled, terminated_on_sigterm

Item = TypeVar("Item")
Result = TypeVar("Result")

# Items a worker holds at once: one in hand and some waiting, so that it never
# idles while the caller, on a busy machine, waits for its turn to read results
# and hand out more.  (Only the one in hand is lost if the worker dies.)
_AHEAD = 4
# Items read ahead of the one whose result is awaited, per process: enough for every worker to hold
# ``_AHEAD`` while one slow item holds up the results behind it, few enough to keep memory flat.
_WINDOW_PER_PROCESS = 4 * _AHEAD


def usable_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# ``--jobs``: ``auto`` and 0 both mean one process per core; ``auto`` only where the work pays for them,
# which the caller decides (``audit.parallel.jobs_for``).
AUTO = None
ONE_PER_CORE = 0


def worker_count(jobs: int | None, items: int) -> int:
    """``--jobs``: ``AUTO`` or 0, one per core; never more than the cores, nor than the items."""
    cores = usable_cores()
    return max(1, min(jobs or cores, cores, items))


def forked_worker_count(jobs: int | None, items: int) -> int:
    """The processes ``ordered_map`` should run for ``worker_count``: one, this process, where none can fork."""
    return worker_count(jobs, items) if hasattr(os, "fork") else 1


def ordered_map(function: Callable[[Item], Result], items: Iterable[Item], processes: int,
                lost: Callable[[Item, str], Result]) -> Iterator[Result]:
    """``function(item)`` for each item, in order, from ``processes`` forked workers that last the whole run.

    ``items`` is read only as workers are ready for more, so a stream of any
    length goes through them in flat memory.
    """
    import multiprocessing  # here: a run with one process never needs it, and it is slow to import

    context = multiprocessing.get_context("fork")
    pending = _Pending(items, window=_WINDOW_PER_PROCESS * processes)
    finished: dict[int, Result] = {}
    workers: list[_Worker] = []
    with terminated_on_sigterm():  # so that ``finally`` stops the workers
        try:
            for _ in range(processes):
                with _ending_signals_held():  # a SIGTERM or Ctrl-C as a worker starts: raised once it is kept
                    workers.append(_Worker(context, function))
            while True:
                _hand_out(workers, pending)
                if pending.following not in finished:
                    if pending.ended:
                        break
                    _collect(workers, finished, pending, lost)
                    _replace_the_dead(workers, context, function)
                    continue
                result = finished.pop(pending.following)
                pending.answered()
                if isinstance(result, _Failed):  # raised in its turn, as a single process would raise it
                    raise result.error
                yield result
            for worker in workers:
                worker.finish()
        finally:
            for worker in workers:
                worker.stop()


class _Pending:
    """The items read from the stream and not yet answered, by index, and those waiting for a worker."""

    def __init__(self, items: Iterable[Item], window: int) -> None:
        self.source = iter(items)
        self.items: dict[int, Item] = {}
        self.waiting: deque[int] = deque()  # read, or given back by a worker that died, and not handed out
        self.read = 0
        self.following = 0  # the item whose result comes next
        self.window = window

    @property
    def ended(self) -> bool:
        """Every item read has been answered and the stream has no more (as far as it was read)."""
        return self.following >= self.read

    def next_index(self) -> int | None:
        """The index of the next item to hand out, read from the stream if none waits; ``None``
        when there is none or it is too far ahead of the result awaited."""
        if self.waiting:
            return self.waiting.popleft()
        if self.read >= self.following + self.window:
            return None
        item = next(self.source, _END)
        if item is _END:
            return None
        self.items[self.read] = item
        self.read += 1
        return self.read - 1

    def give_back(self, indices: list[int]) -> None:
        """Items a worker took and never started (it died, or could not be sent them): handed out again
        before any other, in their order."""
        self.waiting.extendleft(reversed(indices))

    def answered(self) -> None:
        del self.items[self.following]
        self.following += 1


_END = object()


def _hand_out(workers: list[_Worker], pending: _Pending) -> None:
    """Items to the workers in turn, one each a round, until each holds ``_AHEAD`` or none is ready: a few
    documents go one to each worker, rather than all to the first one that has room."""
    taking = workers
    while taking:
        taking = [worker for worker in taking if worker.take_one(pending)]


def _replace_the_dead(workers: list[_Worker], context, function: Callable) -> None:
    """Each worker that died stopped and replaced in ``workers`` by a new one: the stream may still hold work for it."""
    for position, worker in enumerate(workers):
        if not worker.alive:
            worker.stop()
            with _ending_signals_held():
                workers[position] = _Worker(context, function)


@contextlib.contextmanager
def _ending_signals_held() -> Iterator[None]:
    """SIGTERM and SIGINT held back until the worker started within is kept where ``ordered_map``'s ``finally``
    stops it: raised by either while it was being forked, the worker was known to no one, and was left waiting
    for work forever, holding the command's output open (Ctrl-C too: a worker ignores it); raised in a hook run
    at fork, the signal was printed and lost.  Held by handlers that note it and send it again at the end, since
    a signal blocked in this thread alone goes to any other thread the program has."""
    import signal

    arrived: list[int] = []
    noted = dict.fromkeys((signal.SIGTERM, signal.SIGINT), lambda number, frame: arrived.append(number))
    try:
        with signals_handled(noted):
            yield
    finally:
        if arrived:
            signal.raise_signal(arrived[0])


def _collect(workers: list[_Worker], finished: dict[int, object], pending: _Pending,
             lost: Callable[[Item, str], object]) -> None:
    """Wait until some worker answers or dies; take its answers.

    A worker works through its items in the order it was given them, so of
    a dead worker's items the first was in hand (lost) and the others had
    not been started (they wait for another worker).
    """
    from multiprocessing.connection import wait

    wait([worker.connection for worker in workers] + [worker.process.sentinel for worker in workers])
    for worker in workers:
        # Whether it has died is asked before its answers are read: an answer sent just before it died, after a
        # first read found none, would leave that item first in ``held`` and be taken for the one in hand.
        died = not worker.process.is_alive()
        finished.update(worker.answers())  # from a worker that died too: what it sent before
        if died:
            if worker.held:
                in_hand, *not_started = worker.held
                finished[in_hand] = lost(pending.items[in_hand], worker.how_it_ended())
                pending.give_back(not_started)
                worker.held.clear()
            worker.alive = False


class _Failed(NamedTuple):
    """What an item raised in a worker, kept until the items before it are answered."""

    error: Exception


class _Worker:
    """One forked process serving ``function``, and the indices of the items it holds: sent to it, not yet
    answered, in the order sent (the first is the one in hand)."""

    def __init__(self, context, function: Callable) -> None:
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=_serve, args=(function, theirs), daemon=True)
        self.process.start()
        theirs.close()
        self.held: list[int] = []
        self.alive = True

    def take_one(self, pending: _Pending) -> bool:
        """Send the next item if this worker has room for it; whether it has room for another."""
        if not self.alive or len(self.held) >= _AHEAD:
            return False
        index = pending.next_index()
        if index is None:
            return False
        try:
            self.connection.send((index, pending.items[index]))
        except OSError:  # it has just died; the sentinel will say so
            pending.give_back([index])
            return False
        self.held.append(index)
        return len(self.held) < _AHEAD

    def answers(self) -> Iterator[tuple[int, object]]:
        try:
            while self.connection.poll():
                index, outcome, failure = self.connection.recv()
                self.held.remove(index)
                yield index, outcome if failure is None else _Failed(failure)
        except (EOFError, OSError):
            return

    def how_it_ended(self) -> str:
        self.process.join()
        code = self.process.exitcode
        if code is not None and code < 0:
            import signal  # like multiprocessing, only where there are processes: its enums are slow to build

            return f"the process auditing it was stopped by {signal.Signals(-code).name}"
        return f"the process auditing it exited with status {code}"

    def finish(self) -> None:
        with contextlib.suppress(OSError):  # it may have gone already
            self.connection.send(None)
        self.process.join(timeout=5)

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.connection.close()


def _serve(function: Callable, connection) -> None:
    """In the worker: answer each item until told to stop (``None``)."""
    import gc
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the caller's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the caller's way out is not the worker's: it just ends
    # What the worker was forked with (the tables and model the caller loaded) is never garbage here: out of
    # the cycle collector's walks, its pages stay shared with the caller rather than copied when walked.
    gc.freeze()
    while True:
        message = connection.recv()
        if message is None:
            return
        index, item = message
        try:
            connection.send((index, function(item), None))
        except Exception as error:  # raised again in the caller, as a single process would
            connection.send((index, None, error))

