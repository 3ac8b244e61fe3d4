"""Datasets: JSON Lines, CSV, TSV and Parquet files in which each row holds a document.

A row keeps its text in one column, glossed inline (``今年(jīn nián)``), or in
two, as label files do: the characters in one and their syllables in the
other.  ``Columns`` says which, and which columns hold the row's id and its
source.

Each row is audited on its own, as a document whose ``row`` names the file,
the row's number and id, and the fields read; positions are lines and
columns within the field.  The readers stream: JSON Lines and CSV a line at
a time, Parquet a batch of a row group at a time, so memory stays flat
whatever the file's size.

A reader never raises for bad data.  A row that cannot be read (a line that
is not JSON, a CSV record with the wrong number of fields, a missing or
non-text cell) is a ``Row`` with ``error`` set and the other rows are still
read; a file that cannot be read at all (not Parquet, a column missing from
its header) is an ``InputError``.
"""

from __future__ import annotations

import codecs
import functools
import io
import itertools
import os
import re
from typing import Callable, Iterable, Iterator, Mapping, NamedTuple

from audit import files
from audit.config import AuditConfig
from audit.document import Document, RowRef
from audit.exits import UserError
from audit.finding import DocumentResult
from audit.inputs import SNIFF_BYTES, InputError, cut_short_advice, not_text, undecodable, unknown_encoding
from audit.plaintext import TEXT
from audit.plugins import Registry
from audit.wording import printable

PARQUET_EXTRA = "pip install 'pinyin-audit[parquet]'"
DASK_EXTRA = "pip install 'pinyin-audit[dask]'"  # the cluster that audits rows beyond one machine


class Columns(NamedTuple):
    """Which columns a row's document comes from: ``text`` alone, or ``text`` and ``pinyin``."""

    text: str
    pinyin: str | None = None  # set: ``text`` holds the characters and this their syllables
    id: str | None = None
    source: str | None = None  # where each row comes from (a corpus, a vendor): the report's breakdown

    NEEDED = ("a dataset's text is one column with inline glosses (--column, column=), or the characters "
              "and their syllables in two (--text-column and --pinyin-column, text_column= and pinyin_column=); "
              "in a CSV or TSV file without a header row, name columns by number (--text-column 1 --pinyin-column 2)")

    @classmethod
    def chosen(cls, column: str | None = None, text_column: str | None = None, pinyin_column: str | None = None,
               id_column: str | None = None, source_column: str | None = None) -> "Columns":
        """The layout the options describe; a ``UserError`` when they describe none, or both."""
        if bool(column) == bool(text_column and pinyin_column) or bool(text_column) != bool(pinyin_column):
            raise UserError(cls.NEEDED)
        return cls(column or text_column, pinyin_column, id_column, source_column)

    @property
    def fields(self) -> tuple[str, ...]:
        """The columns audited, in the order of the document's lines."""
        return (self.text,) if self.pinyin is None else (self.text, self.pinyin)

    @property
    def needed(self) -> tuple[str, ...]:
        """Every column read, each once."""
        return tuple(dict.fromkeys(name for name in (self.id, self.source, *self.fields) if name is not None))

    @property
    def by_place(self) -> bool:
        """Every column is named by its place (``1``, ``2``): a CSV or TSV file without a header row."""
        return all(name.isdigit() for name in self.needed)


class Row(NamedTuple):
    """One record: its cells, in the order of ``Columns.fields``, or why they cannot be read."""

    path: str
    ref: RowRef
    cells: tuple[str, ...] = ()
    error: str | None = None


def unreadable_row(path: str, number: int, columns: Columns, why: str) -> Row:
    return Row(path, RowRef(number, fields=columns.fields), error=why)


# --------------------------------------------------------------------------
# Auditing rows


def audit_row(row: Row, config: AuditConfig) -> DocumentResult:
    """The audit of one row; a row that could not be read gives a result with ``error`` set."""
    from audit.engine import audit_if_it_fits  # the engine imports the rules: only when auditing

    if row.error is not None:
        return DocumentResult(Document("", row.path, row=row.ref), error=row.error)
    if len(row.cells) == 2:
        from audit.labels import read_label_pair

        item = read_label_pair(*row.cells, row.path)
    else:
        item = TEXT.read(row.cells[0], row.path)  # a cell is text: never sniffed for a label layout
    return audit_if_it_fits(item._replace(document=item.document.with_row(row.ref)), config)


def audit_rows(rows: Iterable[Row | InputError], config: AuditConfig) -> list[DocumentResult]:
    """A batch of rows, the unit sent to a worker process or a cluster; a row's bug stays its own."""
    from audit.engine import guarded

    return [
        DocumentResult(Document("", row.path), error=row.message) if isinstance(row, InputError)
        else guarded(row.path, functools.partial(audit_row, row, config), row.ref)
        for row in rows
    ]


def row_from_record(path: str, number: int, record: Mapping, columns: Columns) -> Row:
    """A record (a JSON object, a CSV row by header, a Parquet row) read through ``columns``."""
    fields = columns.fields
    cells = tuple([cell_of(record, name) for name in fields])
    identity, source = _optional_cell(record, columns.id), _optional_cell(record, columns.source)
    ref = RowRef(number, _label(identity), fields, _label(source))
    if identity is _ABSENT or source is _ABSENT or any(cell is _ABSENT for cell in cells):
        return Row(path, ref, error=missing_column(columns, field_names(record)))
    for name, cell in zip(fields, cells):
        if not isinstance(cell, str):
            hint = _inner_hint(name, field_names(record)) if isinstance(cell, Mapping) else ""
            return Row(path, ref, error=f"column {name!r} holds {_describe(cell)}, not text{hint}")
        surrogate = _surrogate().search(cell)
        if surrogate:
            return Row(path, ref, error=f"column {name!r} holds U+{ord(surrogate.group()):04X} at character "
                                        f"{surrogate.start() + 1}, half of a UTF-16 pair, which is no text")
    return Row(path, ref, cells)


# Half of a UTF-16 pair: JSON may escape one alone (text cut between the two), which no output can encode.
# Compiled when a row is first read: compiling it cost every run, datasets or not, about 0.3 ms of start-up.
@functools.lru_cache(maxsize=None)
def _surrogate() -> re.Pattern[str]:
    return re.compile("[\ud800-\udfff]")


_ABSENT = object()


def cell_of(record: Mapping, name: str) -> object:
    """The record's cell ``name``; a field of a nested object (JSON, a Parquet struct) is named with dots,
    ``meta.text``, unless the record has a column of that very name.  ``_ABSENT`` when there is none."""
    if name in record:
        return record[name]
    for dot in (index for index, character in enumerate(name) if character == "."):
        outer = record.get(name[:dot])
        if isinstance(outer, Mapping):
            cell = cell_of(outer, name[dot + 1 :])
            if cell is not _ABSENT:
                return cell
    return _ABSENT


def field_names(record: Mapping) -> list[str]:
    """The record's columns, and the fields of its nested objects as ``outer.inner``, each object's after its own
    name.  Walked with a stack of its own, not by recursion: a JSON line that Python's reader could just follow
    (some 980 objects deep) would take the recursion past Python's limit."""
    names: list[str] = []
    stack = [("", iter(record.items()))]  # each object being listed: its name's prefix, and its fields to come
    while stack:
        prefix, fields = stack[-1]
        for name, value in fields:
            names.append(f"{prefix}{name}")
            if isinstance(value, Mapping):  # its fields come next, then the rest of this object's
                stack.append((f"{prefix}{name}.", iter(value.items())))
                break
        else:
            stack.pop()
    return names


def _optional_cell(record: Mapping, name: str | None) -> object:
    """The record's cell ``name`` (``_ABSENT`` when there is none), or ``None`` when no column is named."""
    return None if name is None else cell_of(record, name)


def _label(cell: object) -> str | None:
    """An id or a source as text, whatever the cell holds (a number, a string); ``None`` for none."""
    if cell is None or cell is _ABSENT or cell != cell:  # NaN: a missing cell in pandas
        return None
    return _shown(str(cell))


def _shown(name: str) -> str:
    """An id, a source or a column's name as every output can write it, on one line, as a file's name is: half
    a UTF-16 pair escaped (``\\ud800``), and control characters (``\\n``, ``\\x1b``)."""
    return printable(name.encode("utf-8", "backslashreplace").decode("utf-8"))


def missing_column(columns: Columns, present: Iterable) -> str | None:
    """Why ``present`` cannot be read through ``columns``: the first column missing, and those there are."""
    present = [str(name) for name in present]
    missing = [name for name in columns.needed if name not in present]
    if not missing:
        return None
    problem = f"no column {missing[0]!r} (columns: {_listed(present)})"
    if missing[0].isdigit() and not columns.by_place:
        problem += ": name every column by number, or every one by name"
    return problem


_LISTED_COLUMNS = 10  # enough to recognise the data by; a record of thousands of fields would fill the screen


def _listed(names: list[str]) -> str:
    """The first columns' names, and how many more there are."""
    more = f" and {len(names) - _LISTED_COLUMNS} more" if len(names) > _LISTED_COLUMNS else ""
    return _shown(", ".join(names[:_LISTED_COLUMNS])) + more if names else "none"


def _describe(value: object) -> str:
    if value is None or value != value:  # NaN is how pandas writes a missing cell
        return "null"
    return f"{str(value)[:20]!r} ({type(value).__name__})"


# --------------------------------------------------------------------------
# The readers, by format


def row_reader_for(path: str, input_format: str = "auto") -> RowReader | None:
    """The reader of ``path``'s rows, or ``None`` when it is a document file."""
    if input_format in ROW_READERS:
        return ROW_READERS[input_format]
    if input_format != "auto":
        return None
    extension = os.path.splitext(path)[1].lower()
    return next((reader for reader in ROW_READERS if extension in reader.extensions), None)


def _read_jsonl(path: str, columns: Columns, encoding: str, data: bytes | None = None) -> Iterator[Row | InputError]:
    import json  # here, as csv below: a check of text files, which imports this module, never reads a dataset

    number = 0
    first_record = True
    for line in _text_lines(path, encoding, data):
        if isinstance(line, InputError):
            yield line
            return
        if not line.strip():
            continue
        number += 1
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield unreadable_row(path, number, columns, f"not valid JSON: {error.msg} at column {error.colno}")
            continue
        except RecursionError:  # the reader recurses into each nested object or array
            yield unreadable_row(path, number, columns, "not readable: its JSON nests objects or arrays too deeply")
            continue
        if not isinstance(record, dict):
            yield unreadable_row(path, number, columns, f"expected a JSON object, found {_describe(record)}")
            continue
        if first_record:  # JSON Lines has no header: the first record stands for it, as a column misnamed would
            first_record = False  # otherwise be said once for each of millions of rows
            missing = missing_column(columns, field_names(record))
            if missing:
                yield InputError(path, f"{missing} in its first record, row {number}")
                return
        yield row_from_record(path, number, record, columns)


def _read_csv(path: str, columns: Columns, encoding: str, data: bytes | None = None,
              delimiter: str = ",") -> Iterator[Row | InputError]:
    import csv

    unreadable: list[InputError] = []
    reader = csv.reader(_stop_at_error(_text_lines(path, encoding, data), unreadable), delimiter=delimiter)
    read = _with_longest_cell(reader)
    try:
        header = next(read, None)
        if header is None:
            yield from unreadable or [InputError(path, "empty file: no header row")]
            return
        records: Iterable[list[str]] = read
        if columns.by_place:  # no header row: the first row is data, its columns numbered from 1
            header, records = [str(place) for place in range(1, len(header) + 1)], itertools.chain([header], read)
        missing = missing_column(columns, header)
        if missing:
            yield InputError(path, missing)
            return
        number = 0
        for record in records:
            if not record:
                continue  # a blank line
            number += 1
            if len(record) != len(header):
                yield unreadable_row(path, number, columns, f"{len(record)} fields where the header has {len(header)}")
                continue
            yield row_from_record(path, number, dict(zip(header, record)), columns)
    except csv.Error as error:
        name = "TSV" if delimiter == "\t" else "CSV"
        yield InputError(path, f"not readable as {name} at line {reader.line_num}: {error}")
        return
    yield from unreadable


# A cell is a document, as long as a JSON Lines line may be: the csv module's own limit, 131,072 characters, stopped
# the file at a cell holding an article.  The largest the module takes everywhere (a C long, 32 bits on Windows).
_LONGEST_CELL = 2**31 - 1


def _with_longest_cell(reader: Iterator[list[str]]) -> Iterator[list[str]]:
    """The reader's records, each parsed under the limit of ``_LONGEST_CELL`` characters a cell, and the limit
    put back after it: the csv module keeps one limit for the whole process, and a program that reads rows from
    here and CSV files of its own between them keeps its own limit for those."""
    import csv

    while True:
        limit = csv.field_size_limit(_LONGEST_CELL)
        try:
            record = next(reader, None)
        finally:
            csv.field_size_limit(limit)
        if record is None:
            return
        yield record


def _read_tsv(path: str, columns: Columns, encoding: str, data: bytes | None = None) -> Iterator[Row | InputError]:
    return _read_csv(path, columns, encoding, data, delimiter="\t")


_PARQUET_BATCH = 8192  # rows at a time: a row group is read in batches, never whole


def _read_parquet(path: str, columns: Columns, encoding: str, data: bytes | None = None) -> Iterator[Row | InputError]:
    from audit.model import one_blas_thread

    one_blas_thread()  # pyarrow loads numpy, whose BLAS takes its number of threads when loaded
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        yield InputError(path, f"reading Parquet needs pyarrow: {PARQUET_EXTRA}")
        return
    try:
        parquet = pyarrow.parquet.ParquetFile(path if data is None else pyarrow.BufferReader(data))
    except (pyarrow.ArrowException, OSError) as error:
        yield InputError(path, f"not a Parquet file: {error}")
        return
    schema = parquet.schema_arrow
    types = _parquet_types(schema)
    missing = missing_column(columns, types)
    if missing:
        yield InputError(path, missing)
        return
    not_text = next((name for name in columns.fields if not _holds_text(types[name])), None)
    if not_text:  # said once for the file, rather than for each of its rows
        yield InputError(path, f"column {not_text!r} holds {types[not_text]}, not text{_inner_hint(not_text, types)}")
        return
    # A struct's field (``meta.text``) is read with its struct, whose rows are then objects, as JSON's are.
    read = [name if name in schema.names else next(outer for outer in schema.names if name.startswith(outer + "."))
            for name in columns.needed]
    number = 0
    for batch in parquet.iter_batches(batch_size=_PARQUET_BATCH, columns=list(dict.fromkeys(read))):
        for record in batch.to_pylist():
            number += 1
            yield row_from_record(path, number, record, columns)


def _parquet_types(schema) -> dict[str, object]:
    """The type of each column of a Parquet schema, and of each field of its structs as ``outer.inner``."""
    import pyarrow

    def types(field, prefix: str = "") -> Iterator[tuple[str, object]]:
        name = prefix + field.name
        yield name, field.type
        if pyarrow.types.is_struct(field.type):
            for child in field.type:
                yield from types(child, name + ".")

    return dict(pair for field in schema for pair in types(field))


def _holds_text(arrow_type) -> bool:
    """Strings, plain or dictionary-encoded (a pandas category), or only nulls (each said as its row's error)."""
    import pyarrow

    if pyarrow.types.is_dictionary(arrow_type):
        arrow_type = arrow_type.value_type
    return str(arrow_type) in ("string", "large_string", "string_view", "null")


def _inner_hint(name: str, names: Iterable[str]) -> str:
    """For a column that holds objects: which of their fields to name instead."""
    inner = next((other for other in names if other.startswith(name + ".")), None)
    return f": name one of its fields, such as {inner}" if inner else ""


class RowReader(NamedTuple):
    """A dataset format: its name, the extensions it claims, and how it reads a file's rows."""

    name: str
    read: Callable[..., Iterator[Row | InputError]]  # (path, columns, encoding, data=bytes already read)
    extensions: tuple[str, ...]


# Every dataset format.  Adding one: a function that reads rows, and a line here.
ROW_READERS: Registry[RowReader] = Registry("dataset format", [
    RowReader("jsonl", _read_jsonl, (".jsonl", ".ndjson")),
    RowReader("csv", _read_csv, (".csv",)),
    RowReader("tsv", _read_tsv, (".tsv",)),
    RowReader("parquet", _read_parquet, (".parquet", ".pq")),
])
ROW_FORMATS: tuple[str, ...] = ROW_READERS.names


# --------------------------------------------------------------------------
# Text files, a line at a time


def _text_lines(path: str, encoding: str, data: bytes | None = None) -> Iterator[str | InputError]:
    """The file's lines (or those of ``data``, read already), decoded; an ``InputError`` ends them
    when they cannot be read or decoded."""
    codec = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:  # newline="": CSV fields may hold line breaks
        handle = open(path, encoding=codec, newline="") if data is None else \
            io.TextIOWrapper(io.BytesIO(data), encoding=codec, newline="")
    except OSError as error:
        yield InputError(path, str(files.unreadable(error)))
        return
    except LookupError:
        yield unknown_encoding(path, encoding)
        return
    with handle:
        first_bytes = data[:SNIFF_BYTES] if data is not None else handle.buffer.peek(SNIFF_BYTES)  # read nothing
        refused = not_text(first_bytes, path, encoding, codecs.lookup(codec).name)
        if refused:  # UTF-16 read as UTF-8 could fail far in, or never (NUL bytes are UTF-8), as a binary file
            yield refused
            return
        try:
            yield from handle
        except UnicodeDecodeError:
            yield _first_undecodable(path, encoding, codec, data)


def _first_undecodable(path: str, encoding: str, codec: str, data: bytes | None) -> InputError:
    """Where the first bytes not valid in the encoding are. The text reader decodes ahead of the lines it
    gives, so its error says neither; the bytes are read again, a block at a time, as datasets have no size limit."""
    decoder = codecs.getincrementaldecoder("utf-8" if codec == "utf-8-sig" else codec)()
    read, line_breaks = 0, 0
    with open(path, "rb") if data is None else io.BytesIO(data) as stream:
        blocks = iter(functools.partial(stream.read, 1 << 16), b"")
        for block in itertools.chain(blocks, [b""]):  # the empty block last, to flush what the decoder holds
            try:
                decoder.decode(block, final=not block)
            except UnicodeDecodeError as error:
                held = len(error.object) - len(block)  # bytes of earlier blocks the decoder still held
                before = error.object[:error.start]
                line = line_breaks - error.object[:held].count(b"\n") + before.count(b"\n") + 1
                return undecodable(path, encoding, read - held + error.start, line,
                                   repr(error.object[error.start:error.start + 4]), cut_short_advice(error))
            read += len(block)
            line_breaks += block.count(b"\n")
    raise AssertionError("the text reader found bytes that decode")


def _stop_at_error(lines: Iterator[str | InputError], errors: list[InputError]) -> Iterator[str]:
    """The lines, for ``csv.reader``, which takes only text; an error ends them and is kept in ``errors``."""
    for line in lines:
        if isinstance(line, InputError):
            errors.append(line)
            return
        yield line
