"""Auditing on a Dask cluster: the command's ``--engine dask`` and ``audit_dataset``.

Needs the ``dask`` extra (``pip install 'pinyin-audit[dask]'``); nothing else
in ``audit`` imports this module unless Dask is asked for.

Every worker loads the tables once, when it joins (``LoadTables``), and keeps
them for every batch it audits.  Results come back in the order of the
input, the same results as a run in one process.  The command reads datasets
itself and sends their rows in batches, so the workers need not see its
files; document files are read by the workers, which then must see the same
paths.
"""

from __future__ import annotations

import functools
import os
import sys
from typing import Callable, Iterable, Iterator, Sequence, TypeVar

import dask
import distributed

from audit.config import AuditConfig
from audit.engine import audit_task, load_tables
from audit.exits import UserError
from audit.finding import DocumentResult
from audit.frame import FrameAudit, audit_records, frames_of, renumbered
from audit.inputs import Task
from audit.parallel import in_order
from audit.rows import Columns, missing_column
from audit.tables import freeze_lasting_tables
from audit.workers import worker_count

Item = TypeVar("Item")
Result = TypeVar("Result")

_PLUGIN_NAME = "pinyin-audit-tables"
_CONNECT_TIMEOUT = "10s"
# The scheduler serves HTTP whatever its dashboard (None means Dask's 8787, with a warning when another
# cluster holds it): a port the system chooses never clashes.
_ANY_FREE_PORT = ":0"
# What the workers of a local cluster do without, each costing them about a tenth of their time on label
# rows: sampling their own stacks every 10 ms for a dashboard nobody watches, and glibc handing freed
# memory back to the system at every 64 KB (Dask's default for the processes it starts), which the
# many short-lived objects of an audit then ask for again.
_LOCAL_WORKERS = {
    "distributed.worker.profile.enabled": False,
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}


class LoadTables(distributed.WorkerPlugin):
    """Loads the tables when a worker starts, so that its first batch is not slower than the rest.

    A worker in a process of its own opts in to ``freeze_lasting_tables``, as
    the command does: its heap is Dask's and the tables, which the cycle
    collector would otherwise walk on every full collection (about a tenth
    of the worker's time on label rows).  A worker running in the caller's
    process (a cluster of threads, in a notebook) leaves the caller's heap
    as it is.
    """

    def __init__(self) -> None:
        self.caller = os.getpid()

    def setup(self, worker: distributed.Worker) -> None:
        if os.getpid() != self.caller:
            freeze_lasting_tables()
        load_tables()


class DaskExecutor:
    """Batches sent to a cluster's workers, results gathered in order (see ``audit.parallel``)."""

    def __init__(self, client: distributed.Client, cluster: distributed.LocalCluster | None = None) -> None:
        self.client = client
        self.cluster = cluster
        _load_tables_on(client)

    @classmethod
    def connect(cls, scheduler: str | None, workers: int = 1) -> "DaskExecutor":
        """The cluster at ``scheduler``, or a new local one of ``workers`` processes (0: one per core)."""
        if scheduler is None:
            with dask.config.set(_LOCAL_WORKERS):
                cluster = distributed.LocalCluster(n_workers=worker_count(workers, sys.maxsize), threads_per_worker=1,
                                                   dashboard_address=_ANY_FREE_PORT)
            return cls(distributed.Client(cluster), cluster)
        try:
            return cls(distributed.Client(scheduler, timeout=_CONNECT_TIMEOUT))
        except (OSError, TimeoutError, ValueError) as error:
            raise UserError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from None

    def map(self, function: Callable[[Item], Result], items: Iterable[Item],
            lost: Callable[[Item, str], Result] | None = None) -> Iterator[Result]:
        """``lost`` is not needed: the cluster runs again elsewhere what a worker that died was running."""
        # Two items a worker: one it works on, one waiting, so that none idles while its next result is fetched.
        window = 2 * max(1, len(self.client.scheduler_info()["workers"]))
        return in_order(lambda item: self.client.submit(function, item, pure=False), items, window)

    def audit_files(self, tasks: Iterable[Task], config: AuditConfig, input_format: str) -> Iterator[DocumentResult]:
        return self.map(functools.partial(audit_task, config=config, input_format=input_format), tasks)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def __enter__(self) -> "DaskExecutor":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def audit_dataset(data, column: str | None = None, *, id_column: str | None = None,
                  text_column: str | None = None, pinyin_column: str | None = None, source_column: str | None = None,
                  config: AuditConfig | None = None, name: str = "<dataset>") -> FrameAudit:
    """Audit each row of a ``dask.dataframe`` (or each record, a dict, of a ``dask.bag``) on the cluster.

    The same frames as ``audit.audit_frame`` on the whole data in one process,
    rows numbered from 1 in the collection's order.  It runs on the current
    ``distributed.Client`` when there is one (each of its workers then loads
    the tables once), otherwise on Dask's default scheduler.
    """
    columns = Columns.chosen(column, text_column, pinyin_column, id_column, source_column)
    if hasattr(data, "columns"):  # a dataframe: a missing column is known before anything runs
        missing = missing_column(columns, data.columns)
        if missing:
            raise UserError(missing)
    _load_tables_on_current_client()
    audit_part = dask.delayed(_audit_partition, pure=True)
    parts = dask.compute(*[audit_part(part, name, columns, config) for part in data.to_delayed()])
    return renumbered(parts)


def _audit_partition(part, name: str, columns: Columns, config: AuditConfig | None) -> FrameAudit:
    """One partition's frames, its rows numbered from 1 (``renumbered`` numbers them throughout)."""
    records: Sequence = part[list(columns.needed)].to_dict("records") if hasattr(part, "columns") else part
    return frames_of(audit_records(name, records, columns, config))


def _load_tables_on_current_client() -> None:
    try:
        client = distributed.default_client()
    except ValueError:
        return  # no cluster: the local scheduler's threads share this process's tables
    _load_tables_on(client)


def _load_tables_on(client: distributed.Client) -> None:
    """Every worker of the cluster loads the tables, those there now and those that join later."""
    client.register_plugin(LoadTables(), name=_PLUGIN_NAME)
