"""Data-driven rule tests: every rule's cases in tests/cases/CODE.toml, plus its docstring examples.

A case file holds ``[[fail]]`` texts on which the rule must fire and
``[[pass]]`` texts on which it must not; a case may set ``profile`` and
``lexicon``.  A failing case of a rule that has a fix says what the fix
makes of it (``fixed``; the text itself where the finding is offered no
fix), and a failing case may pin the finding's lowest
``severity`` and its ``suggestion``.  The Wrong/Right examples of each rule's documentation are
checked the same way, so ``pinyin-audit explain`` never shows an example
that does not behave as described.
"""

from __future__ import annotations

import pathlib

import pytest

from audit.config import AuditConfig
from audit.engine import audit_text
from audit.finding import Severity
from audit.fix import Applicability
from audit.fixer import fix_text
from audit.rules import all_rules
from audit.toml import tomllib

CASES = pathlib.Path(__file__).parent / "cases"
RULES = all_rules()


def _load(code: str) -> dict:
    path = CASES / f"{code}.toml"
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _cases(outcome: str) -> list:
    return [
        pytest.param(rule.code, case, id=f"{rule.code}-{outcome}-{number}")
        for rule in RULES
        for number, case in enumerate(_load(rule.code).get(outcome, []))
    ]


def _config(case: dict) -> AuditConfig:
    return AuditConfig(profile=case.get("profile", "auto"), lexicon=frozenset(case.get("lexicon", ())))


def _findings(case: dict) -> list:
    return audit_text(case["text"], config=_config(case)).findings


def _codes_found(case: dict) -> list[str]:
    return [finding.code for finding in _findings(case)]


@pytest.mark.parametrize("code, case", _cases("fail"))
def test_rule_fires_on_its_failing_cases(code, case):
    assert code in _codes_found(case), case["text"]


@pytest.mark.parametrize("code, case",
                         [c for c in _cases("fail") if {"severity", "suggestion", "message"} & set(c.values[1])])
def test_finding_has_the_pinned_severity_suggestion_and_message(code, case):
    findings = [finding for finding in _findings(case) if finding.code == code]
    if "severity" in case:
        assert max(finding.severity for finding in findings) >= Severity.parse(case["severity"]), case["text"]
    if "suggestion" in case:
        assert case["suggestion"] in [finding.suggestion for finding in findings], case["text"]
    if "message" in case:
        assert case["message"] in [finding.message for finding in findings], case["text"]


@pytest.mark.parametrize("code, case", _cases("fail"))
def test_each_finding_says_where_what_why_and_what_instead(code, case):
    for finding in (f for f in _findings(case) if f.code == code):
        assert finding.line >= 1 and finding.column >= 1, case["text"]
        assert finding.name and finding.message and finding.suggestion, case["text"]


@pytest.mark.parametrize("code, case", _cases("fail"))
def test_a_rule_with_a_fix_fixes_its_failing_cases(code, case):
    rule = next(r for r in RULES if r.code == code)
    assert ("fixed" in case) == (rule.fix is not None), f"{code}: a fixed text for each failing case, and only then"
    if rule.fix is None:
        return
    if case["fixed"] == case["text"]:  # a finding the rule suggests but is not sure enough of to fix
        assert all(finding.fix is None for finding in _findings(case) if finding.code == code), case["text"]
        return
    outcome = fix_text(case["text"], config=_config(case), unsafe=rule.fix is Applicability.UNSAFE)
    assert outcome.text == case["fixed"]
    assert code in {finding.code for finding in outcome.applied}
    assert code not in {finding.code for finding in outcome.remaining}
    if rule.fix is Applicability.UNSAFE:  # without --unsafe-fixes nothing of this rule is applied
        safe_only = fix_text(case["text"], config=_config(case))
        assert code not in {finding.code for finding in safe_only.applied}


@pytest.mark.parametrize("code, case", _cases("pass"))
def test_rule_is_silent_on_its_passing_cases(code, case):
    assert code not in _codes_found(case), case["text"]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_every_rule_has_failing_and_passing_cases(rule):
    cases = _load(rule.code)
    assert cases.get("fail") and cases.get("pass"), f"tests/cases/{rule.code}.toml needs fail and pass cases"


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.code)
def test_documented_wrong_example_fires_and_right_example_does_not(rule):
    assert rule.code in _codes_found({"text": rule.wrong})
    assert rule.code not in _codes_found({"text": rule.right})


def test_readme_documents_every_rule():
    readme = (pathlib.Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    undocumented = [rule.code for rule in RULES if f"| {rule.code} | {rule.name} |" not in readme]
    assert not undocumented


@pytest.mark.parametrize("text", ["全交通条(tōng tiáo)件。", "全交通条(tōng tiáo) 件。"], ids=["unspaced", "spaced"])
def test_a_word_a_span_cuts_at_both_edges_is_reported_once_at_the_more_severe(text):
    """通条 cuts 交通条件 at its left edge and at its right: one finding, not the same one at each edge (the spaced
    text drew an error and a warning at the same place, with the same message and fix)."""
    cuts = [(finding.column, str(finding.severity), finding.message) for finding in audit_text(text).findings
            if finding.code == "S103"]
    assert cuts == [(5, "error", "the span 通条 cuts the word 交通条件 (a word in the lexicon)")]
