"""JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure).

One ``<testsuite>`` per document, ``tests`` counting its test cases as readers of the
format do (the gloss count it was fell below ``failures`` where two findings share
a gloss), and one ``<testcase>`` per finding, named ``CODE line:column``:

- a finding at or above the failing severity carries a ``<failure>``;
- a finding below it passes, its text kept in ``<system-out>``: the check ran
  and the gate let it through, which ``<skipped>`` would misstate;
- a document with no findings gets a single passing ``audit`` test case, so
  that tools which count test cases rather than attributes still see it;
- a document that could not be audited gets an ``<error>`` test case ``read``.

Suites are streamed one per document; ``<testsuites>`` carries no totals
because they are unknown until the end.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from audit.finding import DocumentResult, Finding, ordered
from audit.formats.base import Formatter
from audit.formats.summary import Summary
from audit.formats.text import finding_line, message_with_suggestion, title
from audit.version import TOOL_NAME
from audit.wording import one_line

# Characters XML 1.0 cannot carry even escaped; audited text may contain them.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    return NOT_XML.sub("\ufffd", text)


def case_name(finding: Finding) -> str:
    if finding.line is None:
        return finding.code
    return f"{finding.code} {finding.line}:{finding.column}"


def add_case(suite: ET.Element, path: str, name: str) -> ET.Element:
    return ET.SubElement(suite, "testcase", classname=xml_safe(path), name=xml_safe(name))


def add_text_child(parent: ET.Element, tag: str, text: str, **attributes: str) -> None:
    child = ET.SubElement(parent, tag, {key: xml_safe(value) for key, value in attributes.items()})
    child.text = xml_safe(text)


class JunitFormatter(Formatter):
    name = "junit"

    def start(self) -> str:
        return f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="{TOOL_NAME}">\n'

    def document(self, result: DocumentResult) -> str:
        findings = ordered(result.findings)
        suite = ET.Element("testsuite", {
            "name": xml_safe(result.path),
            "failures": str(sum(map(self.fails, findings))),
            "errors": str(int(result.error is not None)),
        })
        if result.error is not None:
            case = add_case(suite, result.path, "read")
            add_text_child(case, "error", result.error, message=result.error, type="unreadable")
        for finding in findings:
            self.add_finding(suite, result.path, finding, failed=self.fails(finding))
        if result.error is None and not findings:
            add_case(suite, result.path, "audit")
        suite.set("tests", str(len(suite)))
        return ET.tostring(suite, encoding="unicode") + "\n"

    def fails(self, finding: Finding) -> bool:
        return finding.severity >= self.options.fail_on

    @staticmethod
    def add_finding(suite: ET.Element, path: str, finding: Finding, *, failed: bool) -> None:
        case = add_case(suite, path, case_name(finding))
        if failed:
            add_text_child(
                case, "failure", finding_line(path, finding),
                message=one_line(f"{title(finding)}: {message_with_suggestion(finding)}"), type=finding.code,
            )
        else:
            add_text_child(case, "system-out", finding_line(path, finding))

    def finish(self, summary: Summary) -> str:
        return "</testsuites>\n"
