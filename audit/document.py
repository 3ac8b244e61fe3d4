"""A document being audited, and the one place where offsets become positions.

Every stage works on code-point offsets into ``Document.text``.  Only here are
they turned into 1-based line and column numbers, so a column always counts
Unicode code points, whatever the characters are.

``text`` is what the auditor reads.  For inputs that are not plain text
(Markdown, HTML, label files) an input reader extracts that text and passes
``source_offsets``: for each extracted code point, its offset in the original
file, so positions are still reported in the file the user opened.

A row of a dataset file is a document of its own; ``row`` then says where it
sits in the file, and its positions are lines and columns within its fields.
"""

from __future__ import annotations

import bisect
from typing import NamedTuple, Sequence


class Position(NamedTuple):
    line: int
    column: int


class RowRef(NamedTuple):
    """A row of a dataset file: its number, its id, the fields its document was read from, its source."""

    number: int  # 1-based among the file's records; a header is not a record
    id: str | None = None
    fields: tuple[str, ...] = ()  # one column, or the characters' and the syllables' (lines 1 and 2)
    source: str | None = None     # the row's source column, when one is named

    def field_of(self, line: int | None) -> str | None:
        """The field a line of the document is in: the only one, or the characters' (1) or syllables' (2)."""
        if len(self.fields) == 1:
            return self.fields[0]
        return self.fields[line - 1] if line is not None and 0 < line <= len(self.fields) else None

    def label(self, path: str) -> str:
        """``data.jsonl[row 12, id utt-7, text]``: a path that names the row and its field."""
        parts = [f"row {self.number}"]
        if self.id is not None:
            parts.append(f"id {self.id}")
        if self.fields:
            parts.append("|".join(self.fields))
        return f"{path}[{', '.join(parts)}]"


class Document:
    """Immutable, and compared by its fields.  A plain class, as are the package's other records
    (named tuples where they can be): defining a dataclass slows every start-up."""

    __slots__ = ("text", "path", "source", "source_offsets", "row", "_line_starts")

    def __init__(self, text: str, path: str | None = None, source: str | None = None,
                 source_offsets: Sequence[int] | None = None, row: RowRef | None = None) -> None:
        self.text, self.path, self.source, self.source_offsets, self.row = text, path, source, source_offsets, row
        original = source if source is not None else text
        starts = [0]
        newline = original.find("\n")
        while newline >= 0:
            starts.append(newline + 1)
            newline = original.find("\n", newline + 1)
        self._line_starts = starts

    def _compared(self) -> tuple:
        return self.text, self.path, self.source, self.source_offsets, self.row

    def __eq__(self, other: object) -> bool:
        return self._compared() == other._compared() if type(other) is Document else NotImplemented

    def __hash__(self) -> int:
        return hash(self._compared())

    def __repr__(self) -> str:
        return f"Document(text={self.text!r}, path={self.path!r}, row={self.row!r})"

    def with_row(self, row: RowRef) -> Document:
        """The same document, as the row ``row`` of a dataset."""
        return Document(self.text, self.path, self.source, self.source_offsets, row)

    @property
    def display_path(self) -> str:
        path = self.path if self.path is not None else "<text>"
        return path if self.row is None else self.row.label(path)

    def source_offset(self, offset: int) -> int:
        """Offset in the original file of the code point at ``offset`` in ``text``."""
        if self.source_offsets is None:
            return offset
        if offset < len(self.source_offsets):
            return self.source_offsets[offset]
        # One past the end: just after the last mapped code point.
        return self.source_offsets[-1] + 1 if self.source_offsets else 0

    def source_range(self, start: int, end: int) -> tuple[int, int] | None:
        """The original file's range for ``text[start:end]``, when the file holds those very characters.

        A fix edits the file in its own syntax, so text a reader wrote itself
        (the brackets it puts around ``<ruby>`` annotations, a decoded entity)
        cannot be edited through these offsets: ``None`` then.
        """
        original = self.source if self.source is not None else self.text
        if start == end:
            return (self.source_offset(start),) * 2 if self._copied(start - 1, start + 1) else None
        first, last = self.source_offset(start), self.source_offset(end - 1) + 1
        return (first, last) if original[first:last] == self.text[start:end] else None

    def _copied(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` (clipped to the text) stands as one run in the original."""
        start, end = max(start, 0), min(end, len(self.text))
        return start >= end or self.source_range(start, end) is not None

    def position(self, offset: int) -> Position:
        """1-based line and column (in code points) of a ``text`` offset."""
        return self.original_position(self.source_offset(offset))

    def original_position(self, original: int) -> Position:
        """1-based line and column (in code points) of an offset in the original file (a fix's edits)."""
        line_index = bisect.bisect_right(self._line_starts, original) - 1
        return Position(line_index + 1, original - self._line_starts[line_index] + 1)

    def original_offset(self, position: Position) -> int:
        """The offset in the original file of a 1-based line and column (``original_position`` undone)."""
        return self._line_starts[position.line - 1] + position.column - 1

    def original_line(self, line: int) -> str:
        """The text of a line (1-based) of the original file, without its line break."""
        original = self.source if self.source is not None else self.text
        start = self._line_starts[line - 1]
        end = self._line_starts[line] - 1 if line < len(self._line_starts) else len(original)
        return original[start:end]
