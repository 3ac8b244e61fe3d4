"""Writing what the tool produces without ever touching what it reads.

Every file or directory the tool writes goes through here:

- ``check_output`` refuses, before any work is done, an output path that is
  one of the inputs, lies inside an input directory, or holds an input (and
  ``check_output_file`` a file whose directory is missing or takes no new
  file, or that is read-only);
- ``open_atomically`` and ``write_atomically`` write a file beside its
  target and move it into place only once it is complete, so a failed run
  leaves the old file as it was (devices and pipes are written directly);
- ``ReportDirectory`` builds a report in a fresh directory beside its
  target and moves it into place at the end; it replaces only a directory
  that is empty or that it made itself (marked by ``MARKER``), unless forced.

Every problem is an ``OutputError`` with a one-line message.  ``tempfile`` and
``shutil`` are imported where a report directory needs them: a check does not.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
from typing import Iterable, Iterator, TextIO

from audit.atomic import check_replaceable, current_umask, replacing
from audit.exits import UserError, terminated_on_sigterm

MARKER = ".pinyin-audit-report"  # in every report directory the tool writes


class OutputError(UserError):
    """An output that cannot or must not be written: exit 2 with this message."""


def check_output(target: str, inputs: Iterable[str], what: str = "output") -> None:
    """Refuse ``target`` when writing it could destroy or feed back into an input."""
    if not target:
        raise OutputError(f"the {what} path is empty")
    resolved = os.path.realpath(target)
    for given in inputs:
        if given == "-":
            continue
        source = os.path.realpath(given)
        if resolved == source:
            raise OutputError(f"the {what} {target} is an input; choose another path")
        if _inside(resolved, source):
            inside = "inside the input directory" if os.path.isdir(source) else "under the input file"
            raise OutputError(f"the {what} {target} is {inside} {given}; choose another path")
        if _inside(source, resolved):
            raise OutputError(f"the {what} {target} contains the input {given}; choose another path")


def check_output_file(target: str, inputs: Iterable[str], what: str) -> None:
    """``check_output``, and the file must be one that can be written (its directory there and taking a new
    file, the file not read-only): refused before the audit, not after it."""
    check_output(target, inputs, what)
    directory = os.path.dirname(target)
    if directory and not os.path.isdir(directory):
        raise OutputError(f"cannot write {what} {target}: there is no directory {directory}")
    if not _is_special(target):  # a device is written directly
        try:
            check_replaceable(target)
        except OSError as error:
            raise _fail(target, error, what) from None


def _inside(path: str, directory: str) -> bool:
    return path.startswith(directory.rstrip(os.sep) + os.sep)


def _fail(target: str, error: OSError, what: str = "") -> OutputError:
    return OutputError(f"cannot write {what + ' ' if what else ''}{target}: {error.strerror or error}")


# --------------------------------------------------------------------------
# Files


@contextlib.contextmanager
def open_atomically(target: str, what: str = "") -> Iterator[TextIO]:
    """A text stream that becomes ``target`` when the block ends without an error.

    An existing device, pipe or other special file is written directly: there
    is nothing to replace it with (``/dev/null`` stays a device).
    """
    try:
        if _is_special(target):
            with open(target, "w", encoding="utf-8") as handle:
                yield handle
            return
        # Terminated, the run removes the file it was writing (the whole report goes into it as the audit goes).
        with terminated_on_sigterm(), replacing(target) as binary:
            text = io.TextIOWrapper(binary, encoding="utf-8", newline="")
            yield text
            text.flush()
            text.detach()  # the binary file is closed by ``replacing``
    except OSError as error:
        raise _fail(target, error, what) from None


def write_atomically(target: str, text: str, what: str = "") -> None:
    """Write ``text`` to ``target`` whole or not at all; ``what`` names it in messages."""
    with open_atomically(target, what) as handle:
        handle.write(text)


def _is_special(path: str) -> bool:
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    if stat.S_ISDIR(mode):
        raise OutputError(f"cannot write {path}: it is a directory")
    return not stat.S_ISREG(mode)


# --------------------------------------------------------------------------
# Report directories


class ReportDirectory:
    """A report built in a fresh directory beside ``target``, moved into place by ``publish``.

    ``check`` at construction refuses early what ``publish`` would refuse
    late: a target that is a file, lies under a file, or is a directory
    holding something the tool did not write (unless ``force``).
    """

    def __init__(self, target: str, force: bool = False) -> None:
        self.target = target  # as named, in messages
        # A link is written through, to the directory it names, and stays a link, as a fixed file's does; the
        # report is built beside that directory, on its file system, so that it can be renamed into place.
        self.place = os.path.realpath(target) if os.path.islink(target) else target
        self.force = force
        self._check()
        import tempfile

        parent = os.path.dirname(os.path.abspath(self.place))
        try:
            os.makedirs(parent, exist_ok=True)
            self.path = tempfile.mkdtemp(dir=parent, prefix=".pinyin-audit-")
            # mkdtemp's directory is its maker's alone; a report is read by whoever may read its pages (a web
            # server, the team), so it takes the mode any new directory takes.
            os.chmod(self.path, 0o777 & ~current_umask())
            open(os.path.join(self.path, MARKER), "w").close()
        except OSError as error:
            raise _fail(target, error) from None

    @contextlib.contextmanager
    def building(self) -> Iterator[str]:
        """The block that writes the report into its directory, whose path it gives; whatever stops it, the
        directory goes, and a file that cannot be written (a full disk) is said to be the report's."""
        try:
            yield self.path
        except OSError as error:
            self.discard()
            raise _fail(self.target, error, "the report") from None
        except BaseException:
            self.discard()
            raise

    def _check(self) -> None:
        target = self.target
        try:
            mode = os.stat(self.place).st_mode
        except FileNotFoundError:
            return
        except NotADirectoryError:
            raise OutputError(f"cannot write {target}: a part of it is a file, not a directory") from None
        except OSError as error:
            raise _fail(target, error) from None
        if not stat.S_ISDIR(mode):
            raise OutputError(f"cannot write the report to {target}: it exists and is not a directory")
        if not self.force and not _ours_or_empty(self.place):
            raise OutputError(f"{target} holds files this tool did not write; choose another directory "
                              "or pass --force to write into it")

    def publish(self) -> None:
        """Move the finished report into place.

        A directory the tool wrote before (or an empty one) is replaced whole,
        so stale pages go; with ``force``, the report's files are moved into a
        foreign directory, replacing files of the same name and nothing else.
        """
        import shutil
        import tempfile

        place = self.place
        try:
            if os.path.isdir(place) and not _ours_or_empty(place):
                self._merge_into(place)
                return
            old = None
            if os.path.isdir(place):
                old = tempfile.mkdtemp(dir=os.path.dirname(os.path.abspath(place)), prefix=".pinyin-audit-old-")
                os.replace(place, os.path.join(old, "report"))
            os.replace(self.path, place)
            if old:
                shutil.rmtree(old, ignore_errors=True)
        except OSError as error:
            self.discard()
            raise _fail(self.target, error) from None

    def _merge_into(self, target: str) -> None:
        for name in os.listdir(self.path):
            os.replace(os.path.join(self.path, name), os.path.join(target, name))
        os.rmdir(self.path)

    def discard(self) -> None:
        import shutil

        shutil.rmtree(self.path, ignore_errors=True)


def _ours_or_empty(directory: str) -> bool:
    try:
        names = os.listdir(directory)
    except OSError as error:
        raise _fail(directory, error) from None
    return not names or MARKER in names
