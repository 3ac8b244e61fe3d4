"""Line breaks: the three ways a file may end its lines, and the one the auditor reads.

A file may end its lines with ``\\r\\n``, ``\\r`` or ``\\n``; the auditor reads
every one of them as ``\\n``, and a fix puts each file's own back.  Gloss
finding reads the same three inside a gloss wrapped across lines.
"""

from __future__ import annotations

import re

LINE_BREAK = re.compile(r"\r\n?|\n")


def normalized_newlines(text: str) -> str:
    """Every line break as ``\\n``: what the auditor reads, whatever the file's convention."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def with_line_breaks_of(text: str, original: str) -> str:
    """``text`` (normalized, with as many lines as ``original``) with the line breaks ``original`` has."""
    breaks = LINE_BREAK.findall(original)
    lines = text.split("\n")
    if len(lines) != len(breaks) + 1:
        raise ValueError("the texts have different numbers of lines")
    return "".join(line + ending for line, ending in zip(lines, breaks + [""]))
