"""Exit statuses through the real entry point: only deliberate user errors exit 2, a bug is a bug."""

from __future__ import annotations

import pytest

import audit.cli
from audit.exits import ExitStatus


@pytest.fixture
def broken_config_command(monkeypatch):
    """A bug in the code behind ``pinyin-audit config``; a ValueError, which once passed for a usage error."""

    def describe(config):
        raise ValueError("an index went wrong")

    monkeypatch.setattr(audit.cli, "describe", describe)


def test_an_unexpected_exception_is_an_internal_error_in_one_line(broken_config_command, cli):
    code, out, err = cli("config")
    assert code == ExitStatus.INTERNAL_ERROR == 3
    assert err.splitlines() == [
        "pinyin-audit: internal error: ValueError: an index went wrong (run with --debug for the trace)"
    ]
    assert "usage" not in err and out == ""


def test_debug_shows_the_trace_of_an_internal_error(broken_config_command, cli):
    code, _, err = cli("config", "--debug")
    assert code == ExitStatus.INTERNAL_ERROR
    assert err.startswith("Traceback (most recent call last):") and "in describe" in err
    assert err.splitlines()[-1].startswith("pinyin-audit: internal error: ValueError: an index went wrong")


def test_a_problem_the_user_can_fix_is_exit_2_with_its_message(tmp_path, cli):
    (tmp_path / "doc.txt").write_text("书(shū)\n", encoding="utf-8")
    (tmp_path / "baseline.json").write_text("not json", encoding="utf-8")
    code, _, err = cli("check", str(tmp_path / "doc.txt"), "--baseline", str(tmp_path / "baseline.json"))
    assert code == ExitStatus.USAGE
    assert err.startswith("pinyin-audit: error: ") and "is not a pinyin-audit baseline" in err
    assert "Traceback" not in err
