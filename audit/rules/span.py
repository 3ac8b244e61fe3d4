"""Span rules: does a gloss cover exactly the characters of a word?"""

from __future__ import annotations

from typing import Iterator, NamedTuple

from audit.align import Alignment, Unit, span_of
from audit.context import AuditContext, Problem
from audit.corrections import Segment, gloss_style, reglossed, spell_reading
from audit.finding import Severity
from audit.fix import Applicability, Edit, Fix, make_fix
from audit.gloss import Gloss
from audit.pinyin import NEUTRAL, Syllable
from audit.readings import (CITATION_READINGS, Reading, bases_fit, extended_phrase_readings, phrase_readings,
                            readings_in_word, readings_of)
from audit.resolver import Confidence, best_reading, rule_on
from audit.rules.registry import Family, rule
from audit.span_edges import EVIDENCE_SAID, Cut, CutFound, cuts_found
from audit.verdicts import Judgement


@rule("S101", "syllables-overrun", Family.SPAN, Severity.ERROR, fix=Applicability.UNSAFE)
def check_overrun(context: AuditContext) -> Iterator[Problem]:
    """More syllables than there are characters before a stop.

    The walk back from the gloss met punctuation, the start of the line or
    the previous gloss before every syllable had a character to read.  The
    fix drops the syllables that read nothing, but only where it is sure
    which they are: the first ones, where those it keeps read their
    characters and the first ones would not (东(dōng)营(yíng de)的 would
    keep 营(de), and 得(dé de)到 得(de), a reading wrong there), and not
    where the syllables fit characters nearby (A202); or the last ones,
    where those it keeps read the characters and the last ones read the
    characters right after the gloss, and none of them could be the
    gloss's own (当时(dāng shí de)的 keeps 当时(dāng shí), while 得(dé de)的
    may be 得 glossed de with dé too many).

    Wrong: 配合，小红(hé xiǎo hóng)书
    Right: 配合，小红书(xiǎo hóng shū)
    """
    for index, judgement in context.parsed():
        alignment = judgement.alignment
        if not alignment.missing or not alignment.chars:
            continue
        span = context.span_text(alignment)
        too_many = (f"{len(alignment.units)} syllables but only {_characters(len(alignment.chars))} before the "
                    f"{alignment.stop}")
        drop = _sure_drop(context.text, judgement)
        if drop is None:
            # Naming a syllable that reads nothing would claim what no drop is sure of: 得(dé de)到.
            yield Problem(
                index,
                f"{too_many}; it is not sure which of {alignment.gloss.content.strip()} reads nothing",
                f"gloss {span} with only the syllables that read it here, or move the gloss after the characters it "
                "reads",
            )
            continue
        unread = " ".join(unit.syllable.written for unit in alignment.units[drop.first : drop.last + 1])
        if drop.following:  # the last ones, which read the characters after the gloss
            why = f"{unread} reads {context.characters_at(drop.following)}, after the gloss"
        else:
            why = f"{unread} reads nothing"
        yield Problem(
            index,
            f"{too_many}; {why}",
            f"gloss only {span}, or move the gloss after the characters it reads",
            fix=make_fix(f"drop {unread}", [_without_syllables(alignment.gloss, drop.first, drop.last)]),
        )


class _Drop(NamedTuple):
    """The syllables an overrun gloss can drop, by index, and the characters after the gloss they read."""

    first: int
    last: int
    following: tuple[int, ...]  # none where the first ones, which read nothing, are dropped


def _sure_drop(text: str, judgement: Judgement) -> _Drop | None:
    """The syllables an overrun gloss can drop, where it is sure which read nothing: the first ones, or the last
    ones that read the characters after it; ``None`` where neither is sure."""
    alignment = judgement.alignment
    extra = alignment.missing
    # Syllables that fit characters nearby (A202) may be misplaced rather than too many: dropping the first is
    # then no surer than moving the gloss.
    if not judgement.better_window and _first_ones_read_nothing(text, alignment):
        return _Drop(0, extra - 1, ())
    following = alignment.later[:extra]
    if _last_ones_read_next(text, alignment, following):
        return _Drop(len(alignment.units) - extra, len(alignment.units) - 1, following)
    return None


def _first_ones_read_nothing(text: str, alignment: Alignment) -> bool:
    """Whether the syllables kept by dropping the first ones fit their characters, and the first ones in their
    place would not: 得(dé de5) may be 得 glossed with a syllable too many at the end, and dropping dé would
    leave 得(de), a reading wrong there."""
    reading = [unit for unit in alignment.units if unit.chars]
    chars = [unit.chars[0] for unit in reading]
    kept = [unit.syllable for unit in reading]
    first = [unit.syllable for unit in alignment.units[: len(kept)]]
    same = [s.reading for s in first] == [s.reading for s in kept]  # 好(hǎo hǎo): either drop leaves the same
    return _syllables_fit(text, kept, chars) and (same or not _syllables_fit(text, first, chars))


def _last_ones_read_next(text: str, alignment: Alignment, following: tuple[int, ...]) -> bool:
    """Whether the syllables but the extra last ones read the gloss's characters, the last ones read the
    characters right after the gloss, ``following`` (当时(dāng shí de)的: de reads 的), and none of the last ones
    could read the gloss's last character instead: any other choice of syllables to keep would keep one of them
    there, as 得(dé de)的 may be 得 glossed de with dé too many."""
    units = alignment.units
    if any(unit.syllable.erhua for unit in units):
        return False  # an erhua syllable reads two characters: the counts below would not pair them
    chars = list(alignment.chars)
    kept = [unit.syllable for unit in units[: len(chars)]]
    dropped = [unit.syllable for unit in units[len(chars) :]]
    could_be_its_own = any(bases_fit([syllable.base], text[chars[-1]]) for syllable in dropped)
    return (len(following) == len(dropped) and _syllables_fit(text, kept, chars)
            and _syllables_fit(text, dropped, list(following)) and not could_be_its_own)


def _syllables_fit(text: str, syllables: list[Syllable], chars: list[int]) -> bool:
    """Whether each syllable's base is one of its character's (any tone); unlike ``_fits``, which judges a
    reading against those the dictionaries give in a word."""
    return bases_fit((syllable.base for syllable in syllables), (text[offset] for offset in chars))


def _characters(count: int) -> str:
    return f"{count} character" + ("" if count == 1 else "s")


def _without_syllables(gloss: Gloss, first: int, last: int) -> Edit:
    """Remove syllables ``first`` to ``last`` (indexes, inclusive) and the separator joining them to the rest."""
    syllables = gloss.pinyin.syllables
    content = gloss.open + 1
    if last + 1 < len(syllables):  # others follow: remove up to the next one
        return Edit(content + syllables[first].start, content + syllables[last + 1].start, "")
    previous, final = syllables[first - 1], syllables[last]  # they end the gloss
    return Edit(content + previous.start + len(previous.written), content + final.start + len(final.written), "")


@rule("S104", "extra-syllable", Family.SPAN, Severity.ERROR, fix=Applicability.UNSAFE)
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
        read = context.characters_at(alignment.chars[1:])
        gloss = alignment.gloss
        last = len(syllables) - 1
        yield Problem(
            index,
            f"{' '.join(syllables[:-1])} reads {read}; the last syllable {syllables[-1]} reads nothing",
            f"{read}{gloss.bracketed(' '.join(syllables[:-1]))}",
            fix=make_fix(f"drop {syllables[-1]}", [_without_syllables(gloss, last, last)]),
        )


@rule("S102", "span-crosses-symbol", Family.SPAN, Severity.ERROR, fix=Applicability.SAFE)
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
        symbols = context.characters_at(alignment.crossed).strip() or "a space"
        yield Problem(
            index,
            f"the glossed characters {context.span_text(alignment)} are split by {symbols}",
            f"gloss the characters on each side of {symbols} separately",
            fix=_split(context, alignment, symbols),
        )


def _split(context: AuditContext, alignment: Alignment, symbols: str) -> Fix | None:
    """One gloss for each run of characters between the symbols, with the syllables it had."""
    gloss = alignment.gloss
    if not gloss.closed or alignment.missing or any(_straddles(alignment, unit.chars) for unit in alignment.units):
        return None
    segments: list[Segment] = []
    for unit in alignment.units:
        if segments and not _straddles(alignment, (segments[-1].chars[-1], unit.chars[0])):
            segments[-1] = Segment(segments[-1].chars + unit.chars, segments[-1].syllables + (unit.syllable.written,))
        else:
            segments.append(Segment(unit.chars, (unit.syllable.written,)))
    edit = reglossed(context.text, span_of(alignment)[0], gloss.end, segments, [gloss], gloss,
                     _space_written(context))
    return make_fix(f"split the gloss at {symbols}", [edit])


def _straddles(alignment: Alignment, chars: tuple[int, ...]) -> bool:
    """Whether a crossed symbol lies between the first and last of ``chars``."""
    return any(chars[0] < offset < chars[-1] for offset in alignment.crossed)


@rule("S103", "span-cuts-word", Family.SPAN, Severity.ERROR, fix=Applicability.SAFE)
def check_word_cut(context: AuditContext) -> Iterator[Problem]:
    """An edge of the glossed span falls inside a word.

    Each edge between two Han characters is judged on a lexicon of 430 k
    words with their frequencies (jieba's and wordfreq's data, not a
    segmenter): the text around the edge is segmented with the edge as a
    boundary and without it, and the difference in likelihood says how
    strongly the text resists a boundary there.  A small model weighs that
    with how common the cut word is and how the two sides read: a span
    that runs past the cut word and is no word itself (和社) makes a cut
    likelier, and so does a better reading with the edge moved (和|社会);
    a piece inside the word that is a common word on its own (们, 的) makes
    it less likely, a single character that is rarely a word alone (科 of
    科|学家) likelier, most of all left of the edge; so does a gloss running
    past the word, before the edge, by a character that is mostly a word
    alone (和 of 和小红); a gloss running past it by one character only
    (第一|个) makes it less likely, and so does a gloss of two or more
    characters meeting another at the edge (a moved edge mostly leaves one
    character alone).  Beside plain text, the plain text's piece of the cut
    word (学 of 学校教育(xiào jiào yù)) is weighed as a gloss inside it
    would be, with thresholds of that kind of edge's own, and an edge the
    text resists only weakly is not judged there (你|好啊(hǎo ya)); but
    where the plain text holds only the word's first character and the gloss
    exactly the rest (plain 科 before 学家(xué jiā)), the edge is judged as
    one between two glosses, unless the word reads as a person's name.
    Its score sets the severity (an error when clear, a warning when likely,
    nothing when unsure; a word the span cuts at both its edges, 通条 of
    交通条件, is one finding, at the more severe edge); a cut it warns of is
    an error when the document glosses the word whole elsewhere or the
    user's lexicon lists it.  Words
    the user's lexicon lists, and terms the document glosses as a unit twice
    (or once, when the lexicon knows them), count as common words; a unit
    glossed once that no lexicon knows counts for nothing.  On sentences
    segmented by people (UD Chinese GSDSimp's test file, every word glossed,
    one edge in 40 moved into a neighbouring word, six times), 92.2 % of the
    edges moved right and 90.1 % of those moved left are found, and 0.05 %
    of the glosses spanned right draw a finding; with one word in 12
    glossed, as in articles, 85.1 % and 77.8 %.  Four shapes of glosses are
    cuts whatever the model scores: a gloss of one character and the next
    that make up exactly a word, split where none of its parts ends
    (同(tóng)盟国(méng guó) for 同盟国(tóng méng guó); a one-character
    prefix glossed apart from the word it is part of, 总(zǒng)书记(shū jì),
    is a finer standard); where no word of the lexicon resists a boundary,
    two more: a gloss of three characters or more that is no word but
    reads as two words with its first character moved back onto the gloss
    before it (此(cǐ)等事故(děng shì gù) for 此等(cǐ děng)事故(shì gù));
    and a gloss of one character and the next, which is no word, making up
    a word that may not be a person's name (日(rì)喀则(kā zé): jieba does
    not tag it, 日 seldom starts a name and 日喀则 does not read as one);
    and, wherever the model does not warn, a gloss that is no word made of
    a piece of a unit the document glosses whole elsewhere and a word
    beside it (普鲁(pǔ lǔ)申科不仅(shēn kē bù jǐn) where 普鲁申科 is glossed
    whole: an error, as the document vouches for the unit), unless the
    piece left apart is a character that often starts names, glossed
    alone.  Other edges where no word of the
    lexicon resists a boundary, such as one inside a word the lexicon does
    not know (the transliterated name 特兰西瓦尼亚), are not judged: 10.1 %
    of the edges moved left, 5.0 % of those moved right.  A gloss may cover
    several words (和小红 is 和 and 小红), and standards differ, so a word
    whose parts are each glossed on their own (北京(běi jīng)市(shì)), a
    boundary between two words of two or more characters (精神|文明), before
    a suffix that stands alone in the lexicon (女士|们), or between a surname
    that starts its gloss and a given name (邓(dèng)小平说), in a name
    jieba tags whose first character often starts a name (jieba tags 南北宽
    as a name too, but under half the three-character words 南 starts are
    names: 0.44 where 0.5 is asked), is no cut; parts glossed apart must
    still be parts (共(gòng)产党(chǎn dǎng) cuts 共产).
    New words (brands, internet terms such as 小红书 and 种草) are missing
    or rare in the lexicon: list them in the user lexicon (``--lexicon``),
    or gloss them as a unit elsewhere in the document (和小红(hé xiǎo hóng)书(shū)
    is found without either, and with one it is always an error).

    The fix glosses the word as a whole, keeping the syllables its characters
    already have (a wrong tone there is a finding of its own) where they are
    readings the word gives them; a character no gloss reads, or read as in
    another word (人参(rén shēn)加 for 参加, cān jiā), takes the context's
    reading, or the syllable the word is glossed with elsewhere in the
    document where that agrees.  What remains of the cut glosses gets glosses
    of its own, with its syllables; where one would be no reading of its
    character there, no fix is offered.  Where the dictionaries give a
    character more than one reading in the word and the context reads it as
    neither (落 of 利落, read là in 和利(hé lì)落了), the suggestion gives the
    dictionaries' reading of the word and names the character to check, and
    no fix chooses.

    Wrong: 在政治和社(hé shè)会上都有影响。
    Right: 在政治和(hé)社会(shè huì)上都有影响。
    """
    for found in cuts_found(context):
        yield _problem(context, found)


def _problem(context: AuditContext, found: CutFound) -> Problem:
    """The cut as S103 reports it: the word to gloss whole, with its readings and a fix that glosses it so, or,
    where a character's reading in the word is unsure, the dictionaries' reading and the character to check."""
    cut = found.cut
    alignment = context.judgements[found.gloss].alignment
    gloss = alignment.gloss
    syllables = _word_syllables(context, cut, gloss)
    if isinstance(syllables, _Unsure):  # no fix: a safe fix never guesses a reading
        return Problem(found.gloss, _cut_message(context, alignment, cut),
                       _unsure_suggestion(context, cut, gloss, syllables), found.severity)
    written = " ".join(syllable for syllable in syllables if syllable)
    return Problem(
        found.gloss,
        _cut_message(context, alignment, cut),
        f"gloss {cut.word} as a whole: {_glossed_as_written(context, cut.word, gloss, written)}",
        found.severity,
        fix=_whole_word(context, found.gloss, cut.chars, syllables),
    )


class _Unsure(NamedTuple):
    """A character of the cut word whose reading there is unsure: the context reads it ``context_reading``, which
    is none of the readings the dictionaries give it in the word, and they give more than one."""

    place: int
    context_reading: Reading


def _unsure_suggestion(context: AuditContext, cut: Cut, gloss: Gloss, unsure: _Unsure) -> str:
    """How to gloss the word whole where a character's reading there is unsure: with the phrase lists' reading of
    the whole word, naming the character to check.  A word is unsure only where the dictionaries give a character
    more than one reading in it; a word CC-CEDICT alone lists so (none today) has no one reading to give."""
    char = context.text[cut.chars[unsure.place]]
    style = gloss_style(gloss)
    check = f"check {char}, which this context reads {spell_reading(unsure.context_reading, style)}"
    readings = phrase_readings(cut.word) or extended_phrase_readings(cut.word)
    if not readings:
        return f"gloss {cut.word} as a whole ({check})"
    written = " ".join(spell_reading(reading, style) for reading in readings)
    whole = _glossed_as_written(context, cut.word, gloss, written)
    return f"gloss {cut.word} as a whole: {whole}, as the dictionaries read it ({check})"


def _glossed_as_written(context: AuditContext, word: str, gloss: Gloss, written: str) -> str:
    """``word`` glossed ``written`` in the brackets of ``gloss``, after a space where the document writes one."""
    return word + _space_written(context) + gloss.bracketed(written)


def _space_written(context: AuditContext) -> str:
    """The space the document writes before its glosses, where that is its convention; else ""."""
    return context.convention_space() if context.spaced_convention() else ""


def _cut_message(context: AuditContext, alignment: Alignment, cut: Cut) -> str:
    """What S103 says of a cut: the span that cuts the word, and what says the word is one."""
    return f"the span {context.span_text(alignment)} cuts the word {cut.word} ({EVIDENCE_SAID[cut.evidence]})"


def _whole_word(context: AuditContext, index: int, chars: tuple[int, ...], syllables: tuple[str, ...]) -> Fix | None:
    """Gloss the word at ``chars`` as one, with ``syllables``; what the cut glosses read besides it keeps
    its syllables, in glosses of its own, where they are its own: none where a syllable left there is a
    neighbour's (购买设(shè de)备 glossing 购买 would leave 设 with de) or, in a word of the dictionaries, not
    that word's reading."""
    gloss = context.judgements[index].alignment.gloss
    word = set(chars)
    cut_glosses = sorted({index} | {owner[0] for owner in map(context.unit_at, chars) if owner})
    alignments = [context.judgements[cut_gloss].alignment for cut_gloss in cut_glosses]
    if not all(alignment.gloss.closed and not alignment.missing for alignment in alignments):
        return None
    segments = [Segment(chars, syllables)]
    for alignment in alignments:
        if any(word & set(unit.chars) and not set(unit.chars) <= word for unit in alignment.units):
            return None  # the word ends inside an erhua syllable
        rest = [unit for unit in alignment.units if not word & set(unit.chars)]
        before, after = [u for u in rest if u.chars[0] < chars[0]], [u for u in rest if u.chars[0] > chars[0]]
        segments += [_segment(units) for units in (before, after) if units]
    if not all(_keeps_readings(context, segment) for segment in segments[1:]):
        return None
    start = min([chars[0]] + [span_of(alignment)[0] for alignment in alignments])
    end = max([chars[-1] + 1] + [alignment.gloss.end for alignment in alignments])
    edit = reglossed(context.text, start, end, segments, [alignment.gloss for alignment in alignments], gloss,
                     _space_written(context))
    return make_fix(f"gloss {context.characters_at(chars)} as a whole", [edit])


def _segment(units: list[Unit]) -> Segment:
    """The units' characters, glossed with their syllables as written."""
    return Segment(tuple(offset for unit in units for offset in unit.chars), tuple(u.syllable.written for u in units))


def _keeps_readings(context: AuditContext, segment: Segment) -> bool:
    """Whether each syllable of a piece a cut gloss keeps may stand there: its own character's, and that
    character's reading in the piece (了当(liǎo dàng)今 glossing 当今 would leave 了 alone with liǎo)."""
    units = [context.unit_at(offset)[1] for offset in segment.chars]
    listed = _listed_readings(context, segment.chars)
    return all(_reads_its_character(context, unit) for unit in units) and all(
        _stands(context, segment.chars, offset, unit.syllable.reading, readings)
        for offset, unit, readings in zip(segment.chars, units, listed) if offset == unit.chars[0])


def _word_syllables(context: AuditContext, cut: Cut, gloss: Gloss) -> tuple[str, ...] | _Unsure:
    """The word's syllables: as the glosses here write them, so that a safe fix moves an edge and never
    changes a syllable written, unless that syllable is no reading the word gives its character.

    A character no gloss reads, or whose syllable is a neighbour's, or another word's reading of it
    (人参(rén shēn)加 glossing 参加: shēn is 参's in 人参, cān in 参加), takes the word's reading
    (``_reading_in_word``), or the syllable the word is glossed with elsewhere here where that agrees;
    ``_Unsure`` where a character's reading in the word is: a safe fix never writes a reading wrong for the word
    it glosses.
    """
    elsewhere = _glossed_elsewhere(context, cut.word)
    listed = _listed_readings(context, cut.chars)
    syllables = []
    for place, offset in enumerate(cut.chars):
        owner = context.unit_at(offset)
        if owner and _reads_its_character(context, owner[1]):
            unit = owner[1]
            if offset != unit.chars[0]:
                syllables.append("")  # the 儿 of an erhua syllable
                continue
            if _stands(context, cut.chars, offset, unit.syllable.reading, listed[place]):
                syllables.append(unit.syllable.written)
                continue
        reading = _reading_in_word(context, cut.chars, place, listed[place])
        if isinstance(reading, _Unsure):
            return reading
        if elsewhere and _agrees(context.text[offset], elsewhere[place], reading):
            reading = elsewhere[place]
        syllables.append(spell_reading(reading, gloss_style(gloss)))
    return tuple(syllables)


def _reading_in_word(context: AuditContext, chars: tuple[int, ...], place: int,
                     listed: frozenset[Reading]) -> Reading | _Unsure:
    """The reading of the character at ``chars[place]`` in the word ``chars`` make: the context's, where it is
    one the dictionaries give it in that word (``listed``) or they list none; else the one they give, if they
    give one alone; else unsure."""
    offset = chars[place]
    reading = best_reading(context.reading, offset, (chars[0], chars[-1] + 1)).reading
    if _fits(context.text[offset], reading, listed):
        return reading
    return next(iter(listed)) if len(listed) == 1 else _Unsure(place, reading)


def _listed_readings(context: AuditContext, chars: tuple[int, ...]) -> list[frozenset[Reading]]:
    """For each of ``chars``, the readings the dictionaries give it in the word they make; none for a single
    character, or a word no dictionary lists."""
    word = context.characters_at(chars)
    if len(word) == 1:
        return [frozenset()]
    return [readings_in_word(word, place) for place in range(len(word))]


def _stands(context: AuditContext, chars: tuple[int, ...], offset: int, written: Reading,
            listed: frozenset[Reading]) -> bool:
    """Whether ``written``, a syllable a gloss writes for the character at ``offset``, may stay in a new gloss
    of ``chars``: it fits the word they make (``_fits``), and the context has nothing against it there (a
    reading right in the word it was written for may be wrong in this one).  So may a syllable that is no
    reading of the character at all (a wrong tone): T401's or R301's finding wherever it stands."""
    char = context.text[offset]
    if written not in readings_of(char) or char in CITATION_READINGS:
        return True
    return _fits(char, written, listed) and \
        rule_on(context.reading, offset, (chars[0], chars[-1] + 1), written).confidence is Confidence.WEAK


def _fits(char: str, written: Reading, listed: frozenset[Reading]) -> bool:
    """Whether a reading may gloss ``char`` in a word whose dictionaries give it ``listed``: one of those,
    said light or in full (朋友 péng you or yǒu); any, where none is listed; any tone of 一 and 不, whose
    convention is C601's."""
    # Unlike ``verdicts._said_so``, which accepts a full tone for a light one but not the other way round, a light
    # syllable for a full one fits: whether a word may be said light (学习 xué xi) is the reading rules' to judge,
    # with the character tables, and a fix that moves an edge keeps the syllable written either way.
    if not listed or char in CITATION_READINGS:
        return True
    return any(base == written[0] and (tone == written[1] or NEUTRAL in (tone, written[1])) for base, tone in listed)


def _reads_its_character(context: AuditContext, unit: Unit) -> bool:
    """The unit's syllable is one of its character's (a wrong tone at most), not one that belongs to a
    neighbour: 购买设(shè de)备 reads 买 shè, which is 设's.  On a character no table knows, which fits no
    syllable (``bases_fit``), the syllable written stays: nothing is decided on such a character's account,
    and a reading for it would be made up."""
    char = context.text[unit.chars[0]]
    return not readings_of(char) or bases_fit([unit.syllable.base], char)


def _glossed_elsewhere(context: AuditContext, word: str) -> tuple[Reading, ...]:
    """The readings of the word's usual gloss in this document, one a character; empty if none fits."""
    usual = context.usual_gloss.get(word)
    if not usual or len(usual.pinyin.syllables) != len(word) or any(s.erhua for s in usual.pinyin.syllables):
        return ()
    return tuple(syllable.reading for syllable in usual.pinyin.syllables)


def _agrees(char: str, glossed: Reading, context_reading: Reading) -> bool:
    """A syllable glossed elsewhere fits here: the context's, or said light (东西 dōng xi), or the tone of
    一/不 the document writes."""
    return glossed[0] == context_reading[0] and (
        glossed[1] in (context_reading[1], NEUTRAL) or char in CITATION_READINGS)
