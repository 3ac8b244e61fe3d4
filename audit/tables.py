"""Tables loaded once and kept for the life of the process.

pypinyin's phrase table alone is about 200,000 small lists, and g2pM's
dictionary another 10,000.  Python's cycle collector walked all of them
again on every full collection while documents were audited, which cost
about a sixth of the run time (benchmarks/throughput.py).  A table loaded
through :func:`lasting` is moved, with everything else alive at that
moment, into the generation the collector never walks (``gc.freeze``);
objects there are still freed as usual once nothing refers to them.
"""

from __future__ import annotations

import functools
import gc
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
