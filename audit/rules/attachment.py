"""Attachment rules: is the gloss next to the characters it reads?"""

from __future__ import annotations

from typing import Iterator

from audit.align import span_of
from audit.context import AuditContext, Problem, only_gloss_space_between
from audit.finding import Severity
from audit.fix import Applicability, Edit, make_fix
from audit.rules.registry import Family, rule
from audit.verdicts import heads_a_list_line


@rule("A201", "detached-gloss", Family.ATTACHMENT, Severity.ERROR, fix=Applicability.SAFE)
def check_detached(context: AuditContext) -> Iterator[Problem]:
    """The gloss is separated from its characters by an emoji, a space or other symbols.

    Ruby renderers and readers attach a gloss to what directly precedes it,
    so anything in between breaks the pairing.  A space is no detachment
    where it is the document's convention (most glosses in its text, two at
    least: ``今年 (jīn nián) 我们 (wǒ men)``), nor between the head of a word
    list's line and its gloss, where two entries at least are so laid out
    (``一定 (yīdìng)``); a symbol still is, and its fix keeps the convention's
    space, as the document writes it (a full-width one too).

    Wrong: 小红书📖(xiǎo hóng shū)
    Right: 小红书(xiǎo hóng shū)📖
    """
    spaced, listed = context.spaced_convention(), context.spaced_list()
    # Spaces go, but the one the document writes before its glosses; symbols move after the gloss (and a list's head
    # followed by them heads no entry, so its space goes).  That space is found once, not for each detached gloss.
    space = context.convention_space() if spaced else ""
    for index, judgement in context.parsed():
        alignment = judgement.alignment
        if not alignment.detached_by or not alignment.chars:
            continue
        gloss = alignment.gloss
        between = context.text[alignment.detached_by[0] : alignment.detached_by[-1] + 1]
        symbols = between.strip()
        in_notation = spaced and only_gloss_space_between(context.text, alignment)  # a space, not a line break
        if not symbols and (in_notation or (listed and heads_a_list_line(context.text, alignment))):
            continue
        span = context.span_text(alignment)
        moved = Edit(span_of(alignment)[1], gloss.end, space + gloss.written + symbols) if gloss.closed else None
        yield Problem(
            index,
            f"the gloss is separated from {span} by {symbols or 'a space'}",
            f"{span}{space}{gloss.closed_written}{symbols}",
            fix=make_fix(f"move the gloss to {span}", moved and [moved]),
        )


@rule("A202", "misattached-gloss", Family.ATTACHMENT, Severity.ERROR)
def check_misattached(context: AuditContext) -> Iterator[Problem]:
    """The syllables read characters near the gloss, not the ones it follows.

    Most syllables are no reading of the characters before the gloss, while
    a window of characters one word earlier or later takes every one of them.

    Wrong: 银行卡片(yín háng)
    Right: 银行(yín háng)卡片
    """
    for index, judgement in context.parsed():
        window = judgement.better_window
        if not window:
            continue
        meant = context.characters_at(window)
        gloss = judgement.alignment.gloss
        yield Problem(
            index,
            f"{gloss.written} reads {meant}, not {context.span_text(judgement.alignment)}",
            f"move the gloss to follow {meant}: {meant}{gloss.closed_written}",
        )


@rule("A203", "nothing-to-read", Family.ATTACHMENT, Severity.ERROR)
def check_nothing_to_read(context: AuditContext) -> Iterator[Problem]:
    """There is no Han character before the gloss for it to read: punctuation, or letters pinyin does not read.

    A word in brackets or quotation marks glossed after the closing one (【便宜】(pián yi)) is read inside them
    where the opening one stands 1 to 16 Han characters before, nothing else between.

    Wrong: 。(hǎo)
    Right: 好(hǎo)。

    Wrong: AI(ài)
    Right: AI
    """
    for index, judgement in context.indexed():
        alignment = judgement.alignment
        if not alignment.units or alignment.chars:
            continue
        detached_by = alignment.detached_by  # letters or symbols, back to the punctuation or the line's start
        written = context.text[detached_by[0] : detached_by[-1] + 1].strip() if detached_by else ""
        if written:
            yield Problem(index, f"the gloss follows {written}, which has no Han character for pinyin to read",
                          f"write {written} without the gloss, or put the gloss after the Han characters it reads")
        else:
            yield Problem(index, f"no Han character before the gloss (the {alignment.stop} comes first)",
                          "put the gloss right after the characters it reads, or remove it")
