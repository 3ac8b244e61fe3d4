"""Reading inputs: files, directories and standard input, with clear errors.

Nothing here raises for a bad file: each path yields either a ``Document``
or an ``InputError`` that says what is wrong and where, so one unreadable
file never stops the audit of the others.
"""

from __future__ import annotations

import fnmatch
import os
import sys
from dataclasses import dataclass
from typing import Iterable, Iterator

from audit.config import DEFAULT_INCLUDE
from audit.document import Document

_SNIFF_BYTES = 8192


@dataclass(frozen=True)
class InputError:
    path: str
    message: str


def iter_documents(
    paths: Iterable[str],
    encoding: str = "utf-8",
    include: tuple[str, ...] = DEFAULT_INCLUDE,
    exclude: tuple[str, ...] = (),
) -> Iterator[Document | InputError]:
    """Each file named or found under a directory, decoded, in a stable order."""
    for path in paths:
        if path == "-":
            yield _decode(sys.stdin.buffer.read(), "<stdin>", encoding)
        elif os.path.isdir(path):
            for file_path in _walk(path, include, exclude):
                yield read_document(file_path, encoding)
        else:
            yield read_document(path, encoding)


def read_document(path: str, encoding: str = "utf-8") -> Document | InputError:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return InputError(path, "no such file or directory")
    except IsADirectoryError:
        return InputError(path, "is a directory")
    except OSError as error:
        return InputError(path, f"cannot read: {error.strerror or error}")
    return _decode(data, path, encoding)


def _decode(data: bytes, path: str, encoding: str) -> Document | InputError:
    if not data.strip():
        return InputError(path, "empty file: nothing to audit")
    if b"\x00" in data[:_SNIFF_BYTES] and not encoding.lower().startswith("utf-16"):
        return InputError(path, "binary file (contains NUL bytes): not a text document")
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        text = data.decode(codec)
    except LookupError:
        return InputError(path, f"unknown encoding {encoding!r}")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return InputError(
            path,
            f"not valid {encoding} at byte offset {error.start} (line {line}): "
            f"{data[error.start:error.start + 4]!r}; use --encoding for other encodings (e.g. gb18030, big5)",
        )
    return Document(text.replace("\r\n", "\n").replace("\r", "\n"), path)


def _walk(root: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> Iterator[str]:
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
        for name in sorted(files):
            path = os.path.normpath(os.path.join(directory, name))
            relative = os.path.relpath(path, root)
            if _matches(name, relative, include) and not _matches(name, relative, exclude):
                yield path


def _matches(name: str, relative: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(relative, p) for p in patterns)
