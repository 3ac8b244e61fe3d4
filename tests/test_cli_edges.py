"""Inputs and outputs at the edges, through the real entry point: each gets one line that says what to do."""

from __future__ import annotations

import codecs
import contextlib
import json
import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import time

import pytest
from test_cli import SEED, err, out, run

GLOSSED = "你好(nǐ hǎo)，银行(yín háng)\n"


@pytest.mark.parametrize("encoding, bom, message", [
    ("utf-16-le", codecs.BOM_UTF16_LE, r"at byte offset 0 (line 1): b'\xff\xfe', a UTF-16 byte-order mark; "
                                       "use --encoding utf-16"),
    ("utf-32-le", codecs.BOM_UTF32_LE, r"at byte offset 0 (line 1): b'\xff\xfe\x00\x00', a UTF-32 byte-order "
                                       "mark; use --encoding utf-32"),
    ("utf-16-le", b"", "at byte offset 5 (line 1): a NUL byte, as in UTF-16 text without a byte-order mark; "
                       "use --encoding utf-16-le"),
    ("utf-16-be", b"", "at byte offset 4 (line 1): a NUL byte, as in UTF-16 text without a byte-order mark; "
                       "use --encoding utf-16-be"),
], ids=["utf-16-bom", "utf-32-bom", "utf-16-le", "utf-16-be"])
def test_utf16_and_utf32_read_as_utf8_say_which_encoding_to_name(tmp_path, encoding, bom, message):
    """Not "binary file": the bytes say what they are, and where."""
    wide = tmp_path / "wide.txt"
    wide.write_bytes(bom + GLOSSED.encode(encoding))
    completed = run("check", str(wide))
    assert completed.returncode == 2
    assert err(completed).splitlines()[0] == f"{wide}: error: not valid utf-8 {message}"


@pytest.mark.parametrize("encoding", ["utf-32", "utf16", "UTF_16LE", "utf-16-be"])
def test_any_spelling_of_utf16_and_utf32_reads_their_nul_bytes_as_text(tmp_path, encoding):
    wide = tmp_path / "wide.txt"
    wide.write_bytes(GLOSSED.encode(encoding))
    completed = run("check", str(wide), "--encoding", encoding)
    assert completed.returncode == 0, err(completed)
    assert "2 glosses" in completed.stdout.decode()


def test_fix_through_a_link_fixes_the_file_it_names_and_keeps_the_link(tmp_path):
    (tmp_path / "lesson.txt").write_text("你好(ní hǎo)\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to("lesson.txt")
    assert run("check", "--fix", str(link)).returncode == 0
    assert link.is_symlink()
    assert (tmp_path / "lesson.txt").read_text(encoding="utf-8") == "你好(nǐ hǎo)\n"


def test_fix_leaves_a_read_only_file_as_it_was_and_says_so(tmp_path):
    """A rename in a writable directory could replace it, as root could write it: its permission says not to."""
    locked = tmp_path / "locked.txt"
    locked.write_text("你好(ní hǎo)\n", encoding="utf-8")
    locked.chmod(0o444)
    completed = run("check", "--fix", str(locked))
    assert completed.returncode == 2
    assert err(completed).splitlines()[0] == f"{locked}: error: cannot write the fixes: the file is read-only"
    assert locked.read_text(encoding="utf-8") == "你好(ní hǎo)\n"
    assert [path.name for path in tmp_path.iterdir()] == ["locked.txt"]


@pytest.mark.parametrize("option, what", [("--output-file", "output file"), ("--write-baseline", "baseline")])
def test_an_output_into_a_missing_directory_is_refused_before_the_audit(tmp_path, option, what):
    (tmp_path / "a.txt").write_text(GLOSSED, encoding="utf-8")
    target = tmp_path / "missing" / "out.json"
    completed = run("check", str(tmp_path / "a.txt"), option, str(target))
    assert completed.returncode == 2 and completed.stdout == b""
    assert err(completed) == f"pinyin-audit: error: cannot write {what} {target}: there is no directory {target.parent}\n"
    assert not target.parent.exists()


def _wrong_tones(tmp_path, count: int):
    """One line of ``count`` glosses, each a finding: output well beyond a pipe's buffer."""
    path = tmp_path / "tones.txt"
    path.write_text("书(shǔ)" * count + "\n", encoding="utf-8")
    return path


def test_a_reader_that_goes_away_cuts_the_report_short_with_one_line_and_exit_2(tmp_path):
    """``pinyin-audit check … | head -1``: not a clean pass (a CI step under pipefail would pass), no trace."""
    command = [sys.executable, "-m", "audit", "check", str(_wrong_tones(tmp_path, 4000))]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout.readline().decode().endswith("T401 wrong-tone: 书(shǔ): 书 is never read shǔ (书(shū))\n")
    process.stdout.close()
    assert process.wait(timeout=120) == 2
    assert process.stderr.read().decode() == ("pinyin-audit: error: standard output was closed before the output "
                                              "was complete\n")


def test_a_reader_of_both_outputs_that_goes_away_still_makes_exit_2_not_the_1_of_findings(tmp_path):
    """``pinyin-audit check … 2>&1 | head -1``: the line that says so cannot be written either; it exited 1."""
    command = [sys.executable, "-m", "audit", "check", str(_wrong_tones(tmp_path, 4000))]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    process.stdout.readline()
    process.stdout.close()
    assert process.wait(timeout=120) == 2


def test_ctrl_c_during_the_run_is_one_line_and_exit_130(tmp_path):
    """Signalled once the report has begun, while the run waits for the pipe's reader."""
    command = [sys.executable, "-m", "audit", "check", str(_wrong_tones(tmp_path, 4000))]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    process.stdout.readline()
    process.send_signal(signal.SIGINT)
    _, said = process.communicate(timeout=120)
    assert (process.returncode, said.decode()) == (130, "pinyin-audit: interrupted\n")


def test_ctrl_c_while_the_command_loads_is_one_line_and_exit_130():
    """The first tenth of a second imports the command, before its own handler is in place."""
    interrupt_the_import = """
import sys
from audit.__main__ import main
class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == "audit.cli":
            raise KeyboardInterrupt
sys.meta_path.insert(0, Interrupt())
sys.argv = ["pinyin-audit", "rules"]
sys.exit(main())
"""
    completed = subprocess.run([sys.executable, "-c", interrupt_the_import], capture_output=True, timeout=60)
    assert (completed.returncode, err(completed)) == (130, "pinyin-audit: interrupted\n")


def test_text_without_a_single_gloss_gets_a_note_on_how_glosses_are_written(tmp_path):
    """A word list written ``阿姨 āyí`` has nothing wrong with it to report, so the exit status stays 0."""
    (tmp_path / "words.txt").write_text("阿姨 āyí\n爸爸 bàba\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_text(" \n", encoding="utf-8")
    completed = run("check", str(tmp_path), "--format", "json")
    assert completed.returncode == 0 and json.loads(completed.stdout)["summary"]["glosses"] == 0
    assert err(completed) == ("pinyin-audit: note: no glosses found; a gloss is pinyin in brackets right after the "
                              "characters it reads, such as 汉字(hàn zì)\n")
    assert err(run("check", str(tmp_path / "empty.txt"))) == ""
    report = run("report", str(tmp_path), "-o", str(tmp_path.parent / f"{tmp_path.name}-report"))
    assert report.returncode == 0 and err(report).endswith(" such as 汉字(hàn zì)\n"), err(report)
    (tmp_path / "lesson.txt").write_text(GLOSSED, encoding="utf-8")
    assert err(run("check", str(tmp_path))) == ""


def test_a_configuration_not_in_utf8_says_where(tmp_path):
    (tmp_path / "pyproject.toml").write_bytes('[tool.pinyin-audit]\n# 注释\nprofile = "auto"\n'.encode("gbk"))
    (tmp_path / "a.txt").write_text(GLOSSED, encoding="utf-8")
    completed = subprocess.run([sys.executable, "-m", "audit", "check", "a.txt"], cwd=tmp_path, capture_output=True)
    assert completed.returncode == 2 and completed.stdout == b""
    assert err(completed) == (f"pinyin-audit: error: {tmp_path / 'pyproject.toml'}: not valid utf-8 at byte offset 24 "
                              r"(line 2): b'\xca\xcd\np'; TOML files are UTF-8: save it as UTF-8" "\n")


def test_a_configuration_saved_with_a_byte_order_mark_is_read(tmp_path):
    """As Windows editors save it; inputs and the lexicon may have one too."""
    (tmp_path / "pyproject.toml").write_bytes(codecs.BOM_UTF8 + b'[tool.pinyin-audit]\nignore = ["T"]\n')
    (tmp_path / "a.txt").write_text("书(shǔ)\n", encoding="utf-8")
    completed = subprocess.run([sys.executable, "-m", "audit", "check", "a.txt"], cwd=tmp_path, capture_output=True)
    assert completed.returncode == 0, err(completed)


def test_a_file_named_twice_is_audited_and_fixed_once(tmp_path):
    lesson = tmp_path / "lesson.txt"
    lesson.write_text("你好(ní hǎo)\n", encoding="utf-8")
    twice = [str(lesson), f"{tmp_path}/./lesson.txt", str(tmp_path)]
    completed = run("check", "--format", "json", *twice)
    assert [document["path"] for document in json.loads(completed.stdout)["documents"]] == [str(lesson)]
    fixed = run("check", "--fix", *twice)
    assert fixed.returncode == 0 and err(fixed) == "pinyin-audit: fixed 1 finding in 1 file; 0 remain\n"


def test_an_aishell3_label_that_does_not_pair_points_at_the_word_that_breaks_it(tmp_path):
    labels = tmp_path / "labels.txt"
    labels.write_text("SSB00050001.wav\t广 guang3 州 zhou1\nSSB00050002.wav\t广 guang3 州 zhou 是 shi4\n", encoding="utf-8")
    completed = run("check", str(labels))
    assert out(completed).splitlines()[0] == (
        f"{labels}:2:28: error: L701 label-mismatch: utterance SSB00050002: 州 is followed by zhou, not a syllable with "
        "its tone number (give every Han character one syllable (erhua such as zher4 reads two))")


def test_a_mistake_on_the_command_line_is_one_line_that_points_to_help():
    completed = run("check", "--format", "xml", "a.txt")
    assert completed.returncode == 2 and completed.stdout == b""
    assert err(completed) == ("pinyin-audit check: error: argument --format: invalid choice: 'xml' (choose from "
                              "'text', 'json', 'json-lines', 'github', 'sarif', 'junit') (see pinyin-audit check --help)\n")


def test_a_diff_of_a_file_with_old_mac_line_breaks_is_one_patch_can_apply(tmp_path):
    """A lone ``\\r`` stays inside its line, as ``patch`` reads it: no "No newline at end of file" mid-diff."""
    mixed = tmp_path / "mixed.txt"
    mixed.write_bytes("你好(ní hǎo)\r\n银行(yín háng)\n书(shū)\r你好(ní hǎo)\r\n".encode())
    completed = run("check", "--diff", str(mixed))
    assert completed.returncode == 1
    assert completed.stdout.decode() == (
        f"--- {mixed}\n+++ {mixed}\n@@ -1,3 +1,3 @@\n"
        "-你好(ní hǎo)\r\n+你好(nǐ hǎo)\r\n 银行(yín háng)\n-书(shū)\r你好(ní hǎo)\r\n+书(shū)\r你好(nǐ hǎo)\r\n")


@pytest.mark.parametrize("command", [["check"], ["check", "--output-file", "out.json"], ["report", "-o", "site"]])
def test_an_empty_path_is_a_usage_error_not_the_working_directory(tmp_path, command):
    """``pinyin-audit check "$DOCS"`` with DOCS unset: not "." (".: error: is a directory", or the whole tree)."""
    completed = subprocess.run([sys.executable, "-m", "audit", *command, ""], cwd=tmp_path, capture_output=True)
    assert completed.returncode == 2 and completed.stdout == b""
    assert err(completed) == "pinyin-audit: error: an empty PATH names no file\n"


@pytest.mark.parametrize("output_format", ["text", "github", "junit"])
def test_control_characters_quoted_from_a_document_cannot_steer_the_terminal(tmp_path, output_format):
    """A gloss detached by ESC: the message quotes what separates it, escaped as names are."""
    document = tmp_path / "odd.txt"
    document.write_text("书\x1b(shū)\n", encoding="utf-8")
    printed = run("check", str(document), "--format", output_format).stdout.decode()
    assert "\x1b" not in printed  # nor in GitHub's suggestion, which would have to be the line as written
    assert r"separated from 书 by \x1b" in printed


def test_a_github_suggestion_is_left_out_only_for_a_line_with_control_characters(tmp_path):
    """Escaped, the suggested line would not be the line; a tab is no control character to a log."""
    document = tmp_path / "odd.txt"
    document.write_text("书\x1b(shū)\n\t书 (shū)\n", encoding="utf-8")
    printed = run("check", str(document), "--format", "github").stdout.decode()
    assert "```suggestion" not in printed.splitlines()[0]
    assert printed.splitlines()[1].endswith("%0A%0A```suggestion%0A\t书(shū)%0A```")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root may give a file to another user")
def test_fix_run_as_root_leaves_the_file_its_owners(tmp_path):
    """As in a container on a mounted checkout: the fixed file must not become root's."""
    lesson = tmp_path / "lesson.txt"
    lesson.write_text("你好(ní hǎo)\n", encoding="utf-8")
    os.chown(lesson, 65534, 65534)
    assert run("check", "--fix", str(lesson)).returncode == 0
    assert lesson.read_text(encoding="utf-8") == "你好(nǐ hǎo)\n"
    assert (lesson.stat().st_uid, lesson.stat().st_gid) == (65534, 65534)


def test_an_output_under_an_input_file_is_not_said_to_be_in_a_directory(tmp_path):
    lesson = tmp_path / "lesson.txt"
    lesson.write_text(GLOSSED, encoding="utf-8")
    completed = run("check", str(lesson), "--output-file", f"{lesson}/out.json")
    assert completed.returncode == 2
    assert err(completed) == (f"pinyin-audit: error: the output file {lesson}/out.json is under the input file {lesson}; "
                              "choose another path\n")


def test_entities_in_ruby_are_read_as_the_characters_they_stand_for(tmp_path):
    """As editors that escape every accented letter write it: x&iacute;ng is xíng, not a gloss skipped."""
    page = tmp_path / "page.html"
    page.write_text("<p><ruby>银<rt>yín</rt>&#34892;<rt>x&iacute;ng</rt></ruby>卡</p>\n", encoding="utf-8")
    completed = run("check", str(page), "--format", "json")
    [finding] = json.loads(completed.stdout)["documents"][0]["findings"]
    assert (finding["code"], finding["line"], finding["column"]) == ("R302", 1, 31)  # at its <rt>
    assert finding["fix"] is None  # an edit of an entity would have to write what the file does not hold as such


def test_tags_inside_ruby_are_left_out_and_the_reading_fixed_in_place(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('<p><ruby>书<rt><span class="py">shǔ</span></rt></ruby></p>\n', encoding="utf-8")
    completed = run("check", "--diff", "--unsafe-fixes", str(page))
    assert completed.returncode == 1
    assert '+<p><ruby>书<rt><span class="py">shū</span></rt></ruby></p>\n' in completed.stdout.decode()


@pytest.mark.parametrize("options, kept, says", [
    (["--lexicon", "words.txt", "-o", "words.txt"], "words.txt",
     "the output file words.txt is an input; choose another path"),
    (["--config", "settings.toml", "-o", "settings.toml"], "settings.toml",
     "the output file settings.toml is an input; choose another path"),
    (["--config", "settings.toml", "--write-baseline", "settings.toml"], "settings.toml",
     "the baseline settings.toml is an input; choose another path"),
    (["--baseline", "baseline.json", "-o", "baseline.json"], "baseline.json",
     "the output file baseline.json is an input; choose another path"),
    (["--format", "json", "-o", "baseline.json", "--write-baseline", "./baseline.json"], "baseline.json",
     "--output-file and --write-baseline both name baseline.json: choose two files"),
], ids=["lexicon", "config", "config-as-baseline", "baseline", "both-outputs"])
def test_an_output_onto_a_file_the_run_reads_is_refused_and_the_file_kept(tmp_path, options, kept, says):
    """The report written over the lexicon, configuration or baseline that decided it would lose the user's file."""
    (tmp_path / "a.txt").write_text(GLOSSED, encoding="utf-8")
    (tmp_path / "words.txt").write_text("小红书\n", encoding="utf-8")
    (tmp_path / "settings.toml").write_text('ignore = ["C603"]\n', encoding="utf-8")
    subprocess.run([sys.executable, "-m", "audit", "check", "a.txt", "--write-baseline", "baseline.json"],
                   cwd=tmp_path, check=True, capture_output=True)
    before = (tmp_path / kept).read_bytes()
    completed = subprocess.run([sys.executable, "-m", "audit", "check", "a.txt", *options], cwd=tmp_path,
                               capture_output=True)
    assert completed.returncode == 2 and err(completed) == f"pinyin-audit: error: {says}\n"
    assert (tmp_path / kept).read_bytes() == before


def test_write_baseline_may_update_the_baseline_it_reads(tmp_path):
    (tmp_path / "a.txt").write_text("你好(ní hǎo)\n", encoding="utf-8")
    command = [sys.executable, "-m", "audit", "check", "a.txt"]
    subprocess.run([*command, "--write-baseline", "b.json"], cwd=tmp_path, check=True, capture_output=True)
    (tmp_path / "a.txt").write_text("你好(ní hǎo)\n书(shǔ)\n", encoding="utf-8")
    updated = subprocess.run([*command, "--baseline", "b.json", "--write-baseline", "b.json"], cwd=tmp_path,
                             capture_output=True)
    assert updated.returncode == 0 and "wrote 2 findings to b.json" in err(updated)


def test_a_diff_of_a_file_named_with_a_space_is_one_patch_can_apply(tmp_path):
    """``patch`` reads a header's name up to a tab, else up to the first space (``a`` of ``a b.txt``)."""
    (tmp_path / "a b.txt").write_text("你好(ní hǎo)\n", encoding="utf-8")
    diff = subprocess.run([sys.executable, "-m", "audit", "check", "--diff", "a b.txt"], cwd=tmp_path,
                          capture_output=True).stdout.decode()
    assert diff.startswith("--- a b.txt\t\n+++ a b.txt\t\n@@ -1 +1 @@\n")
    if shutil.which("patch"):
        subprocess.run(["patch", "-p0", "--quiet"], input=diff.encode(), cwd=tmp_path, check=True)
        assert (tmp_path / "a b.txt").read_text(encoding="utf-8") == "你好(nǐ hǎo)\n"


@pytest.mark.parametrize("output_format", ["text", "github", "junit"])
def test_invisible_characters_quoted_from_a_document_are_named_not_shown_as_nothing(tmp_path, output_format):
    """"separated from 好 by  " would name nothing; a right-to-left override would turn the rest of the line."""
    document = tmp_path / "odd.txt"
    document.write_text("好\u200b(hǎo)\n书\u202e(shū)\n", encoding="utf-8")
    printed = run("check", str(document), "--format", output_format).stdout.decode()
    assert r"separated from 好 by \u200b" in printed and r"separated from 书 by \u202e" in printed
    assert "\u200b" not in printed and "\u202e" not in printed


@pytest.mark.parametrize("encoding, data, line", [
    ("utf-16", codecs.BOM_UTF16_LE + "上(shàng)".encode("utf-16-le") + b"\x00\xd8", 1),  # 上 is 0a 4e in UTF-16
    ("utf-8", "好(hǎo)\r书(shū)\r".encode() + b"\xff\r", 3),  # old Mac line breaks
], ids=["utf-16", "lone-cr"])
def test_bytes_not_valid_in_the_encoding_are_placed_on_the_line_the_findings_would_name(tmp_path, encoding, data,
                                                                                     line):
    broken = tmp_path / "broken.txt"
    broken.write_bytes(data)
    completed = run("check", str(broken), "--encoding", encoding)
    assert completed.returncode == 2 and f" (line {line}): " in err(completed), err(completed)


@pytest.mark.parametrize("pattern", ["drafts/", "./drafts", "./drafts/", "drafts/old/"])
def test_an_exclude_written_as_a_gitignore_writes_it_excludes_the_directory(tmp_path, pattern):
    """``drafts/`` excluded nothing: a directory was matched by its name alone, never with the ``/``."""
    (tmp_path / "drafts" / "old").mkdir(parents=True)
    (tmp_path / "drafts" / "old" / "a.txt").write_text("银行(yín xíng)\n", encoding="utf-8")
    (tmp_path / "lesson.txt").write_text(GLOSSED, encoding="utf-8")
    completed = run("check", str(tmp_path), "--exclude", pattern, "--format", "json")
    assert completed.returncode == 0, out(completed)
    assert [d["path"] for d in json.loads(completed.stdout)["documents"]] == [str(tmp_path / "lesson.txt")]


@pytest.mark.parametrize("glob", ["legacy/", "./legacy/", "./legacy/*"])
def test_per_file_ignores_name_a_directory_as_exclude_does(tmp_path, glob):
    (tmp_path / "legacy" / "old").mkdir(parents=True)
    (tmp_path / "legacy" / "old" / "a.txt").write_text("书(shǔ)\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(f'[tool.pinyin-audit.per-file-ignores]\n"{glob}" = ["T"]\n',
                                             encoding="utf-8")
    completed = subprocess.run([sys.executable, "-m", "audit", "check", "."], cwd=tmp_path, capture_output=True)
    assert completed.returncode == 0, out(completed)


def test_a_report_names_invisible_characters_in_its_messages_and_shows_the_text_as_written(tmp_path):
    """A right-to-left override quoted in a message would turn the rest of it around, in the list and the tooltip."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "odd.txt").write_text("书\u202e(shū)\n", encoding="utf-8")
    assert run("report", str(tmp_path / "in"), "-o", str(tmp_path / "site")).returncode == 0
    [page] = (tmp_path / "site").glob("*odd.txt_*.html")
    html = page.read_text(encoding="utf-8")
    assert r"separated from 书 by \u202e" in html  # in the tooltips and the list of findings
    assert html.count("\u202e") == 1  # the document's own text


@pytest.mark.parametrize("word", ["help", "chek"])
def test_a_word_that_is_neither_a_command_nor_a_file_lists_the_commands(tmp_path, word):
    """Not "help: error: no such file or directory" and a summary of one unreadable document."""
    completed = subprocess.run([sys.executable, "-m", "audit", word], cwd=tmp_path, capture_output=True)
    assert completed.returncode == 2 and completed.stdout == b""
    assert err(completed) == (f"pinyin-audit: error: no command or file named '{word}': the commands are check, "
                              "report, config, rules, explain (see pinyin-audit --help)\n")
    (tmp_path / word).write_text("你好(nǐ hǎo)\n", encoding="utf-8")  # a file of that name is audited
    assert subprocess.run([sys.executable, "-m", "audit", word], cwd=tmp_path).returncode == 0


def test_pinyin_too_long_to_check_as_a_gloss_is_an_info_finding_not_silence(tmp_path):
    """Past 2,000 characters pinyin is not read as a gloss; the user learns that it was not checked, and where."""
    paragraph = "念念(" + "niàn " * 450 + "niàn)"
    lesson = tmp_path / "lesson.md"
    lesson.write_text(f"# 课文\n\n他说：{paragraph}。好(hǎo)\n", encoding="utf-8")
    completed = run("check", str(lesson))
    assert completed.returncode == 0, err(completed)
    assert out(completed).splitlines()[0] == (
        f"{lesson}:3:6: info: F508 gloss-too-long: the pinyin in this bracket runs on for 2,254 characters, past the "
        "2,000 a gloss may hold, so none of its syllables was checked (gloss the text a sentence or a word at a time)")
    assert run("check", str(lesson), "--fail-on", "info").returncode == 1
    assert run("check", str(lesson), "--ignore", "F508").stdout.decode().count("F508") == 0


@pytest.mark.skipif(os.name != "posix", reason="a line break and a backslash in a file name are POSIX's")
def test_sarif_points_at_a_file_whose_name_holds_a_line_break_or_a_backslash(tmp_path):
    """Shown escaped (`a\\nb`) everywhere else, a name goes into a SARIF URI as its own bytes, percent-encoded:
    the backslash of an escape read as a separator pointed at a file in a directory `a` that does not exist."""
    (tmp_path / "docs").mkdir()
    for name in ("line\nbreak, 100%.txt", "back\\slash.txt"):
        (tmp_path / "docs" / name).write_text("你好(ní hǎo)\n", encoding="utf-8")
    completed = run("check", str(tmp_path / "docs"), "--format", "sarif")
    results = json.loads(completed.stdout)["runs"][0]["results"]
    uris = {location["artifactLocation"]["uri"] for result in results
            for location in [result["locations"][0]["physicalLocation"], *result["fixes"][0]["artifactChanges"]]}
    docs = f"file://{tmp_path}/docs".replace("%", "%25")  # named by an absolute path: an absolute URI
    assert uris == {f"{docs}/back%5Cslash.txt", f"{docs}/line%0Abreak%2C%20100%25.txt"}


def test_fix_keeps_an_edit_saved_while_the_fixes_were_worked_out(tmp_path, cli, monkeypatch):
    """An editor saves the file during the run: the fixes of the text read are not written over the new one."""
    from audit import fixer

    lesson = tmp_path / "lesson.txt"
    lesson.write_text("你好(ní hǎo)\n", encoding="utf-8")
    worked_out = fixer._fixed

    def saved_meanwhile(*args, **kwargs):
        outcome = worked_out(*args, **kwargs)
        lesson.write_text("你好(ní hǎo)，我(wǒ)\n", encoding="utf-8")
        return outcome

    monkeypatch.setattr(fixer, "_fixed", saved_meanwhile)
    code, _, said = cli("check", "--fix", str(lesson))
    assert code == 2
    assert (f"{lesson}: error: cannot write the fixes: the file changed while its fixes were worked out; run again"
            in said.splitlines())
    assert lesson.read_text(encoding="utf-8") == "你好(ní hǎo)，我(wǒ)\n"


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name != "posix", reason="links as POSIX makes them")
def test_a_link_to_nothing_is_said_to_be_one(tmp_path):
    """Listed in its directory, it is no "no such file or directory" to the user who sees it there."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "lesson.txt").write_text(GLOSSED, encoding="utf-8")
    (tmp_path / "docs" / "moved.txt").symlink_to(tmp_path / "elsewhere.txt")
    completed = run("check", str(tmp_path / "docs"))
    assert completed.returncode == 2
    assert err(completed) == f"{tmp_path}/docs/moved.txt: error: a link to {tmp_path}/elsewhere.txt, which does not exist\n"
    assert "lesson.txt: 2 glosses" in out(completed)


@pytest.mark.parametrize("options", [["--column", "text"], ["--id-column", "id"],
                                     ["--text-column", "chars", "--pinyin-column", "pinyin"]])
def test_options_that_name_a_datasets_columns_without_a_dataset_are_a_usage_error(tmp_path, options):
    """Given a document file, they did nothing, silently; the README promises no option is silently ignored."""
    notes = tmp_path / "notes.txt"
    notes.write_text(GLOSSED, encoding="utf-8")
    completed = run("check", str(notes), *options)
    assert completed.returncode == 2
    named = " ".join(option for option in options if option.startswith("--"))
    assert err(completed).startswith(f"pinyin-audit: error: {named.replace(' ', ', ')} name")
    assert "none of the inputs is a dataset" in err(completed) and out(completed) == ""


@pytest.mark.parametrize("option, what", [("--output-file", "output file"), ("--write-baseline", "baseline")])
def test_an_output_whose_name_the_system_refuses_is_refused_before_the_audit(tmp_path, option, what):
    """A baseline was written only once every document had been audited: the name too long was found then."""
    lesson = tmp_path / "lesson.txt"
    lesson.write_text(GLOSSED, encoding="utf-8")
    target = tmp_path / ("b" * 300)
    completed = run("check", str(lesson), option, str(target))
    assert (completed.returncode, out(completed)) == (2, "")
    assert err(completed) == f"pinyin-audit: error: cannot write {what} {target}: File name too long\n"


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``, from /proc."""
    children = []
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if parent == pid:
            children.append(int(entry))
    return children


def _write_a_hundred_seed_articles(directory: pathlib.Path) -> None:
    """Work enough that a signal sent once the run is under way reaches it before the end."""
    seed = SEED.read_text(encoding="utf-8")
    for number in range(100):
        (directory / f"doc{number}.txt").write_text(seed, encoding="utf-8")


@pytest.mark.skipif(not hasattr(os, "fork") or not os.path.isdir("/proc"), reason="forked workers, seen in /proc")
def test_sigterm_during_a_parallel_run_stops_its_workers_and_exits_143(tmp_path):
    """`timeout` and a cancelled CI job signal the command alone: ended by the signal, it left its workers
    waiting for work forever, holding its output open."""
    _write_a_hundred_seed_articles(tmp_path)
    process = subprocess.Popen([sys.executable, "-m", "audit", "check", str(tmp_path), "--jobs", "2"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               env=dict(os.environ, PINYIN_AUDIT_PARALLEL_FROM_BYTES="0"),
                               start_new_session=True)  # a process group of its own, its workers in it
    try:
        deadline = time.monotonic() + 120
        while len(workers := _children(process.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        _, said = process.communicate(timeout=120)
        assert (process.returncode, said.decode()) == (143, "pinyin-audit: terminated\n")
        assert len(workers) == 2
        for worker in workers:
            with pytest.raises(ProcessLookupError):
                os.kill(worker, 0)
    finally:  # a run or a worker the signal failed to end is not left behind
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@pytest.mark.skipif(not os.path.exists("/dev/stdin"), reason="a system without /dev/stdin")
def test_dev_stdin_as_a_path_says_to_give_a_dash(tmp_path):
    """`generate | pinyin-audit check /dev/stdin` is refused, as any pipe named as a file is: it says how to read it."""
    completed = run("check", "/dev/stdin", stdin=GLOSSED.encode("utf-8"))
    assert completed.returncode == 2
    assert err(completed) == ("/dev/stdin: error: not a regular file (a named pipe); it is standard input: "
                              "give - to read it\n")
    assert run("check", "-", stdin=GLOSSED.encode("utf-8")).returncode == 0


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM as POSIX sends it")
def test_sigterm_while_the_output_file_is_written_leaves_no_temporary_file(tmp_path):
    """The report goes into a temporary file beside --output-file as the audit goes: ended by the signal itself,
    the run left it behind, in the directory a CI job keeps as its artifacts."""
    (tmp_path / "docs").mkdir()
    _write_a_hundred_seed_articles(tmp_path / "docs")
    process = subprocess.Popen([sys.executable, "-m", "audit", "check", str(tmp_path / "docs"), "--jobs", "1",
                                "--format", "json", "--output-file", str(tmp_path / "out.json")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not _report_under_way(tmp_path, ".out.json.") and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    _, said = process.communicate(timeout=120)
    assert (process.returncode, said.decode()) == (143, "pinyin-audit: terminated\n")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["docs"]


def _report_under_way(directory: pathlib.Path, prefix: str) -> bool:
    """Whether a temporary file named ``prefix…`` holds some of the report: the empty one made and removed at
    once, before the audit, to see that the directory takes a new file, is no sign that the report is written."""
    for temporary in directory.glob(prefix + "*"):
        with contextlib.suppress(FileNotFoundError):
            if temporary.stat().st_size:
                return True
    return False


@pytest.mark.skipif(not hasattr(os, "pathconf") or os.name != "posix", reason="a system that names its path limit")
def test_a_tree_deeper_than_the_systems_path_limit_is_audited_up_to_it_and_the_rest_named_in_one_line(tmp_path):
    """Past the limit each file was its own "File name too long" line, and each directory another; now the
    directory that holds them says in one line how many were left out, and every file whose path fits is audited."""
    root = tmp_path / "tree"
    root.mkdir()
    longest = os.pathconf(root, "PC_PATH_MAX") - 1
    level = os.open(root, os.O_RDONLY)
    fitting = 0
    try:  # built a level at a time from its parent, since the deepest paths are too long to name whole
        for depth in range(longest // 201 + 1):
            for name in ("a.txt", "b.txt"):
                with open(os.open(name, os.O_WRONLY | os.O_CREAT, dir_fd=level), "w", encoding="utf-8") as file:
                    file.write(GLOSSED)
                fitting += len(os.fsencode(f"{root}{('/' + 'd' * 200) * depth}/{name}")) <= longest
            os.mkdir("d" * 200, dir_fd=level)
            deeper = os.open("d" * 200, os.O_RDONLY, dir_fd=level)
            os.close(level)
            level = deeper
    finally:
        os.close(level)
    completed = run("check", str(root))
    [problem] = err(completed).splitlines()
    assert re.fullmatch(rf"{root}(/d{{200}})+: error: (1 file or folder|[23] files and folders) in it not audited: "
                        rf"the system takes paths of at most {longest:,} bytes \(move them nearer the top\)", problem)
    assert completed.returncode == 2
    assert f"{fitting + 1} documents, {2 * fitting} glosses (1 unreadable)" in out(completed)


@pytest.mark.parametrize("option, named", [("--config", "{loop}"), ("--lexicon", "lexicon {loop}"),
                                           ("--baseline", "baseline {loop}")])
def test_a_configuration_lexicon_or_baseline_that_cannot_be_opened_says_cannot_read_once(tmp_path, option, named):
    """A link loop cannot be opened, even by root, as a file without permission can."""
    loop = tmp_path / "loop.toml"
    loop.symlink_to(loop)
    document = tmp_path / "doc.txt"
    document.write_text(GLOSSED, encoding="utf-8")
    completed = run("check", str(document), option, str(loop))
    assert completed.returncode == 2
    assert err(completed).endswith(f"cannot read {named.format(loop=loop)}: Too many levels of symbolic links\n")


def test_the_command_writes_each_line_of_a_document_before_making_the_next(tmp_path, cli, monkeypatch):
    """A document's output was made whole before any of it was written: a document of 300,000 findings held its
    text, records and lines all at once.  The text format gives it a line at a time, and each is written as it comes."""
    from audit.formats.text import TextFormatter

    lesson = tmp_path / "lesson.txt"
    lesson.write_text("银行(yín xíng)。银行(yín xíng)。\n", encoding="utf-8")
    given = TextFormatter.pieces
    made: list[str] = []
    written_when_made: list[str] = []

    def noting_what_is_written(self, result):
        for piece in given(self, result):
            written_when_made.append(sys.stdout.getvalue())
            made.append(piece)
            yield piece

    monkeypatch.setattr(TextFormatter, "pieces", noting_what_is_written)
    code, out, _ = cli("check", str(lesson))
    assert code == 1 and len(made) == 3 and out.startswith("".join(made))  # two findings, then the tally
    assert written_when_made == ["".join(made[:count]) for count in range(len(made))]
