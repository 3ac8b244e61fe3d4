"""What `explain` shows a user, run through `check` as the user would run it."""

from __future__ import annotations

import json
import re

import pytest

from audit.rules import all_rules


def _example(explained: str, which: str) -> str:
    return re.search(rf"^{which}: (.*)$", explained, re.MULTILINE).group(1)


def _codes_drawn(cli, tmp_path, text: str) -> set[str]:
    document = tmp_path / "example.txt"
    document.write_text(text + "\n", encoding="utf-8")
    code, printed, _ = cli("check", str(document), "--format", "json", "--exit-zero")
    assert code == 0
    return {finding["code"] for found in json.loads(printed)["documents"] for finding in found["findings"]}


@pytest.mark.parametrize("code", [rule.code for rule in all_rules()])
def test_explain_shows_a_wrong_example_check_flags_and_a_right_one_it_does_not(cli, tmp_path, code):
    status, explained, _ = cli("explain", code)
    assert status == 0
    assert code in _codes_drawn(cli, tmp_path, _example(explained, "Wrong"))
    assert code not in _codes_drawn(cli, tmp_path, _example(explained, "Right"))
