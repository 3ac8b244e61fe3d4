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
import sys
from typing import Iterable, Iterator, NamedTuple

from audit import files
from audit.extraction import Input, Reader
from audit.labels import AISHELL3, BIAOBEI
from audit.line_breaks import normalized_newlines
from audit.markup import HTML, MARKDOWN
from audit.plaintext import TEXT
from audit.plugins import Registry
from audit.subtitles import SUBTITLES
from audit.wording import plural, printable

# Every input format.  Adding one: a module with its ``Reader``, and a line here.
READERS: Registry[Reader] = Registry("input format", [
    TEXT,
    SUBTITLES,
    MARKDOWN,
    HTML,
    BIAOBEI,
    AISHELL3,
])
INPUT_FORMATS = ("auto", *READERS.names)
DEFAULT_INCLUDE = tuple(pattern for reader in READERS for pattern in reader.walked)
SNIFF_BYTES = 8192
STDIN = "<stdin>"


class InputError(NamedTuple):
    path: str
    message: str


class Task(NamedTuple):
    """A file to read, or standard input already read (``data``)."""

    path: str
    data: bytes | None = None
    problem: str | None = None  # why the path cannot be audited, found while listing

    @property
    def name(self) -> str:
        """The path as every output shows it."""
        return display_name(self.path)


def display_name(path: str) -> str:
    """``path`` as one line of text that any output can encode.

    A file name that is not valid UTF-8 reaches Python with its odd bytes as
    lone surrogates, which no encoder writes; they are shown as ``\\xe9``.
    Control characters and line breaks are shown escaped (``\\n``), so a
    name never splits a line of output (nor starts a CI workflow command).
    """
    try:
        text = path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that stands for no byte (never made by POSIX)
        text = path.encode("utf-8", "backslashreplace").decode("utf-8")
    return printable(text)


def iter_tasks(
    paths: Iterable[str],
    include: tuple[str, ...] = DEFAULT_INCLUDE,
    exclude: tuple[str, ...] = (),
    stdin_name: str | None = None,
    limit: int = files.DEFAULT_MAX_BYTES,
    other_names: list[tuple[Task, str]] | None = None,
) -> Iterator[Task]:
    """Each file named or found under a directory, once, in a stable order.

    Standard input (``-``) is read as if it were a file named ``stdin_name``,
    when given: the name decides its format and per-file ignores, and
    findings carry it; it is read here, up to ``limit`` bytes as a file is.
    A path reached twice (named twice, or named and in a directory given) is
    audited once, under the name it was first reached by; a link is a name of
    its own, as in any listing.  Given ``other_names``, a file reached under
    a second name, through a symbolic link, is left out too, and
    ``(task, first_name)`` added to that list: fixed under each name, a file
    would be written twice (in two processes at once, the second write
    refused, as the first changed the file), and a diff would patch it twice.
    """
    seen = set()
    first_names: dict[str, str] = {}  # with other_names: each file's real path, and the name it was first reached by
    for task in _each_task(paths, include, exclude, stdin_name, limit):
        key = task.path if task.data is not None else os.path.abspath(task.path)
        if key in seen:
            continue
        seen.add(key)
        if other_names is not None and task.data is None and not task.problem:
            first = first_names.setdefault(os.path.realpath(task.path), task.name)
            if first != task.name:
                other_names.append((task, first))
                continue
        yield task


def _each_task(paths: Iterable[str], include: tuple[str, ...], exclude: tuple[str, ...],
               stdin_name: str | None, limit: int) -> Iterator[Task]:
    for path in paths:
        if path == "-":
            yield _standard_input(os.path.normpath(stdin_name) if stdin_name else STDIN, limit)
        elif os.path.isdir(path):
            yield from _walk(path, include, exclude)
        else:
            yield Task(os.path.normpath(path))  # ./a.txt and a.txt are one file, in baselines too


def _standard_input(name: str, limit: int) -> Task:
    if not sys.stdin:
        return Task(name, problem="standard input is closed")
    try:
        return Task(name, files.read_within(sys.stdin.buffer, limit))
    except files.FileProblem as problem:
        return Task(name, problem=str(problem))
    except OSError as error:
        return Task(name, problem=str(files.unreadable(error)))


def load(task: Task, encoding: str = "utf-8", input_format: str = "auto",
         limit: int = files.DEFAULT_MAX_BYTES) -> Input | InputError:
    """Read, decode and prepare one task; ``limit`` is the largest file read, in bytes."""
    decoded = read_text(task, encoding, limit)
    if isinstance(decoded, InputError):
        return decoded
    return prepare(normalized_newlines(decoded.text), task.name, input_format)


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


def read_bytes(task: Task, limit: int = files.DEFAULT_MAX_BYTES) -> bytes | InputError:
    """The task's bytes: standard input as read, or the regular file's, at most ``limit`` of them."""
    if task.problem is not None:
        return InputError(task.name, task.problem)
    if task.data is not None:
        return task.data
    try:
        return files.read_bytes(task.path, limit)
    except files.FileProblem as problem:
        return InputError(task.name, str(problem) + _advice_if_standard_input(task.path))


def _advice_if_standard_input(path: str) -> str:
    """What to do when ``path`` names this process's standard input (``/dev/stdin``, ``/dev/fd/0``): a pipe or
    a terminal is no file to read whole, and ``-`` reads it."""
    try:
        standard_input = os.path.samestat(os.stat(path), os.fstat(0))
    except (OSError, ValueError):  # gone, or no standard input
        return ""
    return "; it is standard input: give - to read it" if standard_input else ""


def read_text(task: Task, encoding: str = "utf-8", limit: int = files.DEFAULT_MAX_BYTES) -> Decoded | InputError:
    """The task's text as written, or why it cannot be read (too large, not valid in ``encoding`` ...)."""
    data = read_bytes(task, limit)
    return data if isinstance(data, InputError) else decode(data, task.name, encoding)


class Decoded(NamedTuple):
    """A file's text exactly as written (line endings kept, the BOM apart), its bytes, and how to write it back."""

    text: str
    codec: str
    bom: bytes  # empty when the file has none
    data: bytes  # the bytes decoded, BOM included

    def encode(self, text: str) -> bytes:
        """``text`` in the file's encoding, behind the file's BOM; ``UnicodeEncodeError`` if it cannot be."""
        return self.bom + text.encode(self.codec)


# The byte-order marks each Unicode encoding may start with, and the codec that reads what follows.
_BOMS = {
    "utf-8": ((codecs.BOM_UTF8, "utf-8"),),
    "utf-16": ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")),
    "utf-32": ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be")),
}


def decode(data: bytes, path: str, encoding: str, advice: str | None = None) -> Decoded | InputError:
    """The file's text as written, or what is wrong with its bytes.

    ``advice`` says what to do about bytes not valid in the encoding, for a file that ``--encoding`` does
    not read (a configuration file, a lexicon); an input's advice is the ``--encoding`` to name.
    """
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return unknown_encoding(path, encoding)
    refused = not_text(data, path, encoding, name, advice)
    if refused:
        return refused
    codec, bom = _codec_and_bom(data, name)
    try:
        text = data[len(bom):].decode(codec)
    except UnicodeDecodeError as error:
        start = error.start + len(bom)
        line = _line_before(data[len(bom):start], codec)
        return undecodable(path, encoding, start, line, repr(data[start:start + 4]), cut_short_advice(error) or advice)
    return Decoded(text, codec, bom, data)


def not_text(data: bytes, path: str, encoding: str, codec: str, advice: str | None = None) -> InputError | None:
    """Why ``data``, a file's bytes or its first ones, is not text in ``encoding`` (``codec``, the name Python
    gives it) whatever follows: UTF-16 or UTF-32 text read as another encoding, a binary file, or UTF-8 text
    that says so with a byte-order mark read as another encoding."""
    if not codec.startswith(_WIDE_UNICODE):  # in UTF-16 and UTF-32, NUL bytes are text
        wide = _wide_unicode(data)
        if wide:
            return undecodable(path, encoding, wide.offset, data.count(b"\n", 0, wide.offset) + 1, wide.evidence,
                               advice or f"use --encoding {wide.encoding}")
        if b"\x00" in data[:SNIFF_BYTES]:
            return InputError(path, "binary file (contains NUL bytes): not a text document")
    # Read as gb18030 or UTF-16, it is mojibake; as UTF-32, bytes that decode to nothing.
    if data.startswith(codecs.BOM_UTF8) and not codec.startswith("utf-8"):
        return undecodable(path, encoding, 0, 1, f"{codecs.BOM_UTF8!r}, a UTF-8 byte-order mark",
                           advice or "use --encoding utf-8 (the default)")
    return None


def _line_before(valid: bytes, codec: str) -> int:
    """The line that follows the ``valid`` bytes, counted as the auditor counts lines (``\\r\\n``, ``\\r`` or
    ``\\n`` ends one) in their text: counted in bytes, UTF-16's 上 (``0a 4e``) would end a line."""
    return normalized_newlines(valid.decode(codec, errors="replace")).count("\n") + 1


_WIDE_UNICODE = ("utf-16", "utf-32")


class _WideUnicode(NamedTuple):
    encoding: str  # what --encoding should say
    offset: int    # the first byte that gives it away
    evidence: str


def _wide_unicode(data: bytes) -> _WideUnicode | None:
    """What says that ``data`` is UTF-16 or UTF-32 text: a byte-order mark, or the NUL bytes that are
    the high bytes of Latin letters, digits and brackets in UTF-16, all on one side of each pair.

    A binary file has NUL bytes on both sides, or too few of them to tell (under one byte in 64).
    """
    for name in ("utf-32", "utf-16"):  # UTF-32's little-endian mark starts with UTF-16's
        for bom, _ in _BOMS[name]:
            if data.startswith(bom):
                return _WideUnicode(name, 0, f"{bom!r}, a {name.upper()} byte-order mark")
    if len(data) % 2:
        return None
    sample = data[:SNIFF_BYTES]
    if sample.count(0) < max(2, len(sample) // 64):  # counted before listed: most files have no NUL at all
        return None
    nuls = [offset for offset, byte in enumerate(sample) if byte == 0]
    for parity, order in ((1, "le"), (0, "be")):
        if all(offset % 2 == parity for offset in nuls):
            return _WideUnicode(f"utf-16-{order}", nuls[0], "a NUL byte, as in UTF-16 text without a byte-order mark")
    return None


_OTHER_ENCODINGS = "use --encoding for other encodings (e.g. gb18030, big5)"
# What a decoder says when the bytes end inside a character: in UTF-8, UTF-16 and UTF-32, and in gb18030 and Big5.
_ENDS_INSIDE_A_CHARACTER = frozenset({"unexpected end of data", "truncated data", "incomplete multibyte sequence"})


def cut_short_advice(error: UnicodeDecodeError) -> str | None:
    """What to say of bytes that are valid up to the end, which comes inside a character: the file was cut short
    (copied in part, or split at a byte count), and no other encoding would read it better; else None."""
    if error.reason in _ENDS_INSIDE_A_CHARACTER:
        return "the file ends inside a character: was it cut short?"
    return None


def unknown_encoding(path: str, encoding: str) -> InputError:
    """An encoding Python does not know, named as the user wrote it."""
    return InputError(path, f"unknown encoding {encoding!r}")


def undecodable(path: str, encoding: str, offset: int, line: int, what: str,
                advice: str | None = None) -> InputError:
    """Bytes not valid in the encoding: where they are, ``what`` they are (a few of them, shown), and what to do
    (by default, name another encoding)."""
    return InputError(path, f"not valid {encoding} at byte offset {offset} (line {line}): {what}; "
                            f"{advice or _OTHER_ENCODINGS}")


def _codec_and_bom(data: bytes, codec: str) -> tuple[str, bytes]:
    """The codec for the bytes after the BOM, and the BOM.

    UTF-8 may have one; UTF-16 and UTF-32 say their byte order with it.
    """
    for bom, bom_codec in _BOMS.get(codec, ()):
        if data.startswith(bom):
            return bom_codec, bom
    return codec, b""


def _walk(root: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> Iterator[Task]:
    """The files to audit under ``root``, depth first in name order; a directory that cannot
    be listed is a task that says so.  A stack, not recursion, so any depth is walked;
    links to directories are not followed, so no loop is."""
    longest = files.longest_path(root)
    include, exclude = (tuple(_from_root(root, pattern) for pattern in patterns) for patterns in (include, exclude))
    pending = [(root, "")]  # a directory, and its path relative to root with "/" after it
    while pending:
        directory, relative = pending.pop()
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            yield Task(os.path.normpath(directory), problem=f"cannot list directory: {error.strerror or error}")
            continue
        subdirectories = []
        too_deep = 0  # entries whose paths the system would refuse: the rest of the tree is still audited
        for entry in entries:
            name, entry_relative = entry.name, relative + entry.name
            is_directory = _is_directory(entry)
            if is_directory:
                wanted = not entry.is_symlink() and not _never_walked(entry) and \
                    not _excluded_directory(name, entry_relative, exclude)
            else:
                wanted = _matches(name, entry_relative, include) and not _matches(name, entry_relative, exclude)
            if not wanted:
                continue
            if longest is not None and len(os.fsencode(entry.path)) > longest:
                too_deep += 1
            elif is_directory:
                subdirectories.append((entry.path, entry_relative + "/"))
            else:
                yield Task(os.path.normpath(entry.path))
        if too_deep:
            yield Task(os.path.normpath(directory), problem=f"{plural(too_deep, 'file or folder', 'files and folders')} "
                       f"in it not audited: the system takes paths of at most {longest:,} bytes (move them nearer "
                       "the top)")
        pending.extend(reversed(subdirectories))


def _from_root(root: str, pattern: str) -> str:
    """An absolute pattern (as a script computes it, "$PWD/vendor") as a path from the directory walked
    (``./vendor``), as the others are written; one outside that directory is left as it is, and names nothing."""
    if not os.path.isabs(pattern):
        return pattern
    try:
        relative = os.path.relpath(pattern, os.path.abspath(root))
    except ValueError:  # another Windows drive
        return pattern
    return pattern if relative == os.pardir or relative.startswith(os.pardir + os.sep) else \
        "./" + relative.replace(os.sep, "/")


def _is_directory(entry: os.DirEntry) -> bool:
    """Whether ``entry`` is a directory or a link to one.  A link that cannot be followed (a loop of links) is
    neither: it is listed as a file, whose reading says what is wrong with it."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _never_walked(directory: os.DirEntry) -> bool:
    """Directories a walk does not enter: hidden ones (.git, .venv), and third-party code, whose text files
    (licences, package data, READMEs) are no one's documents: node_modules, and a Python virtual environment
    whatever its name (it holds pyvenv.cfg).  Named as a path, any of them is audited."""
    return (directory.name.startswith(".") or directory.name == "node_modules"
            or os.path.isfile(os.path.join(directory.path, "pyvenv.cfg")))


def relative_path(path: str, directory: str) -> str:
    """``path`` from ``directory``, ``/`` separated, as patterns and baselines write paths; absolute when no
    relative path exists (on another Windows drive)."""
    try:
        path = os.path.relpath(os.path.abspath(path), os.path.abspath(directory))
    except ValueError:
        path = os.path.abspath(path)
    return path.replace(os.sep, "/")


def path_named_by(patterns: tuple[str, ...], relative: str) -> bool:
    """Whether ``patterns`` name the file at ``relative`` (``/`` separated, from the directory the patterns
    belong to) or a directory it is in, as ``exclude`` names what the walk skips."""
    parts = relative.split("/")
    in_named_directory = any(_excluded_directory(parts[depth - 1], "/".join(parts[:depth]), patterns)
                             for depth in range(1, len(parts)))
    return in_named_directory or _matches(parts[-1], relative, patterns)


def _matches(name: str, relative: str, patterns: tuple[str, ...]) -> bool:
    """``name`` or its path relative to the directory walked (``/`` separated) against ``patterns``, which may
    start with ``./``, the directory walked."""
    return any(fnmatch.fnmatch(name, p) or fnmatch.fnmatch(relative, p.removeprefix("./")) for p in patterns)


def _excluded_directory(name: str, relative: str, exclude: tuple[str, ...]) -> bool:
    """Whether ``exclude`` names the directory, also with a ``/`` after it, as a ``.gitignore`` does (``drafts/``)."""
    return _matches(name, relative, exclude) or _matches(name + "/", relative + "/", exclude)
