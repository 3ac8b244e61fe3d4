"""What ``check --jobs 1`` reads of the stored tables, against what it looks up in them, table by table.

    python benchmarks/table_reads.py [--density seed|dense] [--megabytes 2] [--replay 3] [--sentences PATH]

A generated corpus (see corpus.py) is checked inside this process.  Each
table bucket read is counted with its entries, and every key then looked up
in it (``in``, ``get``, ``[]``), whether through the table or through the
bucket a caller holds (``bucket_of``).  Printed for each table that read a
bucket: its entries, the entries read, the distinct keys looked up and how
many of them the table holds, and the distinct first two characters of those
keys with the entries they begin: what the buckets would read if each held
one beginning and no other.  Counts, not times: they do not depend on the
machine's load.  They do depend on the tables being built already: a run
that builds them (an empty cache) counts the build's own lookups too, at the
seed's density 283,963 entries read rather than 216,192.

``--replay N`` then times, N times in turn, reading what the run read both
ways: the buckets it read, and a bucket for each pair of first characters it
looked up (grouped exactly, no index), each checksum checked and bucket
unmarshalled, without the table's own path around them: CPU seconds.

The lookups are seen through a dictionary that notes them, which compiled
callers bypass: run it on the sources (an editable install, or
``PYTHONPATH``), as the check refuses otherwise.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import marshal
import os
import pathlib
import sys
import tempfile
import time
import zlib

from corpus import CPP_SENTENCES, DENSITIES, write_corpus

DOCUMENT_BYTES = 64 * 1024


class _Noting(dict):
    """A bucket that notes each key looked up in it, in its table's set of them."""

    __slots__ = ("keys_looked_up",)

    def get(self, key, default=None):
        self.keys_looked_up.add(key)
        return dict.get(self, key, default)

    def __getitem__(self, key):
        self.keys_looked_up.add(key)
        return dict.__getitem__(self, key)

    def __contains__(self, key) -> bool:
        self.keys_looked_up.add(key)
        return dict.__contains__(self, key)


def main() -> None:
    arguments = _arguments()
    from audit import resolver, tables

    if not resolver.__file__.endswith(".py"):
        sys.exit("table_reads.py counts lookups through Python: run it on the sources, not a compiled install")
    opened: dict[str, tables.StoredTable] = {}
    entries_read: collections.Counter = collections.Counter()
    looked_up: collections.defaultdict = collections.defaultdict(set)
    buckets_read: collections.defaultdict = collections.defaultdict(list)
    load = tables.StoredTable._load

    def noted_load(table: tables.StoredTable, index: int) -> dict:
        bucket = _Noting(load(table, index))
        bucket.keys_looked_up = looked_up[table.name]
        opened[table.name] = table
        entries_read[table.name] += len(bucket)
        buckets_read[table.name].append(index)
        return bucket

    tables.StoredTable._load = noted_load
    with tempfile.TemporaryDirectory() as scratch:
        files = write_corpus(pathlib.Path(scratch), DOCUMENT_BYTES, megabytes=arguments.megabytes,
                             density=arguments.density, sentences_path=arguments.sentences)
        _check(files)
    tables.StoredTable._load = load
    print(f"{arguments.density} density, {arguments.megabytes:g} MB, {len(files)} documents")
    print(f"{'table':36s} " + " ".join(f"{column:>{width}s}" for column, width in _COLUMNS))
    totals = collections.Counter()
    for name, read in entries_read.most_common():
        counts = _counts(opened[name], read, looked_up[name])
        totals.update(counts)
        print(f"{name[:36]:36s} " + " ".join(f"{counts[column]:{width},d}" for column, width in _COLUMNS))
    print(f"{'all':36s} " + " ".join(f"{totals[column]:{width},d}" for column, width in _COLUMNS))
    if arguments.replay:
        _replay(arguments.replay, opened, buckets_read, looked_up)


# What each table holds, the entries read, the distinct keys looked up and how many it holds, their distinct first
# two characters and the entries under those.
_COLUMNS = [("entries", 9), ("read", 9), ("looked up", 9), ("held", 7), ("first two", 9), ("under them", 10)]


def _every_entry(table) -> dict:
    """The whole table, read from its file again (the run's own buckets note their lookups)."""
    from audit import tables

    return {key: value for index in range(table.mask + 1)
            for key, value in tables.StoredTable._load(table, index).items()}


def _counts(table, read: int, keys: set[str]) -> dict[str, int]:
    """A table's columns: what it holds, what was read and looked up, and what two first characters would read."""
    every_key = _every_entry(table).keys()
    firsts = {key[:2] for key in keys}
    return {"entries": len(every_key), "read": read, "looked up": len(keys), "held": len(keys & every_key),
            "first two": len(firsts), "under them": sum(1 for key in every_key if key[:2] in firsts)}


def _replay(passes: int, opened: dict, buckets_read: dict, looked_up: dict) -> None:
    """The buckets the run read, and those of the pairs it looked up, read again: CPU seconds of each, in turns."""
    from audit import tables

    as_read, by_pair = [], []
    for name, table in opened.items():
        source = tables._open(name, table._shape)  # the file, as the run found it or built it
        items = tables._INDEX_ENTRY_ITEMS  # a bucket's offset, length and checksum
        for index in buckets_read[name]:
            offset, length, checksum = source.index[items * index : items * (index + 1)]
            as_read.append((bytes(source.buckets[offset : offset + length]), checksum))
        under: collections.defaultdict = collections.defaultdict(dict)
        for key, value in _every_entry(table).items():
            under[key[:2]][key] = value
        for pair in {key[:2] for key in looked_up[name]}:
            blob = marshal.dumps(under.get(pair, {}))
            by_pair.append((blob, zlib.crc32(blob)))
    for _ in range(passes):
        for label, blobs in (("as the run read", as_read), ("by first two", by_pair)):
            started = time.process_time()
            kept = [_read(blob, checksum) for blob, checksum in blobs]  # kept, as a run keeps what it reads
            spent = time.process_time() - started
            print(f"read again {label:18s} {len(blobs):8,d} buckets {sum(map(len, kept)):10,d} entries "
                  f"{spent:.3f} s of CPU")
            del kept


def _read(blob: bytes, checksum: int) -> dict:
    if zlib.crc32(blob) != checksum:
        raise ValueError("a bucket changed under the benchmark")
    return marshal.loads(blob)


def _check(files: list[pathlib.Path]) -> None:
    from audit.cli import main as check

    with open(os.devnull, "w") as nowhere, contextlib.redirect_stdout(nowhere):
        check(["check", "--jobs", "1", "--exit-zero", *map(str, files)])


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--density", choices=sorted(DENSITIES), default="seed")
    parser.add_argument("--megabytes", type=float, default=2.0)
    parser.add_argument("--replay", type=int, default=0, metavar="N", help="time reading what was read, N times")
    parser.add_argument("--sentences", type=pathlib.Path, default=CPP_SENTENCES)
    return parser.parse_args()


if __name__ == "__main__":
    main()
