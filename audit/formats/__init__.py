"""Output formats: a registry of small streaming formatters, each declaring its ``name``.

Adding a format: a module with a ``Formatter`` subclass, and a line in ``FORMATS``
naming it and where it lives.  A format's module is imported only when a run
chooses it, so a plain check never pays for ``json``, ``xml`` or ``hashlib``.

The CLI asks for one by name and writes what it returns as it goes::

    formatter = get_formatter("sarif", rules=all_rules(), tool_version=VERSION, fail_on=Severity.ERROR)
    out.write(formatter.start())
    for result in results:          # one document at a time
        summary.add(result)
        for piece in formatter.pieces(result):  # the document's text, a line at a time where the format allows
            out.write(piece)
    out.write(formatter.finish(summary))
"""

from __future__ import annotations

import importlib
from typing import Mapping, NamedTuple, Sequence

from audit.finding import Severity
from audit.formats.base import NO_PATHS_ON_DISK, FormatOptions, Formatter
from audit.formats.summary import Summary
from audit.plugins import Registry
from audit.rules.registry import Rule


class ListedFormat(NamedTuple):
    """A format's name, and the module and class of its formatter (whose ``name`` is the same)."""

    name: str
    module: str
    class_name: str

    def load(self) -> type[Formatter]:
        return getattr(importlib.import_module(self.module), self.class_name)


FORMATS: Registry[ListedFormat] = Registry("format", [
    ListedFormat("text", "audit.formats.text", "TextFormatter"),
    ListedFormat("json", "audit.formats.json_report", "JsonFormatter"),
    ListedFormat("json-lines", "audit.formats.json_report", "JsonLinesFormatter"),
    ListedFormat("github", "audit.formats.github", "GithubFormatter"),
    ListedFormat("sarif", "audit.formats.sarif", "SarifFormatter"),
    ListedFormat("junit", "audit.formats.junit", "JunitFormatter"),
])
FORMAT_NAMES: tuple[str, ...] = FORMATS.names


def get_formatter(name: str, *, rules: Sequence[Rule], tool_version: str, fail_on: Severity,
                  color: bool = False, paths_on_disk: Mapping[str, str] = NO_PATHS_ON_DISK) -> Formatter:
    """A fresh formatter for one run; ``ValueError`` names the choices."""
    try:
        listed = FORMATS[name]
    except KeyError as error:
        raise ValueError(error.args[0]) from None
    return listed.load()(FormatOptions(rules=rules, tool_version=tool_version, fail_on=fail_on, color=color,
                                       paths_on_disk=paths_on_disk))


__all__ = ["FORMATS", "FORMAT_NAMES", "FormatOptions", "Formatter", "Summary", "get_formatter"]
