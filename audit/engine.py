"""The audit pipeline: text -> glosses -> alignments -> judgements -> findings.

``audit_text`` is the public entry point for a string, ``audit_paths`` for
files and directories, ``audit_input`` for one input already read.  Findings
get their positions here, from the gloss each problem names, through
``Document.position``; problems a reader or a suppression found are placed
in the original file directly.  Suppressions apply last, to every finding.
"""

from __future__ import annotations

import functools
from typing import Callable, Iterable, Iterator, NamedTuple, Protocol, Sequence, TypeVar

from audit import memory, model
from audit.align import Alignment, GlossSpan, align, span_of, spans
from audit.config import AuditConfig
from audit.context import AuditContext, DocumentEvidence, Problem, reads_side_by_side, span_text
from audit.document import Document, RowRef
from audit.extraction import InputProblem
from audit.exits import internal_error
from audit.finding import DocumentResult, Finding, GlossRecords, ordered
from audit.fix import Applicability, Edit, Fix
from audit.gloss import LONGEST_GLOSS, Gloss, find_glosses, glosses_found_before, too_long_glosses
from audit.inputs import Input, InputError, Task, iter_tasks, load, prepare
from audit.rules import CHECKED, CODES, get_rule
from audit.rules.registry import Family, Rule
from audit.resolver import DocumentText, sentence_ends_between
from audit.sectioning import SECTION_GLOSSES
from audit.suppressions import suppress
from audit.verdicts import Judgement, Profile, judge, label_convention
from audit.workers import forked_worker_count, ordered_map

# The logger that gets the trace of a document's internal error, at DEBUG level (``--debug`` shows it).
LOGGER_NAME = "pinyin-audit"


def audit_text(text: str, path: str | None = None, config: AuditConfig | None = None,
               input_format: str = "auto") -> DocumentResult:
    """Audit one text, read as the command would read a file of that name."""
    return audit_input(prepare(text, path, input_format), config or AuditConfig())


def audit_input(item: Input, config: AuditConfig) -> DocumentResult:
    """Audit one input: the rules, the reader's own problems, then suppressions."""
    config = _configured(item, config)
    result, found = _findings(item, config)
    kept, directives = _suppressed(item, config, found)
    result.findings = _in_order(item, kept + directives)
    return result


class Audited(NamedTuple):
    """An input's audit as the configuration reports it, and every finding, whatever the configuration leaves out."""

    result: DocumentResult
    every: list[Finding]  # every rule's findings and the reader's problems, none selected out or suppressed


def audit_every_rule(item: Input, config: AuditConfig) -> Audited:
    """``audit_input``'s result, and beside it the findings of every rule, none left out by the configuration's
    selection (select, ignore, per-file ignores) or by a suppression: what a fix must not bring, whether the user
    asked to see it or not (``audit.fixer``).  One audit: where every rule is selected, it costs what
    ``audit_input`` costs."""
    config = _configured(item, config)
    result, found = _findings(item, config.every_rule())
    kept, directives = _suppressed(item, config, [finding for finding in found if config.enabled(finding.code)])
    result.findings = _in_order(item, kept + directives)
    return Audited(result, _in_order(item, found + directives))


def _configured(item: Input, config: AuditConfig) -> AuditConfig:
    """The configuration for ``item``: its path's, and for a speech label file the convention it follows."""
    config = config.for_path(item.document.path)
    if item.is_labels:
        config = config.for_labels(label_convention(item.document.text, item.glosses or ()))
    return config


def _findings(item: Input, config: AuditConfig) -> tuple[DocumentResult, list[Finding]]:
    """The audit of ``item``'s document, and the findings of the rules ``config`` selects and of the reader's own
    problems, none suppressed yet."""
    result = audit_document(item.document, config, item.glosses)
    problems = item.problems + _too_long_glosses(item)
    return result, result.findings + _input_findings(problems, item.document, config)


def _suppressed(item: Input, config: AuditConfig, findings: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """``findings`` less those ``item``'s comments suppress, and the suppressions' own findings (X001, X002)."""
    kept, problems = suppress(findings, item.comments, item.document, config.enabled, CODES, dict(item.blocks))
    return kept, _input_findings(problems, item.document, config)


def _in_order(item: Input, findings: list[Finding]) -> list[Finding]:
    """``findings`` in the order they are reported, each in a label utterance naming it."""
    return _name_utterances(ordered(findings), item.utterances)


def _name_utterances(findings: list[Finding], utterances: Sequence[tuple[int, int, str]]) -> list[Finding]:
    """Findings in a label utterance carry its id, so that every format names it with the place."""
    if not utterances:
        return findings
    ids = {line: name for first, last, name in utterances for line in range(first, last + 1)}
    return [
        finding._replace(utterance=ids[finding.line]) if finding.line in ids else finding
        for finding in findings
    ]


# The rules that compare glosses across the document: each gathers from every section, and decides at the end.
DOCUMENT_WIDE = frozenset(rule for rule in CHECKED if rule.family is Family.CONSISTENCY)
# The brackets a document may open (a gloss opens each) for its glosses to be aligned once, their alignments
# held until it is audited (under 1 KB each); a larger one gets a cheaper first look and is aligned again a
# section at a time, which costs it 3 to 15 % more CPU time (docs/speed.md, "Memory").
ALIGNED_ONCE_UP_TO = 2 * SECTION_GLOSSES


def audit_document(document: Document, config: AuditConfig | None = None,
                   glosses: Sequence[Gloss] | None = None) -> DocumentResult:
    """The rules' findings on a document, in the order the rules found them (``audit_input`` orders
    them with the reader's own); ``glosses``, when a reader wrote them itself, are not searched for.

    A first pass over the glosses gathers what every section reads of the
    whole document (``DocumentEvidence``) and records where each gloss is;
    then they are aligned again from those records (unless they are few: see
    ``_passes``), judged and checked a section at a time, and all that was
    worked out about a section, its glosses' alignments and judgements
    included, is dropped before the next.  What is held to the end is each gloss's
    record, in columns of offsets, and what the consistency rules gather to
    compare the glosses across the document.
    """
    config = config or AuditConfig()
    places = _Places(document.text)
    first_look, aligned = _passes(document.text, glosses, places)
    # ``reading``: what the resolver works out about this document, dropped with it
    context, reading = _aligned(document, config, places.recorded(first_look))
    checks = {rule: rule.check for rule in CHECKED if rule.check is not None and config.enabled(rule.code)}
    found: dict[Rule, list[Finding]] = {rule: [] for rule in checks}
    local = {rule: check for rule, check in checks.items() if rule not in DOCUMENT_WIDE}
    comparisons: dict[Rule, _Comparison] = {rule: check() for rule, check in checks.items() if rule in DOCUMENT_WIDE}
    syllables = 0
    for section in _judged_sections(context, reading, aligned()):
        for _, judgement in section.indexed():
            syllables += len(judgement.alignment.units)
        for rule, check in local.items():
            found[rule] += [_placed(document, rule, problem, config, places) for problem in check(section)]
        for comparison in comparisons.values():
            comparison.gather(section)
        reading.forget_passages()
    for rule, comparison in comparisons.items():
        found[rule] = [_placed(document, rule, problem, config, places) for problem in comparison.problems(context)]
    return DocumentResult(document, [finding for rule in checks for finding in found[rule]], places.records,
                          syllables)


class _Comparison(Protocol):
    """What a rule comparing glosses across the document makes for each document (its ``check`` is a class): it
    gathers what it needs from each section's context in turn, then says what it found."""

    def gather(self, section: AuditContext) -> None: ...
    def problems(self, context: AuditContext) -> Iterator[Problem]: ...


def _passes(text: str, glosses: Sequence[Gloss] | None, places: _Places) -> tuple[
        Iterable[Alignment | GlossSpan], Callable[[], Iterable[Alignment]]]:
    """What the first pass over a document's glosses reads, and how the second gets their alignments: a document
    of few glosses is aligned once, its alignments held until it is audited; a larger one gets a cheaper first
    look, the characters each gloss reads, and is aligned again a section at a time, its glosses made again from
    the records of the first pass (``places``) rather than searched for."""
    if memory.gloss_openings(text) <= ALIGNED_ONCE_UP_TO:
        alignments = list(align(text, _glosses_of(text, glosses)))
        return alignments, lambda: alignments
    again = places.glosses if glosses is None else lambda: glosses  # a reader's glosses are held already
    return spans(text, _glosses_of(text, glosses)), lambda: align(text, again())


def _glosses_of(text: str, glosses: Sequence[Gloss] | None) -> Iterable[Gloss]:
    """The glosses of ``text``: those a reader wrote itself (``glosses``), or else those found in it."""
    return find_glosses(text) if glosses is None else glosses


def document_context(document: Document, config: AuditConfig, glosses: Sequence[Gloss] | None = None) -> AuditContext:
    """What the rules read of a document: its glosses aligned and judged (``glosses`` as for ``audit_document``)."""
    alignments = list(align(document.text, _glosses_of(document.text, glosses)))
    context, reading = _aligned(document, config, alignments)
    context.judgements = _judged(reading, alignments, config.profile)
    context.section = range(len(alignments))
    return context


def _aligned(document: Document, config: AuditConfig,
             alignments: Iterable[Alignment | GlossSpan]) -> tuple[AuditContext, DocumentText]:
    """The document's context, with the evidence of its glosses' ``alignments`` (or spans) gathered, none judged
    yet, and what the resolver works out about the document, which reads through the space after each gloss where
    the evidence shows a space before them is the document's convention."""
    evidence = DocumentEvidence(document.text, alignments, config.lexicon, config.word_sources)
    reading = DocumentText(document.text, evidence.spaced_convention())
    return AuditContext(document, [], config.profile, reading=reading, labels=config.labels,
                        evidence=evidence), reading


def _judged_sections(context: AuditContext, reading: DocumentText,
                     alignments: Iterable[Alignment]) -> Iterator[AuditContext]:
    """The context of each section of the document in turn, its glosses judged (``reading`` is the context's)."""
    first = 0
    for section in sections(context.text, alignments, SECTION_GLOSSES):
        yield context.section_of(first, _judged(reading, section, context.profile))
        first += len(section)


def _judged(reading: DocumentText, alignments: Sequence[Alignment], profile: Profile) -> list[Judgement]:
    """The judgement of each of ``alignments``, the model asked once for them all."""
    reading.read_glosses(alignment.gloss for alignment in alignments)
    return reading.decide_all(alignments, lambda alignment: judge(reading, alignment, profile))


def sections(text: str, alignments: Iterable[Alignment], size: int) -> Iterator[list[Alignment]]:
    """Runs of at least ``size`` glosses (the last may be shorter), each ending where a sentence ends between two
    glosses: no gloss reads a character across the stop, no rule looks across it, and the resolver reads a
    sentence once, in the section that holds it."""
    section: list[Alignment] = []
    for alignment in alignments:
        if len(section) >= size and sentence_ends_between(text, section[-1].gloss.end, alignment.gloss.open):
            yield section
            section = []
        section.append(alignment)
    if section:
        yield section


def audit_paths(paths: Iterable[str], config: AuditConfig | None = None, input_format: str = "auto",
                jobs: int = 1) -> Iterator[DocumentResult]:
    """Audit files and directories one document at a time, so memory stays flat."""
    config = config or AuditConfig()
    return audit_tasks(iter_tasks(paths, config.include, config.exclude), config, input_format, jobs)


def audit_tasks(tasks: Iterable[Task], config: AuditConfig, input_format: str = "auto",
                jobs: int = 1) -> Iterator[DocumentResult]:
    """Results in the order of ``tasks``, from up to ``jobs`` processes (0: one per core).

    A file that cannot be read, or whose process died while auditing it,
    yields a result with ``error`` set and no findings; the others are still
    audited.
    """
    work = functools.partial(audit_task, config=config, input_format=input_format)
    tasks = list(tasks)
    processes = forked_worker_count(jobs, len(tasks))
    if processes == 1:
        yield from map(work, tasks)
        return
    load_tables()  # load the tables and the model once, so that forked workers start with them
    yield from ordered_map(work, tasks, processes, lost=lambda task, why: DocumentResult.not_audited(task.name, why))


# Touches every table and model a real document needs: phrases, 一/不, readings.
_WARM_UP = "我们去银行(yín háng)，行长(háng zhǎng)说：一个(yí gè)不是(bú shì)。"


def load_tables() -> None:
    """Load every table and model now rather than in the first document (they stay loaded): before
    forking, so that the workers share them rather than each loading its own."""
    audit_text(_WARM_UP)
    if model.available():
        model.array_scorer()  # the warm-up's few questions are scored without numpy; a worker's documents are not


def audit_task(task: Task, config: AuditConfig, input_format: str = "auto") -> DocumentResult:
    """One document's result, read and audited inside ``guarded``."""
    return guarded(task.name, lambda: _loaded_and_audited(task, config, input_format))


def _loaded_and_audited(task: Task, config: AuditConfig, input_format: str) -> DocumentResult:
    item = load(task, config.encoding, input_format, config.max_file_size)
    if isinstance(item, InputError):
        return DocumentResult(Document("", item.path), error=item.message)
    return audit_if_it_fits(item, config)


def audit_if_it_fits(item: Input, config: AuditConfig) -> DocumentResult:
    """``audit_input``, or where the memory there is cannot hold the audit, a result saying so: a file's
    document or a dataset's row, whose one cell may hold a whole corpus, rather than a run the system kills."""
    too_large = memory.too_large(item.document)
    if too_large:
        return DocumentResult(Document("", item.document.path, row=item.document.row), error=too_large)
    return audit_input(item, config)


_Work = TypeVar("_Work")


def guarded(name: str, audit: Callable[[], _Work], row: RowRef | None = None) -> _Work | DocumentResult:
    """``audit()`` (or another piece of work on one document), or, if it raises, the result of document
    ``name`` (or its ``row``) with the error.

    An unexpected exception is a bug, not the user's fault, but it must not
    cost the other documents their audit: it becomes this document's error
    (one line; the trace is logged, and ``--debug`` shows it).
    """
    try:
        return audit()
    except Exception as error:  # noqa: BLE001 - the guard that keeps one document's bug its own
        import logging  # only a run with a failing document pays for importing it

        log = logging.getLogger(LOGGER_NAME)
        log.debug("internal error auditing %s", name, exc_info=True)
        return DocumentResult(Document("", name, row=row), error=internal_error(error, log.isEnabledFor(logging.DEBUG)))


def _too_long_glosses(item: Input) -> tuple[InputProblem, ...]:
    """F508 for each bracket of pinyin too long to be read as a gloss, where glosses were searched for (a reader
    that writes them, as the label reader does, makes none so long)."""
    if item.glosses is not None:
        return ()
    document = item.document
    return tuple(
        InputProblem("F508", document.source_offset(start), document.source_offset(end - 1) + 1,
                     f"the pinyin in this bracket runs on for {end - start - 1:,} characters, past the "
                     f"{LONGEST_GLOSS:,} a gloss may hold, so none of its syllables was checked",
                     "gloss the text a sentence or a word at a time")
        for start, end in too_long_glosses(document.text)
    )


def _input_findings(problems: Iterable[InputProblem], document: Document, config: AuditConfig) -> list[Finding]:
    """Findings of the reader's own problems and the suppressions', placed in the file as written (where they are
    only there: comments, label lines)."""
    findings = []
    for problem in problems:
        if not config.enabled(problem.code):
            continue
        rule = get_rule(problem.code)
        line, column = document.original_position(problem.start)
        end_line, end_column = document.original_position(problem.end)
        severity = config.severities.get(rule.code) or rule.severity
        findings.append(Finding(rule.code, rule.name, rule.family, severity, problem.message, problem.suggestion,
                                path=document.path, line=line, column=column, end_line=end_line,
                                end_column=end_column, span=problem.span))
    return findings


class _Place(NamedTuple):
    """Where a gloss is, as a finding on it says: its brackets' offsets, its span and the gloss as written."""

    open: int
    end: int
    span: str
    written: str


class _Places:
    """Where each gloss of a document is, for the findings on it, whichever section they are made in: read from
    the glosses' records and the text (a gloss stands in the text as written, brackets and all, whether found
    there or placed by a reader), but for the few spans that step over a symbol, kept as they read."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.records = GlossRecords(text)
        self._scattered: dict[int, str] = {}  # by index: the span of a gloss whose characters are not side by side

    def recorded(self, alignments: Iterable[Alignment | GlossSpan]) -> Iterator[Alignment | GlossSpan]:
        """``alignments`` (or spans), each recorded as it passes: the glosses of the document, in order.

        Every gloss passes here, in interpreted code: its recording is written out in the loop rather than
        called, and the span's ends are unpacked before the call rather than passed with ``*`` (docs/speed.md,
        round 15)."""
        text, records, scattered = self.text, self.records, self._scattered
        for alignment in alignments:
            gloss, chars = alignment.gloss, alignment.chars
            if chars and not reads_side_by_side(chars):
                scattered[len(records)] = span_text(text, alignment)
            start, end = span_of(alignment)
            records.add(start, end, gloss.open, gloss.close, gloss.content)
            yield alignment

    def glosses(self) -> Iterator[Gloss]:
        """The glosses recorded, when they were found in the text: made again from their records, not searched for."""
        return glosses_found_before(self.text, self.records.brackets())

    def of(self, index: int) -> _Place:
        """Where the gloss of ``index`` is, as a finding on it says."""
        record = self.records[index]
        end = record.close + 1
        span = self._scattered.get(index)
        return _Place(record.open, end, self.text[record.span_start : record.span_end] if span is None else span,
                      self.text[record.open : end])


def _placed(document: Document, rule: Rule, problem: Problem, config: AuditConfig, places: _Places) -> Finding:
    """The finding of ``problem``, placed on its gloss (if it names one)."""
    severity = config.severities.get(rule.code) or problem.severity or rule.severity
    fix = _fix_in_file(document, problem.fix, rule.fix) if problem.fix else None
    finding = Finding(rule.code, rule.name, rule.family, severity, problem.message, problem.suggestion,
                      path=document.path, fix=fix)
    if problem.gloss is None:
        return finding
    place = places.of(problem.gloss)
    line, column = document.position(place.open)
    end_line, end_column = document.position(place.end)
    return finding._replace(start=place.open, end=place.end, line=line, column=column, end_line=end_line,
                            end_column=end_column, span=place.span, gloss=place.written, gloss_index=problem.gloss)


def _fix_in_file(document: Document, fix: Fix, applicability: Applicability | None) -> Fix | None:
    """The fix in offsets of the original file, with the rule's applicability.

    ``None`` when the rule declares no fix, when the document is a dataset's
    row (its text is a field, not a file), or when an edit touches text the
    file does not hold as such (a reader wrote it): the file must be fixed in
    its own syntax, or not at all.
    """
    if applicability is None or document.row is not None:
        return None
    edits = []
    for edit in fix.edits:
        where = document.source_range(edit.start, edit.end)
        if where is None:
            return None
        edits.append(Edit(*where, edit.replacement))
    return fix._replace(edits=tuple(edits), applicability=applicability)
