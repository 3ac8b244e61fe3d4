"""Which reading the context calls for: evidence from phrases, a model and rarity.

A gloss can be a real reading of its character and still be wrong here
(银行 yín xíng).  Plain pypinyin output is wrong about the reference about
one time in eight on real sentences, so no single source decides; the
resolver gathers independent opinions and says how sure they are together.

Sources, cheapest first (each is consulted only when the ones before it did
not already settle the question):

- hand rules for the grammar words that dominate errors (跑得很快 de);
- pypinyin's phrase dictionary: the glossed span as a phrase, else the word
  the sentence segments into (forward maximum matching);
- the larger phrase data of pypinyin-dict (about 410 k phrases); both phrase
  lists are corrected by the reviewed table ``audit/overrides.toml``, and
  count as one voice: they share much of their data;
- CC-CEDICT, asked about the same word: a second, independent dictionary;
- g2pM, a small bi-LSTM trained on the CPP corpus, asked about each
  character that needs it, a document's questions scored in one batch;
- how common the reading is: readings outside kMandarin_8105 and kXHC1983
  are rare Unihan readings (王 yù) that need positive evidence.

How they combine (tuned on one half of the CPP dev split, see benchmarks/cpp_eval.py):

- a hand rule or phrase gives the written reading, or CC-CEDICT gives the
  word that reading alone; or it is the character's usual reading and no
  source says otherwise; or the model gives it at ``SUPPORT`` or more
  (``OVERRULE`` or more against a phrase; never against a hand rule or a
  pypinyin phrase for the characters of ``_PHRASE_FIRST``, unless a
  dictionary word crosses that phrase in the sentence): nothing to say,
  unless a phrase gave it and CC-CEDICT's entry for the same word and the
  model (below ``SUPPORT``) agree on another reading: ``MODERATE`` (肚子 dǔ zi),
  or, for a word only the large list has, the model alone all but certain
  of another (below ``CERTAIN_AGAINST``: 型芯 xìn);
- a phrase gives the same syllable in the neutral tone (这个 zhè ge):
  ``SLIGHT``, a light syllable said in full, unless CC-CEDICT gives the full
  tone too; ``MODERATE`` when a hand rule gives it (跑得 de);
- independent sources agree on another reading: the phrase lists or a hand
  rule with the model (below ``SUPPORT``), or the phrase lists with CC-CEDICT
  (the model below ``SUPPORT``, or whatever it says when the glossed span is
  the word or the phrase pypinyin's for a character of ``_PHRASE_FIRST``):
  ``STRONG``; CC-CEDICT naming a third reading is disagreement;
- a rare reading that nothing supports: ``STRONG``;
- a phrase against the written reading and the model for it (``SUPPORT`` or
  more, short of what overrules the phrase): ``SLIGHT``, sources disagreeing;
- otherwise one source disagrees: ``MODERATE``; the model alone against the
  usual reading only when all but certain (below ``CERTAIN_AGAINST``);
- no opinion at all: ``WEAK``.
"""

from __future__ import annotations

import bisect
import enum
import functools
import re
from array import array
from typing import Callable, Iterable, NamedTuple, Sequence, TypeVar

from audit import model
from audit.complements import may_be_the_modal, role_of_de
from audit.gloss import CLOSER, GLOSS_SPACE, Gloss, space_after, space_before
from audit.list_layout import lists_its_glossed_word
from audit.pinyin import INVISIBLE, NEUTRAL, ParsedPinyin, marked
from audit.readings import (
    CITATION_READINGS,
    HAN_CHARACTER,
    HAN_RUN,
    LIAO,
    Reading,
    a_stretch_around_de,
    bases_of,
    common_readings,
    dictionary_readings,
    extended_phrase_readings,
    extended_phrase_words,
    is_han,
    large_phrase_list,
    liao_complement_word,
    literary_colloquial,
    neutral_in_phrases,
    phrase_readings,
    phrase_words,
    pypinyin_phrase_list,
    readings_in_phrases,
    readings_of,
)
from audit.sectioning import SENTENCE_END
from audit.tables import INTEGERS, StoredTable, stored
from audit.words import LONGEST_WORD, BucketsKept

# Model probabilities, chosen on the CPP dev split (benchmarks/cpp_eval.py).
# The written reading is plausible here at SUPPORT or more (enough when no
# phrase says otherwise); below it the model doubts the reading, and agreeing
# with a phrase makes the evidence strong.  Chosen on the tune half, where
# counting 0.1 to 0.4 as doubt too made 27 errors more, 2 of them false, and
# the model alone between 0.05 and 0.1 made 7 right warnings and 2 false.
SUPPORT = 0.05
OVERRULE = 0.9   # needed to overrule a phrase: g2pM was trained on Wikipedia and misreads
                 # everyday sentences (我去银行取钱: xíng at 0.78)
# Below this the model alone doubts even a character's usual reading (颇似 shì)
# or outvotes a word only the large list has (型芯 xìn).  Chosen on the tune
# halves as the value catching the most label swaps (labels_eval.py) with no
# more false alarms on the CPP sentences (cpp_eval.py) than 0.0001 made.
CERTAIN_AGAINST = 0.0003
_MODEL_CONTEXT = 4  # Han characters a sentence needs before the model's guess is evidence
# The model reads this many characters either side of the one in question:
# its step-by-step LSTM costs per character, and on the CPP dev split a
# wider view changed no figure (benchmarks/cpp_eval.py: 1.12 % false
# alarms, 91.90 % recall with 10 either side, as with whole sentences).
_MODEL_REACH = 10

# Characters where pypinyin's phrase dictionary beats the model outright: the
# model reads 了解 le jiě and 银行 yín xíng in everyday sentences.  These are the
# characters that dominate reading errors, less 差 and 当, where on the CPP dev
# split the phrase dictionary was wrong more often than the model.
_PHRASE_FIRST = frozenset("了的地得着行长重还为和都给好数教种调要应看将便处传曲朝觉少发更")


class HandRule(NamedTuple):
    """``char`` reads ``reading`` when the text before it ends with ``before`` and the text after starts with
    ``after``, unless ``unless`` says the place is another rule's (得 that may be the modal děi)."""

    char: str
    before: str   # regular expressions; empty matches anything
    after: str
    reading: Reading
    name: str
    unless: Callable[[str, int], bool] | None = None  # asked of the sentence and the place, once the context matches

    def matches(self, sentence: str, position: int) -> bool:
        """The context matches; a rule that reads only what follows (为了) yields to a word ending at the character.

        The characters before may make a word of their own with it, as
        成为 does in 成为了 (wéi): pypinyin's phrase for that word then
        speaks, not the pattern.
        """
        if not _ending_with(self.before)(sentence[:position]) or not _starting_with(self.after)(sentence[position + 1 :]):
            return False
        if self.unless is not None and self.unless(sentence, position):
            return False
        return bool(self.before) or not _ends_word_reading_otherwise(sentence, position, self.reading)


# A rule's patterns are compiled when it is first asked, once: compiling every rule's at import would cost every
# run about 1 ms of CPU at start-up, for rules most texts never ask.
@functools.lru_cache(maxsize=None)
def _ending_with(before: str) -> Callable[[str], bool]:
    """Whether a text ends with a match of ``before``, as ``$`` has it (at the end, or before a final newline).

    A Han character is looked up by code point: compiled into a pattern of
    its own, the class would cost the first 得 of a run 2 ms of CPU (sre
    builds its map a code point at a time).
    """
    if before == HAN_CHARACTER:
        return _ends_with_han
    pattern = re.compile(f"(?:{before})$")
    return lambda text: pattern.search(text) is not None


def _ends_with_han(text: str) -> bool:
    last = text[:-1] if text.endswith("\n") else text
    return bool(last) and is_han(last[-1])


@functools.lru_cache(maxsize=None)
def _starting_with(after: str) -> Callable[[str], bool]:
    """Whether a text starts with a match of ``after``."""
    pattern = re.compile(after)
    return lambda text: pattern.match(text) is not None


def _ends_word_reading_otherwise(sentence: str, position: int, reading: Reading) -> bool:
    """Some word of pypinyin's phrases ends at ``position`` and gives its character another reading than ``reading``."""
    for start in range(max(0, position - LONGEST_WORD + 1), position):
        readings = phrase_readings(sentence[start : position + 1])
        if readings and readings[-1] != reading:
            return True
    return False


# Grammar the phrase dictionaries cannot hold and the model (trained on
# encyclopaedia sentences) gets wrong in everyday ones.
HAND_RULES = (
    HandRule("了", "(?<!不)(?<!不得)", r"[。！？，；…”\n]|$", ("le", 5), "了 closing a clause is the particle le"),
    # Not where 得 may be the modal děi (你得好好休息, 这件事得好好想想), which role_of_de tells.
    HandRule("得", HAN_CHARACTER, "[很太真更极挺好非不越那这多]", ("de", 5), "跑得很快: the complement marker de",
             unless=may_be_the_modal),
    HandRule("地", r"(.)\1", "", ("de", 5), "慢慢地: after a doubled adverb, the particle de"),
    HandRule("长", "[很太真最更挺越较多]", "", ("chang", 2), "很长: the adjective cháng"),
    HandRule("还", "", "[给钱债款清]", ("huan", 2), "还给, 还钱: give back, huán"),
    HandRule("种", "[一这那各多几某每哪此该同两]", "", ("zhong", 3), "这种, 各种: the measure word zhǒng"),
    HandRule("种", "", "[菜树花草田粮麦稻瓜豆]", ("zhong", 4), "种菜: to plant, zhòng"),
    HandRule("数", "", "[了一]数", ("shu", 3), "数了数: to count, shǔ"),
    HandRule("觉", "[睡午好]", "", ("jiao", 4), "睡觉, 好觉: sleep, jiào"),
    HandRule("为", "", "了", ("wei", 4), "为了: wèi"),
    HandRule("都", "[们也全]", "", ("dou", 1), "他们都, 也都: the adverb dōu"),
    # A pattern, not a table entry: 着 reads zhuó "to wear" by a garment up to three characters on
    # (下着一条长裙), which no word holds, while the phrase lists' 下着 is the xià zhe of 下着雨.
    HandRule("着", "[上下身]", "[^，。；]{0,3}[裙衣衫袍裤装靴鞋袜帽]", ("zhuo", 2),
             "上着衬衫, 下着长裙: to wear, zhuó"),
)


def _by_character(rules: tuple[HandRule, ...]) -> dict[str, list[HandRule]]:
    by_character: dict[str, list[HandRule]] = {}
    for rule in rules:
        by_character.setdefault(rule.char, []).append(rule)
    return by_character


_HAND_RULES_FOR = _by_character(HAND_RULES)
Item = TypeVar("Item")
Decision = TypeVar("Decision")


class Confidence(enum.IntEnum):
    """How sure the context is that the written reading is wrong."""

    WEAK = 0       # say nothing
    SLIGHT = 1     # a note: the gloss is one of two ways the dictionaries allow
    MODERATE = 2   # a warning
    STRONG = 3     # an error


# Named tuples, as the verdicts are: several are made for each glossed character.


class Evidence(NamedTuple):
    """One source's opinion of the character's reading."""

    reading: Reading
    source: str             # "phrase 银行", "extended phrase 行长", "rule: ...", "model"
    probability: float = 1.0
    decisive: bool = False  # the model cannot overrule it
    glossed: bool = False   # the glossed span itself is this phrase
    word: tuple[str, int] | None = None  # a phrase's word, and the character's place in it
    large_list: bool = False  # from pypinyin-dict's large phrase list, the least reliable phrase evidence


class Ruling(NamedTuple):
    """What the context says about one written reading."""

    confidence: Confidence
    expected: Reading | None   # the reading the context prefers, when it has one
    reason: str = ""


# --------------------------------------------------------------------------
# Evidence


def phrase_evidence(document: DocumentText, offset: int, span: tuple[int, int]) -> Evidence | None:
    """pypinyin's phrase dictionary: the glossed span, else the word the text segments into.

    A word the text segments into is not decisive where a dictionary word
    crosses it (see ``_crossed``): the model may outvote it then.  Whether
    one does is asked only of a word the phrases hold: most characters'
    words are not there, and their crossing would be worked out in vain.
    """
    start, end = span
    text = document.text
    decisive = text[offset] in _PHRASE_FIRST
    word = text[start:end]
    readings = phrase_readings(word) if end - start > 1 else None
    if readings:
        return Evidence(readings[offset - start], f"phrase {word}", decisive=decisive, glossed=True,
                        word=(word, offset - start))
    segmented = _word_evidence(document, offset, phrase_readings, "phrase")
    if segmented is None or not decisive or _crossed(document, offset):
        return segmented
    return segmented._replace(decisive=True)


def _crossed(document: DocumentText, offset: int) -> bool:
    """Whether segmenting with the large list makes a CC-CEDICT word across the word pypinyin's phrases segment
    the character's sentence into: 哥哥 across 的哥 in 她的哥哥, 士兵 across 的士 in 的士兵.

    pypinyin's phrases hold the words a reading needs, not every word: 哥哥
    and 士兵, with no character to choose a reading for, are not there, so
    segmenting with them alone finds 的哥 (dī gē, a taxi driver) wherever 的
    comes before 哥哥.  A word of the large list that CC-CEDICT has too is a
    real word, and one across the phrase says the segmentation is in doubt.
    """
    view = document.without_glosses
    position = offset - view.removed_before(offset)
    word, place = segmented_word(document, offset)
    start = position - place
    return len(word) > 1 and document.segmentation("extended phrase").crosses(start, start + len(word))


def hand_rule_evidence(document: DocumentText, offset: int) -> Evidence | None:
    """The first hand rule for the character whose context matches, in the sentence without glosses."""
    rules = _HAND_RULES_FOR.get(document.text[offset])
    if not rules:
        return None
    sentence, position = document.sentence_at(offset)
    for rule in rules:
        if rule.matches(sentence, position):
            return Evidence(rule.reading, f"rule: {rule.name}", decisive=True)
    return None


def potential_complement_evidence(document: DocumentText, offset: int) -> Evidence | None:
    """得 or 了 of a verb's potential complement 得了 or 不了, "able to" (吃得了 chī de liǎo): de and liǎo.

    Asked before the hand rules, which it overrules: their 了 closing a clause
    reads le.
    """
    if document.text[offset] not in "了得":
        return None
    return _potential_liao(*document.sentence_at(offset))


def _potential_liao(sentence: str, position: int) -> Evidence | None:
    """The potential complement's reading of 得 or 了 at ``position``, if it is one.

    The phrase lists' 得了 is dé le, "got" (他得了第一名), and the hand rule
    reads a 了 closing a clause le, as the model does: after 不 the
    dictionaries read 了 liǎo all but always (受不了, 免不了, 不了解), and after a
    verb they give the complement liǎo, 不 or 得 between (吃不了, 受得了), 得
    is the light marker and 了 the complement.
    """
    char = sentence[position]
    if char == "了" and sentence[position - 1 : position] == "不":
        return Evidence(LIAO, "rule: 不了: the complement liǎo, as the dictionaries read 了 after 不 (受不了)",
                        decisive=True)
    if char == "了" and position >= 2 and sentence[position - 1] == "得":
        verb, reading, role = sentence[position - 2], LIAO, "the complement liǎo"
    elif char == "得" and position >= 1 and sentence[position + 1 : position + 2] == "了":
        verb, reading, role = sentence[position - 1], ("de", NEUTRAL), "the light marker de"
    else:
        return None
    word = liao_complement_word(verb)
    if not word:
        return None
    return Evidence(reading, f"rule: {verb}得了: {role}, as dictionaries read it after {verb} ({word})", decisive=True)


def de_role_evidence(document: DocumentText, offset: int) -> Evidence | None:
    """得 standing alone as the complement marker de or the modal děi, by the words around it (see
    ``role_of_de``); asked after the hand rules, whose 得 before an adverb of degree is the marker whatever
    comes before it (曾经得越来越)."""
    if document.text[offset] != "得":
        return None
    role = role_of_de(*document.sentence_at(offset))
    return Evidence(role.reading, f"rule: {role.reason}", decisive=role.decisive) if role else None


def extended_phrase_evidence(document: DocumentText, offset: int) -> Evidence | None:
    """The larger phrase data of pypinyin-dict, on the word the text segments into.

    Remembered for the document, by offset in a plain dictionary: a ruling
    may ask twice (see ``_agreeing_early``), and most rulings ask.
    """
    remembered = document.memos.extended_evidence
    if offset in remembered:
        return remembered[offset]
    lookup = _large_list_words_for_de if document.text[offset] == "得" else extended_phrase_readings
    evidence = _word_evidence(document, offset, lookup, "extended phrase", large_list=True)
    remembered[offset] = evidence
    return evidence


def _large_list_words_for_de(word: str) -> tuple[Reading, ...] | None:
    """The large list's readings of ``word``, a word holding 得, unless it is a stretch of text around 得 (那得 nà de,
    得按 de àn; see ``a_stretch_around_de``): no evidence of its reading, which the grammar tells (see
    ``role_of_de``), or the model."""
    return None if a_stretch_around_de(word) else extended_phrase_readings(word)


class Listing(NamedTuple):
    """The readings a dictionary lists for the character in one word."""

    readings: frozenset[Reading]
    word: str


def dictionary_evidence(document: DocumentText, offset: int, span: tuple[int, int]) -> Listing | None:
    """CC-CEDICT on the glossed span, else on the word either phrase list segments the sentence into.

    The phrase lists share much of their data, so they are one voice;
    CC-CEDICT is another, asked about the same word.
    """
    start, end = span
    text = document.text
    if end - start > 1:
        listed = dictionary_readings(text[start:end])
        if listed:
            return Listing(listed[offset - start], text[start:end])
    for word_list in _WORD_LISTS:
        word, place = segmented_word(document, offset, word_list)
        listed = dictionary_readings(word) if len(word) > 1 else None
        if listed:
            return Listing(listed[place], word)
    return None


def _word_evidence(document: DocumentText, offset: int, lookup, label: str,
                   large_list: bool = False) -> Evidence | None:
    """The word around the character in its sentence, glosses taken out (还(huán)给 is 还给)."""
    word, place = segmented_word(document, offset, label)
    readings = lookup(word) if len(word) > 1 else None
    if not readings:
        return None
    return Evidence(readings[place], f"{label} {word}", word=(word, place), large_list=large_list)


def segmented_word(document: DocumentText, offset: int, word_list: str = "phrase") -> tuple[str, int]:
    """The word ``word_list`` segments the character's sentence into, and the character's place in it.

    Remembered for the document: the phrase lists and the dictionary ask
    for the same words, and a judgement that waited for the model asks again.
    """
    words = document.segmented_words(word_list)
    found = words.get(offset)
    if found is None:
        found = words[offset] = _segmented(document, offset, word_list)
    return found


def _segmented(document: DocumentText, offset: int, word_list: str) -> tuple[str, int]:
    """The word around the character in the document without glosses: its run of Han characters never
    reaches past the sentence's stops, so the sentence need not be cut out first."""
    view = document.without_glosses
    position = offset - view.removed_before(offset)
    start, end = document.segmentation(word_list).word_at(position)
    return view.text[start:end], position - start


# The word lists to segment with, by the name evidence gives its source.
_WORD_LISTS = {"phrase": phrase_words, "extended phrase": extended_phrase_words}
# The same lists as they ship, to build the tables below from.
_WORD_SOURCES: dict[str, Callable[[], Iterable[str]]] = {
    "phrase": pypinyin_phrase_list, "extended phrase": large_phrase_list}


def in_a_word_list(word: str) -> bool:
    """Whether a word list to segment with holds ``word``."""
    return any(word in words() for words in _WORD_LISTS.values())


def in_a_word_list_or_cc_cedict(word: str) -> bool:
    """Whether a word list to segment with or CC-CEDICT holds ``word``: a word of some dictionary."""
    return in_a_word_list(word) or dictionary_readings(word) is not None


@functools.lru_cache(maxsize=4096)
def a_word_alone(sentence: str) -> bool:
    """Whether the Han characters of ``sentence`` are one word of a word list or CC-CEDICT and nothing more:
    an entry of a word list (一帆风顺, 谁是谁非), not a sentence.

    The model was trained on sentences, and reads a word alone with the
    confidence it has in one (谁是谁非 shéi at 100 %, where 现代汉语词典 gives
    shuí too): with no sentence around the word, its doubt is no evidence
    against a reading a word list prints.
    """
    return in_a_word_list_or_cc_cedict("".join(HAN_RUN.findall(sentence)))


def word_span(sentence: str, position: int, word_list: str = "phrase") -> tuple[int, int]:
    """The word around ``position``, where segmenting its run of Han characters is unambiguous (see ``Segmentation``)."""
    return Segmentation(sentence, word_list).word_at(position)


# Characters segmented on either side of the one asked about: enough for
# any word that holds it.  Maximum matching falls into step again within a
# word or two, so the word found is the one the whole run gives (the CPP
# figures do not move), while a long run costs no more than this.
_SEGMENTATION_REACH = LONGEST_WORD - 1


class Segmentation:
    """Maximum matching over one text with one word list, each cut worked out once.

    ``word_list`` names the list to segment with (see ``_WORD_LISTS``).
    Segmenting, rather than taking any phrase that covers the character,
    keeps 银行行长 from being read through 行行.  Where forward and backward
    maximum matching disagree (的历史: 的历 or 历史?) the character is left on
    its own: an ambiguous segmentation is no evidence.

    The word forward matching takes at a cut depends on the text from there
    on, to the end of the run of Han characters, and on nothing else: no word
    is longer than the reach, so the window around the character asked about
    never shortens it.  So the length taken at each cut is kept, and every
    character of the run walks the same cuts (backward matching alike, from
    the right); in densely glossed text each cut is asked for several times.
    """

    def __init__(self, text: str, word_list: str, runs: HanRuns | None = None) -> None:
        self.text = text
        self._runs = han_runs(text) if runs is None else runs  # a document's runs are found once, for both word lists
        # The buckets to look in, by a word's first two characters, as every cut asks.
        self._words_starting = buckets_kept(_WORD_LISTS[word_list]())
        self._longest_at_edges = buckets_kept(_longest_words_at_edges())  # every list's: this one's at these places
        self._starting_place = list(_WORD_LISTS).index(word_list)
        self._ending_place = self._starting_place + len(_WORD_LISTS)
        self._taken_from: dict[int, int] = {}  # a cut -> the length of the word forward matching takes after it
        self._taken_to: dict[int, int] = {}    # a cut -> the length backward matching takes before it

    def forget_cuts(self) -> None:
        """Forget the lengths taken at the cuts met so far: a section of a document, audited, meets none again
        (a run of Han characters ends where a sentence does), and a length is only ever worked out the same way."""
        self._taken_from.clear()
        self._taken_to.clear()

    def word_at(self, position: int) -> tuple[int, int]:
        """The word around ``position``; the character alone where the two directions disagree."""
        run = self._run_around(position)
        if run is None:
            return position, position + 1
        start, end = run
        alone = position, position + 1
        forward = self._forward_word(start, position, end)
        if forward == alone:  # whatever backward matching finds, the character stays alone: it need not run
            return alone
        return forward if forward == self._backward_word(start, position, end) else alone

    def crosses(self, start: int, end: int) -> bool:
        """Whether matching either way makes a word CC-CEDICT has that holds some of ``text[start:end]`` and some of
        the text outside it."""
        for position in range(start, end):
            run = self._run_around(position)
            if run is None:  # no Han character here, so no word to cross: the next position may have one
                continue
            run_start, run_end = run
            for first, last in (self._forward_word(run_start, position, run_end),
                                self._backward_word(run_start, position, run_end)):
                if ((first < start or last > end) and not (first <= start and last >= end)
                        and dictionary_readings(self.text[first:last]) is not None):
                    return True
        return False

    def _run_around(self, position: int) -> tuple[int, int] | None:
        """The run of Han characters holding ``position``, no further than ``_SEGMENTATION_REACH`` either side."""
        starts, ends = self._runs
        run = bisect.bisect_right(starts, position) - 1
        if run < 0 or ends[run] <= position:
            return None
        return max(starts[run], position - _SEGMENTATION_REACH), min(ends[run], position + _SEGMENTATION_REACH + 1)

    def _forward_word(self, start: int, position: int, end: int) -> tuple[int, int]:
        """The word holding ``position`` when ``text[start:end]`` is cut from the left, longest word first."""
        taken = self._taken_from
        while True:
            length = taken.get(start)
            if length is None:
                length = taken[start] = self._longest_from_cut(start, end)
            if start + length > position:
                return start, start + length
            start += length

    def _backward_word(self, start: int, position: int, end: int) -> tuple[int, int]:
        """The word holding ``position`` when ``text[start:end]`` is cut from the right, longest word first."""
        taken = self._taken_to
        while True:
            length = taken.get(end)
            if length is None:
                length = taken[end] = self._longest_to_cut(start, end)
            if end - length <= position:
                return end - length, end
            end -= length

    # Every word tried after a cut starts with the same two characters: their table bucket is looked in, at C speed.

    def _longest_from_cut(self, start: int, end: int) -> int:
        text = self.text
        pair = text[start : start + 2]
        longest = self._longest_at_edges.get_or(pair, _NO_WORD_AT_EDGES)[self._starting_place]
        if longest == 1:  # no word starts with the pair: the usual case, settled by that one lookup
            return 1
        length = min(longest, end - start)
        starting = self._words_starting.bucket_of(pair)
        while length > 1 and text[start : start + length] not in starting:
            length -= 1
        return length

    def _longest_to_cut(self, start: int, end: int) -> int:
        text, words = self.text, self._words_starting
        pair = text[end - 2 : end]
        length = min(self._longest_at_edges.get_or(pair, _NO_WORD_AT_EDGES)[self._ending_place], end - start)
        while length > 1 and text[end - length : end] not in words:
            length -= 1
        return length


@functools.lru_cache(maxsize=8)  # the word lists and their edges: one for each table, kept for the run
def buckets_kept(table: StoredTable) -> BucketsKept:
    """The buckets of ``table`` as every segmentation of the run shares them, so that each is fetched once."""
    return BucketsKept(table)


class HanRuns(NamedTuple):
    """Where the runs of Han characters in a text start and end, in order."""

    starts: list[int]
    ends: list[int]


def han_runs(text: str) -> HanRuns:
    spans = [run.span() for run in HAN_RUN.finditer(text)]
    return HanRuns([start for start, _ in spans], [end for _, end in spans])


# For a pair of characters that starts no word and ends none, in any list (see ``_longest_words_at_edges``).
_NO_WORD_AT_EDGES = (1,) * (2 * len(_WORD_LISTS))


@functools.lru_cache(maxsize=1)
def _longest_words_at_edges() -> StoredTable:
    """The longest word of each list that starts with each pair of characters, and that ends with each, in one table.

    Where no word starts (or ends) with the pair, matching settles with one
    lookup; where one does, it tries no length longer than the longest.
    One table for every list and both edges, as the two segmentations walk
    much the same cuts, and a pair a cut starts with is mostly one another
    cut ends with: one bucket read serves them all (on 0.5 MB with every
    word glossed, 16,742 reads where a table a list and edge read 31,068;
    docs/speed.md, round 21).  Built once, then stored.
    """
    def measured() -> dict[str, tuple[int, ...]]:
        edges = [edge for word_list in _WORD_LISTS for edge in _measure_word_edges(word_list)]
        columns = edges[0::2] + edges[1::2]  # each list's starting, then each list's ending, in ``_WORD_LISTS``' order
        pairs = dict.fromkeys(pair for longest in columns for pair in longest)  # each once
        return {pair: tuple(longest.get(pair, 1) for longest in columns) for pair in pairs}

    return stored("word-edges", measured, INTEGERS)


@functools.lru_cache(maxsize=1)  # both edges are measured in one pass
def _measure_word_edges(word_list: str) -> tuple[dict[str, int], dict[str, int]]:
    longest_from: dict[str, int] = {}
    longest_to: dict[str, int] = {}
    for word in _WORD_SOURCES[word_list]():
        length = min(len(word), LONGEST_WORD)
        if length > longest_from.get(word[:2], 1):
            longest_from[word[:2]] = length
        if length > longest_to.get(word[-2:], 1):
            longest_to[word[-2:]] = length
    return longest_from, longest_to


def model_evidence(document: DocumentText, offset: int) -> tuple[Evidence, ...]:
    """g2pM's probability for each reading it knows for the character, best first.

    Empty when the model is not installed, does not know the character, or
    the sentence is too short for its guess to be more than a prior; and,
    while ``DocumentText.decide_all`` gathers the document's questions, when
    the model has not been asked this one before.
    """
    request = document.model_request(offset)
    return () if request is None else document.model_opinions(request)


def _model_request(document: DocumentText, offset: int) -> model.Request | None:
    """The text around the character the model reads, and the character's place in it; ``None`` where the sentence
    is too short for the model's guess to be evidence."""
    sentence, position = document.sentence_at(offset)
    start = max(0, position - _MODEL_REACH)
    request = _without_space_at_full_width(sentence[start : position + _MODEL_REACH + 1], position - start)
    return request if sum(len(run) for run in HAN_RUN.findall(request[0])) >= _MODEL_CONTEXT else None


def _without_space_at_full_width(text: str, position: int) -> model.Request:
    """``text`` without the white space written next to full-width punctuation, and ``position`` moved with it:
    the model learnt from text set without it, and reads 字： 行 as 字：行 only so (他只说了一个字： 行)."""
    if not _WHITE_SPACE_BESIDE_PUNCTUATION.intersection(text):
        return text, position
    space_at_full_width = _space_at_full_width()
    before = space_at_full_width.sub("", text[:position])
    return before + space_at_full_width.sub("", text[position:]), len(before)


_WHITE_SPACE_BESIDE_PUNCTUATION = frozenset(" \u00a0\u3000")


# Compiled when a text the model is asked holds white space: compiling it cost every run about 0.8 ms of start-up.
@functools.lru_cache(maxsize=None)
def _space_at_full_width() -> re.Pattern[str]:
    """White space next to full-width punctuation (the CJK block's and the full-width forms' punctuation, not their
    letters and digits); the full-width space itself is white space."""
    punctuation = "\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
    return re.compile(rf"[ \u00a0\u3000]+(?=[{punctuation}])|(?<=[{punctuation}])[ \u00a0\u3000]+")


# A ruling's place in a document: what it is, the offset of the character, the glossed span, the written reading.
_SettledKey = tuple[str, int, tuple[int, int], Reading]


class PassageMemos:
    """What a ``DocumentText`` works out about single places and sentences, held together so that it is forgotten
    together: ``DocumentText.forget_passages`` puts a new holder in its place, and a memo added here is forgotten
    with the rest, without a line of its own to clear it."""

    def __init__(self) -> None:
        self.sentences: dict[tuple[int, int], str] = {}  # whole ones, by start and end in the text without glosses
        self.settled: dict[_SettledKey, Ruling] = {}  # by the key ``DocumentText.settled`` was given
        self.extended_evidence: dict[int, Evidence | None] = {}  # by offset (see ``extended_phrase_evidence``)
        self.words: dict[str, dict[int, tuple[str, int]]] = {}  # by word list, then offset (see ``segmented_word``)
        self.model_requests: dict[int, model.Request | None] = {}  # by offset (see ``model_evidence``)
        self.answered: dict[model.Request, model.Scores] = {}  # the model's answers to the questions gathered
        self.opinions: dict[model.Request, tuple[Evidence, ...]] = {}  # the answers as evidence (``model_opinions``)


class DocumentText:
    """One document as the resolver reads it, with what is worked out from it once and dropped with it.

    The engine makes one per document and the verdicts pass it here: the
    text without glosses and its sentence ends, one string per sentence (so
    that what is keyed by sentence, the model's scores, hits), and whatever a
    ruling may ask twice.  Nothing about a document outlives it.  The space
    right after a gloss is read through as well where it is the notation's
    (see ``reads_through_space_after``; ``spaced_glosses``: the document
    writes a space before its glosses).
    """

    def __init__(self, text: str, spaced_glosses: bool = False) -> None:
        self.text = text
        self.spaced_glosses = spaced_glosses
        self.memos = PassageMemos()  # what is worked out about single places and sentences
        self._segmentations: dict[str, Segmentation] = {}  # by word list
        self._deferred: list[model.Request] | None = None  # the model's questions, while they are gathered
        self._rechecks: list[Callable[[], bool]] = []  # for each, while gathered: does its ruling stand once answered?
        self._pinyin_by_opening: dict[int, ParsedPinyin] = {}  # the glosses being judged (see ``read_glosses``)
        # Made when first asked for. Not a cached_property: a compiled class has no instance dictionary to keep it in.
        self._without_glosses: _GlossFreeText | None = None

    def decide_all(self, items: Sequence[Item], decide: Callable[[Item], Decision]) -> list[Decision]:
        """``decide(item)`` for each item, the model's questions from all of them answered in one batch.

        The first pass decides every item, the model answering only what it
        was asked before and noting the rest; one batch scores those, and the
        items that asked are decided again, unless every question an item
        asked came from a ruling that keeps a recheck (see ``_decided_by_model``)
        and each ruling stands with the answer: the model's answer rarely
        changes one, and deciding again costs as much as deciding.  Nothing
        else a decision reads depends on the model, so each decision is the one
        a single pass makes, while the model runs once over the document
        rather than once a sentence.
        """
        self._deferred, self._rechecks = [], []
        decided, waiting = [], []
        for index, item in enumerate(items):
            asked, rechecks = len(self._deferred), len(self._rechecks)
            decided.append(decide(item))
            if len(self._deferred) > asked:
                each_rechecked = len(self._rechecks) - rechecks == len(self._deferred) - asked
                waiting.append((index, self._rechecks[rechecks:] if each_rechecked else None))
        deferred, self._deferred, self._rechecks = self._deferred, None, []
        self.memos.answered.update(zip(deferred, model.position_scores(deferred)))
        for index, to_recheck in waiting:
            if to_recheck is None or not all(stands() for stands in to_recheck):
                decided[index] = decide(items[index])
        return decided

    def questions_noted(self) -> int:
        """How many questions for the model have been noted while they are gathered (0 when they are not)."""
        return len(self._deferred) if self._deferred is not None else 0

    def recheck(self, stands: Callable[[], bool]) -> None:
        """Note that the question just noted settles whether a ruling stands: ``stands()``, asked once it is answered."""
        self._rechecks.append(stands)

    def model_opinions(self, request: model.Request) -> tuple[Evidence, ...]:
        """The model's answer to ``request`` as evidence, best first, made once per answer: a ruling reads it two or
        three times, and the rulings on a gloss judged again read it again."""
        opinions = self.memos.opinions.get(request)
        if opinions is None:
            scores = self.model_scores(request)
            opinions = tuple(Evidence(reading, "model", probability)
                             for reading, probability in sorted(scores.items(), key=lambda item: -item[1]))
            if scores:  # no scores may be a question just noted, which has its answer once the batch has run
                self.memos.opinions[request] = opinions
        return opinions

    def model_scores(self, request: model.Request) -> model.Scores:
        """The model's answer to ``request``; while questions are gathered, {} for a new one, noted."""
        answer = self.memos.answered.get(request)
        if answer is None:
            answer = model.recalled(request)
        if answer is not None:
            return answer
        if self._deferred is not None:
            self._deferred.append(request)
            return {}
        return model.position_scores([request])[0]

    @property
    def without_glosses(self) -> _GlossFreeText:
        if self._without_glosses is None:
            self._without_glosses = _GlossFreeText(self.text, self.spaced_glosses)
        return self._without_glosses

    def segmentation(self, word_list: str) -> Segmentation:
        """The document without glosses, segmented with ``word_list`` as its characters ask."""
        segmentation = self._segmentations.get(word_list)
        if segmentation is None:
            view = self.without_glosses
            segmentation = self._segmentations[word_list] = Segmentation(view.text, word_list, view.han_runs)
        return segmentation

    def segmented_words(self, word_list: str) -> dict[int, tuple[str, int]]:
        """The words ``segmented_word`` found with ``word_list`` so far, by the offset asked about: a plain
        dictionary, as every glossed character of a ruling asks for its word two or three times."""
        by_list = self.memos.words
        words = by_list.get(word_list)
        if words is None:  # not setdefault, which would make an empty dictionary at every call
            words = by_list[word_list] = {}
        return words

    def model_request(self, offset: int) -> model.Request | None:
        """The question ``model_evidence`` puts to the model about the character at ``offset`` (see
        ``_model_request``), made once: a ruling that waited for the model asks again once it has answered."""
        requests = self.memos.model_requests
        if offset not in requests:
            requests[offset] = _model_request(self, offset)
        return requests[offset]

    def sentence_at(self, offset: int) -> tuple[str, int]:
        """The sentence around ``offset`` with its glosses taken out, and the character's place in it.

        A sentence reaches no further than ``_SENTENCE_REACH`` characters either
        way, so a document that is one long line still has sentences.
        """
        view = self.without_glosses
        position = offset - view.removed_before(offset)
        stops = view.stops
        after = bisect.bisect_left(stops, position)
        sentence_start = stops[after - 1] + 1 if after else 0
        sentence_end = stops[after] + 1 if after < len(stops) else len(view.text)
        start = max(sentence_start, position - _SENTENCE_REACH)
        end = min(sentence_end, position + _SENTENCE_REACH)
        if start != sentence_start or end != sentence_end:
            # A stretch of a longer sentence, another for nearly every offset asked: kept, such stretches would hold
            # that sentence hundreds of times over until the section ends, which a line without a stop never does.
            return view.text[start:end], position - start
        sentences = self.memos.sentences
        sentence = sentences.get((start, end))
        if sentence is None:
            sentence = sentences[start, end] = view.text[start:end]
        return sentence, position - start

    def character_after(self, offset: int) -> int | None:
        """The offset of the character read after the one at ``offset``, glosses with their white space and
        invisible characters read through (一(yí)个 and 一 (yí)个: 个), as the resolver reads the text; ``None`` at
        the end of the text."""
        text, after = self.text, offset + 1
        while True:
            opening = space_after(text, after)  # a gloss's white space before it is its own
            taken_out = _NOT_READ.match(text, opening)
            if taken_out is None or (opening > after and text[opening] not in _OPENING_BRACKETS):
                return after if after < len(text) else None
            after = taken_out.end()
            if text[opening] in _OPENING_BRACKETS and reads_through_space_after(
                    text, space_before(text, opening), after, self.spaced_glosses):
                after = space_after(text, after)

    def read_glosses(self, glosses: Iterable[Gloss]) -> None:
        """Keep the pinyin of the glosses about to be judged, as the gloss finder parsed it, for ``pinyin_after``."""
        self._pinyin_by_opening = {gloss.open: gloss.pinyin for gloss in glosses}

    def pinyin_after(self, offset: int) -> ParsedPinyin | None:
        """The pinyin of the gloss written right after the character at ``offset`` (个(gè): gè), one of those being
        judged (see ``read_glosses``); ``None`` when none is there."""
        return self._pinyin_by_opening.get(offset + 1)

    def forget_passages(self) -> None:
        """Forget what was worked out about single places and sentences, keeping what covers the whole text.

        The engine audits a long document a section at a time, and calls this
        between sections: the memory then stays that of one section.  What is
        forgotten is only ever worked out again the same way, if asked: the
        memos, dropped with their holder, and the cuts each segmentation met.
        """
        self.memos = PassageMemos()
        for segmentation in self._segmentations.values():
            segmentation.forget_cuts()

    def settled(self, key: _SettledKey, compute: Callable[[], Ruling]) -> Ruling:
        """``compute()``, remembered for ``key`` unless it noted a question for the model (and so waits for the answer)."""
        remembered = self.memos.settled
        if key in remembered:
            return remembered[key]
        asked = len(self._deferred) if self._deferred is not None else 0
        found = compute()
        if self._deferred is None or len(self._deferred) == asked:
            remembered[key] = found
        return found


class _GlossFreeText:
    """A document with its glosses taken out, made once per document (还(huán)给 reads as 还给), with the white
    space of their notation (银 (yín)行 reads as 银行; see ``GLOSS_SPACE``), and the invisible characters pasted
    among its words (银\\u200b行 reads as 银行, as the aligner reads them).  Its offsets are held in arrays, 8 bytes
    each rather than 40 in a list: a document may hold millions of glosses."""

    def __init__(self, text: str, spaced_glosses: bool) -> None:
        kept, self.taken_out_ends, self.removed = [], array("q"), array("q")
        cursor = total = 0
        for taken_out in _NOT_READ.finditer(text):
            start, end = taken_out.start(), taken_out.end()
            if text[start] in _OPENING_BRACKETS:  # a gloss, whose white space goes with it
                start = space_before(text, start, cursor)
                if reads_through_space_after(text, start, end, spaced_glosses):
                    end = space_after(text, end)
            kept.append(text[cursor:start])
            cursor = end
            total += end - start
            self.taken_out_ends.append(cursor)
            self.removed.append(total)
        kept.append(text[cursor:])
        self.text = "".join(kept)
        self.stops = array("q", [match.start() for match in SENTENCE_END.finditer(self.text)])
        self._han_runs: HanRuns | None = None  # found when first asked for (see ``DocumentText._without_glosses``)

    def removed_before(self, offset: int) -> int:
        """How many characters of glosses (and invisible ones) ended at or before ``offset``."""
        taken_out = bisect.bisect_right(self.taken_out_ends, offset)
        return self.removed[taken_out - 1] if taken_out else 0

    @property
    def han_runs(self) -> HanRuns:
        if self._han_runs is None:
            self._han_runs = han_runs(self.text)
        return self._han_runs


_SENTENCE_REACH = 200
# A bracket without Han characters in it (a gloss, or Latin text the model never saw), or an invisible character.
# One class of what either starts with, so the search skips ahead at C speed (two alternatives: 1.6x the time).
_INVISIBLE_CLASS = "".join(sorted(INVISIBLE))
# What _NOT_READ matches starting with one of these (CLOSER is keyed by them) is a bracket, a gloss mostly; else an
# invisible character.
_OPENING_BRACKETS = frozenset(CLOSER)
_OPENERS, _CLOSERS = re.escape("".join(CLOSER)), re.escape("".join(CLOSER.values()))
_NOT_READ = re.compile(rf"[{_OPENERS}{_INVISIBLE_CLASS}]"
                       rf"(?:(?<=[{_OPENERS}])[^{_OPENERS}{_CLOSERS}\u3400-\u9fff]*[{_CLOSERS}]|(?<=[{_INVISIBLE_CLASS}]))")


# Compiled when a gloss is first written with white space after it: at import, its range of characters would cost
# every run about 1 ms of start-up.
@functools.lru_cache(maxsize=None)
def _han_neighbours() -> re.Pattern[str]:
    """Two Han characters written side by side."""
    return re.compile(r"[\u3400-\u9fff]{2}")


def reads_through_space_after(text: str, start: int, end: int, spaced_glosses: bool) -> bool:
    """Whether the white space right after the gloss from ``start`` (its own white space before it included) to
    ``end`` is read through, the gloss's notation, so that the Han characters on either side are neighbours: always
    in a document written with a space before its glosses (see ``GLOSS_SPACE``), else unless it is real (see
    ``_space_after_is_real``).  What the resolver reads, and what S103 reads an edge's neighbours by."""
    return spaced_glosses or not _space_after_is_real(text, start, end)


def _space_after_is_real(text: str, start: int, end: int) -> bool:
    """Whether the white space after the gloss from ``start`` (its own white space before it included) to ``end``
    parts words the writer meant parted, rather than being the gloss's notation (长(cháng) 大了 reads 长大了).

    It is real after a list's number and the word it lists, glossed whole (1. 便宜 (piányi) 价钱低; not
    1. 他说长(cháng) 大了, a sentence's words), and on a line that spaces its Han characters throughout
    (我 们(wǒ men) 去), no two written side by side.  The line is looked at no further than ``_SENTENCE_REACH``
    characters either way, so a document that is one long line costs no more.
    """
    if end >= len(text) or text[end] not in GLOSS_SPACE:
        return False
    line_start = text.rfind("\n", max(0, start - _SENTENCE_REACH), start) + 1 or max(0, start - _SENTENCE_REACH)
    if lists_its_glossed_word(text, line_start, start, end):
        return True
    line_end = text.find("\n", end, end + _SENTENCE_REACH)
    if line_end < 0:
        line_end = min(len(text), end + _SENTENCE_REACH)
    return _han_neighbours().search(text, line_start, line_end) is None


def sentence_ends_between(text: str, start: int, end: int) -> bool:
    """Whether a sentence ends in ``text[start:end]``, as the resolver reads sentences."""
    return SENTENCE_END.search(text, start, end) is not None


# --------------------------------------------------------------------------
# Combining


def best_reading(document: DocumentText, offset: int, span: tuple[int, int]) -> Evidence:
    """The reading the context most supports, for suggestions and sandhi; the model only if nothing else."""
    char = document.text[offset]
    if char in CITATION_READINGS:  # 一 and 不 keep their citation tones; the profile decides the rest
        return Evidence(CITATION_READINGS[char], "character table")
    for evidence in _context_opinions(document, offset, span):
        if evidence.reading[0] in bases_of(char):  # a phrase's neutral tone counts (这个 zhè ge)
            return evidence
    for evidence in model_evidence(document, offset)[:1]:
        return evidence
    return Evidence(readings_of(char)[0], "character table", 0.0)


def _context_opinions(document: DocumentText, offset: int, span: tuple[int, int]):
    """Phrase dictionaries', the potential complement's and hand rules' opinions, computed only as far as they are
    asked for.

    The glossed span as a phrase costs one lookup and usually settles it; the
    large list (a second to load, once) is only asked about a character with
    a choice of readings.
    """
    for evidence in (phrase_evidence(document, offset, span),
                     potential_complement_evidence(document, offset) or hand_rule_evidence(document, offset)
                     or de_role_evidence(document, offset)):
        if evidence:
            yield evidence
    if len(readings_of(document.text[offset])) > 1:
        evidence = extended_phrase_evidence(document, offset)
        if evidence:
            yield evidence


def rule_on(document: DocumentText, offset: int, span: tuple[int, int], written: Reading) -> Ruling:
    """How sure the context is that ``written``, a real reading of the character, is wrong here.

    Settled once per document: a gloss judged again once the model has
    answered asks again about its other characters too.
    """
    start, end = span
    if unopposed_in(document.text[start:end], offset - start, written):
        return _NOTHING
    return document.settled(("ruling", offset, span, written), lambda: _ruling_on(document, offset, span, written))


def _ruling_on(document: DocumentText, offset: int, span: tuple[int, int], written: Reading) -> Ruling:
    char = document.text[offset]
    agreeing = _agreeing_early(document, offset, span, written)
    if agreeing:
        return _phrases_outvoted(document, offset, agreeing, written)
    context = []
    for evidence in _context_opinions(document, offset, span):
        if evidence.reading == written:  # a hand rule has the last word; a phrase may be outvoted
            return _phrases_outvoted(document, offset, evidence.word, written) if evidence.word else _NOTHING
        if evidence.reading == (written[0], NEUTRAL):
            return _neutral_in_context(document, offset, span, written, evidence)
        context.append(evidence)
    if len(readings_of(char)) == 1:
        return _NOTHING
    listing = dictionary_evidence(document, offset, span)
    if listing and written in listing.readings:
        if len(listing.readings) == 1:
            return _NOTHING  # CC-CEDICT gives this word this reading alone: the phrase lists disagree with it
        listing = None  # a word with several readings (当时 dāng or dàng): the rest of the context decides
    usual_and_undisputed = not context and not listing and written == readings_of(char)[0]
    if usual_and_undisputed and not common_readings(char) - {written}:
        return _NOTHING  # only a model sure of another common reading could doubt it, and there is none
    return _decided_by_model(document, offset, written, lambda model: _with_the_model(
        char, written, context, listing, usual_and_undisputed, model))


def _with_the_model(char: str, written: Reading, context: list[Evidence], listing: Listing | None,
                    usual_and_undisputed: bool, model: tuple[Evidence, ...]) -> Ruling:
    written_probability = probability_of(written, model)
    if usual_and_undisputed:
        return _model_alone(model, written_probability)
    if model and written_probability >= _needed_to_support(context):
        return _NOTHING
    return _weigh(char, written, context, listing, model, written_probability)


_NOTHING = Ruling(Confidence.WEAK, None)


def _decided_by_model(document: DocumentText, offset: int, written: Reading,
                      decide: Callable[[tuple[Evidence, ...]], Ruling]) -> Ruling:
    """``decide`` of the model's evidence on the character (see ``_model_heard``), once everything else is weighed.

    While ``DocumentText.decide_all`` gathers questions, a new one gets no
    evidence yet; the ruling made without it is kept beside the question, so
    that once the model has answered, the decision that asked need not be
    made again if the answer leaves the ruling as it was.
    """
    asked = document.questions_noted()
    ruling = decide(_model_heard(document, offset, written))
    if document.questions_noted() > asked:
        document.recheck(lambda: decide(_model_heard(document, offset, written)) == ruling)
    return ruling


def _model_heard(document: DocumentText, offset: int, written: Reading) -> tuple[Evidence, ...]:
    """The model's evidence on the character, as far as it counts: in a sentence that is one word and nothing
    more (see ``a_word_alone``), as a word list's entry on its line is, only for the written reading, never
    against it."""
    model = model_evidence(document, offset)
    if model and probability_of(written, model) < SUPPORT and a_word_alone(document.sentence_at(offset)[0]):
        return ()
    return model


def probability_of(reading: Reading, model: tuple[Evidence, ...]) -> float:
    """The model's probability for ``reading``; 0 when it gives none."""
    return next((evidence.probability for evidence in model if evidence.reading == reading), 0.0)


def _phrases_outvoted(document: DocumentText, offset: int, phrase: tuple[str, int], written: Reading) -> Ruling:
    """A phrase list reads the character as written: a warning if CC-CEDICT and the model agree otherwise.

    The phrase lists share their data, and with it their mistakes, which
    pipelines built on pypinyin copy into their output (肚子 dǔ zi for the
    belly, 吡咯 bǐ gē): CC-CEDICT's entry for the same word and the model are
    two independent sources against them.  The model is asked only where
    the dictionary disagrees.  Where the two readings are a literary and a
    colloquial one of the character (褪色: CC-CEDICT tuì sè, the phrase lists
    tuì shǎi, as 现代汉语词典 gives it; see ``LITERARY_COLLOQUIAL``), each is a
    reading a standard dictionary gives the word, and it is only a note.
    """
    word, place = phrase
    listed = dictionary_readings(word)
    if listed is None:
        return _large_list_outvoted(document, offset, word, written)
    if written in listed[place]:
        return _NOTHING
    return _decided_by_model(document, offset, written, lambda model: _dictionary_and_model_against(
        word, place, listed[place], written, model))


def _dictionary_and_model_against(word: str, place: int, listed: frozenset[Reading], written: Reading,
                                  model: tuple[Evidence, ...]) -> Ruling:
    if not (model and model[0].reading in listed and probability_of(written, model) < SUPPORT):
        return _NOTHING
    why = f"the dictionary entry {word} and the model agree, against the phrase lists"
    pair = literary_colloquial(word[place], written, model[0].reading)
    if not pair:
        return _ruling(Confidence.MODERATE, model[0], why)
    kind = "colloquial" if written == pair[1] else "literary"
    return _ruling(Confidence.SLIGHT, model[0],
                   f"{why}, which give the {kind} reading {marked(*written)} beside {marked(*model[0].reading)}")


def _large_list_outvoted(document: DocumentText, offset: int, word: str, written: Reading) -> Ruling:
    """A word no dictionary but the large list has reads the character as written: a warning if the model is all but certain otherwise.

    The least reliable phrase evidence (see ``_large_list_only``) is one
    source, which the model can outvote as it outvotes nothing else alone:
    型芯 xíng xìn, where the model and the dictionaries read xīn.
    """
    if phrase_readings(word) or document.text[offset] in _PHRASE_FIRST:
        return _NOTHING
    return _decided_by_model(document, offset, written, lambda model: _model_alone(
        model, probability_of(written, model), ", against a word only the large list has"))


def _neutral_in_context(document: DocumentText, offset: int, span: tuple[int, int], written: Reading,
                        neutral: Evidence) -> Ruling:
    """A phrase reads the syllable in the neutral tone (这个 zhè ge), the gloss writes a full tone.

    Where CC-CEDICT gives the word the full tone, the dictionaries allow
    both and either is accepted.  Otherwise a light syllable of a word said
    in full (石头 shí tóu) is worth a note; a grammar word's neutral tone
    from a hand rule (跑得 de) a warning.  The model is not asked: its labels
    rarely carry the neutral tone.
    """
    listing = dictionary_evidence(document, offset, span)
    if listing and written in listing.readings:
        return _NOTHING
    if neutral.decisive and neutral.source.startswith("rule"):
        return Ruling(Confidence.MODERATE, neutral.reading, f"{neutral.source}: the neutral tone")
    return Ruling(Confidence.SLIGHT, neutral.reading, f"{neutral.source} has the neutral tone here")


def _model_alone(model: tuple[Evidence, ...], written_probability: float, against: str = "") -> Ruling:
    """A warning where the model alone all but rules out the written reading (below ``CERTAIN_AGAINST``).

    Asked where nothing else disputes the reading: the character's usual
    reading (pypinyin's first is not always the common one: 似 shì before
    sì, so a label writing it where the sentence calls for the other, 颇似
    shi4, is caught), or a word only the large list has (型芯 xìn).
    Whichever reading the model prefers: it is the written one it all but
    rules out.  ``against`` names what reads it as written, if anything.
    """
    if model and written_probability < CERTAIN_AGAINST:
        return _ruling(Confidence.MODERATE, model[0], f"{_describe(model[0])}{against}")
    return _NOTHING


def _weigh(char: str, written: Reading, context: list[Evidence], listing: Listing | None,
           model: tuple[Evidence, ...], written_probability: float) -> Ruling:
    """Sources that read the character otherwise: an error only when independent ones agree.

    The phrase lists (pypinyin's and pypinyin-dict's, which share data) are
    one voice; CC-CEDICT, a hand rule, the model and rarity are others.  A
    dictionary that names a third reading is disagreement, which lowers the
    severity.  CC-CEDICT agreeing with the phrase lists makes an error even
    against a model that prefers the written reading when the glossed span is
    the word itself (我去银行(yín xíng)取钱: the model says xíng at 0.78); when
    the word comes from segmenting the sentence, only with the model doubting
    the written reading too (unless the phrase is pypinyin's, for a character
    of ``_PHRASE_FIRST``, which the model never overrules): pypinyin-dict's
    lists and its CC-CEDICT share entries, and on the tune half of the CPP
    split two of five such errors against the model were false (切韵 qiè,
    单挑 tiǎo, where the gold reads qiē, tiāo).  A phrase alone against the
    model is a note: of the phrase warnings the model disputed there, two of
    five were false (劲歌, 糊糊).
    """
    doubted = bool(model) and written_probability < SUPPORT
    first = context[0] if context else None
    if written not in common_readings(char) and (doubted or not model):
        preferred = first or (model[0] if model else None)
        return _ruling(Confidence.STRONG, preferred, "a rare reading with no support in context")
    disputed = listing is not None and (first is None or first.reading not in listing.readings)
    if first and not disputed:
        if doubted and first.reading == model[0].reading:
            if listing or not _large_list_only(first, char):
                return _ruling(Confidence.STRONG, first, f"{first.source} and the model agree")
            return _ruling(Confidence.MODERATE, first,
                           f"{first.source} and the model agree, but no other dictionary has the word")
        if listing and (first.glossed or first.decisive or written_probability < SUPPORT):
            return _ruling(Confidence.STRONG, first, f"{first.source} and the dictionary entry {listing.word} agree")
    if first and not listing and model and not doubted and not any(evidence.decisive for evidence in context):
        return _ruling(Confidence.SLIGHT, first, f"{_describe(first)}, but the model reads it as written "
                                                 f"({written_probability:.0%})")
    if first:
        return _ruling(Confidence.MODERATE, first, _describe(first))
    if listing:
        reading = min(listing.readings)
        return Ruling(Confidence.MODERATE, reading, f"the dictionary entry {listing.word} reads {marked(*reading)}")
    if model:
        return _ruling(Confidence.MODERATE, model[0], _describe(model[0]))
    return _NOTHING


@functools.lru_cache(maxsize=65536)
def unopposed(char: str, written: Reading) -> bool:
    """Whether no context could make ``rule_on`` fault ``written``, whatever the sentence.

    So it is when ``written`` is the character's only reading and no phrase
    makes it neutral, or when it is the usual reading and no phrase of either
    list, nor any hand rule, reads the character otherwise (他 tā, 部 bù):
    every source that could speak would then agree or say nothing.  Callers
    use it to skip the resolver; most glossed characters are like this.
    """
    readings = readings_of(char)
    if not readings or written != readings[0]:
        return False
    if len(readings) == 1 and char not in neutral_in_phrases():
        return True
    return readings_in_phrases(char) <= {written} and all(
        rule.reading == written for rule in _HAND_RULES_FOR.get(char, ())
    )


@functools.lru_cache(maxsize=65536)
def unopposed_in(glossed: str, place: int, written: Reading) -> bool:
    """Whether no context could make ``rule_on`` fault ``written`` for ``glossed[place]``, ``glossed`` being
    the text of the glossed span; a question of that text alone, so a run answers it once.

    So it is where the character is ``unopposed``, or where the glossed span is a phrase of pypinyin's
    list that reads the character as written and CC-CEDICT gives the phrase that reading too, or does not
    list it: ``_ruling_on`` then meets the phrase first, as the agreement ``_agreeing_early`` looks for or
    as the first of ``_context_opinions``, and ``_phrases_outvoted`` finds nothing to weigh against it.
    """
    if unopposed(glossed[place], written):
        return True
    phrase = phrase_readings(glossed) if len(glossed) > 1 else None
    if not phrase or phrase[place] != written:
        return False
    listed = dictionary_readings(glossed)
    return listed is None or written in listed[place]


def _agreeing_early(document: DocumentText, offset: int, span: tuple[int, int],
                    written: Reading) -> tuple[str, int] | None:
    """The glossed phrase or the large list's word, when it already reads the character as written.

    A phrase that agrees settles a ruling below (unless CC-CEDICT and the
    model outvote it), so the two that agree most often are asked first,
    sparing the rest.  The only thing the usual order could say before an
    agreement is a neutral tone from pypinyin's phrases or the hand rules,
    so characters those make neutral keep it.
    """
    text = document.text
    if not _may_agree_early(text[offset]):
        return None
    start, end = span
    glossed = phrase_readings(text[start:end]) if end - start > 1 else None
    if glossed and glossed[offset - start] == written:
        return text[start:end], offset - start
    extended = extended_phrase_evidence(document, offset)
    return extended.word if extended is not None and extended.reading == written else None


@functools.lru_cache(maxsize=65536)
def _may_agree_early(char: str) -> bool:
    """Whether ``_agreeing_early`` asks about ``char``: one the character table does not give a single reading, and
    no phrase of pypinyin's reads in the neutral tone.  A question of the character alone, answered once a run
    rather than at every ruling (the neutral tones' table is interpreted code to ask)."""
    return char not in neutral_in_phrases() and len(readings_of(char)) != 1


def _needed_to_support(context: list[Evidence]) -> float:
    """The model probability that lets the written reading stand against the phrases and rules."""
    if not context:
        return SUPPORT
    if any(evidence.decisive for evidence in context):
        return float("inf")
    return OVERRULE


def _large_list_only(evidence: Evidence, char: str) -> bool:
    """A word only pypinyin-dict's large list has, unless it reads a character of ``_PHRASE_FIRST`` light.

    The least reliable phrase evidence: on the tune half of the CPP split,
    such a word and the model agreeing were wrong 2 times in 179 (清隽 jùn,
    校射 xiào, literary words), a word of pypinyin's phrases and the model
    2 in 2,465.  For the characters of ``_PHRASE_FIRST`` said in full it is
    no better: on the tune halves of the speech labels and the CPP split, 2
    of 12 such errors were false (不为 wéi where the sentence's 为 is wèi,
    "for"; 西曲 qǔ inside the Tibetan name 扎西曲林).  For their grammar
    words said light (看着 zhe, 下着 zhe) the phrase data is the better
    source, as it is against the model.
    """
    return evidence.large_list and not (char in _PHRASE_FIRST and evidence.reading[1] == NEUTRAL)


def _ruling(confidence: Confidence, preferred: Evidence | None, why: str) -> Ruling:
    return Ruling(confidence, preferred.reading if preferred else None, why)


def _describe(evidence: Evidence) -> str:
    if evidence.source == "model":
        return f"the model reads it so here ({evidence.probability:.0%})"
    return f"as in {evidence.source.split(' ', 1)[-1]}"
