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
import gc
import logging
import os
import signal
import sys
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Sequence, TypeVar

from audit import version
from audit.config import AuditConfig
from audit.engine import LOGGER_NAME, audit_task, load_tables
from audit.exits import UserError
from audit.finding import DocumentResult
from audit.frame import FrameAudit, audit_records, frames_of, renumbered
from audit.inputs import Task
from audit.parallel import in_order
from audit.rows import DASK_EXTRA, Columns, missing_column
from audit.tables import freeze_lasting_tables
from audit.workers import worker_count

if TYPE_CHECKING:  # imported where a scheduler is reached, as only a run on a cluster does
    import socket

try:
    import dask
    import distributed
    from distributed.comm import CommClosedError
except ImportError as error:  # a notebook importing audit.dask: say which extra brings it
    raise ImportError(f"audit.dask needs dask.distributed: {DASK_EXTRA}") from error

Item = TypeVar("Item")
Result = TypeVar("Result")

_PLUGIN_NAME = "pinyin-audit-tables"
# How long a scheduler may take to answer once its port is reached, and a cluster to have a worker: a cluster
# with none would hold the rows sent to it until one came.
_ANSWER_TIMEOUT = 10.0
_CONNECT_TIMEOUT = f"{_ANSWER_TIMEOUT:g}s"
_WORKER_WAIT = 10.0
# A scheduler's port is first reached directly, so that one refused, an unknown host or no answer at all is
# said in a few seconds (Dask itself retries for the whole connect timeout).
_REACH_TIMEOUT = 3.0
# The scheduler serves HTTP whatever its dashboard (None means Dask's 8787, with a warning when another
# cluster holds it): a port the system chooses never clashes.
_ANY_FREE_PORT = ":0"
# What the workers of a local cluster do without, and those of a cluster of one's own should (see
# ``worker_configuration``), each costing them about a tenth of their time on label rows: sampling their own
# stacks every 10 ms for a dashboard nobody watches, and glibc handing freed memory back to the system at
# every 64 KB (Dask's default for the processes it starts), which the many short-lived objects of an audit
# then ask for again.
WORKER_CONFIGURATION = {
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

    A worker of the command's own local cluster leaves Ctrl-C to the command,
    as its ``--jobs`` workers do: the terminal sends it to every process of
    the command's group, and each worker would print its traceback under the
    command's one line, while the command closes the cluster anyway.
    """

    def __init__(self, ctrl_c_to_caller: bool = False) -> None:
        self.caller = os.getpid()
        self.version = version.__version__
        self.ctrl_c_to_caller = ctrl_c_to_caller

    def setup(self, worker: distributed.Worker) -> None:
        _refuse_another_version(self.version, worker)  # said to the command by the workers there when it starts
        if os.getpid() != self.caller:
            freeze_lasting_tables()
            if self.ctrl_c_to_caller:
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # set up in the worker's main thread, its event loop's
        load_tables()


class DaskExecutor:
    """Batches sent to a cluster's workers, results gathered in order (see ``audit.parallel``)."""

    def __init__(self, client: distributed.Client, cluster: distributed.LocalCluster | None = None) -> None:
        self.client = client
        self.cluster = cluster
        self.logging_disabled = _quiet_logging()
        try:
            _load_tables_on(client, ctrl_c_to_caller=cluster is not None)
        except BaseException:  # a worker of another version: nothing is left running
            self.close()
            raise

    @classmethod
    def connect(cls, scheduler: str | None, workers: int = 1) -> "DaskExecutor":
        """The cluster at ``scheduler``, or a new local one of ``workers`` processes (0: one per core)."""
        if scheduler is None:
            with dask.config.set(WORKER_CONFIGURATION):
                cluster = distributed.LocalCluster(n_workers=worker_count(workers, sys.maxsize), threads_per_worker=1,
                                                   dashboard_address=_ANY_FREE_PORT, silence_logs=_worker_log_level())
            return cls(distributed.Client(cluster), cluster)
        _reach(scheduler)
        try:
            client = distributed.Client(scheduler, timeout=_CONNECT_TIMEOUT)
        except Exception as error:  # whatever answered the port, it was no Dask scheduler (its dashboard's HTTP)
            raise _not_a_scheduler(scheduler, _reason(error)) from None
        try:
            client.wait_for_workers(1, timeout=_WORKER_WAIT)
        except TimeoutError:
            client.close()
            raise UserError(f"the Dask scheduler at {scheduler} has no workers: start them with "
                            f"dask worker {scheduler}") from None
        return cls(client)

    def map(self, function: Callable[[Item], Result], items: Iterable[Item],
            lost: Callable[[Item, str], Result]) -> Iterator[Result]:
        """``lost(item, why)`` stands for the result of an item the cluster gave up on: it runs again elsewhere
        what a worker that died was running, and gives up on an item that every worker it went to died with
        (``distributed.scheduler.allowed-failures``, 3 by default, besides the first)."""
        # Two items a worker: one it works on, one waiting, so that none idles while its next result is fetched.
        window = 2 * max(1, self._workers())
        function = functools.partial(_in_version, version.__version__, function)
        return in_order(lambda item: _Submitted(self, item, self.client.submit(function, item, pure=False), lost),
                        items, window)

    def audit_files(self, tasks: Iterable[Task], config: AuditConfig, input_format: str) -> Iterator[DocumentResult]:
        return self.map(functools.partial(audit_task, config=config, input_format=input_format), tasks,
                        lost=lambda task, why: DocumentResult.not_audited(task.name, why))

    def _workers(self) -> int:
        return len(self.client.scheduler_info()["workers"])

    def wait(self, future: distributed.Future):
        """The future's result; ``UserError`` when the cluster has had no worker for ``_WORKER_WAIT`` seconds,
        rather than waiting for ever for one to come back."""
        without_workers = 0.0
        while True:
            try:
                # Waited for first: a fetch that times out (``result(timeout)``) leaves a task behind, to fail
                # noisily when the client closes.  Then fetched, unless the worker holding it has died since.
                distributed.wait(future, timeout=_WORKER_WAIT / 2)
                return future.result(timeout=_WORKER_WAIT / 2)
            except TimeoutError:
                without_workers = without_workers + _WORKER_WAIT / 2 if not self._workers() else 0.0
                if without_workers >= _WORKER_WAIT:
                    raise UserError(f"the Dask cluster at {self.client.scheduler.address} has had no workers for "
                                    f"{_WORKER_WAIT:.0f} s, and what it held is not audited") from None
            except (distributed.CancelledError, CommClosedError):  # the client's futures, when its scheduler is gone
                raise UserError(f"the Dask scheduler at {self.client.scheduler.address} stopped, or the connection "
                                "to it broke, and what it held is not audited") from None

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        # A fetch that timed out left a task that failed when the client closed; collected now, while logging is
        # quiet, it says so to no one rather than on standard error when the command exits.
        gc.collect()
        logging.disable(self.logging_disabled)

    def __enter__(self) -> "DaskExecutor":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def worker_configuration() -> str:
    """``WORKER_CONFIGURATION`` as a Dask configuration file writes it (YAML): the workers of a cluster of one's
    own read it from a file of their configuration directory (``~/.config/dask/pinyin-audit.yaml``)."""
    import yaml

    nested: dict = {}
    for key, value in WORKER_CONFIGURATION.items():
        *sections, name = key.split(".")
        level = nested
        for section in sections:
            level = level.setdefault(section, {})
        level[name] = value
    return yaml.safe_dump(nested)


def _refuse_another_version(expected: str, worker: distributed.Worker) -> None:
    """``UserError`` on a worker whose pinyin-audit is not the command's: its rules and tables may differ, and
    the findings would depend on which worker a row went to."""
    if version.__version__ != expected:
        raise UserError(f"the Dask worker {worker.address} runs pinyin-audit {version.__version__}, the command "
                        f"{expected}: install the same version on every machine of the cluster")


def _in_version(expected: str, function: Callable[[Item], Result], item: Item) -> Result:
    """``function(item)`` on a worker of the command's version (one that joined the cluster since the command
    started was not asked when it did)."""
    _refuse_another_version(expected, distributed.get_worker())
    return function(item)


def _quiet_logging() -> int:
    """Logging in this process quieted, but under ``--debug``; the level it was disabled at before.

    Dask's client logs what it copes with (a result fetched again from where it was rescheduled when a worker
    died), while the command says in one line what could not be coped with.
    """
    disabled = logging.root.manager.disable
    if not _debugging():
        logging.disable(logging.CRITICAL)
    return disabled


def _worker_log_level() -> int:
    """The level below which the workers of the command's own cluster log nothing: as the command's own logging
    (``_quiet_logging``), all but under ``--debug``; interrupted, each worker would log the tasks cancelled under
    it and the scheduler gone."""
    return logging.WARNING if _debugging() else logging.CRITICAL + 1


def _debugging() -> bool:
    """Whether the command runs under ``--debug``, which alone lets Dask's logging through."""
    return logging.getLogger(LOGGER_NAME).isEnabledFor(logging.DEBUG)


class _Submitted:
    """An item sent to the cluster: its result, or what stands for it if the cluster gave up on it."""

    def __init__(self, executor: DaskExecutor, item, future: distributed.Future, lost: Callable) -> None:
        self.executor, self.item, self.future, self.lost = executor, item, future, lost

    def result(self):
        try:
            return self.executor.wait(self.future)
        except distributed.KilledWorker as error:
            return self.lost(self.item, f"the {error.allowed_failures + 1} Dask workers that took it died, the last "
                                        f"at {error.last_worker.address} (its log may say why)")


def _reach(scheduler: str) -> None:
    """``UserError`` when a TCP scheduler's port cannot be reached (refused, an unknown host, no answer) or what
    listens there does not greet as a Dask scheduler does."""
    import socket

    from distributed.comm.addressing import parse_address, parse_host_port

    try:
        protocol, location = parse_address(scheduler)
        if protocol != "tcp":
            return  # TLS, websockets, in-process: Dask's own connect says what goes wrong
        host, port = parse_host_port(location)
        with socket.create_connection((host, port), timeout=_REACH_TIMEOUT) as connection:
            silence = _silence_of(connection)
    except ConnectionResetError:
        # Reached, then reset: while waiting for a word, or, on a busy machine, before the connect had returned
        # (a port nothing listens on refuses the connection, it does not reset it).
        silence = "it reset the connection without a word"
    except (OSError, ValueError) as error:
        raise UserError(f"cannot reach the Dask scheduler at {scheduler}: {_reason(error)}") from None
    if silence:
        raise _not_a_scheduler(scheduler, silence)


def _silence_of(connection: socket.socket) -> str:
    """How the other end did not speak first, as a Dask scheduler does (its handshake) and a web server such as
    the scheduler's dashboard does not; "" when it did.  Dask's client, whose handshake the dashboard cannot read,
    would wait for its answer for ever, whatever its connect timeout."""
    connection.settimeout(_ANSWER_TIMEOUT)
    try:
        said = connection.recv(1)
    except TimeoutError:
        return f"it said nothing in {_ANSWER_TIMEOUT:g} s, as a web server waits to be asked"
    return "" if said else "it closed the connection without a word"


def _not_a_scheduler(scheduler: str, reason: str) -> UserError:
    return UserError(f"the Dask scheduler at {scheduler} did not answer as one: {reason} (is it the scheduler's "
                     "address, tcp://HOST:8786 by default?)")


def _reason(error: BaseException) -> str:
    if isinstance(error, MemoryError):  # an answer that is no Dask message, its first bytes read as a length
        return "its answer is no Dask message"
    if isinstance(error, TimeoutError) and not error.strerror:
        return f"no answer in {_REACH_TIMEOUT:.0f} s"
    return getattr(error, "strerror", None) or str(error) or type(error).__name__


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


def _load_tables_on(client: distributed.Client, ctrl_c_to_caller: bool = False) -> None:
    """Every worker of the cluster loads the tables, those there now and those that join later."""
    client.register_plugin(LoadTables(ctrl_c_to_caller), name=_PLUGIN_NAME)
