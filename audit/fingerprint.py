"""Fingerprints: how a finding is recognised again after unrelated edits.

A fingerprint hashes the path, the rule code, the normalised span and gloss
and a few characters of its line around it, never line numbers.  SARIF
results carry it so code-scanning services match re-runs to earlier alerts,
hashing the file's path from the current directory, however it was typed
(``./a.txt``, ``a.txt`` and its absolute path are one file); baselines key
their entries by it, hashing the path relative to their file.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from collections import Counter
from typing import Iterator

from audit.finding import DocumentResult, Finding, ordered
from audit.inputs import STDIN, relative_path

CONTEXT_CHARS = 8  # characters of text kept on each side of a finding


def words(text: str) -> list[str]:
    """NFC text split on whitespace: how a fingerprint sees text."""
    return unicodedata.normalize("NFC", text).split()


def surrounding_text(result: DocumentResult, finding: Finding) -> str:
    """A few characters either side of the finding, within its own line and
    with whitespace removed: editing other lines or re-indenting this one
    leaves it unchanged."""
    if finding.start is None or finding.end is None:
        return ""
    text = result.document.text
    line_start = text.rfind("\n", 0, finding.start) + 1
    line_end = text.find("\n", finding.end)
    if line_end < 0:
        line_end = len(text)
    around = text[max(line_start, finding.start - CONTEXT_CHARS) : min(line_end, finding.end + CONTEXT_CHARS)]
    return "".join(words(around))


def fingerprint_base(result: DocumentResult, finding: Finding, path: str) -> str:
    parts = (path, finding.code, " ".join(words(finding.span)), " ".join(words(finding.gloss)),
             surrounding_text(result, finding))
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]


def keyed_path(result: DocumentResult, directory: str | None) -> str:
    """The path ``result`` is known by: its file's path relative to ``directory`` (``None``: as shown), a dataset
    row's label after it; standard input keeps its name."""
    document = result.document
    if directory is None or document.path in (None, STDIN):
        return result.path
    path = relative_path(document.path, directory)
    return path if document.row is None else document.row.label(path)


def fingerprinted(result: DocumentResult, path: str | None = None) -> Iterator[tuple[Finding, str, int]]:
    """Each finding in reading order with its fingerprint and its occurrence
    number among identical ones (1 for the first).  ``path`` is the one
    hashed, when not the file's path from the current directory (a
    baseline's, relative to its file)."""
    hashed_path = keyed_path(result, os.curdir) if path is None else path
    occurrences: Counter[str] = Counter()
    for finding in ordered(result.findings):
        base = fingerprint_base(result, finding, hashed_path)
        occurrences[base] += 1
        yield finding, base, occurrences[base]
