"""Span rules: does a gloss cover exactly the characters of a word?"""

from __future__ import annotations

from typing import Iterator, NamedTuple

from audit.align import Alignment, Unit
from audit.context import AuditContext, Problem
from audit.corrections import Segment, gloss_style, reglossed, spell_reading
from audit.finding import Severity
from audit.fix import Applicability, Edit, Fix, make_fix
from audit.gloss import Gloss
from audit.readings import LONGEST_WORD
from audit.resolver import best_reading
from audit.rules.registry import Family, rule


@rule("S101", "syllables-overrun", Family.SPAN, Severity.ERROR, fix=Applicability.UNSAFE)
def check_overrun(context: AuditContext) -> Iterator[Problem]:
    """More syllables than there are characters before a stop.

    The walk back from the gloss met punctuation, the start of the line or
    the previous gloss before every syllable had a character to read.

    Wrong: 配合，小红(hé xiǎo hóng)书
    Right: 配合，小红书(xiǎo hóng shū)
    """
    for index, judgement in context.parsed():
        alignment = judgement.alignment
        if not alignment.missing or not alignment.chars:
            continue
        extra = [unit.syllable for unit in alignment.units if not unit.chars]
        span = context.span_text(alignment)
        unread = " ".join(syllable.written for syllable in extra)
        yield Problem(
            index,
            f"{len(alignment.units)} syllables but only {_characters(len(alignment.chars))} "
            f"before the {alignment.stop}; {unread} reads nothing",
            f"gloss only {span}, or move the gloss after the characters it reads",
            fix=make_fix(f"drop {unread}", [_without_syllables(alignment.gloss, 0, len(extra) - 1)]),
        )


def _characters(count: int) -> str:
    return f"{count} character" + ("" if count == 1 else "s")


def _without_syllables(gloss: Gloss, first: int, last: int) -> Edit:
    """Remove syllables ``first`` to ``last`` (indexes, inclusive) and the separator joining them to the rest."""
    syllables = gloss.pinyin.syllables
    content = gloss.open + 1
    if last + 1 < len(syllables):  # others follow: remove up to the next one
        return Edit(content + syllables[first].start, content + syllables[last + 1].start, "")
    previous, final = syllables[first - 1], syllables[last]  # they end the gloss
    return Edit(content + previous.start + len(previous.written), content + final.start + len(final.written), "")


@rule("S104", "extra-syllable", Family.SPAN, Severity.ERROR, fix=Applicability.UNSAFE)
def check_extra_syllable(context: AuditContext) -> Iterator[Problem]:
    """The gloss has a syllable too many: without its last one, it reads the characters before it.

    Read as written, every syllable is shifted onto the wrong character, so
    this says what happened instead of calling each one a wrong reading.

    Wrong: 他用汽车(qì chē de)运货
    Right: 他用汽车(qì chē)运货
    """
    for index, judgement in context.parsed():
        if not judgement.extra_syllable:
            continue
        alignment = judgement.alignment
        syllables = [unit.syllable.written.strip() for unit in alignment.units]
        read = "".join(context.text[offset] for offset in alignment.chars[1:])
        gloss = alignment.gloss
        last = len(syllables) - 1
        yield Problem(
            index,
            f"{' '.join(syllables[:-1])} reads {read}; the last syllable {syllables[-1]} reads nothing",
            f"{read}{gloss.opener}{' '.join(syllables[:-1])}{gloss.closer}",
            fix=make_fix(f"drop {syllables[-1]}", [_without_syllables(gloss, last, last)]),
        )


@rule("S102", "span-crosses-symbol", Family.SPAN, Severity.ERROR, fix=Applicability.SAFE)
def check_crossing(context: AuditContext) -> Iterator[Problem]:
    """The glossed characters are interrupted by a non-Han symbol.

    A gloss reads a run of characters; an emoji, letter or digit inside the
    run means the gloss straddles two words.

    Wrong: 小红书📖上(shū shàng)
    Right: 小红书(xiǎo hóng shū)📖上(shàng)
    """
    for index, judgement in context.parsed():
        alignment = judgement.alignment
        if not alignment.crossed:
            continue
        symbols = "".join(context.text[offset] for offset in alignment.crossed).strip() or "a space"
        yield Problem(
            index,
            f"the glossed characters {context.span_text(alignment)} are split by {symbols}",
            f"gloss the characters on each side of {symbols} separately",
            fix=_split(context, alignment, symbols),
        )


def _split(context: AuditContext, alignment: Alignment, symbols: str) -> Fix | None:
    """One gloss for each run of characters between the symbols, with the syllables it had."""
    gloss = alignment.gloss
    if not gloss.closed or alignment.missing or any(_straddles(alignment, unit.chars) for unit in alignment.units):
        return None
    segments: list[Segment] = []
    for unit in alignment.units:
        if segments and not _straddles(alignment, (segments[-1].chars[-1], unit.chars[0])):
            segments[-1] = Segment(segments[-1].chars + unit.chars, segments[-1].syllables + (unit.syllable.written,))
        else:
            segments.append(Segment(unit.chars, (unit.syllable.written,)))
    edit = reglossed(context.text, alignment.span_start, gloss.end, segments, [gloss], gloss.bracket)
    return make_fix(f"split the gloss at {symbols}", [edit])


def _straddles(alignment: Alignment, chars: tuple[int, ...]) -> bool:
    """Whether a crossed symbol lies between the first and last of ``chars``."""
    return any(chars[0] < offset < chars[-1] for offset in alignment.crossed)


@rule("S103", "span-cuts-word", Family.SPAN, Severity.ERROR, fix=Applicability.SAFE)
def check_word_cut(context: AuditContext) -> Iterator[Problem]:
    """An edge of the glossed span falls inside a word.

    Evidence that a word exists comes from the user's lexicon and from the
    same word glossed as a unit elsewhere in the document; the segmenter
    that made the gloss is not asked.  A span that is itself in pypinyin's
    phrase dictionary counts as a word too, but that dictionary lists only
    words with unusual readings, so it never accuses a span: 北大 is no
    less a word for 大计 being in it.

    The fix glosses the word as a whole, with the syllables it is glossed
    with elsewhere in the document (or else those its characters already
    have, and the context's reading for the rest), and gives what remains of
    the cut glosses glosses of their own.

    Wrong: 小红书(xiǎo hóng shū)很火，和小红(hé xiǎo hóng)书合作
    Right: 小红书(xiǎo hóng shū)很火，和(hé)小红书(xiǎo hóng shū)合作
    """
    for index, judgement in context.parsed():
        alignment = judgement.alignment
        if len(alignment.chars) < 2 or alignment.missing or not _edge_touches_known_word(context, alignment):
            continue
        cut = _word_cut(context, alignment)
        if cut:
            usual = context.usual_gloss.get(cut.word)
            gloss = alignment.gloss
            yield Problem(
                index,
                f"the span {context.span_text(alignment)} cuts the word {cut.word} "
                f"({_EVIDENCE[cut.evidence]})",
                f"gloss {cut.word} as a whole: {cut.word}{usual.written if usual else ''}",
                fix=_whole_word(context, index, cut.chars, _word_syllables(context, cut, gloss)),
            )


class Cut(NamedTuple):
    word: str
    evidence: int
    chars: tuple[int, ...]  # offsets of the word's characters


def _whole_word(context: AuditContext, index: int, chars: tuple[int, ...], syllables: tuple[str, ...]) -> Fix | None:
    """Gloss the word at ``chars`` as one, with ``syllables``; what the cut glosses read besides it keeps
    its syllables, in glosses of its own."""
    gloss = context.judgements[index].alignment.gloss
    word = set(chars)
    cut_glosses = sorted({index} | {owner[0] for owner in map(context.unit_at, chars) if owner})
    alignments = [context.judgements[cut_gloss].alignment for cut_gloss in cut_glosses]
    if not all(alignment.gloss.closed and not alignment.missing for alignment in alignments):
        return None
    segments = [Segment(chars, syllables)]
    for alignment in alignments:
        if any(word & set(unit.chars) and not set(unit.chars) <= word for unit in alignment.units):
            return None  # the word ends inside an erhua syllable
        rest = [unit for unit in alignment.units if not word & set(unit.chars)]
        before, after = [u for u in rest if u.chars[0] < chars[0]], [u for u in rest if u.chars[0] > chars[0]]
        segments += [_segment(units) for units in (before, after) if units]
    start = min([chars[0]] + [alignment.span_start for alignment in alignments])
    end = max([chars[-1] + 1] + [alignment.gloss.end for alignment in alignments])
    edit = reglossed(context.text, start, end, segments, [alignment.gloss for alignment in alignments], gloss.bracket)
    return make_fix(f"gloss {''.join(context.text[offset] for offset in chars)} as a whole", [edit])


def _segment(units: list[Unit]) -> Segment:
    """The units' characters, glossed with their syllables as written."""
    return Segment(tuple(offset for unit in units for offset in unit.chars), tuple(u.syllable.written for u in units))


def _word_syllables(context: AuditContext, cut: Cut, gloss: Gloss) -> tuple[str, ...]:
    """The word's syllables as glossed elsewhere here; else each character's own, or the context's reading."""
    usual = context.usual_gloss.get(cut.word)
    if usual and len(usual.pinyin.syllables) == len(cut.word) and not any(s.erhua for s in usual.pinyin.syllables):
        return tuple(syllable.written for syllable in usual.pinyin.syllables)
    syllables = []
    for offset in cut.chars:
        owner = context.unit_at(offset)
        if owner:
            unit = owner[1]
            syllables.append(unit.syllable.written if offset == unit.chars[0] else "")
        else:
            reading = best_reading(context.reading, offset, (cut.chars[0], cut.chars[-1] + 1)).reading
            syllables.append(spell_reading(reading, gloss_style(gloss)))
    return tuple(syllables)


_EVIDENCE = {
    2: "glossed as a unit elsewhere in this document",
    3: "in the user lexicon",
}


def _edge_touches_known_word(context: AuditContext, alignment) -> bool:
    """Whether the two characters across either edge of the span occur together in a known word.

    A word that crosses an edge must hold that pair, so most spans are
    cleared with two set lookups.
    """
    text = context.text
    first, last = alignment.chars[0], alignment.chars[-1]
    pairs = [text[offset] + text[first] for offset in alignment.earlier[-1:]]
    pairs += [text[last] + text[offset] for offset in alignment.later[:1]]
    return any(pair in context.known_word_pairs for pair in pairs)


def _word_cut(context: AuditContext, alignment) -> Cut | None:
    """The best-attested word that crosses an edge of the span, if it beats the span."""
    text = context.text
    sequence = alignment.earlier + alignment.chars + alignment.later
    letters = "".join(text[offset] for offset in sequence)
    first = len(alignment.earlier)
    last = first + len(alignment.chars)
    span = context.span_text(alignment)
    span_evidence = context.word_evidence(span, glossed_here=1)
    best: tuple[int, int, str, tuple[int, ...]] | None = None
    for start, end in _crossing_windows(first, last, len(sequence)):
        word = letters[start:end]
        if not context.may_be_word(word):
            continue  # the cheap test first: most windows are no word anyone vouched for
        evidence = context.word_evidence(word)
        if evidence < 2 or evidence < span_evidence:
            continue
        if evidence == span_evidence and context.occurrences(word) <= context.occurrences(span):
            continue
        candidate = (evidence, context.occurrences(word), word, sequence[start:end])
        best = max(best, candidate) if best else candidate
    return Cut(best[2], best[0], best[3]) if best else None


def _crossing_windows(first: int, last: int, length: int):
    """(start, end) of every window of two to six characters that crosses ``first`` or ``last``."""
    for start in range(max(0, first - LONGEST_WORD + 1), last):
        for end in range(start + 2, min(length, start + LONGEST_WORD) + 1):
            if start < first < end or start < last < end:
                yield start, end
