"""The settings an audit runs with.

Issue-level configuration files and command-line options are turned into
one ``AuditConfig``; the engine and the rules read nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from audit.finding import Severity
from audit.verdicts import PROFILES


@dataclass(frozen=True)
class AuditConfig:
    profile: str = "auto"
    select: tuple[str, ...] = ()          # code prefixes; empty selects every rule
    ignore: tuple[str, ...] = ()
    severities: dict[str, Severity] = field(default_factory=dict)  # per-code overrides
    fail_on: Severity = Severity.ERROR
    lexicon: frozenset[str] = frozenset()  # words the user vouches for (S103)

    def __post_init__(self) -> None:
        if self.profile not in PROFILES:
            raise ValueError(f"unknown convention profile {self.profile!r} (choose from {', '.join(PROFILES)})")

    def enabled(self, code: str) -> bool:
        """Longest matching prefix wins, so ``--select S1 --ignore S103`` works both ways."""
        selected = _longest_prefix(code, self.select) if self.select else 0
        ignored = _longest_prefix(code, self.ignore)
        if self.select and not selected:
            return False
        return selected >= ignored if ignored else True


def _longest_prefix(code: str, prefixes: tuple[str, ...]) -> int:
    return max((len(p) for p in prefixes if code.startswith(p.upper())), default=0)
