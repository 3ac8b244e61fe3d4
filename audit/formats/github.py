"""GitHub Actions workflow commands, followed by the plain text report.

Each finding becomes an annotation (``::error``, ``::warning`` or ``::notice``)
on its file and position.  When the finding's fix edits one line, the
annotation ends with the fixed line as a ``suggestion`` block, the form a
review bot posts as a suggested change.  GitHub shows only about ten annotations of each
kind per step, so the full text report is printed as well.
"""

from __future__ import annotations

import re
from typing import Iterator

from audit.document import Document
from audit.finding import DocumentResult, Finding, Severity, ordered
from audit.formats.base import FormatOptions, LineByLineFormatter, absolute_path, file_of, fixed_line
from audit.formats.summary import Summary
from audit.formats.text import TextFormatter, location, message_with_suggestion, title
from audit.wording import needs_escaping, one_line

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def workflow_command(command: str, message: str, **properties: object) -> str:
    """``::command key=value,...::message``; properties that are None are left out."""
    given = ",".join(
        f"{key}={escape_property(str(value))}" for key, value in properties.items() if value is not None
    )
    return f"::{command} {given}::{escape_data(message)}"


def annotation(path: str, finding: Finding, document: Document) -> str:
    message = one_line(message_with_suggestion(finding))  # as in the text report, a wrapped gloss on one line
    if document.row is not None:  # a dataset's row has no lines of its own in the file: the message says where
        return workflow_command(COMMANDS[finding.severity], f"{location(path, finding)}: {message}",
                                file=absolute_path(document.path), title=title(finding))
    one_line_span = _on_one_line(finding)  # the runner drops columns across lines, saying why in its log
    return workflow_command(
        COMMANDS[finding.severity],
        message + suggested_change(document, finding),
        file=absolute_path(path),
        line=finding.line,
        col=finding.column if one_line_span else None,
        endLine=finding.end_line,
        endColumn=finding.end_column if one_line_span else None,
        title=title(finding),
    )


def suggested_change(document: Document, finding: Finding) -> str:
    """The fixed line in a ``suggestion`` block, or nothing unless the finding and its fix are on one line
    (a gloss wrapped across two lines, fixed on the first, would have its second line deleted).

    Nor when the line holds a control character other than a tab, or an invisible format character (see
    ``printable``): escaped, the suggestion would no longer be the line; as written, the workflow log would
    run it (an escape sequence quoted from the document) or turn it around (a bidirectional control).
    """
    fixed = fixed_line(document, finding.fix) if finding.fix else None
    if fixed is None or not (_on_one_line(finding) and fixed[0] == finding.line):  # it replaces the lines annotated
        return ""
    if needs_escaping(fixed[1].replace("\t", "")):
        return ""
    fence = "`" * max(3, _longest_run_of_backticks(fixed[1]) + 1)  # a fence the line itself cannot close
    return f"\n\n{fence}suggestion\n{fixed[1]}\n{fence}"


def _on_one_line(finding: Finding) -> bool:
    return finding.line == finding.end_line


def _longest_run_of_backticks(line: str) -> int:
    return max((len(run) for run in re.findall("`+", line)), default=0)


class GithubFormatter(LineByLineFormatter):
    name = "github"

    def __init__(self, options: FormatOptions) -> None:
        super().__init__(options)
        self.text = TextFormatter(options)

    def pieces(self, result: DocumentResult) -> Iterator[str]:
        """An annotation for each finding (a document that could not be read: one saying so), each made as it is
        written, then the text report's lines."""
        if result.error is not None:
            where = f"{result.path}: " if result.document.row is not None else ""
            yield workflow_command("error", where + result.error, file=absolute_path(file_of(result)),
                                   title="unreadable") + "\n"
        else:
            for finding in ordered(result.findings):
                yield annotation(result.path, finding, result.document) + "\n"
        yield from self.text.pieces(result)

    def finish(self, summary: Summary) -> str:
        return self.text.finish(summary)
