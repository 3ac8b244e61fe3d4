"""The catalogue: every rule code, loaded once at import, like a linter's table of codes.

Rules that read the glosses are declared with ``@rule`` in one module per
family, imported below.  Four codes are found apart from the glosses: L701
by the label reader (``audit.labels``), X001 and X002 by the suppression
layer (``audit.suppressions``), F508 where the search for glosses finds
pinyin too long to be one (``audit.gloss``).  They are declared here, documented and
tested like every other rule, and those modules name them from here.

Adding a rule: write its check in its family's module (or a new module added
to ``_FAMILY_MODULES``) and its cases in ``tests/cases/CODE.toml``.
"""

from __future__ import annotations

from operator import attrgetter

from audit.finding import Severity
from audit.gloss import LONGEST_GLOSS
from audit.plugins import Registry
from audit.rules import attachment, consistency, fmt, reading, span, tone
from audit.rules.registry import Family, Rule, reported_elsewhere

LABEL_MISMATCH = reported_elsewhere("L701", "label-mismatch", Family.LABEL, Severity.ERROR, """
    A label utterance whose characters and syllables do not pair up.

    Every Han character needs one syllable (an erhua syllable such as
    ``zher4`` reads two, 这儿); punctuation and prosody marks (``#1``-``#4``)
    have none.  The utterance is not judged further: with one syllable
    missing, every later pairing would be wrong.  Label lines that do pair up
    are audited by every other rule.

    Wrong: SSB00050001.wav 广 guang3 州
    Right: SSB00050001.wav 广 guang3 州 zhou1
    """)

MALFORMED_SUPPRESSION = reported_elsewhere("X001", "malformed-suppression", Family.SUPPRESSION, Severity.ERROR, """
    A suppression directive that cannot be read, so it suppresses nothing.

    The directive needs an action (disable, enable, disable-next-line), ``=``
    and rule codes or prefixes; an ``enable`` needs an earlier ``disable``.

    Wrong: # pinyin-audit: disable-next-line S103
    Right: # pinyin-audit: disable-next-line=S103 -- brand name
    """)

UNUSED_SUPPRESSION = reported_elsewhere("X002", "unused-suppression", Family.SUPPRESSION, Severity.WARNING, """
    A suppression directive for a code that has no finding where it applies.

    The problem it silenced was fixed, or it names the wrong code or line;
    left in place it would hide a future finding.  Codes switched off by the
    configuration are not reported.

    Wrong: # pinyin-audit: disable-next-line=T401 -- the next line is fine
    Right: 书(shū)
    """)

GLOSS_TOO_LONG = reported_elsewhere("F508", "gloss-too-long", Family.FORMAT, Severity.INFO, f"""
    Pinyin in one bracket that runs on past {LONGEST_GLOSS:,} characters, too long to check as a gloss.

    A gloss may be a sentence or a paragraph glossed at once, up to
    {LONGEST_GLOSS:,} characters (about 400 syllables); longer pinyin is not
    read as a gloss, so none of its syllables is checked.  The finding says
    so, from the opening bracket to the end of the pinyin: gloss the text a
    sentence or a word at a time.

    Wrong: 念念({"niàn " * (LONGEST_GLOSS // 5)}niàn)
    Right: 念念(niàn niàn)
    """)

_FAMILY_MODULES = (span, attachment, reading, tone, fmt, consistency)
_REPORTED_ELSEWHERE = (LABEL_MISMATCH, MALFORMED_SUPPRESSION, UNUSED_SUPPRESSION, GLOSS_TOO_LONG)


def _declared() -> list[Rule]:
    in_modules = [value for module in _FAMILY_MODULES for value in vars(module).values() if isinstance(value, Rule)]
    return sorted([*in_modules, *_REPORTED_ELSEWHERE], key=lambda declared: declared.code)


RULES: Registry[Rule] = Registry("rule", _declared(), name_of=attrgetter("code"))  # in code order
CODES: tuple[str, ...] = RULES.names
CHECKED: tuple[Rule, ...] = tuple(r for r in RULES if r.check)  # the rules that read the glosses


def all_rules() -> list[Rule]:
    """Every rule, ordered by code."""
    return list(RULES)


def get_rule(code: str) -> Rule:
    if code.upper() not in RULES:
        raise KeyError(f"no rule {code!r}; `pinyin-audit rules` lists them")
    return RULES[code.upper()]


def rule_by_name(name: str) -> Rule | None:
    """The rule whose name (span-cuts-word, in any case) is ``name``, if any: a finding shows it beside the code,
    so it is what a user may write where a code is asked for."""
    return next((rule for rule in RULES if rule.name == name.lower()), None)
