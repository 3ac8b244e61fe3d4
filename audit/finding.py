"""What the auditor reports: findings and per-document results.

These records are the contract between the auditor and everything that reads
its output (text, JSON and CI formats, the HTML report).  They are plain,
immutable data: rendering belongs to the formats, not here.
"""

from __future__ import annotations

import enum
import operator
from array import array
from typing import Iterable, Iterator, NamedTuple, Sequence

from audit.document import Document, RowRef
from audit.fix import Fix


class Severity(enum.IntEnum):
    """Ordered so that ``finding.severity >= fail_on`` reads naturally."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, name: str) -> "Severity":
        try:
            return cls[name.strip().upper()]
        except KeyError:
            choices = ", ".join(str(s) for s in cls)
            raise ValueError(f"unknown severity {name!r} (choose from {choices})") from None


class Finding(NamedTuple):
    """One problem, located in the original file.

    ``start``/``end`` are code-point offsets into the audited text: the gloss
    from its opening bracket to its closing one, or the span of characters the
    problem is about.  ``line``/``column`` point at ``start`` (1-based,
    columns in code points); document-level findings have ``None`` there.
    In a speech label file, ``utterance`` names the utterance too; the formats
    that print a message print it before (``placed_message``), JSON apart.
    """

    code: str
    name: str
    family: str
    severity: Severity
    message: str
    suggestion: str
    path: str | None = None
    start: int | None = None
    end: int | None = None
    line: int | None = None
    column: int | None = None
    end_line: int | None = None
    end_column: int | None = None
    span: str = ""
    gloss: str = ""
    gloss_index: int | None = None  # index into DocumentResult.glosses
    fix: Fix | None = None  # edits in offsets of the original file, when the rule can correct it
    utterance: str = ""  # the speech-label utterance it is in (000001), part of its place as the line is

    @property
    def placed_message(self) -> str:
        """The message, after the utterance it is in when there is one: ``utterance 000002: 行(xing2): …``."""
        return placed_message(self.message, self.utterance)

    @property
    def sort_key(self) -> tuple:
        """Reading order: document-level findings first, then by position, then by code."""
        return (self.line or 0, self.column or 0, self.code)


def placed_message(message: str, utterance: str) -> str:
    """``message`` after the speech-label utterance it is about, when there is one."""
    return f"utterance {utterance}: {message}" if utterance else message


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in reading order; the sort is stable, so every output is deterministic."""
    return sorted(findings, key=lambda finding: finding.sort_key)


class GlossRecord(NamedTuple):
    """A gloss as the report shows it: the characters it reads and its pinyin.

    ``span_start``/``span_end`` cover the Han characters the aligner paired
    with the gloss (empty when nothing was readable); ``open``/``close`` are
    the offsets of the brackets, ``close`` pointing at the closing bracket.
    A named tuple: one is made per gloss, and tuples are made fastest.
    """

    span_start: int
    span_end: int
    open: int
    close: int
    pinyin: str


class GlossRecords(Sequence):
    """A document's gloss records, held as columns of offsets and made when read: a document may hold millions of
    glosses, and a record takes 32 bytes here rather than about 270 as a tuple.  A gloss's pinyin is read from the
    text, where it stands as written there; the few others (a reader rewrote them) are kept as they are.  Pickled
    (a ``--jobs`` worker sends them back) as they are held, columns and text, so in C and not a record at a time."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._span_starts, self._span_ends, self._opens, self._closes = (array("q") for _ in range(4))
        self._rewritten: dict[int, str] = {}  # by index, the pinyin of glosses the text does not hold so

    def add(self, span_start: int, span_end: int, open: int, close: int, pinyin: str) -> None:
        """Add the record of the next gloss (as ``GlossRecord`` has them)."""
        self._span_starts.append(span_start)
        self._span_ends.append(span_end)
        self._opens.append(open)
        self._closes.append(close)
        if close != open + 1 + len(pinyin) or not self.text.startswith(pinyin, open + 1):
            self._rewritten[len(self._closes) - 1] = pinyin

    def __getitem__(self, index: int) -> GlossRecord:
        if index < 0:  # counted from the end, as a list counts
            index += len(self)
        open, close = self._opens[index], self._closes[index]
        return GlossRecord(self._span_starts[index], self._span_ends[index], open, close,
                           self._pinyin(index, open, close))

    def brackets(self) -> Iterator[tuple[int, int, str]]:
        """Each gloss's opening and closing offsets and its pinyin, in order: the records without their spans."""
        for index, (open, close) in enumerate(zip(self._opens, self._closes)):
            yield open, close, self._pinyin(index, open, close)

    def _pinyin(self, index: int, open: int, close: int) -> str:
        """The pinyin of the gloss ``index``, bracketed at ``open`` and ``close``: as the text or a reader has it."""
        pinyin = self._rewritten.get(index)
        return self.text[open + 1 : close] if pinyin is None else pinyin

    def __len__(self) -> int:
        return len(self._closes)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and len(self) == len(other) and all(map(operator.eq, self, other))

    __hash__ = None  # mutable

    def __repr__(self) -> str:
        return f"GlossRecords({len(self)} glosses)"


class DocumentResult:
    """The audit of one document."""

    def __init__(self, document: Document, findings: list[Finding] | None = None,
                 glosses: Sequence[GlossRecord] | None = None, syllable_count: int = 0, error: str | None = None) -> None:
        self.document = document
        self.findings: list[Finding] = [] if findings is None else findings
        self.glosses: Sequence[GlossRecord] = [] if glosses is None else glosses
        self.syllable_count = syllable_count
        self.error = error  # set when the input could not be audited at all

    @classmethod
    def not_audited(cls, path: str, why: str, row: RowRef | None = None) -> DocumentResult:
        """A document, or a dataset's row, whose worker died before auditing it: reported, not audited."""
        return cls(Document("", path, row=row), error=f"not audited: {why}")

    def __eq__(self, other: object) -> bool:
        return vars(self) == vars(other) if type(other) is DocumentResult else NotImplemented

    __hash__ = None  # mutable

    def __repr__(self) -> str:
        return f"DocumentResult({self.path!r}, {len(self.findings)} findings, error={self.error!r})"

    def with_findings(self, findings: list[Finding]) -> DocumentResult:
        """The same audit with other findings (those a baseline leaves)."""
        return DocumentResult(self.document, findings, self.glosses, self.syllable_count, self.error)

    @property
    def path(self) -> str:
        return self.document.display_path

    @property
    def gloss_count(self) -> int:
        return len(self.glosses)

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity == severity)

    def error_glosses(self) -> frozenset[int]:
        """The glosses named by at least one error-level finding (by index)."""
        return frozenset(f.gloss_index for f in self.findings
                         if f.severity >= Severity.ERROR and f.gloss_index is not None)

    @property
    def error_rate(self) -> float | None:
        """The share of glosses with an error; ``None`` for a document without glosses, which has no rate.

        Warnings, info and findings that name no gloss do not count towards it.
        The CLI's ``--max-error-rate`` and the report read this one definition.
        """
        return len(self.error_glosses()) / self.gloss_count if self.gloss_count else None
