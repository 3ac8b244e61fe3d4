"""Consistency rules: does the document gloss the same things the same way?"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterator

from audit.context import TONE_STYLES, AuditContext, Problem, with_gloss
from audit.corrections import gloss_style, in_tone_style, respelled, spelled, syllable_edit, with_u_spelling
from audit.finding import Severity
from audit.fix import Applicability, Edit, make_fix
from audit.gloss import Gloss
from audit.readings import Reading
from audit.rules.registry import Family, rule
from audit.verdicts import Judgement, Profile, YiBuStyle, YiBuVote
from audit.wording import plural, times

_EXAMPLES = {YiBuStyle.CITATION: "(yī, bù)", YiBuStyle.CHANGED: "(yí/yì, bú)"}


@rule("C601", "yi-bu-convention", Family.CONSISTENCY, Severity.ERROR, fix=Applicability.SAFE)
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
    reason = _convention_reason(context, convention)
    minority = [(index, judgement, vote) for index, judgement in context.parsed()
                for vote in judgement.yi_bu if vote.style is not convention]
    if context.labels and minority:
        # A label file follows one convention; its minority is one finding, not one per utterance,
        # and its fix rewrites every place, so that one pass fixes the file.
        index, judgement, vote = minority[0]
        yield _yi_bu_problem(context, index, judgement, vote, convention,
                             f"{reason}; {plural(len(minority), 'place writes', 'places write')} it so in this file, "
                             "the first here",
                             [(j, v) for _, j, v in minority])
        return
    for index, judgement, vote in minority:
        yield _yi_bu_problem(context, index, judgement, vote, convention, reason, [(judgement, vote)])


def _yi_bu_problem(context: AuditContext, index: int, judgement: Judgement, vote: YiBuVote,
                   convention: YiBuStyle, reason: str, fixed: list[tuple[Judgement, YiBuVote]]) -> Problem:
    """The problem at ``vote``, whose fix writes every vote in ``fixed`` in the convention."""
    char = context.text[vote.offset]
    written = judgement.alignment.units[vote.unit].syllable.written.strip()
    edits = [_in_convention(j, v, convention) for j, v in fixed]
    return Problem(
        index,
        f"{char}({written}) is written in its {vote.style.value} tone here, but {reason}",
        with_gloss(context, judgement.alignment, {vote.unit: _expected(vote, convention)}),
        fix=make_fix(f"write {char} in its {convention.value} tone", edits),
    )


def _expected(vote: YiBuVote, convention: YiBuStyle) -> Reading:
    return vote.citation if convention is YiBuStyle.CITATION else vote.changed


def _in_convention(judgement: Judgement, vote: YiBuVote, convention: YiBuStyle) -> Edit:
    gloss = judgement.alignment.gloss
    syllable = judgement.alignment.units[vote.unit].syllable
    return syllable_edit(gloss, syllable, spelled(syllable, _expected(vote, convention), gloss_style(gloss)))


def _convention_reason(context: AuditContext, convention: YiBuStyle) -> str:
    """Why ``convention`` is the one to follow: the profile, the majority or the tie-break."""
    style = f"{convention.value} tones {_EXAMPLES[convention]}"
    if context.labels:
        return f"this label file follows the {context.profile} convention, which writes 一 and 不 in their {style}"
    if context.profile is not Profile.AUTO:
        return f"the {context.profile} profile writes 一 and 不 in their {style}"
    votes = Counter(vote.style for j in context.judgements for vote in j.yi_bu)
    followed, other = votes[convention], votes[_OTHER[convention]]
    if followed == other:
        return (f"this document writes 一 and 不 in citation and changed tones equally often ({followed} each), "
                f"and a tie goes to the standard's {style}")
    return f"this document mostly writes 一 and 不 in their {style}, {followed} to {other}"


_OTHER = {YiBuStyle.CITATION: YiBuStyle.CHANGED, YiBuStyle.CHANGED: YiBuStyle.CITATION}


@rule("C602", "inconsistent-word-gloss", Family.CONSISTENCY, Severity.WARNING)
def check_same_word(context: AuditContext) -> Iterator[Problem]:
    """The same word glossed differently in one document.

    Only words of two or more characters are compared, and differences in
    一/不 tones are left to C601.  The gloss to follow is the most common
    one that draws no reading or tone finding anywhere in the document, so
    the suggestion never repeats a mistake; the others are reported.  When
    every variant draws such a finding, those findings say what to write.

    Wrong: 银行(yín háng) … 银行(yín xíng)
    Right: 银行(yín háng) … 银行(yín háng)
    """
    # For each word, its glosses (by index) under each reading, in the order met: a document may hold
    # hundreds of thousands of glosses, and an index each is all that is kept of them.
    by_word: dict[str, dict[tuple, list[int]]] = defaultdict(dict)
    faulted: set[tuple[str, tuple]] = set()  # (word, readings) some gloss of which draws a verdict
    for index, judgement in context.parsed():
        alignment = judgement.alignment
        if len(alignment.chars) > 1 and not alignment.missing:
            word, readings = context.span_text(alignment), _comparable(context, judgement)
            by_word[word].setdefault(readings, []).append(index)
            if _has_verdict(context, judgement):
                faulted.add((word, readings))
    for word, glossed in by_word.items():
        counts = Counter({readings: len(indexes) for readings, indexes in glossed.items()})
        sound = [readings for readings, _ in counts.most_common() if (word, readings) not in faulted]
        if len(counts) < 2 or not sound:
            continue
        reference = sound[0]
        reference_text = context.judgements[glossed[reference][0]].alignment.gloss.written
        others = sorted(index for readings, indexes in glossed.items() if readings != reference for index in indexes)
        for index in others:
            yield Problem(
                index,
                f"{word} is glossed {reference_text} {times(counts[reference])} elsewhere in this document",
                f"{word}{reference_text}, unless the context calls for another reading",
            )


def _comparable(context: AuditContext, judgement: Judgement) -> tuple:
    """The readings of a gloss, with 一/不 set aside (C601 covers them)."""
    return tuple(
        unit.syllable.reading if context.text[unit.chars[0]] not in _YI_BU else None
        for unit in judgement.alignment.units
    )


def _has_verdict(context: AuditContext, judgement: Judgement) -> bool:
    """Whether a reading or tone rule faults a syllable of the gloss other than 一/不."""
    return any(context.text[verdict.offset] not in _YI_BU for verdict in judgement.verdicts)


_YI_BU = "一不"


@rule("C603", "mixed-gloss-styles", Family.CONSISTENCY, Severity.WARNING, fix=Applicability.SAFE)
def check_styles(context: AuditContext) -> Iterator[Problem]:
    """Mixed gloss styles in one document: brackets, tone marks vs numbers, ü vs v.

    Reported once per minority style, at its first gloss; the fix rewrites
    every gloss of that style in the document's usual one.

    Wrong: 汉字(hàn zì) … 拼音（pīn yīn）
    Right: 汉字(hàn zì) … 拼音(pīn yīn)
    """
    for aspect, written in _WRITTEN.items():
        styles = context.styles(aspect)
        if len(styles) < 2:
            continue
        usual = context.usual_style(aspect)
        for style, indexes in sorted(styles.items()):
            if style != usual:
                glosses = [context.judgements[index].alignment.gloss for index in indexes]
                advice = f"write every gloss {written.format(usual)}"
                yield Problem(
                    indexes[0],
                    f"{plural(len(indexes), 'gloss is', 'glosses are')} written {written.format(style)}, "
                    f"while {plural(len(styles[usual]), 'gloss is', 'glosses are')} written {written.format(usual)}",
                    advice,
                    fix=make_fix(advice, _RESTYLE[aspect](glosses, usual)),
                )


# How each aspect of ``GLOSS_STYLES`` reads in a message, and how a gloss is rewritten in a style of it.
_WRITTEN = {"brackets": "in brackets {}", "tones": "with tones as {}", "ü": "with ü spelled {}"}


def _rebracketed(glosses: list[Gloss], bracket: str) -> list[Edit]:
    return [edit for gloss in glosses
            for edit in (Edit(gloss.open, gloss.open + 1, bracket[0]), Edit(gloss.close, gloss.end, bracket[1]))]


def _retoned(glosses: list[Gloss], style: str) -> list[Edit]:
    return [edit for gloss in glosses for edit in in_tone_style(gloss, TONE_STYLES[style])]


def _u_respelled(glosses: list[Gloss], spelling: str) -> list[Edit] | None:
    edits = []
    for gloss in glosses:
        for syllable in gloss.pinyin.syllables:
            if "ü" in syllable.base:
                new = with_u_spelling(syllable.written, spelling)
                if new is None:
                    return None  # some ü cannot be spelled so: the reviewer decides
                edits += respelled(gloss, [(syllable, new)])
    return edits


_RESTYLE = {"brackets": _rebracketed, "tones": _retoned, "ü": _u_respelled}
