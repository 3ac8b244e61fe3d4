"""The reviewed override table (audit/overrides.toml): wrong phrase data, corrected with a dictionary's reading.

Each entry is pinned: the phrase lookups give its reading, a gloss written
that way draws nothing, and the reading the phrase lists had draws a
finding on the syllable concerned.
"""

from __future__ import annotations

import pytest

from audit.engine import audit_text
from audit.finding import Severity
from audit.pinyin import split_tone
from audit.readings import (
    dictionary_readings,
    extended_phrase_readings,
    override_entries,
    phrase_readings,
)
from audit.toml import tomllib

import importlib.resources

TABLE = tomllib.loads(importlib.resources.files("audit").joinpath("overrides.toml").read_text(encoding="utf-8"))
WORDS = sorted(TABLE)


def _reading_findings(text: str) -> list:
    return [f for f in audit_text(text).findings if f.family in ("reading", "tone")]


def test_every_entry_gives_one_syllable_per_character_a_source_and_what_it_replaces():
    assert set(override_entries()) == set(WORDS)
    for word, entry in TABLE.items():
        assert entry["source"] and entry["found_in"], word
        assert len(entry["replaces"].split()) == len(word) and entry["replaces"] != entry["pinyin"], word


@pytest.mark.parametrize("word", WORDS)
def test_the_phrase_lookups_give_the_corrected_reading(word):
    corrected = tuple(split_tone(syllable) for syllable in TABLE[word]["pinyin"].split())
    for lookup in (phrase_readings, extended_phrase_readings):
        assert lookup(word) in (None, corrected), lookup.__name__
    assert dictionary_readings(word) == tuple(frozenset({reading}) for reading in corrected)


@pytest.mark.parametrize("word", WORDS)
def test_the_corrected_reading_draws_nothing_and_the_replaced_one_is_caught(word):
    entry = TABLE[word]
    assert _serious(_reading_findings(f"这是{word}({entry['pinyin']})。")) == []
    wrong = _reading_findings(f"{word}({entry['replaces']})")  # alone: a model sure of it would overrule
    if entry.get("both_allowed"):
        assert _serious(wrong) == []
        return
    changed = next(
        f"{char}({was})"
        for char, was, now in zip(word, entry["replaces"].split(), entry["pinyin"].split())
        if was != now
    )
    assert any(f.message.startswith(changed) for f in wrong), wrong


def _serious(findings: list) -> list:
    return [f for f in findings if f.severity >= Severity.WARNING]
