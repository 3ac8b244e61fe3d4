"""The default format: one line per finding, a line per document, a totals line.

    path:line:column: CODE name: message (suggestion)
    path: CODE name: message (suggestion)          (a document-level finding)
    path: 12 glosses, 1 error, 0 warnings, 2 info
    3 documents, 40 glosses: 1 error, 0 warnings, 2 info

Unreadable documents print nothing here: the CLI reports them on stderr.
"""

from __future__ import annotations

from audit.finding import DocumentResult, Finding, Severity, ordered
from audit.formats.base import Formatter
from audit.formats.summary import Summary
from audit.wording import plural


def title(finding: Finding) -> str:
    return f"{finding.code} {finding.name}"


def message_with_suggestion(finding: Finding) -> str:
    if not finding.suggestion:
        return finding.message
    return f"{finding.message} ({finding.suggestion})"


def location(path: str, finding: Finding) -> str:
    if finding.line is None:
        return path
    return f"{path}:{finding.line}:{finding.column}"


def finding_line(path: str, finding: Finding) -> str:
    """One line, whatever the message holds: editors and grep read it as such."""
    text = " ".join(message_with_suggestion(finding).splitlines())
    return f"{location(path, finding)}: {title(finding)}: {text}"


def severity_tally(errors: int, warnings: int, infos: int) -> str:
    # "info" is a mass noun here: "2 info" reads better than "2 infos".
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}, {plural(infos, 'info', 'info')}"


class TextFormatter(Formatter):
    def document(self, result: DocumentResult) -> str:
        if result.error is not None:
            return ""
        lines = [finding_line(result.path, finding) for finding in ordered(result.findings)]
        tally = severity_tally(
            result.count(Severity.ERROR), result.count(Severity.WARNING), result.count(Severity.INFO)
        )
        lines.append(f"{result.path}: {plural(result.gloss_count, 'gloss', 'glosses')}, {tally}")
        return "".join(line + "\n" for line in lines)

    def finish(self, summary: Summary) -> str:
        totals = f"{plural(summary.documents, 'document')}, {plural(summary.glosses, 'gloss', 'glosses')}"
        if summary.unreadable:
            totals += f" ({summary.unreadable} unreadable)"
        tally = severity_tally(summary.errors, summary.warnings, summary.infos)
        return f"{totals}: {tally}\n"
