"""Counting words in messages: "1 gloss", "2 glosses", "once", "twice", "3 times".

One home for it, so that every message and output format reads as a sentence.
"""

from __future__ import annotations


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``plural(1, "gloss", "glosses")`` is "1 gloss"; the plural adds "s" unless given."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {word}"


def times(count: int) -> str:
    """How often, as people say it: "once", "twice", "3 times"."""
    return {1: "once", 2: "twice"}.get(count, f"{count} times")
