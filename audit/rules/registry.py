"""The rule registry: every rule is a small function registered with its metadata.

A rule's docstring is its documentation.  Its first line is the summary; the
lines after ``Wrong:`` and ``Right:`` are the examples that ``pinyin-audit
explain`` prints and that the rule's data-driven tests must cover.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from audit.finding import Severity

CODE_PATTERN = re.compile(r"^[A-Z]\d{3}$")
FAMILIES = ("span", "attachment", "reading", "tone", "format", "consistency", "label", "suppression")


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    family: str
    severity: Severity
    check: Callable
    doc: str

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0]

    @property
    def wrong(self) -> str:
        return _example(self.doc, "Wrong")

    @property
    def right(self) -> str:
        return _example(self.doc, "Right")


_RULES: dict[str, Rule] = {}


def rule(code: str, name: str, family: str, severity: str) -> Callable:
    """Register the decorated check under ``code``."""

    def register(check: Callable) -> Callable:
        if not CODE_PATTERN.match(code):
            raise ValueError(f"rule code {code!r} does not match {CODE_PATTERN.pattern}")
        if family not in FAMILIES:
            raise ValueError(f"rule {code}: unknown family {family!r}")
        if code in _RULES:
            raise ValueError(f"rule {code} registered twice")
        doc = check.__doc__ or ""
        if not (_example(doc, "Wrong") and _example(doc, "Right")):
            raise ValueError(f"rule {code}: docstring needs 'Wrong:' and 'Right:' examples")
        _RULES[code] = Rule(code, name, family, Severity.parse(severity), check, doc)
        return check

    return register


def all_rules() -> list[Rule]:
    """Every registered rule, ordered by code."""
    _load_rule_modules()
    return [_RULES[code] for code in sorted(_RULES)]


def get_rule(code: str) -> Rule:
    _load_rule_modules()
    try:
        return _RULES[code.upper()]
    except KeyError:
        raise KeyError(f"no rule {code!r}; `pinyin-audit rules` lists them") from None


def _load_rule_modules() -> None:
    # Importing the family modules runs their @rule decorators.
    from audit.rules import attachment, consistency, fmt, label, reading, span, suppression, tone  # noqa: F401


def _example(doc: str, label: str) -> str:
    match = re.search(rf"^\s*{label}:\s*(.+)$", doc, re.MULTILINE)
    return match.group(1).strip() if match else ""

