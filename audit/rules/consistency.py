"""Consistency rules: does the document gloss the same things the same way?"""

from __future__ import annotations

from array import array
from collections import Counter, defaultdict
from typing import Iterator, NamedTuple

from audit.align import Alignment
from audit.context import (GLOSS_STYLES, SPACING, TONE_STYLES, AuditContext, Problem, fully_parsed, glosses_a_word,
                           gloss_spacing, with_gloss)
from audit.corrections import gloss_style, in_tone_style, respelled, spelled, syllable_edit, with_u_spelling
from audit.finding import Severity
from audit.fix import Applicability, Edit, make_fix
from audit.gloss import Gloss
from audit.rules.registry import Family, rule
from audit.verdicts import Judgement, Profile, YiBuStyle, YiBuVote, an_entry_of_a_list
from audit.wording import plural, times

_EXAMPLES = {YiBuStyle.CITATION: "(yī, bù)", YiBuStyle.CHANGED: "(yí/yì, bú)"}


@rule("C601", "yi-bu-convention", Family.CONSISTENCY, Severity.ERROR, fix=Applicability.SAFE)
class YiBuConvention:
    """一/不 written with citation tones in some places and changed tones in others.

    Dictionaries (GB/T 16159) write 一 and 不 in their original tones;
    primary-school readers write the tone they take before the next
    syllable.  Either is right, mixing them is not.  Under the ``auto``
    profile the document's majority decides (a tie goes to the standard's
    citation tones); a fixed profile decides by itself.

    Wrong: 一倍(yí bèi) … 一场(yī cháng)
    Right: 一倍(yí bèi) … 一场(yì cháng)
    """

    def __init__(self) -> None:
        self.votes: Counter = Counter()
        # Each 一/不 that parsed, by the style it is written in: what to say and write if the other style is
        # the document's (with two styles, a vote's expected reading does not wait for the majority).
        self.departures: dict[YiBuStyle, _Departures] = {style: _Departures(style) for style in YiBuStyle}

    def gather(self, section: AuditContext) -> None:
        followed = section.profile.yi_bu_style
        for index, judgement in section.indexed():
            for vote in judgement.yi_bu:
                self.votes[vote.style] += 1
                if vote.style is not followed and fully_parsed(judgement.alignment):
                    self.departures[vote.style].add(_departure(section, index, judgement, vote))

    def problems(self, context: AuditContext) -> Iterator[Problem]:
        convention = self._convention(context.profile)
        reason = self._reason(context, convention)
        minority = self.departures[_OTHER[convention]]
        if context.labels and minority:
            # A label file follows one convention; its minority is one finding, not one per utterance,
            # and its fix rewrites every place, so that one pass fixes the file.
            first = next(iter(minority))
            yield first.problem(convention, f"{reason}; {plural(len(minority), 'place writes', 'places write')} "
                                "it so in this file, the first here", [d.edit for d in minority])
            return
        for departure in minority:
            yield departure.problem(convention, reason, [departure.edit])

    def _convention(self, profile: Profile) -> YiBuStyle:
        """The style 一/不 should follow: the profile's, or the majority's (on a tie the citation tones, the
        national standard's)."""
        if profile.yi_bu_style:
            return profile.yi_bu_style
        votes = self.votes
        return YiBuStyle.CHANGED if votes[YiBuStyle.CHANGED] > votes[YiBuStyle.CITATION] else YiBuStyle.CITATION

    def _reason(self, context: AuditContext, convention: YiBuStyle) -> str:
        """Why ``convention`` is the one to follow: the profile, the majority or the tie-break."""
        style = f"{convention.value} tones {_EXAMPLES[convention]}"
        if context.labels:
            return f"this label file follows the {context.profile} convention, which writes 一 and 不 in their {style}"
        if context.profile is not Profile.AUTO:
            return f"the {context.profile} profile writes 一 and 不 in their {style}"
        followed, other = self.votes[convention], self.votes[_OTHER[convention]]
        if followed == other:
            return (f"this document writes 一 and 不 in citation and changed tones equally often ({followed} each), "
                    f"and a tie goes to the standard's {style}")
        return f"this document mostly writes 一 and 不 in their {style}, {followed} to {other}"


class _Departure(NamedTuple):
    """A 一/不 as a problem, should the document follow the other style: where, what, and the edit."""

    gloss: int
    char: str
    written: str
    style: YiBuStyle
    suggestion: str
    edit: Edit

    def problem(self, convention: YiBuStyle, reason: str, edits: list[Edit]) -> Problem:
        return Problem(self.gloss, f"{self.char}({self.written}) is written in its {self.style.value} tone here, "
                       f"but {reason}", self.suggestion,
                       fix=make_fix(f"write {self.char} in its {convention.value} tone", edits))


class _Departures:
    """The departures of one style, held lightly to the end of a document, which may hold millions of 一/不: each
    one's gloss (by index) and its edit's place, in columns, and the number of its wording (the character, its
    syllable as written, the suggestion and the replacement), each wording kept once, as a document writes the
    same few again and again."""

    def __init__(self, style: YiBuStyle) -> None:
        self.style = style
        self._glosses, self._starts, self._ends, self._wordings = (array("q") for _ in range(4))
        self._numbered: dict[tuple[str, str, str, str], int] = {}  # each wording -> its number, in the order met

    def add(self, departure: _Departure) -> None:
        edit = departure.edit
        wording = departure.char, departure.written, departure.suggestion, edit.replacement
        self._glosses.append(departure.gloss)
        self._starts.append(edit.start)
        self._ends.append(edit.end)
        self._wordings.append(self._numbered.setdefault(wording, len(self._numbered)))

    def __len__(self) -> int:
        return len(self._glosses)

    def __iter__(self) -> Iterator[_Departure]:
        wordings = list(self._numbered)
        for gloss, start, end, number in zip(self._glosses, self._starts, self._ends, self._wordings):
            char, written, suggestion, replacement = wordings[number]
            yield _Departure(gloss, char, written, self.style, suggestion, Edit(start, end, replacement))


def _departure(context: AuditContext, index: int, judgement: Judgement, vote: YiBuVote) -> _Departure:
    alignment = judgement.alignment
    syllable = alignment.units[vote.unit].syllable
    expected = vote.changed if vote.style is YiBuStyle.CITATION else vote.citation
    gloss = alignment.gloss
    return _Departure(index, context.text[vote.offset], syllable.written.strip(), vote.style,
                      with_gloss(context, alignment, {vote.unit: expected}),
                      syllable_edit(gloss, syllable, spelled(syllable, expected, gloss_style(gloss))))


_OTHER = {YiBuStyle.CITATION: YiBuStyle.CHANGED, YiBuStyle.CHANGED: YiBuStyle.CITATION}


@rule("C602", "inconsistent-word-gloss", Family.CONSISTENCY, Severity.WARNING)
class SameWord:
    """The same word glossed differently in one document.

    Only words of two or more characters are compared, and differences in
    一/不 tones are left to C601.  The gloss to follow is the most common
    one that draws no reading or tone finding anywhere in the document, so
    the suggestion never repeats a mistake; the others are reported.  When
    every variant draws such a finding, those findings say what to write.

    A word list prints a word once for each reading the dictionaries give
    it, each entry on its own line (东西(dōngxī), 东西(dōngxi)): an entry so
    read is a headword of its own, and is not held against another entry
    of the word.  A gloss in a sentence is still compared with every other.

    Wrong: 银行(yín háng) … 银行(yín xíng)
    Right: 银行(yín háng) … 银行(yín háng)
    """

    def __init__(self) -> None:
        # For each word, its glosses (by index) under each reading, in the order met, and the first as written:
        # a document may hold millions of glosses, and an index each, in an array, is all that is kept of them.
        self.by_word: dict[str, dict[tuple, _Variant]] = defaultdict(dict)
        self.faulted: set[tuple[str, tuple]] = set()  # (word, readings) some gloss of which draws a verdict
        self.entries: set[int] = set()  # the glosses that are entries of a word list (a list's few, not prose's)
        self.listed: set[tuple[str, tuple]] = set()  # (word, readings) some entry of a word list writes

    def gather(self, section: AuditContext) -> None:
        for index, judgement in section.indexed():
            alignment = judgement.alignment
            if glosses_a_word(alignment):
                word, readings = section.span_text(alignment), _comparable(section, judgement)
                variants = self.by_word[word]
                if readings not in variants:
                    variants[readings] = _Variant(alignment.gloss.written, array("q"))
                variants[readings].glosses.append(index)
                if _has_verdict(section, judgement):
                    self.faulted.add((word, readings))
                if an_entry_of_a_list(section.text, alignment):
                    self.entries.add(index)
                    self.listed.add((word, readings))

    def problems(self, context: AuditContext) -> Iterator[Problem]:
        for word, glossed in self.by_word.items():
            counts = Counter({readings: len(variant.glosses) for readings, variant in glossed.items()})
            sound = [readings for readings, _ in counts.most_common() if (word, readings) not in self.faulted]
            if len(counts) < 2 or not sound:
                continue
            reference = sound[0]
            reference_text = glossed[reference].written
            # An entry of the list beside an entry of the reference: two headwords, not one word glossed two ways.
            beside_an_entry = self.entries if (word, reference) in self.listed else set()
            others = sorted(index for readings, variant in glossed.items() if readings != reference
                            for index in variant.glosses if index not in beside_an_entry)
            for index in others:
                yield Problem(
                    index,
                    f"{word} is glossed {reference_text} {times(counts[reference])} elsewhere in this document",
                    f"{word}{reference_text}, unless the context calls for another reading",
                )


class _Variant(NamedTuple):
    """One way a word is glossed: the first gloss so written, and every gloss so read (by index)."""

    written: str
    glosses: array


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
class MixedStyles:
    """Mixed gloss styles in one document: brackets, tone marks vs numbers, ü vs v, a space before the gloss.

    Reported once per minority style, at its first gloss; the fix rewrites
    every gloss of that style in the document's usual one.  A space before
    the gloss is compared only in running text, and only where it is the
    document's convention (see A201): the fix writes the document's own
    space (a full-width one too) before the glosses that lack it.  Where it
    is not, a gloss after a space is detached, A201's to report; a word
    list's entries keep the list's own layout.

    Wrong: 汉字(hàn zì) … 拼音（pīn yīn）
    Right: 汉字(hàn zì) … 拼音(pīn yīn)
    """

    def __init__(self) -> None:
        # For each aspect and minority style, the edits that write its glosses in the usual style (None
        # once one cannot be so written); the document's styles are known before the first section.
        self.edits: dict[str, dict[str, list[Edit] | None]] = {aspect: {} for aspect in _WRITTEN}

    def gather(self, section: AuditContext) -> None:
        for aspect, edits in self.edits.items():
            if not _compared(section, aspect):
                continue
            usual, restyled = section.usual_style(aspect), _RESTYLE[aspect]
            # The spacing is written as the document writes its space; the other styles by name.
            target = section.convention_space() if aspect == SPACING else usual
            for _, judgement in section.indexed():
                alignment = judgement.alignment
                style = _style(section, aspect, alignment)
                if style and style != usual:
                    written, known = restyled([alignment.gloss], target), edits.setdefault(style, [])
                    if written is None:
                        edits[style] = None
                    elif known is not None:
                        known += written

    def problems(self, context: AuditContext) -> Iterator[Problem]:
        for aspect, written in _WRITTEN.items():
            if not _compared(context, aspect):
                continue
            styles = context.styles(aspect)
            usual = context.usual_style(aspect)
            for style, count in sorted(styles.items()):
                if style != usual:
                    advice = f"write every gloss {written.format(usual)}"
                    yield Problem(
                        count.first,
                        f"{plural(count.glosses, 'gloss is', 'glosses are')} written {written.format(style)}, "
                        f"while {plural(styles[usual].glosses, 'gloss is', 'glosses are')} written "
                        f"{written.format(usual)}",
                        advice,
                        fix=make_fix(advice, self.edits[aspect].get(style)),
                    )


def _compared(context: AuditContext, aspect: str) -> bool:
    """Whether the document writes its glosses in more than one style of ``aspect``, and C603 compares them:
    the space before a gloss only where it is the convention."""
    return len(context.styles(aspect)) > 1 and (aspect != SPACING or context.spaced_convention())


def _style(context: AuditContext, aspect: str, alignment: Alignment) -> str:
    """The gloss's style in ``aspect``: its spacing as its alignment shows it, the others as it is written."""
    if aspect == SPACING:
        return gloss_spacing(context.text, alignment)
    return GLOSS_STYLES[aspect](alignment.gloss)


# How each aspect of ``GLOSS_STYLES`` and ``SPACING`` reads in a message, and how a gloss is rewritten in a
# style of it.
_WRITTEN = {"brackets": "in brackets {}", "tones": "with tones as {}", "ü": "with ü spelled {}", SPACING: "{}"}


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


def _spaced(glosses: list[Gloss], space: str) -> list[Edit]:
    """The document's space (``AuditContext.convention_space``) before each gloss: the only spacing C603 writes (see
    ``_compared``)."""
    return [Edit(gloss.open, gloss.open, space) for gloss in glosses]


_RESTYLE = {"brackets": _rebracketed, "tones": _retoned, "ü": _u_respelled, SPACING: _spaced}
