"""Span rules: does a gloss cover exactly the characters of a word?"""

from __future__ import annotations

from typing import Iterator

from audit.context import AuditContext, Problem
from audit.finding import Severity
from audit.readings import LONGEST_WORD
from audit.rules.registry import Family, rule


@rule("S101", "syllables-overrun", Family.SPAN, Severity.ERROR)
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
        extra = [unit.syllable.written for unit in alignment.units if not unit.chars]
        span = context.span_text(alignment)
        yield Problem(
            index,
            f"{len(alignment.units)} syllables but only {_characters(len(alignment.chars))} "
            f"before the {alignment.stop}; {' '.join(extra)} reads nothing",
            f"gloss only {span}, or move the gloss after the characters it reads",
        )


def _characters(count: int) -> str:
    return f"{count} character" + ("" if count == 1 else "s")


@rule("S104", "extra-syllable", Family.SPAN, Severity.ERROR)
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
        yield Problem(
            index,
            f"{' '.join(syllables[:-1])} reads {read}; the last syllable {syllables[-1]} reads nothing",
            f"{read}{gloss.opener}{' '.join(syllables[:-1])}{gloss.closer}",
        )


@rule("S102", "span-crosses-symbol", Family.SPAN, Severity.ERROR)
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
        )


@rule("S103", "span-cuts-word", Family.SPAN, Severity.ERROR)
def check_word_cut(context: AuditContext) -> Iterator[Problem]:
    """An edge of the glossed span falls inside a word.

    Evidence that a word exists comes from the user's lexicon and from the
    same word glossed as a unit elsewhere in the document; the segmenter
    that made the gloss is not asked.  A span that is itself in pypinyin's
    phrase dictionary counts as a word too, but that dictionary lists only
    words with unusual readings, so it never accuses a span: 北大 is no
    less a word for 大计 being in it.

    Wrong: 小红书(xiǎo hóng shū)很火，和小红(hé xiǎo hóng)书合作
    Right: 小红书(xiǎo hóng shū)很火，和(hé)小红书(xiǎo hóng shū)合作
    """
    for index, judgement in context.parsed():
        alignment = judgement.alignment
        if len(alignment.chars) < 2 or alignment.missing or not _edge_touches_known_word(context, alignment):
            continue
        cut = _word_cut(context, alignment)
        if cut:
            word, evidence = cut
            yield Problem(
                index,
                f"the span {context.span_text(alignment)} cuts the word {word} "
                f"({_EVIDENCE[evidence]})",
                f"gloss {word} as a whole: {word}{context.usual_gloss.get(word, '')}",
            )


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


def _word_cut(context: AuditContext, alignment) -> tuple[str, int] | None:
    """The best-attested word that crosses an edge of the span, if it beats the span."""
    text = context.text
    sequence = alignment.earlier + alignment.chars + alignment.later
    letters = "".join(text[offset] for offset in sequence)
    first = len(alignment.earlier)
    last = first + len(alignment.chars)
    span = context.span_text(alignment)
    span_evidence = context.word_evidence(span, glossed_here=1)
    best: tuple[int, int, str] | None = None
    for start, end in _crossing_windows(first, last, len(sequence)):
        word = letters[start:end]
        if not context.may_be_word(word):
            continue  # the cheap test first: most windows are no word anyone vouched for
        evidence = context.word_evidence(word)
        if evidence < 2 or evidence < span_evidence:
            continue
        if evidence == span_evidence and context.occurrences(word) <= context.occurrences(span):
            continue
        candidate = (evidence, context.occurrences(word), word)
        best = max(best, candidate) if best else candidate
    return (best[2], best[0]) if best else None


def _crossing_windows(first: int, last: int, length: int):
    """(start, end) of every window of two to six characters that crosses ``first`` or ``last``."""
    for start in range(max(0, first - LONGEST_WORD + 1), last):
        for end in range(start + 2, min(length, start + LONGEST_WORD) + 1):
            if start < first < end or start < last < end:
                yield start, end
