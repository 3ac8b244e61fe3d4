"""Tables the auditor reads, kept on disk so that a process opens them in milliseconds.

pypinyin's tables take a fifth of a second to import, pypinyin-dict's large
phrase list a second, and the tables derived from them seconds to build,
while a check of one short file asks for a few hundred entries.  So
:func:`stored` builds each table once per installed version and keeps it in
the user's cache directory as a file of buckets, the keys grouped by their
first two characters (a key of one character by itself).  Opening the file
reads a short header; a bucket is read, checked and kept the first time a key
in it is asked for, so a process pays for what its documents use: a run reads
the words that start as those it looks up do, not every word starting with
the same character (docs/speed.md, round 14).

The file is named for, and its header records, what it was built with
(pinyin-audit's version, Python's, and the installed pypinyin, pypinyin-dict and wordfreq)
and the type of its values.  Every entry's shape is checked when the table is
built, and each bucket carries a checksum, checked when it is read: a bucket
that matches it holds what was written, so its entries are not checked again
(which would cost a process that reads most buckets a fifth more).  A file
from other versions, damaged, or holding values of another type is built
again; where the cache cannot be written the table is built and kept in memory.
A process's first build removes the files of other versions that nothing has
read for a week (:func:`_drop_other_versions`), which nothing else would.

Where the process is the command's own (:func:`freeze_lasting_tables`, which
the CLI calls), tables loaded once and kept for its life (:func:`lasting`) are
moved, with everything else alive at that moment, into the generation the
cycle collector never walks (``gc.freeze``): it otherwise re-walks every loaded
entry on each full collection.  Such objects are still freed as usual once
nothing refers to them.  A program that embeds the auditor (a notebook, a
service) keeps its heap as it is unless it opts in the same way.
"""

from __future__ import annotations

import array
import contextlib
import functools
import gc
import marshal
import mmap
import os
import stat
import struct
import sys
import time
import zlib
from typing import IO, Callable, Iterable, Iterator, NamedTuple, TypeVar

from audit.version import __version__
from audit.words import bucket_number

Table = TypeVar("Table")

_FORMAT = 6  # raised whenever what a table file holds changes (3: ê as one letter; 4: values' type; 5: index apart;
#              6: buckets by a key's first two characters)
# A table has a bucket for every two to four entries (the largest, at 65,536, about six), their number a power of
# two from 64 to 65,536 (see _split).
_ENTRIES_A_BUCKET = 4
_FEWEST_BUCKETS = 64
_MOST_BUCKETS = 65536
_MAGIC = b"pinyin-audit table\n"
_HEADER = struct.Struct("<II")  # the header's length and checksum


_freezing = False  # set by freeze_lasting_tables


def freeze_lasting_tables() -> None:
    """Opt in: from now on, what is alive when a lasting table loads leaves the cycle collector's walks.

    For a process that audits and then ends, such as the command: it freezes
    the caller's whole heap, which an embedding program may not want.
    """
    global _freezing
    _freezing = True
    gc.freeze()


def lasting(load: Callable[[], Table]) -> Callable[[], Table]:
    """``load``, run once; what it returns is kept (and frozen, once the process opted in)."""

    @functools.lru_cache(maxsize=1)
    @functools.wraps(load)
    def loaded() -> Table:
        table = load()
        if _freezing:
            gc.freeze()
        return table

    return loaded


# --------------------------------------------------------------------------
# Shapes of the values a table holds


class Shape(NamedTuple):
    """What every value of a table is: its type, which the file's header records, and the whole value,
    checked for every entry when the table is built."""

    kind: type
    holds: Callable[[object], bool] = lambda value: True


TEXT = Shape(str)
COUNT = Shape(int)
FLAG = Shape(bool)
INTEGERS = Shape(tuple, lambda value: all(type(item) is int for item in value))  # (0, 2): places, lengths


def _readings(value: Iterable) -> bool:
    return all(type(item) is tuple and len(item) == 2 and type(item[0]) is str and type(item[1]) is int
               for item in value)


READINGS = Shape(frozenset, _readings)  # frozenset({("háng", 2)})
WORD_READINGS = Shape(tuple, _readings)  # (("yín", 2), ("háng", 2))
TEXTS = Shape(frozenset, lambda value: all(type(item) is str for item in value))
LABELS = Shape(tuple, lambda value: all(type(item) is str for item in value))  # ("hang2", "xing2")
FLOATS = Shape(tuple, lambda value: all(type(item) is float for item in value))
COST = Shape(float)
SHARE = Shape(float)  # a share of cases, 0 to 1


# --------------------------------------------------------------------------
# Stored tables


class StoredTable:
    """A read-only mapping from non-empty strings, its buckets read from the file on first use."""

    __slots__ = ("name", "mask", "kept", "_build", "_shape", "_source")

    def __init__(self, name: str, build: Callable[[], dict], shape: Shape) -> None:
        self.name, self._build, self._shape = name, build, shape
        self._source = _open(name, shape) or self._rebuilt()
        self.mask = self._source.mask  # the number of buckets, less one (see ``words.bucket_number``)
        # The buckets read so far, by number.  A dictionary rather than a list of every bucket: a list of 65,536
        # empty places is 512 kB, made, filled and freed by every process, and a one-line check opens 26 tables,
        # six of them that large, to read about a hundred buckets (docs/speed.md, round 17).
        self.kept: dict[int, dict] = {}

    # The empty string is never a key, and has no first character to find a bucket by.

    def get(self, key: str, default=None):
        return self.bucket_at(bucket_number(key, self.mask)).get(key, default) if key else default

    def __contains__(self, key: str) -> bool:
        return bool(key) and key in self.bucket_at(bucket_number(key, self.mask))

    def bucket_of(self, key: str) -> dict:
        """The bucket holding ``key`` and every entry whose key starts with the same two characters, beside
        entries of other beginnings (of a one-character key: that key, beside others).

        A plain dictionary, for many lookups at C speed of the words that start as ``key`` does;
        looking up any other key in it may miss an entry the table holds.
        """
        return self.bucket_at(bucket_number(key, self.mask))

    def bucket_at(self, number: int) -> dict:
        """The bucket of that number (``words.bucket_number`` of a key and ``mask``)."""
        bucket = self.kept.get(number)
        return self._load(number) if bucket is None else bucket

    def __getitem__(self, key: str):
        if not key:
            raise KeyError(key)
        return self.bucket_at(bucket_number(key, self.mask))[key]

    def _load(self, index: int) -> dict:
        """The bucket read the first time it is asked for, and kept: kept by a dictionary's ``__missing__``,
        called from C, a bucket cost 1.3 µs more than reading it did (docs/speed.md, round 14)."""
        try:
            bucket = self._source.bucket(index)
        except DamagedTable:  # built again in as many buckets: ``mask`` and the buckets already read stay right
            self._source = self._rebuilt(self.mask + 1)
            bucket = self._source.bucket(index)
        self.kept[index] = bucket
        return bucket

    def _rebuilt(self, count: int = 0) -> _InMemory | _File:
        """The table built, written and held in ``count`` buckets (none given: as many as its size asks for); or,
        where another process built it while this one waited its turn, that process's file."""
        with _one_build_at_a_time():
            built_meanwhile = None if count else _open(self.name, self._shape)
            if built_meanwhile:
                return built_meanwhile
            before_first_build()
            _drop_other_versions_once()
            return self._built_and_written(count)

    def _built_and_written(self, count: int) -> _InMemory:
        table = self._build()
        shape = self._shape
        if not all(type(key) is str and key and type(value) is shape.kind and shape.holds(value)
                   for key, value in table.items()):
            raise TypeError(f"the {self.name} table's builder made entries of another shape")
        buckets = _split(table, count)
        try:
            _write(_path(self.name), _header_naming(self.name, shape), buckets)
        except OSError as error:  # no cache to be had: the table lives in memory for this process
            table_not_kept(error)
        return _InMemory(buckets)


_building = False  # whether this process holds the turn to build (a table's builder may open another table)


@contextlib.contextmanager
def _one_build_at_a_time() -> Iterator[None]:
    """This process's turn to build a table, among the processes sharing the cache directory.

    A run's forked workers meet the same tables missing at once: each built
    them all, holding every one whole in memory (a first run after installing
    peaked at 660 MB a process, and took twice the CPU a second run did).
    Taking turns, the next finds the table written, and maps it.  Where the
    system has no ``flock`` (Windows, whose workers are not forked), the
    lock file cannot be had, or the turn does not come within
    ``_LONGEST_WAIT``, each process builds as it did.
    """
    global _building
    if _building:
        yield
        return
    _building = True
    try:
        with _locked(os.path.join(cache_directory(), "build.lock")):
            yield
    finally:
        _building = False


# How long a process waits for its turn to build before building all the same, as each did before builds took
# turns.  A build takes seconds, but the process whose turn it is may be stopped (suspended in another terminal) or
# hung, and would otherwise keep every run after it waiting; the lock is asked for again every ``_WAIT_STEP``.
_LONGEST_WAIT = 60.0
_WAIT_STEP = 0.02


@contextlib.contextmanager
def _locked(path: str) -> Iterator[None]:
    """An exclusive ``flock`` on the file at ``path``, made if missing, held until the block ends; where none
    can be had, or not within ``_LONGEST_WAIT``, the block runs without it."""
    handle = _lock_file(path)
    if handle is None:
        yield
        return
    with handle:  # closing it releases the lock
        _lock_in_time(handle)
        yield


def _lock_file(path: str) -> IO[bytes] | None:
    """The file at ``path`` opened to be locked, made if missing; none where the system has no ``flock``
    (Windows, whose workers are not forked) or no cache directory is to be had (no other process shares it)."""
    if os.name != "posix":
        return None
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        return open(path, "ab")
    except OSError:
        return None


def _lock_in_time(handle: IO[bytes]) -> None:
    """The exclusive lock on ``handle`` where it can be had within ``_LONGEST_WAIT``; else none."""
    import fcntl  # POSIX's, as ``_lock_file`` asked

    deadline = time.monotonic() + _LONGEST_WAIT
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:  # another process's turn
            waiting_for_another_build()
            if time.monotonic() >= deadline:
                return
            time.sleep(_WAIT_STEP)
        except OSError:  # a file system without locks
            return


class _ToldOnce:
    """What the command is told of the tables, at most once in a process: ``hook`` is called with the news,
    then dropped.  No hook (a program embedding the API, a worker): nothing is told."""

    def __init__(self) -> None:
        self.hook: Callable[..., None] | None = None

    def __call__(self, *news: object) -> None:
        hook, self.hook = self.hook, None
        if hook:
            hook(*news)


# Before the first table is built: a first run's seconds of silence, which a user on a terminal would take for a
# hang; the same when another process's build keeps this one waiting its turn.  And when a table built cannot be
# written (the cache directory read-only, or no directory): every run then builds the tables again, seconds of CPU
# each, which a CI log should say.
before_first_build = _ToldOnce()
waiting_for_another_build = _ToldOnce()
table_not_kept = _ToldOnce()


def stored(name: str, build: Callable[[], dict], shape: Shape, sources: Iterable[str] = ()) -> StoredTable:
    """The table ``build()`` makes (``{key: value}``, each value of ``shape``), kept on disk.

    Built on the first call with a given set of versions, then opened from
    ``cache_directory()``.  Written whole or not at all, even with several
    processes at once.  ``sources`` are files of the project the table is
    built from: editing one (its content, not its modification time, which
    every install sets anew) builds it again.
    """
    return StoredTable(f"{name}-{_stamp(sources)}" if sources else name, build, shape)


def _stamp(paths: Iterable[str]) -> str:
    return f"{zlib.crc32(','.join(map(_checksum, paths)).encode()):08x}"


class DamagedTable(Exception):
    """A table file that is not what its name says: from other versions, cut short, or of another shape."""


class _InMemory:
    def __init__(self, buckets: list[dict]) -> None:
        self.buckets = buckets
        self.mask = len(buckets) - 1

    def bucket(self, index: int) -> dict:
        return self.buckets[index]


class _File:
    """An opened table file, mapped into memory: its bucket index and its buckets, both read where they lie."""

    def __init__(self, index: memoryview, buckets: memoryview) -> None:
        self.index, self.buckets = index, buckets
        self.mask = len(index) // _INDEX_ENTRY_ITEMS - 1

    def bucket(self, index: int) -> dict:
        """The bucket as written, once its checksum says so: its entries were checked when the table was built."""
        offset, length, checksum = self.index[_INDEX_ENTRY_ITEMS * index : _INDEX_ENTRY_ITEMS * (index + 1)]
        blob = self.buckets[offset : offset + length]  # a view of the mapped file, not a copy
        if len(blob) != length or zlib.crc32(blob) != checksum:
            raise DamagedTable(f"bucket {index}: checksum")
        try:
            bucket = marshal.loads(blob)
        except (ValueError, EOFError, TypeError) as error:
            raise DamagedTable(f"bucket {index}: {error}") from None
        if type(bucket) is not dict:
            raise DamagedTable(f"bucket {index}: not a table's bucket")
        return bucket


def _open(name: str, shape: Shape) -> _File | None:
    """The table's file, when its header says it is this table, of values of ``shape``, from these versions;
    else None, the file closed.

    Only the header is read here.  The bucket index stays in the mapped file, where a process that reads a
    hundred buckets touches a few pages of it: reading, copying and checking all of it cost a one-line check
    more than the buckets it read.  A damaged entry of the index points at bytes that do not match the
    checksum it gives (or at none), so the bucket's own check catches it.
    """
    try:
        with open(_path(name), "rb") as handle:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # no file, or an empty one, which cannot be mapped: ValueError
        return None
    try:
        bounds = _index_and_buckets(mapped, name, shape)
    except (ValueError, EOFError, TypeError, struct.error):
        bounds = None
    if bounds is None:
        mapped.close()  # else every table rejected would hold its file open, mapped, for the process's life
        return None
    index_start, buckets_start = bounds
    whole = memoryview(mapped)
    return _File(whole[index_start:buckets_start].cast(_INDEX_ITEM.typecode), whole[buckets_start:])


def _index_and_buckets(mapped: mmap.mmap, name: str, shape: Shape) -> tuple[int, int] | None:
    """Where the bucket index and the buckets start in the mapped file, if its header names this table and its last
    bucket ends where the file does; else None.  Read from copies, so that the file can be closed when rejected."""
    if mapped[: len(_MAGIC)] != _MAGIC:
        return None
    length, checksum = _HEADER.unpack_from(mapped, len(_MAGIC))
    header_start = len(_MAGIC) + _HEADER.size
    header = mapped[header_start : header_start + length]
    if zlib.crc32(header) != checksum:
        return None
    *naming, buckets = marshal.loads(header)
    if tuple(naming) != _header_naming(name, shape) or buckets not in _BUCKET_COUNTS:
        return None
    index_start = _aligned(header_start + length)
    buckets_start = index_start + buckets * _INDEX_ENTRY_BYTES
    if len(mapped) < buckets_start:
        return None
    last_entry = array.array(_INDEX_ITEM.typecode, mapped[buckets_start - _INDEX_ENTRY_BYTES : buckets_start])
    last_offset, last_length, _ = last_entry
    return (index_start, buckets_start) if last_offset + last_length == len(mapped) - buckets_start else None


def _header_naming(name: str, shape: Shape) -> tuple[str, str, str]:
    """What a table's header says it is: the table, the type of its values, the versions it was built with."""
    return name, shape.kind.__name__, _version_key()


def _aligned(offset: int) -> int:
    """``offset`` rounded up to a whole index item, where the index starts, so that its numbers are aligned."""
    return -(-offset // _INDEX_ITEM.itemsize) * _INDEX_ITEM.itemsize


_INDEX_ITEM = array.array("Q")  # the index is written as unsigned 64-bit numbers
_INDEX_ENTRY_ITEMS = 3  # offset, length and checksum of a bucket
_INDEX_ENTRY_BYTES = _INDEX_ENTRY_ITEMS * _INDEX_ITEM.itemsize
_BUCKET_COUNTS = frozenset(1 << power for power in range(_FEWEST_BUCKETS.bit_length() - 1, _MOST_BUCKETS.bit_length()))


def _split(table: dict, count: int = 0) -> list[dict]:
    """The table's entries in ``count`` buckets, or where none is given the power of two above a fourth of the
    entries (two to four entries a bucket), within ``_BUCKET_COUNTS``, so that a bucket holds the words of a few
    beginnings and little else."""
    count = count or min(_MOST_BUCKETS, max(_FEWEST_BUCKETS, 1 << (len(table) // _ENTRIES_A_BUCKET).bit_length()))
    buckets: list[dict] = [{} for _ in range(count)]
    for key, value in table.items():
        buckets[bucket_number(key, count - 1)][key] = value
    return buckets


def _write(path: str, naming: tuple[str, str, str], buckets: list[dict]) -> None:
    """The file: magic, header (its length and checksum, then what it is and how many buckets it has), the bucket
    index (from the next whole index item on), the buckets; replaced whole."""
    blobs = [marshal.dumps(bucket) for bucket in buckets]
    index, offset = array.array(_INDEX_ITEM.typecode), 0
    for blob in blobs:  # offsets count from the end of the index
        index.extend((offset, len(blob), zlib.crc32(blob)))
        offset += len(blob)
    header = marshal.dumps((*naming, len(buckets)))
    before_index = len(_MAGIC) + _HEADER.size + len(header)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    partial = f"{path}.{os.getpid()}"
    try:
        with open(partial, "wb") as handle:
            handle.write(_MAGIC + _HEADER.pack(len(header), zlib.crc32(header)) + header)
            handle.write(bytes(_aligned(before_index) - before_index) + index.tobytes())
            for blob in blobs:
                handle.write(blob)
        os.replace(partial, path)
    finally:
        with contextlib.suppress(FileNotFoundError):  # renamed into place, or never written
            os.unlink(partial)


# Another version's table file is removed once nothing has read or written it for this long.  Two installs side by
# side (a project's environment and a hook's, or two Pythons under tox) share the cache directory, each of its own
# version: each removing the other's files whenever it built its own, they would build them again by turns, seconds
# of CPU each.  The access time tells: Linux's default (relatime) sets it at least once a day when a file is read
# or mapped.  Where the system never sets it, a version still used is built again a week after it was built.
_UNUSED_FOR = 7 * 24 * 3600


_swept: set[str] = set()  # the cache directories whose other versions' files this process has looked at


def _drop_other_versions_once() -> None:
    """:func:`_drop_other_versions`, once in a process (for each cache directory): a first run builds 26 tables, and
    listing the directory for each found nothing the first listing had not."""
    directory = cache_directory()
    if directory not in _swept:
        _swept.add(directory)
        _drop_other_versions(directory)


def _drop_other_versions(directory: str) -> None:
    """Remove the table files of other versions, and the parts of tables killed builds left, that have gone unused for
    ``_UNUSED_FOR``, when this version builds its own: nothing else removes them, and every install's tables take tens
    of megabytes.

    Only this version's files are ever read by a process of this version,
    and none of them is removed.  Only files directly in the cache directory
    and named as tables are looked at, not what a link points to.  A file
    another process has open or mapped stays readable to it where it is
    removed (POSIX); where the system refuses (Windows), it is left.
    """
    ours = f"-{_version_key()}.table"
    unused_since = time.time() - _UNUSED_FOR
    try:
        entries = list(os.scandir(directory))
    except OSError:  # no cache directory yet, or none to be had
        return
    for entry in entries:
        if not _left_behind(entry.name, ours):
            continue
        with contextlib.suppress(OSError):  # gone already, or not ours to remove
            status = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(status.st_mode) and max(status.st_atime, status.st_mtime) < unused_since:
                os.unlink(entry.path)


def _left_behind(name: str, ours: str) -> bool:
    """Whether a file of the cache directory is another version's table, or the part of any version's table that a
    build killed while writing it left (``NAME-VERSION.table.PID``, :func:`_write`), which nothing reads."""
    _, table, after = name.rpartition(".table")
    if not table:
        return False
    if not after:
        return not name.endswith(ours)
    return after[0] == "." and after[1:].isdigit()


# Paths are strings: pathlib and what it imports would cost every start-up several milliseconds.
def _path(name: str) -> str:
    return os.path.join(cache_directory(), f"{name}-{_version_key()}.table")


def cache_directory() -> str:
    """``$XDG_CACHE_HOME/pinyin-audit``, or ``~/.cache/pinyin-audit``.

    A relative ``XDG_CACHE_HOME`` is ignored, as the XDG specification says:
    it would put the cache wherever the command happens to run.
    """
    configured = os.environ.get("XDG_CACHE_HOME", "")
    base = configured if os.path.isabs(configured) else os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "pinyin-audit")


@functools.lru_cache(maxsize=1)
def _version_key() -> str:
    """pinyin-audit's version and table format, Python's, and which pypinyin, pypinyin-dict and wordfreq are installed.

    A data package is known by its distribution's name and version (the
    ``.dist-info`` directory beside it) and its ``__init__.py``'s content,
    never by when it was installed: every fresh environment installs anew
    (a CI job's, whose cached tables would otherwise never be read).  Asking
    ``importlib.metadata`` for the versions would cost a cold start 20 ms.
    """
    import importlib.util

    installed = []
    for package in ("pypinyin", "pypinyin_dict", "wordfreq"):
        spec = importlib.util.find_spec(package)
        installed.append(_installed(package, spec.origin) if spec and spec.origin else f"{package}:none")
    data = zlib.crc32("|".join(installed).encode())
    python = f"{sys.version_info[0]}{sys.version_info[1]}"
    return f"{__version__}-f{_FORMAT}-py{python}-data{data:08x}"


def _installed(package: str, origin: str) -> str:
    """What tells one install of ``package`` (its ``__init__.py`` at ``origin``) from another version's: the
    metadata directories that name its version, and its ``__init__.py``'s checksum (its only sign where it has none,
    run from a source tree)."""
    site = os.path.dirname(os.path.dirname(origin))
    try:
        metadata = sorted(name for name in os.listdir(site)
                          if name.startswith(f"{package}-") and name.endswith((".dist-info", ".egg-info")))
    except OSError:
        metadata = []
    return f"{package}:{','.join(metadata)}:{_checksum(origin)}"


def _checksum(path: str) -> str:
    """The checksum of the file's content, or ``none`` where it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return f"{zlib.crc32(handle.read()):08x}"
    except OSError:
        return "none"
