"""The output formats, fed with hand-built results (no rule runs here)."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from audit.document import Document
from audit.finding import DocumentResult, Finding, GlossRecord, Severity
from audit.formats import FORMAT_NAMES, FORMATS, Summary, get_formatter
from audit.formats.github import escape_data, escape_property
from audit.formats.sarif import FINGERPRINT_KEY
from audit.rules.registry import Rule


def annotated(path: str) -> str:
    """How an annotation names the file at ``path``: by its absolute path, made when the report is, from the
    working directory then (not the one when this module was imported)."""
    return escape_property(os.path.abspath(path))


SCHEMA_PATH = Path(__file__).parent / "fixtures" / "sarif-schema-2.1.0.json"


def fake_rule(code: str, name: str, family: str, severity: str) -> Rule:
    doc = f"Summary of {name}.\n\n    More words.\n\n    Wrong: 今年(jīn nian)\n    Right: 今年(jīn nián)\n"
    return Rule(code, name, family, Severity.parse(severity), check=lambda *args: [], doc=doc)


RULES = [
    fake_rule("R301", "wrong-reading", "reading", "error"),
    fake_rule("S101", "span-mismatch", "span", "warning"),
    fake_rule("T401", "missing-tone", "tone", "info"),
]


def finding_at(document: Document, needle: str, code: str, severity: Severity, message: str,
               suggestion: str = "", *, occurrence: int = 0) -> Finding:
    """A finding on the ``occurrence``-th appearance of ``needle`` in the text."""
    start = -1
    for _ in range(occurrence + 1):
        start = document.text.index(needle, start + 1)
    end = start + len(needle)
    line, column = document.position(start)
    end_line, end_column = document.position(end)
    span = needle.split("(")[0]
    gloss = needle[len(span):]
    return Finding(code, f"name-{code}", "reading", severity, message, suggestion,
                   path=document.path, start=start, end=end, line=line, column=column,
                   end_line=end_line, end_column=end_column, span=span, gloss=gloss)


def document_level(document: Document, code: str, message: str) -> Finding:
    return Finding(code, f"name-{code}", "consistency", Severity.WARNING, message, "",
                   path=document.path)


def result_for(document: Document, findings: list[Finding], glosses: int = 2) -> DocumentResult:
    records = [GlossRecord(0, 0, 0, 0, "") for _ in range(glosses)]
    return DocumentResult(document, findings=findings, glosses=records, syllable_count=glosses * 2)


LESSON_TEXT = "今年(jīn nian)我们去北京(běi jīng)。\n😀😀何小红(hé xiǎo hóng)来了。\n"


def lesson() -> DocumentResult:
    """A Chinese path, an emoji line, a document-level finding, findings out of order."""
    document = Document(LESSON_TEXT, path="课文/第一课.txt")
    findings = [
        finding_at(document, "何小红(hé xiǎo hóng)", "S101", Severity.WARNING, "gloss covers 3 of 4"),
        document_level(document, "C601", "北京 is glossed two ways"),
        finding_at(document, "今年(jīn nian)", "T401", Severity.INFO, "no tone on nian", "nián"),
        finding_at(document, "今年(jīn nian)", "R301", Severity.ERROR, "年 does not read nian", "nián"),
    ]
    return DocumentResult(document, findings=findings,
                          glosses=[GlossRecord(0, 2, 2, 12, "jīn nian")] * 3, syllable_count=7)


def clean(path: str = "clean.txt") -> DocumentResult:
    return result_for(Document("你好(nǐ hǎo)", path=path), [], glosses=1)


def unreadable() -> DocumentResult:
    return DocumentResult(Document("", path="broken.txt"), error="not valid UTF-8 at byte 3")


def render(name: str, results: list[DocumentResult], fail_on: Severity = Severity.ERROR) -> str:
    """What the CLI would write: start, each document as it comes (in the pieces it writes in turn), then finish;
    each document's pieces make its text."""
    formatter = get_formatter(name, rules=RULES, tool_version="9.9.9", fail_on=fail_on)
    summary = Summary()
    pieces = [formatter.start()]
    for result in results:
        summary.add(result)
        pieces.extend(formatter.pieces(result))
    pieces.append(formatter.finish(summary))
    return "".join(pieces)


@pytest.mark.parametrize("name", ["text", "json-lines", "github"])
def test_a_format_writing_a_line_for_each_finding_gives_them_one_at_a_time(name):
    """A document of 300,000 findings was made into one text, its records and lines held all at once beside it."""
    result = lesson()
    formatter = get_formatter(name, rules=RULES, tool_version="9.9.9", fail_on=Severity.ERROR)
    pieces = list(formatter.pieces(result))
    assert len(pieces) >= 3 and all(piece.count("\n") == 1 and piece.endswith("\n") for piece in pieces)
    assert "".join(pieces) == formatter.document(result)


# -- registry and summary -----------------------------------------------------------


def test_every_conventional_format_is_registered():
    assert FORMAT_NAMES == ("text", "json", "json-lines", "github", "sarif", "junit")


@pytest.mark.parametrize("listed", FORMATS, ids=FORMAT_NAMES)
def test_each_listed_format_loads_the_formatter_of_its_name(listed):
    assert listed.load().name == listed.name


def test_unknown_format_names_the_choices():
    with pytest.raises(ValueError, match="json-lines"):
        get_formatter("yaml", rules=RULES, tool_version="1", fail_on=Severity.ERROR)


def test_summary_adds_documents_up():
    summary = Summary()
    for result in (lesson(), clean(), unreadable()):
        summary.add(result)
    assert (summary.documents, summary.unreadable, summary.glosses, summary.syllables) == (3, 1, 4, 9)
    assert (summary.errors, summary.warnings, summary.infos, summary.findings) == (1, 2, 1, 4)
    assert summary.at_or_above(Severity.WARNING) == 3


# -- text ---------------------------------------------------------------------------


def test_text_lines_are_sorted_and_exact():
    assert render("text", [lesson(), clean(), unreadable()]).splitlines() == [
        "课文/第一课.txt: warning: C601 name-C601: 北京 is glossed two ways",
        "课文/第一课.txt:1:1: error: R301 name-R301: 年 does not read nian (nián)",
        "课文/第一课.txt:1:1: info: T401 name-T401: no tone on nian (nián)",
        "课文/第一课.txt:2:3: warning: S101 name-S101: gloss covers 3 of 4",
        "课文/第一课.txt: 3 glosses, 1 error, 2 warnings, 1 info",
        "clean.txt: 1 gloss, 0 errors, 0 warnings, 0 info",
        "3 documents, 4 glosses (1 unreadable): 1 error, 2 warnings, 1 info",
    ]


# -- json ---------------------------------------------------------------------------


@pytest.mark.parametrize("results", [[], [lesson()], [lesson(), clean(), unreadable()]],
                         ids=["no documents", "one document", "three documents"])
def test_streamed_json_is_valid_whatever_the_count(results):
    report = json.loads(render("json", results))
    assert list(report) == ["tool", "documents", "summary"]
    assert [document["path"] for document in report["documents"]] == [r.path for r in results]
    assert report["summary"]["documents"] == len(results)


def test_json_follows_the_contract():
    report = json.loads(render("json", [lesson(), unreadable()]))
    assert report["tool"] == {"name": "pinyin-audit", "version": "9.9.9"}
    document, broken = report["documents"]
    assert list(document) == ["path", "glosses", "syllables", "findings"]
    assert (document["path"], document["glosses"], document["syllables"]) == ("课文/第一课.txt", 3, 7)
    assert [finding["code"] for finding in document["findings"]] == ["C601", "R301", "T401", "S101"]
    assert document["findings"][3] == {
        "code": "S101", "name": "name-S101", "family": "reading", "severity": "warning",
        "line": 2, "column": 3, "end_line": 2, "end_column": 20,
        "span": "何小红", "gloss": "(hé xiǎo hóng)",
        "message": "gloss covers 3 of 4", "suggestion": "", "fix": None,
    }
    assert document["findings"][0]["line"] is None
    assert broken == {"path": "broken.txt", "glosses": 0, "syllables": 0, "findings": [],
                      "error": "not valid UTF-8 at byte 3"}
    assert report["summary"] == {"documents": 2, "glosses": 3, "syllables": 7,
                                 "errors": 1, "warnings": 2, "infos": 1, "findings": 4}


def test_json_keeps_chinese_readable():
    assert "课文/第一课.txt" in render("json", [lesson()])


def test_json_lines_has_one_record_per_finding_and_per_failure():
    records = [json.loads(line) for line in render("json-lines", [lesson(), clean(), unreadable()]).splitlines()]
    assert [(record["path"], record.get("code")) for record in records] == [
        ("课文/第一课.txt", "C601"), ("课文/第一课.txt", "R301"),
        ("课文/第一课.txt", "T401"), ("课文/第一课.txt", "S101"), ("broken.txt", None),
    ]
    assert records[-1] == {"path": "broken.txt", "error": "not valid UTF-8 at byte 3"}


# -- github -------------------------------------------------------------------------


def test_github_escapes_messages_and_properties():
    assert escape_data("100% a:b,c\r\nd") == "100%25 a:b,c%0D%0Ad"
    assert escape_property("100% a:b,c\r\nd") == "100%25 a%3Ab%2Cc%0D%0Ad"


def test_github_annotations_then_the_text_report():
    document = Document("一(yī)个,人\n", path="a:b,c.txt")
    finding = finding_at(document, "一(yī)", "R301", Severity.ERROR, "50% sure: yī,\nor yí", "yí")
    info = finding_at(document, "一(yī)", "T401", Severity.INFO, "fine")
    lines = render("github", [result_for(document, [info, finding]), unreadable()]).splitlines()
    assert lines == [
        f"::error file={annotated('a:b,c.txt')},line=1,col=1,endLine=1,endColumn=6,"
        "title=R301 name-R301::50%25 sure: yī, or yí (yí)",  # one line, as in the text report
        f"::notice file={annotated('a:b,c.txt')},line=1,col=1,endLine=1,endColumn=6,title=T401 name-T401::fine",
        "a:b,c.txt:1:1: error: R301 name-R301: 50% sure: yī, or yí (yí)",
        "a:b,c.txt:1:1: info: T401 name-T401: fine",
        "a:b,c.txt: 2 glosses, 1 error, 0 warnings, 1 info",
        f"::error file={annotated('broken.txt')},title=unreadable::not valid UTF-8 at byte 3",
        "2 documents, 2 glosses (1 unreadable): 1 error, 0 warnings, 1 info",
    ]


def test_github_document_level_finding_has_no_position():
    lines = render("github", [lesson()]).splitlines()
    assert lines[0] == f"::warning file={annotated('课文/第一课.txt')},title=C601 name-C601::北京 is glossed two ways"


# -- sarif --------------------------------------------------------------------------


def sarif_log(results: list[DocumentResult]) -> dict:
    return json.loads(render("sarif", results))


@pytest.mark.parametrize("results", [[], [lesson(), clean(), unreadable()]], ids=["empty", "mixed"])
def test_sarif_validates_against_the_2_1_0_schema(results):
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(sarif_log(results))


def test_sarif_describes_tool_rules_and_results():
    log = sarif_log([lesson()])
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("pinyin-audit", "9.9.9")
    rule = driver["rules"][0]
    assert (rule["id"], rule["name"], rule["defaultConfiguration"]) == (
        "R301", "wrong-reading", {"level": "error"})
    assert rule["fullDescription"]["text"] == "Summary of wrong-reading. More words."
    assert "Wrong: 今年(jīn nian)" in rule["help"]["text"]
    assert [(r["ruleId"], r.get("ruleIndex"), r["level"]) for r in run["results"]] == [
        ("C601", None, "warning"), ("R301", 0, "error"), ("T401", 2, "note"), ("S101", 1, "warning"),
    ]
    emoji_result = run["results"][3]
    assert emoji_result["message"]["text"] == "gloss covers 3 of 4"
    assert emoji_result["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": Path("课文/第一课.txt").absolute().as_uri()},
        "region": {"startLine": 2, "startColumn": 3, "endLine": 2, "endColumn": 20},
    }
    assert "region" not in run["results"][0]["locations"][0]["physicalLocation"]
    assert run["invocations"] == [{"executionSuccessful": True, "toolExecutionNotifications": []}]


def test_sarif_reports_unreadable_documents_as_notifications():
    invocation = sarif_log([unreadable()])["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notification, = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error"
    assert notification["message"]["text"] == "broken.txt: not valid UTF-8 at byte 3"
    location = notification["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uri"] == Path("broken.txt").absolute().as_uri()


def fingerprints(text: str, code: str = "R301", path: str = "a.txt") -> list[str]:
    document = Document(text, path=path)
    findings = [finding_at(document, "行(xíng)", code, Severity.ERROR, "reads háng here", occurrence=n)
                for n in range(text.count("行(xíng)"))]
    results = sarif_log([result_for(document, findings)])["runs"][0]["results"]
    return [result["partialFingerprints"][FINGERPRINT_KEY] for result in results]


SENTENCE = "他在银行(xíng)工作。"


def test_fingerprint_survives_the_finding_moving_to_another_line():
    moved = "新的第一行。\n\n另一段。\n" + SENTENCE
    assert fingerprints(SENTENCE) == fingerprints(moved)


def test_fingerprint_ignores_indentation_and_the_lines_around():
    assert fingerprints(SENTENCE) == fingerprints("前一行。\n    " + SENTENCE + "\n后一行。")


def test_fingerprint_changes_with_code_path_or_nearby_text():
    original = fingerprints(SENTENCE)
    assert fingerprints(SENTENCE, code="R302") != original
    assert fingerprints(SENTENCE, path="b.txt") != original
    assert fingerprints("他在银行(xíng)学习。") != original


def test_fingerprint_is_the_files_however_its_path_is_typed():
    """``./a.txt``, ``a.txt`` and its absolute path name one file: a re-run that names it another way matches the
    alerts code scanning has (the path hashed is the file's from the current directory)."""
    typed = ["a.txt", "./a.txt", "sub/../a.txt", os.path.abspath("a.txt")]
    assert len({tuple(fingerprints(SENTENCE, path=path)) for path in typed}) == 1


def test_identical_findings_in_one_document_get_distinct_fingerprints():
    first, second = fingerprints(SENTENCE + "\n" + SENTENCE)
    assert first.endswith(":1") and second.endswith(":2")
    assert first.split(":")[0] == second.split(":")[0]


# -- junit --------------------------------------------------------------------------


def junit_suites(results: list[DocumentResult], fail_on: Severity) -> list[ET.Element]:
    root = ET.fromstring(render("junit", results, fail_on=fail_on))
    assert root.tag == "testsuites"
    return list(root)


def test_junit_counts_failures_at_or_above_the_gate():
    lesson_suite, clean_suite, broken_suite = junit_suites([lesson(), clean(), unreadable()], Severity.WARNING)
    assert lesson_suite.attrib == {"name": "课文/第一课.txt", "failures": "3", "errors": "0", "tests": "4"}
    cases = lesson_suite.findall("testcase")
    assert [case.get("name") for case in cases] == ["C601", "R301 1:1", "T401 1:1", "S101 2:3"]
    assert {case.get("classname") for case in cases} == {"课文/第一课.txt"}
    failure = cases[1].find("failure")
    assert failure.get("type") == "R301"
    assert failure.get("message") == "R301 name-R301: 年 does not read nian (nián)"
    assert failure.text == "课文/第一课.txt:1:1: error: R301 name-R301: 年 does not read nian (nián)"
    below_gate = cases[2]
    assert below_gate.find("failure") is None
    assert below_gate.find("system-out").text == "课文/第一课.txt:1:1: info: T401 name-T401: no tone on nian (nián)"
    assert [case.get("name") for case in clean_suite] == ["audit"]
    assert (clean_suite.get("tests"), clean_suite.get("failures")) == ("1", "0")
    assert broken_suite.get("errors") == "1"
    assert broken_suite.find("testcase/error").get("message") == "not valid UTF-8 at byte 3"


def test_junit_gate_at_error_fails_only_errors():
    suite, = junit_suites([lesson()], Severity.ERROR)
    assert suite.get("failures") == "1"


def test_junit_escapes_markup_and_drops_characters_xml_cannot_hold():
    document = Document('<a & "b">(yī)\x07', path='dir/<weird & "name">.txt')
    finding = finding_at(document, '"b">(yī)', "R301", Severity.ERROR, 'not <b> & "c"\x07')
    suite, = junit_suites([result_for(document, [finding])], Severity.ERROR)
    assert suite.get("name") == 'dir/<weird & "name">.txt'
    assert suite.find("testcase/failure").get("message") == r'R301 name-R301: not <b> & "c"\x07'  # as text shows it


def test_junit_streams_valid_xml_without_documents():
    assert junit_suites([], Severity.ERROR) == []
