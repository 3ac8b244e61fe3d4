"""What rules share: turning verdicts into problems (the reading and tone rules)."""

from __future__ import annotations

from typing import Iterator

from audit.align import Alignment
from audit.context import AuditContext, Problem, with_gloss
from audit.corrections import gloss_style, spelled, syllable_edit
from audit.fix import Fix, make_fix
from audit.pinyin import OPEN_VOWELS
from audit.readings import bases_of
from audit.verdicts import Judgement, Kind, Verdict


def verdict_problems(context: AuditContext, kind: Kind, skip_misattached: bool = False) -> Iterator[Problem]:
    """One problem per verdict of ``kind``: the reason, and the gloss rewritten.

    A verdict on weaker evidence carries a lower severity than the rule's, and
    gets no fix: a fix writes only what the judgement is sure of.  Nor does a
    syllable that may spell the unglossed character before it too, after a
    missing apostrophe (西安(xiān) for xī'ān): it is suggested both ways, in
    every rule this serves (R301, R302, T401 to T403), whose docstrings say so.
    """
    for index, judgement in context.judged_wrong():
        if skip_misattached and (judgement.better_window or judgement.extra_syllable):
            continue  # A202 or S104 explains these syllables better
        for verdict in judgement.verdicts:
            if verdict.kind is not kind:
                continue
            syllable = judgement.alignment.units[verdict.unit].syllable
            expected = verdict.expected
            suggestion = with_gloss(context, judgement.alignment, {verdict.unit: expected}) if expected else ""
            two = _spelled_with_the_character_before(context.text, judgement.alignment, verdict.offset, syllable.base)
            if two and suggestion:
                suggestion += f", or {two[0]}({two[1]}) with its tones if {syllable.base} spells both"
            sure = verdict.severity is None and expected and not two
            yield Problem(
                index,
                f"{context.text[verdict.offset]}({syllable.written.strip()}): {verdict.reason}",
                suggestion,
                verdict.severity,
                _rewrite(judgement, verdict) if sure else None,
            )


def _spelled_with_the_character_before(text: str, alignment: Alignment, offset: int,
                                       base: str) -> tuple[str, str] | None:
    """The two characters ending at ``offset`` and the syllable cut in two, where ``base`` spells the reading of
    the character before followed by this one's, the second starting with a, o or e as after a missing apostrophe
    (西安(xiān) for xī'ān).  The writer may have glossed both: writing this character's reading alone (西安(ān))
    would drop the other's, so the fix is left to them.  Not where the character before has a syllable of its own."""
    if offset == 0 or offset - 1 in alignment.chars:
        return None
    before, here = text[offset - 1], text[offset]
    for cut in range(1, len(base)):
        if base[cut] in OPEN_VOWELS and base[:cut] in bases_of(before) and base[cut:] in bases_of(here):
            return before + here, f"{base[:cut]}'{base[cut:]}"
    return None


def _rewrite(judgement: Judgement, verdict: Verdict) -> Fix | None:
    gloss = judgement.alignment.gloss
    syllable = judgement.alignment.units[verdict.unit].syllable
    new = spelled(syllable, verdict.expected, gloss_style(gloss))
    return make_fix(f"write {new}", [syllable_edit(gloss, syllable, new)])
