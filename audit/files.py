"""Reading a file the user named, without hanging or running out of memory.

Only regular files are read: a FIFO would block forever and ``/dev/zero``
never ends.  A file larger than the limit is refused with its size rather
than read; the limit applies to what is read, so a file that grows while it
is read is caught too.
"""

from __future__ import annotations

import os
import re
import stat
from typing import BinaryIO

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
_BLOCK = 1024 * 1024  # read at a time beyond the size a file is expected to have
_UNITS = {"": 1, "K": 1024, "M": 1024 ** 2, "G": 1024 ** 3}
_SIZE = r"(?i)\s*(\d+)\s*([KMG]?)i?B?\s*"  # compiled (and kept by re) where a size is first read, not by every run


class FileProblem(Exception):
    """Why a file was not read, in a few words (the caller names the file).  One the system could not open or
    read says "cannot read: " before the system's reason, kept alone for a message that names the file."""

    def __init__(self, reason: str, *, unreadable: bool = False) -> None:
        super().__init__(f"cannot read: {reason}" if unreadable else reason)
        self.reason = reason

    def reading(self, what: str) -> str:
        """"cannot read lexicon words.txt: Permission denied", for a file the message names before the reason,
        which then does not say "cannot read" a second time."""
        return f"cannot read {what}: {self.reason}"


def unreadable(error: OSError) -> FileProblem:
    """The file could not be opened or read, for the system's reason."""
    return FileProblem(error.strerror or str(error), unreadable=True)


def read_bytes(path: str, limit: int = DEFAULT_MAX_BYTES) -> bytes:
    """The content of the regular file ``path``, at most ``limit`` bytes."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)  # opening a FIFO must not wait for a writer
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise FileProblem(_missing(path)) from None
    except IsADirectoryError:
        raise FileProblem("is a directory") from None
    except OSError as error:
        raise unreadable(error) from None
    try:
        status = os.fstat(descriptor)
        _require_regular(status.st_mode)  # before fdopen, which refuses a directory with its own error
    except FileProblem:
        os.close(descriptor)
        raise
    with os.fdopen(descriptor, "rb") as handle:
        try:
            return read_within(handle, limit, expected=status.st_size)
        except OSError as error:
            raise unreadable(error) from None


def read_within(stream: BinaryIO, limit: int, expected: int = 0) -> bytes:
    """What ``stream`` holds, to its end, or ``FileProblem`` once it holds more than ``limit`` bytes (standard
    input from ``yes`` never ends).

    The ``expected`` size (a regular file's) is read at once, and what lies beyond it (a file that grew) a
    block at a time, as is a stream of no known size (a pipe, a /proc file that says it holds none): a read of
    the whole limit would set that much memory aside first, and a limit of many gigabytes cannot be.
    """
    blocks, held = [], 0
    wanted = min(limit, expected or _BLOCK) + 1  # a byte more, to tell whether there is more
    while True:
        block = stream.read(wanted)
        blocks.append(block)
        held += len(block)
        if len(block) < wanted or held > limit:  # the end, or past the limit
            break
        wanted = min(limit + 1 - held, _BLOCK)
    if held > limit:
        raise FileProblem(f"larger than the limit of {describe_size(limit)} (max-file-size)")
    return b"".join(blocks)


def longest_path(directory: str) -> int | None:
    """The longest path, in bytes, the system opens from ``directory`` (4,095 on Linux, whose ``PATH_MAX`` counts
    the NUL that ends it); ``None`` where it does not say (Windows)."""
    try:
        return os.pathconf(directory, "PC_PATH_MAX") - 1
    except (AttributeError, ValueError, OSError):
        return None


def check_regular(path: str) -> None:
    """``FileProblem`` unless ``path`` is a regular file, found without opening it (a pipe would block)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise FileProblem(_missing(path)) from None
    except OSError as error:
        raise unreadable(error) from None
    _require_regular(mode)


def _missing(path: str) -> str:
    """Why ``path`` is not there: a link's name is, so "no such file" would puzzle whoever lists the directory."""
    try:
        return f"a link to {os.readlink(path)}, which does not exist"
    except OSError:  # not a link (or gone too)
        return "no such file or directory"


def _require_regular(mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise FileProblem("is a directory")
    if not stat.S_ISREG(mode):
        raise FileProblem(f"not a regular file ({_kind(mode)})")


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def parse_size(value: str | int) -> int:
    """A size in bytes from ``1048576``, ``512K``, ``64M`` or ``1GB``."""
    if isinstance(value, int) and not isinstance(value, bool):
        size = value
    else:
        match = re.fullmatch(_SIZE, str(value))
        if not match:
            raise ValueError(f"expected a size such as 64M or 500K, got {value!r}")
        size = int(match.group(1)) * _UNITS[match.group(2).upper()]
    if size < 1:
        raise ValueError(f"expected a size of at least one byte, got {value!r}")
    return size


def describe_size(size: int) -> str:
    for unit in ("G", "M", "K"):
        if size >= _UNITS[unit] and size % _UNITS[unit] == 0:
            return f"{size // _UNITS[unit]} {unit}B"
    return f"{size} bytes"
