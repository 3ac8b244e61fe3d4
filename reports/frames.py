"""The report's data: two pandas frames built once from the audit results.

Everything the report shows (HTML tables, charts, CSV and JSON) is read from
these frames, so every number is defined here and only here.

Rates
-----
``error_rate``
    ``DocumentResult.error_rate``, the definition the CLI's ``--max-error-rate``
    reads too: the share of a document's glosses named (through
    ``Finding.gloss_index``) by one or more error-level findings.  Warnings,
    notes and findings that name no gloss count as findings but not towards it.
``error_rate_<family>``
    The same glosses, each counted once under the family of its first
    error-level finding in ``Family`` order, so that the family rates add
    up to ``error_rate`` (this is what the stacked chart shows).
``findings_per_100``
    All findings of the document, whatever their severity and whether or not
    they name a gloss, per 100 glosses.

Both rates are undefined (NaN in the frames, empty in CSV, ``null`` in JSON)
for a document without glosses.  The totals apply the same definitions to the
summed counts: they are not averages of the per-document rates.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter, namedtuple
from dataclasses import dataclass, replace
from typing import Iterable, Mapping, Sequence

import pandas as pd

from audit.finding import DocumentResult, Severity, ordered
from audit.rules.registry import Family

FINDING_COLUMNS = (
    "document", "page", "finding", "code", "name", "family", "severity", "severity_rank",
    "line", "column", "end_line", "end_column", "start", "end",
    "span", "gloss", "gloss_index", "utterance", "message", "suggestion",
)
DOCUMENT_LABELS = ("document", "page", "file", "row", "source", "audit_error")
POSITION_COLUMNS = ("line", "column", "end_line", "end_column", "start", "end", "gloss_index")

# One finding as a row of the findings frame, in plain values (None where a position is absent): what
# the pages, findings.csv and report.json read a document at a time, without a frame per document.
FindingRow = namedtuple("FindingRow", FINDING_COLUMNS)


@dataclass(frozen=True)
class Frames:
    """One row per finding, one row per document, the totals row and one row per rule found.

    ``findings`` is ``None`` in the frames of a whole report (``summarised``):
    its findings were written out as the documents were audited.
    """

    findings: pd.DataFrame | None
    documents: pd.DataFrame
    totals: pd.Series
    families: tuple[str, ...]
    codes: pd.DataFrame


def build(results: Sequence[DocumentResult], pages: Sequence[str] | None = None) -> Frames:
    """The frames for ``results``, documents kept in the order given; ``pages``: their page names,
    when not those ``page_names`` gives them (a part of a larger report)."""
    pages = page_names(result.path for result in results) if pages is None else pages
    rows = [row for result, page in zip(results, pages) for row in finding_rows(result, page)]
    codes = CodeTally()
    codes.add(rows)
    counts = [document_counts(result, page) for result, page in zip(results, pages)]
    return replace(summarised(counts, codes), findings=findings_frame(rows))


def summarised(counts: Sequence[dict], codes: "CodeTally") -> Frames:
    """The frames of documents from their ``document_counts`` and the tally of their findings' rules,
    without the findings themselves."""
    families = _families_counted(counts)
    documents = _documents_frame(counts, families)
    totals = _with_rates(_sum_counts(documents, families), families).iloc[0]
    return Frames(None, documents, totals, families, codes.frame())


def documents_frame(counts: Sequence[dict]) -> pd.DataFrame:
    """The documents frame alone, from their ``document_counts``: one row per document, with its rates."""
    return _documents_frame(counts, _families_counted(counts))


def _families_counted(counts: Sequence[dict]) -> tuple[str, ...]:
    return _families(family for document in counts for family in document["families"])


def _documents_frame(counts: Sequence[dict], families: tuple[str, ...]) -> pd.DataFrame:
    zeros = dict.fromkeys(_count_columns(families), 0)  # families a document has no finding in
    rows = pd.DataFrame([{**zeros, **document} for document in counts], columns=_document_columns(families))
    rows = rows.astype({"row": "Int64", **{column: "int64" for column in _count_columns(families)}})
    return _with_rates(rows, families)


class CodeTally:
    """Findings counted per rule (code), with the name and family of the first finding seen of each."""

    def __init__(self) -> None:
        self.rules: dict[str, list] = {}  # code -> [name, family, count]

    def add(self, findings: Iterable[FindingRow]) -> None:
        for finding in findings:
            self.rules.setdefault(finding.code, [finding.name, finding.family, 0])[2] += 1

    def frame(self) -> pd.DataFrame:
        """One row per code, in code order: ``name``, ``family`` and ``count``."""
        codes = sorted(self.rules)
        return pd.DataFrame([self.rules[code] for code in codes], columns=["name", "family", "count"],
                            index=pd.Index(codes, name="code")).astype({"count": "int64"})


def worst_first(documents: pd.DataFrame) -> pd.DataFrame:
    """Documents from the highest error rate down; ties by findings per 100, then name (in natural order)."""
    return documents.sort_values(
        ["error_rate", "findings_per_100", "findings", "document"],
        ascending=[False, False, False, True],
        na_position="last",
        kind="mergesort",
        key=lambda column: natural_order(column) if column.name == "document" else column,
    )


# Wider than any number in a name: a row number, a page in a file name.
_NUMBER_WIDTH = 20


def natural_order(names: pd.Series) -> pd.Series:
    """Keys that sort names with their numbers as numbers: ``row 9`` before ``row 10``, ``doc-2`` before ``doc-10``,
    as the index page's table sorts them when a reviewer clicks its heading."""
    return names.str.replace(r"\d+", lambda number: number.group().zfill(_NUMBER_WIDTH), regex=True)


def breakdown(documents: pd.DataFrame, by: str, families: Sequence[str]) -> pd.DataFrame:
    """The documents' counts summed per value of ``by`` ("file", "source"), with the rates of the sums.

    ``document`` names each group and ``documents`` counts its members, so
    the frame reads like the documents frame, one row per group.
    """
    counts = _count_columns(families)
    groups = documents.groupby(by, sort=False)
    summed = groups[counts].sum().reset_index().rename(columns={by: "document"})
    summed.insert(1, "documents", groups.size().to_numpy())
    # By name, its numbers read as numbers (s2 before s10), as a click on the name's heading sorts them.
    by_name = summed.sort_values("document", key=natural_order, kind="mergesort", ignore_index=True)
    return _with_rates(by_name.assign(page="", audit_error=""), families)


def page_names(paths: Iterable[str]) -> list[str]:
    """A stable, file-system-safe HTML file name for each document path (see ``PageNames``)."""
    name = PageNames()
    return [name(path) for path in paths]


class PageNames:
    """Page names given one path at a time, as ``page_names`` gives them for the whole list.

    The readable part keeps the path's letters and digits in any script
    (``课文一.txt`` keeps 课文一), dots and dashes, in NFC (as macOS file
    systems and the links agree on one form), the rest turned to ``_``:
    no separator, no character a file system refuses, nothing a link must
    escape.  It keeps the path's end, at most 60 characters and
    ``_READABLE_BYTES`` of UTF-8 (file systems count a name's bytes).  A hash
    of the whole path keeps names distinct when that part is the same (or
    empty); equal paths are numbered in the order given.
    """

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def __call__(self, path: str) -> str:
        slug = _readable_tail(re.sub(r"[^\w.-]+", "_", unicodedata.normalize("NFC", path)).strip("._"))
        digest = hashlib.sha1(path.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        name = f"{slug}_{digest}" if slug else f"d_{digest}"
        self.seen[name] = self.seen.get(name, 0) + 1
        return f"{name}.html" if self.seen[name] == 1 else f"{name}-{self.seen[name]}.html"


# Well under the 255 bytes a name may have, with room for the hash, a number and ".html".
_READABLE_BYTES = 180


def _readable_tail(slug: str) -> str:
    tail = slug[-60:]
    while len(tail.encode("utf-8")) > _READABLE_BYTES:
        tail = tail[1:]
    return tail.lstrip("._")


def findings_column(family: str) -> str:
    """The documents frame's column that counts a family's findings."""
    return f"findings_{family}"


def error_rate_column(family: str) -> str:
    """The documents frame's column with the error rate of a family (see the module's docstring)."""
    return f"error_rate_{family}"


def _error_glosses_column(family: str) -> str:
    return f"error_glosses_{family}"


def finding_count_columns(families: Sequence[str]) -> list[str]:
    return [findings_column(family) for family in families]


def _families(found: Iterable[str]) -> tuple[str, ...]:
    # Known families in their usual order; any others the findings name after them.
    found = set(found)
    known = tuple(family.value for family in Family)
    return known + tuple(sorted(found - set(known)))


def finding_rows(result: DocumentResult, page: str) -> list[FindingRow]:
    """One row per finding of ``result``, in reading order, numbered from 0 (the position is the finding's id)."""
    return [
        FindingRow(
            document=result.path, page=page, finding=number,
            code=f.code, name=f.name, family=f.family,
            severity=str(f.severity), severity_rank=int(f.severity),
            line=f.line, column=f.column, end_line=f.end_line, end_column=f.end_column,
            start=f.start, end=f.end, span=f.span, gloss=f.gloss,
            gloss_index=f.gloss_index, utterance=f.utterance, message=f.message,
            suggestion=f.suggestion,
        )
        for number, f in enumerate(ordered(result.findings))
    ]


def findings_frame(rows: Sequence[FindingRow]) -> pd.DataFrame:
    """The findings frame of ``rows`` (see ``finding_rows``), in their order."""
    frame = pd.DataFrame(rows, columns=list(FINDING_COLUMNS))
    # Nullable integers: positions read 12, not 12.0, and stay empty when absent.
    return frame.astype({column: "Int64" for column in POSITION_COLUMNS + ("finding", "severity_rank")})


def _document_columns(families: Sequence[str]) -> list[str]:
    return [
        *DOCUMENT_LABELS, "glosses", "syllables",
        "findings", "errors", "warnings", "infos", *finding_count_columns(families),
        "error_glosses", *[_error_glosses_column(family) for family in families],
    ]


def document_counts(result: DocumentResult, page: str) -> dict:
    """What the documents frame needs of ``result``: its labels and counts.

    Counts per family are given for ``families``: every known family and any
    other its own findings name (``_families`` orders them as it orders a whole
    report's, so a gloss's first error family is the same); ``summarised`` adds
    as 0 the others that only other documents name.
    """
    families = _families(finding.family for finding in result.findings)
    row = result.document.row
    counts = {
        "document": result.path, "page": page, "file": result.document.path or result.path,
        "row": row.number if row else None, "source": (row.source or "") if row else "",
        "audit_error": result.error or "",
        "glosses": result.gloss_count, "syllables": result.syllable_count,
        "findings": len(result.findings),
        "errors": result.count(Severity.ERROR),
        "warnings": result.count(Severity.WARNING),
        "infos": result.count(Severity.INFO),
        "families": families,
    }
    findings = Counter(finding.family for finding in result.findings)
    counts.update({findings_column(family): findings[family] for family in families})
    counts["error_glosses"] = len(result.error_glosses())
    error_glosses = Counter(_first_error_family_by_gloss(result, families).values())
    counts.update({_error_glosses_column(family): error_glosses[family] for family in families})
    return counts


def document_row(counts: dict) -> tuple[dict, tuple[str, ...]]:
    """One document's row as the documents frame of it alone would hold it, in plain values (its counts,
    which ``document_counts`` gives for every family it reports, and its rates), and those families: what
    its page shows, without a frame per page."""
    families = counts["families"]
    return {**counts, **_rates(counts, families)}, families


def _first_error_family_by_gloss(result: DocumentResult, families: Sequence[str]) -> dict[int, str]:
    """For each gloss with an error-level finding, the first such finding's family."""
    rank = {family: position for position, family in enumerate(families)}
    first: dict[int, str] = {}
    for finding in result.findings:
        if finding.severity < Severity.ERROR or finding.gloss_index is None:
            continue
        known = first.get(finding.gloss_index)
        if known is None or rank[finding.family] < rank[known]:
            first[finding.gloss_index] = finding.family
    return first


def _count_columns(families: Sequence[str]) -> list[str]:
    return _document_columns(families)[len(DOCUMENT_LABELS):]


def _sum_counts(documents: pd.DataFrame, families: Sequence[str]) -> pd.DataFrame:
    total = {"document": "Total", "page": "", "file": "", "row": None, "source": "", "audit_error": ""}
    total.update({column: int(documents[column].sum()) for column in _count_columns(families)})
    return pd.DataFrame([total], columns=_document_columns(families))


def _with_rates(counts: pd.DataFrame, families: Sequence[str]) -> pd.DataFrame:
    """``counts`` with the rates defined in this module's docstring."""
    return counts.assign(**_rates(counts, families))


def _rates(counts: pd.DataFrame | Mapping, families: Sequence[str]) -> dict:
    """The rates of ``counts`` (a frame's columns, or one document's numbers) per gloss."""
    glosses = _glosses_to_divide_by(counts["glosses"])
    return {
        "error_rate": counts["error_glosses"] / glosses,
        **{error_rate_column(family): counts[_error_glosses_column(family)] / glosses for family in families},
        "findings_per_100": 100 * counts["findings"] / glosses,
    }


def _glosses_to_divide_by(glosses: pd.Series | int) -> pd.Series | float:
    """The gloss counts a rate divides by, NaN where there are none: no glosses, no rate."""
    if isinstance(glosses, pd.Series):
        return glosses.where(glosses > 0)
    return glosses or math.nan
