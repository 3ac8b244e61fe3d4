"""How a word list lays out its lines: a list's number (1. 2、 （3） ④ 五、), its entries, a heading's colon.

A list's entry is a word of its own, not a sentence's.  The resolver reads
the white space after a list's head and its word as parting the word from
its definition (1. 便宜 (piányi) 价钱低), and the verdicts read a list line's
entries apart from any sentence: one home for what both tell a list by.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from audit.gloss import space_after
from audit.pinyin import parse_pinyin

# A list's number at the start of a line (1. 2、 (3) ④ 五、), white space before it.
LIST_NUMBER = r"[ \t　]*(?:[0-9０-９]{1,4}[.．、)）]|[(（][0-9０-９]{1,4}[)）]|[①-⑳]|[一二三四五六七八九十]{1,3}、)"
_LIST_NUMBER_ENDS = frozenset(".．、)）①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳")
_LIST_NUMBER_REACH = 12  # characters: a list's number and the white space around it, with room to spare


class ListPatterns(NamedTuple):
    """The patterns that tell a list's line from a sentence's (see ``verdicts.heads_a_list_line``)."""

    sentence_stop: re.Pattern[str]
    list_number: re.Pattern[str]  # 1. 2、 （3） ④ 五、 and the white space before it
    entry: re.Pattern[str]  # a line's first entry, after its number if any
    next_entry: re.Pattern[str]  # another entry on the line, after white space
    enumerated_entries: re.Pattern[str]  # a whole line of entries parted by 、 or ；, after a number or a heading
    glossed_word_after: re.Pattern[str]  # white space, then a glossed word: the word in group 1
    glossed_word_before: re.Pattern[str]  # a glossed word, then white space: the word in group 1


# Compiled when first asked, once: at import they cost every run about 3 ms of start-up, a twentieth of a one-line
# check, and a sentence's glosses never ask them.
@functools.lru_cache(maxsize=None)
def list_patterns() -> ListPatterns:
    # An entry: a word, its gloss, then white space, a definition's colon or the line's end, after a list's number
    # if any (so a sentence's first word glossed, 他(tā)说, is none); the next one on a line comes after white space.
    glossed_word = r"[^\s()（）：:，。！？、；|]{1,8}[ \t　]*[(（][^()（）\n]*[)）]"
    word_and_gloss = rf"{glossed_word}(?=[ \t　：:\n]|\Z)"
    heading = r"[^\s()（）：:，。！？、；|]{1,12}[：:][ \t　]*"
    return ListPatterns(
        sentence_stop=re.compile("[。！？]"),
        list_number=re.compile(LIST_NUMBER),
        entry=re.compile(rf"[ \t　]*(?:{LIST_NUMBER})?[ \t　]*{word_and_gloss}"),
        next_entry=re.compile(rf"[ \t　]+{word_and_gloss}"),
        enumerated_entries=re.compile(rf"[ \t　]*(?:{LIST_NUMBER})?[ \t　]*(?:{heading})?"
                                      rf"{glossed_word}(?:[ \t　]*[、；][ \t　]*{glossed_word})+[ \t　\r]*"),
        glossed_word_after=re.compile(r"[ \t　]+([^\s()（）：:，。！？、；]{1,8}?)[ \t　]*[(（]"),
        glossed_word_before=re.compile(r"([^\s()（）：:，。！？、；]{1,8})[ \t　]*[(（][^()（）\n]*[)）][ \t　]+\Z"))


def after_a_list_number(text: str, start: int) -> bool:
    """Whether nothing but a list's number stands before ``start`` on its line: ``1.``, ``2、``, ``（3）``, ``④``,
    ``五、``, as word lists number their entries."""
    if text[start - 1] not in _LIST_NUMBER_ENDS:
        return False  # a Han character or punctuation, as before nearly every span in a sentence: no search
    # With no line break that near, the search runs from the text's start, more than a number, and fails.
    line_start = text.rfind("\n", max(0, start - _LIST_NUMBER_REACH), start) + 1
    return list_patterns().list_number.fullmatch(text, line_start, start) is not None


def lists_its_glossed_word(text: str, line_start: int, start: int, end: int) -> bool:
    """Whether the line from ``line_start`` holds a list's number and the word it lists, nothing more, glossed
    whole by the gloss from ``start`` (its white space before it included) to ``end``: 1. 便宜 (piányi), not
    1. 他说长(cháng), whose gloss reads the last character of a sentence's words."""
    head = _head_and_word().fullmatch(text, line_start, start)
    if head is None:
        return False
    opening = space_after(text, start)
    content = text[opening + 1 : end].rstrip(")）]")  # no bracket inside; a gloss left open ends at its last letter
    return parse_pinyin(content).characters_read == len(head[1])


# Compiled when the resolver first meets a gloss with white space after it, apart from the patterns above, which it
# does not ask: at import, its ranges of characters would cost every run about 2 ms of start-up.
@functools.lru_cache(maxsize=None)
def _head_and_word() -> re.Pattern[str]:
    """A list's number and the Han characters after it, those in group 1."""
    return re.compile(rf"{LIST_NUMBER}[ \t　]*([\u3400-\u9fff]{{1,8}})")
