"""Pairing each gloss with the Han characters it reads.

From the gloss's opening bracket the aligner walks back over the text, one
Han character per syllable (an erhua syllable such as ``huìr`` reads two:
会儿).  It records what it stepped over on the way and where it had to stop,
and the windows of characters one word earlier or later that the syllables
might have been meant for.  Rules read these records; they never walk the
text themselves.
"""

from __future__ import annotations

import enum
from typing import Iterable, Iterator, NamedTuple, Sequence

from audit.enums import ShownAsValue
from audit.gloss import Gloss, is_sentence_stop
from audit.pinyin import INVISIBLE, Syllable
from audit.readings import HAN_RUN, is_han


class Stop(ShownAsValue, enum.Enum):
    """Why the walk back from a gloss ended; the value reads in a message ("before the punctuation")."""

    COMPLETE = "complete"            # every syllable found its character
    PUNCTUATION = "punctuation"
    LINE_START = "line start"
    PREVIOUS_GLOSS = "previous gloss"


class Unit(NamedTuple):
    """One syllable and the characters it reads (none when the text ran out)."""

    syllable: Syllable
    chars: tuple[int, ...]  # offsets; two for erhua (会儿), empty when missing


class Alignment(NamedTuple):
    """A gloss, the characters its syllables read, and what the walk met.

    A named tuple, like ``Unit``: the aligner makes one per gloss, and
    tuples are the cheapest immutable records Python makes.
    """

    gloss: Gloss
    units: tuple[Unit, ...]
    detached_by: tuple[int, ...]  # offsets of symbols between the characters and the gloss
    crossed: tuple[int, ...]      # offsets of non-Han symbols inside the span
    read_through: tuple[int, ...]  # offsets of invisible characters inside the span, each pasted after a character
    stop: Stop                    # why the walk ended
    limit: int                    # the walk could not go before this offset
    chars: tuple[int, ...]        # every character read, in order
    missing: int                  # syllables left without a character
    text: str                     # the document's text, for the neighbours below

    # The neighbours are read only by the few rules that weigh alternatives,
    # so they are found on demand rather than for every gloss.
    @property
    def earlier(self) -> tuple[int, ...]:
        """Han characters just before the span (before the gloss, where it reads none), in order (back to the
        limit)."""
        return _han_run_before(self.text, span_of(self)[0], self.limit)

    @property
    def later(self) -> tuple[int, ...]:
        """Han characters right after the gloss."""
        return _han_run_after(self.text, self.gloss.end)

    @property
    def syllables(self) -> tuple[Syllable, ...]:
        return tuple(unit.syllable for unit in self.units)


class GlossSpan(NamedTuple):
    """A gloss and the characters it reads, as its alignment has them, without the rest of an alignment."""

    gloss: Gloss
    chars: Sequence[int]
    missing: int  # syllables left without a character


def span_of(alignment: Alignment | GlossSpan) -> tuple[int, int]:
    """Where the characters a gloss reads begin and end (past the last); where it reads none, its opening bracket."""
    chars = alignment.chars
    return (chars[0], chars[-1] + 1) if chars else (alignment.gloss.open, alignment.gloss.open)


def align(text: str, glosses: Iterable[Gloss]) -> Iterator[Alignment]:
    previous_end = 0
    for gloss in glosses:
        yield _align_one(text, gloss, previous_end)
        previous_end = gloss.end


def spans(text: str, glosses: Iterable[Gloss]) -> Iterator[GlossSpan | Alignment]:
    """Each gloss with the characters it reads, as ``align`` pairs them: in the usual case (a Han character right
    before the gloss for each it needs) for a fraction of the cost of aligning it, for a first look over a whole
    document; otherwise its alignment."""
    previous_end = 0
    for gloss in glosses:
        # Han characters hold no line break, so the previous gloss's end is as far back as they may start.
        side_by_side = _side_by_side(text, gloss, previous_end)
        yield _align_one(text, gloss, previous_end) if side_by_side is None else GlossSpan(gloss, side_by_side, 0)
        previous_end = gloss.end


def _limits(text: str, gloss: Gloss, previous_end: int) -> tuple[int, int]:
    """Where the gloss's line starts, and the offset the walk back from the gloss may not go before."""
    # Search for the line start no further back than the previous gloss, so a
    # single very long line does not make the walk quadratic.
    line_start = text.rfind("\n", previous_end, gloss.open) + 1
    return line_start, max(line_start, previous_end)


def _side_by_side(text: str, gloss: Gloss, limit: int) -> range | None:
    """The usual case, settled at C speed: the characters right before the gloss, when each it needs is Han."""
    first = gloss.open - gloss.pinyin.characters_read
    if gloss.pinyin.characters_read and first >= limit and HAN_RUN.fullmatch(text, first, gloss.open):
        return range(first, gloss.open)
    return None


def _align_one(text: str, gloss: Gloss, previous_end: int) -> Alignment:
    syllables = gloss.pinyin.syllables
    needed = gloss.pinyin.characters_read
    line_start, limit = _limits(text, gloss, previous_end)
    taken = _side_by_side(text, gloss, limit)
    if taken is not None:
        return _complete(gloss, _units(syllables, taken, needed), limit, tuple(taken), text)
    position, detached_by, walked, crossed, read_through = _walk(text, gloss.open, limit, needed)

    stop = _why_stopped(position, limit, line_start >= previous_end, len(walked) == needed)
    units = _units(syllables, walked, needed)
    return Alignment(
        gloss=gloss,
        units=units,
        detached_by=tuple(reversed(detached_by)),
        crossed=tuple(crossed),
        read_through=tuple(reversed(read_through)),
        stop=stop,
        limit=limit,
        chars=tuple(walked),
        missing=0 if len(walked) == needed else sum(1 for unit in units if not unit.chars),
        text=text,
    )


def _complete(gloss: Gloss, units: tuple[Unit, ...], limit: int, chars: tuple[int, ...], text: str) -> Alignment:
    """The alignment of a gloss whose every syllable found its character right before it, nothing stepped over:
    made as ``tuple.__new__`` makes it, for a named tuple's own constructor is a Python function, which nearly
    every gloss would call from this compiled module (docs/speed.md, round 21)."""
    return tuple.__new__(Alignment, (gloss, units, (), (), (), Stop.COMPLETE, limit, chars, 0, text))


def _walk(text: str, opening: int, limit: int, needed: int) -> tuple[int, list[int], list[int], list[int], list[int]]:
    """Back from the gloss's opening bracket: where the walk stopped, what it stepped over and took, and the
    invisible characters it read through."""
    position = _inside_closing_bracket(text, _before_homograph_number(text, opening - 1, limit), limit)
    detached_by: list[int] = []
    while position >= limit and _kind(text[position]) in _DETACHING:
        detached_by.append(position)
        position -= 1

    taken: list[int] = []
    crossed: list[int] = []
    read_through: list[int] = []
    invisible: list[int] = []  # met since the last character or symbol: they belong to the one met next
    while len(taken) < needed and position >= limit:
        kind = _kind(text[position])
        if kind is _STOP:
            break
        if kind is _INVISIBLE:  # pasted inside a word, it splits nothing a reader sees: read through it
            invisible.append(position)
        elif kind is _HAN:
            taken.append(position)
            read_through += invisible
            invisible.clear()
        else:
            crossed.append(position)
            invisible.clear()  # a symbol's own (the variation selector of 📖\ufe0f, the joiners of an emoji)
        position -= 1
    taken.reverse()
    if crossed:  # symbols after the last character taken were stepped over for nothing
        crossed = sorted(offset for offset in crossed if taken and offset > taken[0])
    return position, detached_by, taken, crossed, read_through


# Dictionaries and official word lists number the headwords written alike with a superscript digit
# (会¹ huì "can", 会² huì "meeting"): it belongs to the headword, and no gloss is detached by it.
_HOMOGRAPH_NUMBERS = frozenset("⁰¹²³⁴⁵⁶⁷⁸⁹")


def _before_homograph_number(text: str, position: int, limit: int) -> int:
    """``position``, or where the Han character that superscript digits ending there number is (会¹(huì))."""
    start = position
    while position >= limit and text[position] in _HOMOGRAPH_NUMBERS:
        position -= 1
    numbered_han = position < start and position >= limit and _kind(text[position]) is _HAN
    return position if numbered_han else start


# A word set in brackets or quotation marks is glossed after the closing one (【便宜】(biànyí), “行”(háng)): the
# gloss reads the word inside, a word or two at most.
_OPENER_OF = {"】": "【", "》": "《", "〉": "〈", "」": "「", "』": "『", "〕": "〔", "〗": "〖", "”": "“", "’": "‘"}
_BRACKETED_REACH = 16


def _inside_closing_bracket(text: str, position: int, limit: int) -> int:
    """``position``, or the last character inside the bracket closing there, where its opening one stands at
    ``limit`` or after with 1 to ``_BRACKETED_REACH`` Han characters and nothing else between: the gloss reads
    the bracketed word."""
    opener = _OPENER_OF.get(text[position]) if position >= limit else None
    if opener is not None:
        opening = text.rfind(opener, max(limit, position - _BRACKETED_REACH - 1), position - 1)
        if opening >= 0 and HAN_RUN.fullmatch(text, opening + 1, position):
            return position - 1
    return position


_HAN, _STOP, _OTHER, _INVISIBLE = "han", "stop", "other", "invisible"
_DETACHING = (_OTHER, _INVISIBLE)  # between a word and its gloss, even an invisible character detaches it
_KINDS: dict[str, str] = {}


def _kind(char: str) -> str:
    """Han, a stop, an invisible character, or another the walk steps over; memoised, as the walk asks per
    character.

    It returns one of the four constants above, so callers compare with ``is``.
    """
    kind = _KINDS.get(char)
    if kind is None:
        kind = (_HAN if is_han(char) else _STOP if is_sentence_stop(char)
                else _INVISIBLE if char in INVISIBLE else _OTHER)
        _KINDS[char] = kind
    return kind


def _why_stopped(position: int, limit: int, limit_is_line_start: bool, complete: bool) -> Stop:
    if complete:
        return Stop.COMPLETE
    if position >= limit:
        return Stop.PUNCTUATION
    return Stop.LINE_START if limit_is_line_start else Stop.PREVIOUS_GLOSS


def _units(syllables: tuple[Syllable, ...], taken: Sequence[int], needed: int) -> tuple[Unit, ...]:
    """Deal the characters out to syllables from the right; the first go short."""
    if len(taken) == len(syllables) == needed:  # the usual case: one character each, none short
        return tuple([_unit(syllable, (offset,)) for syllable, offset in zip(syllables, taken)])
    shortfall = needed - len(taken)
    padded: list[int | None] = [None] * shortfall + list(taken)
    units = []
    index = 0
    for syllable in syllables:
        width = 2 if syllable.erhua else 1
        chars = tuple(c for c in padded[index : index + width] if c is not None)
        units.append(Unit(syllable, chars))
        index += width
    return tuple(units)


def _unit(syllable: Syllable, chars: tuple[int, ...]) -> Unit:
    """``Unit(syllable, chars)``, made as ``tuple.__new__`` makes it (see ``_complete``)."""
    return tuple.__new__(Unit, (syllable, chars))


_WINDOW = 8  # enough characters for a word or two on either side


def _han_run_before(text: str, start: int, limit: int) -> tuple[int, ...]:
    run: list[int] = []
    position = start - 1
    while position >= limit and len(run) < _WINDOW and _kind(text[position]) == _HAN:
        run.append(position)
        position -= 1
    return tuple(reversed(run))


def _han_run_after(text: str, start: int) -> tuple[int, ...]:
    run: list[int] = []
    position = start
    while position < len(text) and len(run) < _WINDOW and _kind(text[position]) == _HAN:
        run.append(position)
        position += 1
    return tuple(run)
