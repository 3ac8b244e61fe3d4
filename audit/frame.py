"""``audit_frame``: the rows of a pandas DataFrame audited, the findings back as DataFrames.

    findings, rows = audit.audit_frame(df, column="text", id_column="id")

``findings`` has one row per finding, with the row's number and id, the field
it is in and its line and column there; ``rows`` one row per input row, with
its counts and, for a row that could not be audited (a cell that is not
text), why (``error``, empty for the others).  ``frame_results`` gives the
same audit as results, from which ``reports.write_site`` writes the HTML
report.  pandas is imported inside the functions, never when ``audit`` is
imported: a CI check must start fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Mapping, NamedTuple, Sequence

from audit.config import AuditConfig
from audit.exits import UserError
from audit.finding import DocumentResult, Severity
from audit.rows import Columns, audit_rows, missing_column, row_from_record

if TYPE_CHECKING:
    import pandas as pd

FINDING_COLUMNS = ("row", "id", "source", "field", "line", "column", "end_line", "end_column", "code", "name", "family",
                   "severity", "span", "gloss", "message", "suggestion")
ROW_COLUMNS = ("row", "id", "source", "glosses", "syllables", "findings", "errors", "warnings", "infos", "error")


class FrameAudit(NamedTuple):
    findings: "pd.DataFrame"  # one row per finding, in row order, each row's in reading order
    rows: "pd.DataFrame"      # one row per input row


def audit_frame(frame: "pd.DataFrame", column: str | None = None, *, id_column: str | None = None,
                text_column: str | None = None, pinyin_column: str | None = None, source_column: str | None = None,
                config: AuditConfig | None = None, name: str = "<frame>") -> FrameAudit:
    """Audit each row of ``frame`` on its own; rows are numbered from 1 in the frame's order."""
    return frames_of(frame_results(frame, column, id_column=id_column, text_column=text_column,
                                   pinyin_column=pinyin_column, source_column=source_column, config=config, name=name))


def frame_results(frame: "pd.DataFrame", column: str | None = None, *, id_column: str | None = None,
                  text_column: str | None = None, pinyin_column: str | None = None, source_column: str | None = None,
                  config: AuditConfig | None = None, name: str = "<frame>") -> list[DocumentResult]:
    """The audit of each row of ``frame``, as results: what ``reports.write_site`` builds a report from."""
    columns = Columns.chosen(column, text_column, pinyin_column, id_column, source_column)
    missing = missing_column(columns, frame.columns)
    if missing:
        raise UserError(missing)
    return audit_records(name, frame[list(columns.needed)].to_dict("records"), columns, config)


def audit_records(path: str, records: Iterable[Mapping], columns: Columns,
                  config: AuditConfig | None = None) -> list[DocumentResult]:
    rows = (row_from_record(path, number, record, columns) for number, record in enumerate(records, 1))
    return audit_rows(rows, config or AuditConfig())


def frames_of(results: Sequence[DocumentResult]) -> FrameAudit:
    """The two frames of the audited rows ``results``."""
    import pandas as pd

    findings = [
        (row.number, row.id, row.source, row.field_of(finding.line), finding.line, finding.column, finding.end_line,
         finding.end_column, finding.code, finding.name, finding.family, str(finding.severity), finding.span,
         finding.gloss, finding.message, finding.suggestion)
        for result in results
        for row in [result.document.row]
        for finding in sorted(result.findings, key=lambda f: f.sort_key)
    ]
    rows = [
        (result.document.row.number, result.document.row.id, result.document.row.source, result.gloss_count, result.syllable_count,
         len(result.findings), result.count(Severity.ERROR), result.count(Severity.WARNING),
         result.count(Severity.INFO), result.error or "")
        for result in results
    ]
    positions = {name: "Int64" for name in ("line", "column", "end_line", "end_column")}
    return FrameAudit(pd.DataFrame(findings, columns=list(FINDING_COLUMNS)).astype(positions),
                      pd.DataFrame(rows, columns=list(ROW_COLUMNS)))


def renumbered(parts: Sequence[FrameAudit]) -> FrameAudit:
    """Frames of consecutive parts of a dataset, each numbered from 1, as one frame numbered throughout."""
    import pandas as pd

    offset, findings, rows = 0, [], []
    for part in parts:
        findings.append(part.findings.assign(row=part.findings["row"] + offset))
        rows.append(part.rows.assign(row=part.rows["row"] + offset))
        offset += len(part.rows)
    if not parts:
        return frames_of([])
    return FrameAudit(pd.concat(findings, ignore_index=True), pd.concat(rows, ignore_index=True))
