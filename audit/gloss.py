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
from typing import Iterable, Iterator, NamedTuple

from audit.line_breaks import LINE_BREAK
from audit.pinyin import (INVISIBLE, SEPARABLE_MARK_PATTERN, SYLLABLE_SEPARATORS, ParsedPinyin,
                          looks_like_pinyin_attempt, parse_pinyin, syllable_inventory, without_separable_marks)
from audit.readings import is_han

CLOSER = {"(": ")", "（": "）", "[": "]"}  # the bracket that closes each opener
# The white space that belongs to a gloss's notation: a space written right before a gloss (今年 (jīn nián)), and
# the space right after one: for the resolver unless it finds it real (长(cháng) 大了, not 1. 便宜 (piányi) 价钱低), for
# the rest in a document written with a space before its glosses (今年 (jīn nián) 我们).  The Han characters on
# either side of it are neighbours, read as one text.  A space, a no-break space or a full-width one;
# not a tab, which lays out a list's columns, nor a line break, which ends a line of text.
GLOSS_SPACE = frozenset(" \u00a0\u3000")


def space_before(text: str, opening: int, floor: int = 0) -> int:
    """Where the gloss's white space before ``opening`` (a gloss's opening bracket) starts, no further back than
    ``floor``: ``opening`` itself when none is written."""
    start = opening
    while start > floor and text[start - 1] in GLOSS_SPACE:
        start -= 1
    return start


def space_after(text: str, end: int) -> int:
    """Where the white space right after a gloss ending at ``end`` ends: ``end`` itself when none is written."""
    while end < len(text) and text[end] in GLOSS_SPACE:
        end += 1
    return end


# Round brackets are closed by either width: 汉字(hàn zì）is still a gloss.
_CLOSERS_ACCEPTED = {"(": ")）", "（": ")）", "[": "]"}
# An opener, then up to 120 characters that are not brackets or a line break,
# then (if present) the closer.  The bound keeps a bracket left open from
# taking in the rest of a long line; a bracket that runs past it is read on
# only while it holds pinyin (see _long_gloss).
_SCANNED_AT_ONCE = 120
# The most a gloss holds: a paragraph glossed at once (about 400 syllables).  Each finding on a gloss
# rewrites it whole, so the work on one gloss grows with the square of its length; pinyin running on
# past this is no gloss, and F508 says it was not checked.
LONGEST_GLOSS = 2000
# A syllable as written: six letters at most (zhuang), a tone mark or digit, an apostrophe before it.
_LONGEST_WRITTEN_SYLLABLE = 8
_BRACKETED = re.compile(rf"[(（\[]([^()（）\[\]\n]{{1,{_SCANNED_AT_ONCE}}})([)）\]]?)")
# A pinyin character: a Latin letter (full-width ones included), a combining
# mark, an ASCII digit or a separator pinyin uses.  Only the regex module knows
# the Latin script, and importing it costs a start-up about 9 ms (a one-line
# check takes 60 in all); so the standard library's re matches the usual ones,
# the Latin blocks pinyin is written in, and rules out Han characters,
# punctuation and symbols, and regex is asked only about the rest (kana,
# Cyrillic, rarer Latin letters).  tests/test_parsing.py checks that both
# shortcuts agree with regex on every code point.
# Invisible characters pasted among the letters count with them, so that F504 can take them out.
_DIGITS_AND_SEPARATORS = "0-9:" + re.escape("".join(sorted(SYLLABLE_SEPARATORS | INVISIBLE)))  # u: spells ü
_PINYIN_CHARACTER = rf"[\p{{Latin}}\p{{Mn}}{_DIGITS_AND_SEPARATORS}]"
_USUAL_PINYIN_CHARACTER = (f"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0300-\u036f\u1e00-\u1eff"
                           f"\uff21-\uff3a\uff41-\uff5a{_DIGITS_AND_SEPARATORS}]")
# Pinyin text: pinyin characters, and the separable-word marks (帮忙(bāng//máng), bāng∥máng), a slash never alone.
_USUAL_PINYIN_TEXT = re.compile(f"(?:{_USUAL_PINYIN_CHARACTER}|{SEPARABLE_MARK_PATTERN})+")
_USUAL_PINYIN_START = re.compile(f"(?:{_USUAL_PINYIN_CHARACTER}|{SEPARABLE_MARK_PATTERN})*")
_DIGIT_OR_SEPARATOR = re.compile(f"[{_DIGITS_AND_SEPARATORS}]")
# Categories that hold no Latin letter and no combining mark (the Latin script has letters and
# letter numbers such as Ⅻ).
_NEVER_PINYIN_CATEGORIES = frozenset("Pc Pd Ps Pe Pi Pf Po Sm Sc So Zs Zl Zp Cc Cf Cs Co Nd No Mc Me".split())


class Gloss(NamedTuple):
    open: int            # offset of the opening bracket
    close: int           # offset of the closing bracket, or of the last content character when unclosed
    bracket: str         # "()", "（）", "[]", ... as written
    content: str
    pinyin: ParsedPinyin
    closed: bool = True

    @property
    def end(self) -> int:
        """Offset just after the gloss."""
        return self.close + 1

    @property
    def opener(self) -> str:
        return self.bracket[0]

    @property
    def closer(self) -> str:
        """The closing bracket as written, or the one the opener takes when it is missing."""
        return self.bracket[1:] or CLOSER[self.opener]

    @property
    def written(self) -> str:
        return self.opener + self.content + (self.bracket[1:] if self.closed else "")

    def bracketed(self, pinyin: str) -> str:
        """``pinyin`` in this gloss's brackets, closed: how a suggestion writes a gloss the document's way."""
        return self.opener + pinyin + self.closer

    @property
    def closed_written(self) -> str:
        """The gloss as a suggestion writes it: closed, whether or not the document closes it."""
        return self.bracketed(self.content)


def _made_gloss(open: int, close: int, bracket: str, content: str, pinyin: ParsedPinyin, closed: bool) -> Gloss:
    """``Gloss(open, close, bracket, content, pinyin, closed)``, made as ``tuple.__new__`` makes it: a named tuple's
    own constructor is a Python function, which every gloss found would call from this compiled module
    (docs/speed.md, round 21)."""
    return tuple.__new__(Gloss, (open, close, bracket, content, pinyin, closed))


def find_glosses(text: str) -> Iterator[Gloss]:
    """Every gloss in ``text``, in order."""
    for match in _BRACKETED.finditer(text):
        opener, content, closer = text[match.start()], match.group(1), match.group(2)
        across_lines = "\r" in content or not closer and text.startswith("\n", match.end())
        if across_lines:
            content, closer = _across_lines(text, match.start(), content, closer)
        if not closer and len(content) == _SCANNED_AT_ONCE:
            long_gloss = _long_gloss(text, match.start(), content)
            if long_gloss is None:
                continue  # too long to check: see too_long_glosses
            content, closer = long_gloss
        closed = bool(closer) and closer in _CLOSERS_ACCEPTED[opener]
        if closer and not closed:
            continue  # a mismatched pair such as "[...)" is not something we read
        if not closed:
            content = leading_pinyin(content).rstrip()
        kind = _content_kind(LINE_BREAK.sub(" ", content) if across_lines else content)
        if kind is None or kind == "toneless" and not (closed and _follows_han(text, match.start())):
            continue
        last_of_content = match.start() + len(content)
        close = last_of_content + 1 if closed else last_of_content  # an open gloss ends at its last character
        yield _made_gloss(match.start(), close, opener + closer, content, parse_pinyin(content), closed)


def glosses_found_before(text: str, brackets: Iterable[tuple[int, int, str]]) -> Iterator[Gloss]:
    """The glosses ``find_glosses`` found in ``text``, made again from where it found each (its opening bracket, its
    close and its content, as a ``Gloss`` has them) without searching: a gloss found closed holds its content up to
    its closer, one found open ends at its content's last character."""
    for open_offset, close, content in brackets:
        closed = close == open_offset + 1 + len(content)
        bracket = text[open_offset] + text[close] if closed else text[open_offset]
        yield _made_gloss(open_offset, close, bracket, content, parse_pinyin(content), closed)


def _across_lines(text: str, open_offset: int, content: str, closer: str) -> tuple[str, str]:
    """The content and closer of a bracket whose pinyin is wrapped across lines, as text hard-wrapped at a
    width is (银行(yín⏎háng), Markdown's soft line breaks); where it is not, what the bracket holds up to the
    line's end, unclosed.

    Each line holds pinyin, up to the closer on the last: a blank line ends a paragraph and any gloss in it,
    and text after the pinyin ends it too.
    """
    start = position = open_offset + 1
    stop = min(start + LONGEST_GLOSS, len(text))
    while position < stop:
        end = _pinyin_run_end(text, position, stop)
        if end < stop and text[end] in _CLOSERS_ACCEPTED[text[open_offset]] and position > start:
            return text[start:end], text[end]
        line_break = LINE_BREAK.match(text, end, stop)
        if line_break is None or not text[position:end].strip():
            break
        position = line_break.end()
    line_end = LINE_BREAK.search(content)
    return (content[: line_end.start()], "") if line_end else (content, closer)


def too_long_glosses(text: str) -> Iterator[tuple[int, int]]:
    """Where pinyin in a bracket runs on past the longest gloss: the opening bracket's offset and the end of
    the pinyin.  ``find_glosses`` reads no gloss there, so that the user may be told it was not checked.

    The pinyin must plainly be pinyin, as a gloss's must (tone marks or digits, or toneless syllables right
    after Han text).  Linear in the length of the text, as finding glosses is: the pinyin read holds no
    opener, so the search for brackets never comes back into it.
    """
    if len(text) <= _SCANNED_AT_ONCE:
        return  # too short to hold a bracket left open past a scan: the pattern is not compiled for a one-line check
    for match in _open_past_a_scan().finditer(text):
        if _long_gloss(text, match.start(), match.group(1)) is not None:
            continue
        start = match.start() + 1
        kind = _kind_without_the_cut_syllable(text[start : start + LONGEST_GLOSS])
        if kind == "toned" or kind == "toneless" and _follows_han(text, match.start()):
            yield match.start(), _end_of_pinyin(text, start)


@functools.lru_cache(maxsize=1)
def _open_past_a_scan() -> re.Pattern[str]:
    """The brackets ``_BRACKETED`` finds left open past what it scans at once, the only ones that may hold pinyin too
    long to be a gloss: looked for apart, the search over the others stays in C."""
    return re.compile(rf"[(（\[]([^()（）\[\]\n]{{{_SCANNED_AT_ONCE}}})(?![)）\]])")


def _kind_without_the_cut_syllable(pinyin: str) -> str | None:
    """The kind of pinyin cut off at the longest gloss, leaving out the syllable the cut may have split: up to
    its last space, or, where the syllables are written joined, up to the latest of its last few characters
    before which they read as pinyin (``hanzihanz`` is read as ``hanzihan``)."""
    if " " in pinyin:
        return _content_kind(pinyin[: pinyin.rfind(" ")])
    cuts = range(len(pinyin), max(len(pinyin) - _LONGEST_WRITTEN_SYLLABLE, 0), -1)
    return next(filter(None, (_content_kind(pinyin[:cut]) for cut in cuts)), None)


def _end_of_pinyin(text: str, start: int) -> int:
    """Where the pinyin characters from ``start`` on end, read a longest gloss at a time: one match over all of
    them would take memory in proportion to their length (a line of pinyin 2 MB long took 220 MB)."""
    while True:
        stop = min(start + LONGEST_GLOSS, len(text))
        end = _pinyin_run_end(text, start, stop)
        if end < stop or stop == len(text):
            return end
        start = end


def _long_gloss(text: str, open_offset: int, scanned: str) -> tuple[str, str] | None:
    """The content and closer (or "") of a bracket that runs past what is scanned at once, or None.

    When pinyin fills what was scanned, the gloss is read on to the end of
    the pinyin: a whole sentence glossed at once, closed or left open.
    Pinyin that runs on past the longest gloss is no gloss (None).  When
    what was scanned is not all pinyin, it is read as any bracket is.  The
    pinyin read on holds no opener, so each character of a line is read at
    most twice and no gloss costs more than the longest: finding glosses
    stays linear in the length of a line.
    """
    start = open_offset + 1
    end = _pinyin_run_end(text, start, min(start + LONGEST_GLOSS + 1, len(text)))
    if end < start + len(scanned):
        return scanned, ""
    if end > start + LONGEST_GLOSS:
        return None
    closer = text[end : end + 1]
    return text[start:end], (closer if closer in CLOSER.values() else "")


def _content_kind(content: str) -> str | None:
    """"toned" when the content plainly means pinyin, "toneless" when it may, else None.

    Toned content (tone marks or digits on letters) is a gloss even when it
    does not parse, so its mistakes are reported.  Toneless content is a
    gloss only when it is lower-case pinyin, or a typo of it with the same
    letters ("shaung"), and follows Han text: this keeps ``(AI)``,
    ``(Shopee)`` and English words out while reading ``的(de)``.
    """
    if len(content) > _LONGEST_REMEMBERED_CONTENT:
        return _judged_content_kind(content)
    return _remembered_content_kind(content)


def _judged_content_kind(content: str) -> str | None:
    if not content.strip() or not is_pinyin_text(content):
        return None
    if looks_like_pinyin_attempt(content):
        return "toned"
    letters = [char for char in content if char.isalpha()]
    if len(letters) < 2 or any(char.isupper() for char in letters) or any(c.isdigit() for c in content):
        return None
    parsed = parse_pinyin(content)
    if parsed.ok or all(_is_scrambled_syllable(part.written) for part in parsed.unparsed):
        return "toneless"
    return None


# A short content's kind is remembered: the same glosses recur throughout a text (the 185 k glosses of a generated
# 2 MB corpus with every word glossed hold 4,486 different contents, none longer than 32 characters).  A long one
# seldom recurs, and remembering it costs memory: 65,536 contents of 2,000 characters held 261 MB.
_LONGEST_REMEMBERED_CONTENT = 64
_remembered_content_kind = functools.lru_cache(maxsize=16384)(_judged_content_kind)


def is_pinyin_text(content: str) -> bool:
    """Whether every character of ``content`` is a pinyin character (see ``_PINYIN_CHARACTER``)."""
    if _USUAL_PINYIN_TEXT.fullmatch(content):
        return True
    if any(never_pinyin(char) for char in without_separable_marks(content)):
        return False
    return _latin_patterns()[0].fullmatch(content) is not None


def leading_pinyin(content: str) -> str:
    """The pinyin characters ``content`` starts with: what an unclosed gloss holds before the text resumes."""
    return content[: _pinyin_run_end(content, 0, len(content))]


def _pinyin_run_end(text: str, start: int, stop: int) -> int:
    """The offset where the pinyin characters from ``start`` on end, looking no further than ``stop``."""
    usual = _USUAL_PINYIN_START.match(text, start, stop).end()  # type: ignore[union-attr]  # it matches ''
    if usual == stop or never_pinyin(text[usual]):
        return usual
    return _latin_patterns()[1].match(text, start, stop).end()


def never_pinyin(char: str) -> bool:
    """A character that surely is no pinyin character: a Han character, or punctuation, a symbol or a
    space that pinyin does not use."""
    if _DIGIT_OR_SEPARATOR.fullmatch(char):
        return False
    return is_han(char) or unicodedata.category(char) in _NEVER_PINYIN_CATEGORIES


@functools.lru_cache(maxsize=1)
def _latin_patterns():
    """The whole content, and the start of it, made of pinyin characters, by the regex module's Latin script."""
    import regex

    return (regex.compile(f"(?:{_PINYIN_CHARACTER}|{SEPARABLE_MARK_PATTERN})+"),
            regex.compile(f"(?:{_PINYIN_CHARACTER}|{SEPARABLE_MARK_PATTERN})*"))


def _follows_han(text: str, open_offset: int) -> bool:
    before = text[max(0, open_offset - 16) : open_offset].rstrip(" \t\u3000")
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
