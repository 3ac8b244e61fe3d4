"""Totals over a whole run, accumulated document by document.

The CLI adds each result as soon as it is audited, so the totals are ready for
``Formatter.finish`` without keeping any document in memory.
"""

from __future__ import annotations

from audit.finding import DocumentResult, Severity


class Summary:
    def __init__(self) -> None:
        self.documents = 0
        self.unreadable = 0  # documents that could not be audited at all
        self.texts = 0  # documents that hold more than white space
        self.glosses = 0
        self.syllables = 0
        self.errors = 0
        self.warnings = 0
        self.infos = 0

    def add(self, result: DocumentResult) -> None:
        self.documents += 1
        self.unreadable += result.error is not None
        self.texts += _holds_text(result.document.text)
        self.glosses += result.gloss_count
        self.syllables += result.syllable_count
        self.errors += result.count(Severity.ERROR)
        self.warnings += result.count(Severity.WARNING)
        self.infos += result.count(Severity.INFO)

    @property
    def findings(self) -> int:
        return self.errors + self.warnings + self.infos

    def at_or_above(self, severity: Severity) -> int:
        """How many findings would fail a run gated at ``severity``."""
        counts = {Severity.ERROR: self.errors, Severity.WARNING: self.warnings, Severity.INFO: self.infos}
        return sum(count for level, count in counts.items() if level >= severity)


def _holds_text(text: str) -> bool:
    """More than white space, asked without copying the text as ``strip`` would."""
    return bool(text) and not text.isspace()
