"""What completes a verb: the characters word lists give after a light 得 (吃得完, 跑得快), and the verbs and
complements jieba's dictionary holds as words (吃完, 办成).

Read for a light 不 that no dictionary word holds: between a verb and its
complement it is how speech says it (办不成 bàn bu chéng), before what only
negation takes it is a slip (语言不(bu)是).
"""

from __future__ import annotations

from audit.lexicon import jieba_entries
from audit.readings import light_de_complements
from audit.tables import TEXT, StoredTable, lasting, stored

# jieba's tag for a verb (吃完, 办成, 吃得完), as a word of its own.
_VERB_TAG = "v"


def complement_after_de(complement: str) -> str:
    """The shortest word holding ``complement`` right after a light 得 that follows another character (来得快 for
    快, 吃得完 for 完); empty when none does, and the character is taken for no complement."""
    return _complements_after_de().get(complement, "")


def verb_and_complement_word(verb: str, complement: str) -> str:
    """A word of jieba's dictionary in which ``complement`` completes ``verb``: the two alone, tagged a verb (办成),
    or with 得 between (跑得快); empty when none is, or ``complement`` is no complement_after_de."""
    return _verb_complement_words().get(verb + complement, "")


@lasting
def _complements_after_de() -> StoredTable:
    return stored("complements-after-de", _collect_complements_after_de, TEXT)


@lasting
def _verb_complement_words() -> StoredTable:
    return stored("verb-complement-words", _collect_verb_complement_words, TEXT)


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
