"""The default format: one line per finding, a line per document, a totals line.

    path:line:column: severity: CODE name: message (suggestion)
    path: severity: CODE name: message (suggestion)          (a document-level finding)
    path: 12 glosses, 1 error, 0 warnings, 2 info
    3 documents, 40 glosses: 1 error, 0 warnings, 2 info

The severity comes first, as compilers write it, so a reader sees at once
which lines fail the run; with ``color`` it is coloured.  Unreadable
documents print nothing here: the CLI reports them on stderr.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterator

from audit.finding import DocumentResult, Finding, Severity, ordered
from audit.formats.base import FormatOptions, LineByLineFormatter
from audit.formats.summary import Summary
from audit.wording import one_line, plural

# ANSI select-graphic-rendition codes: bold red, yellow, cyan.
_SEVERITY_COLORS = {Severity.ERROR: "1;31", Severity.WARNING: "33", Severity.INFO: "36"}


def paint(text: str, severity: Severity, color: bool) -> str:
    return f"\033[{_SEVERITY_COLORS[severity]}m{text}\033[0m" if color else text


def title(finding: Finding) -> str:
    return f"{finding.code} {finding.name}"


def message_with_suggestion(finding: Finding) -> str:
    if not finding.suggestion:
        return finding.placed_message
    return f"{finding.placed_message} ({finding.suggestion})"


def location(path: str, finding: Finding) -> str:
    if finding.line is None:
        return path
    return f"{path}:{finding.line}:{finding.column}"


def finding_line(path: str, finding: Finding, color: bool = False) -> str:
    """One line, whatever the message holds: editors and grep read it as such, and the characters it quotes
    from a document cannot steer the terminal showing it (escaped as in names: ``\\x1b``)."""
    text = one_line(message_with_suggestion(finding))
    severity = paint(str(finding.severity), finding.severity, color)
    return f"{location(path, finding)}: {severity}: {title(finding)}: {text}"


def severity_tally(errors: int, warnings: int, infos: int) -> str:
    # "info" is a mass noun here: "2 info" reads better than "2 infos".
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')}, {plural(infos, 'info', 'info')}"


class TextFormatter(LineByLineFormatter):
    name = "text"

    def pieces(self, result: DocumentResult) -> Iterator[str]:
        """A line for each finding, each made as it is written, then the document's tally."""
        if result.error is not None:
            return
        for finding in ordered(result.findings):
            yield finding_line(result.path, finding, self.options.color) + "\n"
        if result.document.row is not None:
            return  # a dataset's rows: findings only, totals at the end
        tally = severity_tally(
            result.count(Severity.ERROR), result.count(Severity.WARNING), result.count(Severity.INFO)
        )
        yield f"{result.path}: {plural(result.gloss_count, 'gloss', 'glosses')}, {tally}\n"

    def finish(self, summary: Summary) -> str:
        totals = f"{plural(summary.documents, 'document')}, {plural(summary.glosses, 'gloss', 'glosses')}"
        if summary.unreadable:
            totals += f" ({summary.unreadable} unreadable)"
        tally = severity_tally(summary.errors, summary.warnings, summary.infos)
        return f"{totals}: {tally}\n"


class StatisticsFormatter(TextFormatter):
    """``--statistics``: how many findings each rule made, at each severity, then the totals.

    Like ``ruff --statistics`` and ``flake8 --statistics``: an overview
    instead of one line per finding, most frequent first.
    """

    def __init__(self, options: FormatOptions) -> None:
        super().__init__(options)
        self.counts: Counter[tuple[str, str, Severity]] = Counter()

    def pieces(self, result: DocumentResult) -> Iterator[str]:
        self.counts.update((finding.code, finding.name, finding.severity) for finding in result.findings)
        return iter(())

    def finish(self, summary: Summary) -> str:
        rows = sorted(self.counts.items(), key=lambda row: (-row[1], row[0][0], -row[0][2]))
        width = len(str(max(self.counts.values(), default=0)))
        lines = [
            f"{count:>{width}}  {paint(f'{severity!s:<7}', severity, self.options.color)}  {code} {name}"
            for (code, name, severity), count in rows
        ]
        return "".join(line + "\n" for line in lines) + super().finish(summary)
