"""What a rule is, and the decorator that declares a check as one.

A rule's docstring is its documentation.  Its first paragraph is the summary; the
lines after ``Wrong:`` and ``Right:`` are the examples that ``pinyin-audit
explain`` prints and that the rule's data-driven tests must cover.

The catalogue of every rule is ``audit.rules`` (its ``__init__``), which
imports the modules that declare them, once.
"""

from __future__ import annotations

import enum
import itertools
import re
from typing import Any, Callable, Iterable, NamedTuple

from audit.enums import ShownAsValue
from audit.finding import Severity
from audit.fix import Applicability

CODE_PATTERN = re.compile(r"^[A-Z]\d{3}$")


def code_prefixes(text: str) -> tuple[str, ...]:
    """Rule codes or their prefixes separated by commas, in any case: ``"S1, t401"`` is ``("S1", "T401")``."""
    return tuple(prefix.strip().upper() for prefix in text.split(",") if prefix.strip())


def selected_codes(prefix: str, codes: Iterable[str]) -> list[str]:
    """The codes a prefix selects, as ``--select``, ``--ignore`` and suppressions read it: ``S1`` selects S101."""
    return [code for code in codes if code.startswith(prefix)]


class Family(ShownAsValue, str, enum.Enum):
    """The rule families, in the order reports list them."""

    SPAN = "span"
    ATTACHMENT = "attachment"
    READING = "reading"
    TONE = "tone"
    FORMAT = "format"
    CONSISTENCY = "consistency"
    LABEL = "label"
    SUPPRESSION = "suppression"


class Rule(NamedTuple):
    """A code with its name, family, default severity and documentation.

    ``check`` reads an ``AuditContext`` and yields ``Problem`` records; it is
    ``None`` for the few rules whose findings an input reader or the
    suppression layer makes itself (L701, X001, X002), which are declared
    with ``reported_elsewhere`` beside the code that finds them.  A rule that
    compares glosses across the document (the consistency family) is a
    class instead: the engine makes one for each document, lets it
    ``gather`` what it needs from each section's context in turn, and
    asks it for the ``problems`` once every section is checked.
    """

    code: str
    name: str
    family: Family
    severity: Severity
    doc: str
    check: Callable[..., Any] | None = None  # a function yielding problems, or a class making a comparison (above)
    fix: Applicability | None = None  # what its findings' fixes are, when it has any

    @property
    def fix_availability(self) -> str:
        """For ``explain``: whether the rule's fix is safe, unsafe or absent."""
        return _FIX_AVAILABILITY[self.fix]

    @property
    def summary(self) -> str:
        """The docstring's first paragraph, on one line: a long first sentence wraps in the source."""
        return " ".join(line.strip() for line in itertools.takewhile(str.strip, self.doc.strip().splitlines()))

    @property
    def wrong(self) -> str:
        return _example(self.doc, "Wrong")

    @property
    def right(self) -> str:
        return _example(self.doc, "Right")


def rule(code: str, name: str, family: Family, severity: Severity,
         fix: Applicability | None = None) -> Callable[[Callable], Rule]:
    """Declare the decorated check as the rule ``code``, documented by its docstring.

    ``fix`` says what the fixes its findings carry are, if they carry any.
    """

    def declare(check: Callable) -> Rule:
        return _checked(Rule(code, name, family, severity, check.__doc__ or "", check, fix))

    return declare


def reported_elsewhere(code: str, name: str, family: Family, severity: Severity, doc: str) -> Rule:
    """A rule without a check: its findings come from a reader or the suppression layer."""
    return _checked(Rule(code, name, family, severity, doc))


def _checked(declared: Rule) -> Rule:
    """The rule declared, when its code has the form of one and its documentation both examples."""
    if not CODE_PATTERN.match(declared.code):
        raise ValueError(f"rule code {declared.code!r} does not match {CODE_PATTERN.pattern}")
    if not (declared.wrong and declared.right):
        raise ValueError(f"rule {declared.code}: its documentation needs 'Wrong:' and 'Right:' examples")
    return declared


_FIX_AVAILABILITY = {
    Applicability.SAFE: "safe (only the form changes; `check --fix` applies it)",
    Applicability.UNSAFE: "unsafe (a reading changes or a syllable goes; applied with `--fix --unsafe-fixes`)",
    None: "none (the reviewer decides what to write)",
}


def _example(doc: str, label: str) -> str:
    match = re.search(rf"^\s*{label}:\s*(.+)$", doc, re.MULTILINE)
    return match.group(1).strip() if match else ""
