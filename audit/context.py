"""Everything the rules may read about one document, computed once.

The context is built from the alignments and their judgements; rules read it
and yield ``Problem`` records.  The engine turns problems into located
findings, so no rule computes a position.
"""

from __future__ import annotations

import bisect
from collections import Counter
from typing import Iterable, Iterator, NamedTuple, Sequence

from audit.align import Alignment, GlossSpan, Unit, span_of
from audit.corrections import gloss_style, respelled, rewritten, spelled
from audit.document import Document
from audit.finding import Severity
from audit.fix import Fix
from audit.gloss import GLOSS_SPACE, Gloss, space_after, space_before
from audit.lexicon import lexicon_of, word_knowledge
from audit.pinyin import Marking
from audit.readings import Reading, is_han
from audit.resolver import DocumentText, reads_through_space_after
from audit.verdicts import Judgement, Profile, heads_a_list_line
from audit.words import USER_LEXICON, Segmenter


class Problem(NamedTuple):
    """What a rule found: which gloss (None for the whole document), why, what instead."""

    gloss: int | None
    message: str
    suggestion: str
    severity: Severity | None = None  # None: the rule's severity
    fix: Fix | None = None  # edits in offsets of the audited text; the engine maps them to the file
                            # and gives them the rule's applicability


class AuditContext:
    """One document as the rules see it: its judgements, and the two settings rules read.

    Rules get what they need, not the configuration: which rules run and at
    what severity is the engine's business.  A long document is checked a
    section at a time (``section``): the rules then read the judgements of
    that section's glosses, and only those are held, while what compares
    glosses across the document (the usual styles, the words it glosses) is
    gathered from every gloss's alignment beforehand (``DocumentEvidence``)
    and shared by the sections.
    """

    def __init__(self, document: Document, judgements: list[Judgement] | dict[int, Judgement],
                 profile: Profile = Profile.AUTO,
                 lexicon: frozenset[str] = frozenset(), reading: DocumentText | None = None,
                 labels: bool = False, word_sources: tuple[str, ...] | None = None,
                 evidence: DocumentEvidence | None = None, section: range | None = None) -> None:
        self.document = document
        self.judgements = judgements  # by gloss index; a section's context holds those of its own glosses
        self.profile = profile
        self.reading = reading  # the resolver's view of the document, for readings a fix writes
        self.labels = labels    # a speech label file: a convention's minority is reported once, not per utterance
        self.section = range(len(judgements)) if section is None else section  # the glosses the rules check
        # ``lexicon`` and ``word_sources`` go to the evidence, which builds the lexicon S103 reads from them.
        self.evidence = evidence or DocumentEvidence(document.text,
                                                      [judgement.alignment for _, judgement in self.indexed()],
                                                      lexicon, word_sources)
        # Worked out when first asked for (a rule may never ask). Not cached properties: a compiled class has no
        # instance dictionary to keep them in.
        self._parsed_found: list[tuple[int, Judgement]] | None = None
        self._judged_wrong_found: list[tuple[int, Judgement]] | None = None
        self._places_found: _GlossPlaces | None = None

    def section_of(self, first: int, judgements: list[Judgement]) -> AuditContext:
        """The context in which the rules check ``judgements``, of this document's glosses from index ``first`` on:
        it holds them by index, and no other, so that the judgements of the sections before it can go."""
        section = range(first, first + len(judgements))
        return AuditContext(self.document, dict(zip(section, judgements)), self.profile, reading=self.reading,
                            labels=self.labels, evidence=self.evidence, section=section)

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def lexicon(self) -> frozenset[str]:
        """Words the user vouches for (S103)."""
        return self.evidence.lexicon

    @property
    def word_sources(self) -> tuple[str, ...] | None:
        """S103's lexicon from only these sources (None: the whole, from the cache)."""
        return self.evidence.word_sources

    def indexed(self) -> Iterator[tuple[int, Judgement]]:
        """The judgements of the glosses checked here, with their index."""
        section = self.section  # read at C speed: every rule reads every gloss of a section
        return zip(section, map(self.judgements.__getitem__, section))

    def parsed(self) -> list[tuple[int, Judgement]]:
        """The glosses checked here whose every letter parsed as pinyin, with their index."""
        if self._parsed_found is None:
            self._parsed_found = [(index, judgement) for index, judgement in self.indexed()
                                  if fully_parsed(judgement.alignment)]
        return self._parsed_found

    def judged_wrong(self) -> list[tuple[int, Judgement]]:
        """The glosses of ``parsed`` with a verdict on some syllable, with their index: what the reading and
        tone rules each look through, a few in a hundred."""
        if self._judged_wrong_found is None:
            self._judged_wrong_found = [(index, judgement) for index, judgement in self.parsed() if judgement.verdicts]
        return self._judged_wrong_found

    def span_text(self, alignment: Alignment) -> str:
        return span_text(self.text, alignment)

    def characters_at(self, offsets: Iterable[int]) -> str:
        """The characters of the text at ``offsets``, in their order: what a span, a window or the
        characters a gloss reads past say, put back together."""
        text = self.text
        return "".join([text[offset] for offset in offsets])

    def unit_at(self, offset: int) -> tuple[int, Unit] | None:
        """The gloss (by index) and the unit that read the character at ``offset``, if one did.

        A gloss reads characters after the gloss before it, so the spans come in order: the gloss
        starting last at or before ``offset`` is the only one that may have read it.  A few edges ask,
        of every gloss: a search costs them less than a table of every character read.
        """
        index = bisect.bisect_right(self._places().span_starts, offset) - 1 + self.section.start
        if index < self.section.start:
            return None
        for unit in self.judgements[index].alignment.units:
            if offset in unit.chars:
                return index, unit
        return None

    def _places(self) -> _GlossPlaces:
        """Where the glosses checked here start their spans, open and end, in order: worked out together, once."""
        if self._places_found is None:
            alignments = [judgement.alignment for _, judgement in self.indexed()]
            self._places_found = _GlossPlaces([span_of(alignment)[0] for alignment in alignments],
                                              [alignment.gloss.open for alignment in alignments],
                                              [alignment.gloss.end for alignment in alignments],
                                              self.spaced_convention())
        return self._places_found

    # -- what the document shows as a whole (A201, C603, F503, S103) -----------

    def styles(self, aspect: str) -> dict[str, StyleCount]:
        """For one aspect of ``GLOSS_STYLES`` or ``SPACING``, how many glosses are written in each style, and the
        first."""
        return self.evidence.styles[aspect]

    def usual_style(self, aspect: str) -> str:
        """The style most glosses use; on a tie, the one met first."""
        styles = self.styles(aspect)
        return max(styles, key=lambda s: (styles[s].glosses, -styles[s].first)) if styles else ""

    def spaced_convention(self) -> bool:
        """Whether the document writes a space before its glosses as its convention (``今年 (jīn nián)``; see
        ``DocumentEvidence.spaced_convention``)."""
        return self.evidence.spaced_convention()

    def convention_space(self) -> str:
        """The white space the document writes before its glosses, where a space is its convention (see
        ``spaced_convention``): the one most of its glosses after a space stand after, the first met on a tie, so
        that a fix writes the document's own (今年　(jīn nián), full-width, stays so)."""
        return self.evidence.convention_space

    def spaced_list(self) -> bool:
        """Whether the document holds a word list laid out with a space before its glosses (``一定 (yīdìng)``, one
        entry a line): two entries so written at least, for one entry shows no layout."""
        return self.evidence.spaced_entries >= 2

    @property
    def glossed_terms(self) -> Counter:
        """How often each multi-character span is glossed as one unit in the document."""
        return self.evidence.glossed_terms

    @property
    def usual_gloss(self) -> dict[str, Gloss]:
        """The gloss most often written for each multi-character span."""
        return self.evidence.usual_gloss

    @property
    def segmenter(self) -> Segmenter:
        """The lexicon, with the words this document and the user's lexicon vouch for."""
        return self.evidence.segmenter

    # -- neighbours, read through glosses (S103) --------------------------------

    def han_before(self, offset: int, count: int) -> list[int]:
        """Up to ``count`` Han characters before ``offset``, read through glosses (和(hé)小 reads 和小)."""
        found: list[int] = []
        position = self.previous_han(offset)
        while position >= 0 and len(found) < count:
            found.append(position)
            position = self.previous_han(position)
        found.reverse()
        return found

    def han_after(self, offset: int, count: int) -> list[int]:
        """Up to ``count`` Han characters from ``offset`` on, read through glosses."""
        found: list[int] = []
        position = self.next_han(offset)
        while position >= 0 and len(found) < count:
            found.append(position)
            position = self.next_han(position + 1)
        return found

    def previous_han(self, offset: int) -> int:
        """The offset of the Han character right before ``offset``, glosses read through with the white space of
        their notation (``GLOSS_SPACE``: 银 (yín)行 reads 银行; after a gloss, see ``reads_through_space_after``:
        长(cháng) 大 reads 长大); -1 if none."""
        text, position = self.text, offset - 1
        places = self._places()
        openings, ends = places.openings, places.ends
        while position >= 0:
            if is_han(text[position]):
                return position
            gloss_end = space_before(text, position + 1)  # past a space after a gloss, if one is written
            before = _index_of(ends, gloss_end)
            if before < 0 or (gloss_end <= position and not self._space_after_read_through(before)):
                return -1  # no gloss ends here, or the space after it is the text's
            position = space_before(text, openings[before]) - 1
        return -1

    def next_han(self, offset: int) -> int:
        """The offset of the Han character at ``offset`` or right after it, glosses read through with the white
        space of their notation (see ``previous_han``); -1 if none."""
        text, position = self.text, offset
        places = self._places()
        openings, ends = places.openings, places.ends
        while position < len(text):
            if is_han(text[position]):
                return position
            past_space = space_after(text, position)
            after = _index_of(openings, past_space)
            if after >= 0:
                position = ends[after]  # a gloss, and the space before it
                continue
            gloss = _index_of(ends, position) if past_space > position else -1
            if gloss < 0 or not self._space_after_read_through(gloss):
                return -1
            position = past_space  # the space after a gloss
        return -1

    def _space_after_read_through(self, gloss: int) -> bool:
        """Whether the white space after the ``gloss``-th gloss of this section is read through, as the resolver
        reads it (see ``reads_through_space_after``)."""
        places = self._places()
        return reads_through_space_after(self.text, space_before(self.text, places.openings[gloss]), places.ends[gloss],
                                         places.spaced_glosses)


def _index_of(ordered: list[int], value: int) -> int:
    """Where ``ordered``, sorted, holds ``value``; -1 if it does not."""
    place = bisect.bisect_left(ordered, value)
    return place if place < len(ordered) and ordered[place] == value else -1


class _GlossPlaces(NamedTuple):
    """Where each gloss of a section starts its span, opens and ends, in order (glosses never overlap): a search
    from either side of a gloss, or for the gloss that read a character; and whether the document writes a space
    before its glosses, which reads every space after one through, held here as the neighbours of every edge ask."""

    span_starts: list[int]
    openings: list[int]
    ends: list[int]
    spaced_glosses: bool  # a space before the glosses is the document's convention: the one after is read through


class StyleCount(NamedTuple):
    """How many glosses are written in a style, and the first of them (by index)."""

    glosses: int
    first: int


class DocumentEvidence:
    """What the glosses of a whole document show, gathered in one pass over their alignments, which it does not
    keep: their styles and the words they gloss.  Small beside the glosses: counts, one entry per way of writing
    a gloss and per word glossed."""

    def __init__(self, text: str, alignments: Iterable[Alignment | GlossSpan], lexicon: frozenset[str] = frozenset(),
                 word_sources: tuple[str, ...] | None = None) -> None:
        self.lexicon = lexicon
        self.word_sources = word_sources
        # A gloss's styles follow from its writing, and so does whether it parsed whole: the glosses are counted
        # by writing, each writing's styles worked out once at the end.
        written_alike: dict[tuple[str, bool, str], _Writing] = {}
        glossed_alike: Counter = Counter()  # (span, gloss as written) -> glosses, in the order met
        glosses: dict[str, Gloss] = {}  # a gloss for each way of writing one (the last met: they differ only in place)
        spaced: dict[str, int] = {}  # how the glosses stand after their characters (``gloss_spacing``) -> glosses
        first_spaced: dict[str, int] = {}  # each way of standing -> its first gloss
        spaces: dict[str, int] = {}  # the white space a gloss after a space stands after -> glosses, in the order met
        self.spaced_entries = 0  # the entries of a word list with a space before their gloss
        for index, alignment in enumerate(alignments):
            spacing = gloss_spacing(text, alignment)
            if spacing:
                spaced[spacing] = spaced.get(spacing, 0) + 1
                first_spaced.setdefault(spacing, index)
                if spacing == AFTER_A_SPACE:
                    space = text[alignment.gloss.open - 1]
                    spaces[space] = spaces.get(space, 0) + 1
            elif spaced_entry(text, alignment):
                self.spaced_entries += 1
            gloss = alignment.gloss
            key = gloss.bracket, gloss.closed, gloss.content
            writing = written_alike.get(key)
            if writing is None:
                writing = written_alike[key] = _Writing(index, gloss, gloss.written if fully_parsed(alignment) else "")
            writing.glosses += 1
            written = writing.written
            if written and _reads_several(alignment):  # glosses_a_word, with what follows from the writing known
                glosses[written] = gloss
                glossed_alike[span_text(text, alignment), written] += 1
        self.styles = _styles(written_alike.values())
        self.styles[SPACING] = {spacing: StyleCount(count, first_spaced[spacing]) for spacing, count in spaced.items()}
        # The space most glosses after a space stand after, the first met on a tie (``max`` keeps the first).
        self.convention_space = max(spaces, key=spaces.__getitem__) if spaces else " "
        self._glossed_alike = glossed_alike, glosses
        # Worked out when first asked for, as the properties below say; not cached properties, for a compiled
        # class has no instance dictionary to keep them in.
        self._glossed_terms: Counter | None = None
        self._usual_gloss: dict[str, Gloss] | None = None
        self._segmenter: Segmenter | None = None

    def spaced_convention(self) -> bool:
        """Whether the document writes a space before its glosses as its convention (``今年 (jīn nián)``): more
        of its glosses stand after a space than right after their characters, and two at least, for one gloss
        shows no convention.  A tie goes to no space, as ruby pairs a gloss with what comes right before it."""
        styles = self.styles[SPACING]
        spaced, unspaced = styles.get(AFTER_A_SPACE), styles.get(RIGHT_AFTER)
        return spaced is not None and spaced.glosses >= 2 and spaced.glosses > (unspaced.glosses if unspaced else 0)

    @property
    def glossed_terms(self) -> Counter:
        """How often each multi-character span is glossed as one unit."""
        if self._glossed_terms is None:
            terms: Counter = Counter()
            for (word, _), times in self._glossed_alike[0].items():
                terms[word] += times
            self._glossed_terms = terms
        return self._glossed_terms

    @property
    def usual_gloss(self) -> dict[str, Gloss]:
        """The gloss most often written for each multi-character span."""
        if self._usual_gloss is None:
            written_alike, glosses = self._glossed_alike
            usual: dict[str, Gloss] = {}
            for (word, written), _ in written_alike.most_common():
                usual.setdefault(word, glosses[written])
            self._usual_gloss = usual
        return self._usual_gloss

    @property
    def segmenter(self) -> Segmenter:
        """The lexicon (of ``word_sources``, or the whole), with the words these glosses and the user vouch for."""
        if self._segmenter is None:
            vouched = dict(self.glossed_terms)
            vouched.update((word, USER_LEXICON) for word in self.lexicon)
            knowledge = word_knowledge() if self.word_sources is None else lexicon_of(self.word_sources)
            self._segmenter = Segmenter(knowledge, vouched)
        return self._segmenter


class _Writing:
    """One way of writing a gloss, as the evidence counts it: how many glosses write it so, the first of them (by
    index), one of them, and the gloss as written when it parsed whole (and so may gloss a word as one unit), else
    "".

    A plain class with slots, not a dataclass: every run makes these, and importing dataclasses (with inspect)
    would cost a one-line check about 6 ms of its start-up, which tests/test_startup.py keeps it out of."""

    __slots__ = ("glosses", "first", "gloss", "written")

    def __init__(self, first: int, gloss: Gloss, written: str) -> None:
        self.glosses, self.first, self.gloss, self.written = 0, first, gloss, written


def _styles(writings: Iterable[_Writing]) -> dict[str, dict[str, StyleCount]]:
    """For each aspect of ``GLOSS_STYLES``, each style's glosses and the first of them, from each way of writing a
    gloss, in the order first met.

    The writings come in the order first met, so a style's first gloss is
    that of its first writing; the glosses are summed as plain numbers, and
    each style's count made once at the end rather than once a writing.
    """
    glosses: dict[str, dict[str, int]] = {aspect: {} for aspect in GLOSS_STYLES}
    firsts: dict[str, dict[str, int]] = {aspect: {} for aspect in GLOSS_STYLES}
    for writing in writings:
        for aspect, style_of in GLOSS_STYLES.items():
            style = style_of(writing.gloss)
            if style:
                counted = glosses[aspect]
                counted[style] = counted.get(style, 0) + writing.glosses
                firsts[aspect].setdefault(style, writing.first)
    return {aspect: {style: StyleCount(count, firsts[aspect][style]) for style, count in counted.items()}
            for aspect, counted in glosses.items()}


def fully_parsed(alignment: Alignment | GlossSpan) -> bool:
    """Whether every letter of the gloss parsed as pinyin, and so it has syllables to compare (a unit each)."""
    pinyin = alignment.gloss.pinyin
    return pinyin.ok and bool(pinyin.syllables)


def glosses_a_word(alignment: Alignment | GlossSpan) -> bool:
    """Whether the gloss parsed whole and reads two characters or more, one for each syllable: a word glossed as
    one unit, which C602 compares and S103 takes as the document's evidence."""
    return fully_parsed(alignment) and _reads_several(alignment)


def _reads_several(alignment: Alignment | GlossSpan) -> bool:
    """Whether the gloss reads two characters or more, and one for each syllable (none left without)."""
    return len(alignment.chars) > 1 and not alignment.missing


def span_text(text: str, alignment: Alignment | GlossSpan) -> str:
    """The characters ``alignment`` pairs with its gloss, in ``text``."""
    chars = alignment.chars
    if chars and reads_side_by_side(chars):  # as nearly every span does
        return text[chars[0] : chars[-1] + 1]
    return "".join(text[offset] for offset in chars)


def reads_side_by_side(chars: Sequence[int]) -> bool:
    """Whether the characters a gloss reads (some) stand side by side in the text, nothing between them."""
    return chars[-1] - chars[0] == len(chars) - 1


# How a gloss is written, aspect by aspect; "" where the gloss does not show it.
TONE_STYLES = {"marks": Marking.MARK, "numbers": Marking.NUMBER}
_TONE_STYLE_NAMES = {marking: name for name, marking in TONE_STYLES.items()}
GLOSS_STYLES = {
    "brackets": lambda gloss: gloss.bracket if gloss.closed else "",
    "tones": lambda gloss: _TONE_STYLE_NAMES.get(gloss.pinyin.tone_marking, ""),
    "ü": lambda gloss: gloss.pinyin.u_umlaut_spelling,
}


# How a gloss stands after the characters it reads, an aspect of its style that its alignment shows, not its writing.
SPACING = "spacing"
AFTER_A_SPACE, RIGHT_AFTER = "after a space", "right after the characters"


def gloss_spacing(text: str, alignment: Alignment | GlossSpan) -> str:
    """How a gloss in running text stands after its characters: ``AFTER_A_SPACE`` where only the white space of
    a gloss's notation stands between (``GLOSS_SPACE``: a space, not a tab or a line break), ``RIGHT_AFTER`` where
    nothing does; "" where anything else does (A201's to judge), the gloss reads no character, or it heads a list
    line, whose layout is the list's own (``spaced_entry``), not the text's."""
    if not alignment.chars or heads_a_list_line(text, alignment):
        return ""
    if isinstance(alignment, GlossSpan) or not alignment.detached_by:
        return RIGHT_AFTER
    return AFTER_A_SPACE if only_gloss_space_between(text, alignment) else ""


def spaced_entry(text: str, alignment: Alignment | GlossSpan) -> bool:
    """Whether the gloss heads a list line with only white space before it: ``一定 (yīdìng)``."""
    return (isinstance(alignment, Alignment) and bool(alignment.detached_by) and bool(alignment.chars)
            and only_white_space_between(text, alignment) and heads_a_list_line(text, alignment))


def only_white_space_between(text: str, alignment: Alignment) -> bool:
    """Whether all that detaches the gloss from its characters (some) is white space."""
    return _between(text, alignment).isspace()


def only_gloss_space_between(text: str, alignment: Alignment) -> bool:
    """Whether all that detaches the gloss from its characters (some) is the white space of its notation."""
    return all(char in GLOSS_SPACE for char in _between(text, alignment))


def _between(text: str, alignment: Alignment) -> str:
    """What stands between the gloss and its characters."""
    between = alignment.detached_by
    return text[between[0] : between[-1] + 1] if between else ""


def rewrite_gloss(alignment: Alignment, corrections: dict[int, Reading]) -> str:
    """The gloss as written (closed), the syllables of ``corrections`` (by unit) respelled in its own tone style.

    Everything else stays as the document writes it (spacing, joined syllables and their apostrophes,
    the other syllables), so that the suggestion changes only what is wrong: ``一个(yīgè)``, not ``一个(yī gè)``.
    """
    gloss = alignment.gloss
    style = gloss_style(gloss)
    units = alignment.units
    return rewritten(gloss, respelled(gloss, [
        (units[index].syllable, spelled(units[index].syllable, reading, style)) for index, reading in corrections.items()
    ]))


def with_gloss(context: AuditContext, alignment: Alignment, corrections: dict[int, Reading]) -> str:
    """The span followed by its corrected gloss: ``书(shū)``, or ``书 (shū)`` as written where a space before the
    glosses is the document's convention."""
    text = context.text
    written_between = _between(text, alignment)
    keeps_space = bool(written_between) and context.spaced_convention() and only_gloss_space_between(text, alignment)
    return context.span_text(alignment) + (written_between if keeps_space else "") + rewrite_gloss(alignment, corrections)
