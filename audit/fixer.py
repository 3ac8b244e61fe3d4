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

import bisect
import codecs
import difflib
import functools
import itertools
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from audit import memory
from audit.config import AuditConfig
from audit.document import Document, Position
from audit.engine import Audited, audit_every_rule, guarded
from audit.finding import DocumentResult, Finding
from audit.fix import Edit, Fix, apply, choose
from audit.inputs import Input, InputError, Task, prepare, read_text
from audit.line_breaks import normalized_newlines, with_line_breaks_of
from audit.sectioning import SENTENCE_END
from audit.rows import row_reader_for

MAX_PASSES = 10


@dataclass
class FixOutcome:
    """The fixed text, the findings whose fixes were applied, and the audit of the fixed text."""

    text: str
    applied: list[Finding]  # each with the positions of the pass that applied it
    result: DocumentResult  # what remains
    before: DocumentResult  # the audit of the text as given
    # Findings whose fixes were left out because the text with them applied had a finding this text had not:
    # each with the positions of the pass that tried it, and the findings it would have brought.
    withheld: list[tuple[Finding, list[Finding]]] = field(default_factory=list)

    @property
    def remaining(self) -> list[Finding]:
        return self.result.findings


def fix_text(text: str, path: str | None = None, config: AuditConfig | None = None, *, unsafe: bool = False,
             input_format: str = "auto") -> FixOutcome:
    """Apply the safe fixes (and the unsafe ones with ``unsafe``) to ``text``, read as a file named ``path``.

    No fix is applied whose text has a finding the text before it had not (a fix must never make a text
    worse), whether the configuration reports that finding or not: the selection of rules and the suppressions
    choose what is reported and fixed, not what is safe to write (长大(chàng dà) is not written cháng where R302,
    which says zhǎng, is not selected).  A fix may bring a finding only where a fix of the same run can correct
    it in turn: under ``unsafe``, a tone corrected to a reading the context then rules out (长大(chàng dà) to
    cháng, then zhǎng).  Should such a finding remain all the same, the text is fixed again, allowing none.
    """
    given = prepare(normalized_newlines(text), path, input_format)
    return _fixed(text, given, path, config or AuditConfig(), unsafe, input_format)


def _fixed(text: str, given: Input, path: str | None, config: AuditConfig, unsafe: bool,
           input_format: str) -> FixOutcome:
    """``fix_text`` of ``text``, which its reader made ``given`` of."""
    audit = functools.partial(_audit, path=path, config=config, input_format=input_format)
    before = audit_every_rule(given, config)
    fixing = _Fixing(audit, before, unsafe, counting_on_fixes=True)
    outcome = fixing.run(text)
    if fixing.owed:
        outcome = _Fixing(audit, before, unsafe, counting_on_fixes=False).run(text)
    return outcome


def _audit(text: str, *, path: str | None, config: AuditConfig, input_format: str) -> Audited:
    return audit_every_rule(prepare(text, path, input_format), config)


class _Fixing:
    """Passes of fixes over one text, each audited; ``counting_on_fixes``: a fix may bring a finding that a
    fix of this run corrects."""

    def __init__(self, audit: Callable[[str], Audited], before: Audited, unsafe: bool, counting_on_fixes: bool) -> None:
        self.audit = audit
        self.before = before  # the audit of the text as given
        self.unsafe = unsafe
        self.counting_on_fixes = counting_on_fixes
        self.now = before  # the audit of the text as the passes have fixed it so far
        # Of its findings, those a fix brought, counting on another to correct them, and their own since.
        self.owed: set[Finding] = set()
        self.no_worse: tuple[str | None, Audited | None] = None, None
        # the groups of fixes left out already tried at once (``applied_together``)
        self.tried_together: set[frozenset[tuple]] = set()

    def applicable(self, finding: Finding) -> bool:
        return bool(finding.fix) and (self.unsafe or finding.fix.safe)

    def run(self, text: str) -> FixOutcome:
        current = normalized_newlines(text)
        seen = {current}
        outcome = FixOutcome(current, [], self.before.result, self.before.result)
        for _ in range(MAX_PASSES):
            withheld = {_withheld_key(finding) for finding, _ in outcome.withheld}
            candidates = [finding for finding in outcome.result.findings if self.applicable(finding)
                          and _keeps_stops(current, finding) and _withheld_key(finding) not in withheld]
            if candidates:
                fixed = self.applied_unless_worse(current, _chosen(candidates), outcome)
                if fixed is None:
                    continue  # every fix chosen was left out: those that touch them have their turn
            else:
                fixed = self.applied_together(current, outcome)
                if fixed is None:
                    break
            if fixed in seen:
                break
            seen.add(fixed)
            current = fixed
        outcome.text = with_line_breaks_of(current, text)
        remaining = set(map(_place, outcome.remaining))  # a fix left out once may have been made in a later pass
        outcome.withheld = [(finding, brought) for finding, brought in outcome.withheld
                            if _place(finding) in remaining]
        return outcome

    def applied_unless_worse(self, current: str, chosen: list[Finding], outcome: FixOutcome) -> str | None:
        """The text with the ``chosen`` fixes applied (its audit in ``outcome.result``), leaving out (into
        ``outcome.withheld``) those that make it worse (a cut word glossed whole with a wrong syllable copied
        from elsewhere, 小红书(xiǎo hóng shù)); ``None`` when no fix is left to apply."""
        before = self.now
        while chosen:
            fixed = apply(current, [finding.fix for finding in chosen])
            after = self.audited(fixed)
            matches = _matched(before, chosen, after)
            worse = self.worse(after, matches)
            if not worse:
                self.applied(outcome, chosen, after, matches)
                return fixed
            harmful = self.harmful(current, fixed, chosen, worse, before)
            outcome.withheld += [(finding, worse) for finding in harmful]
            # When no fix brings it alone, only their meeting does (a tone respelled in numbers while another fix
            # writes the gloss in marks): half of them wait for the next pass, made on the text the others make.
            chosen = [finding for finding in chosen if finding not in harmful] if harmful else chosen[: len(chosen) // 2]
        return None

    def applied_together(self, current: str, outcome: FixOutcome) -> str | None:
        """The text with a group of the fixes left out applied at once, when together they bring nothing (its
        audit in ``outcome.result``); ``None`` when no group does.

        A group is fixes each of which brought a finding on another's line: the glosses of one word, each
        of which alone would differ from the others (C602), all corrected alike.  Fixes left out on their
        own are tried apart from the others, so one kept in the same pass, such as a respelling of the same
        gloss, can have them meet only here.
        """
        for group in _bound_together(outcome.withheld):
            keys = frozenset(_withheld_key(finding) for finding in group)
            if keys in self.tried_together:
                continue
            self.tried_together.add(keys)
            found_again = [finding for finding in outcome.result.findings
                           if self.applicable(finding) and _withheld_key(finding) in keys]
            chosen = _chosen(found_again)
            if len(chosen) < 2:
                continue
            fixed = apply(current, [finding.fix for finding in chosen])
            after = self.audited(fixed)
            matches = _matched(self.now, chosen, after)
            if not self.worse(after, matches):
                self.applied(outcome, chosen, after, matches)
                return fixed
        return None

    def applied(self, outcome: FixOutcome, chosen: list[Finding], after: Audited,
                matches: list[Finding | None]) -> None:
        """Record the ``chosen`` fixes as applied, ``after`` the audit of the text they make (``matches``: its
        findings' in the text before, ``_matched``), and the findings they brought as owed."""
        outcome.applied += chosen
        outcome.result = after.result
        self.owed = {finding for finding, match in zip(after.every, matches) if match is None or match in self.owed}
        self.now = after

    def worse(self, after: Audited, matches: list[Finding | None]) -> list[Finding]:
        """The findings of ``after`` that fixes brought (``matches`` has none for them) and that count against them:
        all but those, reported, that a fix of this run may correct, when counting on fixes."""
        brought = [finding for finding, match in zip(after.every, matches) if match is None]
        if not (brought and self.counting_on_fixes):
            return brought
        reported = set(after.result.findings)
        return [finding for finding in brought if not (self.applicable(finding) and finding in reported)]

    def harmful(self, current: str, fixed: str, chosen: list[Finding], worse: list[Finding],
                before: Audited) -> list[Finding]:
        """Of ``chosen``, whose fixes together bring ``worse`` into ``fixed``, those to leave out.

        First suspected: the fixes whose new text holds a finding of ``worse``, then the fixes of glosses of the
        characters one is on (``_alike``), then those in the sentences of ``worse`` (not their lines: a document
        written as one line has thousands of fixes on it), each cleared if the others alone bring nothing; the
        first are then tried one by one, the others halved until each culprit is tried alone, so that a long
        document with one bad fix among many is audited a few times, not once per fix.
        """
        sentences_after = _Sentences(fixed)
        bearing = _bearing(chosen, sentences_after.offsets(worse))
        makes_worse = functools.partial(self.makes_worse, current, before=before)
        if _cleared(chosen, bearing, makes_worse):
            # Each holds a new finding: nearly every one is a culprit, which halving would find at twice the cost.
            return [finding for finding in bearing if len(bearing) == 1 or makes_worse([finding])]
        alike = _alike(chosen, worse)
        if alike != bearing and _cleared(chosen, alike, makes_worse):
            return _culprits(alike, makes_worse)
        worse_sentences = sentences_after.of_findings(worse)
        sentences_before = _Sentences(current)  # stops and line starts found once for every fix, not counted for each
        suspects = [finding for finding in chosen if sentences_before.of_fix(finding.fix) & worse_sentences]
        if suspects not in (bearing, alike) and _cleared(chosen, suspects, makes_worse):
            return _culprits(suspects, makes_worse)
        return _culprits(chosen, makes_worse)

    def makes_worse(self, current: str, findings: list[Finding], before: Audited) -> bool:
        fixed = apply(current, [finding.fix for finding in findings])
        after = self.audited(fixed)
        if self.worse(after, _matched(before, findings, after)):
            return True
        self.no_worse = fixed, after
        return False

    def audited(self, text: str) -> Audited:
        """The audit of ``text``; the last text ``makes_worse`` found no worse is not audited again when the
        search's verdict applies those fixes (only that one kept: a long document's audit is large)."""
        kept_text, kept_audit = self.no_worse
        return kept_audit if text == kept_text else self.audit(text)


def _bearing(chosen: list[Finding], places: list[int]) -> list[Finding]:
    """Of ``chosen``, the fixes whose new text holds one of ``places`` (offsets in the text they make): a gloss
    written anew that draws a finding itself (参加 glossed shēn jiā where the document writes cān jiā)."""
    places = sorted(places)
    bearing: set[int] = set()
    shift = 0  # how far the edits before this one moved its start
    for edit, finding in sorted(((edit, finding) for finding in chosen for edit in finding.fix.edits),
                                key=lambda edited: edited[0]):
        start = edit.start + shift
        if bisect.bisect_left(places, start) < bisect.bisect_left(places, start + len(edit.replacement)):
            bearing.add(id(finding))
        shift += len(edit.replacement) - (edit.end - edit.start)
    return [finding for finding in chosen if id(finding) in bearing]


def _alike(chosen: list[Finding], new: list[Finding]) -> list[Finding]:
    """Of ``chosen``, the fixes of glosses of the same characters as a ``new`` finding's: a rule that compares the
    glosses of a word across the document (C602) may report the glosses a fix left as they were, sentences away
    from it (two glosses of 反差 of four respelled fǎn chā, C602 on the two left fǎn chà)."""
    spans = {finding.span for finding in new if finding.span}
    return [finding for finding in chosen if finding.span in spans]


def _cleared(chosen: list[Finding], suspects: list[Finding], makes_worse: Callable[[list[Finding]], bool]) -> bool:
    """Whether the fixes of ``chosen`` but the ``suspects`` make the text no worse (and there are both)."""
    others = [finding for finding in chosen if finding not in suspects]
    return bool(suspects and others) and not makes_worse(others)


def _culprits(together: list[Finding], makes_worse: Callable[[list[Finding]], bool]) -> list[Finding]:
    """Of ``together``, whose fixes applied together make the text worse, those that do so on their own."""
    if len(together) == 1:
        return together
    halves = together[: len(together) // 2], together[len(together) // 2 :]
    return [finding for half in halves if makes_worse(half) for finding in _culprits(half, makes_worse)]


def _chosen(candidates: list[Finding]) -> list[Finding]:
    """The findings whose fixes ``choose`` takes for one pass."""
    chosen_ids = {id(fix) for fix in choose([finding.fix for finding in candidates])}
    return [finding for finding in candidates if id(finding.fix) in chosen_ids]


def _bound_together(withheld: list[tuple[Finding, list[Finding]]]) -> list[list[Finding]]:
    """The fixes left out, in groups joined wherever one brought a finding on the line of another (a group of
    one may stand for several: the same fix of the same rule twice on one line)."""
    found = {_withheld_key(finding): finding for finding, _ in withheld}
    on_line: dict[int | None, list[tuple]] = {}
    for key, finding in found.items():
        on_line.setdefault(finding.line, []).append(key)
    group_of = {key: {key} for key in found}
    for finding, brought in withheld:
        for line in {b.line for b in brought}:
            for other in on_line.get(line, ()):
                joined = group_of[_withheld_key(finding)] | group_of[other]
                for key in joined:
                    group_of[key] = joined
    groups = {id(group): group for group in group_of.values()}
    return [[found[key] for key in sorted(group, key=str)] for group in groups.values()]


def _matched(before: Audited, fixed: list[Finding], after: Audited) -> list[Finding | None]:
    """For each finding of ``after`` (the audit of ``before``'s text with the fixes of ``fixed`` applied), the
    finding of ``before`` it is, or ``None`` where it is new; the ``fixed`` findings are set aside.

    The same finding is one of the same rule at the place the edits moved it to (an edit moves what follows it
    along its line).  One that stood on what an edit rewrote may be anywhere in what the edit wrote, or on the
    same gloss of the same line (a gloss moved before an emoji).  So a new finding on another gloss of a line is
    not taken for one of the same rule that went from it, as a count of each rule on each line would take it.
    """
    set_aside = Counter(fixed)
    moves = _Moves([edit for finding in fixed for edit in finding.fix.edits])
    at: dict[tuple[str, int | None], list[Finding]] = {}  # by rule and offset after the edits (None: no place)
    rewritten = _Rewritten()
    for finding in before.every:
        if set_aside[finding]:
            set_aside[finding] -= 1
            continue
        offset = _offset(before, finding)
        written = None if offset is None else moves.written_over(offset)
        if written is None:
            at.setdefault((finding.code, None if offset is None else moves.moved(offset)), []).append(finding)
        else:
            rewritten.add(finding, *written)
    return [_same(finding, _offset(after, finding), at, rewritten) for finding in after.every]


def _same(finding: Finding, offset: int | None, at: dict[tuple[str, int | None], list[Finding]],
          rewritten: _Rewritten) -> Finding | None:
    """The finding of the text before that ``finding``, at ``offset``, is, taken out of ``at`` or ``rewritten``
    (``_matched``); ``None`` where there is none."""
    same_place = at.get((finding.code, offset))
    if same_place:
        return same_place.pop()
    return rewritten.take(finding, offset)


class _Rewritten:
    """The findings of the text before that stood on what an edit rewrote, each with where that edit's text stands
    in the text after, taken out by the finding after they are (``_same``): the first of the same rule, in the
    order added, whose edit's text holds the finding's offset or whose gloss of the same line is the finding's.

    They are chained by the edit's text and by gloss rather than kept in one list searched from its start and
    removed from: a line of thousands of glosses, each rewritten, cost a search and a removal that moved the
    thousands after it for each finding (the time grew with the square of the glosses).
    """

    def __init__(self) -> None:
        self.findings: list[Finding] = []  # in the order added
        self.taken: list[bool] = []  # by index in ``findings``: matched already
        self.by_written = _Chains()  # by rule and the edit's text
        self.by_gloss = _Chains()  # by rule, line and gloss
        self.written: dict[str, list[tuple[int, int]]] = {}  # by rule: each edit's text, sorted when a finding asks
        self.unsorted: set[str] = set()  # the rules whose edits' texts have been added to since sorted

    def add(self, finding: Finding, start: int, end: int) -> None:
        """Add ``finding``, on what an edit rewrote into the text from ``start`` to ``end`` of the text after."""
        self.findings.append(finding)
        self.taken.append(False)
        if self.by_written.add((finding.code, start, end)):
            self.written.setdefault(finding.code, []).append((start, end))
            self.unsorted.add(finding.code)
        self.by_gloss.add((finding.code, finding.line, finding.gloss) if finding.gloss else None)

    def take(self, finding: Finding, offset: int | None) -> Finding | None:
        """The first finding not yet taken that ``finding``, at ``offset`` in the text after, may be; ``None``
        where there is none."""
        firsts = [self.by_written.first_untaken((finding.code, start, end), self.taken)
                  for start, end in self._holding(finding.code, offset)]
        if finding.gloss:
            firsts.append(self.by_gloss.first_untaken((finding.code, finding.line, finding.gloss), self.taken))
        first = min((index for index in firsts if index is not None), default=None)
        if first is None:
            return None
        self.taken[first] = True
        return self.findings[first]

    def _holding(self, code: str, offset: int | None) -> list[tuple[int, int]]:
        """The edits' texts of findings of ``code`` that hold ``offset``, their start and end included.

        Sorted by start, they are sorted by end too (the edits do not overlap), so those holding ``offset`` are the
        last ones starting at or before it, back to the first ending before it: one, or a few touching there."""
        if offset is None or code not in self.written:
            return []
        written = self.written[code]
        if code in self.unsorted:
            written.sort()
            self.unsorted.discard(code)
        holding = []
        for index in range(bisect.bisect_right(written, (offset, sys.maxsize)) - 1, -1, -1):
            if written[index][1] < offset:
                break
            holding.append(written[index])
        return holding


class _Chains:
    """Indexes 0, 1, 2 ... added in turn, each under a key (or none), chained by key in the order added: the first
    of a key not yet taken is found by following its chain from the last one found (those before it were taken),
    so that each index is passed over once, with no container made for each key."""

    def __init__(self) -> None:
        self.following: list[int] = []  # by index: the next index of its key, or -1
        self.first: dict[tuple, int] = {}  # by key: its first index not known to be taken (-1: all are)
        self.last: dict[tuple, int] = {}

    def add(self, key: tuple | None) -> bool:
        """Add the next index under ``key``; whether the key is new."""
        index = len(self.following)
        self.following.append(-1)
        if key is None:
            return False
        new = key not in self.last
        if not new:
            self.following[self.last[key]] = index
        if new or self.first[key] == -1:
            self.first[key] = index
        self.last[key] = index
        return new

    def first_untaken(self, key: tuple, taken: list[bool]) -> int | None:
        """The first index under ``key`` that ``taken`` does not mark, remembered as where the next search starts;
        ``None`` when there is none."""
        if key not in self.first:
            return None
        index = self.first[key]
        while index != -1 and taken[index]:
            index = self.following[index]
        self.first[key] = index  # -1 once all are taken
        return None if index == -1 else index


def _offset(audit: Audited, finding: Finding) -> int | None:
    """Where ``finding`` starts in the text ``audit`` audited (as a fix's edits count), if it has a place."""
    if finding.line is None or finding.column is None:
        return None
    return audit.result.document.original_offset(Position(finding.line, finding.column))


class _Moves:
    """Where the offsets of a text go once ``edits``, which do not overlap, are applied to it."""

    def __init__(self, edits: list[Edit]) -> None:
        self.edits = sorted(edits)
        self.starts = [edit.start for edit in self.edits]
        self.shifts = list(itertools.accumulate((len(edit.replacement) - (edit.end - edit.start)
                                                 for edit in self.edits), initial=0))  # before each edit, and after all

    def written_over(self, offset: int) -> tuple[int, int] | None:
        """Where the text an edit wrote over ``offset`` starts and ends; ``None`` where no edit replaced it."""
        index = bisect.bisect_right(self.starts, offset) - 1
        if index < 0 or offset >= self.edits[index].end:
            return None
        start = self.edits[index].start + self.shifts[index]
        return start, start + len(self.edits[index].replacement)

    def moved(self, offset: int) -> int:
        """Where ``offset``, which no edit replaced, goes: past the text inserted before it."""
        return offset + self.shifts[bisect.bisect_right(self.starts, offset)]


def _place(finding: Finding) -> tuple[str, int | None]:
    return finding.code, finding.line


class _Sentences:
    """A text's sentences, numbered by the stops before them (a line break is one): the same numbers in the
    text before and after a pass's fixes, which never edit a stop (``_keeps_stops``)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.stops = [match.start() for match in SENTENCE_END.finditer(text)]

    def of_findings(self, findings: list[Finding]) -> set[int]:
        return set(map(self._at, self.offsets(findings)))

    def offsets(self, findings: list[Finding]) -> list[int]:
        """The offsets of the findings that have a place."""
        return [self._document.original_offset(Position(finding.line, finding.column))
                for finding in findings if finding.line is not None]

    @functools.cached_property
    def _document(self) -> Document:
        """The text's line starts, needed for findings' places alone (not for a fix's edits)."""
        return Document(self.text)

    def of_fix(self, fix: Fix) -> set[int]:
        return {self._at(edit.start) for edit in fix.edits}

    def _at(self, offset: int) -> int:
        return bisect.bisect_left(self.stops, offset)


def _withheld_key(finding: Finding) -> tuple:
    """A fix left out, as found again in a later pass (where its offsets may have moved): not tried again, which
    would cost audits of the whole text for a fix that brought a finding once.  What it writes is part of it: once
    another fix has corrected the syllables it copies (你 好(ní hǎo): the sandhi respelled, the split then writes
    你(nǐ) 好(hǎo)), it is another fix, and has its turn, so that fixing the fixed text changes nothing more.  So is
    its gloss, for a fix that writes nothing (a syllable dropped): the same drop from a gloss that other fixes have
    rewritten is another fix, and so is the same drop from another gloss of the line (hé from 东西(hé dōng xi),
    left out, and from 大📖(hé dà), made once the gloss is moved before the emoji)."""
    replacements = tuple(edit.replacement for edit in finding.fix.edits)
    return finding.code, finding.line, finding.gloss, finding.fix.title, replacements


def _keeps_stops(text: str, finding: Finding) -> bool:
    """Whether the fix leaves every line break where it is, which keeps the file's own line breaks restorable,
    and every other sentence stop, by which the findings it brings are traced back to it (``_Sentences``)."""
    return not any(SENTENCE_END.search(edit.replacement) or SENTENCE_END.search(text, edit.start, edit.end)
                   for edit in finding.fix.edits)


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
    bom: str = ""  # a UTF-8 file's byte-order mark, which starts its first line in the diff as in the file
    other_links: int = 0  # the file's other names (hard links), which a fix, written beside it and renamed, parts

    @property
    def changed(self) -> bool:
        return self.after != self.before

    @property
    def result(self) -> DocumentResult:
        return self.outcome.result

    def notes(self) -> list[str]:
        """A line for each fix left out, saying what it would have brought, and one for the file's other names
        when it changes, which keep the text as it was."""
        notes = [f"{self.name}:{finding.line}:{finding.column}: note: the fix of {finding.code} {finding.name} is left "
                 f"out: it would bring {_listed(brought)}"
                 for finding, brought in self.outcome.withheld]
        if self.changed and self.other_links:
            names = "another name (a hard link), which keeps" if self.other_links == 1 else \
                f"{self.other_links} other names (hard links), which keep"
            notes.append(f"{self.name}: note: the file has {names} the text as it was: the fixes go to this name only")
        return notes

    def diff(self) -> str:
        """A unified diff of the file's text, before and after."""
        name = _header_name(self.name)
        lines = difflib.unified_diff(_lines(self.bom + self.original_text), _lines(self.bom + self.outcome.text),
                                     fromfile=name, tofile=name)
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def _listed(findings: list[Finding]) -> str:
    return ", ".join(dict.fromkeys(f"{finding.code} {finding.name} on line {finding.line}" for finding in findings))


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
    # A bug one document triggers is its own error, as under check, its reader's included.
    outcome = guarded(task.name, lambda: _fixed_if_it_fits(decoded.text, task.name, config, unsafe, input_format))
    if isinstance(outcome, DocumentResult):
        return FileFix(task.path, task.name, error=outcome.error)
    try:
        after = decoded.encode(outcome.text)
    except UnicodeEncodeError as error:
        return FileFix(task.path, task.name,
                       error=f"the fixed text cannot be written in {decoded.codec}: {error.reason}")
    bom = "\ufeff" if decoded.bom == codecs.BOM_UTF8 else ""  # the diff is UTF-8: another's BOM is no text in it
    return FileFix(task.path, task.name, decoded.data, after, outcome, decoded.text, bom=bom,
                   other_links=_other_links(task))


def _fixed_if_it_fits(text: str, name: str, config: AuditConfig, unsafe: bool,
                      input_format: str) -> FixOutcome | DocumentResult:
    """``fix_text`` of the file's text, or where the memory there is cannot hold its audit, a result saying so.

    The document is weighed as ``check`` weighs it, as its reader makes it
    (with the offsets in the file a reader that leaves markup out keeps), and
    that reading is the first audit's: the text is read once for both.
    """
    item = prepare(normalized_newlines(text), name, input_format)
    too_large = memory.too_large(item.document)
    if too_large:
        return DocumentResult(Document("", name), error=too_large)
    return _fixed(text, item, name, config, unsafe, input_format)


def _other_links(task: Task) -> int:
    """How many other names the task's file has; none for standard input, or a file gone since it was read."""
    if task.data is not None:
        return 0
    try:
        return os.stat(task.path).st_nlink - 1
    except OSError:
        return 0
