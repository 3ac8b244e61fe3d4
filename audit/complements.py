"""What completes a verb: the characters word lists give after a light 得 (吃得完, 跑得快), and the verbs and
complements jieba's dictionary holds as words (吃完, 办成); and what 得 standing alone is, by the words around it.

Read for a light 不 that no dictionary word holds: between a verb and its
complement it is how speech says it (办不成 bàn bu chéng), before what only
negation takes it is a slip (语言不(bu)是).  Read for 得 outside any word: the
light marker de between a verb and its complement (跑得快 pǎo de kuài), the
modal děi, "must", between a subject and a verb (我得走了 wǒ děi zǒu le).
"""

from __future__ import annotations

from typing import NamedTuple

from audit.lexicon import is_verb, jieba_entries
from audit.pinyin import NEUTRAL
from audit.readings import (Reading, dictionary_readings, dictionary_words, is_han, light_de_complements, phrase_words,
                            words_around)
from audit.tables import FLAG, TEXT, StoredTable, lasting, stored

# jieba's tag for a verb (吃完, 办成, 吃得完), as a word of its own.
_VERB_TAG = "v"
# The first letters of jieba's tags for what may follow the modal 得, a word of one or two characters: a verb
# (走, 上班), an adjective (小心 starts with 小), an adverb (快点).  Before it a pronoun (我, 我们) or an adverb
# (还, 也, 先) may come; a noun is left out: on the tune sentences 得 after one was "obtain" (逝世后得谥号), or
# part of a name (佳士得).
_AFTER_MODAL = ("v", "a", "d")
_LONGEST_AFTER_MODAL = 2
_BEFORE_MODAL = ("r", "d")
_LONGEST_BEFORE_MODAL = 3  # 我们, 必须, 大伙儿
# jieba's tags, whole, for a verb or an adjective before the complement marker (说得对; 高兴 is tagged b, as
# adjectives that only qualify are), and the first letters of those for what may begin its complement: a verb, an
# adjective, an adverb, an idiom or a set phrase (晕头转向, 大吃大喝), a preposition (对, 比).
_BEFORE_MARKER = ("v", "a", "b")
_COMPLEMENT_TAGS = ("v", "a", "d", "i", "l", "p")
_LONGEST_TAGGED = 4
COMPLEMENT_MARKER: Reading = ("de", NEUTRAL)
MODAL: Reading = ("dei", 3)


class DeRole(NamedTuple):
    """What a 得 standing alone is, the reading that says so, and why."""

    reading: Reading
    reason: str
    decisive: bool  # the model cannot outvote it


def complement_after_de(complement: str) -> str:
    """The shortest word holding ``complement`` right after a light 得 that follows another character (来得快 for
    快, 吃得完 for 完); empty when none does, and the character is taken for no complement."""
    return _complements_after_de().get(complement, "")


def verb_and_complement_word(verb: str, complement: str) -> str:
    """A word of jieba's dictionary in which ``complement`` completes ``verb``: the two alone, tagged a verb (办成),
    or with 得 between (跑得快); empty when none is, or ``complement`` is no complement_after_de."""
    return _verb_complement_words().get(verb + complement, "")


def potential_form(verb: str, complement: str) -> str:
    """A dictionary word showing ``complement`` completing ``verb`` in a potential form; empty when none does.

    Either the form itself, 不 or 得 between the two (站不稳, 吃得完), in
    the phrase lists, CC-CEDICT or jieba's dictionary; or the two as a word
    of any of them (写完, 站稳), the second a complement that such forms put
    after both 不 and 得 (吃不完 and 吃得完, 看不到 and 看得到: 完, 到, 清,
    not 是 or 能, which 不 before them negates: 要不是, 决不能).  Only verbs
    jieba tags so alone come first in either.
    """
    return _potential_forms().get(verb + complement, "")


@lasting
def _complements_after_de() -> StoredTable:
    return stored("complements-after-de", _collect_complements_after_de, TEXT)


@lasting
def _verb_complement_words() -> StoredTable:
    return stored("verb-complement-words", _collect_verb_complement_words, TEXT)


@lasting
def _potential_forms() -> StoredTable:
    return stored("potential-forms", _collect_potential_forms, TEXT)


def _collect_potential_forms() -> dict[str, str]:
    """The verbs and complements the dictionaries show in a potential form, keyed by the two characters, with the
    shortest word showing it (see ``potential_form``)."""
    words = sorted({*dictionary_words(), *(word for word, _, _ in jieba_entries())}, key=lambda word: (len(word), word))
    found: dict[str, str] = {}
    after: dict[str, set[str]] = {"不": set(), "得": set()}
    for word in words:
        if len(word) == 3 and word[1] in after and word[0] != word[2] and is_verb(word[0]):
            found.setdefault(word[0] + word[2], word)
            after[word[1]].add(word[2])
    complements = after["不"] & after["得"]
    for word in words:
        if len(word) == 2 and word[1] in complements and is_verb(word[0]):
            found.setdefault(word, word)
    return found


def _collect_complements_after_de() -> dict[str, str]:
    """The phrase lists' and CC-CEDICT's complements after 得, and those of jieba's verbs (吃得完, 谈得成), whose
    得 is the light one: a verb with 得 before a character is no 获得 or 所得."""
    found = light_de_complements()
    for word in sorted(word for word, tag in _jieba_words() if tag == _VERB_TAG and _de_between(word)):
        found.setdefault(word[2], word)
    return found


def _collect_verb_complement_words() -> dict[str, str]:
    """Each verb and complement that jieba holds together, keyed by the two characters: the pair alone, tagged a
    verb (办成), or with 得 between (跑得快); the shortest such word, for the message, is the value."""
    complements = _complements_after_de()
    found: dict[str, str] = {}
    for word, tag in sorted(_jieba_words(), key=lambda entry: (len(entry[0]), entry[0])):
        resultative = len(word) == 2 and tag == _VERB_TAG
        if word[-1] in complements and (resultative or _de_between(word)):
            found.setdefault(word[0] + word[-1], word)
    return found


def _de_between(word: str) -> bool:
    """A word of three characters with 得 between two others (跑得快; not 腻得得)."""
    return len(word) == 3 and word[1] == "得" and word[0] != word[2]


def _jieba_words() -> list[tuple[str, str]]:
    """The words of two or three characters of jieba's dictionary, with their parts of speech."""
    return [(word, tag) for word, _, tag in jieba_entries() if len(word) in (2, 3)]


def role_of_de(sentence: str, position: int) -> DeRole | None:
    """得 at ``position`` of ``sentence`` (glosses taken out) as the complement marker or the modal; ``None`` when
    the words around it do not say.

    The marker is decisive, as the hand rule for 跑得很快 is: between a verb
    and its complement 现代汉语词典 and school books write de, and dé there is
    what pypinyin's phrase lists write (看得见 kàn dé jiàn).  The modal is
    not: it is told by the tags of the characters beside 得 alone, and the
    model, which reads 得 dé there, may leave dé unchallenged.
    """
    return _complement_marker(sentence, position) or _modal(sentence, position)


def _complement_marker(sentence: str, position: int) -> DeRole | None:
    """得 between a verb and a character jieba's dictionary gives as its complement (跑得快, 吃得完, 看见 for
    看得见), or after a verb or an adjective in no dictionary word (说得对, 高兴得跳了起来, 跑得比我快); not 获得,
    觉得, which are words, nor 得到 (过滤得到)."""
    if position == 0:
        return None
    verb, complement = sentence[position - 1], sentence[position + 1 : position + 2]
    pair = verb_and_complement_word(verb, complement) if complement else ""
    if pair and not _begins_a_word(sentence, position):
        return DeRole(COMPLEMENT_MARKER, f"the complement marker de, between a verb and its complement ({pair})", True)
    before = _verb_or_adjective_before(sentence, position)
    if not before or not _complement_follows(sentence, position) or _in_a_word(sentence, position):
        return None
    return DeRole(COMPLEMENT_MARKER, f"{before}得: the complement marker de, after a verb or an adjective", True)


def follows_pronoun_or_adverb(sentence: str, position: int) -> bool:
    """The character or word right before 得 at ``position`` is a pronoun or an adverb of jieba's (你, 那, 都,
    还): 得 there may be the modal děi (你得好好休息), not only the marker of a degree."""
    return bool(_pronoun_or_adverb_before(sentence, position))  # none before the first character


def _modal(sentence: str, position: int) -> DeRole | None:
    """得 in no word of pypinyin's phrases or CC-CEDICT, after a pronoun, an adverb or nothing (我, 他们, 还) and
    before a verb, an adjective or an adverb (走, 小心, 快点): the modal děi; not 他得了, 他得奖, 所得, 获得."""
    after = _longest_word_after(sentence, position, _verbs_adjectives_adverbs(), _LONGEST_AFTER_MODAL)
    if not after:
        return None
    clause_starts = position == 0 or not is_han(sentence[position - 1])
    before = "" if clause_starts else _pronoun_or_adverb_before(sentence, position)
    if not (clause_starts or before):
        return None
    if _in_a_word(sentence, position):
        return None
    return DeRole(MODAL, f"{before}得{after}: the modal děi, \"must\"", False)


def _begins_a_word(sentence: str, position: int) -> bool:
    """The character at ``position`` begins a dictionary word (得到, 得了) and is inside none (来得及)."""
    words = words_around(sentence, position)
    return any(place == 0 for _, place in words) and not any(0 < place < len(word) - 1 for word, place in words)


def _in_a_word(sentence: str, position: int) -> bool:
    """Some word of pypinyin's phrases or CC-CEDICT holds the character at ``position`` (得到, 获得, 来得及).

    The large list's words are not asked: it holds stretches of text with a
    light 得 (也得 yě de, 说得, 得对), which would stop 我也得去 and 他说得对.
    """
    return any(word in phrase_words() or dictionary_readings(word) for word, _ in words_around(sentence, position))


def _verb_or_adjective_before(sentence: str, position: int) -> str:
    """The longest word of jieba's dictionary ending right before ``position``, if jieba tags it a verb or an
    adjective (说, 高兴; not 事 of 这件事); empty else."""
    word = _longest_word_before(sentence, position, _jieba_tags(), _LONGEST_TAGGED)
    return word if _jieba_tags().get(word, "") in _BEFORE_MARKER else ""


def _complement_follows(sentence: str, position: int) -> bool:
    """The longest word of jieba's dictionary right after ``position`` is a verb, an adjective, an adverb, an idiom
    or a preposition (对, 清楚, 很快, 比我快, 跳了起来, 晕头转向): a state or a degree; not the object of 得
    "obtain" (制得产品, 拍卖得320万, 采得的矿石)."""
    word = _longest_word_after(sentence, position, _jieba_tags(), _LONGEST_TAGGED)
    return _jieba_tags().get(word, "").startswith(_COMPLEMENT_TAGS)


def _pronoun_or_adverb_before(sentence: str, position: int) -> str:
    """The longest pronoun or adverb of jieba's dictionary ending right before ``position`` (我, 我们, 还, 必须);
    empty when none does."""
    return _longest_word_before(sentence, position, _pronouns_and_adverbs(), _LONGEST_BEFORE_MODAL)


def _longest_word_before(sentence: str, position: int, words: StoredTable, longest: int) -> str:
    """The longest of ``words``, at most ``longest`` characters, ending right before ``position``; empty when none
    does."""
    return next((sentence[position - length : position] for length in range(min(longest, position), 0, -1)
                 if sentence[position - length : position] in words), "")


def _longest_word_after(sentence: str, position: int, words: StoredTable, longest: int) -> str:
    """The longest of ``words``, at most ``longest`` characters, starting right after ``position``; empty when none
    does."""
    after = sentence[position + 1 : position + 1 + longest]
    return next((after[:length] for length in range(len(after), 0, -1) if after[:length] in words), "")


@lasting
def _verbs_adjectives_adverbs() -> StoredTable:
    return stored("verbs-adjectives-adverbs", lambda: {
        word: True for word, _, tag in jieba_entries()
        if len(word) <= _LONGEST_AFTER_MODAL and is_han(word[0]) and tag.startswith(_AFTER_MODAL)}, FLAG)


@lasting
def _pronouns_and_adverbs() -> StoredTable:
    return stored("pronouns-and-adverbs", lambda: {
        word: True for word, _, tag in jieba_entries()
        if len(word) <= _LONGEST_BEFORE_MODAL and tag.startswith(_BEFORE_MODAL)}, FLAG)


@lasting
def _jieba_tags() -> StoredTable:
    return stored("jieba-tags", lambda: {
        word: tag for word, _, tag in jieba_entries() if len(word) <= _LONGEST_TAGGED and is_han(word[0])}, TEXT)
