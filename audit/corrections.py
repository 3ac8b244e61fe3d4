"""How rules write their fixes: respelling syllables in place, and re-glossing a stretch of text.

Edits are made in offsets of the audited text; the engine maps them to the
original file.  Respelling touches only a syllable's letters, so it works
wherever the letters were copied from the file (a ``<ruby>`` annotation, a
label file's pinyin line).  Re-glossing rewrites characters, glosses and
brackets together, which the file holds as such only in running text; the
engine drops such a fix where the file is written otherwise.
"""

from __future__ import annotations

import unicodedata
from typing import Iterable, NamedTuple, Sequence

from audit.fix import Edit, apply_edits
from audit.gloss import Gloss, space_after, space_before
from audit.pinyin import U_UMLAUT_SPELLINGS, Marking, Syllable, marked, numbered, u_after_jqxy, without_invisible
from audit.readings import Reading, is_han

_BREVE, _CARON = "\u0306", "\u030c"


def syllable_edit(gloss: Gloss, syllable: Syllable, replacement: str) -> Edit:
    """Replace one syllable's letters, as written in ``gloss``."""
    start = gloss.open + 1 + syllable.start
    return Edit(start, start + len(syllable.written), replacement)


def content_edit(gloss: Gloss, replacement: str) -> Edit:
    """Replace everything between the gloss's brackets."""
    return Edit(gloss.open + 1, gloss.open + 1 + len(gloss.content), replacement)


def respelled(gloss: Gloss, spellings: Iterable[tuple[Syllable, str]]) -> list[Edit]:
    """Edits for the syllables whose spelling changes."""
    return [syllable_edit(gloss, syllable, new) for syllable, new in spellings if new != syllable.written]


def rewritten(gloss: Gloss, edits: Iterable[Edit]) -> str:
    """The gloss as a suggestion writes it once ``edits`` (made in the text's offsets) are applied: closed,
    whether or not the document closes it (F505 says so on its own)."""
    in_the_gloss = [Edit(edit.start - gloss.open, edit.end - gloss.open, edit.replacement) for edit in edits]
    return apply_edits(gloss.closed_written, in_the_gloss)


def gloss_style(gloss: Gloss) -> Marking:
    """How a rewritten syllable of this gloss writes its tone: numbers if the gloss uses any."""
    return Marking.NUMBER if Marking.NUMBER in gloss.pinyin.markings else Marking.MARK


def in_tone_style(gloss: Gloss, style: Marking) -> list[Edit]:
    """Edits writing every toned syllable of ``gloss`` with tone marks, or with numbers."""
    return respelled(gloss, [
        (syllable, spelled(syllable, syllable.reading, style))
        for syllable in gloss.pinyin.syllables
        if syllable.marking not in (style, Marking.NONE)
    ])


def spelled(syllable: Syllable, reading: Reading, style: Marking) -> str:
    """``reading`` written in ``style``, keeping the syllable's erhua and its capital letter."""
    text = spell_reading(reading, style) + ("r" if syllable.erhua else "")
    return text[:1].upper() + text[1:] if syllable.written[:1].isupper() else text


def spell_reading(reading: Reading, style: Marking) -> str:
    return numbered(*reading) if style is Marking.NUMBER else marked(*reading)


def standard_characters(written: str) -> str:
    """The same spelling in standard characters: half-width, precomposed, a caron for a breve, nothing invisible,
    u for the ü after j, q, x or y."""
    decomposed = u_after_jqxy(unicodedata.normalize("NFD", unicodedata.normalize("NFKC", without_invisible(written))))
    return unicodedata.normalize("NFC", decomposed.replace(_BREVE, _CARON))


def with_u_spelling(written: str, spelling: str) -> str | None:
    """The syllable with ü spelled ``spelling`` (ü, v or u:); ``None`` where that cannot carry its tone mark."""
    decomposed = unicodedata.normalize("NFD", written)
    for old in U_UMLAUT_SPELLINGS:
        if old in decomposed:
            upper = old[0].isupper()
            break
    else:
        return written
    after = decomposed[decomposed.index(old) + len(old) :]
    if spelling != "ü" and after[:1] and unicodedata.combining(after[0]):
        return None  # a tone mark on the ü cannot sit on v or u:
    new = spelling.upper() if upper else spelling
    return unicodedata.normalize("NFC", decomposed.replace(old, new, 1))


class Segment(NamedTuple):
    """Characters that one new gloss reads, and its syllables as they will be written."""

    chars: tuple[int, ...]
    syllables: tuple[str, ...]


def reglossed(text: str, start: int, end: int, segments: Sequence[Segment], dropped: Sequence[Gloss],
              bracketed_like: Gloss, space: str = "") -> Edit:
    """Rewrite ``text[start:end]``: the ``dropped`` glosses go, with the white space of their notation on either
    side (``GLOSS_SPACE``; the stretch holds the space after one only where a word glossed anew reads across it, as
    in 和小红 (hé xiǎo hóng) 书), each segment gets a gloss after its last character, in the brackets of
    ``bracketed_like``, and, where the document writes a space before its glosses (``space``, the one it writes),
    that space before the gloss and between it and the Han character after it: 和 (hé) 小红书 (xiǎo hóng shū).

    Everything else in the stretch (an emoji, a space) stays where it was.
    """
    after = {segment.chars[-1]: segment for segment in segments}
    skip = {space_before(text, gloss.open, start): space_after(text, gloss.end) for gloss in dropped}
    pieces = []
    position = start
    glossed_last = False
    while position < end:
        if position in skip:
            position = skip[position]
            continue
        char = text[position]
        if glossed_last and is_han(char):
            pieces.append(space)
        pieces.append(char)
        segment = after.get(position)
        if segment:
            pieces.append(space + bracketed_like.bracketed(" ".join(s for s in segment.syllables if s)))
        glossed_last = bool(segment)
        position += 1
    return Edit(start, end, "".join(pieces))
