"""Pinyin as written in glosses: letters, tones, syllables.

``parse_pinyin`` turns the content of a bracket into syllables, keeping for
each one where it was written, how its tone was written and what was
irregular about it.  Everything downstream compares ``(base, tone)`` pairs:
``base`` is the toneless lower-case spelling with ``ü`` spelled ``ü``, and
``tone`` is 1-4, or 5 for the neutral tone.
"""

from __future__ import annotations

import enum
import functools
import re
import unicodedata
from typing import NamedTuple

from audit.tables import TEXTS, stored

NEUTRAL = 5

# Combining marks after NFD decomposition, and the tone each one writes.  The
# breve is a common typing slip for the caron (``ă`` for ``ǎ``).
_TONE_OF_MARK = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4, "\u0306": 3}
_BREVE = "\u0306"
_DIAERESIS = "\u0308"
_CIRCUMFLEX = "\u0302"  # ê, the vowel of 欸
_MARK_OF_TONE = {1: "\u0304", 2: "\u0301", 3: "\u030c", 4: "\u0300"}
VOWELS = frozenset("aeiouüê")  # ê: the interjection 欸 (ê̄, ế), the only syllable of its own
# The dot 现代汉语词典 and the PSC word list write before a syllable that may be said light (因为 yīn·wèi),
# and the look-alikes text copied from print or typed on a CJK keyboard has in its place: the hyphenation
# point ‧, the katakana middle dot ・ and the bullet •.
LIGHT_SYLLABLE_DOT = "·"
LIGHT_SYLLABLE_DOTS = frozenset(LIGHT_SYLLABLE_DOT + "‧・•")
# What separates syllables on a line: spaces, apostrophes, hyphens and the dots before a light syllable.
SYLLABLE_SEPARATORS = frozenset(" \t'’‘-") | LIGHT_SYLLABLE_DOTS
# A line break separates syllables as a space does: a gloss may be wrapped across lines (see audit.gloss).
_SEPARATORS = SYLLABLE_SEPARATORS | frozenset("\r\n")
# Characters that show as nothing, which copying text from the web or a word processor leaves inside pinyin:
# zero-width space, non-joiner and joiner, word joiner, soft hyphen, byte-order mark, variation selectors.  A
# syllable is read as if they were not there, and F504 takes them out.
INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff" + "".join(map(chr, range(0xFE00, 0xFE10))))
_TAKEN_OUT = dict.fromkeys(map(ord, INVISIBLE))

# The mark dictionaries and word lists write between the two parts of a separable
# word (帮忙 bāng∥máng): it belongs between syllables, never inside one.  现代汉语词典
# prints ∥ (U+2225); typed text writes // (the HSK and PSC lists) or the look-alike ‖.
SEPARABLE_MARKS = ("//", "∥", "‖")
SEPARABLE_MARK_PATTERN = "|".join(map(re.escape, SEPARABLE_MARKS))  # a regex alternation of the marks
_TONE_DIGITS = frozenset("012345")  # ASCII only: ² or ① is no tone number
_U_FOR_U_UMLAUT = frozenset("jqxy")  # initials after which ü is written u (qu, xue, yuan)
# How ü is spelled in decomposed (NFD) text: with its diaeresis, as u: (CC-CEDICT) or as v (input methods).
U_UMLAUT_SPELLINGS = ("u\u0308", "U\u0308", "u:", "U:", "v", "V")
U_UMLAUT_AFTER_JQXY = "ü after j, q, x or y, where pinyin writes u"


class Marking(enum.Enum):
    """How a syllable's tone was written."""

    MARK = "mark"      # hàn
    NUMBER = "number"  # han4
    NONE = "none"      # han (neutral, or a toneless gloss)


class Syllable(NamedTuple):
    written: str          # as in the text
    start: int            # offset of its first letter in the bracket content
    base: str             # toneless, lower case, ``ü`` for ü/v/u:
    tone: int             # 1-4, or NEUTRAL
    marking: Marking
    erhua: bool = False   # written with a final r that reads 儿 (huìr)
    mark_vowel: int | None = None  # index in ``base`` of the marked vowel

    @property
    def misplaced_mark(self) -> bool:
        return self.mark_vowel is not None and self.mark_vowel != mark_position(self.base)

    @property
    def reading(self) -> tuple[str, int]:
        return self.base, self.tone

    def standard(self) -> str:
        """The syllable in standard tone-mark spelling."""
        return marked(self.base, self.tone) + ("r" if self.erhua else "")


class Unparsed(NamedTuple):
    """A run of letters that is not pinyin."""

    written: str
    start: int


class ParsedPinyin(NamedTuple):
    syllables: tuple[Syllable, ...]
    unparsed: tuple[Unparsed, ...]
    # How many characters the syllables read: two for an erhua syllable (会儿).  A field, worked out
    # once per parse, since the aligner asks for every gloss.
    characters_read: int
    irregular: tuple[str, ...] = ()   # spelling slips: "combining diacritics", "breve" ...
    u_umlaut_spelling: str = ""       # "ü", "v" or "u:" when the gloss has an ü
    markings: frozenset[Marking] = frozenset()
    separable_mark_moved: str = ""    # the content with a ``//`` written inside a syllable moved to its edge

    @property
    def ok(self) -> bool:
        return not self.unparsed

    def standard(self) -> str:
        """The syllables in standard tone-mark spelling, space-separated: ``yín háng``."""
        return " ".join(syllable.standard() for syllable in self.syllables)

    @property
    def tone_marking(self) -> Marking | None:
        """How the syllables that write a tone write it: marks or numbers; ``None`` when mixed or none does."""
        written = self.markings - {Marking.NONE}
        return next(iter(written)) if len(written) == 1 else None


# --------------------------------------------------------------------------
# The syllable inventory


# Syllables without a vowel (m, ng, hm ...) are interjections; inside a longer
# token they would let English words parse as pinyin ("lemon" as le-mo-n).
_INTERJECTIONS = frozenset({"m", "n", "ng", "hm", "hng", "ê"})


def has_vowel(base: str) -> bool:
    """Whether a toneless syllable has a vowel: all but the interjections said with the mouth closed
    or through the nose (m, n, ng, hm, hng)."""
    return any(char in VOWELS for char in base)


@functools.lru_cache(maxsize=1)
def syllable_inventory() -> frozenset[str]:
    """Every toneless syllable some character reads, from pypinyin's table (built once, then stored)."""
    return stored("syllables", _collect_syllables, TEXTS)["syllables"]


def _collect_syllables() -> dict[str, frozenset[str]]:
    from pypinyin.constants import PINYIN_DICT

    listed = {reading for readings in PINYIN_DICT.values() for reading in readings.split(",")}
    return {"syllables": frozenset(split_tone(reading)[0] for reading in listed)}


@functools.lru_cache(maxsize=1)
def _syllables_with_vowels() -> frozenset[str]:
    return syllable_inventory() - _INTERJECTIONS


# Cached: the tables' readings, split as the characters and words that list them are read, are some 1,500 syllables
# written over and over.
@functools.lru_cache(maxsize=4096)
def split_tone(marked_syllable: str) -> tuple[str, int]:
    """``'lǜ'`` -> ``('lü', 4)``; a syllable without a mark is neutral."""
    tone = NEUTRAL
    letters: list[str] = []
    for char in unicodedata.normalize("NFD", marked_syllable):
        if char in _TONE_OF_MARK:
            tone = _TONE_OF_MARK[char]
        elif char == _DIAERESIS and letters and letters[-1] == "u":
            letters[-1] = "ü"
        elif char == _CIRCUMFLEX and letters and letters[-1] == "e":
            letters[-1] = "ê"
        else:
            letters.append(char)
    return "".join(letters).lower(), tone


def mark_position(base: str) -> int | None:
    """Index of the letter that carries the tone mark in ``base``.

    ``a`` or ``e`` if present; ``o`` in ``ou``; otherwise the last vowel; in
    a syllable with no vowel, the nasal that is its sound (嗯 ǹg, 呣 ḿ, 哼 hm̀).
    """
    for vowel in "ae":
        if vowel in base:
            return base.index(vowel)
    if "ou" in base:
        return base.index("ou")
    vowel_positions = [i for i, char in enumerate(base) if char in VOWELS]
    if vowel_positions:
        return vowel_positions[-1]
    return next((i for i, char in enumerate(base) if char in _SYLLABIC_NASALS), None)


_SYLLABIC_NASALS = frozenset("mn")


def marked(base: str, tone: int) -> str:
    """``('lü', 4)`` -> ``'lǜ'``; the neutral tone has no mark."""
    position = mark_position(base)
    if tone == NEUTRAL or position is None:
        return base
    with_mark = base[: position + 1] + _MARK_OF_TONE[tone] + base[position + 1 :]
    return unicodedata.normalize("NFC", with_mark)


def numbered(base: str, tone: int) -> str:
    return base.replace("ü", "v") + str(tone)


# --------------------------------------------------------------------------
# Letters: the content of a bracket, one entry per written letter


class _Letter:
    __slots__ = ("char", "start", "end", "upper", "tone", "digit")

    def __init__(self, char: str, start: int, end: int, upper: bool = False) -> None:
        self.char = char           # lower-case base letter; 'ü' for ü, v, u:
        self.start = start         # offset in the content
        self.end = end
        self.upper = upper
        self.tone: int | None = None   # from a mark on this letter
        self.digit: int | None = None  # a tone digit written right after it


def _needs_combining(letter: str, mark: str) -> bool:
    """``mark`` follows a letter no precomposed character carries it on (ê̄, m̄): it can only be typed apart."""
    return letter.isalpha() and len(unicodedata.normalize("NFC", letter + mark)) == 2


def _letters(content: str) -> tuple[list[list[_Letter]], set[str], str]:
    """Split ``content`` into tokens of letters; note irregular spellings.

    Returns the tokens, the irregularities seen, and how ü was spelled.
    """
    irregular: set[str] = set()
    u_spelling = ""
    tokens: list[list[_Letter]] = [[]]
    invisible_before: int | None = None  # where invisible characters before a token's first letter start
    index = 0
    while index < len(content):
        char = content[index]
        mark = _separable_mark_at(content, index)
        if char in _SEPARATORS or mark:  # a lone slash is no separator
            tokens.append([])
            invisible_before = None
            index += 1 if char in _SEPARATORS else len(mark)
            continue
        if char in INVISIBLE:  # kept inside a syllable, so that its respelling takes it out
            irregular.add("invisible characters")
            if tokens[-1]:
                tokens[-1][-1].end = index + 1
            elif invisible_before is None:
                invisible_before = index
            index += 1
            continue
        if "\uff01" <= char <= "\uff5e":  # full-width ASCII typed on a CJK keyboard
            irregular.add("full-width letters")
            char = unicodedata.normalize("NFKC", char)
        if char in _TONE_DIGITS:
            letters = tokens[-1]
            if letters and letters[-1].digit is None:
                letters[-1].digit = int(char)
                letters[-1].end = index + 1
            else:
                letters.append(_Letter("?", _first(invisible_before, index), index + 1))
                invisible_before = None
            index += 1
            continue
        if unicodedata.combining(char):
            if not _needs_combining(content[index - 1] if index else "", char):
                irregular.add("combining diacritics")  # NFD input, or a mark on no letter
            if tokens[-1]:
                tokens[-1][-1].end = index + 1
                _attach_mark(tokens[-1][-1], char, irregular)
            index += 1
            continue
        decomposed = unicodedata.normalize("NFD", char)
        start = _first(invisible_before, index)
        letter = _Letter(decomposed[0].lower(), start, index + 1, upper=decomposed[0].isupper())
        invisible_before = None
        for mark in decomposed[1:]:
            _attach_mark(letter, mark, irregular)
        spelling_before = u_spelling
        if letter.char == "v":
            letter.char, u_spelling = "ü", "v"
        elif letter.char == "ü" or (letter.char == "u" and "\u0308" in decomposed):
            letter.char, u_spelling = "ü", u_spelling or "ü"
        if letter.char == "u" and content[index + 1 : index + 2] == ":":
            letter.char, letter.end, u_spelling = "ü", index + 2, "u:"
            index += 1
        if letter.char == "ü" and tokens[-1] and tokens[-1][-1].char in _U_FOR_U_UMLAUT:
            # 去(qv4), 学(xüé): no syllable ends in j, q, x or y, so this ü follows one of them as
            # an initial, after which pinyin writes it u; input methods type it v.  Read as meant.
            letter.char, u_spelling = "u", spelling_before
            irregular.add(U_UMLAUT_AFTER_JQXY)
        tokens[-1].append(letter)
        index += 1
    return [token for token in tokens if token], irregular, u_spelling


_JQXY = "".join(sorted(_U_FOR_U_UMLAUT))
_U_UMLAUT_SPELLED_AFTER_JQXY = re.compile(f"(?<=[{_JQXY}{_JQXY.upper()}])({'|'.join(map(re.escape, U_UMLAUT_SPELLINGS))})")


def u_after_jqxy(decomposed: str) -> str:
    """``decomposed`` (NFD) with each ü after j, q, x or y written u, as pinyin writes it: qv4 -> qu4, xüé -> xué."""
    return _U_UMLAUT_SPELLED_AFTER_JQXY.sub(lambda spelled: "U" if spelled[0][0].isupper() else "u", decomposed)


def _separable_mark_at(content: str, index: int) -> str:
    """The separable-word mark written at ``index`` of ``content`` (``//``, ``∥``, ``‖``), or ''."""
    return next((mark for mark in SEPARABLE_MARKS if content.startswith(mark, index)), "")


def separable_mark_in(content: str) -> str:
    """The first separable-word mark written in ``content``, or ''."""
    found = _SEPARABLE_MARK.search(content)
    return found.group() if found else ""


def without_separable_marks(content: str) -> str:
    """``content`` with its separable-word marks taken out (bāng//máng: bāngmáng)."""
    return _SEPARABLE_MARK.sub("", content)


_SEPARABLE_MARK = re.compile(SEPARABLE_MARK_PATTERN)


def without_invisible(text: str) -> str:
    """``text`` with the invisible characters (``INVISIBLE``) taken out."""
    return text.translate(_TAKEN_OUT)


def _first(invisible_before: int | None, index: int) -> int:
    """Where a token's first letter starts: with the invisible characters written before it, if any."""
    return index if invisible_before is None else invisible_before


def _attach_mark(letter: _Letter, mark: str, irregular: set[str]) -> None:
    if mark == _DIAERESIS and letter.char == "u":
        letter.char = "ü"
    elif mark == _CIRCUMFLEX and letter.char == "e":
        letter.char = "ê"
    elif mark in _TONE_OF_MARK:
        if mark == _BREVE:
            irregular.add("breve for caron")
        letter.tone = _TONE_OF_MARK[mark]


# --------------------------------------------------------------------------
# Syllables: cutting each token into valid syllables


@functools.lru_cache(maxsize=65536)
def parse_pinyin(content: str) -> ParsedPinyin:
    """Parse bracket content into syllables; what does not parse is kept apart.

    Cached: annotated text glosses the same words over and over.
    """
    tokens, irregular, u_spelling = _letters(content)
    tokens, moved = _rejoined_across_separable_marks(content, tokens)
    syllables: list[Syllable] = []
    unparsed: list[Unparsed] = []
    for token in tokens:
        cut = _cut(_cut_key(token))
        if cut is None:
            start, end = token[0].start, token[-1].end
            unparsed.append(Unparsed(content[start:end], start))
            continue
        for begin, end, erhua in cut:
            syllables.append(_syllable(content, token[begin:end], erhua))
    markings = frozenset(s.marking for s in syllables)
    read = sum(2 if syllable.erhua else 1 for syllable in syllables)
    return ParsedPinyin(tuple(syllables), tuple(unparsed), read, tuple(sorted(irregular)), u_spelling, markings, moved)


def _cut_key(token: list[_Letter]) -> tuple[tuple[str, bool, bool], ...]:
    """What ``_cut`` needs of a token: each letter, whether it bears a mark, whether a digit follows it."""
    return tuple((l.char, l.tone is not None, l.digit is not None) for l in token)


def _rejoined_across_separable_marks(content: str, tokens: list[list[_Letter]]) -> tuple[list[list[_Letter]], str]:
    """The tokens, those a ``//`` cuts inside a syllable joined again; and the content with such marks moved.

    bā//ngmáng spells bāng máng with the mark one letter early: the letters
    are read as the syllables they spell, and the mark is moved to the
    syllable edge nearest where it was written (bāng//máng), or taken out
    of a single syllable (ba//ng).  The content is empty where no mark was
    moved.
    """
    joined: list[list[_Letter]] = []
    # (start, end) of a misplaced mark, where it belongs (None: nowhere), and the mark as written
    moves: list[tuple[int, int, int | None, str]] = []
    for token in tokens:
        # The mark written between this token and the one kept before it, if any (the first has none before it).
        written_mark = separable_mark_in(content[joined[-1][-1].end : token[0].start]) if joined else ""
        if written_mark:
            previous = joined[-1]
            both = previous + token
            cut = _cut(_cut_key(both))
            if cut is not None and not (_a_part(previous) and _a_part(token)):
                edges = [begin for begin, _, _ in cut[1:]]
                edge = min(edges, key=lambda begin: abs(begin - len(previous)), default=None)
                place = None if edge is None else both[edge].start
                moves.append((previous[-1].end, token[0].start, place, written_mark))
                joined[-1] = both
                continue
        joined.append(token)
    return joined, _with_marks_moved(content, moves)


def _a_part(token: list[_Letter]) -> bool:
    """Letters that can stand as one part of a separable word: syllables, not a lone interjection (ng)."""
    return "".join(l.char for l in token) not in _INTERJECTIONS and _cut(_cut_key(token)) is not None


def _with_marks_moved(content: str, moves: list[tuple[int, int, int | None, str]]) -> str:
    """``content`` with each written mark (start, end) taken out and put at its place instead, if any."""
    if not moves:
        return ""
    pieces, cursor = [], 0
    cuts = sorted([(start, end, "") for start, end, _, _ in moves]
                  + [(place, place, mark) for _, _, place, mark in moves if place is not None])
    for start, end, inserted in cuts:
        pieces += [content[cursor:start], inserted]
        cursor = max(cursor, end)
    return "".join(pieces) + content[cursor:]


# CC-CEDICT writes the 儿 of erhua as a syllable of its own, r5 (一点儿 yi1 dian3 r5): it reads er.
_ERHUA_APART = "r"


def _syllable(content: str, letters: list[_Letter], erhua: bool) -> Syllable:
    sound = letters[:-1] if erhua else letters
    base = "".join(l.char for l in sound)
    if base == _ERHUA_APART:
        base = "er"
    marks = [(i, l.tone) for i, l in enumerate(sound) if l.tone is not None]
    digit = next((l.digit for l in reversed(letters) if l.digit is not None), None)
    if marks:
        mark_vowel, tone = marks[0]
        marking = Marking.MARK
    elif digit is not None:
        mark_vowel, tone, marking = None, digit, Marking.NUMBER
    else:
        mark_vowel, tone, marking = None, NEUTRAL, Marking.NONE
    if tone == 0:
        tone = NEUTRAL
    start, end = letters[0].start, letters[-1].end
    return Syllable(content[start:end], start, base, tone, marking, erhua, mark_vowel)


# A cut is a tuple of (begin, end, erhua) letter ranges covering the token.
_Cut = tuple[tuple[int, int, bool], ...]


@functools.lru_cache(maxsize=4096)
def missing_apostrophes(content: str) -> list[int]:
    """Where in ``content`` an apostrophe is missing: before each syllable that could start with a, o or e.

    Pinyin orthography writes one there (Xī'ān, gǎn'ēn), since without it
    the letters read otherwise (xiān; gǎnēn is gǎ nēn).  Each token is cut
    again preferring such syllables.
    """
    if _each_syllable_apart(parse_pinyin(content)):
        return []
    return _apostrophes_wanted(content)


def _apostrophes_wanted(content: str) -> list[int]:
    """``missing_apostrophes`` worked out from the letters, each token cut again preferring open vowels."""
    tokens, _, _ = _letters(content)
    inserts = []
    for token in tokens:
        cut = _cut(_cut_key(token), vowel_first=True)
        for begin, _, _ in (cut or ())[1:]:
            if token[begin].char in OPEN_VOWELS:
                inserts.append(token[begin].start)
    return inserts


def _each_syllable_apart(parsed: ParsedPinyin) -> bool:
    """Whether each syllable of a parse is a token of its own, none bearing two tone marks: then no apostrophe
    is missing, and the letters need not be read again (most glosses are written a syllable apart).

    A token cut into one syllable with one mark at most costs less than any cut into two (``_cut``: a syllable
    costs 1, an erhua one 1.6, and preferring an open vowel takes 0.01 off), so it is not cut again.  A token's
    syllables are side by side in the content, those of two tokens have a separator between them; a parse that
    joined tokens across a separable-word mark is read again from its letters.
    """
    syllables = parsed.syllables
    if parsed.separable_mark_moved:
        return False
    if any(before.start + len(before.written) == after.start for before, after in zip(syllables, syllables[1:])):
        return False
    return all(_tone_marks(syllable.written) <= 1 for syllable in syllables)


def _tone_marks(written: str) -> int:
    return sum(1 for char in unicodedata.normalize("NFD", written) if char in _TONE_OF_MARK)


def with_apostrophes(content: str) -> str | None:
    """``content`` with the apostrophes ``missing_apostrophes`` finds; ``None`` when it finds none."""
    inserts = missing_apostrophes(content)
    if not inserts:
        return None
    pieces, cursor = [], 0
    for position in inserts:
        pieces += [content[cursor:position], "'"]
        cursor = position
    return "".join(pieces) + content[cursor:]


# The letters that call for an apostrophe before a syllable they start after another (xī'ān, not xiān).
OPEN_VOWELS = frozenset("aoe")


@functools.lru_cache(maxsize=65536)
def _cut(token: tuple[tuple[str, bool, bool], ...], vowel_first: bool = False) -> _Cut | None:
    """Cut a token into syllables: as few as possible, one tone per syllable.

    ``token`` holds (letter, has_mark, has_digit) per letter.  A tone digit
    ends a syllable; two marks in one syllable mean it must be cut there.
    An erhua syllable is a syllable followed by ``r`` (huìr).  Between cuts
    as short, ``vowel_first`` prefers syllables starting with a, o or e
    (gǎn ēn rather than gǎ nēn), as an apostrophe would have marked them.
    """
    letters = "".join(char for char, _, _ in token)
    if letters in _INTERJECTIONS or letters == _ERHUA_APART:
        return ((0, len(token), False),)
    inventory = _syllables_with_vowels()
    best: dict[int, tuple[float, _Cut]] = {0: (0.0, ())}
    for begin in range(len(token)):
        if begin not in best:
            continue
        for end in range(begin + 1, min(len(token), begin + 7) + 1):
            if any(has_digit for _, _, has_digit in token[begin : max(begin, end - 2)]):
                break  # a digit inside would end the syllable earlier
            # A digit before the last letter ends the syllable there, unless that letter is
            # the r of erhua, which some lists write after the tone (dian3r).
            digit_before_last = end - begin > 1 and token[end - 2][2]
            text = letters[begin:end]
            for erhua in (False, True):
                sound = text[:-1] if erhua else text
                if (erhua and (not text.endswith("r") or sound in ("", "e"))) or (digit_before_last and not erhua):
                    continue
                if sound not in inventory:
                    continue
                marks = sum(has_mark for _, has_mark, _ in token[begin:end])
                cost = best[begin][0] + 1 + 0.6 * erhua + 2 * max(0, marks - 1)
                if vowel_first and begin and text[0] in OPEN_VOWELS:
                    cost -= 0.01
                if end not in best or cost < best[end][0]:
                    best[end] = (cost, best[begin][1] + ((begin, end, erhua),))
    return best[len(token)][1] if len(token) in best else None


def looks_like_pinyin_attempt(content: str) -> bool:
    """Tone marks, or tone digits on lower-case letters: someone meant pinyin here.

    A tone digit is one of 0-5 right after a letter (or ``u:``), with no
    digit after it, in a text whose letters are not all capitals: ``han4``
    and ``Bei3jing1`` are pinyin, ``S103``, ``A4`` and ``MP3`` are not.
    """
    decomposed = unicodedata.normalize("NFD", content)
    if any(char in _TONE_OF_MARK or char == _DIAERESIS for char in decomposed):
        return True
    letters = [char for char in decomposed if char.isalpha()]
    if not letters or all(char.isupper() for char in letters):
        return False
    return any(_TONE_DIGIT.search(token) for token in decomposed.split())


_TONE_DIGIT = re.compile(r"(?:[^\W\d_]|u:)[0-5](?!\d)")
