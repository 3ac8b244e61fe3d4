"""Inline suppressions, written in the document's own comment syntax.

Markdown and HTML use comments::

    <!-- pinyin-audit: disable=S103 -- brand name -->   … from this line
    <!-- pinyin-audit: enable=S103 -->                   … to this one
    <!-- pinyin-audit: disable-next-line=A201,T4 -- quoted as printed -->

Plain text has no comment syntax, so a directive there is a line of its
own that starts with ``#`` and the marker; the line is not audited::

    # pinyin-audit: disable-next-line=S103 -- brand name

Label files take the same ``#`` lines; there the next line is the next
utterance, both of its lines in the two-line layout.  Codes are rule codes or prefixes
(``S1``), separated by commas; the reason after `` -- `` is optional.  A
``disable`` without its ``enable`` runs to the end of the file.  A directive is
read in any case (``# PINYIN-AUDIT: DISABLE=S103``).

A directive that cannot be read is reported as X001, one that suppressed
nothing as X002, each at the comment (declared in :mod:`audit.rules`).
"""

from __future__ import annotations

import re
from typing import Callable, Iterable, Mapping, NamedTuple

from audit.document import Document
from audit.extraction import Comment, InputProblem
from audit.finding import Finding
from audit.rules import MALFORMED_SUPPRESSION, UNUSED_SUPPRESSION, all_rules
from audit.rules.registry import code_prefixes, selected_codes
from audit.version import TOOL_NAME

MARKER = TOOL_NAME  # the word that starts a directive
# A directive is read whatever its case (``# PINYIN-AUDIT: DISABLE=S103``), as flake8 reads ``# NOQA``: written in
# capitals, it was taken for an ordinary comment and suppressed nothing, without a word.
_LINE_DIRECTIVE = re.compile(rf"^[ \t]*#[ \t]*(?P<text>{MARKER}\b.*)$", re.MULTILINE | re.IGNORECASE)
# The directive patterns are compiled where a comment is first read as a directive (``re`` keeps them), not at
# import: most documents have none, and compiling both cost every run about 0.7 ms of CPU.
_DIRECTIVE = (
    rf"(?si){MARKER}:\s*(?P<action>disable-next-line|disable|enable)\s*=\s*"
    r"(?P<codes>[A-Za-z0-9]+(?:\s*,\s*[A-Za-z0-9]+)*)\s*(?:--\s*(?P<reason>.*?))?\s*"
)
# A directive as it is most often mistyped: the codes after a space or a colon (as other linters write them),
# underscores or spaces for hyphens, one hyphen before the reason.  Read only to say what to write instead.
_MISTYPED_DIRECTIVE = (
    rf"(?si){MARKER}\s*:?\s*(?P<action>disable[-_ ]?next[-_ ]?line|disable|enable)\s*[:= ]\s*"
    r"(?P<codes>[A-Za-z0-9]+(?:\s*[, ]\s*[A-Za-z0-9]+)*)\s*(?:--?\s*(?P<reason>.*?))?\s*"
)
_FOREVER = 1 << 62  # the last line of a region that is never closed


class Directive(NamedTuple):
    action: str              # disable, enable, disable-next-line
    codes: tuple[str, ...]   # codes or prefixes, upper case
    reason: str
    comment: Comment
    line: int                # where the comment starts
    end_line: int            # and ends


class Scope(NamedTuple):
    """Findings of ``code`` (a prefix) on lines ``first``..``last`` are suppressed."""

    code: str
    first: int
    last: int
    directive: Directive


# --------------------------------------------------------------------------
# Plain-text directives


def directive_lines(text: str) -> list[Comment]:
    """The ``# pinyin-audit…`` lines of a text without comment syntax."""
    return [Comment(m.start(), m.end(), m.group("text")) for m in _LINE_DIRECTIVE.finditer(text)]


def blank_directive_lines(text: str, comments: Iterable[Comment]) -> str:
    """The text with directive lines replaced by spaces, so offsets do not move."""
    pieces, position = [], 0
    for comment in comments:
        pieces += [text[position:comment.start], " " * (comment.end - comment.start)]
        position = comment.end
    return "".join(pieces) + text[position:]


# --------------------------------------------------------------------------
# Applying directives to findings


def suppress(
    findings: list[Finding],
    comments: Iterable[Comment],
    document: Document,
    enabled: Callable[[str], bool],
    known_codes: Iterable[str],
    blocks: Mapping[int, int] | None = None,
) -> tuple[list[Finding], list[InputProblem]]:
    """The findings no directive covers, and the problems with the directives.

    ``document`` gives the line numbers of comments in the file as written;
    ``enabled`` says whether a code runs at all, so that a directive for a
    rule switched off elsewhere is not reported as unused.  ``blocks`` maps
    the first line of a multi-line unit (a two-line label utterance) to its
    last, which ``disable-next-line`` then covers too.
    """
    known = sorted(known_codes)
    directives, problems = _parse(comments, document, known)
    scopes, unmatched = _scopes(directives, blocks or {})
    problems += unmatched
    used: set[tuple[int, str]] = set()
    kept = []
    for finding in findings:
        scope = _covering(scopes, finding)
        if scope is None:
            kept.append(finding)
        else:
            used.add((id(scope.directive), scope.code))
    problems += _unused(scopes, used, enabled, known)
    return kept, problems


def _parse(comments: Iterable[Comment], document: Document,
           known: list[str]) -> tuple[list[Directive], list[InputProblem]]:
    directives, problems = [], []
    for comment in comments:
        text = comment.text.strip()
        if text[:len(MARKER)].lower() != MARKER:
            continue  # an ordinary comment
        match = re.fullmatch(_DIRECTIVE, text)
        if match is None:
            problems.append(_problem(MALFORMED_SUPPRESSION.code, comment, f"cannot read the directive {text!r}",
                                     f"write {_directive_meant(text, known)}"))
            continue
        codes = code_prefixes(match.group("codes"))
        unknown = [code for code in codes if not selected_codes(code, known)]
        if unknown:
            problems.append(_problem(MALFORMED_SUPPRESSION.code, comment, f"{', '.join(unknown)} matches no rule code",
                                     "`pinyin-audit rules` lists the codes"))
            continue
        line = document.original_position(comment.start).line
        end_line = document.original_position(max(comment.start, comment.end - 1)).line
        action = match.group("action").lower()
        directives.append(Directive(action, codes, match.group("reason") or "", comment, line, end_line))
    return directives, problems


def _directive_meant(text: str, known: list[str]) -> str:
    """The directive a mistyped one most likely means, written as it reads; else how directives are written."""
    mistyped = re.fullmatch(_MISTYPED_DIRECTIVE, _names_as_codes(text))
    codes = code_prefixes(re.sub(r"[\s,]+", ",", mistyped.group("codes"))) if mistyped else ()
    if not codes or not all(selected_codes(code, known) for code in codes):
        return f"{MARKER}: disable=CODES, enable=CODES or disable-next-line=CODES, then optionally -- reason"
    action = "disable-next-line" if "next" in mistyped.group("action").lower() else mistyped.group("action").lower()
    reason = f" -- {mistyped.group('reason')}" if mistyped.group("reason") else ""
    return f"{MARKER}: {action}={','.join(codes)}{reason}"


def _names_as_codes(text: str) -> str:
    """The directive with the rule names before its reason written as their codes (``disable=wrong-tone`` means
    T401), since a name's hyphen would read as the one before a reason."""
    directive, separator, reason = text.partition(" --")
    for rule in all_rules():
        directive = re.sub(rf"(?<![\w-]){re.escape(rule.name)}(?![\w-])", rule.code, directive, flags=re.IGNORECASE)
    return directive + separator + reason


def _scopes(directives: list[Directive], blocks: Mapping[int, int]) -> tuple[list[Scope], list[InputProblem]]:
    """The lines each code is suppressed on; an ``enable`` closes the latest open ``disable``."""
    scopes: list[Scope] = []
    open_regions: dict[str, int] = {}  # code -> index in scopes
    problems = []
    for directive in directives:
        for code in directive.codes:
            if directive.action == "disable-next-line":
                following = directive.end_line + 1
                scopes.append(Scope(code, following, blocks.get(following, following), directive))
            elif directive.action == "disable":
                open_regions[code] = len(scopes)
                scopes.append(Scope(code, directive.line, _FOREVER, directive))
            elif code in open_regions:
                index = open_regions.pop(code)
                scopes[index] = Scope(code, scopes[index].first, directive.line, scopes[index].directive)
            else:
                problems.append(_problem(MALFORMED_SUPPRESSION.code, directive.comment,
                                         f"enable={code} without a disable={code} before it",
                                         f"remove it, or add {MARKER}: disable={code} where the region starts"))
    return scopes, problems


def _covering(scopes: list[Scope], finding: Finding) -> Scope | None:
    if finding.line is None:
        return None  # document-level findings are for per-file-ignores
    for scope in scopes:
        if scope.first <= finding.line <= scope.last and finding.code.startswith(scope.code):
            return scope
    return None


def _unused(scopes: list[Scope], used: set[tuple[int, str]], enabled: Callable[[str], bool],
            known: list[str]) -> list[InputProblem]:
    problems = []
    for scope in scopes:
        runs = any(enabled(code) for code in selected_codes(scope.code, known))
        if runs and (id(scope.directive), scope.code) not in used:
            where = "on the next line" if scope.directive.action == "disable-next-line" else "in its region"
            problems.append(_problem(UNUSED_SUPPRESSION.code, scope.directive.comment,
                                     f"{scope.code} suppresses nothing {where}",
                                     f"remove {scope.code} from the directive"))
    return problems


def _problem(code: str, comment: Comment, message: str, suggestion: str) -> InputProblem:
    return InputProblem(code, comment.start, comment.end, message, suggestion, span=" ".join(comment.text.split()))
