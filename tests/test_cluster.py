"""A real Dask cluster, as README's "Large datasets" starts one: `dask scheduler` and two `dask worker` processes.

The command audits a JSON Lines and a Parquet dataset on it as it does in one process; a worker killed
mid-run leaves the other to finish; a cluster whose workers are all gone, or whose scheduler is, ends the run
with one line (exit 2); so does a worker of another version, there at the start or joining mid-run.  Ctrl-C on
the command's own local cluster (``--engine dask``) is the command's one line, not its workers' tracebacks.
Each process loads Dask and the tables, so these run only when PINYIN_AUDIT_SLOW_TESTS=1 (.ci/run sets it).
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import time
from typing import Callable

import pytest
from dask_cluster import Cluster, started_cluster

pytestmark = pytest.mark.skipif(os.environ.get("PINYIN_AUDIT_SLOW_TESTS") != "1",
                                reason="starts a Dask scheduler and workers: set PINYIN_AUDIT_SLOW_TESTS=1 (.ci/run does)")

# Label rows, some wrong, varied so that the rows are not all alike; enough for several batches of 256.
_SENTENCES = [("我去银行", "wo3 qu4 yin2 xing2"), ("他长大了", "ta1 zhang3 da4 le5"), ("你好", "ni3 hao3"),
              ("一个苹果", "yi2 ge4 ping2 guo3"), ("这本书很长", "zhe4 ben3 shu1 hen3 chang2")]
ROWS = [{"id": f"u{number}", "chars": chars * (1 + number % 3), "pinyin": " ".join([pinyin] * (1 + number % 3))}
        for number, (chars, pinyin) in enumerate(_SENTENCES * 300)]


@pytest.fixture
def cluster(tmp_path):
    with started_cluster(tmp_path) as started:
        yield started


def _dataset(directory: pathlib.Path, kind: str) -> str:
    if kind == "jsonl":
        path = directory / "labels.jsonl"
        path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in ROWS), encoding="utf-8")
    else:
        import pandas as pd

        path = directory / "labels.parquet"
        pd.DataFrame(ROWS).to_parquet(path, row_group_size=500)
    return str(path)


@pytest.fixture(scope="module")
def datasets(tmp_path_factory) -> dict[str, str]:
    """The rows as JSON Lines and as Parquet, written once: the tests only read them."""
    directory = tmp_path_factory.mktemp("labels")
    return {kind: _dataset(directory, kind) for kind in ("jsonl", "parquet")}


@pytest.fixture(scope="module")
def one_process(datasets) -> dict[str, tuple[int, bytes, bytes]]:
    """Each dataset's audit in one process (``--jobs 1``), what a run on a cluster must give: run once for the
    tests that compare with it."""
    return {kind: _finished(_check(data, "--jobs", "1")) for kind, data in datasets.items()}


def _check(*argv: str, output: pathlib.Path | None = None) -> subprocess.Popen:
    command = [sys.executable, "-m", "audit", "check", "--text-column", "chars", "--pinyin-column", "pinyin",
               "--id-column", "id", *argv]
    return subprocess.Popen(command, stdout=open(output, "wb") if output else subprocess.PIPE, stderr=subprocess.PIPE)


def _finished(process: subprocess.Popen) -> tuple[int, bytes, bytes]:
    """The run's exit status and output; a run still going after ten minutes is killed, so that CI never hangs."""
    try:
        out, err = process.communicate(timeout=600)
    except BaseException:
        _stop(process)
        raise
    return process.returncode, out or b"", err


def _stop(process: subprocess.Popen) -> None:
    """A run killed and waited for, so that a test that fails leaves no process behind."""
    process.kill()
    process.communicate()


def test_a_cluster_audits_jsonl_and_parquet_as_one_process_does_in_the_same_order(cluster, datasets, one_process):
    for kind, data in datasets.items():
        code, out, err = one_process[kind]
        assert code == 1 and out.count(b"\n") > 300
        assert _finished(_check(data, "--scheduler", cluster.address)) == (code, out, err)


def _killed_mid_run(cluster: Cluster, data: str, tmp_path: pathlib.Path,
                    workers: list[str]) -> tuple[int, bytes, bytes]:
    """The run's result on ``data`` when ``workers`` are killed once it has written some findings."""
    return _mid_run(cluster, data, tmp_path, lambda: [cluster.kill(name) for name in workers])


def _mid_run(cluster: Cluster, data: str, tmp_path: pathlib.Path,
             change: Callable[[], object]) -> tuple[int, bytes, bytes]:
    """The run's result on ``data`` when the cluster is changed once it has written some findings."""
    output = tmp_path / "findings.txt"
    run = _check(data, "--scheduler", cluster.address, output=output)
    try:
        deadline = time.monotonic() + 300
        while not output.stat().st_size and run.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert run.poll() is None, "the run ended before the cluster could be changed"
        change()
    except BaseException:
        _stop(run)
        raise
    code, _, err = _finished(run)
    return code, output.read_bytes(), err


def test_a_worker_killed_mid_run_leaves_the_other_to_finish_the_same_audit(cluster, datasets, one_process, tmp_path):
    assert _killed_mid_run(cluster, datasets["jsonl"], tmp_path, ["one"]) == one_process["jsonl"]


def test_a_cluster_whose_workers_are_all_gone_ends_the_run_in_one_line(cluster, datasets, tmp_path):
    code, _, err = _killed_mid_run(cluster, datasets["jsonl"], tmp_path, ["one", "two"])
    assert code == 2
    assert err.decode() == (f"pinyin-audit: error: the Dask cluster at {cluster.address} has had no workers for "
                            "10 s, and what it held is not audited\n")


def test_a_scheduler_gone_mid_run_ends_it_in_one_line(cluster, datasets, tmp_path):
    code, _, err = _killed_mid_run(cluster, datasets["jsonl"], tmp_path, ["scheduler"])
    assert (code, err.decode()) == (2, f"pinyin-audit: error: the Dask scheduler at {cluster.address} stopped, or the "
                                       "connection to it broke, and what it held is not audited\n")


def _another_version(directory: pathlib.Path) -> dict[str, str]:
    """The environment of a worker whose pinyin-audit says it is another version (Python runs sitecustomize at
    start-up)."""
    elsewhere = directory / "another-version"
    elsewhere.mkdir(exist_ok=True)
    (elsewhere / "sitecustomize.py").write_text("import audit.version\naudit.version.__version__ = '0.0.1'\n")
    return {"PYTHONPATH": str(elsewhere)}


_ANOTHER_VERSION = (r"pinyin-audit: error: the Dask worker tcp://127\.0\.0\.1:\d+ runs pinyin-audit 0\.0\.1, the "
                    r"command \S+: install the same version on every machine of the cluster\n")


def test_a_worker_of_another_version_is_refused_in_one_line(datasets, tmp_path):
    """Its rules and tables may differ: the findings would depend on which worker a row went to."""
    with started_cluster(tmp_path, workers=()) as started:
        started.add_worker("older", _another_version(tmp_path))
        code, out, err = _finished(_check(datasets["jsonl"], "--scheduler", started.address))
    assert (code, out) == (2, b"") and re.fullmatch(_ANOTHER_VERSION, err.decode())


def test_a_worker_of_another_version_that_joins_mid_run_is_refused_in_one_line(cluster, datasets, tmp_path):
    """Not there when the command started, it was not asked then: the rows it is sent ask it."""
    cluster.kill("two")

    def replaced_by_another_version() -> None:  # the rows left wait for a worker, which comes, of another version
        cluster.kill("one")
        cluster.add_worker("older", _another_version(tmp_path))

    code, _, err = _mid_run(cluster, datasets["jsonl"], tmp_path, replaced_by_another_version)
    assert code == 2 and re.fullmatch(_ANOTHER_VERSION, err.decode())


def test_ctrl_c_on_the_commands_own_cluster_is_one_line_and_exit_130(tmp_path):
    """The terminal sends Ctrl-C to the command's whole process group, the workers of its cluster too: they leave
    it to the command, which closes the cluster, and say nothing."""
    rows = tmp_path / "labels.jsonl"
    rows.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in ROWS * 20), encoding="utf-8")
    command = [sys.executable, "-m", "audit", "check", "--text-column", "chars", "--pinyin-column", "pinyin",
               "--id-column", "id", "--engine", "dask", "--jobs", "2", str(rows)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    process.stdout.readline()  # the cluster has started, and audits
    os.killpg(process.pid, signal.SIGINT)  # as a terminal sends it, to the group the command leads
    code, _, err = _finished(process)
    assert (code, err.decode()) == (130, "pinyin-audit: interrupted\n")
