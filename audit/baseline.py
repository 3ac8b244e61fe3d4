"""Baselines: accept the findings a legacy corpus has today, fail only on new ones.

A baseline file lists findings by path, code and fingerprint (see
:mod:`audit.fingerprint`), with the span and gloss for the reader and a
count of identical findings, never a line number, so edits elsewhere in a
file leave it valid.  It is sorted JSON, one entry per finding kind, so that
a change to it reads well in a diff::

    {"findings": [{"code": "S103", "count": 1, "fingerprint": "…", "gloss": "(hé xiǎo hóng)",
                   "path": "docs/a.md", "span": "和小红"}],
     "tool": "pinyin-audit", "version": 2}

Paths are stored relative to the baseline file's own directory, with ``/``
between their parts (``../docs/a.md`` for a file outside it; absolute when
no relative path exists, as on another Windows drive), and each file
audited is compared by its path made relative to that same directory, so
the check may run from any directory and name the files any way.  Standard
input keeps its name, and a dataset row its ``[row …]`` after its file's
path.  Version 1 stored paths as typed, relative to the current directory;
such a file is still read that way.

Auditing against a baseline drops up to ``count`` matching findings per
entry and remembers the entries nothing matched any more: those were fixed.
"""

from __future__ import annotations

import json
import os
import reprlib
from collections import Counter
from dataclasses import dataclass

from audit.exits import UserError
from audit.files import FileProblem, read_bytes
from audit.finding import DocumentResult
from audit.fingerprint import fingerprinted, keyed_path
from audit.outputs import write_atomically
from audit.version import TOOL_NAME
from audit.wording import printable

FORMAT_VERSION = 2
READABLE_VERSIONS = (1, FORMAT_VERSION)  # version 1: paths relative to the current directory


class BaselineError(UserError):
    """A baseline file that cannot be read or written."""


@dataclass(frozen=True, order=True)
class Entry:
    path: str
    code: str
    span: str
    gloss: str
    fingerprint: str

    @property
    def key(self) -> tuple[str, str]:
        return self.path, self.fingerprint

    def describe(self, shown_path: str) -> str:
        """The entry under ``shown_path``, its file's name as the rest of the output shows it."""
        what = f" {printable(self.span + self.gloss)}" if self.span or self.gloss else ""
        return f"{shown_path}: {self.code}{what}"


def directory_of(baseline_path: str) -> str:
    """The directory the paths in the baseline at ``baseline_path`` are relative to."""
    return os.path.dirname(os.path.abspath(baseline_path))


def entries_of(result: DocumentResult, directory: str) -> Counter[Entry]:
    """The findings of one result as entries of a baseline in ``directory``, with their counts."""
    path = keyed_path(result, directory)
    return Counter(
        Entry(path, finding.code, finding.span, finding.gloss, fingerprint)
        for finding, fingerprint, _ in fingerprinted(result, path)
    )


# --------------------------------------------------------------------------
# Writing


def write_baseline(path: str, counts: Counter[Entry]) -> None:
    """Write the entries (from ``entries_of`` each result) to ``path``."""
    records = [dict(vars(entry), count=count) for entry, count in sorted(counts.items())]
    document = {"tool": TOOL_NAME, "version": FORMAT_VERSION, "findings": records}
    write_atomically(path, json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n", "baseline")


# --------------------------------------------------------------------------
# Reading and filtering


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def _first_line(error: Exception) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def _check_header(path: str, document) -> None:
    """Another tool's file, or a later format this version cannot read, is refused rather than misread."""
    if not isinstance(document, dict) or document.get("tool") != TOOL_NAME:
        raise BaselineError(f"{path} is not a pinyin-audit baseline (its \"tool\" is not {TOOL_NAME!r})")
    version = document.get("version")
    readable = " and ".join(map(str, READABLE_VERSIONS))
    if type(version) is int and version > FORMAT_VERSION:  # written again by this one, it would lose what is new
        raise BaselineError(f"{path} was written by a newer pinyin-audit (baseline format version {version}; this "
                            f"one reads versions {readable}): upgrade pinyin-audit")
    if type(version) is not int or version not in READABLE_VERSIONS:  # true is no version 1
        raise BaselineError(f"{path}: baseline format version {version!r} is not supported (this pinyin-audit "
                            f"reads versions {readable}); write it again with --write-baseline")


def _entries(document: dict) -> Counter[Entry]:
    """The baseline's findings, counted; what cannot be read raises ``ValueError`` saying which, in plain words."""
    if "findings" not in document:
        raise ValueError('it has no "findings"')
    findings = document["findings"]
    if not isinstance(findings, list):
        raise ValueError(f'"findings" is {reprlib.repr(findings)}, not a list')
    counts: Counter[Entry] = Counter()
    for number, record in enumerate(findings, 1):
        if not isinstance(record, dict):
            raise ValueError(f"its finding {number} is {reprlib.repr(record)}, not an object")
        try:
            entry = Entry(*(_text(record, key, required=key not in ("span", "gloss"))
                            for key in ("path", "code", "span", "gloss", "fingerprint")))
            counts[entry] = _count(record)
        except ValueError as error:  # its reason goes on from "its finding N"
            raise ValueError(f"its finding {number}{error}") from None
    return counts


def _text(record: dict, key: str, required: bool) -> str:
    if key not in record:
        if required:
            raise ValueError(f' has no "{key}"')
        return ""
    if not isinstance(record[key], str):
        raise ValueError(f': "{key}" is {reprlib.repr(record[key])}, not a string')
    return record[key]


def _count(record: dict) -> int:
    if "count" not in record:
        raise ValueError(' has no "count"')
    value = record["count"]
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f': "count" is {reprlib.repr(value)}, not a whole number of findings')
    return value


class Baseline:
    def __init__(self, counts: Counter[Entry], directory: str | None) -> None:
        self.directory = directory  # paths are relative to it; None: to the current directory (version 1)
        self.remaining: dict[tuple[str, str], int] = {entry.key: count for entry, count in counts.items()}
        self.entries = {entry.key: entry for entry in counts}
        self.shown_paths: dict[str, str] = {}  # each audited document's key -> its name as the output shows it
        self.known = 0  # findings the baseline accounted for

    @classmethod
    def load(cls, path: str) -> "Baseline":
        try:
            # utf-8-sig: an editor may have saved it with a byte-order mark, as it may a configuration or lexicon
            document = json.loads(read_bytes(path).decode("utf-8-sig"), parse_constant=_no_constant)
        except FileProblem as problem:
            raise BaselineError(problem.reading(f"baseline {path}")) from None
        except (ValueError, RecursionError) as error:
            raise BaselineError(
                f"{path} is not a pinyin-audit baseline (not valid JSON: {_first_line(error)})") from None
        _check_header(path, document)
        try:
            counts = _entries(document)
        except ValueError as error:
            raise BaselineError(f"{path} is not a pinyin-audit baseline ({error})") from None
        return cls(counts, directory_of(path) if document["version"] >= 2 else None)

    def filter(self, result: DocumentResult) -> DocumentResult:
        """The result without the findings the baseline already knows."""
        if result.error is not None:
            return result
        path = keyed_path(result, self.directory)
        self.shown_paths[path] = result.path
        new = []
        for finding, fingerprint, _ in fingerprinted(result, path):
            key = (path, fingerprint)
            if self.remaining.get(key, 0) > 0:
                self.remaining[key] -= 1
                self.known += 1
            else:
                new.append(finding)
        return result.with_findings(new)

    def fixed(self) -> list[tuple[str, Entry, int]]:
        """Entries of the documents audited that matched fewer findings than recorded, each with its
        document's name as the output shows it (the baseline's own path is relative to the baseline)."""
        return sorted(
            (self.shown_paths[key[0]], self.entries[key], count)
            for key, count in self.remaining.items()
            if count > 0 and key[0] in self.shown_paths
        )
