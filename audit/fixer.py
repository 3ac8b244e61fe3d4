"""Applying fixes: audit, apply the fixes that do not touch each other, audit again.

``fix_text`` works on a string, ``fix_task`` on a file's bytes.  Each pass
applies every fix that conflicts with no other chosen in the same pass
(``audit.fix.choose``); the rest wait for the next pass, where they are found
again on the text the first ones produced, or not at all if those made them
moot.  The passes stop when nothing is left to apply, when a pass would bring
back a text already seen, or after ``MAX_PASSES``.

Only the edited glosses change: the line breaks of the original are put back
line by line (an edit never adds or removes one), and a file is written back
in its own encoding, behind its own byte-order mark.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from audit import memory
from audit.config import AuditConfig
from audit.engine import audit_input, guarded
from audit.finding import DocumentResult, Finding
from audit.fix import apply, choose
from audit.inputs import InputError, Task, normalized_newlines, prepare, read_text, with_line_breaks_of
from audit.rows import row_reader_for

MAX_PASSES = 10


@dataclass
class FixOutcome:
    """The fixed text, the findings whose fixes were applied, and the audit of the fixed text."""

    text: str
    applied: list[Finding]  # each with the positions of the pass that applied it
    result: DocumentResult  # what remains
    before: DocumentResult  # the audit of the text as given

    @property
    def remaining(self) -> list[Finding]:
        return self.result.findings


def fix_text(text: str, path: str | None = None, config: AuditConfig | None = None, *, unsafe: bool = False,
             input_format: str = "auto") -> FixOutcome:
    """Apply the safe fixes (and the unsafe ones with ``unsafe``) to ``text``, read as a file named ``path``."""
    config = config or AuditConfig()
    current = normalized_newlines(text)
    seen = {current}
    applied: list[Finding] = []
    result = before = _audit(current, path, config, input_format)
    for _ in range(MAX_PASSES):
        candidates = [f for f in result.findings if f.fix and (unsafe or f.fix.safe) and _keeps_lines(current, f)]
        chosen = choose([finding.fix for finding in candidates])
        fixed = apply(current, chosen)
        if not chosen or fixed in seen:
            break
        chosen_ids = {id(fix) for fix in chosen}
        applied += [finding for finding in candidates if id(finding.fix) in chosen_ids]
        seen.add(fixed)
        current = fixed
        result = _audit(current, path, config, input_format)
    return FixOutcome(with_line_breaks_of(current, text), applied, result, before)


def _audit(text: str, path: str | None, config: AuditConfig, input_format: str) -> DocumentResult:
    return audit_input(prepare(text, path, input_format), config)


def _keeps_lines(text: str, finding: Finding) -> bool:
    """Whether the fix leaves every line break where it is, which keeps the file's own line breaks restorable."""
    return not any("\n" in edit.replacement or "\n" in text[edit.start : edit.end] for edit in finding.fix.edits)


@dataclass
class FileFix:
    """One file's fix: its bytes before and after, and what was applied."""

    path: str  # where the file is written back
    name: str  # the path as messages, the report and the diff show it (``Task.name``)
    before: bytes = b""
    after: bytes = b""
    outcome: FixOutcome | None = None
    original_text: str = ""
    error: str | None = None

    @property
    def changed(self) -> bool:
        return self.after != self.before

    @property
    def result(self) -> DocumentResult:
        return self.outcome.result

    def diff(self) -> str:
        """A unified diff of the file's text, before and after."""
        name = _header_name(self.name)
        lines = difflib.unified_diff(_lines(self.original_text), _lines(self.outcome.text), fromfile=name, tofile=name)
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def _header_name(name: str) -> str:
    """The name as a diff's header gives it: ``patch`` reads a name up to a tab, or else up to a space, so a
    name with a space ends with a tab (as git writes it), where a date would follow."""
    return name + "\t" if any(character.isspace() for character in name) else name


def _lines(text: str) -> list[str]:
    """Lines with their line breaks, split at ``\n`` alone, as ``patch`` and ``git apply`` read a diff.

    A lone ``\r`` (old Mac line breaks) stays inside its line: split there, the diff's lines would
    not end in ``\n`` and could not be applied.
    """
    return _LINE.findall(text)


_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")


def not_fixed(task: Task, why: str) -> FileFix:
    """What stands for the fix of a file whose worker process died while on it: nothing written."""
    return FileFix(task.path, task.name, error=f"not fixed: {why}")


def fix_task(task: Task, config: AuditConfig, *, unsafe: bool = False, input_format: str = "auto") -> FileFix:
    """Fix one file (or standard input) in memory; writing it is the caller's choice."""
    if row_reader_for(task.path, input_format):
        return FileFix(task.path, task.name,
                       error="a dataset is audited row by row, not fixed: fix the texts it was made from")
    decoded = read_text(task, config.encoding, config.max_file_size)  # as ``check`` reads it
    if isinstance(decoded, InputError):
        return FileFix(task.path, task.name, error=decoded.message)
    too_large = memory.too_large(decoded.text)
    if too_large:
        return FileFix(task.path, task.name, error=too_large)
    # A bug one document triggers is its own error, as under check.
    outcome = guarded(task.name, lambda: fix_text(decoded.text, task.name, config, unsafe=unsafe,
                                                  input_format=input_format))
    if isinstance(outcome, DocumentResult):
        return FileFix(task.path, task.name, error=outcome.error)
    try:
        after = decoded.encode(outcome.text)
    except UnicodeEncodeError as error:
        return FileFix(task.path, task.name,
                       error=f"the fixed text cannot be written in {decoded.codec}: {error.reason}")
    return FileFix(task.path, task.name, decoded.data, after, outcome, decoded.text)
