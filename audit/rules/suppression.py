"""Suppression rules: directives that cannot be read or that do nothing.

These findings come from the suppression layer (:mod:`audit.suppressions`),
which sees the comments, not from the glosses: the checks here yield
nothing and exist to give the codes a place, a severity and documentation.
"""

from __future__ import annotations

from typing import Iterator

from audit.context import AuditContext, Problem
from audit.rules.registry import rule


@rule("X001", "malformed-suppression", "suppression", "error")
def check_malformed(context: AuditContext) -> Iterator[Problem]:
    """A suppression directive that cannot be read, so it suppresses nothing.

    The directive needs an action (disable, enable, disable-next-line), ``=``
    and rule codes or prefixes; an ``enable`` needs an earlier ``disable``.

    Wrong: # pinyin-audit: disable-next-line S103
    Right: # pinyin-audit: disable-next-line=S103 -- brand name
    """
    return iter(())


@rule("X002", "unused-suppression", "suppression", "warning")
def check_unused(context: AuditContext) -> Iterator[Problem]:
    """A suppression directive for a code that has no finding where it applies.

    The problem it silenced was fixed, or it names the wrong code or line;
    left in place it would hide a future finding.  Codes switched off by the
    configuration are not reported.

    Wrong: # pinyin-audit: disable-next-line=T401 -- the next line is fine
    Right: 书(shū)
    """
    return iter(())
