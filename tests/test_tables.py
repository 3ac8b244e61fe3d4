"""Tables kept on disk: built once, read back after, checked on every read, rebuilt when wrong, never required."""

from __future__ import annotations

import array
import marshal
import mmap
import os
import pathlib
import shutil
import subprocess
import sys
import time
from unittest import mock

import pytest

from audit import __version__, tables
from audit.engine import audit_text
from audit.tables import COUNT, TEXT, cache_directory, stored
from audit.words import BucketsKept


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "pinyin-audit"


def _only_file(cache):
    """The one table file in the cache (beside the lock that builds take turns by)."""
    (path,) = cache.glob("*.table*")
    return path


def test_a_stored_table_is_built_once_then_read_back(cache):
    build = mock.Mock(return_value={"银行": "yín háng", "行长": "háng zhǎng"})
    assert stored("test-table", build, TEXT).get("银行") == "yín háng"
    again = stored("test-table", build, TEXT)
    assert again.get("行长") == "háng zhǎng" and "银行" in again and "银" not in again and again.get("") is None
    assert build.call_count == 1
    path = _only_file(cache)  # no partial file left
    assert path.name.startswith(f"test-table-{__version__}-") and path.suffix == ".table"


def test_a_table_built_from_a_source_file_is_built_again_when_the_file_changes(cache, tmp_path):
    source = tmp_path / "words.txt"
    source.write_text("银行 yín háng", encoding="utf-8")
    build = mock.Mock(side_effect=lambda: dict([source.read_text(encoding="utf-8").split(" ", 1)]))
    assert stored("test-table", build, TEXT, sources=[str(source)]).get("银行") == "yín háng"
    assert stored("test-table", build, TEXT, sources=[str(source)]).get("银行") == "yín háng"
    assert build.call_count == 1
    source.write_text("银行 yín hang", encoding="utf-8")
    assert stored("test-table", build, TEXT, sources=[str(source)]).get("银行") == "yín hang"
    assert build.call_count == 2


def test_a_source_file_written_again_unchanged_keeps_its_table(cache, tmp_path):
    """A fresh install writes the project's files anew, each with a new modification time, their content the same."""
    source = tmp_path / "words.txt"
    source.write_text("银行 yín háng", encoding="utf-8")
    build = mock.Mock(side_effect=lambda: dict([source.read_text(encoding="utf-8").split(" ", 1)]))
    stored("test-table", build, TEXT, sources=[str(source)])
    os.utime(source, (time.time() + 3600, time.time() + 3600))
    assert stored("test-table", build, TEXT, sources=[str(source)]).get("银行") == "yín háng"
    assert build.call_count == 1


def test_an_installed_data_package_is_known_by_its_version_and_content_not_when_it_was_installed(tmp_path):
    """Every CI job installs its packages anew: keyed by their install time, a cached table was never read."""
    package = tmp_path / "site" / "wordlist"
    package.mkdir(parents=True)
    origin = package / "__init__.py"
    origin.write_text("# -*- coding: utf-8 -*-\n", encoding="utf-8")
    (package.parent / "wordlist-1.0.dist-info").mkdir()
    (package.parent / "wordlist_extra-2.0.dist-info").mkdir()  # another distribution's, whose name starts alike
    installed = tables._installed("wordlist", str(origin))
    os.utime(origin, (time.time() + 3600, time.time() + 3600))
    assert tables._installed("wordlist", str(origin)) == installed
    (package.parent / "wordlist-1.0.dist-info").rename(package.parent / "wordlist-1.1.dist-info")
    upgraded = tables._installed("wordlist", str(origin))
    assert upgraded != installed
    origin.write_text("__version__ = '1.1'\n", encoding="utf-8")
    assert tables._installed("wordlist", str(origin)) not in (installed, upgraded)


def _index_pointing_elsewhere(data: bytes, key: str) -> bytes:
    """The file with the index's entry for ``key``'s bucket pointing at the first bucket, a well-formed one,
    its checksum left: no checksum covers the index itself, so only the bucket's own can tell."""
    header_start = len(tables._MAGIC) + tables._HEADER.size
    header_length, _ = tables._HEADER.unpack_from(data, len(tables._MAGIC))
    buckets = marshal.loads(data[header_start : header_start + header_length])[-1]
    start = tables._aligned(header_start + header_length)
    end = start + buckets * tables._INDEX_ENTRY_BYTES
    index = array.array(tables._INDEX_ITEM.typecode, data[start:end])
    entry = tables._INDEX_ENTRY_ITEMS * tables.bucket_number(key, buckets - 1)
    index[entry : entry + 2] = index[0:2]  # offset and length
    return data[:start] + index.tobytes() + data[end:]


@pytest.mark.parametrize("damage", [
    pytest.param(lambda data: marshal.dumps({}), id="valid marshal of another shape"),
    pytest.param(lambda data: b"\x00 not marshal", id="not marshal"),
    pytest.param(lambda data: data[: len(data) // 2], id="cut short"),
    pytest.param(lambda data: data.replace("háng".encode(), "xíng".encode()), id="an entry changed"),
    pytest.param(lambda data: _index_pointing_elsewhere(data, "银行"), id="an entry of the index changed"),
])
def test_a_damaged_file_is_built_again(cache, damage):
    stored("test-table", lambda: {"银行": "yín háng"}, TEXT)
    path = _only_file(cache)
    path.write_bytes(damage(path.read_bytes()))
    build = mock.Mock(return_value={"银行": "yín háng"})
    assert stored("test-table", build, TEXT).get("银行") == "yín háng"
    assert build.call_count == 1
    assert stored("test-table", build, TEXT).get("银行") == "yín háng"  # the rebuilt file is good
    assert build.call_count == 1


def test_a_table_damaged_after_it_was_opened_keeps_its_buckets_when_built_again(cache):
    """A bucket found damaged once the table is open: built again larger, the table still finds every key by the
    number of buckets it opened with."""
    stored("test-table", lambda: {"银行": "yín háng"}, TEXT)
    path = _only_file(cache)
    path.write_bytes(path.read_bytes().replace("háng".encode(), "xíng".encode()))
    grown = {"银行": "yín háng", **{chr(0x4E00 + number) * 2: "yī yī" for number in range(1000)}}
    table = stored("test-table", lambda: grown, TEXT)
    assert all(table.get(key) == value for key, value in grown.items())


@pytest.mark.parametrize("damage", [
    pytest.param(lambda data: b"not a table" + data, id="wrong magic"),
    pytest.param(lambda data: data.replace(b"test-table", b"best-table"), id="header of another table"),
    pytest.param(lambda data: data[:-1], id="one byte short"),
])
def test_a_file_rejected_when_opened_is_closed(cache, monkeypatch, damage):
    stored("test-table", lambda: {"银行": "yín háng"}, TEXT)
    path = _only_file(cache)
    path.write_bytes(damage(path.read_bytes()))
    mapped_files = []
    real_mmap = mmap.mmap

    def mapping(*arguments, **keywords):
        mapped_files.append(real_mmap(*arguments, **keywords))
        return mapped_files[-1]

    monkeypatch.setattr(mmap, "mmap", mapping)
    assert stored("test-table", lambda: {"银行": "yín háng"}, TEXT).get("银行") == "yín háng"
    assert mapped_files and all(mapped.closed for mapped in mapped_files)  # looked at again once its turn to build came


def test_entries_of_another_shape_are_built_again(cache):
    """A whole, well-formed file whose entries are not what the table holds (counts for readings)."""
    stored("test-table", lambda: {"银行": 2}, COUNT)
    build = mock.Mock(return_value={"银行": "yín háng"})
    assert stored("test-table", build, TEXT).get("银行") == "yín háng"
    assert build.call_count == 1


def test_a_file_from_other_versions_is_built_again(cache):
    with mock.patch("audit.tables._version_key", return_value="0.0.1-f0-py30-data0"):
        stored("test-table", lambda: {"银行": "yín xíng"}, TEXT)
    old = _only_file(cache)
    built_before = old.read_bytes()
    old.unlink()
    stored("test-table", lambda: {"银行": "yín háng"}, TEXT)
    _only_file(cache).write_bytes(built_before)  # the old file under the current name
    assert stored("test-table", lambda: {"银行": "yín háng"}, TEXT).get("银行") == "yín háng"


def test_building_a_table_removes_other_versions_files_unused_for_a_week(cache, tmp_path):
    """Nothing removed them: the cache kept every installed version's tables (3.5 GB after many versions).  A
    version installed side by side, read within the week, keeps its files, or each would build by turns."""
    stored("test-table", lambda: {"a": 1}, COUNT)
    ours = _only_file(cache)
    eight_days_ago, yesterday = time.time() - 8 * 86400, time.time() - 86400
    unused = cache / "test-table-0.0.9-f6-py311-data00000000.table"
    read_yesterday = cache / "test-table-0.0.8-f6-py311-data00000000.table"
    not_a_table = cache / "notes-0.0.9.txt"
    in_a_directory = cache / "old" / "test-table-0.0.9.table"
    outside = tmp_path / "elsewhere-0.0.9.table"
    for path in (unused, read_yesterday, not_a_table, in_a_directory, outside):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"table")
        os.utime(path, (eight_days_ago, eight_days_ago))
    os.utime(read_yesterday, (yesterday, eight_days_ago))
    link = cache / "link-0.0.9.table"
    link.symlink_to(outside)
    os.utime(ours, (eight_days_ago, eight_days_ago))  # this version's are never removed, however old
    _build_in_the_next_run(cache, "test-table")  # opened, not built: nothing removed
    assert unused.exists()
    _build_in_the_next_run(cache, "another-table")
    assert not unused.exists()
    left = {path.name for path in cache.iterdir()}
    assert left == {ours.name, read_yesterday.name, not_a_table.name, "old", link.name, "build.lock",
                    f"another-table-{tables._version_key()}.table"}
    assert in_a_directory.exists() and outside.exists()


def test_building_a_table_removes_what_a_killed_build_left_unused_for_a_week(cache):
    """A build killed between writing its table and renaming it into place leaves ``NAME-VERSION.table.PID``,
    this version's or another's; one written within the week may be a build still running."""
    stored("test-table", lambda: {"a": 1}, COUNT)
    ours = _only_file(cache)
    eight_days_ago = time.time() - 8 * 86400
    left_by_ours, left_by_another = cache / f"{ours.name}.4242", cache / "test-table-0.0.9-f6.table.4243"
    being_written = cache / f"{ours.name}.4244"
    not_a_build = cache / f"{ours.name}.bak"
    for path in (left_by_ours, left_by_another, being_written, not_a_build):
        path.write_bytes(b"tab")
    for path in (left_by_ours, left_by_another, not_a_build):
        os.utime(path, (eight_days_ago, eight_days_ago))
    _build_in_the_next_run(cache, "another-table")
    assert not left_by_ours.exists() and not left_by_another.exists()
    assert being_written.exists() and not_a_build.exists() and ours.exists()


def _build_in_the_next_run(cache, name):
    """The table ``name`` (``{"b": 2}``) opened, or built, by a process of its own: a process looks for other
    versions' files once, at its first build."""
    opening = f"from audit.tables import COUNT, stored; stored({name!r}, lambda: {{'b': 2}}, COUNT)"
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache.parent)}
    subprocess.run([sys.executable, "-c", opening], env=environment, check=True, timeout=60)


def test_a_process_looks_for_other_versions_files_once_however_many_tables_it_builds(cache, monkeypatch):
    """A first run builds 26 tables, and listed the cache directory for each."""
    listings = mock.Mock(wraps=os.scandir)
    monkeypatch.setattr(tables.os, "scandir", listings)
    for name in ("test-table", "another-table", "a-third-table"):
        stored(name, lambda: {"a": 1}, COUNT)
    listings.assert_called_once_with(str(cache))


# Builds "test-table", noting that it does, once the file "go" is there; prints what it read, and on standard error
# what it was told of the tables.
_BUILD_WHEN_TOLD = """
import pathlib, sys, time
from audit import tables
from audit.tables import COUNT, stored
here = pathlib.Path(sys.argv[1])
tables.before_first_build.hook = lambda: print("building", file=sys.stderr)
tables.waiting_for_another_build.hook = lambda: print("waiting", file=sys.stderr)
def build():
    with open(here / "builds", "a") as log:
        log.write(sys.argv[2] + "\\n")
    while not (here / "go").exists():
        time.sleep(0.01)
    return {"a": 1}
print(stored("test-table", build, COUNT).get("a"))
"""


@pytest.mark.skipif(os.name != "posix", reason="workers are forked, and builds take turns, where POSIX is")
def test_processes_sharing_the_cache_build_a_missing_table_once(tmp_path):
    """A run's forked workers met the same tables missing at once, and each built them all: twice the CPU of a
    second run, and every table held whole in each process.  The second now waits its turn and reads the file,
    and says it waits, not (as it did, before taking its turn) that it builds."""
    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}

    def started(name):
        return subprocess.Popen([sys.executable, "-c", _BUILD_WHEN_TOLD, str(tmp_path), name], env=environment,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    first = started("first")
    deadline = time.monotonic() + 60
    while not (tmp_path / "builds").exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    second = started("second")
    time.sleep(2)  # the second reaches the table missing, and builds it too or waits its turn
    (tmp_path / "go").touch()
    assert [process.communicate(timeout=120) for process in (first, second)] == [("1\n", "building\n"),
                                                                                ("1\n", "waiting\n")]
    assert (tmp_path / "builds").read_text() == "first\n"


# Builds "test-table", waiting its turn at most half a second; prints what it read.
_BUILD_AFTER_A_SHORT_WAIT = """
from audit import tables
tables._LONGEST_WAIT = 0.5
print(tables.stored("test-table", lambda: {"a": 1}, tables.COUNT).get("a"))
"""


@pytest.mark.skipif(os.name != "posix", reason="builds take turns where POSIX is")
def test_a_build_waits_for_its_turn_only_so_long(tmp_path):
    """A process holding the turn to build that never lets go (stopped in another terminal, or hung) kept every other
    run waiting with it, however long: past the longest wait, a process builds the table itself, as it did before
    builds took turns."""
    import fcntl

    (tmp_path / "pinyin-audit").mkdir()
    with open(tmp_path / "pinyin-audit" / "build.lock", "ab") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        waiting = subprocess.Popen([sys.executable, "-c", _BUILD_AFTER_A_SHORT_WAIT], stdout=subprocess.PIPE,
                                   env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)}, text=True)
        try:
            assert waiting.communicate(timeout=30)[0] == "1\n"
        finally:
            waiting.kill()
            waiting.wait()


def test_without_a_writable_cache_the_table_is_still_built(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert stored("test-table", lambda: {"a": 1}, COUNT).get("a") == 1
    assert not os.path.isdir(blocked)


def test_a_relative_xdg_cache_home_is_ignored(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", "relative-cache")
    assert pathlib.Path(cache_directory()) == tmp_path / "home" / ".cache" / "pinyin-audit"
    stored("test-table", lambda: {"a": 1}, COUNT)
    assert not (tmp_path / "relative-cache").exists()


def test_an_emptied_table_file_does_not_drop_findings(tmp_path):
    """The probe's case: readings-in-phrases replaced by an empty dict silenced R302 on 银行(yín xíng)."""
    text = "我们去银行(yín xíng)取钱。"
    audit_text(text)  # every table this needs is in the test run's cache now
    cache = tmp_path / "pinyin-audit"
    cache.mkdir()
    for table in pathlib.Path(cache_directory()).glob(f"*-{tables._version_key()}.table"):  # this version's alone
        shutil.copy(table, cache)
    damaged = cache / os.path.basename(tables._path("readings-in-phrases"))
    damaged.write_bytes(marshal.dumps({}))
    document = tmp_path / "bank.txt"
    document.write_text(text + "\n", encoding="utf-8")
    completed = subprocess.run([sys.executable, "-m", "audit", "check", str(document)], capture_output=True,
                               text=True, env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)})
    assert "R302" in completed.stdout, completed.stdout + completed.stderr
    assert damaged.stat().st_size > 1000  # built again


def test_a_bucket_holds_every_word_starting_with_the_same_two_characters(cache):
    """Callers look up words of any length in the bucket of their first two characters, through the table or
    the buckets they keep (a large table: many buckets, and words of one character among them)."""
    words = {f"{chr(0x4E00 + i % 500)}{chr(0x4E00 + i // 500)}{'行' * (i % 4)}": i for i in range(20_000)}
    words.update({chr(0x4E00 + i): -i for i in range(500)})
    stored("test-table", lambda: words, COUNT)
    table = stored("test-table", mock.Mock(), COUNT)
    kept = BucketsKept(table)
    assert table.mask + 1 > 1000
    assert all(word in table.bucket_of(word[:2]) and word in kept.bucket_of(word[:2]) and table.get(word) == count
               for word, count in words.items())
    assert table.bucket_of("一")["一"] == kept.get("一") == 0 and table.get("一一一") is None


def test_a_bucket_is_read_from_the_file_once_however_it_is_asked_for(cache, monkeypatch):
    """Each read decodes the bucket again, so a kept bucket, empty ones included, is never read twice."""
    stored("test-table", lambda: {"银行": "yín háng", "行长": "háng zhǎng"}, TEXT)
    table = stored("test-table", mock.Mock(), TEXT)
    read = mock.Mock(side_effect=tables._File.bucket)
    monkeypatch.setattr(tables._File, "bucket", lambda self, index: read(self, index))
    for _ in range(2):
        assert table.get("银行") == "yín háng" and table["银行"] == "yín háng" and "银行" in table
        assert table.get("猫") is None and "猫" not in table and table.bucket_of("猫") == {}
        assert table.bucket_at(tables.bucket_number("银行", table.mask)) == table.bucket_of("银行")
    read_numbers = [call.args[1] for call in read.call_args_list]
    assert sorted(read_numbers) == sorted({tables.bucket_number(key, table.mask) for key in ("银行", "猫")})
