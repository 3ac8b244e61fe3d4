"""Output formats: a registry of small streaming formatters, each declaring its ``name``.

Adding a format: a module with a ``Formatter`` subclass, and a line in ``FORMATS``.

The CLI asks for one by name and writes what it returns as it goes::

    formatter = get_formatter("sarif", rules=all_rules(), tool_version=VERSION, fail_on=Severity.ERROR)
    out.write(formatter.start())
    for result in results:          # one document at a time
        summary.add(result)
        out.write(formatter.document(result))
    out.write(formatter.finish(summary))
"""

from __future__ import annotations

from typing import Sequence

from audit.finding import Severity
from audit.formats.base import FormatOptions, Formatter
from audit.formats.github import GithubFormatter
from audit.formats.json_report import JsonFormatter, JsonLinesFormatter
from audit.formats.junit import JunitFormatter
from audit.formats.sarif import SarifFormatter
from audit.formats.summary import Summary
from audit.formats.text import TextFormatter
from audit.plugins import Registry
from audit.rules.registry import Rule

FORMATS: Registry[type[Formatter]] = Registry("format", [
    TextFormatter,
    JsonFormatter,
    JsonLinesFormatter,
    GithubFormatter,
    SarifFormatter,
    JunitFormatter,
])
FORMAT_NAMES: tuple[str, ...] = FORMATS.names


def get_formatter(name: str, *, rules: Sequence[Rule], tool_version: str, fail_on: Severity,
                  color: bool = False) -> Formatter:
    """A fresh formatter for one run; ``ValueError`` names the choices."""
    try:
        formatter_class = FORMATS[name]
    except KeyError as error:
        raise ValueError(error.args[0]) from None
    return formatter_class(FormatOptions(rules=rules, tool_version=tool_version, fail_on=fail_on, color=color))


__all__ = ["FORMATS", "FORMAT_NAMES", "FormatOptions", "Formatter", "Summary", "get_formatter"]
