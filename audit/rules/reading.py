"""Reading rules: is each syllable a reading of its character, the right one here?"""

from __future__ import annotations

from typing import Iterator

from audit.context import AuditContext, Problem
from audit.rules.common import verdict_problems
from audit.rules.registry import rule
from audit.verdicts import Kind


@rule("R301", "not-a-reading", "reading", "error")
def check_not_a_reading(context: AuditContext) -> Iterator[Problem]:
    """The syllable is no reading of the character at all, in any tone.

    Wrong: 书(sū)
    Right: 书(shū)
    """
    yield from verdict_problems(context, Kind.NOT_A_READING, skip_misattached=True)


@rule("R302", "wrong-reading-in-context", "reading", "error")
def check_context_reading(context: AuditContext) -> Iterator[Problem]:
    """A real reading of the character, but not the one its word calls for.

    When the glossed span is itself a dictionary phrase the evidence is
    strong (an error); a phrase around the character is moderate evidence
    (a warning).

    Wrong: 银行(yín xíng)
    Right: 银行(yín háng)
    """
    yield from verdict_problems(context, Kind.OTHER_READING)
