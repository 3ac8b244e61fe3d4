"""Tables loaded once and kept for the life of the process, and copies of them kept on disk.

pypinyin's phrase table alone is about 200,000 small lists, and g2pM's
dictionary another 10,000.  Python's cycle collector walked all of them
again on every full collection while documents were audited, which cost
about a sixth of the run time (benchmarks/throughput.py).  A table loaded
through :func:`lasting` is moved, with everything else alive at that
moment, into the generation the collector never walks (``gc.freeze``);
objects there are still freed as usual once nothing refers to them.

Tables derived from the phrase lists take a few seconds to build; through
:func:`stored` they are built once and then read from the user's cache
directory.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import marshal
import os
import pathlib
import sys
from typing import Callable, TypeVar

Table = TypeVar("Table")


def lasting(load: Callable[[], Table]) -> Callable[[], Table]:
    """``load``, run once; what it returns is kept, and out of the cycle collector's sight."""

    @functools.lru_cache(maxsize=1)
    @functools.wraps(load)
    def loaded() -> Table:
        table = load()
        gc.freeze()
        return table

    return loaded


@lasting
def pypinyin_tables() -> tuple[dict[int, str], dict[str, list[list[str]]]]:
    """pypinyin's character table (code point → "háng,xíng") and phrase table (word → [["yín"], ["háng"]])."""
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

    return PINYIN_DICT, PHRASES_DICT


def stored(name: str, build: Callable[[], Table]) -> Table:
    """``build()``, or the copy of it kept in ``cache_directory()``.

    The copy is a marshal file named for the table and for the versions of
    pypinyin, pypinyin-dict and Python it was built with, so an upgrade
    builds it again.  It is written whole or not at all, even with several
    processes at once; where it cannot be read or written, the table is
    simply built.  Marshal takes only plain values: dicts, tuples, strings, numbers.
    """
    path = cache_directory() / f"{name}-{_data_versions()}.marshal"
    with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
        return marshal.loads(path.read_bytes())
    table = build()
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}")
        partial.write_bytes(marshal.dumps(table))
        partial.replace(path)
    return table


def cache_directory() -> pathlib.Path:
    return pathlib.Path(os.environ.get("XDG_CACHE_HOME") or pathlib.Path.home() / ".cache") / "pinyin-audit"


@functools.lru_cache(maxsize=1)
def _data_versions() -> str:
    import importlib.metadata  # here, not at import time: it is slow to import

    def version(package: str) -> str:
        try:
            return importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            return "none"

    return f"pypinyin{version('pypinyin')}-dict{version('pypinyin-dict')}-py{sys.version_info[0]}{sys.version_info[1]}"
