"""Where the audit runs: in this process, in local worker processes, or on a Dask cluster.

``audit_inputs`` audits document files and datasets on an executor, a
dataset in batches of rows.

An executor gives ``function(item)`` for each item in the order of the
items, whatever order the workers finish in, and keeps only a few items in
flight, so a dataset of any size streams through in flat memory.  Items are
batches of rows (``audit.rows.audit_rows``) or document files.

The local executor leaves document files to the engine's own process pool
(``audit_tasks``); the Dask executor (``audit.dask``) sends everything to the
cluster.
"""

from __future__ import annotations

import collections
import functools
import itertools
import sys
from typing import Callable, Iterable, Iterator, Protocol, TypeVar

from audit.config import AuditConfig
from audit.document import Document
from audit.finding import DocumentResult
from audit.inputs import Task
from audit.rows import Columns, RowReader, audit_rows, row_reader_for
from audit.workers import worker_count

Item = TypeVar("Item")
Result = TypeVar("Result")


class Executor(Protocol):
    def map(self, function: Callable[[Item], Result], items: Iterable[Item]) -> Iterator[Result]: ...

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


class LocalExecutor:
    """``jobs`` processes of this machine; one job runs everything here, in this process."""

    def __init__(self, jobs: int = 1) -> None:
        self.jobs = jobs  # as --jobs says: 0 is one per core
        self.processes = worker_count(jobs, sys.maxsize)
        self._pool = None

    def map(self, function: Callable[[Item], Result], items: Iterable[Item]) -> Iterator[Result]:
        if self.processes == 1:
            return map(function, items)
        return in_order(functools.partial(self._processes().submit, function), items, window=2 * self.processes)

    def audit_files(self, tasks: Iterable[Task], config: AuditConfig, input_format: str) -> Iterator[DocumentResult]:
        from audit.engine import audit_tasks

        return audit_tasks(tasks, config, input_format, self.jobs)

    def _processes(self):
        if self._pool is None:
            import concurrent.futures

            from audit.engine import load_tables

            load_tables()  # before the workers start, so that forked ones share the tables
            self._pool = concurrent.futures.ProcessPoolExecutor(self.processes, initializer=load_tables)
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)


def audit_inputs(tasks: Iterable[Task], config: AuditConfig, input_format: str, columns: Columns | None,
                 executor: Executor) -> Iterator[DocumentResult]:
    """Every task's results in the order of the tasks: one per document file, one per row of a dataset."""
    for reader, group in itertools.groupby(tasks, key=lambda task: row_reader_for(task.path, input_format)):
        if reader is None:
            yield from executor.audit_files(group, config, input_format)
            continue
        for task in group:
            yield from audit_dataset_file(task, reader, columns, config, executor)


_BATCH = 256  # rows sent to a worker at a time: few enough to keep every worker busy to the end


def audit_dataset_file(task: Task, reader: RowReader, columns: Columns | None, config: AuditConfig,
                       executor: Executor) -> Iterator[DocumentResult]:
    if columns is None:
        return iter([DocumentResult(Document("", task.path), error=Columns.NEEDED)])
    rows = reader.read(task.path, columns, config.encoding, task.data)
    batches = iter(lambda: list(itertools.islice(rows, _BATCH)), [])
    work = functools.partial(audit_rows, config=config)
    return itertools.chain.from_iterable(executor.map(work, batches))
