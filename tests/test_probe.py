"""Rarely used paths, probed through the real entry point."""

from __future__ import annotations

import json

import pytest
from test_cli import err, out, run


def test_a_label_row_with_nothing_to_read_is_no_mismatch(tmp_path):
    """A row with no Han characters and no syllables pairs up (nothing with nothing), like an empty file."""
    labels = tmp_path / "labels.csv"
    labels.write_text("chars,pinyin\n,\nOK,\n，,\n", encoding="utf-8")
    completed = run("check", str(labels), "--text-column", "chars", "--pinyin-column", "pinyin")
    assert completed.returncode == 0, out(completed) + err(completed)
    assert "L701" not in out(completed)


def test_syllables_with_no_characters_say_so(tmp_path):
    labels = tmp_path / "labels.csv"
    labels.write_text("chars,pinyin\nOK,ni3 hao3\n", encoding="utf-8")
    completed = run("check", str(labels), "--text-column", "chars", "--pinyin-column", "pinyin")
    assert completed.returncode == 1
    assert "L701 label-mismatch: no Han characters but 2 syllables (" in out(completed)


def test_a_dataset_not_valid_in_its_encoding_names_the_byte_offset_and_line(tmp_path):
    """As for any file: where the bad bytes are, not the line the reader had got to (line 0)."""
    rows = tmp_path / "rows.csv"
    rows.write_bytes("text\n书(shū)\n".encode("utf-8") + "书(shǔ)\n".encode("gb18030"))
    completed = run("check", str(rows), "--column", "text")
    assert completed.returncode == 2
    assert f"{rows}: error: not valid utf-8 at byte offset 15 (line 3): " in err(completed), err(completed)


def test_standard_input_with_no_rows_is_named_by_its_stdin_filename():
    completed = run("check", "--stdin-filename", "rows.jsonl", "--column", "text", stdin=b"")
    assert completed.returncode == 2
    assert err(completed).strip() == "pinyin-audit: error: no documents to audit in rows.jsonl"


def test_a_report_of_a_dataset_with_no_rows_fails_as_check_does(tmp_path):
    rows = tmp_path / "rows.csv"
    rows.write_text("text\n", encoding="utf-8")
    completed = run("report", str(rows), "--column", "text", "-o", str(tmp_path / "site"))
    assert completed.returncode == 2
    assert f"pinyin-audit: error: no documents to audit in {rows}" in err(completed)


def test_a_dataset_rows_findings_point_at_the_dataset_file_in_github_and_sarif(tmp_path):
    """Code scanning and annotations know files, not rows: the row and its line:column go in the message."""
    rows = tmp_path / "rows.jsonl"
    rows.write_text('{"text": "你好(ní hǎo)"}\n', encoding="utf-8")
    where = f"{rows}[row 1, text]:1:3: "
    annotation = out(run("check", str(rows), "--column", "text", "--format", "github")).splitlines()[0]
    assert annotation.startswith(f"::error file={rows},title=T402 third-tone-sandhi-written::{where}"), annotation
    sarif = json.loads(out(run("check", str(rows), "--column", "text", "--format", "sarif")))
    [result] = sarif["runs"][0]["results"]
    assert result["locations"] == [{"physicalLocation": {"artifactLocation": {"uri": rows.as_uri()}}}]
    assert result["message"]["text"].startswith(where)


def test_an_unreadable_row_points_at_the_dataset_file_in_github_and_sarif(tmp_path):
    rows = tmp_path / "rows.jsonl"
    rows.write_text("[1]\n", encoding="utf-8")
    annotation = out(run("check", str(rows), "--column", "text", "--format", "github")).splitlines()[0]
    assert annotation.startswith(f"::error file={rows},title=unreadable::{rows}[row 1, text]: expected a JSON object"), annotation
    sarif = json.loads(out(run("check", str(rows), "--column", "text", "--format", "sarif")))
    [notification] = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notification["locations"] == [{"physicalLocation": {"artifactLocation": {"uri": rows.as_uri()}}}]


@pytest.mark.parametrize("option", ["--lexicon", "--config", "--baseline"])
def test_a_directory_named_as_a_file_to_read_is_said_to_be_one(tmp_path, option):
    """Not "cannot write the output": nothing was being written."""
    text = tmp_path / "a.txt"
    text.write_text("书(shū)\n", encoding="utf-8")
    completed = run("check", str(text), option, str(tmp_path))
    assert completed.returncode == 2
    assert f"{tmp_path}: is a directory" in err(completed), err(completed)


def test_a_label_file_under_the_textbook_profile_names_that_profile_for_written_sandhi(tmp_path):
    labels = tmp_path / "labels.txt"
    labels.write_text("000001\t你好#4。\n\tni2 hao3\n", encoding="utf-8")
    completed = run("check", str(labels), "--label-profile", "textbook")
    assert completed.returncode == 1
    assert ("1 place writes sandhi in this file, while it follows the textbook convention: the first is here"
            in out(completed)), out(completed)


@pytest.mark.parametrize("options", [["--write-baseline", "baseline.json"], ["--baseline", "baseline.json"],
                                     ["--fail-on", "warning"], ["--max-error-rate", "0.5"], ["--exit-zero"]])
def test_diff_refuses_the_options_it_would_ignore(tmp_path, options):
    """--diff writes no baseline and exits on what there is to fix: these did nothing, silently (exit 0)."""
    text = tmp_path / "a.txt"
    text.write_text("你好(ní hǎo)\n", encoding="utf-8")
    completed = run("check", "--diff", str(text), *[str(tmp_path / o) if o.endswith(".json") else o for o in options])
    assert completed.returncode == 2
    assert err(completed) == ("pinyin-audit: error: --diff exits 1 when there is something to fix, and records "
                              f"nothing: leave out {options[0]}\n")
    assert not (tmp_path / "baseline.json").exists()


def test_a_label_mismatch_says_what_breaks_the_pairing(tmp_path):
    """AISHELL-3 lines said "expected a file name ending in .wav" whatever was wrong, the name too."""
    aishell = tmp_path / "content.txt"
    aishell.write_text("SSB00050001.wav\t广 guang3 州\nSSB00050002.wav\t广 guang3 州 zhou\nSSB0005003\t广 guang3\n",
                       encoding="utf-8")
    biaobei = tmp_path / "labels.txt"
    biaobei.write_text("000001\t广州#4。\n\tguang3\n", encoding="utf-8")
    completed = run("check", "--input-format", "aishell3", str(aishell))
    assert completed.returncode == 1
    assert [line.split(": ", 3)[-1].split(" (")[0] for line in out(completed).splitlines()[:3]] == [
        "utterance SSB00050001: 州 has no syllable after it",
        "utterance SSB00050002: 州 is followed by zhou, not a syllable with its tone number",
        "expected a file name ending in .wav, then each character followed by its syllable",
    ]
    assert "L701 label-mismatch: utterance 000001: 广州: 2 characters but 1 syllable (" in out(run("check", str(biaobei)))


def test_diff_names_a_file_it_cannot_read_as_check_and_fix_do(tmp_path):
    """``path: error: why``, which tools that read check's messages expect (--diff put "pinyin-audit: " before)."""
    binary = tmp_path / "a.txt"
    binary.write_bytes(b"\x00\x01")
    said = {mode: err(run("check", *mode.split(), str(binary))).splitlines()[0] for mode in ("", "--fix", "--diff")}
    assert set(said.values()) == {f"{binary}: error: binary file (contains NUL bytes): not a text document"}, said


def test_fail_on_and_max_error_rate_together_are_refused(tmp_path):
    """--max-error-rate replaces --fail-on, which did nothing, silently: --fail-on info passed a run with a warning."""
    text = tmp_path / "a.txt"
    text.write_text("这个(zhè gè)。学习(xué xi)。\n", encoding="utf-8")
    completed = run("check", str(text), "--fail-on", "info", "--max-error-rate", "0.5")
    assert completed.returncode == 2
    assert err(completed) == "pinyin-audit: error: --max-error-rate replaces --fail-on: give one of them\n"


def test_fail_on_on_the_command_line_overrides_the_files_max_error_rate(tmp_path):
    """The file's rate replaced the gate, so the option did nothing: a warning passed --fail-on warning."""
    config = tmp_path / "pinyin-audit.toml"
    config.write_text("max-error-rate = 0.5\n", encoding="utf-8")
    text = tmp_path / "a.txt"
    text.write_text("学习(xué xi)。\n", encoding="utf-8")
    assert run("check", str(text), "--config", str(config)).returncode == 0
    assert run("check", str(text), "--config", str(config), "--fail-on", "warning").returncode == 1


def test_a_directory_of_datasets_says_which_files_a_directory_gives(tmp_path):
    """It said only "no documents to audit in DIR": datasets are taken from a directory when --include names them."""
    (tmp_path / "rows.jsonl").write_text('{"text": "你好(ní hǎo)"}\n', encoding="utf-8")
    completed = run("check", str(tmp_path), "--column", "text")
    assert completed.returncode == 2
    assert "(from a directory, only the files --include names: *.txt *.srt" in err(completed), err(completed)
    assert run("check", str(tmp_path), "--column", "text", "--include", "*.jsonl").returncode == 1


def test_a_lexicon_not_in_utf8_says_where_and_what_to_do(tmp_path):
    """Not Python's "'utf-8' codec can't decode byte 0xba in position 2", whatever --encoding said."""
    lexicon = tmp_path / "words.txt"
    lexicon.write_bytes("小红书\n".encode("gb18030"))
    text = tmp_path / "a.txt"
    text.write_bytes("书(shū)\n".encode("gb18030"))
    completed = run("check", str(text), "--encoding", "gb18030", "--lexicon", str(lexicon))
    assert completed.returncode == 2
    assert err(completed) == (f"pinyin-audit: error: command line: lexicon: {lexicon}: not valid utf-8 at "
                              r"byte offset 2 (line 1): b'\xba\xec\xca\xe9'; save it as UTF-8 (--encoding is the "
                              "inputs' encoding, not the lexicon's)\n")
