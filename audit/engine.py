"""The audit pipeline: text -> glosses -> alignments -> judgements -> findings.

``audit_text`` is the public entry point for a string, ``audit_paths`` for
files and directories.  Findings get their positions here, from the gloss
each problem names, through ``Document.position``.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from audit.align import align
from audit.config import AuditConfig
from audit.context import AuditContext, Problem
from audit.document import Document
from audit.finding import DocumentResult, Finding, GlossRecord
from audit.gloss import find_glosses
from audit.inputs import InputError, iter_documents
from audit.rules.registry import Rule, all_rules
from audit.verdicts import judge


def audit_text(text: str, path: str | None = None, config: AuditConfig | None = None) -> DocumentResult:
    """Audit one text and return its findings."""
    return audit_document(Document(text, path), config)


def audit_document(document: Document, config: AuditConfig | None = None) -> DocumentResult:
    config = config or AuditConfig()
    text = document.text
    judgements = [judge(text, alignment, config.profile) for alignment in align(text, find_glosses(text))]
    context = AuditContext(document, config, judgements)
    findings = [
        _locate(context, rule, problem)
        for rule in all_rules()
        if config.enabled(rule.code)
        for problem in rule.check(context)
    ]
    findings.sort(key=lambda finding: finding.sort_key)
    glosses = [
        GlossRecord(j.alignment.span_start, j.alignment.span_end, j.alignment.gloss.open,
                    j.alignment.gloss.close, j.alignment.gloss.content)
        for j in judgements
    ]
    syllables = sum(len(j.alignment.units) for j in judgements)
    return DocumentResult(document, findings, glosses, syllables)


def audit_paths(paths: Iterable[str], config: AuditConfig | None = None) -> Iterator[DocumentResult]:
    """Audit files and directories one document at a time, so memory stays flat.

    A file that cannot be read yields a result with ``error`` set and no
    findings; the others are still audited.
    """
    config = config or AuditConfig()
    for item in iter_documents(paths, config.encoding, config.include, config.exclude):
        if isinstance(item, InputError):
            yield DocumentResult(Document("", item.path), error=item.message)
        else:
            yield audit_document(item, config.for_path(item.path))


def _locate(context: AuditContext, rule: Rule, problem: Problem) -> Finding:
    document = context.document
    severity = context.config.severities.get(rule.code) or problem.severity or rule.severity
    located = dict(path=document.path)
    if problem.gloss is not None:
        alignment = context.judgements[problem.gloss].alignment
        gloss = alignment.gloss
        start, end = gloss.open, gloss.end
        line, column = document.position(start)
        end_line, end_column = document.position(end)
        located.update(
            start=start, end=end, line=line, column=column, end_line=end_line, end_column=end_column,
            span=context.span_text(alignment), gloss=gloss.written, gloss_index=problem.gloss,
        )
    return Finding(rule.code, rule.name, rule.family, severity, problem.message, problem.suggestion, **located)
