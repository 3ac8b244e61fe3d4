"""Building the text to audit out of another format, offset by offset.

Readers of Markdown, HTML and label files copy the parts of a file that are
prose, and write glosses of their own (``<ruby>`` becomes ``汉(hàn)``), into
an ``Extraction``.  Every code point it holds remembers an offset in the
original file, which ``Document`` uses to report positions there: in an
array of 8-byte numbers, with the text written to a buffer a stretch at a
time, where lists of single characters and of numbers took about 60 bytes
a character (docs/speed.md).  Comments the reader met are kept too: they
may hold suppressions.

A ``Reader`` is one input format as ``audit.inputs.READERS`` lists it: its
name, the files it claims, and the function that turns a file's text into
an ``Input``.
"""

from __future__ import annotations

import io
from array import array
from typing import Callable, NamedTuple

from audit.document import Document
from audit.gloss import Gloss


class Comment(NamedTuple):
    """A comment in the original file: ``text`` is what is inside its markers."""

    start: int
    end: int
    text: str


class Extraction:
    def __init__(self, source: str) -> None:
        self.source = source
        self._text = io.StringIO(newline="")  # written as given: a reader's "\r" stays one
        self._last = ""  # the last character written
        self.offsets = array("q")
        self.comments: list[Comment] = []

    def __len__(self) -> int:
        """How many characters are written so far."""
        return len(self.offsets)

    def keep(self, start: int, end: int) -> None:
        """Copy ``source[start:end]`` as it is."""
        if start < end:
            self._write(self.source[start:end])
            self.offsets.extend(range(start, end))

    def copy(self, offsets: list[int]) -> None:
        """Copy the characters of the source at ``offsets``, in order, each as it is (a run of a label line's
        characters, with the prosody marks between them left out)."""
        if offsets:
            self._write("".join([self.source[offset] for offset in offsets]))
            self.offsets.extend(offsets)

    def add(self, text: str, offset: int) -> None:
        """Write ``text`` that is not in the file as such, placed at ``offset``."""
        if text:
            self._write(text)
            self.offsets.extend(array("q", [offset]) * len(text))

    def _write(self, text: str) -> None:
        self._text.write(text)
        self._last = text[-1]

    def break_line(self, offset: int) -> None:
        """End the current line (once), so text on either side never runs together."""
        if self._last not in ("", "\n"):
            self.add("\n", offset)

    def comment(self, start: int, end: int, text: str) -> None:
        self.comments.append(Comment(start, end, text))

    def document(self, path: str | None) -> Document:
        return Document(self._text.getvalue(), path, source=self.source, source_offsets=self.offsets)


class InputProblem(NamedTuple):
    """A finding a reader or the suppression layer makes itself, not a rule.

    ``start``/``end`` are offsets in the original file, since what it is
    about (a comment, a label line) may not be in the extracted text at all.
    """

    code: str
    start: int
    end: int
    message: str
    suggestion: str = ""
    span: str = ""


class Input(NamedTuple):
    """One file as a reader made it ready to audit."""

    document: Document
    format: str  # the name of the reader that read it
    comments: tuple[Comment, ...] = ()
    problems: tuple[InputProblem, ...] = ()
    glosses: tuple[Gloss, ...] | None = None  # written by the reader; None: search the text
    blocks: tuple[tuple[int, int], ...] = ()  # (first, last) lines a next-line directive covers together
    is_labels: bool = False  # a speech label file, judged by the label profile
    utterances: tuple[tuple[int, int, str], ...] = ()  # (first, last) lines of each label utterance, and its id


class Reader(NamedTuple):
    """An input format: its name, the files it claims, and how it reads one.

    A file goes to the reader its extension names, else to the first reader
    whose ``detect`` recognises its text, else to the plain-text reader.
    """

    name: str
    read: Callable[[str, str | None], Input]  # (text, path) -> Input
    extensions: tuple[str, ...] = ()  # claimed by extension: ".md"
    walked: tuple[str, ...] = ()      # name patterns taken from directories by default: "*.md"
    detect: Callable[[str], bool] | None = None  # claims a file by its content
