"""Daily use of the command: severities and colour, statistics, the progress bar,
standard input under a file name, and options a command does not use."""

from __future__ import annotations

import io
import os
import pathlib
import re
import subprocess
import sys

import pytest

from audit import progress
from audit.cli import main

MIXED = "书(shǔ)，学习(xué xi)\n"  # a T401 error and a T403 warning
ANSI = re.compile(r"\033\[[0-9;]*m")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(cwd: pathlib.Path, *args: str, stdin: bytes = b"", env: dict | None = None) -> subprocess.CompletedProcess:
    completed = subprocess.run([sys.executable, "-m", "audit", *args], cwd=cwd, input=stdin, env=env,
                               capture_output=True, timeout=300)
    assert b"Traceback" not in completed.stderr, completed.stderr.decode()
    return completed


@pytest.fixture
def doc(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "doc.txt").write_text(MIXED, encoding="utf-8")
    return tmp_path


def test_every_line_names_its_severity(doc, cli):
    code, out, _ = cli("check", "doc.txt")
    lines = out.splitlines()
    assert lines[0].startswith("doc.txt:1:2: error: T401 wrong-tone: ")
    assert lines[1].startswith("doc.txt:1:10: warning: T403 neutral-tone-mismatch: ")
    assert not ANSI.search(out)  # captured output is no terminal


@pytest.mark.parametrize("option, no_color, colored", [
    ((), "", True), ((), "1", False), (("--color", "never"), "", False), (("--color", "always"), "1", True),
])
def test_colour_on_a_terminal_follows_the_option_and_no_color(doc, monkeypatch, option, no_color, colored):
    monkeypatch.setenv("NO_COLOR", no_color)
    monkeypatch.setattr(sys, "stdout", Terminal())
    main(["check", "doc.txt", *option])
    shown = sys.stdout.getvalue()
    assert ("doc.txt:1:2: \033[1;31merror\033[0m: T401" in shown) is colored
    assert ("doc.txt:1:10: \033[33mwarning\033[0m: T403" in shown) is colored
    assert ANSI.sub("", shown).splitlines()[0].startswith("doc.txt:1:2: error: T401")


def test_colour_always_through_a_pipe(doc):
    assert b"\033[1;31merror\033[0m" in run(doc, "check", "doc.txt", "--color", "always").stdout


@pytest.mark.parametrize("environment, colored", [({"FORCE_COLOR": "1"}, True), ({"FORCE_COLOR": ""}, False),
                                                  ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False)])
def test_force_color_colours_a_pipe_unless_no_color_is_set(doc, environment, colored):
    """As a CI log that shows colours reads the command: through a pipe (https://force-color.org)."""
    env = {key: value for key, value in os.environ.items() if key not in ("FORCE_COLOR", "NO_COLOR")}
    completed = run(doc, "check", "doc.txt", env=env | environment)
    assert (b"\033[1;31merror\033[0m" in completed.stdout) is colored


def test_force_color_leaves_an_output_file_plain(doc):
    completed = run(doc, "check", "doc.txt", "--output-file", "findings.txt", env=os.environ | {"FORCE_COLOR": "1"})
    assert completed.returncode == 1 and completed.stdout == b""
    assert (doc / "findings.txt").read_text(encoding="utf-8").startswith("doc.txt:1:2: error: T401")


def test_statistics_count_findings_per_rule_and_severity(doc):
    (doc / "more.txt").write_text("书(shǔ)书(shǔ)\n", encoding="utf-8")
    completed = run(doc, "check", ".", "--statistics")
    assert completed.returncode == 1
    assert completed.stdout.decode().splitlines() == [
        "3  error    T401 wrong-tone",
        "1  warning  T403 neutral-tone-mismatch",
        "2 documents, 4 glosses: 3 errors, 1 warning, 0 info",
    ]


def test_the_progress_bar_is_cleared_before_findings_on_a_shared_terminal(doc, monkeypatch):
    for name in ("a.txt", "b.txt", "c.txt"):
        (doc / name).write_text(MIXED, encoding="utf-8")
    clock = iter(range(1000))
    monkeypatch.setattr(progress.time, "monotonic", lambda: float(next(clock)))
    terminal = Terminal()  # standard output and standard error on one screen
    monkeypatch.setattr(sys, "stdout", terminal)
    monkeypatch.setattr(sys, "stderr", terminal)
    main(["check", ".", "--color", "never"])
    raw = terminal.getvalue()
    assert "] 1/4 a.txt" in raw  # the bar was drawn ...
    screen = [line.split("\r\033[K")[-1] for line in raw.split("\n")]  # what each terminal line shows last
    findings = [line for line in screen if ": error: " in line or ": warning: " in line]
    assert len(findings) == 8
    assert all(re.fullmatch(r"[a-d]\w*\.txt:1:\d+: (error|warning): .*", line) for line in findings)
    assert not [line for line in screen if "/4 " in line and ": " in line]  # ... and never shared a line


def test_no_progress_bar_when_standard_error_is_not_a_terminal(doc):
    for name in ("a.txt", "b.txt", "c.txt"):
        (doc / name).write_text(MIXED, encoding="utf-8")
    assert run(doc, "check", ".").stderr == b""


MARKDOWN = (
    "# 课\n\n<ruby>书<rt>shǔ</rt></ruby>\n\n"
    "<!-- pinyin-audit: disable-next-line=T403 -->\n学习(xué xi)\n"
)


def test_stdin_filename_decides_format_config_and_name(doc):
    (doc / "pyproject.toml").write_text('[tool.pinyin-audit.per-file-ignores]\n"legacy/*.md" = ["T401"]\n',
                                        encoding="utf-8")
    as_text = run(doc, "check", "-", stdin=MARKDOWN.encode()).stdout.decode()
    assert "<stdin>:6:3: warning: T403" in as_text  # plain text: no ruby, no suppression
    as_markdown = run(doc, "check", "--stdin-filename", "lessons/one.md", "-", stdin=MARKDOWN.encode())
    assert as_markdown.stdout.decode().splitlines()[0].startswith("lessons/one.md:3:8: error: T401 ")
    assert "T403" not in as_markdown.stdout.decode()
    ignored = run(doc, "check", "--stdin-filename", "legacy/old.md", stdin=MARKDOWN.encode())
    assert ignored.returncode == 0 and ignored.stdout.decode().startswith("legacy/old.md: 2 glosses, 0 errors")


def test_stdin_filename_finds_the_configuration_from_its_directory(doc):
    (doc / "sub").mkdir()
    (doc / "sub" / "pyproject.toml").write_text('[tool.pinyin-audit]\nignore = ["T4"]\n', encoding="utf-8")
    completed = run(doc, "check", "--stdin-filename", "sub/doc.txt", stdin=MIXED.encode())
    assert completed.returncode == 0 and "T40" not in completed.stdout.decode()


@pytest.mark.parametrize("args, says", [
    (("report", "doc.txt", "-o", "out", "--fail-on", "error"), "unrecognized arguments: --fail-on"),
    (("report", "doc.txt", "-o", "out", "--max-error-rate", "0.1"), "unrecognized arguments: --max-error-rate"),
    (("check", "doc.txt", "--format", "json", "--statistics"), "--statistics prints text"),
    (("check", "doc.txt", "--format", "sarif", "--color", "always"), "--color applies to text output"),
    (("check", "doc.txt", "--diff", "--color", "always"), "--diff prints a unified diff and nothing else"),
    (("check", "doc.txt", "--fix", "--diff", "--unsafe-fixes"), "--fix writes the fixes and --diff only shows them"),
    (("check", "doc.txt", "--select", "S1,Wrong-Tone"), "select: 'Wrong-Tone' matches no rule code: Wrong-Tone is "
                                                         "the name of T401: write its code"),
    (("check", "doc.txt", "--select", ""), "select: names no rule code; leave it out to check every rule"),
    (("check", "doc.txt", "--ignore", " , "), "ignore: names no rule code"),
    (("check", "doc.txt", "--stdin-filename", "x.md"), "--stdin-filename names standard input"),
    (("check", "-", "--stdin-filename", ""), "argument --stdin-filename: an empty name names no file"),
    (("check", "doc.txt", "--exit-zero", "--fail-on", "warning"),
     "--exit-zero never fails on findings, which leaves --fail-on nothing to decide: give one of them"),
    (("check", "doc.txt", "--write-baseline", "base.json", "--max-error-rate", "1%"),
     "--write-baseline exits 0 on findings, which leaves --max-error-rate nothing to decide: give one of them"),
    (("check",), "give at least one PATH"),
])
def test_options_a_command_does_not_use_are_rejected(doc, args, says):
    completed = run(doc, *args)
    assert completed.returncode == 2 and says in completed.stderr.decode()
    assert not (doc / "out").exists()


ROOT = pathlib.Path(__file__).parents[1]
# The README's examples of output: "$ pinyin-audit ARGS" then what it prints, "…" where lines are left out.
README_RUNS = re.findall(r"^\$ pinyin-audit ([^\n]+)\n(.*?)^```", (ROOT / "README.md").read_text(encoding="utf-8"),
                         re.MULTILINE | re.DOTALL)


@pytest.mark.parametrize("arguments, shown", [run for run in README_RUNS if "--fix" not in run[0]])
def test_the_readme_shows_what_the_command_prints(cli, monkeypatch, arguments, shown):
    monkeypatch.chdir(ROOT)
    printed = cli(*arguments.split())[1].splitlines()
    position = 0
    for part in "\n".join(shown.splitlines()).split("\n…\n"):  # each part printed whole, in order
        lines = part.splitlines()
        following = [start for start in range(position, len(printed) + 1)
                     if printed[start:start + len(lines)] == lines]
        assert following, f"the README shows for `pinyin-audit {arguments}`:\n{part}"
        position = following[0] + len(lines)


def test_the_readme_shows_the_output_of_check_and_statistics():
    assert {arguments for arguments, _ in README_RUNS} >= {"check samples/ecommerce-article-seed.txt",
                                                          "check samples/ --statistics"}
