"""A Dask cluster of processes of its own, started as README's "Large datasets" starts one: a `dask scheduler` and
`dask worker` processes of one thread, configured as ``audit.dask.worker_configuration`` says.

Shared by tests/test_cluster.py and benchmarks/dataset_scale.py.
"""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import signal
import subprocess
import sys
import time
from typing import Iterable, Iterator

DASK = pathlib.Path(sys.executable).with_name("dask")


class Cluster:
    """A scheduler and its workers, each a process of its own (a nanny and the worker it starts), their logs and
    their Dask configuration in ``directory``."""

    def __init__(self, directory: pathlib.Path) -> None:
        from audit.dask import worker_configuration  # Dask loaded only when a cluster is started

        self.directory = directory
        configuration = directory / "dask-configuration"
        configuration.mkdir(exist_ok=True)
        (configuration / "pinyin-audit.yaml").write_text(worker_configuration())
        self.environment = dict(os.environ, DASK_CONFIG=str(configuration))
        self.scheduler_file = directory / "scheduler.json"
        self.processes: dict[str, subprocess.Popen] = {}
        self.address = ""

    @property
    def pids(self) -> list[int]:
        return [process.pid for process in self.processes.values()]

    def start_scheduler(self) -> None:
        self._start("scheduler", [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0",
                                  "--dashboard-address", ":0", "--scheduler-file", str(self.scheduler_file)])
        self.address = json.loads(self._waited_for(self.scheduler_file.exists, self.scheduler_file.read_text))["address"]

    def add_worker(self, name: str, environment: dict[str, str] | None = None) -> None:
        """A worker joined, with ``environment`` set over the cluster's."""
        self.add_workers([name], environment)

    def add_workers(self, names: Iterable[str], environment: dict[str, str] | None = None) -> None:
        """Workers joined, each with ``environment`` set over the cluster's: all started, then each waited for, so
        that the seconds each spends loading Dask are spent side by side."""
        names = list(names)
        for name in names:
            self._start(name, [str(DASK), "worker", self.address, "--nthreads", "1", "--name", name,
                               "--dashboard-address", ":0"], environment)
        for log in [self.directory / f"{name}.log" for name in names]:
            self._waited_for(lambda log=log: "Registered to" in log.read_text(errors="replace"))

    def kill(self, name: str) -> None:
        """The process and those it started (a worker's nanny and its worker), at once: a machine gone."""
        with contextlib.suppress(ProcessLookupError):  # the group already gone (a nanny that gave up on its scheduler)
            os.killpg(self.processes[name].pid, signal.SIGKILL)
        self.processes.pop(name).wait()

    def close(self) -> None:
        for name in list(self.processes):
            self.kill(name)

    def _start(self, name: str, command: list[str], environment: dict[str, str] | None = None) -> None:
        with open(self.directory / f"{name}.log", "w") as log:  # the process writes to its own copy
            self.processes[name] = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=self.directory,
                                                    env={**self.environment, **(environment or {})},
                                                    start_new_session=True)  # a group to kill whole

    def _waited_for(self, ready, then=lambda: None, seconds: float = 120):
        deadline = time.monotonic() + seconds
        while not ready():
            assert time.monotonic() < deadline, "the cluster did not start"
            time.sleep(0.2)
        return then()


@contextlib.contextmanager
def started_cluster(directory: pathlib.Path, workers: Iterable[str] = ("one", "two")) -> Iterator[Cluster]:
    """A scheduler and a worker of each name, every one joined; whatever fails to start, nothing started is left
    running, and all of it is ended afterwards."""
    cluster = Cluster(directory)
    try:
        cluster.start_scheduler()
        cluster.add_workers(workers)
        yield cluster
    finally:
        cluster.close()
