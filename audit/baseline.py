"""Baselines: accept the findings a legacy corpus has today, fail only on new ones.

A baseline file lists findings by path, code and fingerprint (see
:mod:`audit.fingerprint`), with the span and gloss for the reader and a
count of identical findings, never a line number, so edits elsewhere in a
file leave it valid.  It is sorted JSON, one entry per finding kind, so that
a change to it reads well in a diff::

    {"findings": [{"code": "S103", "count": 1, "fingerprint": "…", "gloss": "(hé xiǎo hóng)",
                   "path": "docs/a.md", "span": "和小红"}],
     "tool": "pinyin-audit", "version": 1}

Auditing against a baseline drops up to ``count`` matching findings per
entry and remembers the entries nothing matched any more: those were fixed.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from audit.exits import UserError
from audit.files import FileProblem, read_bytes
from audit.finding import DocumentResult
from audit.fingerprint import fingerprinted
from audit.outputs import write_atomically
from audit.version import TOOL_NAME

FORMAT_VERSION = 1


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

    def describe(self) -> str:
        what = f" {self.span}{self.gloss}" if self.span or self.gloss else ""
        return f"{self.path}: {self.code}{what}"


def entries_of(result: DocumentResult) -> Counter[Entry]:
    """The findings of one result as baseline entries, with their counts."""
    return Counter(
        Entry(result.path, finding.code, finding.span, finding.gloss, fingerprint)
        for finding, fingerprint, _ in fingerprinted(result)
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
    if document.get("version") != FORMAT_VERSION:
        raise BaselineError(f"{path}: baseline format version {document.get('version')!r} is not supported "
                            f"(this pinyin-audit reads version {FORMAT_VERSION}); write it again with --write-baseline")


def _count(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"count {value!r} is not a whole number of findings")
    return value


class Baseline:
    def __init__(self, counts: Counter[Entry]) -> None:
        self.remaining: dict[tuple[str, str], int] = {entry.key: count for entry, count in counts.items()}
        self.entries = {entry.key: entry for entry in counts}
        self.audited_paths: set[str] = set()
        self.known = 0  # findings the baseline accounted for

    @classmethod
    def load(cls, path: str) -> "Baseline":
        try:
            document = json.loads(read_bytes(path).decode("utf-8"), parse_constant=_no_constant)
        except FileProblem as problem:
            raise BaselineError(f"cannot read baseline {path}: {problem}") from None
        except (ValueError, RecursionError) as error:
            raise BaselineError(
                f"{path} is not a pinyin-audit baseline (not valid JSON: {_first_line(error)})") from None
        _check_header(path, document)
        try:
            counts = Counter({
                Entry(r["path"], r["code"], r.get("span", ""), r.get("gloss", ""), r["fingerprint"]): _count(r["count"])
                for r in document["findings"]
            })
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise BaselineError(f"{path} is not a pinyin-audit baseline ({type(error).__name__}: {error})") from None
        return cls(counts)

    def filter(self, result: DocumentResult) -> DocumentResult:
        """The result without the findings the baseline already knows."""
        if result.error is not None:
            return result
        self.audited_paths.add(result.path)
        new = []
        for finding, fingerprint, _ in fingerprinted(result):
            key = (result.path, fingerprint)
            if self.remaining.get(key, 0) > 0:
                self.remaining[key] -= 1
                self.known += 1
            else:
                new.append(finding)
        return result.with_findings(new)

    def fixed(self) -> list[tuple[Entry, int]]:
        """Entries of the documents audited that matched fewer findings than recorded."""
        return sorted(
            (self.entries[key], count)
            for key, count in self.remaining.items()
            if count > 0 and key[0] in self.audited_paths
        )
