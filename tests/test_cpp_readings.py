"""Readings on real sentences: the first few hundred lines of the CPP polyphone benchmark.

Glossing the marked character with its gold reading draws no R301 or T401;
glossing it with a syllable that is no reading of it draws R301 every time.
The data lives beside the repository in ../shared/data/cpp.
"""

from __future__ import annotations

import os
import pathlib

import pytest

from audit.engine import audit_text
from audit.pinyin import marked
from audit.readings import bases_of
from audit.model import parse_label

REPO = pathlib.Path(__file__).resolve().parents[1]
CPP = pathlib.Path(os.path.join(REPO, "..", "shared", "data", "cpp"))
LINES = 300
MARK = "\u2581"
# Syllables to try, in order, as one that no character of the sentence reads
# (one that a neighbour reads would be a misplaced gloss, A202, instead).
NON_READINGS = ("ba", "ma", "fo", "te", "ka", "sou", "nüe", "cen")

pytestmark = pytest.mark.skipif(
    not (CPP / "dev.sent").exists(), reason=f"CPP data not found at {CPP} (shared/data/cpp beside the repository)"
)


def _cases():
    sentences = (CPP / "dev.sent").read_text(encoding="utf-8").splitlines()[:LINES]
    labels = (CPP / "dev.lb").read_text(encoding="utf-8").splitlines()[:LINES]
    for sentence, label in zip(sentences, labels):
        offset = sentence.index(MARK)
        yield sentence.replace(MARK, ""), offset, parse_label(label.strip())


def _glossed(text: str, offset: int, syllable: str) -> str:
    return f"{text[: offset + 1]}({syllable}){text[offset + 1 :]}"


def _codes(text: str) -> list[str]:
    return [finding.code for finding in audit_text(text).findings]


def test_gold_readings_are_readings():
    wrong = [
        (glossed, codes)
        for text, offset, gold in _cases()
        for glossed in [_glossed(text, offset, marked(*gold))]
        for codes in [_codes(glossed)]
        if {"R301", "T401"} & set(codes)
    ]
    assert not wrong


def test_syllables_that_are_no_reading_draw_r301():
    missed = []
    for text, offset, _ in _cases():
        read_here = set().union(*(bases_of(char) for char in text))
        base = next(b for b in NON_READINGS if b not in read_here)
        glossed = _glossed(text, offset, marked(base, 1))
        if "R301" not in _codes(glossed):
            missed.append(glossed)
    assert not missed
