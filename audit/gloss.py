"""Finding glosses: bracketed pinyin that directly follows Chinese text.

A bracket counts as a gloss when its content is pinyin (``汉字(hàn zì)``,
``汉字（hàn zì）``, ``汉字[han4 zi4]``) or plainly tries to be (tone marks or
tone digits on Latin letters, even when they do not parse).  Everything else
in brackets, ``(Shopee)``, ``(2024)``, ``（图源）``, ``AI (AI)``, is ordinary
text and produces nothing.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterator

from audit.pinyin import ParsedPinyin, looks_like_pinyin_attempt, parse_pinyin, syllable_inventory
from audit.readings import is_han

_CLOSER_FOR = {"(": ")）", "（": ")）", "[": "]"}
# An opener, then up to 120 characters that are not brackets or a line break,
# then (if present) the closer.  Longer bracketed text is never a gloss.
_BRACKETED = re.compile(r"[(（\[]([^()（）\[\]\n]{1,120})([)）\]]?)")
# What an unclosed gloss can hold before the text resumes.
_LEADING_PINYIN = re.compile(r"[A-Za-z\u00c0-\u024f\u0300-\u036f\uff21-\uff3a\uff41-\uff5a0-9 '’‘:·\-]*")
_PINYIN_CHARS = re.compile(r"^[\w\u0300-\u036f\s'’‘:·\-]+$")


@dataclass(frozen=True)
class Gloss:
    open: int            # offset of the opening bracket
    close: int           # offset of the closing bracket, or of the last content character when unclosed
    bracket: str         # "()", "（）", "[]", ... as written
    content: str
    pinyin: ParsedPinyin
    closed: bool = True

    @property
    def content_start(self) -> int:
        return self.open + 1

    @property
    def end(self) -> int:
        """Offset just after the gloss."""
        return self.close + 1

    @property
    def written(self) -> str:
        return self.bracket[0] + self.content + (self.bracket[1:] if self.closed else "")


def find_glosses(text: str) -> Iterator[Gloss]:
    """Every gloss in ``text``, in order."""
    for match in _BRACKETED.finditer(text):
        opener, content, closer = text[match.start()], match.group(1), match.group(2)
        closed = bool(closer) and closer in _CLOSER_FOR[opener]
        if closer and not closed:
            continue  # a mismatched pair such as "[...)" is not something we read
        if not closed:
            content = _LEADING_PINYIN.match(content).group(0).rstrip()
        if not _could_be_pinyin(content):
            continue
        parsed = parse_pinyin(content)
        if not _is_gloss(text, match.start(), content, parsed, closed):
            continue
        close = match.end(2) - 1 if closed else match.start() + len(content)
        yield Gloss(match.start(), close, opener + closer, content, parsed, closed)


def _could_be_pinyin(content: str) -> bool:
    """Only letters, digits, marks and separators, and no Han characters."""
    return (
        bool(content.strip())
        and bool(_PINYIN_CHARS.match(content))
        and "_" not in content
        and not any(is_han(char) for char in content)
    )


def _is_gloss(text: str, open_offset: int, content: str, parsed: ParsedPinyin, closed: bool) -> bool:
    if looks_like_pinyin_attempt(content):
        return True
    if not (closed and _lower_case_after_han(text, open_offset, content)):
        return False
    # Toneless: pinyin, or a typo of it such as "shaung" (letters of "shuang").
    return parsed.ok or all(_is_scrambled_syllable(u.written) for u in parsed.unparsed)


def _lower_case_after_han(text: str, open_offset: int, content: str) -> bool:
    """Toneless content is read only when it is lower case right after Han text.

    This keeps ``(AI)``, ``(Shopee)`` and English words out, while ``的(de)``
    and toneless glosses such as ``淘宝(taobao)`` are read.
    """
    letters = [char for char in content if char.isalpha()]
    if len(letters) < 2 or any(char.isupper() for char in letters) or any(c.isdigit() for c in content):
        return False
    before = text[:open_offset].rstrip(" \t\u3000")
    return bool(before) and is_han(before[-1])


def _is_scrambled_syllable(written: str) -> bool:
    return bool(unscramble(written))


def unscramble(written: str) -> str:
    """A syllable spelled with the same letters as ``written`` (shaung -> shuang), or ''."""
    letters = sorted(written.lower())
    for syllable in _syllables_by_letters().get("".join(letters), ()):
        return syllable
    return ""


@functools.lru_cache(maxsize=1)
def _syllables_by_letters() -> dict[str, tuple[str, ...]]:
    by_letters: dict[str, list[str]] = {}
    for syllable in sorted(syllable_inventory()):
        by_letters.setdefault("".join(sorted(syllable)), []).append(syllable)
    return {letters: tuple(found) for letters, found in by_letters.items()}


def is_sentence_stop(char: str) -> bool:
    """Punctuation that ends the characters a gloss can read."""
    return char == "\n" or unicodedata.category(char) in ("Po", "Ps", "Pe", "Pi", "Pf", "Pd")
