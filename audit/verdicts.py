"""Judging each glossed syllable against what its character reads in context.

This is the one place where readings, tones, sandhi and the convention
profile meet.  For every unit of an alignment it decides one ``Kind``; the
reading and tone rules only pick the verdicts of their kind.

Convention profiles (how 一/不 and third-tone sandhi are written):

- ``dictionary``: GB/T 16159-2012, original tones everywhere (一个 yī gè).
- ``textbook``: the changed tones of 一/不 are written (一个 yí gè, 不是 bú shì),
  third-tone sandhi is not.
- ``spoken``: speech labels, every sandhi written (你好 ní hǎo).
- ``auto``: 一/不 may follow either of the first two; the document's majority
  decides, and the minority is reported as C601.
"""

from __future__ import annotations

import enum
import functools
import re
from collections import Counter
from typing import Iterator, NamedTuple, Sequence

from audit.align import Alignment, GlossSpan, Unit, span_of
from audit.complements import (complement_after_de, ends_a_noun_phrase, holds_a_potential_form, potential_complement_at,
                                potential_form, verb_and_complement_word, verb_ending_before,
                                verb_taking_complements)
from audit.enums import ShownAsValue
from audit.gloss import Gloss
from audit.finding import Severity
from audit.lexicon import is_verb, name_words
from audit.list_layout import after_a_list_number, list_patterns
from audit.pinyin import LIGHT_SYLLABLE_DOTS, NEUTRAL, has_vowel, marked, parse_pinyin, with_apostrophes
from audit.readings import (
    CITATION_READINGS,
    Reading,
    bases_fit,
    bases_of,
    cc_cedict_readings,
    colloquial_word,
    dictionary_readings,
    in_phrases_or_cc_cedict,
    is_han,
    keeps_yi,
    light_bu_before,
    light_share,
    literary_colloquial,
    neutral_attested,
    readings_of,
    reads_in_word,
    spans_holding,
    stretches_holding,
    words_around,
)
from audit.resolver import (Confidence, DocumentText, best_reading, in_a_word_list,
                            rule_on, segmented_word, unopposed, unopposed_in)

_DIGITS = frozenset("零〇一二三四五六七八九十两")
_PLACE_VALUES = frozenset("百千万亿")
_NUMERALS = _DIGITS | _PLACE_VALUES


class Kind(enum.Enum):
    OK = "ok"
    NOT_A_READING = "not a reading"             # R301
    OTHER_READING = "other reading"             # R302
    WRONG_TONE = "wrong tone"                   # T401
    SANDHI_WRITTEN = "third-tone sandhi"        # T402
    NEUTRAL_MISMATCH = "neutral tone mismatch"  # T403


class YiBuStyle(enum.Enum):
    CITATION = "citation"  # 一个 yī gè, 不是 bù shì
    CHANGED = "changed"    # 一个 yí gè, 不是 bú shì


class Profile(ShownAsValue, str, enum.Enum):
    """The convention profiles described at the top of this module."""

    AUTO = "auto"
    DICTIONARY = "dictionary"
    TEXTBOOK = "textbook"
    SPOKEN = "spoken"

    @property
    def yi_bu_style(self) -> YiBuStyle | None:
        """The style this profile prescribes for 一/不; ``None``: the document's majority decides."""
        return {Profile.DICTIONARY: YiBuStyle.CITATION, Profile.AUTO: None}.get(self, YiBuStyle.CHANGED)


# The records below are named tuples: one is made for every glossed
# syllable, and tuples are the cheapest immutable records Python makes.


class Reference(NamedTuple):
    """What the context says a character reads, and on what evidence."""

    reading: Reading
    source: str    # "phrase 银行", "extended phrase 行长", "model", "character table"


class Verdict(NamedTuple):
    unit: int                 # index into alignment.units
    offset: int               # the character judged
    kind: Kind
    expected: Reading | None  # what to write instead
    reason: str = ""
    severity: Severity | None = None  # None: the rule's own; weaker evidence lowers it


class YiBuVote(NamedTuple):
    """A 一/不 whose citation and changed tones differ here, and which it wrote."""

    unit: int
    offset: int
    style: YiBuStyle
    citation: Reading
    changed: Reading


class Judgement(NamedTuple):
    alignment: Alignment
    verdicts: tuple[Verdict, ...]
    yi_bu: tuple[YiBuVote, ...]
    better_window: tuple[int, ...] = ()  # characters the syllables fit, when not their own
    extra_syllable: bool = False  # the last syllable reads nothing: the others fit the characters before the gloss
    missing_apostrophe: str = ""  # the gloss's content with the apostrophes it lacks (gǎn'ēn), when it lacks some


def judge(document: DocumentText, alignment: Alignment, profile: Profile) -> Judgement:
    """The verdict on each syllable of ``alignment`` and the votes of its 一 and 不.

    A gloss that reads one character a syllable, side by side and none
    missing, is first asked of its text alone (``_right_in_any_context``),
    which settles most glosses once for the run; the rest are judged in
    their context.
    """
    chars = alignment.chars
    if chars and not alignment.missing and len(alignment.units) == len(chars) == chars[-1] + 1 - chars[0]:
        respelled = _right_in_any_context(document.text[chars[0] : chars[-1] + 1], alignment.gloss.content)
        if respelled is not None:
            return Judgement(alignment, verdicts=(), yi_bu=(), missing_apostrophe=respelled)
    return _judged_in_context(document, alignment, profile)


@functools.lru_cache(maxsize=65536)
def _right_in_any_context(glossed: str, content: str) -> str | None:
    """What ``judge`` says of pinyin ``content`` glossing ``glossed``, a syllable to a character, when
    no context could fault a syllable of it: the content with the apostrophes it lacks, or ''; else ``None``.

    Densely glossed text repeats a few thousand glosses (的(de), 中国(zhōng guó)) all through, so
    most are settled here once for the run.  一 and 不 always need their context: their
    tones vote on the document's convention.
    """
    syllables = parse_pinyin(content).syllables
    for place, syllable in enumerate(syllables):
        char, written = glossed[place], syllable.reading
        if char in CITATION_READINGS:
            return None
        readings = readings_of(char)
        # A character no table knows is never faulted, so it needs no context either.
        if readings and not (written in readings and unopposed_in(glossed, place, written)):
            return None
    return _respelled(content, glossed)


def _judged_in_context(document: DocumentText, alignment: Alignment, profile: Profile) -> Judgement:
    verdicts: list[Verdict] = []
    votes: list[YiBuVote] = []
    for index, unit in enumerate(alignment.units):
        if not unit.chars:
            continue
        offset = unit.chars[0]
        char = document.text[offset]
        if _beyond_doubt(char, unit.syllable.reading):
            continue
        if char in CITATION_READINGS:
            verdict, vote = _judge_yi_bu(document, alignment, index, profile)
            if vote:
                votes.append(vote)
        else:
            verdict = _judge_syllable(document, alignment, index, profile)
        if verdict.kind is not Kind.OK and not _light_where_marked(document, alignment, index):
            verdict = _lowered_where_accepted(document, verdict, unit.syllable.reading)
            verdict = _lowered_for_interjection(document, verdict, unit.syllable.reading)
            verdict = _lowered_where_doubled(document, verdict, unit.syllable.reading)
            verdict = _lowered_in_names(document, verdict, unit.syllable.reading)
            verdicts.append(verdict)
    respelled = _with_missing_apostrophes(document.text, alignment)
    if respelled:  # 感恩(gǎnēn) is gǎn'ēn, not two syllables no character reads
        verdicts = [verdict for verdict in verdicts if verdict.kind is not Kind.NOT_A_READING]
    if not _mostly_unreadable(alignment, verdicts):
        return Judgement(alignment, tuple(verdicts), tuple(votes), missing_apostrophe=respelled)
    better = _better_window(document.text, alignment)
    extra = not better and _last_syllable_extra(document.text, alignment)
    return Judgement(alignment, tuple(verdicts), tuple(votes), better_window=better, extra_syllable=extra)


def _light_where_marked(document: DocumentText, alignment: Alignment, index: int) -> bool:
    """Unit ``index`` written light after the dot dictionaries put before a syllable that may be light (yīn·wei).

    现代汉语词典 writes 因为 yīn·wèi: the dot says the syllable is often said
    light, so writing it light is right where the syllable is the one the
    context reads (wèi), not another (银行 yín·xing: háng).
    """
    syllable = alignment.units[index].syllable
    base, tone = syllable.reading
    return (tone == NEUTRAL and alignment.gloss.content[syllable.start - 1 : syllable.start] in LIGHT_SYLLABLE_DOTS
            and reference_reading(document, alignment, index).reading[0] == base)


def _lowered_where_accepted(document: DocumentText, verdict: Verdict, written: Reading) -> Verdict:
    """The colloquial reading of a character where the context reads the literary one, or the reverse, and
    the colloquial reading a dictionary gives a word: a warning.

    Standard dictionaries give both readings of such a pair (血 xiě and
    xuè, 那 nèi and nà, see ``LITERARY_COLLOQUIAL``), and say how some words
    are also said (一会儿 yīhuǐr, see ``COLLOQUIAL_IN_WORDS``): the context
    may prefer the other, but the gloss is one a dictionary allows, which a
    reviewer weighs rather than rejects.  The message says which it is.
    """
    if _below_error(verdict):
        return verdict
    char = document.text[verdict.offset]
    word = colloquial_word(*document.sentence_at(verdict.offset), written)
    if word:
        return _lowered(document, verdict, written, f"standard dictionaries say {word} is also read with "
                        f"{char} {_show(written)} in speech")
    pair = literary_colloquial(char, written, verdict.expected)
    if verdict.kind is not Kind.OTHER_READING or not pair:
        return verdict
    literary, colloquial = pair
    return _lowered(document, verdict, written, f"standard dictionaries give {char} the colloquial reading "
                    f"{_show(colloquial)} beside {_show(literary)}")


def _lowered(document: DocumentText, verdict: Verdict, written: Reading, allowance: str = "") -> Verdict:
    """``verdict`` as a warning, ``allowance`` saying why when there is one.

    "Never" is an error's word: a warning on a reading pypinyin's table lacks
    says that the table lacks it (喂 is not read wéi in pypinyin's table),
    not that the character is never read so.
    """
    reason = verdict.reason
    char = document.text[verdict.offset]
    if _table_lacks(verdict, char, written):
        reason = f"{char} is not read {_show(written)} in pypinyin's table"
    return verdict._replace(severity=Severity.WARNING, reason=f"{reason}, though {allowance}" if allowance else reason)


class LightAfter(NamedTuple):
    """Where 现代汉语词典 gives a character light: right after one of ``before`` (any Han character, the noun
    it follows, when empty), ending its word; ``where`` says so in a message, ``example`` shows it."""

    before: str
    where: str
    example: str


_DIRECTION_WORDS = "上下前后里外"
# Each character's places, the first that applies said: locatives after the noun they follow (but 这里, 那里 and
# 哪里 are pronouns, not a noun and the locative after it, and 现代汉语词典 gives their 里 light too), the suffixes
# of locatives, and 见 completing a verb of perceiving or meeting.
_LIGHT_AFTER: dict[str, tuple[LightAfter, ...]] = {
    "上": (LightAfter("", "after the noun it follows", "桌子上 zhuō zi shang"),),
    "里": (LightAfter("这", "in the demonstrative pronoun 这里", "zhè li"),
          LightAfter("那", "in the demonstrative pronoun 那里", "nà li"),
          LightAfter("哪", "in the interrogative pronoun 哪里", "nǎ li"),
          LightAfter("", "after the noun it follows", "屋里 wū li")),
    "面": (LightAfter(_DIRECTION_WORDS, "as the suffix of a locative", "后面 hòu mian"),),
    "边": (LightAfter(_DIRECTION_WORDS, "as the suffix of a locative", "外边 wài bian"),),
    "头": (LightAfter(_DIRECTION_WORDS, "as the suffix of a locative", "里头 lǐ tou"),),
    "见": (LightAfter("看听瞧遇碰梦", "completing a verb of perceiving or meeting", "看见 kàn jian"),),
}


def _noted_as_light_after(document: DocumentText, offset: int, written: Reading, expected: Reading) -> str:
    """Why a light ``written`` is at most a note, as words to add to the reason; empty when it is not.

    It is the syllable the context reads, said light where 现代汉语词典 gives
    it light (``_LIGHT_AFTER``) and CC-CEDICT reads the character light in
    some word: 上 or 里 right after the noun before it, ending its word
    (桌子上 shang, 池塘|里 li), however the sentence is segmented (家里 as a
    word or 在家|里, which CC-CEDICT lists in full, jiā lǐ, as it does many
    such pairs), and 里 ending the pronouns 这里, 那里 and 哪里; 面, 边 or 头
    making a locative of 上, 下, 前, 后, 里 or 外 (后面 hòu·mian, which
    CC-CEDICT lists in full, as it lists 后边 hòu bian light); 见 completing
    看, 听, 瞧, 遇, 碰 or 梦 (看见 kàn·jiàn).
    """
    char = document.text[offset]
    places = _LIGHT_AFTER.get(char)
    if places is None or written != (expected[0], NEUTRAL) or written not in cc_cedict_readings(char):
        return ""
    for light_after in places:
        if _ends_its_word_after(document, offset, light_after.before):
            return f", though 现代汉语词典 gives {char} light {light_after.where} ({light_after.example})"
    return ""


# Han characters that 上 or 里 after them does not follow as a noun's locative: a preposition of direction takes
# it as a place of its own (往里走 wǎng lǐ, 向上看 xiàng shàng), and after a number 里 is the unit of length
# (五里路 wǔ lǐ).
_NO_NOUN_BEFORE_A_LOCATIVE = _NUMERALS | frozenset("往向朝")


def _ends_its_word_after(document: DocumentText, offset: int, before: str) -> bool:
    """The character ends its word right after one of ``before``, or, when it is empty, after a Han character
    that may be a noun (池塘|里, 在家|里, 家里; not 往里, 五里)."""
    sentence, position = document.sentence_at(offset)
    previous = sentence[position - 1] if position else ""
    if before:
        follows = bool(previous) and previous in before
    else:
        follows = bool(previous) and is_han(previous) and previous not in _NO_NOUN_BEFORE_A_LOCATIVE
    if not follows:
        return False  # without segmenting the sentence
    word, place = segmented_word(document, offset)
    return place == len(word) - 1


def _table_lacks(verdict: Verdict, char: str, written: Reading) -> bool:
    """The verdict is that pypinyin's table does not give ``char`` the reading written."""
    return verdict.kind in _NOT_LISTED and written not in readings_of(char)


def _below_error(verdict: Verdict) -> bool:
    """The verdict is already a warning or a note, so no allowance can lower it further."""
    return verdict.severity in (Severity.WARNING, Severity.INFO)


def _with_missing_apostrophes(text: str, alignment: Alignment) -> str:
    """The gloss written with the apostrophes it lacks, when its characters read it so; else empty.

    Xīān for 西安 and gǎnēn for 感恩 (which the letters alone cut gǎ nēn).
    """
    units = alignment.units
    if with_apostrophes(alignment.gloss.content) is None or not all(unit.chars for unit in units):
        return ""  # the first question settles nearly every gloss, at the price of a lookup
    return _respelled(alignment.gloss.content, "".join(text[unit.chars[0]] for unit in units))


def _respelled(content: str, read: str) -> str:
    """``content`` with the apostrophes it lacks, when each syllable so cut fits the character of ``read``
    in its place (the first each syllable reads); else empty."""
    respelled = with_apostrophes(content)
    if respelled is None:
        return ""
    syllables = parse_pinyin(respelled).syllables
    if len(syllables) != len(read):
        return ""
    return respelled if bases_fit((syllable.base for syllable in syllables), read) else ""


# --------------------------------------------------------------------------
# Ordinary characters


def _beyond_doubt(char: str, written: Reading) -> bool:
    """A reading no context can fault (see ``unopposed``), for a character other than 一 and 不.

    Most glossed characters are like this; answering here keeps them out of
    the resolver altogether.  一 and 不 always go on: their tones vote on the
    document's convention.
    """
    return char not in CITATION_READINGS and unopposed(char, written)


# Verdicts that the character never has the reading written, on the word of pypinyin's character table.
_NOT_LISTED = frozenset({Kind.NOT_A_READING, Kind.WRONG_TONE})


def _judge_syllable(document: DocumentText, alignment: Alignment, index: int, profile: Profile) -> Verdict:
    """The verdict on unit ``index``: at most a warning where only the character tables speak, and disagree.

    An error needs sources that agree.  CC-CEDICT gives some characters a
    reading pypinyin's table lacks (嵌 kǎn in the place name 赤嵌); with no
    dictionary word here to decide, that is a doubt, not a fault.  A word
    here does decide (快乐 reads lè, whatever 乐亭 reads).
    """
    verdict = _judge_by_character_table(document, alignment, index, profile)
    unit, offset, char = _glossed(document, alignment, index)
    if (verdict.kind in _NOT_LISTED and unit.syllable.reading in cc_cedict_readings(char)
            and not _words_here(document, offset)):
        return _lowered(document, verdict, unit.syllable.reading, "CC-CEDICT gives it")
    return verdict


def _judge_by_character_table(document: DocumentText, alignment: Alignment, index: int, profile: Profile) -> Verdict:
    """The verdict on unit ``index``, pypinyin's character table first.

    A reading the table lacks is right where a dictionary word here gives
    it, and otherwise a wrong syllable or a wrong tone against the context's
    reading; one it lists is judged in context (any is right for a character
    that heads a note).  A character no table knows is not judged.
    """
    unit, offset, char = _glossed(document, alignment, index)
    base, tone = unit.syllable.reading
    if not readings_of(char):
        return Verdict(index, offset, Kind.OK, None)  # a character no table knows: nothing to judge it by
    a_reading = (base, tone) in readings_of(char)
    if not a_reading and _a_word_here_reads(document, offset, (base, tone)):
        return Verdict(index, offset, Kind.OK, None)
    if _said_with_liaison(document, alignment, index):
        return Verdict(index, offset, Kind.OK, None)
    vowelless = _judge_vowelless_interjection(document, alignment, index)
    if vowelless is not None:
        return vowelless
    if base not in bases_of(char):
        expected = reference_reading(document, alignment, index).reading
        return Verdict(index, offset, Kind.NOT_A_READING, expected, f"{char} never reads {base}")
    if tone == NEUTRAL:
        light = _light_in_headword(document.text, alignment, index)
        if light is not None:
            return light
    if profile is Profile.SPOKEN and _spoken_sandhi(document, alignment, index):
        return Verdict(index, offset, Kind.OK, None)
    if a_reading:
        if _headword(document.text, alignment, offset, (base, tone)):
            return Verdict(index, offset, Kind.OK, None)
        return _judge_in_context(document, alignment, index, (base, tone), profile)
    reference = reference_reading(document, alignment, index)
    if tone == NEUTRAL and reference.reading[0] != base:
        # 银行(yín xing) is 银行(yín xíng) said light: judged as that reading, the context rejects it and the fix
        # is háng, not xíng; where the context accepts the reading, the light tone alone is the slip.
        full = next(reading for reading in readings_of(char) if reading[0] == base)
        verdict = _judge_in_context(document, alignment, index, full, profile)
        if verdict.kind is not Kind.OK:
            return verdict
    return _judge_tone(document, alignment, index, reference)


def _light_syllable_listed(document: DocumentText, offset: int, written: Reading) -> bool:
    """The word here, as the sentence segments, is one a dictionary reads with this light syllable,
    and CC-CEDICT with no full tone besides.

    Such a syllable is right whatever the model says, whose training labels
    rarely carry the neutral tone: the phrase lists' 下边 xià biān and
    CC-CEDICT's xià bian are one word said two ways.  Where CC-CEDICT lists
    both (大意: dà yi "careless", dà yì "main idea") they are two words,
    and the context decides.
    """
    word, place = segmented_word(document, offset)
    listed = dictionary_readings(word)
    return len(word) > 1 and reads_in_word(word, place, written) and not (
        listed and any(base == written[0] and tone != NEUTRAL for base, tone in listed[place]))


def _a_word_here_reads(document: DocumentText, offset: int, reading: Reading) -> bool:
    """Some word of the phrase lists or CC-CEDICT that holds the character here reads it so.

    The character table lacks readings that live in names (乐亭 Lào tíng,
    a county) and light syllables (这个 zhè ge): a dictionary word here that
    gives the reading is the evidence a reviewer would look for.
    """
    return any(reads_in_word(word, place, reading) for word, place in _words_here(document, offset))


def _words_here(document: DocumentText, offset: int) -> list[tuple[str, int]]:
    """The dictionary words holding the character at ``offset``, each with its place, in the sentence without glosses."""
    return words_around(*document.sentence_at(offset))


def _headword(text: str, alignment: Alignment, offset: int, written: Reading) -> bool:
    """A character or word glossed as the head of a note or a list line (欹（qī）：倾斜, 教学(jiàoxué)), not in a sentence.

    There is no context to read, so the note says which reading it means:
    for one character any of its readings is right; in a word, any reading
    CC-CEDICT gives the word there (教学: jiāo "to teach", jiào "teaching"),
    or, where CC-CEDICT lacks the word, any it gives a word inside it that
    holds the character (分外 fèn in 分外眼红, 间断 jiàn in 不间断地; a light
    syllable there said in full, 部分 fèn in 大部分地): neither
    the model nor the phrase lists can choose against that without a
    sentence.  A reading only the phrase lists give is still judged: they
    share their mistakes (不怀好意 hào).  A list line may number its head
    (1、便宜(piányi), （2）大意(dàyì)) or follow a heading's colon where the
    list shows itself (多音字：便宜(biànyí)　便宜(piányi)), and hold several
    heads apart by white space (see ``heads_a_list_line``).
    """
    if not heads_a_list_line(text, alignment):
        return False
    start, end = span_of(alignment)
    if end - start == 1:
        return True
    headword, place = text[start:end], offset - start
    listed = dictionary_readings(headword)
    if listed is not None:
        return written in listed[place]
    # A sentence on its line, as a speech label writes one, is no headword: only a list's word is.
    return in_a_word_list(headword) and any(
        _said_so(written, listed[place - word_start]) for listed, word_start in _cc_cedict_words_in(headword, place))


def heads_a_list_line(text: str, alignment: Alignment | GlossSpan) -> bool:
    """Whether the characters the gloss reads stand where a list line's head does: at the line's start, after a
    tab, a heading's colon, a list's number alone or white space, and the gloss followed by the line's end, white
    space or a definition's colon; alone in a table's cell (``| 便宜(biànyí) | 方便 |``); or as one of the entries
    parted by 、 or ； that make up their line (``东西(dōngxī)、东西(dōngxi)``, ``_a_line_of_enumerated_entries``).  A
    colon before, or white space after, is a list's only where the list around shows itself (``_among_entries``)
    or, for a colon, where a heading of one word stands before it and the entry ends its line
    (``_after_a_heading_word``): a sentence writes them too (他回答：还(hái) 没有).  White space on either
    side may part a line's entries, or the words of a sentence written a word at a time (``孩子 (hái zi) 长
    (zhǎng) 大 (dà) 了 (le)。``): there the line must hold no sentence's stop, no word the gloss does not read may
    end before the white space (``我们 还(hái) 没有 去``, a subtitle's line, which has no stop), and the word may
    not read on into a glossed word beside it (``_reads_on_across_spaces``)."""
    gloss_end = alignment.gloss.end
    after = text[gloss_end : gloss_end + 1] or "\n"
    if after in _ENTRY_SEPARATORS:
        return _a_line_of_enumerated_entries(text, span_of(alignment)[0], gloss_end)
    if not (after == "\n" or after in _DEFINITION_MARKS or after == _TABLE_BAR):
        return False  # asked first: in a sentence, a character or punctuation follows nearly every gloss
    start = span_of(alignment)[0]
    before = text[start - 1] if start else "\n"
    if before in _ENTRY_SEPARATORS and _a_line_of_enumerated_entries(text, start, gloss_end):
        return True  # else 、 may end a list's number (1、便宜(piányi)), asked below
    if _alone_in_a_table_cell(text, start, gloss_end):
        return True
    colon = start - 1 if before in _COLONS else -1
    if before in _SPACES:
        written = _written_before_the_space(text, start)
        if written >= 0 and is_han(text[written]):
            return False  # a word no gloss reads (see ``_written_before_the_space``)
        if written >= 0 and text[written] in _COLONS:
            colon = written  # white space after a colon is the colon's (他回答： 还(huán))
    elif not (before in _LINE_STARTS or after_a_list_number(text, start)):
        return False
    if (colon >= 0 or after in _SPACES) and not (
            _among_entries(text, start, gloss_end) or (after == "\n" and colon >= 0 and _after_a_heading_word(text, colon))):
        return False  # a colon or a space in a sentence (他回答：还(huán) 没有; 长(cháng) 大了就好)
    if before in _SPACES or after in _SPACES:
        return not (_line_holds_a_sentence(text, start, gloss_end) or _reads_on_across_spaces(text, alignment))
    return True


def an_entry_of_a_list(text: str, alignment: Alignment) -> bool:
    """Whether the gloss heads a note or a list line and each of its syllables is a reading the headword takes
    there (see ``_headword``): an entry of a word list, which prints a word once for each of its readings
    (东西(dōngxī), 东西(dōngxi)), each one a headword of its own."""
    return heads_a_list_line(text, alignment) and all(
        bool(unit.chars) and _headword(text, alignment, unit.chars[0], unit.syllable.reading)
        for unit in alignment.units)


def _light_in_headword(text: str, alignment: Alignment, index: int) -> Verdict | None:
    """A note where a headword (see ``_headword``) writes light, after its first syllable, a syllable it accepts
    in full and a character table lists light (庄子 zhuāng zi, 干净 gān jing, where CC-CEDICT gives zǐ, jìng);
    else ``None``.

    Dictionaries print many a word's later syllables as often light
    (现代汉语词典: 干净 gān·jìng, 看见 kàn·jiàn) where CC-CEDICT and the phrase
    lists give the full tone, and official word lists write them so; a word
    alone has no sentence to say which is meant.  A character no table reads
    light (习 in 学习 xué xi) keeps its warning, and in a sentence the context
    still judges.
    """
    unit = alignment.units[index]
    offset = unit.chars[0]
    char, base = text[offset], unit.syllable.base
    start, end = span_of(alignment)
    if offset == start or (base, NEUTRAL) not in _listed_readings(char):
        return None
    full = next((reading for reading in readings_of(char)
                 if reading[0] == base and reading[1] != NEUTRAL and _headword(text, alignment, offset, reading)), None)
    if full is None:
        return None
    return Verdict(index, offset, Kind.NEUTRAL_MISMATCH, full,
                   f"{char} has a full tone in {text[start:end]}, though "
                   "word lists write many a word's later syllables light, as 现代汉语词典 marks them",
                   Severity.INFO)


def _said_so(written: Reading, options: frozenset[Reading]) -> bool:
    """One of the options, or the full tone of a light one, as light syllables may be said (部分 bù fen: fèn)."""
    return written in options or (written[0], NEUTRAL) in options


def _cc_cedict_words_in(headword: str, place: int) -> Iterator[tuple[tuple[frozenset[Reading], ...], int]]:
    """CC-CEDICT's readings of each of its words inside ``headword`` that hold the character at ``place`` (see
    ``spans_holding``), with where that word starts."""
    for start, ends in spans_holding(headword, place):
        for end in ends:
            listed = dictionary_readings(headword[start:end])
            if listed is not None:
                yield listed, start


def _line_holds_a_sentence(text: str, start: int, end: int) -> bool:
    """Whether a sentence's stop (。！？) stands on the line of ``start`` to ``end``, within a reach either side: a
    list's entries end with none."""
    reach_back, reach_on = max(0, start - _SENTENCE_REACH), min(len(text), end + _SENTENCE_REACH)
    line_start = text.rfind("\n", reach_back, start) + 1 or reach_back
    line_end = text.find("\n", end, reach_on)
    return list_patterns().sentence_stop.search(text, line_start, reach_on if line_end < 0 else line_end) is not None


def _written_before_the_space(text: str, start: int) -> int:
    """Where the last character written before the white space before ``start`` stands, within a reach; -1 if
    none.  A Han character there ends a word no gloss reads, as a sentence written with spaces has (我们的孩子
    长(zhǎng), a subtitle's line with no stop), where each entry of a list line has its gloss (东西(dōngxī)
    东西(dōngxi)) or a number (1. 东西(dōngxi)); a colon there is a heading's or a sentence's, as right before."""
    floor = max(0, start - _SENTENCE_REACH)
    written = start - 1
    while written >= floor and text[written] in _SPACES:
        written -= 1
    return written if written >= floor else -1


def _among_entries(text: str, start: int, gloss_end: int) -> bool:
    """Whether the list around a head shows it an entry: its line starts with a list's number (1. 便宜 (piányi)
    价钱低), another entry follows it on its line (多音字：便宜(biànyí)　便宜(piányi)), or the line before or
    after starts with one.  A colon or a space alone is no list's: a sentence writes them too (他只说了一个字：
    行(háng), 长(cháng) 大了就好)."""
    line_start = text.rfind("\n", max(0, start - _SENTENCE_REACH), start) + 1
    line_found = line_start > 0 or start < _SENTENCE_REACH  # else the line runs on beyond the reach
    if line_found and list_patterns().list_number.match(text, line_start, start):
        return True
    if list_patterns().next_entry.match(text, gloss_end):
        return True
    line_end = text.find("\n", gloss_end, gloss_end + _SENTENCE_REACH)
    if line_end >= 0 and list_patterns().entry.match(text, line_end + 1):
        return True
    if line_start == 0:
        return False  # no line before, or none found within the reach
    previous_start = text.rfind("\n", max(0, line_start - 1 - _SENTENCE_REACH), line_start - 1) + 1
    previous_found = previous_start > 0 or line_start - 1 < _SENTENCE_REACH
    return previous_found and list_patterns().entry.match(text, previous_start, line_start - 1) is not None


def _after_a_heading_word(text: str, colon: int) -> bool:
    """Whether what stands before the ``colon`` on its line, after a list's number if any, is one word of the
    phrase lists or CC-CEDICT: a heading names what it lists (多音字：便宜(biànyí), 生词：行(háng)), where a
    sentence says more before its colon (他说了两个字：便宜(biànyí)).  Not the large list's words, which hold
    stretches of sentences too (冷冷地说：行(háng)).  A heading of several words (本课生词) is not told from a
    sentence so, and its single entry is read as a sentence's word."""
    line_start = text.rfind("\n", max(0, colon - _HEADING_REACH), colon) + 1
    if line_start == 0 and colon > _HEADING_REACH:
        return False  # the line runs on beyond the reach: more than a heading
    number = list_patterns().list_number.match(text, line_start, colon)
    heading = text[number.end() if number else line_start : colon].strip("".join(_SPACES) + "\t")
    return bool(heading) and in_phrases_or_cc_cedict(heading)


def _a_line_of_enumerated_entries(text: str, start: int, gloss_end: int) -> bool:
    """Whether the line of the word from ``start`` to its gloss's end is entries parted by 、 or ； and nothing
    more, after a list's number or a heading's colon if any (东西(dōngxī)、东西(dōngxi); 多音字：行(háng)；行(xíng)):
    a sentence enumerating with 、 says more around its words (我买了苹果(píngguǒ)、香蕉(xiāngjiāo)。).  A comma
    parts a sentence's clauses, a line of single glossed words among them (是的(shìde)，老师(lǎoshī)), so it parts no
    entries here."""
    line_start = text.rfind("\n", max(0, start - _SENTENCE_REACH), start) + 1
    if line_start == 0 and start >= _SENTENCE_REACH:
        return False  # the line runs on beyond the reach: a list line is shorter
    line_end = text.find("\n", gloss_end, gloss_end + _SENTENCE_REACH)
    if line_end < 0:
        if len(text) - gloss_end > _SENTENCE_REACH:
            return False
        line_end = len(text)
    return list_patterns().enumerated_entries.fullmatch(text, line_start, line_end) is not None


def _alone_in_a_table_cell(text: str, start: int, gloss_end: int) -> bool:
    """Whether only white space stands between a table's bars and the word and its gloss (| 便宜(biànyí) |, as
    Markdown writes a table): each cell is a column's entry, not a sentence's word."""
    padding = "".join(_SPACES) + "\t"
    before = text[max(0, start - _CELL_PADDING) : start].rstrip(padding)
    return before.endswith(_TABLE_BAR) and text[gloss_end : gloss_end + _CELL_PADDING].lstrip(padding)[:1] == _TABLE_BAR


def _reads_on_across_spaces(text: str, alignment: Alignment | GlossSpan) -> bool:
    """Whether the glossed word and a glossed word beside it across white space read on into each other (see
    ``_joined``): a sentence written a word at a time (孩子 (hái zi) 长 (zhǎng) 大 (dà) 了 (le)), where a list's
    entries stand apart."""
    start, end = span_of(alignment)
    word = text[start:end]
    following = list_patterns().glossed_word_after.match(text, alignment.gloss.end)
    if following is not None and _joined(word, following[1]):
        return True
    preceding = list_patterns().glossed_word_before.search(text, max(0, start - _GLOSSED_WORD_REACH), start)
    return preceding is not None and _joined(preceding[1], word)


def _joined(left: str, right: str) -> bool:
    """Whether ``left``'s last character and ``right``'s first make a dictionary word (子长, 长大), ``right`` not
    ``left`` again: a word list prints a word once for each of its readings (好(hǎo)　好(hào))."""
    return left != right and dictionary_readings(left[-1] + right[0]) is not None


_LINE_STARTS = frozenset("\n\t【[《：:")  # a colon: the entries after a list's heading (多音字：便宜(biànyí)　…)
_SPACES = frozenset(" 　")  # white space that parts entries, or words
_SENTENCE_REACH = 200  # characters each way: a list line's entries, and a sentence's stop near its words
_DEFINITION_MARKS = frozenset("：:\t　 ")
_COLONS = frozenset("：:")
_GLOSSED_WORD_REACH = 80  # characters: a word, its gloss and the white space after it, with room to spare
_HEADING_REACH = 20  # characters: a heading of one word, with a list's number and white space, and room to spare
_ENTRY_SEPARATORS = frozenset("、；")  # between the entries of a line, where they are all it holds
_TABLE_BAR = "|"
_CELL_PADDING = 40  # characters: the white space a table pads its cells with, with room to spare


def _glossed(document: DocumentText, alignment: Alignment, index: int) -> tuple[Unit, int, str]:
    """Unit ``index``, the offset of the character it reads (the first, for erhua) and that character."""
    unit = alignment.units[index]
    return unit, unit.chars[0], document.text[unit.chars[0]]


def _spoken_sandhi(document: DocumentText, alignment: Alignment, index: int) -> bool:
    """A second tone for a third-tone character before a third tone, as speech labels write it.

    The next syllable counts as third tone when the context cites it so
    (卡尔普 ka2 er2 pu3) or when the label writes it so (小姐 xiao2 jie3, though
    the word's jie is neutral); and the second tone is sandhi even when it is
    also a reading of its own (打扫 da2 sao3, though 打 reads dá as "dozen").
    """
    unit, _, char = _glossed(document, alignment, index)
    base, tone = unit.syllable.reading
    if tone != 2 or (base, 3) not in readings_of(char):
        return False
    return _written_next_tone(document, alignment, index) == 3 or _next_tone(document, alignment, index) == 3


def _written_next_tone(document: DocumentText, alignment: Alignment, index: int) -> int | None:
    """The tone written on the syllable after unit ``index``: the gloss's next syllable when it reads a character,
    else, at the gloss's end, that of the one-syllable gloss of the next character (一(yí)个(gè): gè)."""
    if index + 1 < len(alignment.units):
        following = alignment.units[index + 1]
        return following.syllable.reading[1] if following.chars else None
    after = document.character_after(alignment.units[index].chars[-1])
    if after is None:
        return None
    pinyin = document.pinyin_after(after)
    if pinyin is None or len(pinyin.syllables) != 1 or pinyin.unparsed:
        return None
    return pinyin.syllables[0].reading[1]


# How sure the resolver is, as the severity of the finding (None: the rule's own).
_SEVERITY_OF = {Confidence.SLIGHT: Severity.INFO, Confidence.MODERATE: Severity.WARNING, Confidence.STRONG: None}


def _judge_in_context(document: DocumentText, alignment: Alignment, index: int, written: Reading,
                      profile: Profile) -> Verdict:
    """A real reading of the character: is it the one the context calls for?

    The resolver weighs the evidence: strong makes an error, moderate a
    warning, slight a note, weak nothing.  Slight is a light syllable said in
    full (石头 shí tóu), which speech labels write so: nothing there.  Nor is
    there anything against a light syllable the dictionaries give the word
    (see ``_light_syllable_listed``), asked only once the resolver objects.
    """
    _, offset, char = _glossed(document, alignment, index)
    ruling = rule_on(document, offset, span_of(alignment), written)
    if ruling.confidence is Confidence.WEAK:
        return Verdict(index, offset, Kind.OK, None)
    if ruling.confidence is Confidence.SLIGHT and profile is Profile.SPOKEN:
        return Verdict(index, offset, Kind.OK, None)
    if written[1] == NEUTRAL and _light_syllable_listed(document, offset, written):
        return Verdict(index, offset, Kind.OK, None)
    expected = ruling.expected or reference_reading(document, alignment, index).reading
    if char in _INTERJECTION_CHARACTERS and expected not in readings_of(char):
        return Verdict(index, offset, Kind.OK, None)  # 嗯(ǹg): no table gives 嗯 the model's èn to write instead
    severity, reason = _SEVERITY_OF[ruling.confidence], ruling.reason
    light_note = _noted_as_light_after(document, offset, written, expected)
    if light_note:
        severity, reason = Severity.INFO, reason + light_note
    elif severity is None and written[1] == NEUTRAL:
        allowance = _light_allowance(document, offset, written, expected)
        if allowance:
            severity, reason = Severity.WARNING, reason + allowance
    if expected == (written[0], NEUTRAL):
        return Verdict(index, offset, Kind.NEUTRAL_MISMATCH, expected, reason, severity)
    return Verdict(index, offset, Kind.OTHER_READING, expected, f"{char} reads {_show(expected)} here: {reason}", severity)


# The share of its dictionary words that read a character light after their
# first syllable (``light_share``) from which a light syllable no source gives
# this word is at most a warning.  Chosen on the tune half of
# benchmarks/labels_eval.py (see docs/readings.md, "Light syllables").
COMMONLY_LIGHT = 0.3

# The suffix of erhua, written apart (头儿 tóu'er) or as the r of the syllable before (tóur).
_ERHUA = "儿"


def _light_allowance(document: DocumentText, offset: int, written: Reading, expected: Reading) -> str:
    """Why a light ``written`` is at most a warning, as words to add to the reason; empty when it is not.

    After a word's first syllable, or as a word of its own (a particle: 得 in
    跑得快), dictionaries mark many syllables as often said light (现代汉语词典's
    这里 zhè·lǐ), and labels and word lists write them light where the phrase
    lists give a full tone: a reviewer would weigh that, not reject it
    outright, as for a character whose table lacks the light reading (知道
    zhī dao, a T403 warning).  Word lists also write light syllables of
    another reading (过得 guò de, where the phrase lists and CC-CEDICT give
    dé): allowed for a character light in many of its words (得, 子), not for
    one rarely light (行, 长).  At a word's start a light syllable is allowed
    only before the 儿 it merges with, where word lists that write 儿 apart
    leave the merged syllable toneless (汉典's 头儿 tou'er, for tóur), and
    only where the character table lists it light (头 in 石头) and the context
    reads its syllable: elsewhere (头发 tou fa) it stays an error.
    """
    text, char = document.text, document.text[offset]
    word, place = segmented_word(document, offset)
    if place == 0 and len(word) > 1:
        if text[offset + 1 : offset + 2] == _ERHUA and written[0] == expected[0] and written in readings_of(char):
            return f", though it is {_show(expected)}, which merges with the 儿 after it, written light"
        return ""
    if written[0] == expected[0]:
        return f", though it is {_show(expected)} said light, as dictionaries allow after a word's first syllable"
    if light_share(char) >= COMMONLY_LIGHT:
        return f", though {char} is light in {light_share(char):.0%} of the dictionary words it ends or continues"
    return ""


def _judge_tone(document: DocumentText, alignment: Alignment, index: int, reference: Reference) -> Verdict:
    """The syllable is right but its tone is not one the character has."""
    unit, offset, char = _glossed(document, alignment, index)
    base, tone = unit.syllable.reading
    same_base = [r for r in readings_of(char) if r[0] == base]
    expected = reference.reading if reference.reading[0] == base else same_base[0]
    sentence, position = document.sentence_at(offset)  # glosses taken out: 看(kàn)看(kan) doubles 看 too
    if tone == 1 and unit.syllable.erhua and _doubled(sentence, position, 1):
        return Verdict(index, offset, Kind.OK, None)  # 慢慢儿(màn mānr): a doubled syllable with erhua takes the first tone
    if tone == NEUTRAL:
        if (expected[1] == NEUTRAL or _reduplicated(sentence, position)
                or _neutral_in_glossed_word(document.text, alignment, offset)
                or _neutral_in_segmented_word(document, offset)
                or _directional_complement(document, offset)):
            return Verdict(index, offset, Kind.OK, None)
        light_note = _noted_as_light_after(document, offset, (base, tone), expected)
        return Verdict(index, offset, Kind.NEUTRAL_MISMATCH, expected,
                       f"{char} has a full tone here, not the neutral tone{light_note}",
                       Severity.INFO if light_note else Severity.WARNING)
    if expected[1] == NEUTRAL:
        return Verdict(index, offset, Kind.NEUTRAL_MISMATCH, expected,
                       f"{reference.source} has the neutral tone here", Severity.WARNING)
    if tone == 2 and (base, 3) in same_base and _next_tone(document, alignment, index) == 3:
        # The spoken profile never gets here: _spoken_sandhi accepted it first.
        return Verdict(index, offset, Kind.SANDHI_WRITTEN, (base, 3),
                       "third-tone sandhi is spoken, not written")
    return Verdict(index, offset, Kind.WRONG_TONE, expected,
                   f"{char} is never read {_show((base, tone))}")


def reference_reading(document: DocumentText, alignment: Alignment, index: int) -> Reference:
    """The reading the context most supports for the character of unit ``index``."""
    evidence = best_reading(document, alignment.units[index].chars[0], span_of(alignment))
    return Reference(evidence.reading, evidence.source)


def _next_tone(document: DocumentText, alignment: Alignment, index: int) -> int | None:
    """The citation tone of the syllable after unit ``index``, in the gloss or the text.

    After the gloss's last syllable it is the next character's, glosses read
    through: a text glossed a character at a time (一(yí)个(gè)) is judged as
    the same text glossed a word at a time (一个(yí gè)), the next character
    read in context as its own gloss would be.
    """
    if index + 1 < len(alignment.units) and alignment.units[index + 1].chars:
        return reference_reading(document, alignment, index + 1).reading[1]
    return _tone_read_after(document, alignment.units[index].chars[-1])


def _tone_read_after(document: DocumentText, offset: int) -> int | None:
    """The citation tone of the Han character read after the one at ``offset``: in context when glosses stand
    between and it has several readings, else its first reading; ``None`` after the text's last Han character."""
    after = document.character_after(offset)
    if after is None or not is_han(document.text[after]):
        return None
    listed = readings_of(document.text[after])
    if not listed:
        return None
    if after > offset + 1 and len(listed) > 1:
        return best_reading(document, after, (after, after + 1)).reading[1]
    return listed[0][1]


def _neutral_in_glossed_word(text: str, alignment: Alignment, offset: int) -> bool:
    """Some dictionary word inside the glossed span reads the character in the neutral tone (朋友 péng you).

    Any such word will do (好朋友 holds 朋友): a light syllable one dictionary
    gives is one a reviewer accepts.
    """
    start, end = span_of(alignment)
    return any(
        neutral_attested(text[word_start:word_end], offset - word_start)
        for word_start in range(start, offset + 1)
        for word_end in range(max(offset + 1, word_start + 2), end + 1)
    )


def _neutral_in_segmented_word(document: DocumentText, offset: int) -> bool:
    """The word the sentence segments into reads the character in the neutral tone, as a text glossed a character
    at a time is judged as the same text glossed by word (知(zhī)道(dao) as 知道(zhī dao))."""
    word, place = segmented_word(document, offset)
    return len(word) > 1 and neutral_attested(word, place)


# Directional complements, light after the verb they complete (关上 guān shang, 拿来 ná lai).
_DIRECTIONS = frozenset("上下来去起过开回进出")


def _directional_complement(document: DocumentText, offset: int) -> bool:
    """The character completes a verb as a direction, in a word a dictionary lists (关上, 拿来)."""
    if document.text[offset] not in _DIRECTIONS:
        return False
    return any(place == 1 and len(word) == 2 for word, place in _words_here(document, offset))


def _lowered_where_doubled(document: DocumentText, verdict: Verdict, written: Reading) -> Verdict:
    """A first tone on the doubled syllables that end an ABB or AABB word is at most a warning.

    Speech raises them (绿油油 lǜ yōu yōu, 密密麻麻 mì mi mā ma), and the
    dictionaries record it for some words and not others: CC-CEDICT writes
    懒洋洋 lǎn yāng yāng and 马马虎虎 mǎ ma hū hū, against tables that give 洋
    and 虎 no first tone, but 绿油油 lǜ yóu yóu.
    """
    if _below_error(verdict) or written[1] != 1 or verdict.kind not in _TONE_KINDS:
        return verdict
    word = _doubled_word_ending_at(document, verdict.offset)
    if verdict.expected is None or verdict.expected[0] != written[0] or not word:
        return verdict
    return _lowered(document, verdict, written, f"speech may raise the doubled syllables that end {word} to the "
                    "first tone")


def _doubled_word_ending_at(document: DocumentText, offset: int) -> str:
    """The dictionary word of three characters or more ending in a doubled pair that holds the character (绿油油).

    Empty when there is none.
    """
    text = document.text
    pair_start = offset - 1 if text[offset - 1 : offset] == text[offset] else offset
    if text[pair_start + 1 : pair_start + 2] != text[offset]:
        return ""
    return next((word for word, place in _words_here(document, offset)
                 if len(word) > 2 and offset - place + len(word) == pair_start + 2 and word[-3] != word[-1]), "")


def _reduplicated(text: str, offset: int) -> bool:
    """看看, 说说, 讨论讨论: the last syllable of a doubled character or word may be neutral."""
    return _doubled(text, offset, 1) or _doubled(text, offset, 2)


def _doubled(text: str, offset: int, width: int) -> bool:
    """The ``width`` characters ending at ``offset`` repeat the ``width`` before them."""
    start = offset + 1 - width
    return start >= width and text[start - width : start] == text[start : offset + 1]


# --------------------------------------------------------------------------
# 一 and 不


def _judge_yi_bu(document: DocumentText, alignment: Alignment, index: int,
                 profile: Profile) -> tuple[Verdict, YiBuVote | None]:
    unit, offset, char = _glossed(document, alignment, index)
    written = unit.syllable.reading
    citation = CITATION_READINGS[char]
    sentence, position = document.sentence_at(offset)
    if char == "一" and written == _YI_DIGIT_BY_DIGIT:
        if _spelled_digit_by_digit(sentence, position):
            return Verdict(index, offset, Kind.OK, None), None
        return Verdict(index, offset, Kind.NOT_A_READING, citation,
                       "一 reads yāo only among digits said one by one (一一零 yāo yāo líng)"), None
    if written[0] != citation[0]:
        return Verdict(index, offset, Kind.NOT_A_READING, citation, f"{char} never reads {written[0]}"), None
    changed = _changed_tone(sentence, position, _next_tone(document, alignment, index))
    before_written = _changed_tone(sentence, position, _written_next_tone(document, alignment, index))
    if written == before_written:
        # 不为(bú wèi) where the context reads 为 wéi: 不 follows the syllable the
        # gloss writes next, and whether that one is right is its own finding.
        changed = before_written
    allowed = {citation, changed}
    words = words_around(sentence, position)
    if _may_be_light(sentence, position, words):
        allowed.add((citation[0], NEUTRAL))
    if written not in allowed:
        expected = citation if profile is Profile.DICTIONARY else changed
        why = (f"{char} reads {_show(citation)} here" if changed == citation
               else f"{char} reads {_show(citation)}, or {_show(changed)} before this syllable")
        if written == (citation[0], NEUTRAL):
            allowance, severity = _light_bu_allowance(sentence, position, words)
            if allowance:
                return Verdict(index, offset, Kind.WRONG_TONE, expected, f"{why}, though {allowance}", severity), None
        return Verdict(index, offset, Kind.WRONG_TONE, expected, why), None
    start, end = span_of(alignment)
    glossed_words = [(word, place) for word, place in words
                     if start <= offset - place and offset - place + len(word) <= end]
    if citation == changed or written not in (citation, changed) or (
            char == "一" and _numeral_yi(sentence, position, glossed_words)):
        return Verdict(index, offset, Kind.OK, None), None  # no convention to vote for
    style = YiBuStyle.CITATION if written == citation else YiBuStyle.CHANGED
    return Verdict(index, offset, Kind.OK, None), YiBuVote(index, offset, style, citation, changed)


def _changed_tone(sentence: str, position: int, following: int | None) -> Reading:
    """The tone 一/不 at ``position`` of ``sentence`` (glosses taken out) takes before a syllable of tone
    ``following``, in conventions that write it."""
    char = sentence[position]
    citation = CITATION_READINGS[char]
    if char == "一" and _in_number(sentence, position):
        return citation
    if following is None or following == NEUTRAL:
        return citation
    if following == 4:
        return (citation[0], 2)
    return (citation[0], 4) if char == "一" else citation


def _in_number(sentence: str, position: int) -> bool:
    """第一, 一九四二, 十一: 一 keeps its tone in numbers, ordinals and dates (``sentence`` without its glosses, so
    that 第(dì)一(yī) is an ordinal too).

    A leading 一 before a place value changes as before any syllable (一百
    yì bǎi, 一万 yí wàn), as speakers mostly say it; ``_numeral_yi`` accepts
    yī there too.
    """
    before = sentence[position - 1] if position > 0 else ""
    after = sentence[position + 1] if position + 1 < len(sentence) else ""
    return before == "第" or before in _NUMERALS or after in _DIGITS


# CC-CEDICT's entry for 一: "also pr. [yao1] for greater clarity when spelling out numbers digit by digit"
# (一一零 yāo yāo líng, a telephone or room number), as speech labels write it.
_YI_DIGIT_BY_DIGIT = ("yao", 1)
_DIGIT_NAMES = _DIGITS - frozenset("十两")  # 十 and 两 are never said digit by digit


def _spelled_digit_by_digit(sentence: str, position: int) -> bool:
    """The 一 at ``position`` of ``sentence`` (glosses taken out, so that 一(yāo)一(yāo)零(líng) is read too) is one
    of two or more digits said one by one (一一零, 三一二): no place value or 十 among or beside them, which would
    make them a number said whole (一百一十, 十一)."""
    start, end = position, position + 1
    while start > 0 and sentence[start - 1] in _DIGIT_NAMES:
        start -= 1
    while end < len(sentence) and sentence[end] in _DIGIT_NAMES:
        end += 1
    beside = sentence[start - 1 : start] + sentence[end : end + 1]
    return end - start >= 2 and not any(char in _NUMERALS for char in beside)


# A question asked by its two answers doubles a word of one syllable or two (是不是, 明白不明白).
_DOUBLED_WIDTHS = (1, 2)


def _between_doubled(text: str, offset: int) -> bool:
    """一 or 不 between a word and the same word again: 看一看, 是不是, 明白不明白."""
    return any(width <= offset and text[offset - width : offset] == text[offset + 1 : offset + 1 + width]
               for width in _DOUBLED_WIDTHS)


def _may_be_light(sentence: str, position: int, words: list[tuple[str, int]]) -> bool:
    """一/不 in the neutral tone: 看一看 and 是不是, a word a dictionary reads so (对不起 duì bu qǐ, 来不及, 可不),
    and 不 in a word of a potential form where the dictionaries write it in full (受不了, 得不到; see
    ``holds_a_potential_form``); not in words that read 不 bù in every dictionary and hold no potential form (决不,
    绝不, 迫不及待), nor inside a stretch of the large list (得不 of 跑得不快, 说不去).  A word reading 不 light at
    its end (可不, 要不, 毫不) does not speak where a word of pypinyin's phrases or CC-CEDICT begins at 不 and goes on
    (可不知为何: 不知; 毫不逊色: 不逊): 不 there is that word's, read bù."""
    if _between_doubled(sentence, position):
        return True
    if sentence[position] != "不":
        return any(neutral_attested(word, index) for word, index in words)
    negation_begins = any(place == 0 and len(word) > 1 and in_phrases_or_cc_cedict(word) for word, place in words)
    return any((neutral_attested(word, index) and not (negation_begins and index == len(word) - 1))
               or holds_a_potential_form(word, index) for word, index in words)


# 了 read liǎo completes any verb, of one character or more (走不了, 适应不了), as the dictionaries read it after 不.
_ANY_VERBS_COMPLEMENT = "了"
_NO_ALLOWANCE = ("", Severity.WARNING)  # a light 不 that is a fault: the finding keeps the rule's own severity


def _light_bu_allowance(sentence: str, position: int, words: list[tuple[str, int]]) -> tuple[str, Severity]:
    """Why a light 不 outside any word that reads it so is a doubt rather than a fault, between a verb and its
    complement, as words to add to the finding's reason, and how much of one; empty when it is a fault.
    ``words`` are the dictionary words holding 不 (``words_around``).

    Where the dictionaries show the verb and complement in a potential form
    (站不稳, 写完 with 吃不完 and 吃得完; see ``potential_form``), or the
    complement is one grammars list after a verb (睡不好, 学不会; see
    ``_grammars_potential_form``) or 了, which completes any verb, as words
    reading 不 light before it say (少不了, 适应不了), 不 is light as 现代汉语词典,
    school books and speech labels write it: a note, as no word of theirs
    holds the three characters.  Otherwise, a warning:

    speech labels and dictionaries write 不 light there, as it is said (办不成
    ban4 bu5 cheng2), in pairs no word holds.  Such a
    pair is a character jieba's dictionary tags a verb, standing alone (睡, 办;
    not the end of 语言, 医生 or 已经), and after it a character that words give
    after a light 得 (吃得完, 来得快), the two a verb of jieba's dictionary (吃完,
    办成) or with 得 between (跑得快); words reading 不 light before it (少不了)
    are named in the reason but decide nothing there.  After a pronoun
    or an adverb (他不(bu)来, 也不(bu)是) and before what only negation takes
    (语言不是, 为数不多), or where 不 ends a word (决不会, 绝不同意) it stays an error.  Only a word of pypinyin's
    phrases or CC-CEDICT ending at the verb or at 不 refuses: the large list's stretches of text (门关 of 门关不上)
    are no words.
    """
    if sentence[position] != "不" or position == 0 or _ends_a_dictionary_word(words):
        return _NO_ALLOWANCE
    verb, complement = sentence[position - 1], sentence[position + 1 : position + 2]
    if not complement:
        return _NO_ALLOWANCE
    verb_alone = is_verb(verb)
    if verb_alone and complement == _ANY_VERBS_COMPLEMENT:
        return _before_any_verbs_complement(sentence, position)
    words_at_verb = words_around(sentence, position - 1)
    if not verb_alone:
        return _grammars_potential_form(sentence, position, words, words_at_verb)
    if _ends_a_dictionary_word(words_at_verb):
        return _NO_ALLOWANCE
    form = potential_form(verb, complement)
    if len(form) == len(verb + complement):
        return (f"{verb} and {complement} make a verb and its complement ({form}), and dictionaries put {complement} "
                f"after both 不 and 得 in potential forms", Severity.INFO)
    if form:
        return f"dictionaries hold the potential form {form}", Severity.INFO
    grammars = _grammars_potential_form(sentence, position, words, words_at_verb)
    if grammars[0]:
        return grammars
    pair = verb_and_complement_word(verb, complement)  # empty unless words give the complement after a light 得
    if not pair:
        return _NO_ALLOWANCE
    return (f"{verb} and {complement} make a verb and its complement ({pair}), and words put {complement} "
            f"{_complement_evidence(complement)}", Severity.WARNING)


def _before_any_verbs_complement(sentence: str, position: int) -> tuple[str, Severity]:
    """The allowance for a light 不 between a verb and 了, which completes any verb (适应不了), where words reading
    不 light before 了 say so (少不了); none else.  No word ending at the verb refuses it: 适应 is as much a verb."""
    light_before = light_bu_before(_ANY_VERBS_COMPLEMENT)
    if not light_before:
        return _NO_ALLOWANCE
    verb = verb_ending_before(sentence, position) or sentence[position - 1]  # 适应 of 适应不了, not 应
    return (f"{verb} is a verb, and dictionaries read 不 light before {_ANY_VERBS_COMPLEMENT} ({light_before}), its "
            f"complement", Severity.INFO)


def _ends_a_dictionary_word(words: list[tuple[str, int]]) -> bool:
    """The character ``words`` (``words_around``) hold ends a word of two characters or more of pypinyin's phrases or
    CC-CEDICT: 不 of 决不, 绝不, 并不, an adverb of negation before what it negates (决不会 is no verb 决 and its
    complement 会); a verb's character ending a longer word (语言, 好像, 起来), which is no verb of one before its
    complement."""
    return any(0 < place == len(word) - 1 and in_phrases_or_cc_cedict(word) for word, place in words)


def _grammars_potential_form(sentence: str, position: int, words: list[tuple[str, int]],
                             words_at_verb: list[tuple[str, int]]) -> tuple[str, Severity]:
    """不 at ``position`` between a verb and a complement grammars list (睡不好, 学不会, 洗不干净; see
    ``POTENTIAL_COMPLEMENTS``) as a potential form no dictionary holds: a note, as the forms they hold are.

    The verb is one the dictionaries show with 不 or 得 and such a
    complement after it (睡不着, 学不完; see ``verb_taking_complements``): not
    是 of 这是不会的, which takes none, nor the end of a longer word (大学不会,
    可能不会), nor a noun after a demonstrative and a measure word or after
    的 (这个镇不到一万人, 他的气不好; see ``ends_a_noun_phrase``), unless the
    verb and the complement make a word of pypinyin's phrases or CC-CEDICT
    (一个学不会游泳的人: 学会).  Nor does 不 begin a word going past the
    complement (找不动点: 不动点, "fixed point").  ``words`` and
    ``words_at_verb`` are the dictionary words holding 不 and the verb
    (``words_around``).
    """
    verb = sentence[position - 1]
    complement = potential_complement_at(sentence, position + 1)
    shown = verb_taking_complements(verb) if complement else ""
    if not shown or _ends_a_dictionary_word(words_at_verb):
        return _NO_ALLOWANCE
    if ends_a_noun_phrase(sentence, position) and not in_phrases_or_cc_cedict(verb + complement):
        return _NO_ALLOWANCE
    if any(place == 0 and len(word) > 1 + len(complement) for word, place in words):
        return _NO_ALLOWANCE
    return (f"{verb} is a verb ({shown}) and {complement} a complement grammars put after one: 不 between makes "
            f"a potential form", Severity.INFO)


def _complement_evidence(complement: str) -> str:
    """Where dictionary words put ``complement`` after a verb, in words to add to the reason: after a light 得
    (吃得完) and, where some do, a light 不 (少不了)."""
    places = (("after 得", complement_after_de(complement)), ("after a light 不", light_bu_before(complement)))
    return " and ".join(f"{place} ({word})" for place, word in places if word)


# 一 in a time or a date: 下午一点, 一点钟, 一月一日.  Compiled when first asked: only a sentence with 一 asks,
# and compiling it cost every run about 0.3 ms of start-up (docs/speed.md, round 17).
@functools.lru_cache(maxsize=None)
def _time_or_date() -> re.Pattern[str]:
    return re.compile(r"(?<=[午晨晚夜])一点|一点(?=[钟整半过零])|(?<=月)一(?=[日号])")


def _numeral_yi(sentence: str, position: int, glossed_words: list[tuple[str, int]]) -> bool:
    """一 as a numeral or ordinal, which keeps yī in speech though the next syllable would change it.

    Such a 一 casts no vote on the document's convention, and either tone
    is accepted: a word the override table marks ``keeps_yi`` (一流, 一线), a count of hundreds or more
    (一百 yì bǎi or yī bǎi), a time or a date (一点, 一月一日), or 一
    ending a CC-CEDICT word the gloss covers whole (统一(tǒng yī)战线, but
    not 另一个(yí gè), where the gloss takes 一 with what follows).
    """
    if any(index == len(word) - 1 and dictionary_readings(word) for word, index in glossed_words):
        return True
    if sentence[position + 1 : position + 2] in _PLACE_VALUES:
        return True
    if any(keeps_yi(word) for word in stretches_holding(sentence, position)):
        return True
    times_and_dates = _time_or_date().finditer(sentence, max(0, position - 1), position + 3)
    return any(match.start() == position for match in times_and_dates)


# --------------------------------------------------------------------------
# Particles and interjections: how they are said decides their syllable


# The particle the syllable before it changes (来啊 lái ya): its sound, not its meaning, is written.
_LIAISON_PARTICLE = "啊"


def _said_with_liaison(document: DocumentText, alignment: Alignment, index: int) -> bool:
    """Unit ``index`` is the particle 啊 written light as said after the syllable before it (来啊 lái ya)."""
    unit, _, char = _glossed(document, alignment, index)
    return char == _LIAISON_PARTICLE and unit.syllable.reading == (_liaison_of_a(document, alignment, index), NEUTRAL)


def _liaison_of_a(document: DocumentText, alignment: Alignment, index: int) -> str | None:
    """What the particle 啊 of unit ``index`` is said as after the syllable before it (来啊 lái ya), if it changes.

    现代汉语词典 gives the particle's liaison: ya after a final ending in a,
    o, e, i, ü or ê; wa after u, ao or ou; na after n (真难啊 zhēn nán na).
    After ng and after the apical vowels the changed sound has no pinyin
    syllable of its own, so a is written there.  Speech labels write what is
    said.  The syllable before is the one the gloss writes, else the usual
    reading of the character before in the sentence, past a gloss of its own
    (你好(nǐ hǎo)啊(wa)).
    """
    if index > 0 and alignment.units[index - 1].chars:
        previous_syllable = alignment.units[index - 1].syllable
        if previous_syllable.erhua:
            return None  # after erhua 啊 is ra, which has no pinyin syllable either
        before = previous_syllable.base
    else:
        sentence, position = document.sentence_at(alignment.units[index].chars[0])
        previous = sentence[position - 1] if position else ""
        if not (previous and readings_of(previous)):
            return None
        before = readings_of(previous)[0][0]
    if before.endswith("n"):
        return "na"
    if before in _APICAL or before.endswith("ng"):
        return None
    if before.endswith(_U_AFTER_J):
        return "ya"
    if before.endswith(("u", "ao", "ou")):
        return "wa"
    return "ya" if before.endswith(("a", "o", "e", "i", "ü", "ê")) else None


# Syllables whose i is the apical vowel, after which 啊 is not ya; and the u that is ü (去 qù: ya).
_APICAL = frozenset({"zi", "ci", "si", "zhi", "chi", "shi", "ri"})
_U_AFTER_J = ("ju", "qu", "xu", "yu")


# Interjections (叹词), as 现代汉语词典 labels them.  Their tone says what they mean (啊 ā calling,
# á asking, ǎ wondering, à agreeing; 嗯 ńg asking, ňg surprised, ǹg agreeing), and each table lists
# only some of the tones said (喂: wèi alone, though answering the telephone it is said wéi too; 嗯: ńg, ňg
# and ǹg, and CC-CEDICT a toneless en).  A short cited list, as no table shipped here marks
# them: jieba's dictionary tags 嗯 and 诶 as interjections, but 啊, 哦 and 唉 as bound morphemes and
# 喂 as the verb "to feed".
_INTERJECTION_CHARACTERS = frozenset("啊哎唉嗳欸诶嗯哦噢喔喂嘿嗨呀哟咦呃呸哼")


def _lowered_for_interjection(document: DocumentText, verdict: Verdict, written: Reading) -> Verdict:
    """Any tone of a syllable a table gives an interjection said as one is at most a warning: 喂(wéi)，嗯(èn)。

    A syllable no table gives it (嗯(ā)) keeps its severity, and so does the
    character inside a word, where it is no interjection (喂养, 哼歌, 呃逆).
    """
    char = document.text[verdict.offset]
    if _below_error(verdict) or not _said_as_interjection_here(document, verdict.offset):
        return verdict
    if written[0] in bases_of(char):
        # The warning already names pypinyin's table when it lacks the tone written.
        source = "the same table" if _table_lacks(verdict, char, written) else "pypinyin's table"
    elif written[0] in {base for base, _ in cc_cedict_readings(char)}:
        source = "CC-CEDICT"
    else:
        return verdict
    return _lowered(document, verdict, written, f"{source} gives {char} the syllable {written[0]}, and an "
                    "interjection's tone says what it means")


def _said_as_interjection_here(document: DocumentText, offset: int) -> bool:
    """One of the interjections listed above said as one, or a character a table gives a syllable with no vowel
    (唔 ńg, 哏 n) standing alone, set off on both sides: such a character is often a word's part (捧哏 gén)."""
    char = document.text[offset]
    if char in _INTERJECTION_CHARACTERS:
        return _said_as_interjection(document, offset)
    return bool(_vowelless_syllables(char)) and _standing_alone(document, offset)


def _vowelless_syllables(char: str) -> list[str]:
    """The syllables with no vowel (m, n, ng, hm, hng) pypinyin's table or CC-CEDICT gives ``char``, in order."""
    return sorted({base for base, _ in _listed_readings(char) if not has_vowel(base)})


def _listed_readings(char: str) -> set[Reading]:
    """Every reading pypinyin's table or CC-CEDICT gives ``char``."""
    return set(readings_of(char)) | cc_cedict_readings(char)


def _standing_alone(document: DocumentText, offset: int) -> bool:
    """Said as an interjection, and with no Han character before it in its sentence (哼，我不去; 捧哏” is not)."""
    sentence, place = document.sentence_at(offset)
    return (place == 0 or not is_han(sentence[place - 1])) and _said_as_interjection(document, offset)


def _judge_vowelless_interjection(document: DocumentText, alignment: Alignment, index: int) -> Verdict | None:
    """A syllable with no vowel (m, n, ng, hm, hng) on a character standing alone as an interjection; else ``None``.

    The tables give such syllables to interjections alone (嗯 ńg, 呣 ḿ, 哼 hng,
    噷 hm), so one a table gives the character, said as one, is right whatever
    the model reads there (哼(hng)，我不去: hēng is the verb "to hum").  The
    tables give one character several of them (唔 ńg, ḿ, ń; 嗯 ń, ńg), ways
    of saying one cry: another of them, on a character they give one, is at
    most a warning (嗯 hm, 噷's syllable, as speech labels write what was said).
    """
    unit, offset, char = _glossed(document, alignment, index)
    written = unit.syllable.reading
    if has_vowel(written[0]) or not _standing_alone(document, offset):
        return None
    if written in _listed_readings(char):
        return Verdict(index, offset, Kind.OK, None)
    vowelless = _vowelless_syllables(char)
    if not vowelless or written[0] in vowelless:
        return None  # another tone of a listed syllable is judged as any interjection's tone
    expected = reference_reading(document, alignment, index).reading
    return Verdict(index, offset, Kind.NOT_A_READING, expected, f"no table gives {char} {written[0]}, though they "
                   f"give it {' and '.join(vowelless)}, ways of saying the same cry", severity=Severity.WARNING)


def _said_as_interjection(document: DocumentText, offset: int) -> bool:
    """The interjections from ``offset`` on, glosses aside, end where the sentence does or before a character
    that is not Han.

    An interjection stands outside the clause, set off by punctuation (喂，你好; 哎呀！);
    the same character followed by another is a word's part (喂养, 哼了一声).
    """
    sentence, place = document.sentence_at(offset)
    end = place + 1
    while end < len(sentence) and sentence[end] in _INTERJECTION_CHARACTERS:
        end += 1
    return end == len(sentence) or not is_han(sentence[end])


# --------------------------------------------------------------------------
# Names


def _lowered_in_names(document: DocumentText, verdict: Verdict, written: Reading) -> Verdict:
    """A tone error inside a likely name is a warning: the tone is in doubt there, not the syllable.

    R301 and a reading of another syllable keep their severity.
    """
    tone_only = verdict.expected is not None and verdict.expected[0] == written[0]
    if verdict.severity is not None or not tone_only or verdict.kind not in _TONE_KINDS:
        return verdict
    return _lowered(document, verdict, written) if _in_likely_name(document.text, verdict.offset) else verdict


_TONE_KINDS = frozenset({Kind.WRONG_TONE, Kind.NEUTRAL_MISMATCH, Kind.OTHER_READING})


def _in_likely_name(text: str, offset: int) -> bool:
    """A word jieba's dictionary tags as a person's name holds the character (安妮, 拉斐尔, 乐基儿).

    Names are where tones are in doubt: speakers and labels often give them
    otherwise than the dictionaries (安妮 ān ní, 斐 fēi).
    """
    names = name_words()
    return any(word in names for word in stretches_holding(text, offset))


# --------------------------------------------------------------------------
# The convention of a speech label file


def label_convention(text: str, glosses: Sequence[Gloss]) -> Profile:
    """Spoken, textbook or dictionary: which convention a speech label file follows.

    Each third tone before a third tone (你好 ni2 hao3 or ni3 hao3) votes, and
    so does each 一/不 whose tone changes before the next syllable (一个 yi2
    ge4 or yi1 ge4).  Third-tone sandhi decides when there is enough of it:
    dictionary tones never write it, while speech labels write it within
    prosodic words and leave it across breaks, so a file writing it in
    ``_SANDHI_SHARE`` of the places or more is spoken.  A file that writes
    too little of it to be spoken but mostly writes 一/不 changed follows the
    textbook convention (一个 yi2 ge4 beside 你好 ni3 hao3), as labels written
    by readers schooled on textbooks do.  With too little third-tone sandhi
    to decide, the 一/不 majority decides, a tie going to the spoken
    convention most label corpora follow.  A label gloss follows its
    characters directly, one syllable each (erhua syllables read two, so
    such glosses are left out).
    """
    votes: Counter[tuple[str, Profile]] = Counter()
    for gloss in glosses:
        syllables = gloss.pinyin.syllables
        if not gloss.pinyin.ok or any(syllable.erhua for syllable in syllables):
            continue
        start = gloss.open - len(syllables)
        for index in range(len(syllables) - 1):
            offset = start + index
            vote = _convention_vote(text, offset, syllables[index].reading, syllables[index + 1].reading[1])
            if vote:
                votes[("yi-bu" if text[offset] in CITATION_READINGS else "sandhi", vote)] += 1
    changed_yi_bu, citation_yi_bu = votes["yi-bu", Profile.SPOKEN], votes["yi-bu", Profile.DICTIONARY]
    sandhi = votes["sandhi", Profile.SPOKEN] + votes["sandhi", Profile.DICTIONARY]
    if sandhi < _ENOUGH_SANDHI:
        return Profile.SPOKEN if changed_yi_bu >= citation_yi_bu else Profile.DICTIONARY
    if votes["sandhi", Profile.SPOKEN] >= _SANDHI_SHARE * sandhi:
        return Profile.SPOKEN
    return Profile.TEXTBOOK if changed_yi_bu > citation_yi_bu else Profile.DICTIONARY


# Chosen on the tune half of benchmarks/labels_eval.py: pypinyin's spoken labels
# write sandhi in about a quarter of the places, its citation labels in none.
_SANDHI_SHARE = 0.1
_ENOUGH_SANDHI = 3


def _convention_vote(text: str, offset: int, written: Reading, next_tone: int) -> Profile | None:
    char = text[offset]
    base, tone = written
    if char in CITATION_READINGS:
        citation = CITATION_READINGS[char]
        changed = _changed_tone(text, offset, next_tone)
        if base != citation[0] or changed == citation:
            return None
        return Profile.SPOKEN if written == changed else Profile.DICTIONARY if written == citation else None
    if next_tone != 3 or tone not in (2, 3) or (base, 3) not in readings_of(char) or (base, 2) in readings_of(char):
        return None
    return Profile.SPOKEN if tone == 2 else Profile.DICTIONARY


# --------------------------------------------------------------------------
# Misattachment


def _mostly_unreadable(alignment: Alignment, verdicts: list[Verdict]) -> bool:
    unreadable = sum(1 for v in verdicts if v.kind is Kind.NOT_A_READING)
    return unreadable > 0 and 2 * unreadable >= len(alignment.units)


def _better_window(text: str, alignment: Alignment) -> tuple[int, ...]:
    """Characters just before or after the span that every syllable fits."""
    bases = [unit.syllable.base for unit in alignment.units]
    if any(unit.syllable.erhua for unit in alignment.units) or not bases:
        return ()
    width = len(bases)
    around = alignment.earlier + alignment.chars + alignment.later
    own = alignment.chars
    for start in range(len(around) - width + 1):
        window = around[start : start + width]
        if window != own and bases_fit(bases, (text[offset] for offset in window)):
            return window
    return ()


def _last_syllable_extra(text: str, alignment: Alignment) -> bool:
    """The syllables but the last read the characters right before the gloss (汽车(qì chē de)).

    The walk gave every syllable a character, so all of them are shifted by
    one; without the last they fit.
    """
    units = alignment.units
    if len(units) < 2 or any(unit.syllable.erhua for unit in units) or alignment.missing:
        return False
    bases = [unit.syllable.base for unit in units[:-1]]
    return bases_fit(bases, (text[offset] for offset in alignment.chars[1:]))


def _show(reading: Reading) -> str:
    return marked(*reading)
