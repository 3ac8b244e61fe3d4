"""Format rules: is the gloss well-formed pinyin?"""

from __future__ import annotations

from typing import Iterator

from audit.context import AuditContext, Problem
from audit.finding import Severity
from audit.gloss import unscramble
from audit.pinyin import Marking
from audit.rules.registry import Family, rule


@rule("F501", "not-pinyin", Family.FORMAT, Severity.ERROR)
def check_syllables(context: AuditContext) -> Iterator[Problem]:
    """Letters in the gloss that are no pinyin syllable.

    Wrong: 双(shaung)
    Right: 双(shuāng)
    """
    for index, judgement in enumerate(context.judgements):
        for part in judgement.alignment.gloss.pinyin.unparsed:
            guess = unscramble(part.written)
            yield Problem(
                index,
                f"{part.written} is not a pinyin syllable",
                f"did you mean {guess}?" if guess else "write one valid pinyin syllable per character",
            )


@rule("F502", "misplaced-tone-mark", Family.FORMAT, Severity.ERROR)
def check_mark_placement(context: AuditContext) -> Iterator[Problem]:
    """The tone mark sits on the wrong vowel.

    The mark goes on a or e; on the o of ou; otherwise on the last vowel.

    Wrong: 好(haǒ)
    Right: 好(hǎo)
    """
    for index, judgement in enumerate(context.judgements):
        for syllable in judgement.alignment.gloss.pinyin.syllables:
            if syllable.misplaced_mark:
                yield Problem(
                    index,
                    f"the tone mark of {syllable.written} is on the wrong vowel",
                    f"write {syllable.standard()}",
                )


@rule("F503", "mixed-tone-notation", Family.FORMAT, Severity.WARNING)
def check_mixed_notation(context: AuditContext) -> Iterator[Problem]:
    """Tone marks and tone numbers mixed in one gloss.

    Wrong: 银行(yín hang2)
    Right: 银行(yín háng)
    """
    for index, judgement in enumerate(context.judgements):
        pinyin = judgement.alignment.gloss.pinyin
        if {Marking.MARK, Marking.NUMBER} <= pinyin.markings:
            yield Problem(index, "tone marks and tone numbers in one gloss", f"write ({pinyin.standard()})")


@rule("F504", "nonstandard-characters", Family.FORMAT, Severity.WARNING)
def check_irregular_spelling(context: AuditContext) -> Iterator[Problem]:
    """Pinyin typed with look-alike characters: combining marks, a breve, full-width letters.

    They display almost the same but break search, sorting and
    speech synthesis; the gloss is checked as if written correctly.

    Wrong: 好(hăo)
    Right: 好(hǎo)
    """
    for index, judgement in enumerate(context.judgements):
        pinyin = judgement.alignment.gloss.pinyin
        if pinyin.irregular and pinyin.syllables:
            yield Problem(
                index,
                f"written with {', '.join(pinyin.irregular)}",
                f"write ({pinyin.standard()}) with precomposed tone-marked letters",
            )


@rule("F505", "unclosed-gloss", Family.FORMAT, Severity.ERROR)
def check_unclosed(context: AuditContext) -> Iterator[Problem]:
    """A gloss whose closing bracket is missing.

    Wrong: 汉字(hàn zì 是
    Right: 汉字(hàn zì)是
    """
    for index, judgement in enumerate(context.judgements):
        gloss = judgement.alignment.gloss
        if not gloss.closed:
            yield Problem(index, "the gloss has no closing bracket", f"write {gloss.written}{gloss.closer}")
