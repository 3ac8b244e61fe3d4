"""Format rules: is the gloss well-formed pinyin?"""

from __future__ import annotations

import functools
from typing import Iterator

from audit.align import Alignment
from audit.context import TONE_STYLES, AuditContext, Problem
from audit.corrections import (content_edit, in_tone_style, respelled, rewritten, spelled, standard_characters,
                                syllable_edit)
from audit.finding import Severity
from audit.fix import Applicability, Edit, make_fix
from audit.gloss import unscramble
from audit.pinyin import U_UMLAUT_AFTER_JQXY, Marking, Syllable, missing_apostrophes, parse_pinyin, separable_mark_in
from audit.rules.registry import Family, rule


@rule("F501", "not-pinyin", Family.FORMAT, Severity.ERROR)
def check_not_pinyin(context: AuditContext) -> Iterator[Problem]:
    """Letters in the gloss that are no pinyin syllable.

    Wrong: 双(shaung)
    Right: 双(shuāng)
    """
    for index, judgement in context.indexed():
        for part in judgement.alignment.gloss.pinyin.unparsed:
            guess = unscramble(part.written)
            yield Problem(
                index,
                f"{part.written} is not a pinyin syllable",
                f"did you mean {guess}?" if guess else "write one valid pinyin syllable per character",
            )


@rule("F502", "misplaced-tone-mark", Family.FORMAT, Severity.ERROR, fix=Applicability.SAFE)
def check_misplaced_tone_mark(context: AuditContext) -> Iterator[Problem]:
    """The tone mark sits on the wrong vowel.

    The mark goes on a or e; on the o of ou; otherwise on the last vowel; with no vowel, on the
    nasal that is the syllable's sound (嗯 ǹg).

    Wrong: 好(haǒ)
    Right: 好(hǎo)
    """
    for index, judgement in context.indexed():
        gloss = judgement.alignment.gloss
        for syllable in _misplaced_marks(gloss.content):
            new = spelled(syllable, syllable.reading, Marking.MARK)
            yield Problem(
                index,
                f"the tone mark of {syllable.written} is on the wrong vowel",
                f"write {new}",
                fix=make_fix(f"write {new}", [syllable_edit(gloss, syllable, new)]),
            )


@functools.lru_cache(maxsize=65536)
def _misplaced_marks(content: str) -> tuple[Syllable, ...]:
    """The syllables of the gloss ``content`` whose tone mark is on the wrong vowel: a question of the
    text alone, answered once a run for each way a gloss is written, as densely glossed text repeats them."""
    return tuple(syllable for syllable in parse_pinyin(content).syllables if syllable.misplaced_mark)


@rule("F503", "mixed-tone-notation", Family.FORMAT, Severity.WARNING, fix=Applicability.SAFE)
def check_mixed_notation(context: AuditContext) -> Iterator[Problem]:
    """Tone marks and tone numbers mixed in one gloss.

    The fix writes the gloss the way most glosses of the document write
    their tones (marks when as many use each).

    Wrong: 银行(yín hang2)
    Right: 银行(yín háng)
    """
    style = TONE_STYLES.get(context.usual_style("tones"), Marking.MARK)
    for index, judgement in context.indexed():
        gloss = judgement.alignment.gloss
        if len(gloss.pinyin.markings) > 1 and _MARKS_AND_NUMBERS <= gloss.pinyin.markings:  # the length first: no hashing
            edits = in_tone_style(gloss, style)
            instead = rewritten(gloss, edits)
            yield Problem(index, "tone marks and tone numbers in one gloss", f"write {instead}",
                          fix=make_fix(f"write {instead}", edits))


_MARKS_AND_NUMBERS = frozenset({Marking.MARK, Marking.NUMBER})


@rule("F504", "nonstandard-characters", Family.FORMAT, Severity.WARNING, fix=Applicability.SAFE)
def check_nonstandard_characters(context: AuditContext) -> Iterator[Problem]:
    """Pinyin typed with look-alike characters: combining marks, a breve, full-width letters; or ü written
    after j, q, x or y, where pinyin writes u (去 qv4, as input methods type it: qu4).

    They display almost the same but break search, sorting and
    speech synthesis; the gloss is checked as if written correctly.

    Invisible characters pasted among the glossed characters (银\\u200b行) are
    read through, and taken out by the fix.

    Wrong: 好(hăo)
    Right: 好(hǎo)
    """
    for index, judgement in context.indexed():
        alignment = judgement.alignment
        gloss = alignment.gloss
        pinyin = gloss.pinyin
        if pinyin.irregular and pinyin.syllables:
            edits = respelled(gloss, [(s, standard_characters(s.written)) for s in pinyin.syllables])
            how = "" if pinyin.irregular == (U_UMLAUT_AFTER_JQXY,) else " with precomposed tone-marked letters"
            yield Problem(
                index,
                f"written with {', '.join(pinyin.irregular)}",
                f"write {rewritten(gloss, edits)}{how}",
                fix=make_fix("write standard characters", edits),
            )
        if alignment.read_through:
            visible = context.characters_at(alignment.chars)
            yield Problem(
                index,
                f"the glossed characters {visible} hold invisible characters "
                f"({context.characters_at(alignment.read_through)})",
                f"write {visible} without them",
                fix=make_fix("take out the invisible characters",
                             [Edit(offset, offset + 1, "") for offset in alignment.read_through]),
            )


@rule("F506", "missing-apostrophe", Family.FORMAT, Severity.WARNING, fix=Applicability.SAFE)
def check_missing_apostrophe(context: AuditContext) -> Iterator[Problem]:
    """A syllable starting with a, o or e written against the one before it, without an apostrophe.

    Pinyin orthography writes the apostrophe so that the letters cannot be
    read another way (Xīān reads xiān; gǎnēn reads gǎ nēn, which no
    character of 感恩 reads).  The characters decide where it goes.

    Wrong: 感恩(gǎnēn)
    Right: 感恩(gǎn'ēn)
    """
    for index, judgement in context.indexed():
        with_apostrophes = judgement.missing_apostrophe
        if with_apostrophes:
            alignment = judgement.alignment
            gloss = alignment.gloss
            content = content_edit(gloss, with_apostrophes)
            yield Problem(
                index,
                f"{' and '.join(_run_together(context, alignment, with_apostrophes))} without an apostrophe, "
                "which a syllable starting with a, o or e takes after another",
                f"{context.span_text(alignment)}{gloss.bracketed(with_apostrophes)}",
                fix=make_fix(f"write {with_apostrophes}", [content]),
            )


def _run_together(context: AuditContext, alignment: Alignment, with_apostrophes: str) -> list[str]:
    """Each syllable the gloss runs into the one before, with its character: "恩(ēn) follows gǎn".

    The judgement gives ``with_apostrophes`` only when its syllables pair
    up with the gloss's characters, one each.
    """
    syllables = parse_pinyin(with_apostrophes).syllables
    # Offsets in the respelled gloss: each apostrophe added moves the ones after it on by one.
    added = {offset + before for before, offset in enumerate(missing_apostrophes(alignment.gloss.content))}
    return [f"{context.text[unit.chars[0]]}({syllable.written}) follows {before.written}"
            for before, syllable, unit in zip(syllables, syllables[1:], alignment.units[1:])
            if syllable.start - 1 in added]


@rule("F507", "misplaced-separable-mark", Family.FORMAT, Severity.ERROR, fix=Applicability.SAFE)
def check_separable_mark(context: AuditContext) -> Iterator[Problem]:
    """The separable-word mark (``//``, or ``∥`` as 现代汉语词典 prints it) written inside a syllable.

    Dictionaries write it between the two parts of a separable word
    (帮忙 bāng//máng, 洗澡 xǐ//zǎo), where other words can come between
    them; inside a syllable it cuts letters that belong together.  The
    gloss is read as the syllables its letters spell, and the fix moves
    the mark to the nearest syllable edge.

    Wrong: 帮忙(bā//ngmáng)
    Right: 帮忙(bāng//máng)
    """
    for index, judgement in context.indexed():
        gloss = judgement.alignment.gloss
        moved = gloss.pinyin.separable_mark_moved
        if moved:
            respelled_content = content_edit(gloss, moved)
            mark = separable_mark_in(gloss.content)
            yield Problem(index, f"the mark {mark} of {gloss.closed_written} cuts a syllable in two",
                          f"write {gloss.bracketed(moved)}: the mark goes between syllables",
                          fix=make_fix(f"write {moved}", [respelled_content]))


@rule("F505", "unclosed-gloss", Family.FORMAT, Severity.ERROR)
def check_unclosed(context: AuditContext) -> Iterator[Problem]:
    """A gloss whose closing bracket is missing.

    Wrong: 汉字(hàn zì 是
    Right: 汉字(hàn zì)是
    """
    for index, judgement in context.indexed():
        gloss = judgement.alignment.gloss
        if not gloss.closed:
            yield Problem(index, "the gloss has no closing bracket", f"write {gloss.closed_written}")
