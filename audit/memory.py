"""Whether a document fits in the memory there is, asked before it is audited.

A document is judged and checked a section at a time, and what outlives a
section is a few offsets for each gloss (its record, an index for the
consistency rules, its place in the resolver's text without glosses):
beyond the tables, the memory grows with the characters more than with the
glosses, however the text is split into lines (``benchmarks/line_memory.py``).
A process the system kills for its memory says nothing, so a document that
would not fit is reported instead, in one line, and the others are still
audited.
"""

from __future__ import annotations

import functools
import re

from audit.document import Document
from audit.gloss import CLOSER
from audit.sectioning import SECTION_GLOSSES, SENTENCE_STOPS

# Fitted on generated 2 and 10 MB documents at the seed article's density and with every word glossed
# (benchmarks/line_memory.py), an upper bound for each: 2 to 47 % above their peaks with the tables (1,450
# bytes a gloss while every gloss's alignment and judgement were held to the end).
_BYTES_PER_GLOSS = 300
_BYTES_PER_CHARACTER = 35
# A reader that leaves markup out keeps, for each character audited, its offset in the file, and the text audited
# beside the file's own: subtitles with tags cost 10 to 12 bytes a character above the peak of the same cues as plain
# text (generated SubRip files of 10 and 20 MB, densely, sparsely and not glossed; docs/speed.md).
_BYTES_PER_MAPPED_CHARACTER = 16
# A section is cut only where a sentence ends, so a stretch without one is judged whole, and what its glosses'
# judging keeps (their alignments and judgements, the resolver's memos of them) is held until it ends: in a line of
# 300,000 glosses without a stop, each an R302 error, 3.6 KB a gloss more than the same glosses each in a sentence
# of its own, 1.45 KB where each is right (docs/speed.md, round 17); counted at the worst, with a tenth to spare.  A
# shorter stretch cannot hold more glosses than a section holds anyway (8,192, at four characters at least each).
_BYTES_PER_UNCUT_GLOSS = 4000
_LONG_STRETCH = 4 * SECTION_GLOSSES
_TABLES = 400 * 1024 * 1024  # the tables and the model a large document reads in, if none were loaded yet
# Below this a document is audited without asking: reading the system's figures would cost more than it saves.
_ASKED_FROM = 256 * 1024 * 1024


def estimated_bytes(text: str, mapped: bool = False) -> int:
    """The memory auditing ``text`` takes beyond the shared tables, at most (every bracket a gloss, and in the
    longest stretch without a sentence end, every gloss judged wrong); ``mapped``: its reader keeps each character's
    offset in the file.  Its findings are not counted: about 1.5 KB each, and no one knows how many before the
    audit, while counting one for each gloss would refuse documents that fit."""
    per_character = _BYTES_PER_CHARACTER + (_BYTES_PER_MAPPED_CHARACTER if mapped else 0)
    return (per_character * len(text) + _BYTES_PER_GLOSS * gloss_openings(text)
            + _BYTES_PER_UNCUT_GLOSS * uncut_glosses(text))


def estimated_peak_bytes(text: str, mapped: bool = False) -> int:
    """The peak memory of a process that audits ``text`` alone, at most: the document and the tables it reads."""
    return estimated_bytes(text, mapped) + _TABLES


def gloss_openings(text: str, start: int = 0, end: int | None = None) -> int:
    """The brackets a gloss may open with (in ``text[start:end]``): every gloss opens with one, so counting them
    cannot miss a gloss."""
    return sum(text.count(opener, start, end) for opener in CLOSER)


def uncut_glosses(text: str) -> int:
    """The brackets of the longest stretch without a sentence end that may hold more glosses than a section: the
    audit judges it whole.  0 in a text whose sentences end, however many they are."""
    stretches = _long_stretches().finditer(text)
    return max((gloss_openings(text, stretch.start(), stretch.end()) for stretch in stretches), default=0)


@functools.lru_cache(maxsize=1)
def _long_stretches() -> re.Pattern[str]:
    """A run of ``_LONG_STRETCH`` characters or more, none of them a sentence end (``SENTENCE_STOPS``); compiled
    when a large document is first weighed, not by every run."""
    # Tried only where a stretch starts, rather than from each of its characters in turn: the first 60 seed
    # documents (1.6 M characters) are read in 24 ms rather than 183.
    return re.compile(f"(?<![^{SENTENCE_STOPS}])[^{SENTENCE_STOPS}]{{{_LONG_STRETCH},}}")


# Each character a bracket, in a stretch without a sentence end.
_MOST_BYTES_PER_CHARACTER = (_BYTES_PER_CHARACTER + _BYTES_PER_MAPPED_CHARACTER + _BYTES_PER_GLOSS
                             + _BYTES_PER_UNCUT_GLOSS)


def may_be_too_large(text: str) -> bool:
    """Whether ``text`` could be too large to audit, whatever its reader: a dataset's row, or a file, short, is not
    counted through, nor read to be weighed."""
    return len(text) * _MOST_BYTES_PER_CHARACTER >= _ASKED_FROM


def too_large(document: Document) -> str | None:
    """Why ``document`` cannot be audited in the memory there is, or ``None`` when it fits (or nothing says): its
    text, and the offsets in the file its reader keeps for each character, if it keeps them."""
    if not may_be_too_large(document.text):
        return None
    beyond_the_tables = estimated_bytes(document.text, mapped=document.source_offsets is not None)
    if beyond_the_tables < _ASKED_FROM:
        return None
    needed = beyond_the_tables + _TABLES
    available = available_bytes()
    if available is None or needed <= available:
        return None
    return (f"too large to audit in the memory there is: about {_gigabytes(needed)} needed, "
            f"{_gigabytes(available)} available (split it into smaller files)")


def available_bytes() -> int | None:
    """What the system can still give this process: the least of the machine's and its control group's."""
    figures = [figure for figure in (_machine_available(), _control_group_available()) if figure is not None]
    return min(figures, default=None)


def _machine_available() -> int | None:
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _control_group_available() -> int | None:
    """The room left under a container's limit (cgroup v2), or ``None`` where there is none."""
    try:
        with open("/sys/fs/cgroup/memory.max") as limit, open("/sys/fs/cgroup/memory.current") as used:
            ceiling = limit.read().strip()
            return None if ceiling == "max" else int(ceiling) - int(used.read())
    except (OSError, ValueError):
        return None


def _gigabytes(size: int) -> str:
    return f"{size / 1e9:.1f} GB"
