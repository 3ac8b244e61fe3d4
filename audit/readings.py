"""What a character may read, and what a word reads: lookups in pypinyin's tables.

Everything here is a table lookup, cached per key, so the hot loop of the
auditor never runs pypinyin's converter.  A reading is a ``(base, tone)``
pair as defined in :mod:`audit.pinyin`.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import unicodedata
from collections import Counter
from typing import Callable, Iterable, Iterator

from audit.pinyin import NEUTRAL, split_tone
from audit.tables import FLAG, INTEGERS, READINGS, SHARE, TEXT, WORD_READINGS, StoredTable, lasting, stored
from audit.words import HAN_RANGES, LONGEST_WORD, is_han  # is_han: compiled there, imported from here by most modules

Reading = tuple[str, int]

# 一 and 不 change tone in speech; the tables write them inconsistently
# (一个 yí gè but 一场 yī cháng), so their citation tones are restored and the
# tone rules apply the convention profile.
CITATION_READINGS: dict[str, Reading] = {"一": ("yi", 1), "不": ("bu", 4)}


HAN_CHARACTER = "[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in HAN_RANGES) + "]"  # a regex class
HAN_RUN = re.compile(HAN_CHARACTER + "+")  # matches what ``is_han`` says is Han


@functools.lru_cache(maxsize=None)
def readings_of(char: str) -> tuple[Reading, ...]:
    """Every reading pypinyin lists for ``char``, most common first."""
    # A compatibility ideograph (U+F900 豈) reads as the unified one it stands for.
    canonical = unicodedata.normalize("NFC", char)
    listed = _characters().get(char) or _characters().get(canonical)
    if not listed:
        return ()
    return tuple(dict.fromkeys(split_tone(reading) for reading in listed.split(",")))


@functools.lru_cache(maxsize=None)
def bases_of(char: str) -> frozenset[str]:
    return frozenset(base for base, _ in readings_of(char))


def bases_fit(bases: Iterable[str], chars: Iterable[str]) -> bool:
    """Whether each syllable base, in order, is one of the character's in its place, in any tone.

    A character no table knows fits no syllable: the question is asked to move
    a gloss to it (A202), to drop a syllable as extra (S101, S104) or to cut
    one in two (F506), and nothing is decided on such a character's account;
    the reading rules leave its syllable unjudged, and a fix of the span keeps
    it as written (S103).
    """
    return all(base in bases_of(char) for base, char in zip(bases, chars))


@lasting
def _characters() -> StoredTable:
    """pypinyin's character table: ``{"行": "háng,xíng,..."}``."""
    return stored("characters", _character_listings, TEXT)


def _character_listings() -> dict[str, str]:
    from pypinyin.constants import PINYIN_DICT

    return {chr(code): listed for code, listed in PINYIN_DICT.items()}


@functools.lru_cache(maxsize=None)
def cc_cedict_readings(char: str) -> frozenset[Reading]:
    """Every reading CC-CEDICT (pypinyin-dict's copy) gives ``char`` alone; empty without the package.

    A second opinion on what a character may read: it has some pypinyin's
    table lacks (嵌 kǎn, in the place name 赤嵌).
    """
    return _listed_readings(_cc_cedict_characters().get(char, ""))


def _listed_readings(listed: str) -> frozenset[Reading]:
    """A character table's listing (``"qiàn,kǎn"``, or empty) as readings."""
    return frozenset(split_tone(reading) for reading in listed.split(",") if reading)


@lasting
def _cc_cedict_characters() -> StoredTable:
    return stored("cc-cedict-characters", _cc_cedict_character_listings, TEXT)


def _cc_cedict_character_listings() -> dict[str, str]:
    """pypinyin-dict's CC-CEDICT character table: ``{"嵌": "qiàn,kǎn"}``."""
    if importlib.util.find_spec("pypinyin_dict") is None:
        return {}
    from pypinyin_dict.pinyin_data.cc_cedict import pinyin_dict

    return {chr(code): listed for code, listed in pinyin_dict.items()}


def spans_holding(text: str, offset: int) -> Iterator[tuple[int, range]]:
    """Each start of a stretch of ``text`` that could be a word holding ``text[offset]`` (two to ``LONGEST_WORD``
    characters), with the ends such a stretch may have there."""
    for start in range(max(0, offset - LONGEST_WORD + 1), offset + 1):
        yield start, range(max(offset + 1, start + 2), min(len(text), start + LONGEST_WORD) + 1)


def stretches_holding(text: str, offset: int) -> Iterator[str]:
    """Each stretch of ``text`` that could be a word holding ``text[offset]`` (see ``spans_holding``)."""
    for start, ends in spans_holding(text, offset):
        for end in ends:
            yield text[start:end]


def words_around(text: str, offset: int) -> list[tuple[str, int]]:
    """The words of any phrase list or CC-CEDICT that hold ``text[offset]``, each with its place in the word."""
    found = []
    tables = _phrases(), _extended_phrases(), _cc_cedict()
    for start, ends in spans_holding(text, offset):
        # Every word tried here starts with text[start : start + 2]: look in that bucket of each table, at C speed.
        phrases, extended, cedict = (table.bucket_of(text[start : start + 2]) for table in tables)
        for end in ends:
            word = text[start:end]
            if word in phrases or word in extended or word in cedict:
                found.append((word, offset - start))
    return found


def phrase_words() -> StoredTable:
    """pypinyin's phrases, for membership tests (``word in phrase_words()``)."""
    return _phrases()


def extended_phrase_words() -> StoredTable:
    """pypinyin-dict's large phrase list, for membership tests."""
    return _extended_phrases()


def in_phrases_or_cc_cedict(word: str) -> bool:
    """Whether ``word`` is a word of pypinyin's phrases or CC-CEDICT: the dictionaries' words, not the large list's,
    which holds stretches of text too (see ``a_stretch_around_de``)."""
    return word in _phrases() or dictionary_readings(word) is not None


def a_stretch_around_de(word: str) -> bool:
    """``word`` is two characters holding 得 that only pypinyin-dict's large list has (那得 nà de, 得按 de àn, 得不
    dé bù): a stretch of text cut out around 得, with the readings its source gave there, not a word.

    Of the list's 174 such stretches, 161 read 得 de, among them 得 "obtain"
    of literary phrases (得国, 得仙, 何得, 岂得), which dictionaries read dé,
    and the modal (也得 yě de).  They say nothing of 得, nor of the character
    beside it (不 of 跑得不快 is no syllable inside a word).
    """
    return len(word) == 2 and "得" in word and not in_phrases_or_cc_cedict(word)


@functools.lru_cache(maxsize=65536)
def phrase_readings(word: str) -> tuple[Reading, ...] | None:
    """The reading of each character of ``word`` in pypinyin's phrase dictionary (corrected by ``overrides``)."""
    return _corrected(word, _word_readings(word, _phrases().get(word)))


def _corrected(word: str, readings: tuple[Reading, ...] | None) -> tuple[Reading, ...] | None:
    """A phrase list's readings of ``word``, or the override table's where the list has the word wrong."""
    return overrides().get(word, readings) if readings else readings


# Beside this module (package data): importlib.resources would cost a short check 10 ms of imports.
OVERRIDES_PATH = os.path.join(os.path.dirname(__file__), "overrides.toml")


@lasting
def overrides() -> StoredTable:
    """Words the phrase lists read wrong, with a standard dictionary's reading (``audit/overrides.toml``).

    Kept with the other tables, so that a run reads no TOML: rebuilt whenever the file changes.
    """
    return stored("overrides", _override_readings, WORD_READINGS, sources=[OVERRIDES_PATH])


def _override_readings() -> dict[str, tuple[Reading, ...]]:
    return {word: readings for word, (readings, _) in override_entries().items()}


@functools.lru_cache(maxsize=1)
def override_entries() -> dict[str, tuple[tuple[Reading, ...], str]]:
    """Each reviewed override: the word's readings and the dictionary reading it rests on."""
    entries = {}
    for word, entry in _override_table().items():
        readings = tuple(split_tone(syllable) for syllable in entry["pinyin"].split())
        if len(readings) != len(word) or not entry.get("source"):
            raise ValueError(f"audit/overrides.toml: {word} needs one syllable per character and a source")
        entries[word] = (readings, entry["source"])
    return entries


@functools.lru_cache(maxsize=1)
def _override_table() -> dict[str, dict]:
    from audit.toml import tomllib

    with open(OVERRIDES_PATH, encoding="utf-8") as source:
        return tomllib.loads(source.read())


def keeps_yi(word: str) -> bool:
    """Whether the override table marks 一 in ``word`` as a numeral or an ordinal (一流, 独一无二): it keeps yī."""
    return word in _numeral_yi_words()


@lasting
def _numeral_yi_words() -> StoredTable:
    return stored("numeral-yi", lambda: {word: True for word, entry in _override_table().items()
                                         if entry.get("keeps_yi")}, FLAG, sources=[OVERRIDES_PATH])


@lasting
def _phrases() -> StoredTable:
    """pypinyin's phrase table, the first reading of each character: ``{"银行": "yín háng"}``."""
    return stored("phrases", lambda: _first_readings(pypinyin_phrase_list()), TEXT)


def pypinyin_phrase_list() -> dict[str, list[list[str]]]:
    """pypinyin's phrase table as it ships: ``{"银行": [["yín"], ["háng"]]}``."""
    from pypinyin.constants import PHRASES_DICT

    return PHRASES_DICT


def _first_readings(phrases: dict[str, list[list[str]]]) -> dict[str, str]:
    return {word: " ".join(options[0] for options in entry) for word, entry in phrases.items()}


def _word_readings(word: str, entry: str | None) -> tuple[Reading, ...] | None:
    """A phrase table's entry for ``word`` as readings, 一 and 不 in citation tones; None unless one per character."""
    syllables = entry.split(" ") if entry else ()
    if len(syllables) != len(word):
        return None
    return tuple(CITATION_READINGS.get(char) or split_tone(syllable) for char, syllable in zip(word, syllables))


def neutral_in_phrases() -> StoredTable:
    """The characters some phrase of pypinyin's dictionary reads in the neutral tone (这个 zhè ge)."""
    return _neutral_in_phrases()


@lasting
def _neutral_in_phrases() -> StoredTable:
    return stored("neutral-in-phrases", _collect_neutral_in_phrases, FLAG)


def _collect_neutral_in_phrases() -> dict[str, bool]:
    return {
        char: True
        for word, entry in pypinyin_phrase_list().items()
        for char, options in zip(word, entry)
        if split_tone(options[0])[1] == NEUTRAL
    }


@lasting
def _extended_phrases() -> StoredTable:
    """pypinyin-dict's large phrase list (about 410 k phrases) as ``{word: "háng zhǎng"}``; empty without the package."""
    return stored("large-pinyin", large_phrase_list, TEXT)


@functools.lru_cache(maxsize=1)  # while the derived tables are built from it
def large_phrase_list() -> dict[str, str]:
    """pypinyin-dict's large phrase list, the first reading of each character; importing it takes about a second."""
    if importlib.util.find_spec("pypinyin_dict") is None:
        return {}
    from pypinyin_dict.phrase_pinyin_data.large_pinyin import phrases_dict

    return _first_readings(phrases_dict)


def reads_in_word(word: str, index: int, reading: Reading) -> bool:
    """Whether either phrase list (as corrected) or CC-CEDICT reads ``word[index]`` as ``reading``; the lists
    after the first that does are not asked."""
    return any(reading in listed for listed in _each_list_reading(word, index))


def readings_in_word(word: str, index: int) -> frozenset[Reading]:
    """Every reading either phrase list (as corrected) or CC-CEDICT gives ``word[index]``; none where none
    lists the word."""
    return frozenset().union(*_each_list_reading(word, index))


def _each_list_reading(word: str, index: int) -> Iterator[frozenset[Reading]]:
    """What pypinyin's phrases, pypinyin-dict's large list and CC-CEDICT give ``word[index]``, each asked in
    turn, for those that list the word."""
    for phrase_list in (phrase_readings, extended_phrase_readings):
        readings = phrase_list(word)
        if readings:
            yield frozenset({readings[index]})
    listed = dictionary_readings(word)
    if listed:
        yield listed[index]


def neutral_attested(word: str, index: int) -> bool:
    """Whether some dictionary reads ``word[index]`` in the neutral tone.

    Asked of pypinyin's phrases, pypinyin-dict's large list and its copy of
    CC-CEDICT, which marks the light syllables the others write with full
    tones (朋友 péng you, 东西 dōng xi "thing", 事情 shì qing), and of the
    reviewed overrides (老婆 lǎo po).  A word CC-CEDICT reads light inside a
    longer entry of its own counts too: its 知道 is zhī dào, but its 早知道 is
    zǎo zhī dao, as 现代汉语词典 gives 知道 zhī·dao (see
    ``_light_inside_longer_entries``).
    """
    corrected = overrides().get(word)
    if corrected and corrected[index][1] == NEUTRAL:
        return True
    return index in _light_places_by_word().get(word, ())


@lasting
def _light_places_by_word() -> StoredTable:
    """``{word: (places, ...)}``: where some dictionary reads the word's syllables light (朋友: (1,))."""
    return stored("light-positions", _collect_light_places_by_word, INTEGERS)


def _collect_light_places_by_word() -> dict[str, tuple[int, ...]]:
    """The words with a neutral tone in some dictionary, and the places of those tones."""
    found: dict[str, set[int]] = {}
    for word, options in _phrase_list_entries(every_option=True):
        for index, syllables in enumerate(options):
            if _any_light(syllables):
                found.setdefault(word, set()).add(index)
    for word, index in _light_inside_longer_entries():
        found.setdefault(word, set()).add(index)
    return {word: tuple(sorted(places)) for word, places in found.items()}


def _light_inside_longer_entries() -> Iterator[tuple[str, int]]:
    """Each word of the phrase lists or CC-CEDICT, with a place, that a longer CC-CEDICT entry holding it reads
    light there, after the word's first character (早知道 zǎo zhī dao: 知道's 道; 儿媳妇 ér xí fu: 媳妇's 妇).

    CC-CEDICT marks light syllables more often than the other lists, but not
    in every entry (its own 知道 is zhī dào): a longer entry it reads light
    says that the word inside may be said so.  At a word's first character a
    light syllable belongs to the longer entry (不 in 对不起), not the word.
    The words inside are those ``words_around`` finds, of up to ``LONGEST_WORD``
    characters.
    """
    for entry, options in _cc_cedict_entries():
        for place, syllables in enumerate(options):
            if _any_light(syllables):
                yield from ((word, index) for word, index in words_around(entry, place)
                            if index > 0 and word != entry)


def _any_light(syllables: list[str]) -> bool:
    """Whether a dictionary gives any of these syllables, one character's options in a word, the neutral tone."""
    return any(split_tone(syllable)[1] == NEUTRAL for syllable in syllables)


def light_share(char: str) -> float:
    """The share of the dictionary words holding ``char`` after their first character that read it light there.

    Counted over the phrase lists and CC-CEDICT, each option of each word:
    们 0.94, 子 0.46, 得 0.37, 头 0.12, 过 0.01, 行 0.00.  A character light
    in so many words is one a careful list may write light where the
    dictionaries happen to give the word a full tone (过得 guò de).
    """
    return _light_shares().get(char, 0.0)


@lasting
def _light_shares() -> StoredTable:
    return stored("light-shares", _collect_light_shares, SHARE)


def _collect_light_shares() -> dict[str, float]:
    after_first: Counter[str] = Counter()
    light: Counter[str] = Counter()
    for word, options in _phrase_list_entries(every_option=True):
        for char, syllables in zip(word[1:], options[1:]):
            after_first[char] += 1
            light[char] += _any_light(syllables)
    return {char: light[char] / count for char, count in after_first.items() if light[char]}


def light_bu_before(complement: str) -> str:
    """The shortest dictionary word reading 不 light, not first, right before ``complement`` (少不了 for 了); empty
    when none does.

    Dictionaries read 不 light between a verb and its complement in some
    words and in full in others (管不着 guǎn bu zháo, 免不了 miǎn bù liǎo):
    a word of the first kind says that the character after 不 may be a
    complement with 不 light before it.  Only those are kept: every option of
    each word is read, so one list reading 不 light is enough (少不了 shǎo bu
    liǎo, where another reads shào bù liǎo).
    """
    return _light_bu_words().get(complement, "")


@lasting
def _light_bu_words() -> StoredTable:
    """``{"了": "少不了", "着": "够不着"}``: the shortest word reading 不 light right before a character."""
    return stored("light-bu-before", _collect_light_bu_words, TEXT)


def _collect_light_bu_words() -> dict[str, str]:
    return _shortest_words_by_what_follows("不", _any_light)


def dictionary_words() -> Iterator[str]:
    """Each word of the phrase lists and CC-CEDICT, for the tables built from them (a word may come more than once)."""
    return (word for word, _ in _phrase_list_entries(every_option=True))


def light_de_complements() -> dict[str, str]:
    """``{"快": "来得快", "着": "够得着"}``: the characters the phrase lists and CC-CEDICT give after a light 得
    that follows another character, each with the shortest word that does (built once into a table elsewhere).

    得 between a verb and what follows makes that a complement, where 不
    before the same character may be plain negation (不是, 不能).
    """
    return _shortest_words_by_what_follows("得", _light_de)


def _light_de(syllables: list[str]) -> bool:
    """Whether a dictionary gives 得 the light de among these syllables (吃得完 chī de wán, not 获得 huò dé)."""
    return any(split_tone(syllable) == ("de", NEUTRAL) for syllable in syllables)


def _shortest_words_by_what_follows(marker: str, read_so: Callable[[list[str]], bool]) -> dict[str, str]:
    """Each character the phrase lists and CC-CEDICT give right after ``marker``, itself after another character
    than the one after it (吃得完, 少不了; not 看不看) and read as ``read_so`` asks, with the shortest such word."""
    found: dict[str, str] = {}
    for word, options in _phrase_list_entries(every_option=True):
        for place in range(1, len(word) - 1):
            if word[place] == marker and word[place - 1] != word[place + 1] and read_so(options[place]):
                _keep_shortest(found, word[place + 1], word)
    return found


def _keep_shortest(found: dict[str, str], key: str, word: str) -> None:
    """Keep ``word`` under ``key`` unless a shorter word (or as short and first in order) is kept already, so that
    the word a finding cites does not depend on the order of the phrase lists."""
    known = found.get(key)
    if known is None or (len(word), word) < (len(known), known):
        found[key] = word


# 了 as a verb's complement, "able to finish" (吃不了 chī bu liǎo), after 不 or 得 (the potential forms).
LIAO = ("liao", 3)
POTENTIAL_MARKERS = "不得"


def liao_complement_word(verb: str) -> str:
    """The shortest dictionary word reading 了 liǎo as ``verb``'s complement, 不 or 得 between (吃不了 for 吃,
    受得了 for 受); empty when none does."""
    return _liao_complement_words().get(verb, "")


@lasting
def _liao_complement_words() -> StoredTable:
    return stored("liao-complement-words", _collect_liao_complement_words, TEXT)


def _collect_liao_complement_words() -> dict[str, str]:
    found: dict[str, str] = {}
    for word, options in _phrase_list_entries(every_option=True):
        for place in range(2, len(word)):
            if (word[place] == "了" and word[place - 1] in POTENTIAL_MARKERS
                    and LIAO in {split_tone(syllable) for syllable in options[place]}):
                _keep_shortest(found, word[place - 2], word)
    return found


def readings_in_phrases(char: str) -> frozenset[Reading]:
    """Every reading some phrase of pypinyin's or pypinyin-dict's list gives ``char``."""
    return _readings_in_phrases().get(char, frozenset())


@lasting
def _readings_in_phrases() -> StoredTable:
    return stored("readings-in-phrases", _collect_readings_in_phrases, READINGS)


def _collect_readings_in_phrases() -> dict[str, frozenset[Reading]]:
    found: dict[str, set[Reading]] = {}
    for word, options in _phrase_list_entries(every_option=False):
        for char, (syllable,) in zip(word, options):
            found.setdefault(char, set()).add(split_tone(syllable))
    return {char: frozenset(readings) for char, readings in found.items()}


def _phrase_list_entries(every_option: bool):
    """Each word of the phrase lists, with the syllables each of its characters may take.

    The resolver reads only the first syllable pypinyin's phrases give and
    the large list's single one; ``every_option`` adds pypinyin's
    alternatives and pypinyin-dict's copy of CC-CEDICT, which marks light
    syllables.  Entries whose syllables do not match the word are left out,
    as the lookups above leave them out.
    """
    entries = [
        ((word, entry if every_option else [options[:1] for options in entry])
         for word, entry in pypinyin_phrase_list().items()),
        ((word, [[syllable] for syllable in entry.split(" ")]) for word, entry in large_phrase_list().items()),
    ]
    if every_option:
        entries.append(_cc_cedict_entries())
    for source in entries:
        for word, options in source:
            if len(options) == len(word):
                yield word, options


@functools.lru_cache(maxsize=65536)
def extended_phrase_readings(word: str) -> tuple[Reading, ...] | None:
    """The reading of each character of ``word`` in pypinyin-dict's large phrase list (corrected by ``overrides``)."""
    return _corrected(word, _word_readings(word, _extended_phrases().get(word)))


# Literary and colloquial readings of one character (文白异读): the same
# word said two ways, the colloquial (语) reading used alone and in everyday
# words, the literary (文) one in compounds and set phrases.  From the
# 普通话异读词审音表 (1985), which decides each such pair (血 xuè 文, xiě 语),
# and, for the demonstratives and 谁, from 现代汉语词典 (7th edition), which
# gives nèi, zhèi, něi and shéi as their colloquial readings.  No table
# shipped here marks a reading as literary or colloquial: kXHC1983 lists
# both readings of each pair, as it lists the unrelated readings of 行 or 查.
LITERARY_COLLOQUIAL: dict[str, tuple[Reading, Reading]] = {
    "血": (("xue", 4), ("xie", 3)),
    "熟": (("shu", 2), ("shou", 2)),
    "薄": (("bo", 2), ("bao", 2)),
    "剥": (("bo", 1), ("bao", 1)),
    "削": (("xue", 1), ("xiao", 1)),
    "色": (("se", 4), ("shai", 3)),
    "露": (("lu", 4), ("lou", 4)),
    "落": (("luo", 4), ("lao", 4)),
    "择": (("ze", 2), ("zhai", 2)),
    "塞": (("se", 4), ("sai", 1)),
    "嚼": (("jue", 2), ("jiao", 2)),
    "壳": (("qiao", 4), ("ke", 2)),
    "钥": (("yue", 4), ("yao", 4)),
    "给": (("ji", 3), ("gei", 3)),
    "核": (("he", 2), ("hu", 2)),
    "澄": (("cheng", 2), ("deng", 4)),
    "杉": (("shan", 1), ("sha", 1)),
    "蔓": (("man", 4), ("wan", 4)),
    "逮": (("dai", 4), ("dai", 3)),
    "翘": (("qiao", 2), ("qiao", 4)),
    "绿": (("lu", 4), ("lü", 4)),
    "那": (("na", 4), ("nei", 4)),
    "这": (("zhe", 4), ("zhei", 4)),
    "哪": (("na", 3), ("nei", 3)),
    "谁": (("shui", 2), ("shei", 2)),
}


# Colloquial readings 现代汉语词典 (7th edition) gives a word, "口语中也读", with a
# syllable no character table gives the character (会 huǐ): the tables cannot
# say it, so each word is cited here, with the place of the character so read.
COLLOQUIAL_IN_WORDS: dict[str, tuple[int, Reading]] = {
    "一会儿": (1, ("hui", 3)),  # yīhuìr, 口语中也读 yīhuǐr
}


def colloquial_word(sentence: str, place: int, written: Reading) -> str:
    """The word of ``COLLOQUIAL_IN_WORDS`` holding ``sentence[place]`` whose colloquial reading of it is
    ``written``; empty when there is none."""
    for word, (index, colloquial) in COLLOQUIAL_IN_WORDS.items():
        start = place - index
        if colloquial == written and start >= 0 and sentence.startswith(word, start):
            return word
    return ""


def literary_colloquial(char: str, one: Reading, other: Reading | None) -> tuple[Reading, Reading] | None:
    """The literary and the colloquial reading of ``char``, when ``one`` and ``other`` are those two, either way round."""
    pair = LITERARY_COLLOQUIAL.get(char)
    return pair if pair and {one, other} == set(pair) else None


@functools.lru_cache(maxsize=65536)  # asked of a word at each of its characters, and again once the model answered
def dictionary_readings(word: str) -> tuple[frozenset[Reading], ...] | None:
    """Every reading CC-CEDICT (pypinyin-dict's copy) gives each character of ``word``; ``None`` if unlisted.

    A source apart from the phrase lists, which share much of their data:
    where those are wrong (纯朴 piáo), CC-CEDICT is often right (pǔ).
    The override table corrects it too (老婆 lǎo po).
    """
    if word in overrides():
        return tuple(frozenset({reading}) for reading in overrides()[word])
    entry = _cc_cedict().get(word)
    return _dictionary_entry(entry) if entry else None


def _dictionary_entry(entry: str) -> tuple[frozenset[Reading], ...]:  # read once per word: dictionary_readings caches
    return tuple(frozenset(split_tone(option) for option in options.split("|")) for options in entry.split(" "))


@lasting
def _cc_cedict() -> StoredTable:
    """CC-CEDICT's words as ``{word: "dà|dài fū|fu"}``; empty without pypinyin-dict."""
    return stored("cc-cedict", _compact_cc_cedict, TEXT)


def _compact_cc_cedict() -> dict[str, str]:
    return {word: " ".join("|".join(options) for options in entry) for word, entry in _cc_cedict_entries()}


def _cc_cedict_entries() -> Iterator[tuple[str, list[list[str]]]]:
    """pypinyin-dict's copy of CC-CEDICT, each word with its characters' syllables; none without pypinyin-dict.
    Entries whose syllables do not match the word are left out."""
    if importlib.util.find_spec("pypinyin_dict") is None:
        return
    from pypinyin_dict.phrase_pinyin_data.cc_cedict import phrases_dict

    for word, entry in phrases_dict.items():
        if len(entry) == len(word):
            yield word, entry


@functools.lru_cache(maxsize=None)
def common_readings(char: str) -> frozenset[Reading]:
    """The readings modern dictionaries give ``char``; the rest of pypinyin's list is rare.

    Without pypinyin-dict every listed reading counts as common.
    """
    return _listed_readings(_common_listings().get(char, ""))


@lasting
def _common_listings() -> StoredTable:
    return stored("common-readings", _collect_common_listings, TEXT)


def _collect_common_listings() -> dict[str, str]:
    """kMandarin_8105 (the 2013 general standard list) and kXHC1983 (Xiandai Hanyu Cidian), joined per character."""
    try:
        from pypinyin_dict.pinyin_data import kmandarin_8105, kxhc1983
    except ImportError:
        return _character_listings()
    tables = (kmandarin_8105.pinyin_dict, kxhc1983.pinyin_dict)
    return {chr(code): ",".join(table.get(code, "") for table in tables) for code in set().union(*tables)}
