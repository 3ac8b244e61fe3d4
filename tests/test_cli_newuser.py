"""A new user's first minutes, through the real entry point: the help says where to start, and a typo is
answered with the name it most likely meant."""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import subprocess
import sys
import threading

import pytest
from test_cli import err, help_of, out, run

from audit import tables


def test_the_help_shows_how_to_check_a_folder_explain_a_finding_and_get_the_report():
    shown = help_of()  # exiting 0
    assert "pinyin-audit check docs/ " in shown
    assert "pinyin-audit explain S103 " in shown
    assert "pinyin-audit report docs/ -o site " in shown


@pytest.mark.parametrize("command, says", [("check", "audit files and print findings"),
                                           ("report", "write an HTML report with tables and charts"),
                                           ("config", "print the effective configuration as TOML"),
                                           ("explain", "show a rule's documentation and examples")])
def test_a_commands_help_says_first_what_the_command_does(command, says):
    """It began with the usage and the options, what the command is for said only in the main help."""
    usage, description = help_of(command).split("\n\n")[:2]
    assert usage.startswith(f"usage: pinyin-audit {command} ")
    assert description == f"pinyin-audit {command}: {says}."


def test_the_check_help_shows_how_to_read_silence_and_accept_findings():
    shown = help_of("check")  # exiting 0
    assert "# pinyin-audit: disable-next-line=CODE -- reason " in shown
    assert "<!-- pinyin-audit: disable-next-line=CODE -- reason --> " in shown
    assert "--write-baseline FILE and check\nwith --baseline FILE." in shown
    assert "exit status: 0 nothing reached --fail-on, 1 something did, 2 a usage" in shown


@pytest.mark.parametrize("typed, meant", [("--formt", "--format"), ("--formt=json", "--format"),
                                          ("--selct", "--select"), ("--exlude", "--exclude")])
def test_a_mistyped_option_is_named_with_the_one_it_most_likely_meant(typed, meant):
    completed = run("check", typed, "a.txt")
    assert completed.returncode == 2 and completed.stdout == b""
    assert err(completed) == (f"pinyin-audit check: error: unrecognized arguments: {typed}; "
                              f"did you mean '{meant}'? (see pinyin-audit check --help)\n")


@pytest.mark.parametrize("arguments, hint", [
    (["report", "a.txt", "-o", "site", "--fail-on", "error"],
     "--fail-on error; --fail-on is an option of pinyin-audit check"),
    (["check", "a.txt", "--force"], "--force; --force is an option of pinyin-audit report"),
    (["rules", "--format", "json"], "--format json; --format is an option of pinyin-audit check"),
])
def test_an_option_of_another_command_says_which_command_takes_it(arguments, hint):
    """Not the nearest spelling among the command's own options (--fail-on is not a typo of --id-column)."""
    completed = run(*arguments)
    assert completed.returncode == 2
    assert err(completed) == (f"pinyin-audit {arguments[0]}: error: unrecognized arguments: {hint} "
                              f"(see pinyin-audit {arguments[0]} --help)\n")


def test_an_option_like_none_is_named_alone():
    completed = run("report", "--zzzzzz", "-o", "site", "a.txt")
    assert completed.returncode == 2
    assert err(completed) == ("pinyin-audit report: error: unrecognized arguments: --zzzzzz "
                              "(see pinyin-audit report --help)\n")


@pytest.mark.parametrize("typed, meant", [("fail_on", "fail-on"), ("exlude", "exclude"), ("per-file-ignore",
                                                                                        "per-file-ignores")])
def test_a_misspelt_configuration_key_is_named_with_the_key_it_most_likely_meant(tmp_path, typed, meant):
    (tmp_path / "pyproject.toml").write_text(f'[tool.pinyin-audit]\n{typed} = []\n', encoding="utf-8")
    completed = subprocess.run([sys.executable, "-m", "audit", "config"], cwd=tmp_path, capture_output=True)
    assert completed.returncode == 2
    assert err(completed).startswith(f"pinyin-audit: error: {tmp_path / 'pyproject.toml'}: unknown key {typed!r}; "
                                     f"did you mean {meant!r}? (known keys: encoding, exclude, fail-on, ")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize("arguments", [["--help"], ["check", "--help"], ["--version"]])
def test_help_and_version_onto_a_full_device_fail_with_one_line(arguments):
    """argparse drops the write's error and exits 0, as if the help had been shown."""
    with open("/dev/full", "w") as full:
        completed = subprocess.run([sys.executable, "-m", "audit", *arguments], stdout=full, stderr=subprocess.PIPE)
    assert completed.returncode == 2
    assert completed.stderr.decode() == "pinyin-audit: error: cannot write the output: No space left on device\n"


@pytest.mark.parametrize("written, meant", [
    ("# pinyin-audit: disable-next-line S103 -- brand name", "pinyin-audit: disable-next-line=S103 -- brand name"),
    ("# pinyin-audit disable_next_line: s103, t4", "pinyin-audit: disable-next-line=S103,T4"),
    ("<!-- pinyin-audit: disable S103 - brand -->", "pinyin-audit: disable=S103 -- brand"),
    ("# pinyin-audit: silence=S103", "pinyin-audit: disable=CODES, enable=CODES or disable-next-line=CODES, "
                                     "then optionally -- reason"),
    ("# pinyin-audit: disable-next-line=wrong-tone", "pinyin-audit: disable-next-line=T401"),
    ("<!-- pinyin-audit: disable=Span-Cuts-Word, t4 -- span-cuts-word is fine -->",
     "pinyin-audit: disable=S103,T4 -- span-cuts-word is fine"),
    ("# pinyin-audit: disable=brand-name", "pinyin-audit: disable=CODES, enable=CODES or disable-next-line=CODES, "
                                           "then optionally -- reason"),
])
def test_a_mistyped_suppression_is_answered_with_the_directive_to_paste(tmp_path, written, meant):
    """The codes after a space, as other linters write them: X001 writes the directive out as it reads."""
    document = tmp_path / ("lesson.md" if written.startswith("<!--") else "lesson.txt")
    document.write_text(f"{written}\n小红书(xiǎo hóng shū)\n", encoding="utf-8")
    completed = run("check", str(document))
    assert out(completed).splitlines()[0].endswith(f"(write {meant})")


@pytest.mark.parametrize("word", ["span-cuts-word", "Span-Cuts-Word", "s103", "S103 "])  # as pasted from a finding
def test_explain_takes_a_rule_by_the_name_a_finding_shows_as_well_as_by_its_code(word):
    completed = run("explain", word)
    assert completed.returncode == 0
    assert out(completed).startswith("S103 span-cuts-word (family span, default severity error)\n")


def test_rules_lists_each_rules_summary_whole(cli):
    """A summary whose sentence wraps in the rule's docstring is not cut at the wrap (nor in SARIF, which
    shows the same summary)."""
    code, listing, _ = cli("rules")
    rows = listing.splitlines()
    assert code == 0 and all(row.endswith(".") for row in rows), [row for row in rows if not row.endswith(".")]
    (f504,) = [row for row in rows if row.startswith("F504")]
    assert f504.endswith("full-width letters; or ü written after j, q, x or y, where pinyin writes u "
                         "(去 qv4, as input methods type it: qu4).")


@pytest.mark.parametrize("word, hint", [("span-cut-word", "; did you mean 'span-cuts-word'?"),
                                        ("T43", "; did you mean 'T403'?"),
                                        ("s1", "; s1 starts the codes S101, S102, S103, S104: explain one of them"),
                                        ("X", "; X starts the codes X001, X002: explain one of them")])
def test_explain_of_no_rule_names_the_rule_most_like_it(word, hint):
    """A prefix, as --select takes (S1), said nothing more."""
    completed = run("explain", word)
    assert completed.returncode == 2
    assert err(completed) == f"pinyin-audit: error: no rule {word!r}; `pinyin-audit rules` lists them{hint}\n"


def _standard_error_on_a_terminal(arguments: list[str], environment: dict[str, str]) -> str:
    pty = pytest.importorskip("pty")  # POSIX only
    controller, terminal = pty.openpty()
    try:
        subprocess.run([sys.executable, "-m", "audit", *arguments], stdout=subprocess.DEVNULL, stderr=terminal,
                       env=environment, timeout=300)
    finally:
        os.close(terminal)
    shown = b""
    with contextlib.suppress(OSError):  # Linux reads EIO once the terminal's other end is closed
        while chunk := os.read(controller, 4096):
            shown += chunk
    os.close(controller)
    return shown.decode()


def _cache_lacking_the_syllables_table(tmp_path) -> pathlib.Path:
    """A cache under ``tmp_path``: every table of the warm one linked, but one small table to build."""
    warm, cold = tables.cache_directory(), tmp_path / "cache" / "pinyin-audit"
    cold.mkdir(parents=True)
    for table in os.listdir(warm) if os.path.isdir(warm) else ():
        if table != _syllables_table():
            (cold / table).symlink_to(os.path.join(warm, table))
    return cold


def _syllables_table() -> str:
    """The name of the syllables table's file, whether or not it has been built."""
    return os.path.basename(tables._path("syllables"))


def test_a_first_run_on_a_terminal_says_why_it_takes_a_while(tmp_path):
    """Building the tables takes seconds of silence, which a new user would take for a hang; said once, on a
    terminal only.  The cache here lacks one small table, the others linked from the warm one, so that the test
    does not build them all."""
    cold = _cache_lacking_the_syllables_table(tmp_path)
    document = tmp_path / "a.txt"
    document.write_text("好(hǎo)\n", encoding="utf-8")
    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert _standard_error_on_a_terminal(["check", str(document)], environment) == (
        f"pinyin-audit: building its tables, once (a first run takes a while); they are kept in {cold}\r\n")
    assert _standard_error_on_a_terminal(["check", str(document)], environment) == ""


def test_a_run_waiting_for_another_process_building_the_tables_says_so(tmp_path):
    """Another process holding the turn to build (here the test, for a second) kept this one silent, or had it say it
    was building before it waited; it builds the table missing once its turn comes."""
    fcntl = pytest.importorskip("fcntl")
    cold = _cache_lacking_the_syllables_table(tmp_path)
    document = tmp_path / "a.txt"
    document.write_text("好(hǎo)\n", encoding="utf-8")
    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    with open(cold / "build.lock", "ab") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        threading.Timer(1.0, held.close).start()  # closing it lets go of the turn
        shown = _standard_error_on_a_terminal(["check", str(document)], environment)
    waiting = f"pinyin-audit: waiting for another process building its tables in {cold}\r\n"
    building = f"pinyin-audit: building its tables, once (a first run takes a while); they are kept in {cold}\r\n"
    assert shown == waiting + building


def test_the_command_alone_shows_the_help_with_its_first_steps():
    completed = run()
    assert completed.returncode == 2 and completed.stdout == b""
    assert err(completed).startswith("usage: pinyin-audit [-h] [--version] COMMAND ...\n")
    assert "\nfirst steps:\n  pinyin-audit check docs/ " in err(completed)


@pytest.mark.parametrize("written, rate", [("2%", 0.02), ("0.02", 0.02), ("12.5 %", 0.125)])
def test_an_error_rate_may_be_written_as_a_percentage(tmp_path, written, rate):
    """The configuration's own comment says "more than 2%": the option and the key take it as written."""
    (tmp_path / "pyproject.toml").write_text(f'[tool.pinyin-audit]\nmax-error-rate = "{written}"\n', encoding="utf-8")
    for arguments in (["config"], ["config", "--max-error-rate", written]):
        completed = subprocess.run([sys.executable, "-m", "audit", *arguments], cwd=tmp_path, capture_output=True)
        assert completed.returncode == 0
        assert f"\nmax-error-rate = {rate}\n" in out(completed)


def test_an_error_rate_that_is_no_share_says_how_to_write_one():
    completed = run("check", "--max-error-rate", "2x", "a.txt")
    assert completed.returncode == 2
    assert err(completed) == ("pinyin-audit: error: command line: max-error-rate: expected a number between 0 and 1, "
                              "or a percentage such as 2%, got '2x'\n")


def test_a_report_says_which_page_to_open(tmp_path):
    document = tmp_path / "a.txt"
    document.write_text("书(shǔ)\n", encoding="utf-8")
    completed = run("report", str(document), "-o", str(tmp_path / "site"))
    assert completed.returncode == 0
    assert out(completed).endswith(f" files to {tmp_path / 'site'}; open {tmp_path / 'site' / 'index.html'} in a browser\n")


def test_checking_a_project_leaves_out_its_virtual_environment_and_node_modules(tmp_path):
    """`pinyin-audit check .` in a project: the licences and package data of a virtual environment (whatever its
    name: it holds pyvenv.cfg) or of node_modules are no one's documents; named as a path, they are audited."""
    for relative in ("docs/lesson.txt", "venv/lib/site-packages/langcodes/data.txt", "env2/notes.md",
                     "node_modules/pkg/README.md", ".git/description.txt"):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("书(shǔ)\n", encoding="utf-8")
    for environment in ("venv", "env2"):
        (tmp_path / environment / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")

    def audited(*paths: str) -> list[str]:
        completed = subprocess.run([sys.executable, "-m", "audit", "check", *paths, "--format", "json"],
                                   cwd=tmp_path, capture_output=True)
        return [document["path"] for document in json.loads(out(completed))["documents"]]

    assert audited(".") == ["docs/lesson.txt"]
    assert audited("venv", "node_modules") == ["venv/lib/site-packages/langcodes/data.txt",
                                               "node_modules/pkg/README.md"]


def test_tables_that_cannot_be_kept_are_said_to_be_built_on_every_run(tmp_path):
    """A cache that cannot be written (read-only, or a directory where a table's file should be) costs every run
    seconds of CPU building the tables again: said once a run, terminal or log, with what to do."""
    cold = _cache_lacking_the_syllables_table(tmp_path)
    (cold / _syllables_table()).mkdir()  # nothing can be written in its place
    document = tmp_path / "a.txt"
    document.write_text("好(hǎo)\n", encoding="utf-8")
    for _ in range(2):
        completed = subprocess.run([sys.executable, "-m", "audit", "check", str(document)], capture_output=True,
                                   env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")})
        assert completed.returncode == 0
        assert err(completed) == (f"pinyin-audit: note: the tables it built cannot be kept in {cold} (Is a "
                                  "directory), so every run builds them again, seconds of CPU; set XDG_CACHE_HOME "
                                  "to a directory that can be written\n")


def test_pinyin_too_long_to_check_is_not_also_said_to_be_no_gloss_at_all(tmp_path):
    """A bracket of 10,000 syllables draws F508; the note that no gloss was found, and what a gloss is, read as
    if the pinyin had not been seen."""
    long_gloss = tmp_path / "long.txt"
    long_gloss.write_text("字" * 10_000 + "(" + " ".join(["zì"] * 10_000) + ")\n", encoding="utf-8")
    completed = run("check", str(long_gloss))
    assert completed.returncode == 0 and err(completed) == ""
    assert ": info: F508 gloss-too-long: the pinyin in this bracket runs on for 29,999 characters" in out(completed)


@pytest.mark.parametrize("before", [["--debug"], ["--format", "json-lines", "--debug"], ["--format=json-lines"]])
def test_options_before_the_command_are_the_commands(tmp_path, before):
    """``pinyin-audit --debug check doc.txt`` audited a file named check, missing, beside doc.txt (exit 2)."""
    document = tmp_path / "doc.txt"
    document.write_text("你好(ní hǎo)\n", encoding="utf-8")
    completed = run(*before, "check", str(document))
    assert completed.returncode == 1 and err(completed) == ""
    assert out(completed) == out(run("check", *before, str(document)))


def test_a_file_named_as_a_command_after_options_is_still_audited(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "check").write_text("你好(ní hǎo)\n", encoding="utf-8")
    completed = subprocess.run([sys.executable, "-m", "audit", "--debug", "check"], capture_output=True, timeout=300)
    assert completed.returncode == 1 and completed.stdout.decode().startswith("check:1:3: error: T402 ")


def test_a_file_whose_name_starts_with_a_dash_is_answered_with_how_to_name_it(tmp_path):
    """pre-commit passes a file name as it is, so -draft.md at a repository's root read as an unknown option;
    the message said only that, not that it is a file nor how to name it."""
    (tmp_path / "-draft.md").write_text("银行(yín háng)\n", encoding="utf-8")

    def check(*arguments: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "audit", "check", *arguments], cwd=tmp_path,
                              capture_output=True, timeout=300)

    completed = check("-draft.md")
    assert completed.returncode == 2
    assert err(completed) == ("pinyin-audit check: error: unrecognized arguments: -draft.md; -draft.md is a file: "
                              "name it ./-draft.md, or put -- before the files (see pinyin-audit check --help)\n")
    assert check("--", "-draft.md").returncode == 0


@pytest.mark.parametrize("command", ["check", "report", "config"])
def test_a_commands_help_names_only_options_the_command_takes(command):
    """report's help said --engine dask is "not with --fix or --diff", options report has not."""
    import re

    help_text = help_of(command)
    taken = set(re.findall(r"^\s+(?:-\w(?: \S+)?, )?(--[\w-]+)", help_text, re.MULTILINE)) | {"--help"}
    assert set(re.findall(r"--[a-z][\w-]*", help_text)) <= taken
