"""Counting words in messages: "1 gloss", "2 glosses", "once", "twice", "3 times"; and text that
a line of output can carry whatever it holds.

One home for it, so that every message and output format reads as a sentence.
"""

from __future__ import annotations

import re
from typing import Iterable


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``plural(1, "gloss", "glosses")`` is "1 gloss"; the plural adds "s" unless given."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {word}"


def times(count: int) -> str:
    """How often, as people say it: "once", "twice", "3 times"."""
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """"; did you mean 'fail-on'?" for the one of ``choices`` closest to a mistyped ``word``, or "" when none
    is close: ``--formt`` or a key ``fail_on`` is most likely a typo of a name the user has seen.  Options are
    compared without their dashes, which every option shares."""
    import difflib  # only a mistake pays for it

    by_name = {choice.lstrip("-"): choice for choice in choices}
    close = difflib.get_close_matches(word.lstrip("-"), list(by_name), n=1, cutoff=0.75)
    return f"; did you mean {by_name[close[0]]!r}?" if close else ""


def printable(text: str) -> str:
    """``text`` with its control characters shown escaped (``\\x1b``, ``\\n``), so that a file name or a
    character quoted from a document can neither split a line of output nor steer the terminal showing it;
    and its invisible format characters too (``\\u200b``, a zero-width space; ``\\u202e``, which would turn
    the rest of the line around), which a message could only show as nothing."""
    return _CONTROL.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


def one_line(text: str) -> str:
    """``text`` as one line of a message: its line breaks as spaces (a gloss wrapped across lines, quoted or
    rewritten in a suggestion), its other control and invisible characters escaped (see ``printable``)."""
    return printable(" ".join(text.splitlines()))


def needs_escaping(text: str) -> bool:
    """Whether ``printable`` would escape anything in ``text``."""
    return _CONTROL.search(text) is not None


# Control characters, line and paragraph separators, and the format characters (Unicode's Cf) that show as
# nothing or reorder text: soft hyphen, zero-width spaces and joiners, bidirectional controls, word joiner and
# invisible operators, variation selectors, the byte-order mark, interlinear annotation marks, tag characters.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
                      "\u2060-\u2064\u2066-\u206f\ufe00-\ufe0f\ufeff\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f]")
