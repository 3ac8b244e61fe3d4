"""Where the audit runs: in this process, in local worker processes, or on a Dask cluster.

``audit_inputs`` audits document files and datasets on an executor, a
dataset in batches of rows.

An executor gives ``function(item)`` for each item in the order of the
items, whatever order the workers finish in, and keeps only a few items in
flight, so a dataset of any size streams through in flat memory.  Items are
batches of rows (``audit.rows.audit_rows``) or document files.

The local executor runs on the engine's own worker processes
(``audit.workers``), which survive one of them dying; the Dask executor
(``audit.dask``) sends everything to the cluster, which does the same.
``jobs_for`` decides what ``--jobs auto`` means for a run's inputs.
"""

from __future__ import annotations

import collections
import functools
import itertools
import os
import sys
from typing import Callable, Iterable, Iterator, Protocol, Sequence, TypeVar

from audit import files
from audit.config import AuditConfig
from audit.finding import DocumentResult
from audit.exits import UserError
from audit.inputs import InputError, Task
from audit.rows import Columns, Row, RowReader, audit_rows, row_reader_for
from audit.workers import AUTO, ONE_PER_CORE, forked_worker_count, ordered_map

Item = TypeVar("Item")
Result = TypeVar("Result")


class Executor(Protocol):
    def map(self, function: Callable[[Item], Result], items: Iterable[Item],
            lost: Callable[[Item, str], Result]) -> Iterator[Result]: ...

    def audit_files(self, tasks: Iterable[Task], config: AuditConfig, input_format: str) -> Iterator[DocumentResult]: ...


class _Future(Protocol):
    def result(self): ...


def in_order(submit: Callable[[Item], _Future], items: Iterable[Item], window: int) -> Iterator:
    """The results of ``submit(item)`` in the order of ``items``, with at most ``window`` pending."""
    pending: collections.deque[_Future] = collections.deque()
    for item in items:
        pending.append(submit(item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


# Input (all the documents together, in bytes) from which ``--jobs auto`` runs one process per core.  Each
# worker reads again the table buckets and fills again the caches its documents need: two processes spend a
# fifth to nearly a half more CPU than one.  With a core free they were 1.1x as fast as one from 32 kB, and at
# least 1.25x from 1 MB (generated text at the seed's density); below that the gain is small beside the CPU
# spent, and a run on busy cores loses the extra CPU whatever its size (see "Speed" in the README).
PARALLEL_FROM_BYTES = 1_000_000
# Sets another figure, 0 to fork for any input of two documents or more (the tests do so on small files).
PARALLEL_FROM_BYTES_VARIABLE = "PINYIN_AUDIT_PARALLEL_FROM_BYTES"


def jobs_for(jobs: int | None, tasks: Sequence[Task]) -> int | None:
    """``jobs`` as given, unless ``AUTO``: then one per core if the inputs are large enough to pay for the
    workers' start, else 1 (standard input alone, or a few small files, never forks)."""
    if jobs is not AUTO:
        return jobs
    return ONE_PER_CORE if _input_bytes(tasks) >= _parallel_from_bytes() else 1


def _input_bytes(tasks: Sequence[Task]) -> int:
    """The size of the inputs as they are now; what cannot be read counts for nothing (its error says why)."""
    total = 0
    for task in tasks:
        if task.data is not None:
            total += len(task.data)
            continue
        try:
            total += os.stat(task.path).st_size
        except (OSError, ValueError):  # gone, unreadable, or a name the system refuses
            pass
    return total


def _parallel_from_bytes() -> int:
    given = os.environ.get(PARALLEL_FROM_BYTES_VARIABLE)
    if given is None:
        return PARALLEL_FROM_BYTES
    if not given.strip().isdigit():
        raise UserError(f"{PARALLEL_FROM_BYTES_VARIABLE} must be a whole number of bytes, got {given!r}")
    return int(given)


class LocalExecutor:
    """``jobs`` processes of this machine (``audit.workers``); one job runs everything here, in this process."""

    def __init__(self, jobs: int | None = 1) -> None:
        self.jobs = jobs  # as --jobs says, once ``jobs_for`` has decided what ``AUTO`` means for the inputs
        self.processes = forked_worker_count(jobs, sys.maxsize)

    def map(self, function: Callable[[Item], Result], items: Iterable[Item],
            lost: Callable[[Item, str], Result]) -> Iterator[Result]:
        """``lost(item, why)`` stands for the result of an item whose process died while on it."""
        if self.processes == 1:
            return map(function, items)
        from audit.engine import load_tables

        load_tables()  # once, so that the forked workers start with the tables
        return ordered_map(function, items, self.processes, lost)

    def audit_files(self, tasks: Iterable[Task], config: AuditConfig, input_format: str) -> Iterator[DocumentResult]:
        from audit.engine import audit_tasks

        return audit_tasks(tasks, config, input_format, self.jobs)


def audit_inputs(tasks: Iterable[Task], config: AuditConfig, input_format: str, columns: Columns | None,
                 executor: Executor) -> Iterator[DocumentResult]:
    """Every task's results in the order of the tasks: one per document file, one per row of a dataset."""
    with_readers = ((task, row_reader_for(task.path, input_format)) for task in tasks)  # no reader: a document
    for is_dataset, group in itertools.groupby(with_readers, key=lambda pair: pair[1] is not None):
        if not is_dataset:
            yield from executor.audit_files((task for task, _ in group), config, input_format)
            continue
        # The rows of consecutive datasets go to the executor as one stream of batches: one pool of workers.
        batches = itertools.chain.from_iterable(_batches(task, reader, columns, config) for task, reader in group)
        work = functools.partial(audit_rows, config=config)
        yield from itertools.chain.from_iterable(executor.map(work, batches, lost=_not_audited))


_BATCH = 256  # rows sent to a worker at a time: few enough to keep every worker busy to the end


def _batches(task: Task, reader: RowReader, columns: Columns | None,
             config: AuditConfig) -> Iterator[list[Row | InputError]]:
    """A dataset's rows, ``_BATCH`` at a time; a file that cannot be read is a batch of its error."""
    if columns is None:
        return iter([[InputError(task.name, Columns.NEEDED)]])
    if task.data is None:
        try:
            files.check_regular(task.path)  # rows are streamed, so no size limit; but a pipe would block
        except files.FileProblem as problem:
            return iter([[InputError(task.name, str(problem))]])
    rows = reader.read(task.path, columns, config.encoding, task.data)
    return iter(lambda: list(itertools.islice(rows, _BATCH)), [])


def _not_audited(rows: list[Row | InputError], why: str) -> list[DocumentResult]:
    """The results of a batch whose worker died: each row reported, none audited."""
    return [DocumentResult.not_audited(row.path, why, getattr(row, "ref", None)) for row in rows]
