"""What a character may read, and what a word reads: lookups in pypinyin's tables.

Everything here is a table lookup, cached per key, so the hot loop of the
auditor never runs pypinyin's converter.  A reading is a ``(base, tone)``
pair as defined in :mod:`audit.pinyin`.
"""

from __future__ import annotations

import functools

from audit.pinyin import split_tone

Reading = tuple[str, int]

# 一 and 不 change tone in speech; the tables write them inconsistently
# (一个 yí gè but 一场 yī cháng), so their citation tones are restored and the
# tone rules apply the convention profile.
CITATION_READINGS: dict[str, Reading] = {"一": ("yi", 1), "不": ("bu", 4)}


def is_han(char: str) -> bool:
    """A CJK unified ideograph (basic block and extensions) or 〇."""
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x3134F
        or 0xF900 <= code <= 0xFAFF
        or char == "〇"
    )


@functools.lru_cache(maxsize=None)
def readings_of(char: str) -> tuple[Reading, ...]:
    """Every reading pypinyin lists for ``char``, most common first."""
    from pypinyin.constants import PINYIN_DICT

    listed = PINYIN_DICT.get(ord(char))
    if not listed:
        return ()
    return tuple(dict.fromkeys(split_tone(reading) for reading in listed.split(",")))


@functools.lru_cache(maxsize=None)
def bases_of(char: str) -> frozenset[str]:
    return frozenset(base for base, _ in readings_of(char))


@functools.lru_cache(maxsize=1)
def _phrases() -> dict:
    from pypinyin.constants import PHRASES_DICT

    return PHRASES_DICT


def is_phrase(word: str) -> bool:
    return word in _phrases()


@functools.lru_cache(maxsize=65536)
def phrase_readings(word: str) -> tuple[Reading, ...] | None:
    """The reading of each character of ``word`` in pypinyin's phrase dictionary."""
    entry = _phrases().get(word)
    if entry is None or len(entry) != len(word):
        return None
    return tuple(
        CITATION_READINGS.get(char) or split_tone(options[0]) for char, options in zip(word, entry)
    )
