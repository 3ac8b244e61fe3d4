"""SARIF 2.1.0, the format code-scanning services (GitHub, Azure DevOps) read.

Columns are declared as Unicode code points, which is what findings count.
Each result carries a partial fingerprint under ``FINGERPRINT_KEY`` so that
re-running after unrelated edits matches the earlier alerts instead of
duplicating them (see :mod:`audit.fingerprint`); it ends in ``:N`` for the
Nth identical finding in the same document.
Documents that could not be audited become tool execution notifications.
A finding with a fix carries it as SARIF ``fixes`` (one artifact change with
its replacements), whether safe or unsafe: the viewer offers, the user applies.

The log is streamed: one result per line between the run's header and its
invocation record.
"""

from __future__ import annotations

import os
import pathlib
from urllib.parse import quote

from audit.document import Document
from audit.fingerprint import fingerprinted
from audit.finding import DocumentResult, Finding, Severity
from audit.fix import Fix
from audit.formats.base import FormatOptions, Formatter, JsonArrayStream, absolute_path, file_of, placed_edits
from audit.formats.json_report import dumps
from audit.formats.summary import Summary
from audit.formats.text import location, message_with_suggestion
from audit.rules.registry import Rule
from audit.version import TOOL_NAME

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "pinyinAuditFinding/v1"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_location(path: str) -> dict:
    """Where the file at ``path`` is: an absolute ``file:`` URI (see ``absolute_path``), its bytes
    percent-encoded so that any name (a line break, a byte that is not UTF-8) points at its file;
    standard input, no file, which ``absolute_path`` leaves as it is, a reference by its name."""
    located = absolute_path(path)
    return {"uri": pathlib.Path(located).as_uri() if os.path.isabs(located) else quote(located)}


def description(rule: Rule) -> str:
    """The rule's docstring without its examples, which ``help`` shows apart."""
    prose = [line for line in rule.doc.splitlines() if not line.strip().startswith(("Wrong:", "Right:"))]
    return " ".join(" ".join(prose).split())


def rule_descriptor(rule: Rule) -> dict:
    examples = f"Wrong: {rule.wrong}\nRight: {rule.right}"
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": description(rule)},
        "help": {
            "text": f"{rule.summary}\n\n{examples}",
            "markdown": f"{rule.summary}\n\n- Wrong: `{rule.wrong}`\n- Right: `{rule.right}`",
        },
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": [rule.family]},
    }


def region(line: int, column: int, end_line: int | None, end_column: int | None) -> dict:
    """A SARIF region, its end left out where unknown."""
    fields = {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}
    return {key: value for key, value in fields.items() if value is not None}


def sarif_fix(path: str, document: Document, fix: Fix) -> dict:
    replacements = [
        {
            "deletedRegion": region(edit.start.line, edit.start.column, edit.end.line, edit.end.column),
            "insertedContent": {"text": edit.replacement},
        }
        for edit in placed_edits(document, fix)
    ]
    return {
        "description": {"text": f"{fix.title} ({fix.applicability} fix)"},
        "artifactChanges": [{"artifactLocation": artifact_location(path), "replacements": replacements}],
    }


def physical_location(path: str, finding: Finding | None = None) -> dict:
    physical: dict = {"artifactLocation": artifact_location(path)}
    if finding is not None and finding.line is not None:
        physical["region"] = region(finding.line, finding.column, finding.end_line, finding.end_column)
    return {"physicalLocation": physical}


class SarifFormatter(Formatter):
    name = "sarif"

    def __init__(self, options: FormatOptions) -> None:
        super().__init__(options)
        self.rule_index = {rule.code: index for index, rule in enumerate(options.rules)}
        self.results = JsonArrayStream()
        self.notifications: list[dict] = []  # one small record per unreadable document

    def start(self) -> str:
        driver = {
            "name": TOOL_NAME,
            "version": self.options.tool_version,
            "rules": [rule_descriptor(rule) for rule in self.options.rules],
        }
        # The log and its run stay open: results follow, finish() closes them.
        return (
            f'{{"version": "2.1.0", "$schema": {dumps(SCHEMA_URI)}, "runs": [\n'
            f'{{"tool": {dumps({"driver": driver})}, "columnKind": "unicodeCodePoints", "results": [\n'
        )

    def document(self, result: DocumentResult) -> str:
        if result.error is not None:
            self.notifications.append(self.notification(result))
            return ""
        pieces = []
        on_disk = self.on_disk(result.path)
        for finding, base, occurrence in fingerprinted(result):
            record = self.result_record(on_disk, finding, f"{base}:{occurrence}")
            if result.document.row is not None:  # code scanning knows files, not rows: the message says where
                record["message"]["text"] = f"{location(result.path, finding)}: {record['message']['text']}"
                record["locations"] = [physical_location(self.on_disk(file_of(result)))]
            if finding.fix:
                record["fixes"] = [sarif_fix(on_disk, result.document, finding.fix)]
            pieces.append(self.results.item(dumps(record)))
        return "".join(pieces)

    def on_disk(self, shown: str) -> str:
        """The path of the file shown as ``shown``."""
        return self.options.paths_on_disk.get(shown, shown)

    def result_record(self, path: str, finding: Finding, fingerprint: str) -> dict:
        record: dict = {"ruleId": finding.code}
        if finding.code in self.rule_index:
            record["ruleIndex"] = self.rule_index[finding.code]
        record.update(
            level=LEVELS[finding.severity],
            message={"text": message_with_suggestion(finding)},
            locations=[physical_location(path, finding)],
            partialFingerprints={FINGERPRINT_KEY: fingerprint},
        )
        return record

    def notification(self, result: DocumentResult) -> dict:
        return {
            "level": "error",
            "message": {"text": f"{result.path}: {result.error}"},
            "locations": [physical_location(self.on_disk(file_of(result)))],
        }

    def finish(self, summary: Summary) -> str:
        invocation = {
            "executionSuccessful": not self.notifications,
            "toolExecutionNotifications": self.notifications,
        }
        return f'\n], "invocations": [{dumps(invocation)}]}}]}}\n'
