"""Configuration in pyproject.toml: discovery, every key, validation, overrides."""

from __future__ import annotations

import os
import textwrap

import pytest

import audit.config
from audit.config import AuditConfig, ConfigError, build_config
from audit.finding import Severity
from audit.rules import CODES

# 书(shǔ) is a T401 error; 小红书 glossed whole then cut is S103.
TEXT = "书(shǔ)。小红书(xiǎo hóng shū)好。和小红(hé xiǎo hóng)书。\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project directory with one document, as the working directory."""
    (tmp_path / "doc.txt").write_text(TEXT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write_pyproject(directory, body: str) -> None:
    (directory / "pyproject.toml").write_text(textwrap.dedent(body), encoding="utf-8")


def test_without_a_file_the_defaults_apply(project, cli):
    code, out, _ = cli("doc.txt")
    assert code == 1
    assert "T401" in out and "S103" in out


def test_the_table_is_found_from_a_subdirectory(project, cli):
    write_pyproject(project, """
        [tool.pinyin-audit]
        ignore = ["T4"]
    """)
    (project / "sub").mkdir()
    (project / "sub" / "doc.txt").write_text(TEXT, encoding="utf-8")
    code, out, _ = cli("check", "doc.txt")
    assert "T401" not in out and "S103" in out


def test_a_pyproject_without_the_table_is_passed_over(project, cli):
    write_pyproject(project, """
        [tool.pinyin-audit]
        select = ["S"]
    """)
    inner = project / "inner"
    inner.mkdir()
    write_pyproject(inner, """
        [project]
        name = "other"
    """)
    (inner / "doc.txt").write_text(TEXT, encoding="utf-8")
    _, out, _ = cli("check", str(inner / "doc.txt"))
    assert "S103" in out and "T401" not in out


@pytest.mark.parametrize("body", ["tool = 5", "tool = 'pinyin-audit'"])
def test_a_pyproject_whose_tool_key_holds_no_table_is_passed_over(project, cli, body):
    """Another tool's key named tool; [tool] with pinyin-audit = 5 is a usage error (below)."""
    write_pyproject(project, body)
    code, out, err = cli("check", "doc.txt")
    assert (code, err) == (1, "") and "T401" in out


def test_config_names_a_standalone_file(project, cli):
    (project / "audit.toml").write_text('select = ["T"]\n', encoding="utf-8")
    _, out, _ = cli("check", "--config", "audit.toml", "doc.txt")
    assert "T401" in out and "S103" not in out


def test_command_line_overrides_the_file(project, cli):
    write_pyproject(project, """
        [tool.pinyin-audit]
        select = ["T"]
        fail-on = "info"
    """)
    _, out, _ = cli("check", "--select", "S1", "doc.txt")
    assert "S103" in out and "T401" not in out


def test_severity_overrides_per_code(project, cli):
    write_pyproject(project, """
        [tool.pinyin-audit]
        select = ["T401"]
        [tool.pinyin-audit.severity]
        T401 = "warning"
    """)
    code, out, _ = cli("check", "doc.txt")
    assert "1 warning" in out and code == 0
    code, _, _ = cli("check", "--fail-on", "warning", "doc.txt")
    assert code == 1


def test_per_file_ignores_match_globs_relative_to_the_file(project, cli):
    write_pyproject(project, """
        [tool.pinyin-audit.per-file-ignores]
        "legacy/*" = ["S103", "T"]
    """)
    (project / "legacy").mkdir()
    (project / "legacy" / "old.txt").write_text(TEXT, encoding="utf-8")
    _, out, _ = cli("check", ".")
    legacy = [line for line in out.splitlines() if line.startswith("legacy")]
    current = [line for line in out.splitlines() if line.startswith("doc.txt:")]
    assert legacy == ["legacy/old.txt: 3 glosses, 0 errors, 0 warnings, 0 info"]
    assert any("S103" in line for line in current)


def test_a_per_file_ignore_beats_an_explicit_select():
    config = build_config({"select": ["S103"], "per-file-ignores": {"*.md": ["S103"]}}, {}, rule_codes=CODES)
    assert config.for_path("notes.md").enabled("S103") is False
    assert config.for_path("notes.txt").enabled("S103") is True


def test_lexicon_path_is_relative_to_the_config_file(project, cli):
    (project / "conf").mkdir()
    (project / "conf" / "words.txt").write_text("和小红\n", encoding="utf-8")
    (project / "conf" / "audit.toml").write_text('lexicon = "words.txt"\nselect = ["S103"]\n', encoding="utf-8")
    code, out, _ = cli("check", "--config", "conf/audit.toml", "doc.txt")
    assert code == 0, out


def test_max_error_rate_tolerates_a_share_of_glosses(project, cli):
    write_pyproject(project, """
        [tool.pinyin-audit]
        max-error-rate = 0.7
    """)
    code, _, err = cli("check", "doc.txt")  # 2 of 3 glosses have errors: not above 70%
    assert code == 0, err
    code, _, err = cli("check", "--max-error-rate", "0.5", "doc.txt")
    assert code == 1
    assert "doc.txt: error rate 66.7% exceeds max-error-rate 50.0%" in err


def test_encoding_from_the_file(project, cli):
    (project / "gb.txt").write_bytes(TEXT.encode("gb18030"))
    (project / "audit.toml").write_text('encoding = "gb18030"\nselect = ["T401"]\n', encoding="utf-8")
    code, out, _ = cli("check", "--config", "audit.toml", "gb.txt")
    assert code == 1 and "T401" in out


def test_include_and_exclude_from_the_file(project, cli):
    (project / "notes.rst").write_text(TEXT, encoding="utf-8")
    write_pyproject(project, """
        [tool.pinyin-audit]
        include = ["*.rst", "*.txt"]
        exclude = ["doc.txt"]
    """)
    _, out, _ = cli("check", ".")
    assert "notes.rst:" in out and "doc.txt" not in out


@pytest.mark.parametrize(
    "body, named",
    [
        ('colour = "red"', "unknown key 'colour'"),
        ('select = ["Z9"]', "select: 'Z9' matches no rule code"),
        ('select = " "', "select: names no rule code; leave it out to check every rule"),
        ('ignore = ["span-cuts-word"]', "ignore: 'span-cuts-word' matches no rule code: span-cuts-word is the name "
                                        "of S103: write its code"),
        ('select = "S1"\nignore = 3', "ignore: expected a list of strings, got 3"),
        ('fail-on = "fatal"', "fail-on: unknown severity 'fatal'"),
        ('profile = "poetry"', "profile: unknown convention profile 'poetry'"),
        ('label-profile = 1', "label-profile: expected a profile name"),
        ('max-error-rate = 2', "max-error-rate: expected a number between 0 and 1"),
        ('max-error-rate = true', "max-error-rate: expected a number between 0 and 1"),
        ('include = ["*.txt", ""]', "include: an empty pattern matches no file: write one such as *.txt, or leave it "
                                    "out"),
        ('exclude = ""', "exclude: an empty pattern matches no file"),
        ('encoding = "klingon"', "encoding: unknown encoding 'klingon'"),
        ('encoding = "rot13"', "encoding: 'rot13' is not an encoding of text (such as gb18030 or big5)"),
        ('encoding = "punycode"', "encoding: 'punycode' is not an encoding of text (such as gb18030 or big5)"),
        ('lexicon = "missing.txt"', "lexicon: cannot read lexicon"),
        ('[tool.pinyin-audit.severity]\nT999 = "error"', "severity: no rule 'T999'"),
        ('[tool.pinyin-audit.severity]\nwrong-tone = "warning"', "severity: no rule 'wrong-tone': wrong-tone is the "
                                                               "name of T401: write its code"),
        ('[tool.pinyin-audit.severity]\nT401 = "loud"', "severity: unknown severity 'loud'"),
        ('[tool.pinyin-audit.per-file-ignores]\n"*.md" = ["Q1"]', "per-file-ignores: 'Q1' matches no rule"),
    ],
)
def test_bad_keys_and_values_exit_2_naming_the_key(project, cli, body, named):
    (project / "pyproject.toml").write_text("[tool.pinyin-audit]\n" + body + "\n", encoding="utf-8")
    code, out, err = cli("check", "doc.txt")
    assert code == 2 and out == ""
    assert named in err and "Traceback" not in err
    assert err.count("\n") == 1


def test_a_missing_config_file_is_a_usage_error(project, cli):
    code, _, err = cli("check", "--config", "nowhere.toml", "doc.txt")
    assert code == 2 and "cannot read nowhere.toml: no such file or directory" in err


def test_a_broken_toml_file_is_a_usage_error(project, cli):
    (project / "pyproject.toml").write_text("[tool.pinyin-audit\n", encoding="utf-8")
    code, _, err = cli("check", "doc.txt")
    assert code == 2 and "not valid TOML" in err


def test_a_pyproject_named_explicitly_needs_the_table(project, cli):
    write_pyproject(project, "[project]\nname = 'x'\n")
    code, _, err = cli("check", "--config", "pyproject.toml", "doc.txt")
    assert code == 2 and "no [tool.pinyin-audit] table" in err


@pytest.mark.parametrize("body, said", [
    ("[tool.pinyin_audit]\nignore = ['T4']\n", "[tool.pinyin_audit] is not read: write [tool.pinyin-audit]"),
    ("[tool.Pinyin-Audit]\nignore = ['T4']\n", "[tool.Pinyin-Audit] is not read: write [tool.pinyin-audit]"),
    ("[tool]\npinyin-audit = 'T4'\n", "[tool.pinyin-audit] is not a table of settings: got 'T4'"),
    ("[tool]\npinyin-audit = 5\n", "[tool.pinyin-audit] is not a table of settings: got 5"),
])
def test_a_table_misnamed_or_not_a_table_is_a_usage_error_not_ignored(project, cli, body, said):
    """The settings were ignored without a word, the run going on with the defaults."""
    write_pyproject(project, body)
    code, _, err = cli("check", "doc.txt")
    assert (code, err) == (2, f"pinyin-audit: error: {project / 'pyproject.toml'}: {said}\n")


def test_config_prints_the_effective_configuration(project, cli):
    write_pyproject(project, """
        [tool.pinyin-audit]
        select = ["S", "T4"]
        max-error-rate = 0.1
        [tool.pinyin-audit.severity]
        T403 = "error"
        [tool.pinyin-audit.per-file-ignores]
        "legacy/*" = ["S103"]
    """)
    code, out, _ = cli("config", "--profile", "textbook")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"# from {project / 'pyproject.toml'}"
    assert lines[1] == "[tool.pinyin-audit]"
    keys = [line.split(" = ")[0] for line in lines[2:] if " = " in line and not line.startswith(("T", '"'))]
    assert keys == sorted(keys)
    assert 'profile = "textbook"' in lines
    assert 'select = ["S", "T4"]' in lines
    assert "max-error-rate = 0.1" in lines
    assert 'T403 = "error"' in lines
    assert '"legacy/*" = ["S103"]' in lines


def test_the_printed_configuration_reads_back_the_same(project, cli):
    from audit.toml import tomllib

    write_pyproject(project, """
        [tool.pinyin-audit]
        ignore = ["C6"]
        [tool.pinyin-audit.severity]
        T403 = "error"
    """)
    _, out, _ = cli("config")
    table = tomllib.loads(out)["tool"]["pinyin-audit"]
    again = build_config(table, {}, rule_codes=CODES)
    assert again.ignore == ("C6",) and again.severities == {"T403": Severity.ERROR}


def test_an_override_is_validated_like_the_file():
    with pytest.raises(ConfigError, match="command line: select: 'Z1' matches no rule"):
        build_config({}, {"select": ["Z1"]}, rule_codes=CODES)
    assert build_config({}, {"select": ["s1,t401"]}, rule_codes=CODES).select == ("S1", "T401")
    assert build_config({}, {}, rule_codes=CODES) == AuditConfig(root=build_config({}, {}, rule_codes=CODES).root)


@pytest.fixture
def new_runs(tmp_path, monkeypatch):
    """Each call starts as a new run would: knowing the parsed configurations its memo holds, no more."""
    monkeypatch.setattr(audit.config, "_memo_path", lambda: str(tmp_path / "toml.memo"))
    audit.config._memo.cache_clear()
    yield audit.config._memo.cache_clear
    audit.config._memo.cache_clear()


def test_a_configuration_parsed_once_is_not_parsed_again(project, cli, new_runs, monkeypatch):
    write_pyproject(project, """
        [tool.pinyin-audit]
        ignore = ["T4"]
    """)
    first = cli("check", "doc.txt")
    new_runs()
    monkeypatch.setattr(audit.config, "_parsed_by_the_reader", lambda text: pytest.fail("parsed again"))
    assert cli("check", "doc.txt") == first
    assert "T401" not in first[1] and "S103" in first[1]


def test_an_edited_configuration_is_parsed_afresh(project, cli, new_runs):
    write_pyproject(project, '[tool.pinyin-audit]\nignore = ["T4"]\n')
    assert "T401" not in cli("check", "doc.txt")[1]
    new_runs()
    write_pyproject(project, '[tool.pinyin-audit]\nignore = ["S1"]\n')
    _, out, _ = cli("check", "doc.txt")
    assert "T401" in out and "S103" not in out


def test_a_broken_configuration_is_reported_on_every_run(project, cli, new_runs):
    (project / "pyproject.toml").write_text("[tool.pinyin-audit\n", encoding="utf-8")
    for _ in range(2):
        new_runs()
        code, _, err = cli("check", "doc.txt")
        assert code == 2 and "not valid TOML" in err


def _counting_parses(monkeypatch) -> list[str]:
    parsed: list[str] = []
    read = audit.config._parsed_by_the_reader
    monkeypatch.setattr(audit.config, "_parsed_by_the_reader", lambda text: parsed.append(text) or read(text))
    return parsed


def test_a_value_marshal_cannot_keep_is_parsed_on_every_run(project, cli, new_runs, monkeypatch):
    """A date elsewhere in the file: the file is read as before, only not remembered."""
    write_pyproject(project, '[project]\nreleased = 2024-05-01\n[tool.pinyin-audit]\nignore = ["T4"]\n')
    parsed = _counting_parses(monkeypatch)
    for _ in range(2):
        new_runs()
        assert "T401" not in cli("check", "doc.txt")[1]
    assert len(parsed) == 4  # found, then read: twice a run


def test_a_memo_that_cannot_be_written_costs_only_the_parsing(project, cli, new_runs, tmp_path, monkeypatch):
    (tmp_path / "toml.memo").mkdir()  # neither read nor replaced
    write_pyproject(project, '[tool.pinyin-audit]\nignore = ["T4"]\n')
    parsed = _counting_parses(monkeypatch)
    for _ in range(2):
        new_runs()
        code, out, _ = cli("check", "--exit-zero", "doc.txt")
        assert code == 0 and "T401" not in out and "S103" in out
    assert len(parsed) == 2  # once a run: the second reading of the file, in the same run, is remembered


def test_a_damaged_memo_is_not_read(project, cli, new_runs, tmp_path, monkeypatch):
    write_pyproject(project, '[tool.pinyin-audit]\nignore = ["T4"]\n')
    cli("check", "doc.txt")
    memo = tmp_path / "toml.memo"
    stored = bytearray(memo.read_bytes())
    stored[stored.rindex(b"T4") + 1] = ord("5")  # the document's T4 (after the text's), as a changed byte on disk
    memo.write_bytes(bytes(stored))
    parsed = _counting_parses(monkeypatch)
    new_runs()
    _, out, _ = cli("check", "doc.txt")
    assert "T401" not in out and parsed


def test_the_memo_holds_the_newest_texts_in_the_process_as_in_the_cache(new_runs):
    """A long-lived process that reads many edits of a file keeps no more of them than the cache does."""
    texts = [f'[tool.pinyin-audit]\nignore = ["T{number}"]\n' for number in range(audit.config.REMEMBERED_TEXTS + 4)]
    for text in texts:
        audit.config.parsed_toml(text)
    newest = texts[-audit.config.REMEMBERED_TEXTS:]
    assert list(audit.config._memo()) == newest
    new_runs()
    assert list(audit.config._memo()) == newest


def test_the_memo_forgets_the_text_used_longest_ago(new_runs):
    """A text read again is kept over those read since: a project's file is not forgotten for being parsed first."""
    texts = [f'[tool.pinyin-audit]\nignore = ["T{number}"]\n' for number in range(audit.config.REMEMBERED_TEXTS + 1)]
    for text in texts[:-1]:
        audit.config.parsed_toml(text)
    new_runs()
    audit.config.parsed_toml(texts[0])
    audit.config.parsed_toml(texts[-1])
    kept = [*texts[2:-1], texts[0], texts[-1]]
    assert list(audit.config._memo()) == kept
    new_runs()
    assert list(audit.config._memo()) == kept


def test_a_text_too_long_to_remember_is_parsed_on_every_run(new_runs, monkeypatch):
    long_text = "# " + "x" * audit.config.LONGEST_REMEMBERED + '\n[tool.pinyin-audit]\nignore = ["T4"]\n'
    parsed = _counting_parses(monkeypatch)
    for _ in range(2):
        new_runs()
        assert audit.config.parsed_toml(long_text)["tool"]["pinyin-audit"] == {"ignore": ["T4"]}
    assert len(parsed) == 2 and audit.config._memo() == {}


@pytest.mark.parametrize("name, shown", [(b"nl\ndir", "nl\\ndir"), (b"lat\xe9", "lat\\xe9")])
def test_the_printed_configuration_is_toml_whatever_its_directory_is_called(tmp_path, name, shown):
    """A line break in the directory's name split the "# from" comment, leaving a line that is no TOML; a
    byte not in UTF-8 was written as it is, and so was the lexicon's path, which no TOML file can hold."""
    import subprocess
    import sys

    from audit.toml import tomllib

    directory = os.path.join(os.fsencode(tmp_path), name)
    os.mkdir(directory)
    with open(os.path.join(directory, b"pyproject.toml"), "wb") as settings:
        settings.write(b'[tool.pinyin-audit]\nlexicon = "words.txt"\n')
    with open(os.path.join(directory, b"words.txt"), "wb") as lexicon:
        lexicon.write("小红书\n".encode("utf-8"))
    completed = subprocess.run([sys.executable, "-m", "audit", "config"], cwd=directory, capture_output=True,
                               timeout=300)
    assert completed.returncode == 0, completed.stderr
    printed = completed.stdout.decode("utf-8")
    assert printed.splitlines()[0] == f"# from {tmp_path}/{shown}/pyproject.toml"
    lexicon = tomllib.loads(printed)["tool"]["pinyin-audit"].get("lexicon")
    if b"\xe9" in name:
        assert lexicon is None
        assert f"# lexicon = \"{tmp_path}/{shown}/words.txt\" is not written: TOML holds only UTF-8 text" in printed
    else:
        assert lexicon == f"{tmp_path}/nl\ndir/words.txt"


def test_a_control_character_in_a_printed_value_is_escaped_as_toml_asks():
    from audit.toml import tomllib

    printed = audit.config.describe(AuditConfig(exclude=("a\x7fb", "c\x1bd")))
    assert tomllib.loads(printed)["tool"]["pinyin-audit"]["exclude"] == ["a\x7fb", "c\x1bd"]
