"""What the reading and tone rules share: turning verdicts into problems."""

from __future__ import annotations

from typing import Iterator

from audit.context import AuditContext, Problem, with_gloss
from audit.corrections import gloss_style, spelled, syllable_edit
from audit.fix import Fix, make_fix
from audit.verdicts import Judgement, Kind, Verdict


def verdict_problems(context: AuditContext, kind: Kind, skip_misattached: bool = False) -> Iterator[Problem]:
    """One problem per verdict of ``kind``: the reason, and the gloss rewritten.

    A verdict on weaker evidence carries a lower severity than the rule's, and
    gets no fix: a fix writes only what the judgement is sure of.
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
            yield Problem(
                index,
                f"{context.text[verdict.offset]}({syllable.written.strip()}): {verdict.reason}",
                suggestion,
                verdict.severity,
                _rewrite(judgement, verdict) if verdict.severity is None and expected else None,
            )


def _rewrite(judgement: Judgement, verdict: Verdict) -> Fix | None:
    gloss = judgement.alignment.gloss
    syllable = judgement.alignment.units[verdict.unit].syllable
    new = spelled(syllable, verdict.expected, gloss_style(gloss))
    return make_fix(f"write {new}", [syllable_edit(gloss, syllable, new)])
