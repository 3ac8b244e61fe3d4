"""What a character may read, and what a word reads: lookups in pypinyin's tables.

Everything here is a table lookup, cached per key, so the hot loop of the
auditor never runs pypinyin's converter.  A reading is a ``(base, tone)``
pair as defined in :mod:`audit.pinyin`.
"""

from __future__ import annotations

import functools
import importlib.util
import re

from audit.pinyin import NEUTRAL, split_tone
from audit.tables import lasting, pypinyin_tables, stored

Reading = tuple[str, int]

# 一 and 不 change tone in speech; the tables write them inconsistently
# (一个 yí gè but 一场 yī cháng), so their citation tones are restored and the
# tone rules apply the convention profile.
CITATION_READINGS: dict[str, Reading] = {"一": ("yi", 1), "不": ("bu", 4)}


# CJK unified ideographs (basic block and extensions), compatibility ideographs, and 〇.
_HAN_RANGES = ((0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x3134F), (0xF900, 0xFAFF), (0x3007, 0x3007))
HAN_RUN = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in _HAN_RANGES) + "]+")


def is_han(char: str) -> bool:
    """A Han character: one of ``_HAN_RANGES``, as ``HAN_RUN`` matches them."""
    code = ord(char)
    for low, high in _HAN_RANGES:
        if low <= code <= high:
            return True
    return False


@functools.lru_cache(maxsize=None)
def readings_of(char: str) -> tuple[Reading, ...]:
    """Every reading pypinyin lists for ``char``, most common first."""
    character_table, _ = pypinyin_tables()
    listed = character_table.get(ord(char))
    if not listed:
        return ()
    return tuple(dict.fromkeys(split_tone(reading) for reading in listed.split(",")))


@functools.lru_cache(maxsize=None)
def bases_of(char: str) -> frozenset[str]:
    return frozenset(base for base, _ in readings_of(char))


def _phrases() -> dict:
    return pypinyin_tables()[1]


def is_phrase(word: str) -> bool:
    return word in _phrases()


def phrase_words():
    """pypinyin's phrases, for membership tests (``word in phrase_words()``)."""
    return _phrases()


def extended_phrase_words():
    """pypinyin-dict's large phrase list, for membership tests."""
    return _extended_phrases()


@functools.lru_cache(maxsize=65536)
def phrase_readings(word: str) -> tuple[Reading, ...] | None:
    """The reading of each character of ``word`` in pypinyin's phrase dictionary."""
    entry = _phrases().get(word)
    if entry is None or len(entry) != len(word):
        return None
    return tuple(
        CITATION_READINGS.get(char) or split_tone(options[0]) for char, options in zip(word, entry)
    )


@functools.lru_cache(maxsize=1)
def neutral_in_phrases() -> frozenset[str]:
    """The characters some phrase of pypinyin's dictionary reads in the neutral tone (这个 zhè ge)."""
    return frozenset(
        char
        for word, entry in _phrases().items()
        for char, options in zip(word, entry)
        if split_tone(options[0])[1] == NEUTRAL
    )


@lasting
def _extended_phrases() -> dict[str, str]:
    """pypinyin-dict's large phrase list (about 410 k phrases) as ``{word: "háng zhǎng"}``; empty without the package.

    Importing it takes about a second and much memory; the compact copy
    that ``stored`` keeps loads in a fifth of that.
    """
    if importlib.util.find_spec("pypinyin_dict") is None:
        return {}
    return stored("large-pinyin", _compact_large_pinyin)


def _compact_large_pinyin() -> dict[str, str]:
    from pypinyin_dict.phrase_pinyin_data.large_pinyin import phrases_dict

    return {word: " ".join(options[0] for options in entry) for word, entry in phrases_dict.items()}


def neutral_attested(word: str, index: int) -> bool:
    """Whether some dictionary reads ``word[index]`` in the neutral tone.

    Asked of pypinyin's phrases, pypinyin-dict's large list and its copy of
    CC-CEDICT, which marks the light syllables the others write with full
    tones (朋友 péng you, 东西 dōng xi "thing", 事情 shì qing).
    """
    return index in _neutral_positions().get(word, ())


@lasting
def _neutral_positions() -> dict[str, tuple[int, ...]]:
    return stored("neutral-positions", _collect_neutral_positions)


def _collect_neutral_positions() -> dict[str, tuple[int, ...]]:
    """The words with a neutral tone in some dictionary, and the places of those tones."""
    tone_of = functools.lru_cache(maxsize=None)(lambda syllable: split_tone(syllable)[1])
    found: dict[str, set[int]] = {}
    for word, options in _phrase_list_entries(every_option=True):
        for index, syllables in enumerate(options):
            if any(tone_of(syllable) == NEUTRAL for syllable in syllables):
                found.setdefault(word, set()).add(index)
    return {word: tuple(sorted(places)) for word, places in found.items()}


def readings_in_phrases(char: str) -> frozenset[Reading]:
    """Every reading some phrase of pypinyin's or pypinyin-dict's list gives ``char``."""
    return _readings_in_phrases().get(char, frozenset())


@lasting
def _readings_in_phrases() -> dict[str, frozenset[Reading]]:
    return stored("readings-in-phrases", _collect_readings_in_phrases)


def _collect_readings_in_phrases() -> dict[str, frozenset[Reading]]:
    # Millions of syllables, but only a few thousand different ones.
    reading_of = functools.lru_cache(maxsize=None)(split_tone)
    found: dict[str, set[Reading]] = {}
    for word, options in _phrase_list_entries(every_option=False):
        for char, (syllable,) in zip(word, options):
            found.setdefault(char, set()).add(reading_of(syllable))
    return {char: frozenset(readings) for char, readings in found.items()}


def _phrase_list_entries(every_option: bool):
    """Each word of the phrase lists, with the syllables each of its characters may take.

    The resolver reads only the first syllable pypinyin's phrases give and
    the large list's single one; ``every_option`` adds pypinyin's
    alternatives and pypinyin-dict's copy of CC-CEDICT, which marks light
    syllables.  Entries whose syllables do not match the word are left out,
    as the lookups above leave them out.
    """
    entries = [
        ((word, entry if every_option else [options[:1] for options in entry]) for word, entry in _phrases().items()),
        ((word, [[syllable] for syllable in entry.split(" ")]) for word, entry in _extended_phrases().items()),
    ]
    if every_option and importlib.util.find_spec("pypinyin_dict") is not None:
        from pypinyin_dict.phrase_pinyin_data.cc_cedict import phrases_dict as cc_cedict

        entries.append(cc_cedict.items())
    for source in entries:
        for word, options in source:
            if len(options) == len(word):
                yield word, options


@functools.lru_cache(maxsize=65536)
def extended_phrase_readings(word: str) -> tuple[Reading, ...] | None:
    """The reading of each character of ``word`` in pypinyin-dict's large phrase list."""
    entry = _extended_phrases().get(word)
    syllables = entry.split(" ") if entry else ()
    if len(syllables) != len(word):
        return None
    return tuple(CITATION_READINGS.get(char) or split_tone(syllable) for char, syllable in zip(word, syllables))


@functools.lru_cache(maxsize=1)
def _common_tables() -> tuple[dict, ...]:
    """kMandarin_8105 (the 2013 general standard list) and kXHC1983 (Xiandai Hanyu Cidian)."""
    try:
        from pypinyin_dict.pinyin_data import kmandarin_8105, kxhc1983
    except ImportError:
        return ()
    return kmandarin_8105.pinyin_dict, kxhc1983.pinyin_dict


@functools.lru_cache(maxsize=None)
def common_readings(char: str) -> frozenset[Reading]:
    """The readings modern dictionaries give ``char``; the rest of pypinyin's list is rare.

    Without pypinyin-dict every listed reading counts as common.
    """
    tables = _common_tables()
    if not tables:
        return frozenset(readings_of(char))
    listed = ",".join(table.get(ord(char), "") for table in tables)
    return frozenset(split_tone(reading) for reading in listed.split(",") if reading)
