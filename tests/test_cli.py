"""The command through its real entry point: exit codes, output, bad input."""

from __future__ import annotations

import functools
import json
import pathlib
import subprocess
import sys

import pytest

SEED = pathlib.Path(__file__).parents[1] / "samples" / "ecommerce-article-seed.txt"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    completed = subprocess.run(
        [sys.executable, "-m", "audit", *args], input=stdin, capture_output=True, timeout=300
    )
    assert b"Traceback" not in completed.stderr, completed.stderr.decode()
    return completed


@functools.cache
def help_of(*command: str) -> str:
    """What ``pinyin-audit [COMMAND] --help`` prints, exiting 0: asked once, as several tests read the same help."""
    completed = run(*command, "--help")
    assert completed.returncode == 0, err(completed)
    return out(completed)


def out(completed: subprocess.CompletedProcess) -> str:
    return completed.stdout.decode("utf-8")


def err(completed: subprocess.CompletedProcess) -> str:
    return completed.stderr.decode("utf-8")


def test_findings_fail_the_run_with_one_line_each():
    completed = run("check", str(SEED))
    assert completed.returncode == 1
    lines = out(completed).splitlines()
    assert f"{SEED}:54:75: error: S103 span-cuts-word: the span 和小红 cuts the word 小红书" in lines[9]
    assert lines[9].endswith("(gloss 小红书 as a whole: 小红书(xiǎo hóng shū))")
    assert "161 glosses, 10 errors" in out(completed)


def test_check_is_the_default_command():
    assert run(str(SEED)).returncode == 1


def test_exit_zero_and_fail_on_thresholds():
    assert run("check", "--exit-zero", str(SEED)).returncode == 0
    clean = "汉字(hàn zì)，学习(xué xi)\n"  # only a T403 warning
    assert run("check", "-", stdin=clean.encode()).returncode == 0
    assert run("check", "--fail-on", "warning", "-", stdin=clean.encode()).returncode == 1


def test_select_and_ignore_by_prefix():
    selected = out(run("check", "--select", "S1", str(SEED)))
    assert {line.split()[2] for line in selected.splitlines() if ": " in line and line.count(":") >= 3} == {"S102", "S103"}
    ignored = run("check", "--ignore", "A,S,C", str(SEED))
    assert ignored.returncode == 0
    longest_prefix = out(run("check", "--select", "S1", "--ignore", "S103", str(SEED)))
    assert "S102" in longest_prefix and "S103" not in longest_prefix


def test_json_output_is_the_documented_contract():
    document = json.loads(out(run("check", "--format", "json", str(SEED))))
    assert document["tool"]["name"] == "pinyin-audit" and document["tool"]["version"]
    (seed,) = document["documents"]
    assert (seed["path"], seed["glosses"], seed["syllables"]) == (str(SEED), 161, 268)
    finding = seed["findings"][-1]
    assert list(document) == ["tool", "documents", "summary"]  # in the README's order, which scripts may read by
    assert list(seed) == ["path", "glosses", "syllables", "findings"]
    assert list(finding) == ["code", "name", "family", "severity", "line", "column", "end_line", "end_column",
                             "span", "gloss", "message", "suggestion", "fix"]
    assert [list(finding["fix"]), list(finding["fix"]["edits"][0])] == [
        ["title", "applicability", "edits"], ["line", "column", "end_line", "end_column", "replacement"]]
    assert list(document["summary"]) == ["documents", "glosses", "syllables", "errors", "warnings", "infos", "findings"]
    assert (finding["code"], finding["line"], finding["column"], finding["end_column"]) == ("S103", 54, 75, 89)
    # 和小红(hé xiǎo hóng)书 becomes 和(hé)小红书(xiǎo hóng shū): one edit from 和 to 书, on the finding's line
    assert finding["fix"] == {"title": "gloss 小红书 as a whole", "applicability": "safe", "edits": [
        {"line": 54, "column": 72, "end_line": 54, "end_column": 90, "replacement": "和(hé)小红书(xiǎo hóng shū)"},
    ]}
    assert (finding["span"], finding["gloss"], finding["severity"]) == ("和小红", "(hé xiǎo hóng)", "error")
    assert document["summary"]["errors"] == 10


def test_columns_count_code_points_past_emoji():
    completed = run("check", "-", stdin="小红书📖(xiǎo hóng shū)\n".encode())
    assert out(completed).startswith("<stdin>:1:5: error: A201")


def test_rules_and_explain():
    listing = out(run("rules"))
    assert listing.splitlines()[0].startswith("A201")
    explained = run("explain", "t402")
    assert explained.returncode == 0
    assert "Wrong: 你好(ní hǎo)" in out(explained) and "Right: 你好(nǐ hǎo)" in out(explained)
    unknown = run("explain", "Z999")
    assert unknown.returncode == 2 and "no rule" in err(unknown)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
        ("汉字(hàn zì)".encode() + b"\xff\xfe abc", "not valid utf-8 at byte offset 16 (line 1)"),
    ],
    ids=["binary", "invalid-utf8"],
)
def test_bad_input_is_one_clear_line_and_exit_2(tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    completed = run("check", str(bad))
    assert completed.returncode == 2
    assert err(completed).startswith(f"{bad}: error: {message}")
    assert len(err(completed).strip().splitlines()) == 1


def test_an_unreadable_file_does_not_stop_the_others(tmp_path):
    completed = run("check", str(tmp_path / "missing.txt"), str(SEED))
    assert completed.returncode == 2
    assert "missing.txt: error: no such file or directory" in err(completed)
    assert "161 glosses" in out(completed)


def test_usage_errors_exit_2():
    assert run("check", "--select", "Q9", str(SEED)).returncode == 2
    assert run("check", "--profile", "nonsense", str(SEED)).returncode == 2
    assert run("check").returncode == 2


def test_other_encodings_on_request(tmp_path):
    gbk = tmp_path / "gb.txt"
    gbk.write_bytes("银行(yín xíng)\n".encode("gb18030"))
    assert "not valid utf-8" in err(run("check", str(gbk)))
    decoded = run("check", "--encoding", "gb18030", str(gbk))
    assert decoded.returncode == 1 and "R302" in out(decoded)


def test_unbalanced_brackets_are_audited_not_crashed(tmp_path):
    text = "汉字(hàn zì 是（ 好的）) 书(shū))\n"
    completed = run("check", "-", stdin=text.encode())
    assert completed.returncode == 1
    assert "F505" in out(completed)


def test_the_input_is_never_modified():
    before = SEED.read_bytes(), SEED.stat().st_mtime_ns
    run("check", str(SEED))
    assert (SEED.read_bytes(), SEED.stat().st_mtime_ns) == before


def test_a_50_megabyte_single_line_is_audited(tmp_path):
    chunk = "这是一段很长的文字，其中小红书📖(xiǎo hóng shū)出现了。" + "没有注音的普通中文内容" * 80
    repeats = 50_000_000 // len(chunk.encode("utf-8")) + 1
    big = tmp_path / "big.txt"
    big.write_text(chunk * repeats, encoding="utf-8")
    completed = run("check", "--select", "A201", "--format", "json", str(big))
    assert completed.returncode == 1
    (document,) = json.loads(out(completed))["documents"]
    assert len(document["findings"]) == repeats
    assert {f["line"] for f in document["findings"]} == {1}
    assert document["findings"][-1]["column"] == (repeats - 1) * len(chunk) + chunk.index("(") + 1


def test_the_check_command_never_loads_pandas_or_matplotlib():
    probe = "import sys, audit.cli; audit.cli.main(['rules']); print(sorted(m for m in sys.modules if m.split('.')[0] in ('pandas', 'matplotlib')))"
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert completed.stdout.strip().splitlines()[-1] == "[]"


def test_paths_that_hold_no_documents_are_a_usage_error(tmp_path):
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    completed = run("check", str(tmp_path))
    assert completed.returncode == 2
    assert err(completed).strip() == (f"pinyin-audit: error: no documents to audit in {tmp_path} (from a directory, "
                                      "only the files --include names: *.txt *.srt *.vtt *.md *.markdown *.html *.htm)")


def test_paths_that_hold_no_documents_but_those_excluded_say_what_was_excluded(tmp_path):
    """The files were there and named by --include: it is --exclude that left nothing, and the message says so."""
    (tmp_path / "lesson.txt").write_text("你好(nǐ hǎo)\n", encoding="utf-8")
    completed = run("check", str(tmp_path), "--exclude", "*.txt", "--exclude", "drafts/")
    assert completed.returncode == 2
    assert err(completed).strip() == (f"pinyin-audit: error: no documents to audit in {tmp_path} (from a directory, "
                                      "only the files --include names: *.txt *.srt *.vtt *.md *.markdown *.html *.htm, "
                                      "less those --exclude skips: *.txt drafts/)")


def test_a_document_written_with_spaces_before_its_glosses_is_judged_as_one_written_without(tmp_path):
    # The space before a gloss, and between the glossed words of such a document, is the notation's: the words
    # read through it (银 (yín)行 is 银行, 长 (cháng)大 is 长大), the span rules see the neighbours across it, and
    # the suggestions keep it.
    spaced = tmp_path / "spaced.txt"
    spaced.write_text("我们 (wǒ men) 去银 (yín)行 (xíng)取钱。孩子 (hái zi) 长 (cháng)大 (dà)了 (le)。\n"
                      "小红书 (xiǎo hóng shū) 很好 (hěn hǎo)，和小红 (hé xiǎo hóng)书。\n", encoding="utf-8")
    completed = run("check", "--format", "json", str(spaced))
    found = {(finding["code"], finding["severity"], finding["suggestion"])
             for document in json.loads(completed.stdout)["documents"] for finding in document["findings"]}
    assert ("R302", "error", "行 (háng)") in found
    assert ("R302", "error", "长 (zhǎng)") in found
    assert ("S103", "error", "gloss 小红书 as a whole: 小红书 (xiǎo hóng shū)") in found
