"""Plain text: audited as it is, but for suppression directives on lines of their own.

Plain text has no comment syntax, so a directive is a line that starts with
``#`` and the marker (see ``audit.suppressions``).  Such lines are blanked,
not removed, so offsets do not move, and positions are reported in the file
as written.
"""

from __future__ import annotations

from audit.document import Document
from audit.extraction import Input, Reader
from audit.suppressions import blank_directive_lines, directive_lines


def read_text(text: str, path: str | None) -> Input:
    comments = directive_lines(text)
    if not comments:
        return Input(Document(text, path), TEXT.name)
    return Input(Document(blank_directive_lines(text, comments), path, source=text), TEXT.name, tuple(comments))


# The reader of any file no other reader claims; these are the names it takes from directories.
TEXT = Reader("text", read_text, walked=("*.txt",))
