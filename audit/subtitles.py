"""Subtitles, SubRip (``.srt``) and WebVTT (``.vtt``): plain text whose cues may hold tags.

A cue's styling sits between a word and its gloss as often as around both
(``<i>银行</i>(yín háng)``), so the tags are left out of the text audited, as
HTML's are: SubRip's ``<i>``, ``<b>``, ``<u>`` and ``<font …>``, its
``{\\an8}`` placement codes, and WebVTT's ``<c.class>``, ``<v Name>``,
``<lang …>`` and the timestamps inside a cue (``<00:01.500>``), and its
``NOTE`` blocks, which are comments.  Numbers and timings hold no Han text
and are read as they are; directive lines work as in plain text.  Positions
and fixes stay in the file as written.
"""

from __future__ import annotations

import re

from audit.document import Document
from audit.extraction import Extraction, Input, Reader
from audit.suppressions import blank_directive_lines, directive_lines

# A cue's tags and SubRip's placement codes; and WebVTT's NOTE blocks, comments no viewer sees, from NOTE at the
# start of a block to the blank line that ends it.
_MARKUP = re.compile(r"</?[A-Za-z][^<>\n]*>|<\d[\d:.]*>|\{\\[^{}\n]*\}|(?:\A|(?<=\n\n))NOTE\b[^\n]*(?:\n[^\n]+)*")


def read_subtitles(text: str, path: str | None) -> Input:
    comments = directive_lines(text)
    readable = blank_directive_lines(text, comments) if comments else text
    extraction = Extraction(readable)
    position = 0
    for markup in _MARKUP.finditer(readable):
        extraction.keep(position, markup.start())
        position = markup.end()
    extraction.keep(position, len(readable))
    document = Document("".join(extraction.chars), path, source=text, source_offsets=extraction.offsets)
    return Input(document, SUBTITLES.name, tuple(comments))


SUBTITLES = Reader("subtitles", read_subtitles, extensions=(".srt", ".vtt"), walked=("*.srt", "*.vtt"))
