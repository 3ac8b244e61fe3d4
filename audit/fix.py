"""Fixes: the corrections a finding carries, as edits a machine can apply.

A ``Fix`` is a short title, a list of ``Edit`` records (start and end
offsets in the original file, in code points, and the text to put there)
and whether applying it is **safe** (only the form changes: where a mark
sits, which bracket, where a gloss stands) or **unsafe** (a reading
changes, or a syllable is dropped).  The suggestion prose of a finding is
for people; the fix is for tools.

``choose`` picks fixes whose edits do not touch each other; the others wait
for a later pass, on the text the chosen ones produced, so that two fixes of
one gloss are never merged blindly.  ``apply`` applies the chosen ones.
"""

from __future__ import annotations

import bisect
import enum
from typing import Iterable, NamedTuple, Sequence

from audit.enums import ShownAsValue


class Applicability(ShownAsValue, enum.Enum):
    SAFE = "safe"      # meaning unchanged, only form: applied by --fix
    UNSAFE = "unsafe"  # a reading changes or a syllable goes: applied with --unsafe-fixes


class Edit(NamedTuple):
    """Replace ``[start, end)`` of the text with ``replacement``."""

    start: int
    end: int
    replacement: str


class Fix(NamedTuple):
    title: str
    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE

    @property
    def start(self) -> int:
        return min(edit.start for edit in self.edits)

    @property
    def end(self) -> int:
        return max(edit.end for edit in self.edits)

    @property
    def safe(self) -> bool:
        return self.applicability is Applicability.SAFE


def make_fix(title: str, edits: Iterable[Edit] | None) -> Fix | None:
    """A fix of the edits that change something; ``None`` when none does, or when ``edits`` is ``None``.

    Its applicability is the rule's, which the engine sets.
    """
    if edits is None:
        return None
    changing = tuple(sorted(edit for edit in edits if edit.end > edit.start or edit.replacement))
    return Fix(title, changing) if changing else None


def choose(fixes: Sequence[Fix]) -> list[Fix]:
    """The fixes to apply together: none of their edits overlaps another's.

    Wider fixes go first, since they tend to contain the narrower ones on the
    same gloss (re-glossing a word contains splitting its gloss); a fix that
    touches one already chosen is left for the next pass.
    """
    chosen: list[Fix] = []
    taken = _TakenEdits()
    for fix in sorted(fixes, key=lambda f: (f.start - f.end, f.start, f.title)):
        if any(taken.conflicts(edit) for edit in fix.edits):
            continue
        chosen.append(fix)
        for edit in fix.edits:
            taken.add(edit)
    return chosen


class _TakenEdits:
    """The edits of the fixes chosen so far, in order of their starts, so that those a new edit could touch
    are found by a search: comparing it with every one would take time growing with the square of the fixes
    (a file with 30,000 fixes spent minutes choosing them)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.edits: list[Edit] = []
        self.longest = 0

    def conflicts(self, edit: Edit) -> bool:
        # An edit that overlaps or touches this one starts at most ``longest`` before it and at most at its end.
        first = bisect.bisect_left(self.starts, edit.start - self.longest)
        last = bisect.bisect_right(self.starts, edit.end)
        return any(_conflict(edit, other) for other in self.edits[first:last])

    def add(self, edit: Edit) -> None:
        place = bisect.bisect_right(self.starts, edit.start)
        self.starts.insert(place, edit.start)
        self.edits.insert(place, edit)
        self.longest = max(self.longest, edit.end - edit.start)


def _conflict(a: Edit, b: Edit) -> bool:
    """Overlapping ranges, or an insertion at the edge of another edit (the order would be a guess)."""
    if max(a.start, b.start) < min(a.end, b.end):
        return True
    touching = max(a.start, b.start) == min(a.end, b.end)
    return touching and (a.start == a.end or b.start == b.end)


def apply(text: str, fixes: Iterable[Fix]) -> str:
    """``text`` with the edits of ``fixes`` (which must not conflict) applied."""
    return apply_edits(text, (edit for fix in fixes for edit in fix.edits))


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    pieces = []
    position = 0
    for edit in sorted(edits):
        pieces.append(text[position : edit.start])
        pieces.append(edit.replacement)
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)
