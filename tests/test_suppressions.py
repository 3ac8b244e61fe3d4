"""Inline suppressions in each format's comment syntax, and the X001/X002 findings."""

from __future__ import annotations

import pytest

from audit.cli import main
from audit.config import AuditConfig
from audit.engine import audit_text


def codes_at(text: str, path: str | None = None, **config) -> list[tuple[str, int]]:
    result = audit_text(text, path, AuditConfig(**config))
    return [(finding.code, finding.line) for finding in result.findings]


# --------------------------------------------------------------------------
# Markdown and HTML comments


def test_disable_next_line_in_markdown():
    text = "<!-- pinyin-audit: disable-next-line=T401 -- as printed in 1950 -->\n书(shǔ)\n书(shǔ)\n"
    assert codes_at(text, "a.md") == [("T401", 3)]


def test_a_region_runs_from_disable_to_enable():
    text = (
        "书(shǔ)\n"
        "<!-- pinyin-audit: disable=T4 -- quoted from the 1950 edition -->\n"
        "书(shǔ)\n书(shǔ)\n"
        "<!-- pinyin-audit: enable=T4 -->\n"
        "书(shǔ)\n"
    )
    assert codes_at(text, "a.md") == [("T401", 1), ("T401", 6)]


def test_a_region_without_enable_runs_to_the_end():
    text = "<!-- pinyin-audit: disable=T401 -->\n\n书(shǔ)\n\n\n书(shǔ)\n"
    assert codes_at(text, "a.md") == []


def test_html_comments_work_the_same_and_span_lines():
    text = "<p>书(shǔ)</p>\n<!--\n  pinyin-audit: disable-next-line=T401\n-->\n<p>书(shǔ)</p>\n"
    assert codes_at(text, "a.html") == [("T401", 1)]


def test_several_codes_and_prefixes():
    text = "<!-- pinyin-audit: disable-next-line=S1, T401 -- both -->\n书(shǔ)，小红(hé xiǎo hóng)\n"
    assert codes_at(text, "a.md") == []


def test_a_directive_shown_in_a_code_block_is_not_one():
    text = "```\n<!-- pinyin-audit: disable-next-line=T401 -->\n```\n书(shǔ)\n"
    assert codes_at(text, "a.md") == [("T401", 4)]


def test_ordinary_comments_are_left_alone():
    assert codes_at("<!-- 注释 pinyin -->\n书(shū)\n", "a.md") == []


# --------------------------------------------------------------------------
# Plain text and label files: "# pinyin-audit:" lines


def test_a_text_directive_line_is_not_audited_itself():
    text = "# pinyin-audit: disable-next-line=T401 -- 书(shǔ) as printed\n书(shǔ)\n"
    assert codes_at(text, "a.txt") == []


def test_text_positions_are_unchanged_by_directive_lines():
    text = "# pinyin-audit: disable-next-line=S103 -- 品牌名\n小红(xiǎo hóng)书\n书(shǔ)\n"
    result = audit_text(text, "a.txt")
    t401 = [f for f in result.findings if f.code == "T401"]
    assert [(f.line, f.column) for f in t401] == [(3, 2)]
    assert result.document.source.startswith("# pinyin-audit")  # the directive is still line 1


@pytest.mark.parametrize("text, path", [
    ("# PINYIN-AUDIT: DISABLE-NEXT-LINE=T401 -- AS PRINTED\n书(shǔ)\n", "a.txt"),
    ("# Pinyin-Audit: disable-next-line=t401\n书(shǔ)\n", "a.txt"),
    ("<!-- PINYIN-AUDIT: Disable=T4 -->\n书(shǔ)\n", "a.md"),
])
def test_a_directive_in_capitals_is_read_as_flake8_reads_noqa(text, path):
    """Taken for an ordinary comment, it suppressed nothing and said nothing."""
    assert codes_at(text, path) == []


def test_a_hash_line_without_the_marker_is_text():
    assert codes_at("# 书(shǔ)\n", "a.txt") == [("T401", 1)]


def test_next_line_in_a_label_file_is_the_whole_next_utterance():
    text = (
        "000001\t读书#4。\n\tdu2 shu3\n"
        "# pinyin-audit: disable-next-line=T401 -- the speaker said shu3\n"
        "000002\t读书#4。\n\tdu2 shu3\n"
        "000003\t读书#4。\n\tdu2 shu3\n"
    )
    assert codes_at(text, "labels.txt") == [("T401", 2), ("T401", 7)]


def test_label_files_take_the_same_lines():
    text = (
        "# pinyin-audit: disable=T401 -- the speaker said shu3\n"
        "000001\t读书#4。\n"
        "\tdu2 shu3\n"
    )
    assert codes_at(text, "labels.txt") == []


# --------------------------------------------------------------------------
# Malformed and unused directives


@pytest.mark.parametrize("directive, message", [
    ("pinyin-audit: disable-next-line S103", "cannot read the directive"),
    ("pinyin-audit: silence=S103", "cannot read the directive"),
    ("pinyin-audit: disable=", "cannot read the directive"),
    ("pinyin-audit: disable=Q9", "Q9 matches no rule code"),
    ("pinyin-audit: enable=T401", "enable=T401 without a disable=T401 before it"),
])
def test_malformed_directives_are_x001_at_the_comment(directive, message):
    text = f"好(hǎo)\n<!-- {directive} -->\n"
    result = audit_text(text, "a.md")
    [finding] = result.findings
    assert (finding.code, finding.name, finding.line, finding.column) == ("X001", "malformed-suppression", 2, 1)
    assert message in finding.message
    assert finding.span == directive


def test_unused_codes_are_x002_one_per_code():
    text = "<!-- pinyin-audit: disable-next-line=T401,S103 -- both? -->\n书(shǔ)\n"
    result = audit_text(text, "a.md")
    assert [(f.code, f.line, f.message) for f in result.findings] == [
        ("X002", 1, "S103 suppresses nothing on the next line"),
    ]


def test_a_directive_for_a_rule_switched_off_is_not_unused():
    text = "<!-- pinyin-audit: disable-next-line=S103 -->\n好(hǎo)\n"
    assert codes_at(text, "a.md", ignore=("S1",)) == []
    assert codes_at(text, "a.md") == [("X002", 1)]


def test_x_codes_can_be_ignored_and_reseverised():
    text = "<!-- pinyin-audit: disable-next-line=T401 -->\n好(hǎo)\n"
    assert codes_at(text, "a.md", ignore=("X",)) == []
    from audit.finding import Severity

    result = audit_text(text, "a.md", AuditConfig(severities={"X002": Severity.ERROR}))
    assert [str(f.severity) for f in result.findings] == ["error"]


# --------------------------------------------------------------------------
# Through the command


def test_suppressions_through_the_command(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text(
        "<!-- pinyin-audit: disable-next-line=T401 -- as printed -->\n书(shǔ)\n<!-- pinyin-audit: disable=Q1 -->\n",
        encoding="utf-8",
    )
    code = main(["check", "a.md"])
    out = capsys.readouterr().out
    assert code == 1
    assert out.splitlines()[0] == (
        "a.md:3:1: error: X001 malformed-suppression: Q1 matches no rule code (`pinyin-audit rules` lists the codes)"
    )


def test_the_x_codes_are_listed_and_explained(capsys):
    assert main(["rules"]) == 0
    listed = capsys.readouterr().out
    assert "X001  malformed-suppression" in listed and "X002  unused-suppression" in listed
    assert "L701  label-mismatch" in listed
    assert main(["explain", "x002"]) == 0
    explained = capsys.readouterr().out
    assert explained.startswith("X002 unused-suppression (family suppression, default severity warning)")
    assert "Wrong: # pinyin-audit: disable-next-line=T401" in explained
