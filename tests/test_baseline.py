"""Baselines through the command: write today's findings, then fail only on new ones."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest


LEGACY = "第一段。\n书(shǔ)。小红书(xiǎo hóng shū)好。和小红(hé xiǎo hóng)书。\n"


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(LEGACY, encoding="utf-8")
    (tmp_path / "docs" / "b.txt").write_text(LEGACY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def edit(path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_writing_a_baseline_records_every_finding_and_exits_0(corpus, cli):
    code, out, err = cli("check", "docs", "--write-baseline", "baseline.json")
    assert code == 0
    assert "wrote 4 findings to baseline.json" in err
    assert "T401" in out  # the report itself is unchanged
    stored = json.loads((corpus / "baseline.json").read_text(encoding="utf-8"))
    assert stored["tool"] == "pinyin-audit" and stored["version"] == 2
    keys = [(f["path"], f["code"], f["span"], f["gloss"], f["fingerprint"]) for f in stored["findings"]]
    assert keys == sorted(keys)
    assert {(f["path"], f["code"], f["span"], f["count"]) for f in stored["findings"]} == {
        ("docs/a.txt", "T401", "书", 1), ("docs/a.txt", "S103", "和小红", 1),
        ("docs/b.txt", "T401", "书", 1), ("docs/b.txt", "S103", "和小红", 1),
    }
    assert not any("line" in f for f in stored["findings"])


def test_the_baseline_file_is_stable_and_diff_friendly(corpus, cli):
    cli("check", "docs", "--write-baseline", "first.json")
    cli("check", "docs", "--write-baseline", "second.json")
    first = (corpus / "first.json").read_text(encoding="utf-8")
    assert first == (corpus / "second.json").read_text(encoding="utf-8")
    assert first.endswith("}\n") and first.count("\n") > 10  # one key per line
    assert "书" in first  # readable, not \\u escapes


def test_against_the_baseline_known_findings_pass(corpus, cli):
    cli("check", "docs", "--write-baseline", "baseline.json")
    code, out, err = cli("check", "docs", "--baseline", "baseline.json")
    assert code == 0
    assert "0 errors" in out.splitlines()[-1]
    assert "4 findings in the baseline not shown" in err


def test_unrelated_edits_keep_findings_known(corpus, cli):
    cli("check", "docs", "--write-baseline", "baseline.json")
    a = corpus / "docs" / "a.txt"
    a.write_text("新的一段放在最前面。\n\n" + a.read_text(encoding="utf-8").replace("第一段", "第 一 段"),
                 encoding="utf-8")
    code, out, _ = cli("check", "docs", "--baseline", "baseline.json")
    assert code == 0, out


def test_new_findings_fail_and_fixed_ones_are_listed(corpus, cli):
    cli("check", "docs", "--write-baseline", "baseline.json")
    edit(corpus / "docs" / "a.txt", "书(shǔ)", "书(shū)")          # fixed
    edit(corpus / "docs" / "b.txt", "第一段。", "第一段。书(shǔ)。")  # new
    code, out, err = cli("check", "docs", "--baseline", "baseline.json")
    assert code == 1
    findings = [line for line in out.splitlines() if ": T4" in line or ": R3" in line or ": S1" in line]
    assert len(findings) == 1 and findings[0].startswith("docs/b.txt:1:")
    assert "1 baseline finding gone" in err
    assert "  docs/a.txt: T401 书(shǔ)" in err


def test_a_repeated_finding_is_counted(corpus, cli):
    (corpus / "docs" / "b.txt").unlink()
    (corpus / "docs" / "a.txt").write_text("书(shǔ)\n书(shǔ)\n", encoding="utf-8")
    cli("check", "docs", "--write-baseline", "baseline.json")
    stored = json.loads((corpus / "baseline.json").read_text(encoding="utf-8"))
    assert [f["count"] for f in stored["findings"]] == [2]
    (corpus / "docs" / "a.txt").write_text("书(shǔ)\n书(shǔ)\n书(shǔ)\n", encoding="utf-8")
    code, out, _ = cli("check", "docs", "--baseline", "baseline.json")
    assert code == 1 and out.count("T401") == 1


def test_files_not_audited_are_not_reported_as_fixed(corpus, cli):
    cli("check", "docs", "--write-baseline", "baseline.json")
    code, _, err = cli("check", "docs/a.txt", "--baseline", "baseline.json")
    assert code == 0 and "gone" not in err


def test_machine_output_stays_valid_with_a_baseline(corpus, cli):
    cli("check", "docs", "--write-baseline", "baseline.json")
    edit(corpus / "docs" / "a.txt", "书(shǔ)", "书(shū)")
    _, out, _ = cli("check", "docs", "--baseline", "baseline.json", "--format", "json")
    assert json.loads(out)["summary"]["findings"] == 0


@pytest.mark.parametrize("content, message", [
    (None, "cannot read baseline missing.json"),
    ("{not json", "is not a pinyin-audit baseline"),
    ('{"findings": [{"path": "x"}]}', "is not a pinyin-audit baseline"),
    ('{"tool": "pinyin-audit", "version": 3, "findings": []}',
     "bad.json was written by a newer pinyin-audit (baseline format version 3; this one reads versions 1 and 2): "
     "upgrade pinyin-audit"),
    ('{"tool": "pinyin-audit", "version": 0, "findings": []}', "version 0 is not supported"),
    ('{"tool": "pinyin-audit", "version": true, "findings": []}', "version True is not supported"),
])
def test_a_bad_baseline_is_a_usage_error(corpus, cli, content, message):
    name = "missing.json" if content is None else "bad.json"
    if content is not None:
        (corpus / name).write_text(content, encoding="utf-8")
    code, out, err = cli("check", "docs", "--baseline", name)
    assert code == 2 and out == "" and message in err


_ENTRY = '"path": "docs/a.txt", "code": "T401", "span": "书", "gloss": "(shǔ)", "fingerprint": "f", "count": 1'


@pytest.mark.parametrize("findings, said", [
    ('[{"code": "T401"}]', 'its finding 1 has no "path"'),
    (f'[{{{_ENTRY}}}, {{"path": 5, "code": "T401", "fingerprint": "f", "count": 1}}]',
     'its finding 2: "path" is 5, not a string'),
    (f'[{{{_ENTRY}, "count": "x"}}]', "its finding 1: \"count\" is 'x', not a whole number of findings"),
    ('{}', '"findings" is {}, not a list'),
    ('["T401"]', "its finding 1 is 'T401', not an object"),
    (None, 'it has no "findings"'),
])
def test_a_baseline_entry_that_cannot_be_read_is_named_in_plain_words(corpus, cli, findings, said):
    """The message was Python's: (KeyError: 'path'), (ValueError: ...), and "findings": {} read as no finding."""
    listed = "" if findings is None else f', "findings": {findings}'
    (corpus / "bad.json").write_text(f'{{"tool": "pinyin-audit", "version": 2{listed}}}', encoding="utf-8")
    code, out, err = cli("check", "docs", "--baseline", "bad.json")
    assert (code, out, err) == (2, "", f"pinyin-audit: error: bad.json is not a pinyin-audit baseline ({said})\n")


def test_a_baseline_saved_with_a_byte_order_mark_is_read(corpus, cli):
    cli("check", "docs", "--write-baseline", "baseline.json")
    baseline = corpus / "baseline.json"
    baseline.write_bytes(b"\xef\xbb\xbf" + baseline.read_bytes())
    code, out, err = cli("check", "docs", "--baseline", "baseline.json")
    assert code == 0, err
    assert "4 findings in the baseline not shown" in err


def test_an_unwritable_baseline_is_a_usage_error(corpus, cli):
    code, _, err = cli("check", "docs", "--write-baseline", "no/such/dir/b.json")
    assert code == 2 and "cannot write baseline" in err


# --------------------------------------------------------------------------
# Paths are kept relative to the baseline file, so a check may run from any directory


def stored_paths(baseline) -> set[str]:
    return {f["path"] for f in json.loads(baseline.read_text(encoding="utf-8"))["findings"]}


@pytest.mark.parametrize("corpus_as", ["relative", "absolute"])
def test_a_baseline_holds_when_checked_from_another_directory(corpus, cli, monkeypatch, corpus_as):
    cli("check", "docs", "--write-baseline", "baseline.json")
    (corpus / "ci").mkdir()
    monkeypatch.chdir(corpus / "ci")
    docs = "../docs" if corpus_as == "relative" else str(corpus / "docs")
    code, out, err = cli("check", docs, "--baseline", "../baseline.json")
    assert code == 0, out
    assert "4 findings in the baseline not shown" in err and "gone" not in err


def test_the_installed_command_run_from_a_subdirectory_finds_nothing_new(corpus):
    """As a CI job does: the baseline written at the repository root, the check run in another directory."""
    command = [sys.executable, "-m", "audit", "check"]
    subprocess.run([*command, "docs", "--write-baseline", "baseline.json"], cwd=corpus, check=True, capture_output=True)
    (corpus / "ci").mkdir()
    checked = subprocess.run([*command, "../docs", "--baseline", "../baseline.json"], cwd=corpus / "ci",
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout
    assert "4 findings in the baseline not shown" in checked.stderr


def test_paths_are_stored_relative_to_the_baseline_file(corpus, cli, monkeypatch):
    (corpus / "ci").mkdir()
    monkeypatch.chdir(corpus / "ci")
    cli("check", "../docs/", "--write-baseline", "../baseline.json")
    cli("check", str(corpus / "docs" / "a.txt"), "--write-baseline", "here.json")
    stored = json.loads((corpus / "baseline.json").read_text(encoding="utf-8"))
    assert stored["version"] == 2
    assert stored_paths(corpus / "baseline.json") == {"docs/a.txt", "docs/b.txt"}
    assert stored_paths(corpus / "ci" / "here.json") == {"../docs/a.txt"}


def test_dataset_rows_keep_their_row_in_the_key(corpus, cli, monkeypatch):
    (corpus / "data.jsonl").write_text('{"id": "u1", "text": "书(shǔ)。"}\n', encoding="utf-8")
    cli("check", "data.jsonl", "--column", "text", "--id-column", "id", "--write-baseline", "baseline.json")
    assert stored_paths(corpus / "baseline.json") == {"data.jsonl[row 1, id u1, text]"}
    (corpus / "ci").mkdir()
    monkeypatch.chdir(corpus / "ci")
    code, out, _ = cli("check", "../data.jsonl", "--column", "text", "--id-column", "id", "--baseline", "../baseline.json")
    assert code == 0, out


def test_standard_input_keeps_its_name_as_key(corpus, cli, monkeypatch):
    (corpus / "ci").mkdir()
    monkeypatch.chdir(corpus / "ci")
    for argv in (["--write-baseline", "../baseline.json"], ["--baseline", "../baseline.json"]):
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(LEGACY.encode("utf-8"))))
        code, out, _ = cli("check", "-", *argv)
        assert code == 0, out
    assert stored_paths(corpus / "baseline.json") == {"<stdin>"}


def test_a_version_1_baseline_still_keys_paths_from_the_current_directory(corpus, cli):
    cli("check", "docs", "--write-baseline", "baseline.json")
    document = json.loads((corpus / "baseline.json").read_text(encoding="utf-8"))
    (corpus / "old").mkdir()
    (corpus / "old" / "baseline.json").write_text(json.dumps(dict(document, version=1)), encoding="utf-8")
    code, out, err = cli("check", "docs", "--baseline", "old/baseline.json")
    assert code == 0, out
    assert "4 findings in the baseline not shown" in err


def test_findings_gone_are_named_as_the_report_names_their_files(corpus, cli, monkeypatch):
    """The baseline keys its files relative to itself; the list of what is gone names them as typed."""
    (corpus / "ci").mkdir()
    cli("check", "docs", "--write-baseline", "ci/baseline.json")
    edit(corpus / "docs" / "a.txt", "书(shǔ)", "书(shū)")
    code, out, err = cli("check", "docs", "--baseline", "ci/baseline.json")
    assert code == 0, out
    assert err.splitlines()[-1] == "  docs/a.txt: T401 书(shǔ)"
    monkeypatch.chdir(corpus / "ci")
    _, _, err = cli("check", str(corpus / "docs" / "a.txt"), "--baseline", "baseline.json")
    assert err.splitlines()[-1] == f"  {corpus}/docs/a.txt: T401 书(shǔ)"
