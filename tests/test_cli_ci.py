"""CI use through the real command: every format end to end, output files, jobs, hooks."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys
import xml.etree.ElementTree as ET

import jsonschema
import pytest

ROOT = pathlib.Path(__file__).parents[1]
SCHEMA_PATH = ROOT / "tests" / "fixtures" / "sarif-schema-2.1.0.json"

LESSON = "今年(jīn nián)我们去北京(běi jīng)。\n书(shǔ)，银行(yín xíng)。\n"
MARKDOWN = "# 第一课\n\n```\n书(shǔ)\n```\n\n课文：<ruby>书<rt>shǔ</rt></ruby>，小红书📖(xiǎo hóng shū)\n"


@pytest.fixture
def project(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "lesson.txt").write_text(LESSON, encoding="utf-8")
    (tmp_path / "docs" / "课文.md").write_text(MARKDOWN, encoding="utf-8")
    (tmp_path / "docs" / "clean.txt").write_text("你好(nǐ hǎo)\n", encoding="utf-8")
    return tmp_path


def run(project: pathlib.Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    completed = subprocess.run([sys.executable, "-m", "audit", *args], cwd=project, input=stdin,
                               capture_output=True, timeout=300)
    assert b"Traceback" not in completed.stderr, completed.stderr.decode()
    return completed


def test_github_annotations_point_into_the_original_files(project):
    completed = run(project, "check", "docs", "--format", "github")
    assert completed.returncode == 1
    lines = completed.stdout.decode().splitlines()
    ruby = next(line for line in lines if line.startswith(f"::error file={project}/docs/课文.md,line=7"))
    assert ruby.startswith(f"::error file={project}/docs/课文.md,line=7,col=11,")  # the <rt> tag
    assert "title=T401 wrong-tone::书(shǔ)" in ruby
    assert any(line.startswith("docs/lesson.txt:2:2: error: T401") for line in lines)  # full text too


def unescape(value: str, codes: dict[str, str]) -> str:
    for code, character in codes.items():  # in the runner's order: %25 last, so that "%250A" stays "%0A"
        value = value.replace(code, character)
    return value


DATA_CODES = {"%0D": "\r", "%0A": "\n", "%25": "%"}
PROPERTY_CODES = {"%0D": "\r", "%0A": "\n", "%3A": ":", "%2C": ",", "%25": "%"}


def workflow_commands(printed: str) -> list[tuple[str, dict[str, str], str]]:
    """The annotations as the Actions runner reads them: ``::command key=value,...::message``, its first ``::``
    after the command ending the properties, which are split at commas and then unescaped."""
    commands = []
    for line in printed.splitlines():
        if line.startswith("::"):
            head, message = line[2:].split("::", 1)
            command, _, given = head.partition(" ")
            properties = dict(pair.split("=", 1) for pair in given.split(","))
            commands.append((command, {key: unescape(value, PROPERTY_CODES) for key, value in properties.items()},
                             unescape(message, DATA_CODES)))
    return commands


def test_github_annotations_read_back_whole_whatever_the_name_message_or_line_holds(tmp_path):
    """A name with ``,``, ``:`` and ``%``; a gloss wrapped across two lines and fixed on the first, whose
    message kept the line break and whose suggestion would have deleted the second line; a line with a
    Markdown fence in it, which closed the suggestion's."""
    name = "a,b:c%25.txt"
    (tmp_path / name).write_text("我去银行(yǐn\nháng)取钱。\n100%的人说：你好(ní hǎo)，```a,b:c\n", encoding="utf-8")
    completed = run(tmp_path, "check", name, "--format", "github")
    assert completed.returncode == 1
    [wrapped, sandhi] = workflow_commands(completed.stdout.decode())
    assert wrapped == ("error", {"file": str(tmp_path / name), "line": "1", "endLine": "2", "title": "T401 wrong-tone"},
                       "银(yǐn): 银 is never read yǐn (银行(yín háng))")  # no columns across lines, as GitHub takes it
    assert sandhi[1] | {"title": "T402 third-tone-sandhi-written"} == sandhi[1]
    assert sandhi[2].split("\n") == ["你(ní): third-tone sandhi is spoken, not written (你好(nǐ hǎo))", "",
                                     "````suggestion", "100%的人说：你好(nǐ hǎo)，```a,b:c", "````"]


def test_sarif_from_the_command_validates_against_the_schema(project):
    completed = run(project, "check", "docs", "-", "--format", "sarif", stdin="书(shǔ)\n".encode())
    log = json.loads(completed.stdout)
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    run_ = log["runs"][0]
    rule_ids = [rule["id"] for rule in run_["tool"]["driver"]["rules"]]
    assert {"X001", "X002", "L701", "T401"} <= set(rule_ids)
    uris = {result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for result in run_["results"]}
    assert (project / "docs" / "课文.md").as_uri() in uris and "%3Cstdin%3E" in uris
    for result in run_["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]


def test_annotations_and_sarif_name_files_by_absolute_paths_which_github_makes_relative_to_the_repository(project):
    """Run from a subdirectory (``working-directory: ci`` in a workflow), ``../docs/lesson.txt`` was read from the
    repository's root, where no ``../docs`` is; so was ``lesson.txt`` run in ``docs``, which is ``docs/lesson.txt``
    there. The runner and code scanning make an absolute path under the checkout relative to its root."""
    (project / "ci").mkdir()
    lesson = project / "docs" / "lesson.txt"
    for where, named in ((project / "ci", "../docs/lesson.txt"), (project / "docs", "lesson.txt")):
        annotations = run(where, "check", named, "--format", "github").stdout.decode()
        assert {properties["file"] for _, properties, _ in workflow_commands(annotations)} == {str(lesson)}
        results = json.loads(run(where, "check", named, "--format", "sarif").stdout)["runs"][0]["results"]
        assert {location["artifactLocation"]["uri"] for result in results
                for location in [result["locations"][0]["physicalLocation"], *result.get("fixes", [{}])[0].get(
                    "artifactChanges", [])]} == {lesson.as_uri()}


def test_sarif_fingerprints_survive_an_unrelated_edit(project):
    def fingerprints() -> set[str]:
        log = json.loads(run(project, "check", "docs", "--format", "sarif").stdout)
        return {r["partialFingerprints"]["pinyinAuditFinding/v1"] for r in log["runs"][0]["results"]}

    before = fingerprints()
    lesson = project / "docs" / "lesson.txt"
    lesson.write_text("新加的一行。\n\n" + lesson.read_text(encoding="utf-8"), encoding="utf-8")
    assert fingerprints() == before


def test_junit_has_a_suite_per_document(project):
    completed = run(project, "check", "docs", "--format", "junit")
    suites = ET.fromstring(completed.stdout).findall("testsuite")
    assert sorted(suite.get("name") for suite in suites) == ["docs/clean.txt", "docs/lesson.txt", "docs/课文.md"]
    failing = [suite.get("name") for suite in suites if int(suite.get("failures"))]
    assert sorted(failing) == ["docs/lesson.txt", "docs/课文.md"]


def test_junit_counts_as_tests_the_test_cases_it_holds(project):
    """Two failures on one gloss were reported as 1 test with 2 failures, which readers of JUnit take as -1 passed."""
    completed = run(project, "check", "-", "--format", "junit", stdin="银行(yǐn xíng)\n".encode())
    [suite] = ET.fromstring(completed.stdout).findall("testsuite")
    assert (suite.get("tests"), suite.get("failures"), len(suite.findall("testcase"))) == ("2", "2", 2)


def test_json_lines_one_object_per_finding(project):
    completed = run(project, "check", "docs/lesson.txt", "--format", "json-lines")
    records = [json.loads(line) for line in completed.stdout.decode().splitlines()]
    assert {record["code"] for record in records} >= {"T401", "R302"}
    assert all(record["path"] == "docs/lesson.txt" for record in records)


def test_output_file_receives_the_report_and_stdout_stays_empty(project):
    completed = run(project, "check", "docs", "--format", "sarif", "--output-file", "out/report.sarif")
    assert completed.returncode == 2 and completed.stdout == b""  # refused before the audit: no directory
    assert "cannot write output file out/report.sarif: there is no directory out" in completed.stderr.decode()
    (project / "out").mkdir()
    completed = run(project, "check", "docs", "--format", "sarif", "--output-file", "out/report.sarif")
    assert completed.returncode == 1 and completed.stdout == b""
    assert json.loads((project / "out" / "report.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_an_output_file_named_dash_is_standard_output(project):
    completed = run(project, "check", "docs", "--format", "json", "--output-file", "-")
    assert completed.returncode == 1 and json.loads(completed.stdout)["summary"]["documents"] == 3
    assert not (project / "-").exists()


@pytest.mark.parametrize("command", [["check", "docs", "--write-baseline", "-"], ["report", "docs", "-o", "-"]],
                         ids=["baseline", "report"])
def test_a_baseline_or_report_named_dash_is_refused_not_written_to_a_file_named_dash(project, command):
    completed = run(project, *command)
    assert completed.returncode == 2 and "- would be standard output" in completed.stderr.decode()
    assert not (project / "-").exists()


def test_exit_zero_and_fail_on(project):
    assert run(project, "check", "docs", "--exit-zero").returncode == 0
    assert run(project, "check", "docs/clean.txt").returncode == 0
    assert run(project, "check", "docs/clean.txt", "--fail-on", "info").returncode == 0


def test_exit_zero_never_hides_a_configuration_or_input_error_nor_a_baseline_an_old_finding(project):
    """What a CI gate reads: 2 for what the run could not do, even report-only; 0 for findings all known."""
    assert run(project, "check", "docs", "missing.txt", "--exit-zero").returncode == 2
    assert run(project, "check", "docs", "--write-baseline", "baseline.json").returncode == 0
    assert run(project, "check", "docs", "--baseline", "baseline.json", "--fail-on", "info").returncode == 0
    (project / "pyproject.toml").write_text('[tool.pinyin-audit]\nfail-on = "warnin"\n', encoding="utf-8")
    assert run(project, "check", "docs", "--exit-zero").returncode == 2


def test_jobs_give_the_same_output_in_the_same_order(project):
    for number in range(8):
        (project / "docs" / f"extra{number}.txt").write_text(f"第{number}课：书(shǔ)\n", encoding="utf-8")
    single = run(project, "check", "docs", "--format", "json")
    parallel = run(project, "check", "docs", "--format", "json", "--jobs", "3")
    assert parallel.returncode == single.returncode == 1
    assert parallel.stdout == single.stdout


def test_fix_on_standard_input_writes_the_fixed_text_out_and_the_report_to_standard_error(project):
    completed = run(project, "check", "--fix", "-", stdin="书(shǔ)，你好(ní hǎo)\r\n".encode("utf-8"))
    assert completed.stdout == "书(shǔ)，你好(nǐ hǎo)\r\n".encode("utf-8")  # line breaks kept, like a file's
    report = completed.stderr.decode()
    assert "T401" in report and "fixed 1 finding" in report and completed.returncode == 1  # T401's fix is unsafe
    assert sorted(path.name for path in project.iterdir()) == ["docs"]


def test_fix_on_standard_input_named_as_a_file_fixes_in_its_syntax_and_leaves_the_file_alone(project):
    lesson = project / "docs" / "课文.md"
    completed = run(project, "check", "--fix", "-", "--stdin-filename", "docs/课文.md", "--format", "json",
                    stdin=lesson.read_bytes())
    report, _ = json.JSONDecoder().raw_decode(completed.stderr.decode())  # the fixes' count follows it
    assert report["documents"][0]["path"] == "docs/课文.md"
    assert lesson.read_text(encoding="utf-8") == MARKDOWN
    assert run(project, "check", "--fix", "docs/课文.md").returncode == completed.returncode
    assert completed.stdout == lesson.read_bytes() != MARKDOWN.encode("utf-8")


def test_fix_gives_back_standard_input_it_cannot_read_and_refuses_it_beside_files(project):
    undecodable = b"\xff\xfe\xfa(h\xc7\x8eo)\n"
    completed = run(project, "check", "--fix", "-", stdin=undecodable)
    assert completed.returncode == 2 and completed.stdout == undecodable and "error" in completed.stderr.decode()
    beside = run(project, "check", "--fix", "-", "docs/lesson.txt", stdin="你好(ní hǎo)".encode("utf-8"))
    assert beside.returncode == 2 and "fix it on its own" in beside.stderr.decode() and beside.stdout == b""
    assert (project / "docs" / "lesson.txt").read_text(encoding="utf-8") == LESSON


def test_bad_jobs_value_is_a_usage_error(project):
    completed = run(project, "check", "docs", "--jobs", "none")
    assert completed.returncode == 2 and "--jobs" in completed.stderr.decode()


def test_no_progress_bar_when_stderr_is_not_a_terminal(project):
    completed = run(project, "check", "docs")
    assert completed.stderr == b""


def test_progress_bar_on_a_terminal(monkeypatch):
    import io

    from audit import progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    clock = iter(range(100))
    monkeypatch.setattr(progress.time, "monotonic", lambda: float(next(clock)))
    stream = Terminal()
    bar = progress.Progress(4, stream)
    bar.advance("a.txt")
    bar.message("a.txt: error: empty file")
    bar.advance("b.txt")
    bar.clear()
    shown = stream.getvalue()
    assert "[#######-----------------------] 1/4 a.txt" in shown
    assert "\r\033[Ka.txt: error: empty file\n" in shown
    assert shown.endswith("2/4 b.txt\r\033[K")


def test_rules_and_explain_still_work(project):
    listed = run(project, "rules").stdout.decode()
    assert "T401  wrong-tone" in listed and "X002  unused-suppression" in listed
    explained = run(project, "explain", "L701")
    assert explained.returncode == 0 and "Wrong: SSB00050001.wav" in explained.stdout.decode()
    assert run(project, "explain", "Z999").returncode == 2


def test_pre_commit_hook_definition():
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    fields = dict(
        line.strip().lstrip("- ").split(": ", 1) for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )
    assert fields["id"] == "pinyin-audit"
    assert fields["entry"] == "pinyin-audit check"
    assert fields["language"] == "python"
    assert fields["types"] == "[text]"  # and the file names of tests/test_pre_commit.py


def test_the_command_does_not_import_pandas_or_matplotlib(project):
    code = ("import sys; from audit.cli import main; main(['check', 'docs', '--exit-zero']); "
            "print(sorted(m for m in ('pandas', 'matplotlib') if m in sys.modules))")
    completed = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, timeout=300)
    assert completed.stdout.decode().splitlines()[-1] == "[]"
