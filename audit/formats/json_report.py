"""Machine-readable reports: one JSON document, or one JSON object per line.

The ``json`` shape is a contract other tools read; change it only additively::

    {"tool": {"name", "version"},
     "documents": [{"path", "glosses", "syllables", "findings": [...], "row"?, "error"?}],
     "summary": {"documents", "glosses", "syllables", "errors", "warnings", "infos", "findings"}}

A dataset's row is a document whose ``row`` is ``{"file", "number", "id",
"fields"}``.  A finding's ``fix`` is ``null`` or ``{"title", "applicability": "safe"|"unsafe",
"edits": [{"line", "column", "end_line", "end_column", "replacement"}]}``, the
edits placed in the original file like the finding itself.

It is streamed a document per line, and stays valid JSON whatever the count.
``json-lines`` writes one object per finding, with its path, and one
``{"path", "error"}`` object per document that could not be audited.
"""

from __future__ import annotations

import json
from typing import Iterator

from audit.document import Document
from audit.finding import DocumentResult, Finding, ordered
from audit.fix import Fix
from audit.formats.base import FormatOptions, Formatter, JsonArrayStream, LineByLineFormatter, placed_edits
from audit.formats.summary import Summary
from audit.version import TOOL_NAME


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def fix_record(document: Document, fix: Fix | None) -> dict | None:
    if fix is None:
        return None
    edits = [
        {"line": edit.start.line, "column": edit.start.column, "end_line": edit.end.line,
         "end_column": edit.end.column, "replacement": edit.replacement}
        for edit in placed_edits(document, fix)
    ]
    return {"title": fix.title, "applicability": str(fix.applicability), "edits": edits}


def finding_record(finding: Finding, document: Document) -> dict:
    record = {
        "code": finding.code,
        "name": finding.name,
        "family": finding.family,
        "severity": str(finding.severity),
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "span": finding.span,
        "gloss": finding.gloss,
        "message": finding.message,
        "suggestion": finding.suggestion,
        "fix": fix_record(document, finding.fix),
    }
    if finding.utterance:
        record["utterance"] = finding.utterance
    return record


def document_record(result: DocumentResult) -> dict:
    record = {
        "path": result.path,
        "glosses": result.gloss_count,
        "syllables": result.syllable_count,
        "findings": [finding_record(finding, result.document) for finding in ordered(result.findings)],
    }
    row = result.document.row
    if row is not None:
        record["row"] = {"file": result.document.path, "number": row.number, "id": row.id, "fields": list(row.fields)}
    if result.error is not None:
        record["error"] = result.error
    return record


def summary_record(summary: Summary) -> dict:
    return {
        "documents": summary.documents,
        "glosses": summary.glosses,
        "syllables": summary.syllables,
        "errors": summary.errors,
        "warnings": summary.warnings,
        "infos": summary.infos,
        "findings": summary.findings,
    }


class JsonFormatter(Formatter):
    name = "json"

    def __init__(self, options: FormatOptions) -> None:
        super().__init__(options)
        self.documents = JsonArrayStream()

    def start(self) -> str:
        tool = {"name": TOOL_NAME, "version": self.options.tool_version}
        return f'{{"tool": {dumps(tool)}, "documents": [\n'

    def document(self, result: DocumentResult) -> str:
        return self.documents.item(dumps(document_record(result)))

    def finish(self, summary: Summary) -> str:
        return f'\n], "summary": {dumps(summary_record(summary))}}}\n'


class JsonLinesFormatter(LineByLineFormatter):
    name = "json-lines"

    def pieces(self, result: DocumentResult) -> Iterator[str]:
        """A line for each finding (or the document's error), each made as it is written."""
        if result.error is not None:
            yield dumps({"path": result.path, "error": result.error}) + "\n"
            return
        for finding in ordered(result.findings):
            yield dumps({"path": result.path, **finding_record(finding, result.document)}) + "\n"
