"""A document being audited, and the one place where offsets become positions.

Every stage works on code-point offsets into ``Document.text``.  Only here are
they turned into 1-based line and column numbers, so a column always counts
Unicode code points, whatever the characters are.

``text`` is what the auditor reads.  For inputs that are not plain text
(Markdown, HTML, label files) an input reader extracts that text and passes
``source_offsets``: for each extracted code point, its offset in the original
file, so positions are still reported in the file the user opened.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import NamedTuple, Sequence


class Position(NamedTuple):
    line: int
    column: int


@dataclass(frozen=True)
class Document:
    text: str
    path: str | None = None
    source: str | None = None
    source_offsets: Sequence[int] | None = None
    _line_starts: list[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        original = self.source if self.source is not None else self.text
        starts = [0]
        newline = original.find("\n")
        while newline >= 0:
            starts.append(newline + 1)
            newline = original.find("\n", newline + 1)
        object.__setattr__(self, "_line_starts", starts)

    @property
    def display_path(self) -> str:
        return self.path if self.path is not None else "<text>"

    def source_offset(self, offset: int) -> int:
        """Offset in the original file of the code point at ``offset`` in ``text``."""
        if self.source_offsets is None:
            return offset
        if offset < len(self.source_offsets):
            return self.source_offsets[offset]
        # One past the end: just after the last mapped code point.
        return self.source_offsets[-1] + 1 if self.source_offsets else 0

    def position(self, offset: int) -> Position:
        """1-based line and column (in code points) of a ``text`` offset."""
        original = self.source_offset(offset)
        line_index = bisect.bisect_right(self._line_starts, original) - 1
        return Position(line_index + 1, original - self._line_starts[line_index] + 1)
