"""What completes a verb: the characters word lists give after a light 得 (吃得完, 跑得快), and the verbs and
complements jieba's dictionary holds as words (吃完, 办成); and what 得 standing alone is, by the words around it.

Read for a light 不 that no dictionary word holds: between a verb and its
complement it is how speech says it (办不成 bàn bu chéng), before what only
negation takes it is a slip (语言不(bu)是).  Read for 得 outside any word: the
light marker de between a verb and its complement (跑得快 pǎo de kuài), the
modal děi, "must", between a subject and a verb (我得走了 wǒ děi zǒu le).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from audit.lexicon import VERB_TAGS, VERB_TAGS_NAMED, is_verb, jieba_entries, word_knowledge
from audit.pinyin import NEUTRAL
from audit.readings import (Reading, dictionary_words, in_phrases_or_cc_cedict, is_han, light_de_complements,
                            words_around)
from audit.tables import FLAG, TEXT, StoredTable, lasting, stored
from audit.words import LONGEST_WORD, UNKNOWN_COST, best_costs

# The first letters of jieba's tags for what may follow the modal 得, a word of one or two characters: a verb
# (走, 上班), an adjective (小心 starts with 小), an adverb (快点), a preposition that opens a verb phrase (把, 在);
# or a question of quantity (那得多少钱, 得几天),
# which jieba tags a numeral, as it does 一 and 三 of 得一分, "obtain".
_AFTER_MODAL = ("v", "a", "d", "p")
_LONGEST_AFTER_MODAL = 2
_QUANTITY_QUESTIONS = ("多少", "几")
# ...or a numeral that says how the verb after it is done, as an adverb would (多穿点, "more"; 一起去, "together"),
# where 得 "obtain" takes a number and what it counts (得一分, 得三个奖).
_NUMERAL = "m"
# What opens a verb phrase after the modal, so that 得 "obtain", which takes an object, cannot stand there: an
# adverb or a numeral before a verb (好好学习, 一起去), or a preposition (把作业, 在家).
_BEFORE_A_VERB = ("d", _NUMERAL)
_PREPOSITION = "p"
# Before the modal a pronoun (我, 我们, 那) or an adverb (还, 也, 先) may come, or a subject of the sentence: a noun
# or a time word of two characters or more (学生, 大家, 明天), or a noun of one after a demonstrative or a numeral
# and a measure word (这件事, 三个人).  Alone, jieba tags a one-character noun that is often a verb a noun too (传 of
# 消息传得很快, 制 of 可制得), and 得 after it is the marker or "obtain"; a noun before 得 "obtain" (逝世后得谥号,
# 佳士得) is told by what follows.
_BEFORE_MODAL = ("r", "d")
_LONGEST_BEFORE_MODAL = 3  # 我们, 必须, 大伙儿
_SUBJECT_TAGS = ("n", "t")
_BEFORE_A_MEASURE_WORD = ("r", "m")  # 这, 那, 每; 一, 三
_PLURAL_SUFFIX = "k"  # jieba's tag for 们 (我们, 他们): a pronoun, not a demonstrative and a measure word
_PLURAL = "们"  # after a noun, a noun phrase too (孩子们, 同学们)
# jieba's tags, whole, for a verb or an adjective before the complement marker (说得对, 发展得好; 高兴 is tagged b,
# as adjectives that only qualify are), and the first letters of those for what may begin its complement: a verb,
# an adjective, an adverb, an idiom or a set phrase (晕头转向, 大吃大喝), a preposition (对, 比).
_BEFORE_MARKER = VERB_TAGS | {"a", "b"}
_COMPLEMENT_TAGS = ("v", "a", "d", "i", "l", "p")
_LONGEST_TAGGED = 4
# The complements grammars of Mandarin list after a verb, which 不 or 得 between the two turns into a potential form
# (听不懂, 回不来, 洗不干净): the directions, alone and with 来 or 去 after them, and the commonest results.  Results
# that 不 after a verb mostly negates are left out (是不对, 还不错, 人不满).
POTENTIAL_COMPLEMENTS = frozenset({
    "来", "去", "上", "下", "进", "出", "回", "过", "起", "开", "到",
    "上来", "上去", "下来", "下去", "进来", "进去", "出来", "出去", "回来", "回去", "过来", "过去", "起来",
    "完", "好", "见", "懂", "会", "住", "着", "掉", "走", "成", "动", "了", "清", "透", "惯", "够",
    "清楚", "明白", "干净"})
_LONGEST_COMPLEMENT = 2
_POTENTIAL_MARKS = "不得"  # between a verb and its complement in a potential form: 吃不完, 吃得完
# 会 is a modal verb too, and 来 and 去 verbs of their own, which 不 before them mostly negates (他说不会来, 他说不去了):
# a complement only in the verb's word (学会, 回去).
_ALSO_VERBS_OF_THEIR_OWN = ("会", "来", "去")
# jieba tags many verbs of one character nouns alone (学, 记, 传, 飞), and many more zg, a bound morpheme (穿, 抛, 拐,
# 罚): as the first of a potential form, or of a verb and a complement, they are verbs.
_VERBS_AND_NOUNS = VERB_TAGS | {"n", "zg"}
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
    pypinyin's phrases, CC-CEDICT or jieba's dictionary; or the two as a word
    of any of them (写完, 站稳), the second a complement that such forms put
    after both 不 and 得 (吃不完 and 吃得完, 看不到 and 看得到: 完, 到, 清,
    not 是 or 能, which 不 before them negates: 要不是, 决不能).  Only verbs
    jieba tags so alone come first in either.  The large list is not asked:
    its words of three characters with 不 inside that no other source has
    are mostly stretches of text (说不去, 认不是, 冒不失).
    """
    return _potential_forms().get(verb + complement, "")


def potential_complement_at(sentence: str, start: int) -> str:
    """The longest of ``POTENTIAL_COMPLEMENTS`` starting at ``start`` of ``sentence`` (起来 of 拿不起来), after
    不 at ``start - 1`` and a verb before it; 会, 来 and 去 alone only where the verb and it make a word of
    pypinyin's phrases or CC-CEDICT (学不会: 学会; 回不去: 回去; not 说不去).  Empty when none does."""
    complement = next((sentence[start : start + length] for length in range(_LONGEST_COMPLEMENT, 0, -1)
                       if sentence[start : start + length] in POTENTIAL_COMPLEMENTS), "")
    if complement in _ALSO_VERBS_OF_THEIR_OWN and start >= 2:
        word = sentence[start - 2] + complement
        return complement if in_phrases_or_cc_cedict(word) else ""
    return complement


_POTENTIAL_FORM_LENGTH = 3  # a verb, 不 and a complement of one character: 等不及, 难不倒, 受不了


def holds_a_potential_form(word: str, place: int) -> bool:
    """``word``, of pypinyin's phrases or CC-CEDICT, holds 不 at ``place`` as potential forms do: between two
    characters in a word of three (等不及, 难不倒, 受不了), or before a complement of ``POTENTIAL_COMPLEMENTS`` in a
    longer one (想不起来, 吃不了兜着走).  Speech and 现代汉语词典 say 不 light there where these dictionaries
    write it in full.  Not 不 ending a word (决不, 绝不), nor in an idiom before what it negates (迫不及待, 一丝不苟),
    nor in a stretch of text only the large list holds (说不去)."""
    return 0 < place < len(word) - 1 and (
        len(word) == _POTENTIAL_FORM_LENGTH or bool(potential_complement_at(word, place + 1))
    ) and in_phrases_or_cc_cedict(word)


def verb_taking_complements(verb: str) -> str:
    """A word of the dictionaries showing ``verb`` before 不 or 得 and a complement of ``POTENTIAL_COMPLEMENTS``
    (睡不到 for 睡, 学不完 for 学), or a verb of jieba's of it and such a complement (飞上去 for 飞), where jieba
    tags the character alone a verb or a noun; empty else, as for 是,
    像 and 姓, which take no complement, and for most adverbs and adjectives in such words (还得起, 绝不会, 少不了).
    A character jieba tags a verb alone counts even where such a word uses it as an adverb (决 of 决不会, 可 of
    可得到); it changes nothing there, for 决不 and 可不 are words of their own, and 不 inside a word is judged by
    the word."""
    return _verbs_taking_complements().get(verb, "")


@lasting
def _verbs_taking_complements() -> StoredTable:
    return stored(f"verbs-taking-complements-{'-'.join(sorted(_VERBS_AND_NOUNS))}-potential-forms-first",
                  _collect_verbs_taking_complements, TEXT)


def _collect_verbs_taking_complements() -> dict[str, str]:
    """The characters before 不 or 得 and a complement of ``POTENTIAL_COMPLEMENTS`` in a word of the phrase lists,
    CC-CEDICT or jieba's dictionary, or before such a complement in a word jieba tags a verb (飞起, 飞出去), keyed
    by the character, with the first potential form in the order of the characters (睡不着), else the first verb
    and complement (飞上去), for the message.  jieba tags many verbs of one character nouns alone (学, 记, 传, 飞)
    and many zg (穿, 抛), and they count."""
    found: dict[str, str] = {}
    tags = _jieba_tags()
    words = sorted({*dictionary_words(), *(word for word, _, _ in jieba_entries())})
    # A potential form shows what the message means (睡不着); a verb and a complement (睡上去, which sorts before
    # it) only where no potential form holds the character.
    for shows_it in (_potential_with, lambda word: _verb_and_complement(word, tags)):
        for word in words:
            if tags.get(word[0], "") in _VERBS_AND_NOUNS and shows_it(word):
                found.setdefault(word[0], word)
    return found


def _potential_with(word: str) -> bool:
    """A word of three characters with 不 or 得 between two others and a complement of ``POTENTIAL_COMPLEMENTS``
    after them (睡不着, 学得完)."""
    return _parted_by(word, _POTENTIAL_MARKS) and word[2] in POTENTIAL_COMPLEMENTS


def _verb_and_complement(word: str, tags: StoredTable) -> bool:
    """A word jieba tags a verb, of a character and a complement of ``POTENTIAL_COMPLEMENTS`` (飞起, 飞出去)."""
    return len(word) > 1 and word[1:] in POTENTIAL_COMPLEMENTS and tags.get(word, "") in VERB_TAGS


@lasting
def _complements_after_de() -> StoredTable:
    return stored(f"complements-after-de-{VERB_TAGS_NAMED}", _collect_complements_after_de, TEXT)


@lasting
def _verb_complement_words() -> StoredTable:
    return stored(f"verb-complement-words-completing-{VERB_TAGS_NAMED}", _collect_verb_complement_words, TEXT)


@lasting
def _potential_forms() -> StoredTable:
    return stored("potential-forms-of-dictionaries-completed", _collect_potential_forms, TEXT)


def _collect_potential_forms() -> dict[str, str]:
    """The verbs and complements the dictionaries show in a potential form, keyed by the two characters, with the
    shortest word showing it (see ``potential_form``)."""
    dictionaries = (word for word in dictionary_words() if len(word) <= 3 and in_phrases_or_cc_cedict(word))
    words = sorted({*dictionaries, *(word for word, _, _ in jieba_entries())}, key=lambda word: (len(word), word))
    found: dict[str, str] = {}
    after: dict[str, set[str]] = {mark: set() for mark in _POTENTIAL_MARKS}
    for word in words:
        if _parted_by(word, _POTENTIAL_MARKS) and is_verb(word[0]):
            found.setdefault(word[0] + word[2], word)
            after[word[1]].add(word[2])
    complements = after["不"] & after["得"]
    for word in words:
        if len(word) == 2 and word[1] in complements and is_verb(word[0]) and _completes(word):
            found.setdefault(word, word)
    return found


def _completes(word: str) -> bool:
    """The second character of ``word``, a verb of two, completes the first: any but a verb of its own (会, 来, 去),
    which does only in a word of pypinyin's phrases or CC-CEDICT (回去, 学会; not jieba's 想去, "want to go")."""
    return word[1] not in _ALSO_VERBS_OF_THEIR_OWN or in_phrases_or_cc_cedict(word)


def _collect_complements_after_de() -> dict[str, str]:
    """The phrase lists' and CC-CEDICT's complements after 得, and those of jieba's verbs (吃得完, 谈得成), whose
    得 is the light one: a verb with 得 before a character is no 获得 or 所得."""
    found = light_de_complements()
    for word in sorted(word for word, tag in _jieba_words() if tag in VERB_TAGS and _de_between(word)):
        found.setdefault(word[2], word)
    return found


def _collect_verb_complement_words() -> dict[str, str]:
    """Each verb and complement that jieba holds together, keyed by the two characters: the pair alone, tagged a
    verb, where the second completes the first (办成; not 想去, "want to go"; see ``_completes``), or with 得 between
    (跑得快); the shortest such word, for the message, is the value."""
    complements = _complements_after_de()
    found: dict[str, str] = {}
    for word, tag in sorted(_jieba_words(), key=lambda entry: (len(entry[0]), entry[0])):
        resultative = len(word) == 2 and tag in VERB_TAGS and _completes(word)
        if word[-1] in complements and (resultative or _de_between(word)):
            found.setdefault(word[0] + word[-1], word)
    return found


def _de_between(word: str) -> bool:
    """A word of three characters with 得 between two others (跑得快; not 腻得得)."""
    return _parted_by(word, "得")


def _parted_by(word: str, marks: str) -> bool:
    """A word of three characters with one of ``marks`` between two others that differ (吃不完, 跑得快; not 腻得得,
    which doubles a character)."""
    return len(word) == 3 and word[1] in marks and word[0] != word[2]


def _jieba_words() -> list[tuple[str, str]]:
    """The words of two or three characters of jieba's dictionary, with their parts of speech."""
    return [(word, tag) for word, _, tag in jieba_entries() if len(word) in (2, 3)]


def role_of_de(sentence: str, position: int) -> DeRole | None:
    """得 at ``position`` of ``sentence`` (glosses taken out) as the complement marker or the modal; ``None`` when
    the words around it do not say.

    The marker is decisive, as the hand rule for 跑得很快 is: between a verb
    and its complement 现代汉语词典 and school books write de, and dé there is
    what pypinyin's phrase lists write (看得见 kàn dé jiàn).  The modal is
    not: it is told by the tags of the words beside 得 alone, and the model,
    which reads 得 dé there, may leave dé unchallenged.  The words that hold
    得 are looked up once, when the tags have made it one or the other.
    """
    pair = _between_verb_and_complement(sentence, position)
    by_tags = _marker_after_verb(sentence, position) or _modal(sentence, position)
    if not (pair or by_tags):
        return None
    words = words_around(sentence, position)
    if pair and not _begins_a_word(words):
        return pair
    return None if _in_a_word(words) else by_tags


def _between_verb_and_complement(sentence: str, position: int) -> DeRole | None:
    """得 between a verb and a character jieba's dictionary gives as its complement (跑得快, 吃得完, 看见 for
    看得见): the marker, unless 得 begins a word (得到 of 过滤得到, 得了), which ``role_of_de`` asks; not where the
    character before 得 ends a noun (生 of 学生得好好学习, "must")."""
    if position == 0:
        return None
    pair = verb_and_complement_word(sentence[position - 1], sentence[position + 1 : position + 2])
    if not pair or _noun_before(sentence, position):  # the pair first: one look-up, where the noun takes several
        return None
    return DeRole(COMPLEMENT_MARKER, f"the complement marker de, between a verb and its complement ({pair})", True)


def _marker_after_verb(sentence: str, position: int) -> DeRole | None:
    """得 after a verb or an adjective and before what may begin its complement (说得对, 高兴得跳了起来,
    跑得比我快): the marker, if no dictionary word holds 得 (获得, 觉得), which ``role_of_de`` asks; not 得
    "obtain" before its object (制得产品, 拍卖得320万)."""
    before = _verb_or_adjective_before(sentence, position)
    if not before or not _complement_follows(sentence, position):
        return None
    return DeRole(COMPLEMENT_MARKER, f"{before}得: the complement marker de, after a verb or an adjective", True)


def may_be_the_modal(sentence: str, position: int) -> bool:
    """得 at ``position`` may be the modal děi, not only the marker of a degree, which follows a verb or an
    adjective: after a pronoun or an adverb of jieba's (你得好好休息, 都得), or after a noun phrase and before what
    the modal takes after one (这件事得好好想想, 这个市场得多元化发展; not 时髦得多, jieba tagging 时髦 a name)."""
    if _pronoun_or_adverb_before(sentence, position):  # none before the first character
        return True
    return bool(_after_a_subject(sentence, position) and _noun_phrase_before(sentence, position))


def _modal(sentence: str, position: int) -> DeRole | None:
    """得 after a pronoun, an adverb, a noun phrase or nothing (我, 他们, 还, 学生, 这件事) and before what the modal
    takes (走, 小心, 快点, 把, 多少; see ``_after_the_modal``, and ``_after_a_subject`` after a noun phrase): the
    modal děi, if no dictionary word holds 得, which ``role_of_de`` asks; not 他得了, 他得奖, 所得, 获得.

    Decisive after a noun phrase and before a verb phrase that 得 "obtain"
    cannot take (学生得好好学习, 三个人得一起去; see ``_opens_a_verb_phrase``):
    nothing before 得 is a verb it could follow as the marker, and nothing
    after it an object.  After a pronoun or an adverb the model may still
    read dé unchallenged (他得过奖, 方得始终).
    """
    clause_starts = position == 0 or not is_han(sentence[position - 1])
    pronoun_or_adverb = "" if clause_starts else _pronoun_or_adverb_before(sentence, position)
    if clause_starts or pronoun_or_adverb:
        return _the_modal(pronoun_or_adverb, _after_the_modal(sentence, position), decisive=False)
    # What follows first: mostly a look-up in a table, where the noun phrase takes a segmentation.
    after = _after_a_subject(sentence, position)
    subject = _noun_phrase_before(sentence, position) if after else ""
    if not subject:
        return None
    return _the_modal(subject, after, decisive=_opens_a_verb_phrase(sentence, position))


def _the_modal(before: str, after: str, decisive: bool) -> DeRole | None:
    """The modal děi between ``before`` and ``after``, the words that tell it; ``None`` when nothing it takes
    follows."""
    return DeRole(MODAL, f"{before}得{after}: the modal děi, \"must\"", decisive) if after else None


def _after_a_subject(sentence: str, position: int) -> str:
    """What the modal takes right after ``position`` where a noun phrase comes before it: what it takes anywhere
    (see ``_after_the_modal``), or the verb starting there (see ``_verb_at``), longer than those (多元化 of
    这个市场得多元化发展) or of one character jieba tags a noun alone (问 of 这件事得问老师): a subject takes a verb,
    and 得 between is the modal."""
    return _after_the_modal(sentence, position) or _verb_at(sentence, position + 1)


def _after_the_modal(sentence: str, position: int) -> str:
    """The longest verb, adjective, adverb or preposition of jieba's of one or two characters starting right after
    ``position`` (走, 上班, 小心, 快点, 把), a question of quantity (多少), or a numeral before a verb (多穿, 一起去,
    多喝水); empty when none does."""
    return (_longest_after(sentence, position, _what_may_follow_the_modal(), _LONGEST_AFTER_MODAL)[0]
            or next((word for word in _QUANTITY_QUESTIONS if sentence.startswith(word, position + 1)), "")
            or _numeral_before_a_verb(sentence, position))


def _numeral_before_a_verb(sentence: str, position: int) -> str:
    """The first word after ``position`` (see ``_first_word_after``), or its first character, if jieba tags it a
    numeral and a verb follows it (多穿, 一起去; 多 of 多喝水, a word of the lexicon's), the two; empty else (得一分,
    得一百分, 得一等奖)."""
    tags, word = _jieba_tags(), _first_word_after(sentence, position + 1)
    numeral = word if tags.get(word, "").startswith(_NUMERAL) else word[:1]
    if not tags.get(numeral, "").startswith(_NUMERAL):
        return ""
    verb = _verb_at(sentence, position + 1 + len(numeral))
    return numeral + verb if verb else ""


def _opens_a_verb_phrase(sentence: str, position: int) -> bool:
    """What follows ``position`` opens a verb phrase that 得 "obtain" cannot take: a preposition (把作业做完), or an
    adverb or a numeral before a verb (好好学习, 一起去, 多穿点); not a degree before what 得 obtained (得最多的奖)."""
    word, tag = _longest_after(sentence, position, _jieba_tags(), _LONGEST_AFTER_MODAL)
    if not tag:
        return False
    return tag.startswith(_PREPOSITION) or (tag.startswith(_BEFORE_A_VERB)
                                            and bool(_verb_at(sentence, position + 1 + len(word))))


def _verb_at(sentence: str, start: int) -> str:
    """The word starting at ``start`` (see ``_first_word_after``) if jieba tags it a verb (学习, 去), or, of one
    character, if it and a complement of ``POTENTIAL_COMPLEMENTS`` make a word jieba tags a verb (穿 of
    多穿点: 穿上, 穿过, where it tags 穿 alone otherwise; not 突 of 突然: 突出); empty else."""
    word = _first_word_after(sentence, start)
    if _jieba_tags().get(word, "") in VERB_TAGS or word in _verbs_before_complements():
        return word
    return ""


@lasting
def _verbs_before_complements() -> StoredTable:
    """The characters that a complement of ``POTENTIAL_COMPLEMENTS`` after them makes a verb of jieba's (穿 of 穿上)."""
    tags = _jieba_tags()
    return stored(f"verbs-before-complements-{VERB_TAGS_NAMED}", lambda: {
        word[0]: True for word, _, _ in jieba_entries() if _verb_and_complement(word, tags)}, FLAG)


def _begins_a_word(words: list[tuple[str, int]]) -> bool:
    """得, held by ``words`` (``words_around``), begins a dictionary word (得到, 得了) and is inside none (来得及)."""
    return any(place == 0 for _, place in words) and not any(0 < place < len(word) - 1 for word, place in words)


def _in_a_word(words: list[tuple[str, int]]) -> bool:
    """Some word of pypinyin's phrases or CC-CEDICT among ``words`` (``words_around``) holds 得 (得到, 获得, 来得及).

    The large list's words are not asked: it holds stretches of text with a
    light 得 (也得 yě de, 说得, 得对), which would stop 我也得去 and 他说得对.
    """
    return any(in_phrases_or_cc_cedict(word) for word, _ in words)


def _verb_or_adjective_before(sentence: str, position: int) -> str:
    """The longest word of jieba's dictionary ending right before ``position``, if jieba tags it a verb or an
    adjective (说, 高兴; not 事 of 这件事); empty else."""
    word, tag = _longest_before(sentence, position, _jieba_tags(), _LONGEST_TAGGED)
    return word if tag in _BEFORE_MARKER else ""


def verb_ending_before(sentence: str, position: int) -> str:
    """The longest word of jieba's dictionary ending right before ``position``, if jieba tags it a verb (适应 of
    适应不了); empty else."""
    word, tag = _longest_before(sentence, position, _jieba_tags(), _LONGEST_TAGGED)
    return word if tag in VERB_TAGS else ""


def _complement_follows(sentence: str, position: int) -> bool:
    """The longest word of jieba's dictionary right after ``position`` is a verb, an adjective, an adverb, an idiom
    or a preposition (对, 清楚, 很快, 比我快, 跳了起来, 晕头转向): a state or a degree; not the object of 得
    "obtain" (制得产品, 拍卖得320万, 采得的矿石); or an idiom of four characters (see ``_idiom_at``)."""
    _, tag = _longest_after(sentence, position, _jieba_tags(), _LONGEST_TAGGED)
    return (bool(tag) and tag.startswith(_COMPLEMENT_TAGS)) or _idiom_at(sentence, position + 1)


_IDIOM_LENGTH = 4
_COMMON_NOUN = "n"


def _idiom_at(sentence: str, start: int) -> bool:
    """The four characters from ``start`` make a word of pypinyin's phrases or CC-CEDICT that jieba does not tag a
    common noun: an idiom, a state or a degree after a verb (累得满头大汗, 气得面红耳赤), which jieba may tag a name
    (满头大汗 ns)."""
    word = sentence[start : start + _IDIOM_LENGTH]
    return len(word) == _IDIOM_LENGTH and in_phrases_or_cc_cedict(word) and _jieba_tags().get(word) != _COMMON_NOUN


def _pronoun_or_adverb_before(sentence: str, position: int) -> str:
    """The longest pronoun or adverb of jieba's dictionary ending right before ``position`` (我, 我们, 还, 必须);
    empty when none does."""
    return _longest_before(sentence, position, _pronouns_and_adverbs(), _LONGEST_BEFORE_MODAL)[0]


def _noun_phrase_before(sentence: str, position: int) -> str:
    """The noun or time word of two characters or more the sentence ends with right before ``position`` (学生,
    大家, 明天; see ``_last_word_before``), or one of one character after a demonstrative or a numeral and a measure
    word (这件事, 三个人); empty else, as for a character after a pronoun of two characters (学 of 他们学得很快)."""
    word = _last_word_before(sentence, position)
    nouns = _noun_phrase_before(sentence, position - 1) if word == _PLURAL else ""
    if nouns:
        return nouns + word  # 孩子们, 同学们
    if len(word) > 1:
        return _a_noun(word)
    # One character, or a segmentation in doubt (三个|人 or 三|个人): the phrase's shape tells.
    if position < 3 or not _jieba_tags().get(sentence[position - 1], "").startswith(_SUBJECT_TAGS):
        return ""
    determiner, measure_word = (_jieba_tags().get(char, "") for char in sentence[position - 3 : position - 1])
    if determiner.startswith(_BEFORE_A_MEASURE_WORD) and measure_word != _PLURAL_SUFFIX:
        return sentence[position - 3 : position]
    return ""


def _noun_before(sentence: str, position: int) -> str:
    """The last word before ``position`` (see ``_last_word_before``), if it has two characters or more and jieba
    tags it a noun or a time word (学生 of 中国学生, 大家, 明天); empty else."""
    return _a_noun(_last_word_before(sentence, position))


def _a_noun(word: str) -> str:
    """``word`` if it has two characters or more and jieba tags it a noun or a time word (学生, 大家, 明天); empty
    else."""
    return word if len(word) > 1 and _jieba_tags().get(word, "").startswith(_SUBJECT_TAGS) else ""


# The clause's characters segmented to find the word that ends before 得, or starts after it: the word, and those
# beside it that may cross it (中国学生: 国学; 这孩子长: 子长; 多穿点: 穿点).
_SEGMENTED = 8


# How much less the best segmentation ending with a word must cost than the best ending otherwise (the lexicon's
# costs are negative natural logarithms: about 7 times as likely) for that word to be taken: 中国学生 ends
# 中国|学生 by 8.9, but 这本书写 ends 这|本|书写 by 0.14 only, where the sentence says 这本书|写.
_SURE_MARGIN = 2.0


def _last_word_before(sentence: str, position: int) -> str:
    """The last word of the best segmentation, by the lexicon's word costs, of the Han characters right before
    ``position`` (at most ``_SEGMENTED``): 学生 of 中国学生, not cut by 国学; 长 of 这孩子长, where the
    longest word ending there is 子长, a place name, and the sentence says 孩子 and 长, "grow".  Empty where
    another last word is nearly as likely (see ``_SURE_MARGIN``)."""
    start = position
    while start > max(0, position - _SEGMENTED) and is_han(sentence[start - 1]):
        start -= 1
    chars = sentence[start:position]
    known = _word_costs(chars)
    before, _ = best_costs(chars, known)
    end = len(chars)
    costed = sorted((before[first] + known.get(chars[first:], UNKNOWN_COST), chars[first:])
                    for first in range(max(0, end - LONGEST_WORD), end) if first == end - 1 or chars[first:] in known)
    if not costed or (len(costed) > 1 and costed[1][0] - costed[0][0] < _SURE_MARGIN):
        return ""
    return costed[0][1]


def _first_word_after(sentence: str, start: int) -> str:
    """The first word of the best segmentation of the Han characters from ``start`` (at most ``_SEGMENTED``): 穿 of
    多穿点, where jieba holds 穿点 too."""
    end = start
    while end < min(len(sentence), start + _SEGMENTED) and is_han(sentence[end]):
        end += 1
    chars = sentence[start:end]
    known = _word_costs(chars)
    _, after = best_costs(chars, known)
    first_words = (chars[:length] for length in range(1, min(len(chars), LONGEST_WORD) + 1)
                   if length == 1 or chars[:length] in known)
    return min(first_words, key=lambda word: known.get(word, UNKNOWN_COST) + after[len(word)], default="")


def _word_costs(chars: str) -> dict[str, float]:
    """The lexicon's cost of each word of ``chars`` it knows, for ``best_costs``."""
    costs = word_knowledge().costs
    return {chars[first:end]: cost for first in range(len(chars))
            for end in range(first + 1, min(len(chars), first + LONGEST_WORD) + 1)
            if (cost := costs.get(chars[first:end])) is not None}


def ends_a_noun_phrase(sentence: str, position: int) -> bool:
    """The character before ``position`` ends a noun phrase (学生, 明天; 这个镇, 他的气: a noun of one character
    two after a pronoun or a numeral; see ``_noun_phrase_before``): a noun there, whatever verb jieba's dictionary
    also has it for (镇得住, 气不过)."""
    return bool(_noun_phrase_before(sentence, position))


def _longest_before(sentence: str, position: int, table: StoredTable, longest: int) -> tuple[str, Any]:
    """The longest key of ``table``, at most ``longest`` characters, ending right before ``position``, and its value
    (a tag, or True); ``("", None)`` when none does."""
    for length in range(min(longest, position), 0, -1):
        value = table.get(sentence[position - length : position])
        if value:
            return sentence[position - length : position], value
    return "", None


def _longest_after(sentence: str, position: int, table: StoredTable, longest: int) -> tuple[str, Any]:
    """The longest key of ``table``, at most ``longest`` characters, starting right after ``position``, and its
    value (a tag, or True); ``("", None)`` when none does."""
    after = sentence[position + 1 : position + 1 + longest]
    for length in range(len(after), 0, -1):
        value = table.get(after[:length])
        if value:
            return after[:length], value
    return "", None


@lasting
def _what_may_follow_the_modal() -> StoredTable:
    return stored(f"after-the-modal-{'-'.join(_AFTER_MODAL)}", lambda: {
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
