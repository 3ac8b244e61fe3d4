"""Subtitles, SubRip (``.srt``) and WebVTT (``.vtt``): plain text whose cues may hold tags.

A cue's styling sits between a word and its gloss as often as around both
(``<i>银行</i>(yín háng)``), so the tags are left out of the text audited, as
HTML's are: SubRip's ``<i>``, ``<b>``, ``<u>`` and ``<font …>``, its
``{\\an8}`` placement codes, and WebVTT's ``<c.class>``, ``<v Name>``,
``<lang …>`` and the timestamps inside a cue (``<00:01.500>``), and its
``NOTE`` blocks, which are comments.  Numbers and timings hold no Han text
and are read as they are; directive lines work as in plain text.  Positions
and fixes stay in the file as written.

A file without any of them is read as plain text is, every character where
it stands.  One with them keeps, for each character audited, its offset in
the file: in an array of 8 bytes each, where a list of numbers built a
character at a time took about 60 bytes a character more than plain text
(docs/speed.md).
"""

from __future__ import annotations

import functools
import re
from array import array

from audit.document import Document
from audit.extraction import Input, Reader
from audit.plaintext import read_text
from audit.suppressions import blank_directive_lines, directive_lines

# A cue's tags and SubRip's placement codes; and WebVTT's NOTE blocks, comments no viewer sees, from NOTE at the
# start of a block to the blank line that ends it.
# Compiled when a subtitle file is first read: compiling it cost every run about 0.2 ms of start-up.
@functools.lru_cache(maxsize=None)
def _markup() -> re.Pattern[str]:
    return re.compile(r"</?[A-Za-z][^<>\n]*>|<\d[\d:.]*>|\{\\[^{}\n]*\}|(?:\A|(?<=\n\n))NOTE\b[^\n]*(?:\n[^\n]+)*")


def read_subtitles(text: str, path: str | None) -> Input:
    if _markup().search(text) is None:  # nothing to leave out (a directive line is blanked where it stands)
        return read_text(text, path)._replace(format=SUBTITLES.name)
    comments = directive_lines(text)
    readable = blank_directive_lines(text, comments) if comments else text
    kept = _outside_markup(readable)
    offsets = array("q")
    for start, end in kept:
        offsets.extend(range(start, end))
    audited = "".join(readable[start:end] for start, end in kept)
    return Input(Document(audited, path, source=text, source_offsets=offsets), SUBTITLES.name, tuple(comments))


def _outside_markup(text: str) -> list[tuple[int, int]]:
    """The stretches of ``text`` between its tags, placement codes and NOTE blocks, as (start, end) offsets."""
    kept, position = [], 0
    for markup in _markup().finditer(text):
        kept.append((position, markup.start()))
        position = markup.end()
    kept.append((position, len(text)))
    return kept


SUBTITLES = Reader("subtitles", read_subtitles, extensions=(".srt", ".vtt"), walked=("*.srt", "*.vtt"))
