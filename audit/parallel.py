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
"""

from __future__ import annotations

import collections
import functools
import itertools
import sys
from typing import Callable, Iterable, Iterator, Protocol, TypeVar

from audit import files
from audit.config import AuditConfig
from audit.document import Document
from audit.finding import DocumentResult
from audit.inputs import InputError, Task
from audit.rows import Columns, Row, RowReader, audit_rows, row_reader_for
from audit.workers import ordered_map, worker_count

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


# Items handed to the engine's worker processes at a time.  They take a list, and a stream of any
# length is read a slice at a time so that memory stays flat; each slice costs a fork per worker
# and, at its end, the wait for its last item, both small beside 64 batches of work.
_SLICE_PER_PROCESS = 32


class LocalExecutor:
    """``jobs`` processes of this machine (``audit.workers``); one job runs everything here, in this process."""

    def __init__(self, jobs: int = 1) -> None:
        self.jobs = jobs  # as --jobs says: 0 is one per core
        self.processes = worker_count(jobs, sys.maxsize)

    def map(self, function: Callable[[Item], Result], items: Iterable[Item],
            lost: Callable[[Item, str], Result]) -> Iterator[Result]:
        """``lost(item, why)`` stands for the result of an item whose process died while on it."""
        if self.processes == 1:
            return map(function, items)
        from audit.engine import load_tables

        load_tables()  # once, so that the forked workers start with the tables
        items = iter(items)
        slices = iter(lambda: list(itertools.islice(items, _SLICE_PER_PROCESS * self.processes)), [])
        return itertools.chain.from_iterable(
            ordered_map(function, part, worker_count(self.processes, len(part)), lost) for part in slices)

    def audit_files(self, tasks: Iterable[Task], config: AuditConfig, input_format: str) -> Iterator[DocumentResult]:
        from audit.engine import audit_tasks

        return audit_tasks(tasks, config, input_format, self.jobs)


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
        return iter([DocumentResult(Document("", task.name), error=Columns.NEEDED)])
    if task.data is None:
        try:
            files.check_regular(task.path)  # rows are streamed, so no size limit; but a pipe would block
        except files.FileProblem as problem:
            return iter([DocumentResult(Document("", task.name), error=str(problem))])
    rows = reader.read(task.path, columns, config.encoding, task.data)
    batches = iter(lambda: list(itertools.islice(rows, _BATCH)), [])
    work = functools.partial(audit_rows, config=config)
    return itertools.chain.from_iterable(executor.map(work, batches, lost=_not_audited))


def _not_audited(rows: list[Row | InputError], why: str) -> list[DocumentResult]:
    """The results of a batch whose worker died: each row reported, none audited."""
    return [DocumentResult(Document("", row.path, row=getattr(row, "ref", None)), error=f"not audited: {why}")
            for row in rows]
