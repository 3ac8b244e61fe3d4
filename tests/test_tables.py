"""Tables kept on disk: built once, read back after, never required."""

from __future__ import annotations

import os
from unittest import mock

from audit.tables import cache_directory, stored


def test_a_stored_table_is_built_once_then_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    build = mock.Mock(return_value={"银行": "yín háng", "edges": (2, 3)})
    assert stored("test-table", build) == {"银行": "yín háng", "edges": (2, 3)}
    assert stored("test-table", build) == {"银行": "yín háng", "edges": (2, 3)}
    assert build.call_count == 1
    assert [path.suffix for path in cache_directory().iterdir()] == [".marshal"]  # no partial file left


def test_a_damaged_copy_is_built_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    stored("test-table", lambda: {"a": 1})
    for path in cache_directory().iterdir():
        path.write_bytes(b"\x00 not marshal")
    assert stored("test-table", lambda: {"a": 2}) == {"a": 2}


def test_without_a_writable_cache_the_table_is_still_built(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert stored("test-table", lambda: {"a": 1}) == {"a": 1}
    assert not os.path.isdir(blocked)
