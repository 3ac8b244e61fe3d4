"""Hostile and special inputs through the real command: one bad document never stops the run,
output never lands on input, reads are bounded, and every failure is one line with exit 2.

Special files (pipes, devices, deep trees, names that are not UTF-8) are made by the
fixtures below; the pipe and device cases need POSIX.
"""

from __future__ import annotations

import errno
import json
import os
import pathlib
import stat
import subprocess
import sys
import tempfile

import pytest

from audit import inputs

POSIX = pytest.mark.skipif(os.name != "posix", reason="pipes and devices are POSIX files")
WRONG = "银行(yín xíng)\n"  # one R302 error
ONE_LINE_ERROR = "pinyin-audit: error: "


def run(cwd: pathlib.Path, *args: str, **options) -> subprocess.CompletedProcess:
    """The command in its own process, for what needs real standard streams."""
    if "stdout" not in options and "stderr" not in options:
        options["capture_output"] = True
    completed = subprocess.run([sys.executable, "-m", "audit", *args], cwd=cwd, timeout=120, **options)
    assert b"Traceback" not in completed.stderr, completed.stderr.decode(errors="replace")
    return completed


def one_line(err: str) -> str:
    assert "Traceback" not in err
    (line,) = err.splitlines()
    return line


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: pathlib.Path | str, text: str = WRONG) -> pathlib.Path:
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------
# 1-4: what used to crash the run


RARE_HAN = {
    "ext-c": "\U0002A700", "ext-d": "\U0002B740", "ext-e": "\U0002B820", "ext-f": "\U0002CEB0",
    "ext-g": "\U00030000", "ext-i": "\U0002EBF0", "compat-f900": "\uF900", "compat-f92c": "\uF92C",
    "compat-2f800": "\U0002F800",
}


def test_characters_no_table_knows_are_audited_with_the_others(here, cli):
    for name, char in RARE_HAN.items():
        write(f"{name}.txt", f"{char}(hàn)，银行(yín háng)\n")
    code, out, err = cli("check", ".", "--format", "json")
    documents = json.loads(out)["documents"]
    assert len(documents) == len(RARE_HAN) and err == ""
    assert all(document["glosses"] == 2 for document in documents)
    # A compatibility ideograph reads as the unified one it stands for: 豈 (U+F900) is qǐ, not hàn.
    (compat,) = [d for d in documents if d["path"] == "compat-f900.txt"]
    assert [f["code"] for f in compat["findings"]] == ["R301"] and "qǐ" in compat["findings"][0]["suggestion"]


def test_superscript_and_circled_digits_in_a_label_file_are_findings(here, cli):
    write("labels.txt", "000001\t卡尔普#2陪外孙\n\tka2 er² pu3 pei2 wai4 sun①\n")
    code, out, err = cli("check", "--input-format", "biaobei", "labels.txt")
    assert code == 1 and err == ""
    assert "er²" in out and "internal error" not in out


@pytest.fixture
def latin1_name(here) -> str:
    """A file whose name is not valid UTF-8 (byte 0xE9), as Python sees it."""
    name = os.fsdecode(b"latin1-\xe9.txt")
    write(here / name)
    return name


@POSIX
def test_names_that_are_not_utf8_are_escaped_in_every_output(here, latin1_name, cli):
    shown = "latin1-\\xe9.txt"
    for output_format in ("json", "sarif", "github", "junit", "text"):
        code, out, err = cli("check", latin1_name, "--format", output_format, "-o", f"out.{output_format}")
        assert code == 1 and err == "", output_format
        written = pathlib.Path(f"out.{output_format}").read_text(encoding="utf-8")
        # as is, in a JSON string, or as the file's own bytes in a SARIF URI (an absolute one)
        assert any(form in written for form in (shown, "latin1-\\\\xe9.txt", '/latin1-%E9.txt"')), output_format
    assert cli("check", latin1_name, "--write-baseline", "b.json")[0] == 0
    assert json.loads(pathlib.Path("b.json").read_text(encoding="utf-8"))["findings"][0]["path"] == shown
    assert cli("report", latin1_name, "-o", "site")[0] == 0
    assert shown in pathlib.Path("site/documents.csv").read_text(encoding="utf-8")
    # Standard output takes bytes as they come: JSON written there must still be valid UTF-8.
    completed = run(here, "check", latin1_name, "--format", "json")
    assert json.loads(completed.stdout.decode("utf-8"))["documents"][0]["path"] == shown


def simulate_a_bug(module, monkeypatch, where, error=RuntimeError("simulated bug"), name="audit_input") -> None:
    """``module``'s function ``name`` (``audit_input``) raises ``error`` for the inputs ``where(item)`` picks, as
    a bug would."""
    audit = getattr(module, name)

    def fails_there(item, config):
        if where(item):
            raise error
        return audit(item, config)

    monkeypatch.setattr(module, name, fails_there)


def test_an_unexpected_error_stays_with_its_document(here, cli, monkeypatch, capsys):
    from audit import engine

    write("a.txt")
    write("boom.txt")
    write("c.txt")
    simulate_a_bug(engine, monkeypatch, lambda item: item.document.path == "boom.txt")
    code, out, err = cli("check", "a.txt", "boom.txt", "c.txt")
    assert code == 2
    assert "a.txt: 1 gloss" in out and "c.txt: 1 gloss" in out
    assert one_line(err) == ("boom.txt: error: internal error: RuntimeError: simulated bug "
                             "(run with --debug for the trace)")
    code, out, err = cli("check", "--debug", "boom.txt")
    assert code == 2 and "Traceback" in err
    assert err.splitlines()[-1].endswith("simulated bug (please report it with the trace above)")


def test_a_document_too_large_for_memory_says_so_and_what_to_do(here, cli, monkeypatch):
    """Not "internal error: MemoryError: " (a 47 MB line of glosses under the default 64 MB limit did that)."""
    from audit import engine

    write("a.txt")
    write("huge.txt")
    simulate_a_bug(engine, monkeypatch, lambda item: item.document.path == "huge.txt", MemoryError())
    code, out, err = cli("check", "a.txt", "huge.txt")
    assert code == 2 and "a.txt: 1 gloss" in out
    assert one_line(err) == ("huge.txt: error: out of memory: too large to audit in the memory there is "
                             "(lower max-file-size, or split it)")


def test_a_document_the_memory_there_is_cannot_hold_is_reported_before_it_is_audited(here, cli, monkeypatch):
    """The system kills a process that outgrows its memory without a word: the estimate says so first."""
    from audit import memory

    write("a.txt")
    write("huge.txt", "银行(yín háng)" * 1000)  # 12 k characters, 1 k glosses: about 0.7 MB by the estimate
    monkeypatch.setattr(memory, "_ASKED_FROM", 500_000)  # a.txt is well below: its memory is never asked
    monkeypatch.setattr(memory, "available_bytes", lambda: 300_000_000)
    code, out, err = cli("check", "a.txt", "huge.txt")
    assert code == 2 and "a.txt: 1 gloss" in out
    assert one_line(err) == ("huge.txt: error: too large to audit in the memory there is: about 0.4 GB needed, "
                             "0.3 GB available (split it into smaller files)")
    monkeypatch.setattr(memory, "available_bytes", lambda: 500_000_000)
    code, out, err = cli("check", "huge.txt")
    assert code == 0 and "huge.txt: 1000 glosses" in out and not err  # it fits: audited


def test_a_long_stretch_without_a_sentence_end_is_weighed_as_judged_whole():
    """A section is cut only where a sentence ends: a line of 300,000 glosses without a stop, each an R302 error, held
    every gloss's judging to its end and peaked at 1.5 GB, where the estimate said 0.6 GB."""
    from audit import memory

    one_line = "银行(yín xíng)" * 10_000
    sentences = one_line.replace(")", ")。")
    assert memory.uncut_glosses(one_line) == 10_000
    assert memory.uncut_glosses(sentences) == 0 and memory.uncut_glosses("银行(yín xíng)" * 100) == 0
    assert memory.uncut_glosses(sentences + "\n" + one_line[:120_000] + "。" + one_line) == 10_000  # the longest
    assert memory.estimated_bytes(one_line) - memory.estimated_bytes(sentences) > 1_000 * 10_000
    assert len(one_line) * memory._MOST_BYTES_PER_CHARACTER >= memory.estimated_bytes(one_line, mapped=True)


def test_subtitles_with_tags_are_weighed_with_the_offset_kept_for_each_character(here, cli, monkeypatch):
    """The estimate weighed them as plain text, though their reading keeps each character's offset in the file."""
    from audit import memory

    cues = "1\n00:00:01,000 --> 00:00:02,000\n银行(yín háng)\n\n" * 1000
    write("plain.srt", cues)
    write("tagged.srt", cues.replace("银行", "<i>银行</i>"))  # the same text audited, the tags left out
    monkeypatch.setattr(memory, "_ASKED_FROM", 0)
    monkeypatch.setattr(memory, "_TABLES", 0)
    monkeypatch.setattr(memory, "available_bytes", lambda: memory.estimated_bytes(cues))  # plain text fits, just
    code, out, err = cli("check", "plain.srt")
    assert code == 0 and "plain.srt: 1000 glosses" in out and not err
    code, _, err = cli("check", "tagged.srt")
    assert code == 2 and "tagged.srt: error: too large to audit in the memory there is" in err


def test_fix_weighs_a_file_as_its_reader_reads_it(here, cli, monkeypatch):
    """--fix weighed the file's text before it knew the reader, so the offsets a reader keeps went uncounted: a
    file check refuses was fixed, where the system could kill the process that fixed it."""
    from audit import memory

    cues = "1\n00:00:01,000 --> 00:00:02,000\n银行(yín háng)，一个(yí gè)一场(yī chǎng)一倍(yī bèi)\n\n" * 300
    tagged = cues.replace("银行", "<i>银行</i>")
    write("plain.srt", cues)
    write("tagged.srt", tagged)
    monkeypatch.setattr(memory, "_ASKED_FROM", 0)
    monkeypatch.setattr(memory, "_TABLES", 0)
    monkeypatch.setattr(memory, "available_bytes", lambda: memory.estimated_bytes(tagged))  # the file as plain text fits
    code, _, err = cli("check", "--fix", "plain.srt")
    assert code == 0 and "fixed 300 findings in 1 file" in err
    code, _, err = cli("check", "--fix", "tagged.srt")
    assert code == 2 and "tagged.srt: error: too large to audit in the memory there is" in err
    assert open("tagged.srt", encoding="utf-8").read() == tagged


def test_a_dataset_row_the_memory_there_is_cannot_hold_is_reported_before_it_is_audited(here, cli, monkeypatch):
    """A row is a document: a whole corpus in one cell would be killed by the system as a document would."""
    from audit import memory

    write("data.jsonl", json.dumps({"text": "银行(yín háng)"}) + "\n" + json.dumps({"text": "银行(yín háng)" * 1000}) + "\n")
    monkeypatch.setattr(memory, "_ASKED_FROM", 500_000)
    monkeypatch.setattr(memory, "available_bytes", lambda: 300_000_000)
    code, out, err = cli("check", "data.jsonl", "--column", "text")
    assert code == 2 and "2 documents, 1 gloss (1 unreadable)" in out
    assert one_line(err) == ("data.jsonl[row 2, text]: error: too large to audit in the memory there is: about 0.4 GB "
                             "needed, 0.3 GB available (split it into smaller files)")


def test_a_document_the_memory_there_is_cannot_hold_is_not_fixed(here, cli, monkeypatch):
    from audit import memory

    huge = write("huge.txt", "你好(ní hǎo)" * 1000)
    monkeypatch.setattr(memory, "_ASKED_FROM", 500_000)
    monkeypatch.setattr(memory, "available_bytes", lambda: 300_000_000)
    code, out, err = cli("check", "--fix", "huge.txt")
    assert code == 2 and "huge.txt: error: too large to audit in the memory there is" in err
    assert huge.read_text(encoding="utf-8") == "你好(ní hǎo)" * 1000


def test_an_unexpected_error_under_fix_stays_with_its_document(here, cli, monkeypatch):
    from audit import fixer

    for name in ("a.txt", "boom.txt", "c.txt"):
        write(name, "你好(ní hǎo)\n")
    simulate_a_bug(fixer, monkeypatch, lambda item: item.document.path == "boom.txt", name="audit_every_rule")
    code, out, err = cli("check", "--fix", "a.txt", "boom.txt", "c.txt")
    assert code == 2 and "a.txt: 1 gloss" in out and "c.txt: 1 gloss" in out
    assert "boom.txt: error: internal error: RuntimeError: simulated bug" in err
    assert [pathlib.Path(name).read_text(encoding="utf-8") for name in ("a.txt", "boom.txt", "c.txt")] == [
        "你好(nǐ hǎo)\n", "你好(ní hǎo)\n", "你好(nǐ hǎo)\n"]


def test_a_reader_failing_under_fix_stays_with_its_document(here, cli, monkeypatch):
    """A file large enough to be weighed was read to be weighed outside the guard: a reader's bug there stopped the
    whole run rather than being that file's error.  Every file is now read once, inside it."""
    from audit import fixer

    for name in ("a.txt", "boom.txt"):
        write(name, "你好(ní hǎo)\n")
    read = fixer.prepare

    def fails_on_boom(text, path, input_format="auto"):
        if path == "boom.txt":
            raise RuntimeError("simulated bug")
        return read(text, path, input_format)

    monkeypatch.setattr(fixer, "prepare", fails_on_boom)
    code, out, err = cli("check", "--fix", "a.txt", "boom.txt")
    assert code == 2 and "a.txt: 1 gloss" in out
    assert "boom.txt: error: internal error: RuntimeError: simulated bug" in err
    assert pathlib.Path("a.txt").read_text(encoding="utf-8") == "你好(nǐ hǎo)\n"


def test_an_unexpected_error_stays_with_its_dataset_row(here, cli, monkeypatch):
    from audit import engine

    write("rows.tsv", "id\ttext\n1\t银行(yín xíng)\n2\tboom\n3\t银行(yín xíng)\n")
    simulate_a_bug(engine, monkeypatch, lambda item: item.document.text.startswith("boom"))
    code, out, err = cli("check", "rows.tsv", "--column", "text", "--format", "json")
    assert code == 2
    documents = json.loads(out)["documents"]
    assert [len(d["findings"]) for d in documents] == [1, 0, 1]
    assert "internal error: RuntimeError: simulated bug" in one_line(err)


# --------------------------------------------------------------------------
# 5: output never lands on input


def test_an_output_that_is_an_input_is_refused_before_anything_is_written(here, cli):
    victim = write("victim.txt")
    for option in ("--output-file", "--write-baseline"):
        code, out, err = cli("check", "victim.txt", option, "victim.txt")
        assert code == 2 and "is an input" in one_line(err)
        assert victim.read_text(encoding="utf-8") == WRONG


def test_a_report_into_or_around_its_inputs_is_refused(here, cli):
    write("in/index.html", "<p>银行(yín xíng)</p>\n")
    for target, reason in (("in", "is an input"), ("in/sub", "inside the input directory"),
                           (".", "contains the input")):
        code, _, err = cli("report", "in", "-o", target)
        assert code == 2 and reason in one_line(err), target
    assert os.listdir("in") == ["index.html"]


def test_an_empty_output_path_is_refused(here, cli):
    write("a.txt")
    assert "path is empty" in one_line(cli("report", "a.txt", "-o", "")[2])
    assert "path is empty" in one_line(cli("check", "a.txt", "-o", "")[2])


def test_a_report_replaces_only_what_it_wrote(here, cli):
    write("a.txt")
    write("b.txt")
    assert cli("report", "a.txt", "b.txt", "-o", "site")[0] == 0
    pages = {name for name in os.listdir("site") if name.endswith(".html")}
    assert cli("report", "a.txt", "-o", "site")[0] == 0  # its own directory: replaced whole
    assert len({name for name in os.listdir("site") if name.endswith(".html")}) == len(pages) - 1
    write("mine/notes.txt", "my notes\n")
    code, _, err = cli("report", "a.txt", "-o", "mine")
    assert code == 2 and "--force" in one_line(err)
    assert os.listdir("mine") == ["notes.txt"]
    assert cli("report", "a.txt", "-o", "mine", "--force")[0] == 0
    assert "notes.txt" in os.listdir("mine") and "index.html" in os.listdir("mine")
    assert not [name for name in os.listdir(".") if name.startswith(".pinyin-audit")]  # no temporary left


@pytest.mark.parametrize("pointed_at", ["reports/site", "reports/not-yet"])
def test_a_report_directory_named_by_a_link_is_written_through_it_and_the_link_kept(here, cli, pointed_at):
    """The link was replaced by a directory of its own, and the directory it named kept yesterday's report,
    as --fix writes through a link to a file (and --output-file does)."""
    write("a.txt")
    write("b.txt")
    os.makedirs("reports", exist_ok=True)
    if pointed_at == "reports/site":
        assert cli("report", "a.txt", "-o", pointed_at)[0] == 0
    os.symlink(pointed_at, "site")
    assert cli("report", "b.txt", "-o", "site")[0] == 0
    assert os.path.islink("site") and os.readlink("site") == pointed_at
    assert "b.txt" in (here / pointed_at / "index.html").read_text(encoding="utf-8")
    assert "a.txt" not in (here / pointed_at / "documents.csv").read_text(encoding="utf-8")
    assert not [name for directory in (".", "reports") for name in os.listdir(directory)
                if name.startswith(".pinyin-audit")]  # no temporary left


def test_a_failed_output_file_leaves_the_old_one(here, cli, monkeypatch):
    write("a.txt")
    old = write("out.json", "yesterday\n")
    from audit.formats.json_report import JsonFormatter

    def fails(self, summary):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(JsonFormatter, "finish", fails)
    code, _, err = cli("check", "a.txt", "--format", "json", "-o", "out.json")
    assert code == 2 and "No space left" in one_line(err)
    assert old.read_text(encoding="utf-8") == "yesterday\n"
    assert sorted(os.listdir(".")) == ["a.txt", "out.json"]  # no temporary file left


@POSIX
def test_a_report_directory_is_as_readable_as_the_files_in_it(here, cli):
    """Whoever may read the pages (a web server, the team) may open the directory they are in."""
    write("a.txt")
    umask = os.umask(0o022)
    try:
        assert cli("report", "a.txt", "-o", "site")[0] == 0
        assert cli("report", "a.txt", "-o", "site")[0] == 0  # a report replaced takes the same mode
    finally:
        os.umask(umask)
    assert stat.S_IMODE(os.stat("site").st_mode) == 0o755
    assert stat.S_IMODE(os.stat("site/index.html").st_mode) == 0o644


def test_a_report_that_cannot_be_written_is_named_and_the_old_one_kept(here, cli, monkeypatch):
    write("a.txt")
    assert cli("report", "a.txt", "-o", "site")[0] == 0
    before = sorted(os.listdir("site"))
    import reports

    def fails(self, result):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(reports.SiteWriter, "add", fails)
    code, out, err = cli("report", "a.txt", "-o", "site")
    assert (code, out) == (2, "")
    assert err == "pinyin-audit: error: cannot write the report site: No space left on device\n"
    assert sorted(os.listdir("site")) == before
    assert sorted(os.listdir(".")) == ["a.txt", "site"]  # no temporary directory left


# --------------------------------------------------------------------------
# 6: errors are one line and exit 2


@pytest.mark.parametrize("target, reason", [
    ("notes.txt", "not a directory"),
    ("notes.txt/sub", "is a file"),
    ("/dev/null", "not a directory"),
    ("/proc/self", "did not write"),
])
def test_report_onto_what_is_no_report_directory(here, cli, target, reason):
    if target.startswith("/") and not os.path.exists(target):
        pytest.skip(f"no {target} here")
    write("a.txt")
    write("notes.txt", "notes\n")
    code, _, err = cli("report", "a.txt", "-o", target)
    assert code == 2 and reason in one_line(err)
    assert pathlib.Path("notes.txt").read_text(encoding="utf-8") == "notes\n"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_directory(here, cli):
    write("a.txt")
    os.mkdir("locked", 0o500)
    assert cli("report", "a.txt", "-o", "locked/site")[0] == 2
    assert cli("check", "a.txt", "-o", "locked/out.txt")[0] == 2


def test_a_standard_output_that_cannot_write_chinese_gets_escapes_in_text_and_utf8_in_the_formats(here):
    """LC_ALL=C without UTF-8 mode, PYTHONIOENCODING=ascii, a Windows console's code page: text output shows what
    it cannot encode as escapes, as standard error does; JSON, SARIF, JUnit and GitHub's commands are UTF-8."""
    write("a.txt")
    ascii_output = {**os.environ, "PYTHONIOENCODING": "ascii"}
    text = run(here, "check", "a.txt", env=ascii_output)
    assert (text.returncode, text.stderr) == (1, b"")
    assert text.stdout.decode("ascii").startswith("a.txt:1:3: error: R302 wrong-reading-in-context: \\u884c(x\\xedng)")
    as_json = run(here, "check", "a.txt", "--format", "json", env=ascii_output)
    assert (as_json.returncode, as_json.stderr) == (1, b"")
    (finding,) = json.loads(as_json.stdout.decode("utf-8"))["documents"][0]["findings"]
    assert finding["message"].startswith("行(xíng): 行 reads háng here")
    explained = run(here, "explain", "C601", env=ascii_output)
    assert explained.returncode == 0 and b"\\u4e00" in explained.stdout


@pytest.mark.parametrize("encoding", [{"PYTHONIOENCODING": "ascii"},
                                      {"LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"}],
                         ids=["PYTHONIOENCODING=ascii", "LC_ALL=C"])
def test_a_diff_is_utf8_whatever_standard_output_writes_so_that_it_applies(here, encoding):
    """A diff is a file format, like JSON: escapes in place of Chinese would be lines that patch cannot find."""
    write("a.txt")
    completed = run(here, "check", "--diff", "--unsafe-fixes", "a.txt", env={**os.environ, **encoding})
    assert completed.returncode == 1
    assert completed.stdout.decode("utf-8") == "--- a.txt\n+++ a.txt\n@@ -1 +1 @@\n-银行(yín xíng)\n+银行(yín háng)\n"


@POSIX
def test_closed_and_full_standard_streams(here):
    write("a.txt")
    closed_out = run(here, "check", "a.txt", stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                     preexec_fn=lambda: os.close(1))
    assert closed_out.returncode == 2 and b"standard output is closed" in closed_out.stderr
    closed_in = run(here, "check", "-", stdin=subprocess.DEVNULL, preexec_fn=lambda: os.close(0))
    assert closed_in.returncode == 2 and b"standard input is closed" in closed_in.stderr
    if os.path.exists("/dev/full"):
        with open("/dev/full", "w") as full:
            completed = run(here, "check", "a.txt", stdout=full, stderr=subprocess.PIPE)
        assert completed.returncode == 2 and completed.stderr.decode().count("\n") == 1
        assert b"No space left" in completed.stderr


@POSIX
def test_standard_input_that_is_a_directory_is_no_pass(here):
    """``check - < docs``: whatever stops the run (Python itself, as README says, checks its standard streams
    before any of the tool's code runs), it fails, and writes no report that would read as an audit."""
    directory = os.open(here, os.O_RDONLY)
    try:
        completed = run(here, "check", "-", stdin=directory)
    finally:
        os.close(directory)
    assert completed.returncode != 0 and completed.stdout == b"" and completed.stderr


@POSIX
def test_output_file_on_a_full_device(here, cli):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    write("a.txt")
    code, _, err = cli("check", "a.txt", "-o", "/dev/full")
    assert code == 2 and "No space left" in one_line(err)
    assert cli("check", "a.txt", "-o", os.devnull)[0] == 1  # a device is written, never replaced
    assert pathlib.Path(os.devnull).is_char_device()


def test_a_config_nested_too_deeply(here, cli):
    write("a.txt")
    write("deep.toml", "select = " + "[" * 5000 + "]" * 5000 + "\n")
    code, _, err = cli("check", "a.txt", "--config", "deep.toml")
    assert code == 2 and "nested too deeply" in one_line(err)


@pytest.mark.parametrize("content, reason", [
    ('{"tool": "pinyin-audit", "version": 1, "findings": ' + "[" * 100_000 + "]" * 100_000 + "}", "not valid JSON"),
    ('{"tool": "pinyin-audit", "version": 1, "findings": [{"path": "a.txt", "code": "R302", "span": "", '
     '"gloss": "", "fingerprint": "x", "count": Infinity}]}', "Infinity"),
    ('{"tool": "another-linter", "version": 1, "findings": []}', "not a pinyin-audit baseline"),
    ('{"tool": "pinyin-audit", "version": 7, "findings": []}', "written by a newer pinyin-audit (baseline format version 7"),
])
def test_baselines_that_cannot_be_trusted_are_refused(here, cli, content, reason):
    write("a.txt")
    write("baseline.json", content)
    code, _, err = cli("check", "a.txt", "--baseline", "baseline.json")
    assert code == 2 and reason in one_line(err)


def test_a_report_of_nothing_exits_2_and_writes_nothing(here, cli):
    os.mkdir("empty")
    code, _, err = cli("report", "empty", "-o", "site")
    assert code == 2 and "no documents to audit" in one_line(err)
    assert not os.path.exists("site")


def test_a_directory_that_cannot_be_listed_is_reported(here, cli, monkeypatch):
    write("tree/a.txt")
    write("tree/locked/b.txt")
    scandir = os.scandir

    def refuses_locked(path):
        if os.path.basename(path) == "locked":
            raise PermissionError(13, "Permission denied", path)
        return scandir(path)

    monkeypatch.setattr(inputs.os, "scandir", refuses_locked)
    code, out, err = cli("check", "tree")
    assert code == 2 and "tree/a.txt: 1 gloss" in out
    assert one_line(err) == "tree/locked: error: cannot list directory: Permission denied"


def test_links_to_directories_are_not_followed_so_loops_end(here, cli):
    write("tree/a.txt")
    os.symlink("..", "tree/up")
    os.symlink(".", "tree/self")
    code, out, err = cli("check", "tree")
    assert code == 1 and err == "" and "1 document, 1 gloss" in out


@POSIX
def test_a_loop_of_links_to_files_in_a_walked_directory_is_one_unreadable_file(here, cli):
    """A link whose target is a link back to it cannot be told a file or a directory: it is named, not
    taken for an output that cannot be written with the run's every other file unaudited."""
    write("tree/a.txt")
    os.symlink("b.txt", "tree/c.txt")
    os.symlink("c.txt", "tree/b.txt")
    os.symlink("loop", "tree/loop")  # no extension: not taken from the directory, so not named either
    code, out, err = cli("check", "tree")
    assert code == 2, err
    loop = os.strerror(errno.ELOOP)  # "Too many levels of symbolic links"
    assert err.splitlines() == [f"{os.path.join('tree', name)}: error: cannot read: {loop}" for name in ("b.txt", "c.txt")]
    assert "3 documents, 1 gloss (2 unreadable)" in out


def test_a_tree_1100_levels_deep(cli, monkeypatch):
    # Outside pytest's own temporary directories, whose clean-up (shutil.rmtree) recurses
    # as deep as the tree: this one is removed bottom up below, whatever happens.
    # Built and removed one level at a time, by relative names, in memory where there is
    # a file system there (a disk's takes seconds to remove 1,100 directories).
    in_memory = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    root = tempfile.mkdtemp(prefix="pinyin-audit-deep-", dir=in_memory)
    monkeypatch.chdir(root)
    for _ in range(1100):
        os.mkdir("d")
        os.chdir("d")
    write("a.txt")
    os.chdir(root)
    try:
        code, out, err = cli("check", "d")
        assert code == 1 and err == "" and "1 document, 1 gloss" in out
    finally:
        os.chdir(os.path.join(root, *["d"] * 1100))
        os.unlink("a.txt")
        for _ in range(1100):
            os.chdir("..")
            os.rmdir("d")
        os.chdir("..")
        os.rmdir(root)


# --------------------------------------------------------------------------
# 7-8: only regular files are read, and only so much of them


@pytest.fixture
def special_files(here):
    """A pipe as an argument and inside a tree, and links to endless devices in a tree."""
    write("tree/a.txt")
    os.mkfifo("pipe.txt")
    os.mkfifo("pipe.tsv")  # a dataset is read a row at a time, but a pipe would still block
    os.mkfifo("tree/pipe.txt")
    os.symlink("/dev/zero", "tree/zero.txt")
    os.symlink("/dev/urandom", "tree/urandom.txt")
    return here


@POSIX
def test_pipes_and_devices_are_skipped_with_a_message(special_files):
    completed = run(special_files, "check", "pipe.txt", "tree", "/dev/zero")
    assert completed.returncode == 2
    assert "tree/a.txt: 1 gloss" in completed.stdout.decode()
    assert sorted(completed.stderr.decode().splitlines()) == [
        "/dev/zero: error: not a regular file (a device)",
        "pipe.txt: error: not a regular file (a named pipe)",
        "tree/pipe.txt: error: not a regular file (a named pipe)",
        "tree/urandom.txt: error: not a regular file (a device)",
        "tree/zero.txt: error: not a regular file (a device)",
    ]


@POSIX
def test_lexicon_and_config_must_be_regular_files(special_files):
    lexicon = run(special_files, "check", "tree/a.txt", "--lexicon", "pipe.txt")
    assert lexicon.returncode == 2 and "not a regular file (a named pipe)" in one_line(lexicon.stderr.decode())
    config = run(special_files, "check", "tree/a.txt", "--config", "/dev/zero")
    assert config.returncode == 2 and "not a regular file (a device)" in one_line(config.stderr.decode())
    dataset = run(special_files, "check", "pipe.tsv", "--column", "text")
    assert dataset.returncode == 2 and one_line(dataset.stderr.decode()) == "pipe.tsv: error: not a regular file (a named pipe)"


def test_inputs_larger_than_the_limit_are_skipped(here, cli):
    write("small.txt")
    write("large.txt", WRONG * 100)
    code, out, err = cli("check", "small.txt", "large.txt", "--max-file-size", "1K")
    assert code == 2 and "small.txt: 1 gloss" in out
    assert one_line(err) == "large.txt: error: larger than the limit of 1 KB (max-file-size)"
    assert "max-file-size" in one_line(cli("check", "small.txt", "--max-file-size", "lots")[2])


def test_standard_input_larger_than_the_limit_is_skipped_as_a_file_is(here):
    """Standard input is read up to the limit, not to its end: from ``yes`` or /dev/zero it never comes."""
    gloss = "好(hǎo)\n"  # 9 bytes; the 1 MB blocks read beyond the first byte of a pipe are crossed
    stdin = (gloss * 300_000).encode("utf-8")
    too_large = run(here, "check", "-", "--max-file-size", "2M", input=stdin)
    assert too_large.returncode == 2 and "1 document, 0 glosses (1 unreadable)" in too_large.stdout.decode()
    assert one_line(too_large.stderr.decode()) == "<stdin>: error: larger than the limit of 2 MB (max-file-size)"
    whole = run(here, "check", "-", "--max-file-size", "3M", input=stdin)
    assert whole.returncode == 0 and whole.stdout.decode().startswith("<stdin>: 300000 glosses, 0 errors")


def test_a_limit_larger_than_any_file_is_no_limit(here, cli):
    write("a.txt")
    code, out, err = cli("check", "a.txt", "--max-file-size", "99999999999999999999G")
    assert (code, err) == (1, "") and "a.txt: 1 gloss, 1 error" in out


# --------------------------------------------------------------------------
# 11: unclosed markup (its time is measured by benchmarks/markup_scaling.py)


@pytest.mark.parametrize("unit, extension", [
    ("<a 银行(yín xíng)", "html"),
    ("<!-- 银行(yín xíng)", "md"),
    ("<script>银行(yín xíng)", "html"),
    ('<a "银行(yín xíng)', "md"),
    ("<ruby>银行<rt>yín háng 银行(yín xíng)", "html"),
])
def test_large_unclosed_markup_is_audited_as_text(here, cli, unit, extension):
    write(f"open.{extension}", unit * 3000)
    code, out, err = cli("check", f"open.{extension}", "--format", "json")
    assert code == 1 and err == ""
    (document,) = json.loads(out)["documents"]
    assert document["glosses"] == 3000 and {f["code"] for f in document["findings"]} == {"R302"}


# --------------------------------------------------------------------------
# 14-15: names cannot inject into CI logs or spreadsheets


@POSIX
def test_a_name_cannot_inject_a_workflow_command(here, cli):
    name = "evil\n::error title=Injected::gotcha.txt"
    write(here / name)
    code, out, err = cli("check", "--format", "github", name)
    assert code == 1
    commands = [line for line in out.splitlines() if line.startswith("::")]
    assert len(commands) == 1 and "Injected" not in commands[0].split("::")[1].split("title=")[-1]
    assert all("\n" not in line for line in out.splitlines())
    assert "evil\\n::error" in out


def test_names_are_no_formulas_in_csv_cells_nor_in_charts(here, cli):
    formulas = ("=HYPERLINK(1).txt", "+1.txt", "-1.txt", "@SUM(1).txt")
    for name in (*formulas, "price $x^$ and $\\frac$.txt"):  # mathtext would fail on these
        write(name)
    code, _, err = cli("report", ".", "-o", "../site")
    assert code == 0 and err == ""
    site = here.parent / "site"
    assert "price $x^$ and $\\frac$.txt" in (site / "index.html").read_text(encoding="utf-8")
    for table in ("documents.csv", "findings.csv"):
        rows = (site / table).read_text(encoding="utf-8").splitlines()[1:]
        cells = {row.split(",")[0] for row in rows}
        assert {"'" + name for name in formulas} <= cells, cells


# --------------------------------------------------------------------------
# 12: a report keeps counts, not documents or findings (its memory is measured by benchmarks/report_memory.py)


def test_a_report_lets_each_document_go_once_its_page_and_findings_are_written(tmp_path):
    import gc
    import weakref

    from audit import audit_text
    from reports import SiteWriter

    site = SiteWriter(tmp_path)
    first = audit_text("银行(yín xíng)\n" * 3, path="a.txt")
    codes, audited = [f.code for f in first.findings], weakref.ref(first)
    site.add(first)
    site.add(audit_text("你好(nǐ hǎo)\n", path="b.txt"))  # the first page's "next" link is known now: it is written
    del first
    gc.collect()
    assert audited() is None  # neither its text nor its findings are held
    assert (site.counts[0]["glosses"], site.counts[0]["findings"]) == (3, len(codes))
    streamed = (tmp_path / "findings.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert [row.split(",")[3] for row in streamed] == codes  # written before the report is finished
    names = {path.name for path in site.finish()}
    assert {"index.html", "findings.csv", "report.json", *site.pages} <= names
    assert "银行" in (tmp_path / site.pages[0]).read_text(encoding="utf-8")
