"""What every output format shares: its options, its interface, finding order.

A formatter streams: ``start`` before the first document, ``document`` once per
audited document in order, ``finish`` with the run's totals.  Each returns the
text to write at that point, so the CLI never holds more than one document;
the CLI asks for a document's text in ``pieces``, a line a finding where the
format writes one.
"""

from __future__ import annotations

import os
from types import MappingProxyType
from typing import Iterator, Mapping, NamedTuple, Sequence

from audit.document import Document, Position
from audit.finding import DocumentResult, Severity
from audit.fix import Edit, Fix, apply_edits
from audit.formats.summary import Summary
from audit.inputs import STDIN
from audit.rules.registry import Rule


NO_PATHS_ON_DISK: Mapping[str, str] = MappingProxyType({})  # every file shown under its own name


class FormatOptions(NamedTuple):
    """What a format may need beyond the results themselves.

    ``rules`` is passed in rather than read from the registry so that a format
    describes exactly the rules that ran (and tests can pass their own).
    """

    rules: Sequence[Rule]
    tool_version: str
    fail_on: Severity
    color: bool = False  # ANSI colours in the text lines (the CLI decides: --color, NO_COLOR, a terminal)
    # The file on disk of each name shown where the two differ (a name with a control character, or bytes that
    # are not UTF-8, is shown escaped): for a format that names files by URI, which can carry any of them.
    paths_on_disk: Mapping[str, str] = NO_PATHS_ON_DISK


class Formatter:
    name: str  # what --format calls it

    def __init__(self, options: FormatOptions) -> None:
        self.options = options

    def start(self) -> str:
        return ""

    def document(self, result: DocumentResult) -> str:
        raise NotImplementedError

    def pieces(self, result: DocumentResult) -> Iterator[str]:
        """``document``'s text in pieces, which the CLI writes in turn: a format that writes a line for each finding
        gives them one at a time, so that a document of 300,000 findings is not held whole as text and records."""
        yield self.document(result)

    def finish(self, summary: Summary) -> str:
        return ""


class LineByLineFormatter(Formatter):
    """A format whose ``pieces`` are its lines, a finding at a time; its whole text is those lines joined."""

    def document(self, result: DocumentResult) -> str:
        return "".join(self.pieces(result))

    def pieces(self, result: DocumentResult) -> Iterator[str]:
        raise NotImplementedError


class PlacedEdit(NamedTuple):
    """An edit of a fix by line and column in the original file, as editors and CI services take them."""

    start: Position
    end: Position
    replacement: str


def placed_edits(document: Document, fix: Fix) -> list[PlacedEdit]:
    return [PlacedEdit(document.original_position(edit.start), document.original_position(edit.end), edit.replacement)
            for edit in fix.edits]


def fixed_line(document: Document, fix: Fix) -> tuple[int, str] | None:
    """The line the fix edits, as it reads once fixed; ``None`` when the fix spans lines."""
    placed = placed_edits(document, fix)
    line = placed[0].start.line
    if any(edit.start.line != line or edit.end.line != line for edit in placed):
        return None
    shifted = [Edit(e.start.column - 1, e.end.column - 1, e.replacement) for e in placed]
    return line, apply_edits(document.original_line(line), shifted)


class JsonArrayStream:
    """Separates the items of a JSON array that is written piece by piece."""

    def __init__(self, separator: str = ",\n") -> None:
        self.separator = separator
        self._empty = True

    def item(self, text: str) -> str:
        """``text`` behind the separator, unless it is the first item."""
        separator = "" if self._empty else self.separator
        self._empty = False
        return separator + text


def absolute_path(path: str) -> str:
    """``path`` from the file system's root, as annotations and code scanning want it: GitHub makes a path under
    the checkout relative to the repository's root whatever directory the command ran in, and reads a relative
    one from that root, which is right only when the command runs there (not under ``working-directory``, nor
    for ``../docs``).  Standard input, no file, keeps its name."""
    return path if path == STDIN else os.path.abspath(path)


def file_of(result: DocumentResult) -> str:
    """The file a result lies in, as annotations and code scanning know files: a dataset's row lies in its dataset."""
    return result.document.path if result.document.row is not None else result.path
