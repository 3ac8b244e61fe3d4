"""Consistency rules: does the document gloss the same things the same way?"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterator

from audit.context import AuditContext, Problem, with_gloss
from audit.finding import Severity
from audit.rules.registry import Family, rule
from audit.verdicts import YiBuStyle

_STYLE_NAMES = {YiBuStyle.CITATION: "citation tones (yī, bù)", YiBuStyle.CHANGED: "changed tones (yí/yì, bú)"}


@rule("C601", "yi-bu-convention", Family.CONSISTENCY, Severity.ERROR)
def check_yi_bu(context: AuditContext) -> Iterator[Problem]:
    """一/不 written with citation tones in some places and changed tones in others.

    Dictionaries (GB/T 16159) write 一 and 不 in their original tones;
    primary-school readers write the tone they take before the next
    syllable.  Either is right, mixing them is not.  Under the ``auto``
    profile the document's majority decides (a tie goes to the standard's
    citation tones); a fixed profile decides by itself.

    Wrong: 一倍(yí bèi) … 一场(yī cháng)
    Right: 一倍(yí bèi) … 一场(yì cháng)
    """
    convention = context.yi_bu_convention
    votes = Counter(vote.style for j in context.judgements for vote in j.yi_bu)
    for index, judgement in context.parsed():
        for vote in judgement.yi_bu:
            if vote.style is convention:
                continue
            expected = vote.citation if convention is YiBuStyle.CITATION else vote.changed
            char = context.text[vote.offset]
            yield Problem(
                index,
                f"{char} is written with {_STYLE_NAMES[vote.style]}, but this document "
                f"follows {_STYLE_NAMES[convention]} ({_tally(votes)}; profile {context.config.profile})",
                with_gloss(context, judgement.alignment, {vote.unit: expected}),
            )


def _tally(votes: Counter) -> str:
    return f"{votes[YiBuStyle.CITATION]} citation, {votes[YiBuStyle.CHANGED]} changed"


@rule("C602", "inconsistent-word-gloss", Family.CONSISTENCY, Severity.WARNING)
def check_same_word(context: AuditContext) -> Iterator[Problem]:
    """The same word glossed differently in one document.

    Only words of two or more characters are compared, and differences in
    一/不 tones are left to C601.  The less common gloss is reported.

    Wrong: 银行(yín háng) … 银行(yín xíng)
    Right: 银行(yín háng) … 银行(yín háng)
    """
    by_word: dict[str, list[tuple[int, tuple]]] = defaultdict(list)
    for index, judgement in context.parsed():
        alignment = judgement.alignment
        if len(alignment.chars) > 1 and not alignment.missing:
            by_word[context.span_text(alignment)].append((index, _comparable(context, judgement)))
    for word, glossed in by_word.items():
        counts = Counter(readings for _, readings in glossed)
        if len(counts) < 2:
            continue
        usual, _ = counts.most_common(1)[0]
        usual_gloss = next(i for i, readings in glossed if readings == usual)
        usual_text = context.judgements[usual_gloss].alignment.gloss.written
        for index, readings in glossed:
            if readings != usual:
                yield Problem(
                    index,
                    f"{word} is glossed {usual_text} {counts[usual]} time(s) elsewhere in this document",
                    f"{word}{usual_text}, unless the context calls for another reading",
                )


def _comparable(context: AuditContext, judgement) -> tuple:
    """The readings of a gloss, with 一/不 set aside (C601 covers them)."""
    return tuple(
        unit.syllable.reading if context.text[unit.chars[0]] not in "一不" else None
        for unit in judgement.alignment.units
    )


@rule("C603", "mixed-gloss-styles", Family.CONSISTENCY, Severity.WARNING)
def check_styles(context: AuditContext) -> Iterator[Problem]:
    """Mixed gloss styles in one document: brackets, tone marks vs numbers, ü vs v.

    Reported once per minority style, at its first gloss.

    Wrong: 汉字(hàn zì) … 拼音（pīn yīn）
    Right: 汉字(hàn zì) … 拼音(pīn yīn)
    """
    for aspect, style_of in _ASPECTS.items():
        styles: dict[str, list[int]] = defaultdict(list)
        for index, judgement in enumerate(context.judgements):
            style = style_of(judgement.alignment.gloss)
            if style:
                styles[style].append(index)
        if len(styles) < 2:
            continue
        usual = max(styles, key=lambda s: (len(styles[s]), -styles[s][0]))
        for style, indexes in sorted(styles.items()):
            if style != usual:
                yield Problem(
                    indexes[0],
                    f"{len(indexes)} gloss(es) use {aspect} {style} while {len(styles[usual])} use {usual}",
                    f"write every gloss with {aspect} {usual}",
                )


_ASPECTS = {
    "brackets": lambda gloss: gloss.bracket if gloss.closed else "",
    "tones as": lambda gloss: {"mark": "marks", "number": "numbers"}.get(gloss.pinyin.tone_style, ""),
    "ü spelled": lambda gloss: gloss.pinyin.u_umlaut_spelling,
}
