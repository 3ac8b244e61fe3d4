"""--jobs auto, the default: one process per core where the inputs pay for it, output byte for byte as --jobs 1.

Small inputs never fork by default, so these tests force the parallel path with the documented override
(PINYIN_AUDIT_PARALLEL_FROM_BYTES=0) and check, through a spy on the worker pools, that workers did run:
a comparison of two runs in one process would prove nothing.
"""

from __future__ import annotations

import filecmp
import json
import pathlib
import shutil

import pytest

from audit import engine, parallel, workers
from audit.formats import FORMAT_NAMES
from audit.inputs import Task
from audit.parallel import PARALLEL_FROM_BYTES_VARIABLE, jobs_for
from audit.workers import AUTO, ONE_PER_CORE, usable_cores

READERS = pathlib.Path(__file__).parent / "fixtures" / "readers"
LESSON = "今年(jīn nián)我们去北京(běi jīng)。\n书(shǔ)，银行(yín xíng)，和小红(hé xiǎo hóng)书。\n"

needs_two_cores = pytest.mark.skipif(usable_cores() < 2, reason="auto is one process on one core")


@pytest.fixture
def documents(tmp_path):
    """A directory of several documents: plain text, Markdown, HTML, label files, one that cannot be decoded."""
    directory = tmp_path / "docs"
    shutil.copytree(READERS, directory, ignore=shutil.ignore_patterns("*.csv", "*.tsv", "*.jsonl", "*.parquet"))
    for number in range(6):
        (directory / f"lesson{number}.txt").write_text(f"第{number}课：{LESSON}" * (number + 1), encoding="utf-8")
    (directory / "undecodable.txt").write_bytes(b"\xff\xfe\xfa(h\xc7\x8eo)\n")
    return directory


@pytest.fixture
def pools(monkeypatch):
    """The size of each pool of workers started; auto forks for any input of two documents or more."""
    monkeypatch.setenv(PARALLEL_FROM_BYTES_VARIABLE, "0")
    started = []

    def counted(function, items, processes, lost):
        started.append(processes)
        return workers.ordered_map(function, items, processes, lost)

    for module in (engine, parallel):  # documents, and the executor's map (fixes, datasets)
        monkeypatch.setattr(module, "ordered_map", counted)
    return started


def _in_parallel(pools: list[int]) -> bool:
    return bool(pools) and all(processes == usable_cores() for processes in pools)


@needs_two_cores
@pytest.mark.parametrize("options", [("--format", name) for name in FORMAT_NAMES] + [("--statistics",),
                                     ("--select", "T4", "--exit-zero"), ("--max-error-rate", "0.5")])
def test_the_default_writes_byte_for_byte_what_one_process_writes(cli, documents, pools, options):
    one = cli("check", str(documents), "--jobs", "1", *options)
    assert not pools
    assert cli("check", str(documents), *options) == one
    assert _in_parallel(pools) and one[0] == 2  # the undecodable file


@needs_two_cores
def test_baselines_are_written_and_read_the_same_by_the_default(cli, documents, pools, tmp_path):
    baseline = tmp_path / "baseline.json"
    one = cli("check", str(documents), "--jobs", "1", "--write-baseline", str(baseline)), baseline.read_bytes()
    assert (cli("check", str(documents), "--write-baseline", str(baseline)), baseline.read_bytes()) == one
    (documents / "lesson0.txt").write_text("你好(ní hǎo)\n", encoding="utf-8")  # a new finding, some gone
    assert cli("check", str(documents), "--baseline", str(baseline)) == \
        cli("check", str(documents), "--jobs", "1", "--baseline", str(baseline))
    assert _in_parallel(pools)


@needs_two_cores
def test_diff_and_fix_by_the_default_are_those_of_one_process(cli, documents, pools, tmp_path):
    assert cli("check", "--diff", "--unsafe-fixes", str(documents)) == \
        cli("check", "--diff", "--unsafe-fixes", "--jobs", "1", str(documents))
    copy = tmp_path / "copy"
    shutil.copytree(documents, copy)
    fixed = cli("check", "--fix", "--unsafe-fixes", str(documents))
    fixed_alone = cli("check", "--fix", "--unsafe-fixes", "--jobs", "1", str(copy))
    assert fixed == tuple(part if isinstance(part, int) else part.replace(str(copy), str(documents))
                          for part in fixed_alone)
    changed = filecmp.dircmp(documents, copy)
    assert not changed.diff_files and not changed.left_only and not changed.right_only
    assert (documents / "lesson0.txt").read_text(encoding="utf-8") != (f"第0课：{LESSON}")  # something was fixed
    assert _in_parallel(pools) and len(pools) == 2


@needs_two_cores
def test_a_dataset_is_audited_in_batches_by_the_default_as_by_one_process(cli, pools, tmp_path):
    rows = tmp_path / "rows.jsonl"
    lines = [json.dumps({"id": f"u{number}", "text": f"第{number}句：{LESSON.splitlines()[number % 2]}"},
                        ensure_ascii=False) for number in range(600)]  # three batches
    rows.write_text("\n".join(lines) + "\n", encoding="utf-8")
    arguments = ("check", str(rows), "--column", "text", "--id-column", "id", "--format", "json-lines")
    assert cli(*arguments) == cli(*arguments, "--jobs", "1")
    assert _in_parallel(pools)


@needs_two_cores
def test_the_report_written_by_the_default_is_that_of_one_process(cli, documents, pools, tmp_path):
    site = tmp_path / "site"
    default = cli("report", str(documents), "-o", str(site))
    site.rename(tmp_path / "default")
    assert cli("report", str(documents), "-o", str(site), "--jobs", "1") == default
    assert default[0] == 2  # written, then failed as check does, for the undecodable file
    compared = filecmp.dircmp(tmp_path / "default", site)
    assert not compared.diff_files and not compared.left_only and not compared.right_only
    assert _in_parallel(pools)


def test_standard_input_and_jobs_1_never_fork(cli, documents, pools, monkeypatch):
    monkeypatch.setattr("sys.stdin", open(documents / "text.txt", encoding="utf-8"))
    assert cli("check", "-")[0] == 1
    assert cli("check", str(documents), "--jobs", "1")[0] == 2
    assert not pools


def test_small_inputs_are_audited_in_one_process_by_default(cli, documents, pools, monkeypatch):
    monkeypatch.delenv(PARALLEL_FROM_BYTES_VARIABLE)
    assert cli("check", str(documents), "--jobs", "auto") == cli("check", str(documents))
    assert not pools


def test_auto_forks_from_the_size_set_and_not_below(documents, monkeypatch):
    tasks = [Task(str(path)) for path in sorted(documents.iterdir())] + [Task("-", data=b"x" * 10)]
    size = sum(path.stat().st_size for path in documents.iterdir()) + 10
    monkeypatch.setenv(PARALLEL_FROM_BYTES_VARIABLE, str(size))
    assert jobs_for(AUTO, tasks) == ONE_PER_CORE
    monkeypatch.setenv(PARALLEL_FROM_BYTES_VARIABLE, str(size + 1))
    assert jobs_for(AUTO, tasks) == 1
    assert jobs_for(3, tasks) == 3 and jobs_for(0, tasks) == 0  # a number given is obeyed


def test_a_size_that_is_not_a_number_is_a_usage_error(cli, documents, monkeypatch):
    monkeypatch.setenv(PARALLEL_FROM_BYTES_VARIABLE, "1M")
    code, out, err = cli("check", str(documents))
    assert code == 2 and err.strip() == (f"pinyin-audit: error: {PARALLEL_FROM_BYTES_VARIABLE} must be a whole "
                                         "number of bytes, got '1M'")
