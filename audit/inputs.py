"""Reading inputs: files, directories and standard input, in any of the formats.

``iter_tasks`` lists what to audit (a path, or standard input already read)
in a stable order; ``load`` reads one task into an ``Input``: the text to
audit with positions in the original file, the comments that may hold
suppressions, and any problems the reader found itself.

Nothing here raises for a bad file: each task gives either an ``Input`` or
an ``InputError`` that says what is wrong and where, so one unreadable file
never stops the audit of the others.
"""

from __future__ import annotations

import codecs
import fnmatch
import os
import re
import sys
from dataclasses import dataclass
from typing import Iterable, Iterator

from audit.extraction import Input, Reader
from audit.labels import AISHELL3, BIAOBEI
from audit.markup import HTML, MARKDOWN
from audit.plaintext import TEXT
from audit.plugins import Registry

# Every input format.  Adding one: a module with its ``Reader``, and a line here.
READERS: Registry[Reader] = Registry("input format", [
    TEXT,
    MARKDOWN,
    HTML,
    BIAOBEI,
    AISHELL3,
])
INPUT_FORMATS = ("auto", *READERS.names)
DEFAULT_INCLUDE = tuple(pattern for reader in READERS for pattern in reader.walked)
_SNIFF_BYTES = 8192
STDIN = "<stdin>"


@dataclass(frozen=True)
class InputError:
    path: str
    message: str


@dataclass(frozen=True)
class Task:
    """A file to read, or standard input already read (``data``)."""

    path: str
    data: bytes | None = None


def iter_tasks(
    paths: Iterable[str],
    include: tuple[str, ...] = DEFAULT_INCLUDE,
    exclude: tuple[str, ...] = (),
    stdin_name: str | None = None,
) -> Iterator[Task]:
    """Each file named or found under a directory, in a stable order.

    Standard input (``-``) is read as if it were a file named ``stdin_name``,
    when given: the name decides its format and per-file ignores, and
    findings carry it.
    """
    for path in paths:
        if path == "-":
            yield Task(os.path.normpath(stdin_name) if stdin_name else STDIN, sys.stdin.buffer.read())
        elif os.path.isdir(path):
            for file_path in _walk(path, include, exclude):
                yield Task(file_path)
        else:
            yield Task(os.path.normpath(path))  # ./a.txt and a.txt are one file, in baselines too


def load(task: Task, encoding: str = "utf-8", input_format: str = "auto") -> Input | InputError:
    """Read, decode and prepare one task."""
    data = task.data if task.data is not None else _read_bytes(task.path)
    if isinstance(data, InputError):
        return data
    decoded = decode(data, task.path, encoding)
    if isinstance(decoded, InputError):
        return decoded
    return prepare(normalized_newlines(decoded.text), task.path, input_format)


def prepare(text: str, path: str | None, input_format: str = "auto") -> Input:
    """The ``Input`` for ``text`` in the given format (``auto``: by extension, then by content)."""
    reader = reader_for(text, path) if input_format == "auto" else READERS[input_format]
    return reader.read(text, path)


def reader_for(text: str, path: str | None) -> Reader:
    """The reader the file's extension names, else the first that recognises the text, else plain text."""
    extension = os.path.splitext(path or "")[1].lower()
    claimed = next((reader for reader in READERS if extension in reader.extensions), None)
    return claimed or next((reader for reader in READERS if reader.detect and reader.detect(text)), TEXT)


# --------------------------------------------------------------------------
# Bytes and text


def read_bytes(task: Task) -> bytes | InputError:
    """The task's bytes: standard input as read, or the file's."""
    return task.data if task.data is not None else _read_bytes(task.path)


def _read_bytes(path: str) -> bytes | InputError:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return InputError(path, "no such file or directory")
    except IsADirectoryError:
        return InputError(path, "is a directory")
    except OSError as error:
        return InputError(path, f"cannot read: {error.strerror or error}")


@dataclass(frozen=True)
class Decoded:
    """A file's text exactly as written (line endings kept, the BOM apart), and how to write it back."""

    text: str
    codec: str
    bom: bytes = b""

    def encode(self, text: str) -> bytes:
        """``text`` in the file's encoding, behind the file's BOM; ``UnicodeEncodeError`` if it cannot be."""
        return self.bom + text.encode(self.codec)


# The byte-order marks each Unicode encoding may start with, and the codec that reads what follows.
_BOMS = {
    "utf-8": ((codecs.BOM_UTF8, "utf-8"),),
    "utf-16": ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")),
    "utf-32": ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be")),
}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def normalized_newlines(text: str) -> str:
    """Every line break as ``\\n``: what the auditor reads, whatever the file's convention."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def with_line_breaks_of(text: str, original: str) -> str:
    """``text`` (normalized, with as many lines as ``original``) with the line breaks ``original`` has."""
    breaks = _LINE_BREAK.findall(original)
    lines = text.split("\n")
    if len(lines) != len(breaks) + 1:
        raise ValueError("the texts have different numbers of lines")
    return "".join(line + ending for line, ending in zip(lines, breaks + [""]))


def decode(data: bytes, path: str, encoding: str) -> Decoded | InputError:
    """The file's text as written, or what is wrong with its bytes."""
    if not data.strip():
        return InputError(path, "empty file: nothing to audit")
    if b"\x00" in data[:_SNIFF_BYTES] and not encoding.lower().startswith("utf-16"):
        return InputError(path, "binary file (contains NUL bytes): not a text document")
    try:
        codec, bom = _codec_and_bom(data, encoding)
        text = data[len(bom):].decode(codec)
    except LookupError:
        return InputError(path, f"unknown encoding {encoding!r}")
    except UnicodeDecodeError as error:
        start = error.start + len(bom)
        line = data.count(b"\n", 0, start) + 1
        return InputError(
            path,
            f"not valid {encoding} at byte offset {start} (line {line}): "
            f"{data[start:start + 4]!r}; use --encoding for other encodings (e.g. gb18030, big5)",
        )
    return Decoded(text, codec, bom)


def _codec_and_bom(data: bytes, encoding: str) -> tuple[str, bytes]:
    """The codec for the bytes after the BOM, and the BOM.

    UTF-8 may have one; UTF-16 and UTF-32 say their byte order with it.
    """
    name = codecs.lookup(encoding).name
    for bom, codec in _BOMS.get(name, ()):
        if data.startswith(bom):
            return codec, bom
    return name, b""


def _walk(root: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> Iterator[str]:
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = sorted(
            d for d in subdirectories
            if not d.startswith(".") and not _matches(d, os.path.relpath(os.path.join(directory, d), root), exclude)
        )
        for name in sorted(files):
            path = os.path.normpath(os.path.join(directory, name))
            relative = os.path.relpath(path, root)
            if _matches(name, relative, include) and not _matches(name, relative, exclude):
                yield path


def _matches(name: str, relative: str, patterns: tuple[str, ...]) -> bool:
    relative = relative.replace(os.sep, "/")
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(relative, p) for p in patterns)
