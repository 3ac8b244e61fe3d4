"""Writing a file whole or not at all.

The new content goes to a temporary file beside the target, which then
replaces it in one rename: a reader, or a crash, sees the old file or the
new one, never half of each.  The target's permission bits are kept, and
its owner where this user may give it; a new file gets the usual bits (those
the umask leaves).  A link is written through, to the file it names; a
read-only file is refused, as writing it in place would be, though a rename
in its directory could replace it.  New content worked out from what the file
held (a fix) replaces it only while it still holds that: an edit saved in the
meantime is kept, not undone.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from typing import BinaryIO, Iterator


def write_atomically(path: str, data: bytes, *, made_from: bytes | None = None) -> None:
    """Replace ``path`` with ``data``; ``OSError`` when it cannot be, with ``path`` untouched.

    ``made_from``: the bytes ``data`` was worked out from, which ``path`` must still hold.
    """
    with replacing(path, made_from) as handle:
        handle.write(data)


@contextlib.contextmanager
def replacing(path: str, made_from: bytes | None = None) -> Iterator[BinaryIO]:
    """A binary file that replaces ``path`` when the block ends without an error.

    ``OSError`` when it cannot be, or when ``path`` no longer holds ``made_from`` (if given; checked last,
    just before the rename, to leave the least time for another edit); on any error ``path`` is untouched
    and the temporary file is gone.
    """
    path = os.path.realpath(path)  # through a link to the file it names: replacing the link would break it
    existing = _stat(path)
    mode = stat.S_IMODE(existing.st_mode) if existing else _new_file_mode()
    descriptor, temporary = _temporary_beside(path, existing)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if existing:
            _keep_owner(temporary, existing)
        os.chmod(temporary, mode)
        if made_from is not None and not _holds(path, made_from):
            raise OSError(errno.ESTALE, "the file changed while its fixes were worked out; run again")
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def check_replaceable(path: str) -> None:
    """``OSError`` when ``replacing`` would fail to start: a read-only file, or a directory that takes no new
    file (read-only, or the temporary file's name too long for it), found by making that file and removing it,
    so that a path the result cannot go to is refused before the work that makes the result."""
    path = os.path.realpath(path)
    descriptor, temporary = _temporary_beside(path, _stat(path))
    os.close(descriptor)
    os.unlink(temporary)


def _temporary_beside(path: str, existing: os.stat_result | None) -> tuple[int, str]:
    """An open temporary file in ``path``'s directory, to be renamed over it; ``OSError`` when there can be none,
    or when ``path`` is read-only (a rename would replace it all the same: its permission says not to)."""
    import tempfile  # it imports shutil, random and more: only a run that writes a file pays for them

    if existing and not _writable(path, stat.S_IMODE(existing.st_mode)):
        raise PermissionError(errno.EACCES, "the file is read-only")
    directory = os.path.dirname(path)
    try:
        return tempfile.mkstemp(dir=directory, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
    except OSError as error:
        if error.errno in _REFUSED:  # the file may be writable: say why it is not written all the same
            raise type(error)(error.errno, f"{error.strerror}: its directory {directory} takes no new file, where "
                                           "the new content is written before it replaces the old") from None
        raise


_REFUSED = (errno.EACCES, errno.EPERM, errno.EROFS)


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None


def _holds(path: str, content: bytes) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(content) + 1) == content
    except OSError:  # gone, or no longer readable: not what was read
        return False


def _new_file_mode() -> int:
    return 0o666 & ~current_umask()


def current_umask() -> int:
    """The process's umask, read the only way there is: by setting it, and setting it back."""
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _writable(path: str, mode: int) -> bool:
    """Its permission bits let someone write it, and this user may."""
    return bool(mode & 0o222) and os.access(path, os.W_OK)


def _keep_owner(temporary: str, existing: os.stat_result) -> None:
    """The file's owner and group, where this user may give them (root may: a fix run as root, in a container
    on a mounted checkout, must not leave the files root's).  Before ``chmod``, which a ``chown`` may undo."""
    if (existing.st_uid, existing.st_gid) != (os.geteuid(), os.getegid()):
        with contextlib.suppress(PermissionError):
            os.chown(temporary, existing.st_uid, existing.st_gid)
