"""Label rules: speech-synthesis label files whose characters and syllables do not pair up.

The finding comes from the label reader (:mod:`audit.labels`), which pairs
each character with a syllable before any gloss exists; the check here
yields nothing and exists to give the code a place, a severity and
documentation.  Label lines that do pair up are audited by every other rule.
"""

from __future__ import annotations

from typing import Iterator

from audit.context import AuditContext, Problem
from audit.rules.registry import rule


@rule("L701", "label-mismatch", "label", "error")
def check_label_mismatch(context: AuditContext) -> Iterator[Problem]:
    """A label utterance whose characters and syllables do not pair up.

    Every Han character needs one syllable (an erhua syllable such as
    ``zher4`` reads two, 这儿); punctuation and prosody marks (``#1``-``#4``)
    have none.  The utterance is not judged further: with one syllable
    missing, every later pairing would be wrong.

    Wrong: SSB00050001.wav 广 guang3 州
    Right: SSB00050001.wav 广 guang3 州 zhou1
    """
    return iter(())
