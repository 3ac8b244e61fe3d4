"""The HTML site: index.html and one page per document.

Numbers come from the frames; the per-document pages also need the text and
its glosses, which only the audit results hold.  Pages are self-contained:
CSS, JavaScript and charts are inlined and nothing is fetched.
"""

from __future__ import annotations

import bisect
import itertools
import os
import re
from functools import cache
from html import escape
from importlib import resources
from pathlib import Path
from string import Template
from typing import Callable, Iterable, Mapping, Sequence

import pandas as pd

from audit.finding import DocumentResult, GlossRecord, Severity, placed_message
from audit.formats.text import severity_tally
from audit.pinyin import parse_pinyin
from audit.wording import one_line, plural
from reports.charts import Chart
from reports.frames import FindingRow, Frames, breakdown, findings_column, worst_first

NOT_APPLICABLE = "—"


# A dataset's rows get pages only for the worst of them: a page per row of a million helps nobody.
MAX_ROW_PAGES = 100


def write_index(frames: Frames, charts: Sequence[Chart], positions: Sequence[int], out_dir: Path) -> Path:
    return _write(Path(out_dir) / "index.html", index_page(frames, charts, positions))


def write_document(document: Mapping, findings: Sequence[FindingRow], result: DocumentResult,
                   families: Sequence[str], out_dir: Path, neighbours: tuple[str | None, str | None]) -> Path:
    """One document's page, named as its row of the documents frame says (``document_row`` gives it
    without a frame), its findings as ``finding_rows`` gives them."""
    return _write(Path(out_dir) / document["page"], document_page(document, findings, result, families, neighbours))


def neighbours(pages: Sequence[str], number: int) -> tuple[str | None, str | None]:
    """The pages before and after page ``number``, for the previous and next links."""
    return (pages[number - 1] if number > 0 else None, pages[number + 1] if number + 1 < len(pages) else None)


def paged(documents: pd.DataFrame) -> list[int]:
    """The positions of the documents that get a page: every document file in order, then the
    ``MAX_ROW_PAGES`` worst rows of datasets, worst first."""
    is_row = documents["row"].notna().to_numpy()
    return [position for position in range(len(documents)) if not is_row[position]] + \
        [documents.index.get_loc(label) for label in worst_rows(documents[is_row])]


def worst_rows(rows: pd.DataFrame) -> pd.Index:
    """The labels of the dataset rows of ``rows`` that get a page, worst first.

    A row's place depends on its own counts alone, so the worst of some rows
    that are among the worst of all stay so whatever other rows are added.
    """
    return worst_first(rows).head(MAX_ROW_PAGES).index


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


@cache
def _template(name: str) -> str:
    return resources.files("reports").joinpath("templates", name).read_text(encoding="utf-8")


def _fill(template: str, **values: str) -> str:
    return Template(_template(template)).substitute(
        css=_template("report.css"), js=_template("report.js"), **values)


# Index page ----------------------------------------------------------------

def _percent(rate: float) -> str:
    return NOT_APPLICABLE if pd.isna(rate) else f"{100 * rate:.1f}%"


def _decimal(value: float) -> str:
    return NOT_APPLICABLE if pd.isna(value) else f"{value:.1f}"


def _sort_key(value: float) -> str:
    # Raw numbers make the sort exact; undefined rates sort below every rate.
    return "-1" if pd.isna(value) else repr(float(value))


def _columns(families: Sequence[str]) -> list[tuple[str, str, Callable]]:
    """(heading, frame column, formatter) for each numeric column of the table."""
    return [
        ("Glosses", "glosses", str),
        ("Syllables", "syllables", str),
        ("Findings", "findings", str),
        *[(family, findings_column(family), str) for family in families],
        ("Error rate", "error_rate", _percent),
        ("Per 100 glosses", "findings_per_100", _decimal),
    ]


def index_page(frames: Frames, charts: Sequence[Chart], positions: Sequence[int] | None = None) -> str:
    """The index: the table of documents with a page, worst first, beside a compact chart; then
    datasets broken down and the detailed charts."""
    documents = frames.documents
    positions = range(len(documents)) if positions is None else positions
    columns = _columns(_families_found(frames))
    shown = worst_first(documents.iloc[list(positions)])
    rows = "\n".join(_index_row(document, columns) for _, document in shown.iterrows())
    totals = _index_row(frames.totals, columns, link=False)
    return _fill("index.html", audited=escape(_audited(documents)),
                 summary=escape(_summary(frames.totals, len(documents))),
                 overview="\n".join(_figure(chart) for chart in charts if chart.compact),
                 charts="\n".join(_figure(chart) for chart in charts if not chart.compact),
                 datasets=_datasets(frames),
                 head=_head("Document", columns, sorted_by="error_rate"), rows=rows, totals=totals)


def _audited(documents: pd.DataFrame) -> str:
    """What the report is of, for its title: the file audited, or how many files and the directory they share."""
    files = documents["file"].drop_duplicates()
    if len(files) <= 1:
        return files.iloc[0] if len(files) else "nothing audited"
    try:
        shared = os.path.commonpath(list(files))
    except ValueError:  # absolute paths beside relative ones
        shared = ""
    return f"{plural(len(files), 'file')} in {shared}" if shared else plural(len(files), "file")


def _families_found(frames: Frames) -> list[str]:
    """The families with findings in the report: the ones its tables give a column."""
    return [family for family in frames.families if frames.totals[findings_column(family)]]


def _head(name: str, columns: list[tuple[str, str, Callable]], sorted_by: str = "document") -> str:
    """The heading row; ``sorted_by`` names the column the rows come sorted by: the name (``document``) A to Z,
    a number worst first."""
    def sort_state(column: str) -> str:
        if column != sorted_by:
            return ""
        return f' aria-sort="{"ascending" if column == "document" else "descending"}"'

    return f'<th data-type="text"{sort_state("document")}>{escape(name)}</th>' + "".join(
        f'<th data-type="number"{sort_state(column)}>{escape(heading)}</th>' for heading, column, _ in columns)


def _datasets(frames: Frames) -> str:
    """For datasets: the rows summed per file and per source, and which rows have pages."""
    documents = frames.documents
    rows = documents[documents["row"].notna()]
    if rows.empty:
        return ""
    shown = min(len(rows), MAX_ROW_PAGES)
    note = (f"{plural(len(rows), 'row')} of datasets, each audited as a document. Pages and the table below are "
            f"for the {plural(shown, 'row')} with the highest error rates (at most {MAX_ROW_PAGES}); "
            "every row is in documents.csv and every finding in findings.csv.")
    columns = [("Rows", "documents", str), *_columns(_families_found(frames))]
    tables = [_breakdown_table(heading, breakdown(rows, by, frames.families), columns)
              for heading, by in (("File", "file"), ("Source", "source")) if rows[by].ne("").any()]
    return f'<section class="datasets">\n<p class="note">{escape(note)}</p>\n' + "\n".join(tables) + "\n</section>"


def _breakdown_table(heading: str, groups: pd.DataFrame, columns: list[tuple[str, str, Callable]]) -> str:
    named = groups.assign(document=groups["document"].replace("", NOT_APPLICABLE))  # rows with no source
    body = "\n".join(_index_row(group, columns, link=False) for _, group in named.iterrows())
    return (f'<table class="breakdown"><caption>By {escape(heading.lower())}</caption>\n'
            f"<thead><tr>{_head(heading, columns)}</tr></thead>\n<tbody>\n{body}\n</tbody></table>")


def _index_row(document: pd.Series, columns: list[tuple[str, str, Callable]], link: bool = True) -> str:
    name = escape(document["document"])
    if link:  # the full name on hover, and wrapped only at path separators
        label = f'<a href="{escape(document["page"])}" title="{name}">{_breakable(document["document"])}</a>'
    else:
        label = name
    if document["audit_error"]:
        label += f' <span class="badge" title="{escape(document["audit_error"])}">not audited</span>'
    cells = [f'<td data-sort="{name}">{label}</td>']
    for _, column, formatter in columns:
        value = document[column]
        cells.append(f'<td data-sort="{_sort_key(value)}">{escape(formatter(value))}</td>')
    return "<tr>" + "".join(cells) + "</tr>"


def _breakable(path: str) -> str:
    """The path as HTML that may wrap after each separator and nowhere else (not at a hyphen)."""
    return "<wbr>".join(f'<span class="segment">{escape(part)}</span>'
                        for part in re.split(r"(?<=[/\\])", path) if part)


def _summary(counts: Mapping, documents: int | None = None) -> str:
    parts = [plural(documents, "document")] if documents is not None else []
    parts += [
        plural(counts["glosses"], "gloss", "glosses"), plural(counts["syllables"], "syllable"),
        f"{plural(counts['findings'], 'finding')} "
        f"({severity_tally(counts['errors'], counts['warnings'], counts['infos'])})",
    ]
    if pd.isna(counts["error_rate"]):  # "error rate — · — findings per 100 glosses" read as a garbled line
        parts.append("no rates without glosses")
    else:
        parts += [f"error rate {_percent(counts['error_rate'])}",
                  f"{_decimal(counts['findings_per_100'])} findings per 100 glosses"]
    return " · ".join(parts)


def _figure(chart: Chart) -> str:
    return (f'<figure class="chart" id="chart-{escape(chart.name)}">'
            f"<figcaption>{escape(chart.title)}</figcaption>\n{chart.svg}</figure>")


# Document pages --------------------------------------------------------------

def document_page(document: Mapping, findings: Sequence[FindingRow], result: DocumentResult,
                  families: Sequence[str], neighbours: tuple[str | None, str | None]) -> str:
    problem = ""
    if document["audit_error"]:
        problem = f'<p class="problem">Not audited: {escape(document["audit_error"])}</p>'
    return _fill(
        "document.html",
        title=escape(document["document"]),
        summary=escape(_summary(document)),
        navigation=_navigation(*neighbours),
        problem=problem,
        toggles=" ".join(_toggle(family, document[findings_column(family)]) for family in families),
        text=_text(result, findings),
        findings_heading="Findings" if findings else "No findings",  # not a heading over an empty list
        findings="\n".join(_finding_item(finding) for finding in findings),
    )


def _text(result: DocumentResult, findings: Sequence[FindingRow]) -> str:
    """The document's text with its glosses and findings; a file read but empty says so, rather than show an
    empty box that reads as a page that failed to load."""
    if not result.document.text and result.error is None:
        return '<span class="empty">(an empty file)</span>'
    return render_text(result.document.text, result.glosses, findings)


def _navigation(previous: str | None, following: str | None) -> str:
    def link(anchor_id: str, page: str | None, label: str) -> str:
        if page is None:
            return f'<span class="disabled">{label}</span>'
        return f'<a id="{anchor_id}" href="{escape(page)}">{label}</a>'

    return " ".join([link("up", "index.html", "Index"), link("previous", previous, "← Previous"),
                     link("next", following, "Next →")])


def _toggle(family: str, count: int) -> str:
    return (f'<label><input type="checkbox" data-family="{escape(family)}" checked> '
            f'{escape(family)} <span class="count">{count}</span></label>')


def _finding_item(finding: FindingRow) -> str:
    where = NOT_APPLICABLE if finding.line is None else f"{finding.line}:{finding.column}"
    located = "" if finding.start is None else ' data-located="1"'
    # A link only where the text shows what it points at: a finding on a comment (an unused suppression) or on
    # the whole document has no highlight, and a link there went nowhere.
    where = f'<a class="where" href="#">{where}</a>' if located else f'<span class="where">{where}</span>'
    severity = escape(finding.severity)
    suggestion = escape(one_line(finding.suggestion))
    suggestion_span = f' <span class="suggestion">→ {suggestion}</span>' if suggestion else ""
    return (
        f'<li class="sev-{severity}" data-finding="{finding.finding}" data-family="{escape(finding.family)}" '
        f'data-rank="{finding.severity_rank}"{located}>'
        f'{where} <code>{escape(finding.code)}</code> '
        f'<span class="name">{escape(finding.name)}</span> '
        f'<span class="severity">{severity}</span> <span class="message">{escape(_message(finding))}</span>'
        f'{suggestion_span} <span class="family">{escape(finding.family)}</span></li>'
    )


def _message(finding: FindingRow) -> str:
    """A row's message as the text formats print it, after its utterance in a speech label file, the control and
    invisible characters it quotes escaped (a right-to-left override would turn the rest of the line around)."""
    return one_line(placed_message(finding.message, finding.utterance))


def _tooltip(finding: FindingRow) -> str:
    tip = f"{finding.code} {finding.severity}: {_message(finding)}"
    return f"{tip} → {one_line(finding.suggestion)}" if finding.suggestion else tip


class Highlights:
    """Which findings cover each stretch of the text.

    The text is cut wherever a finding starts or ends; between two cuts the
    set of covering findings is constant.  A finding of no length covers the
    character at its offset, so that it can still be seen.
    """

    def __init__(self, length: int, findings: Sequence[FindingRow]) -> None:
        events: dict[int, list[tuple[int, int]]] = {}
        self.tooltips: dict[int, str] = {}
        self.ranks: dict[int, int] = {}
        for finding in findings:
            if finding.start is None:
                continue  # a finding about the whole document
            start = min(finding.start, length)
            end = min(max(finding.end, start + 1), length)
            if start >= end:
                continue
            events.setdefault(start, []).append((+1, finding.finding))
            events.setdefault(end, []).append((-1, finding.finding))
            self.tooltips[finding.finding] = _tooltip(finding)
            self.ranks[finding.finding] = finding.severity_rank
        self.cuts = sorted({0, length, *events})
        self.covering: list[frozenset[int]] = []
        active: set[int] = set()
        for cut in self.cuts[:-1]:
            for change, number in events.get(cut, ()):
                (active.add if change > 0 else active.discard)(number)
            self.covering.append(frozenset(active))

    def stretches(self, start: int, end: int) -> Iterable[tuple[int, int, frozenset[int]]]:
        """(start, end, findings) for each stretch of constant cover within [start, end)."""
        index = bisect.bisect_right(self.cuts, start) - 1
        while start < end:
            stop = min(self.cuts[index + 1], end)
            yield start, stop, self.covering[index]
            start, index = stop, index + 1

    def at(self, offset: int) -> frozenset[int]:
        if not 0 <= offset < self.cuts[-1]:
            return frozenset()
        return self.covering[bisect.bisect_right(self.cuts, offset) - 1]

    def mark(self, content: str, numbers: frozenset[int]) -> str:
        if not numbers:
            return content
        ordered = sorted(numbers)
        severity = str(Severity(int(max(self.ranks[n] for n in ordered))))
        title = escape("\n".join(self.tooltips[n] for n in ordered))
        ids = " ".join(str(n) for n in ordered)
        return f'<mark class="sev-{severity}" data-findings="{ids}" title="{title}">{content}</mark>'


def render_text(text: str, glosses: Sequence[GlossRecord], findings: Sequence[FindingRow]) -> str:
    """The text as HTML: glosses as ruby over the characters they read, findings highlighted.

    A gloss that reads no characters (or whose offsets do not make sense)
    stays as written, brackets and all.
    """
    highlights = Highlights(len(text), findings)

    def plain(start: int, end: int, also: frozenset[int] = frozenset()) -> str:
        covered = [(text[a:b], numbers | also) for a, b, numbers in highlights.stretches(start, end)]
        # ``also`` can make neighbouring stretches alike: one highlight for both.
        return "".join(highlights.mark(escape("".join(piece for piece, _ in alike)), numbers)
                       for numbers, alike in itertools.groupby(covered, key=lambda c: c[1]))

    def ruby(gloss: GlossRecord) -> str:
        # A finding on the whole bracketed gloss is about the ruby as a whole,
        # characters included; one on a bracket alone is about the reading.
        opening, closing = highlights.at(gloss.open), highlights.at(gloss.close)
        whole = opening & closing
        syllables = _syllable_offsets(text, gloss)
        if syllables:  # each syllable over its own character, as ruby is meant to be read
            return "<ruby>" + "".join(
                f"{plain(character, character + 1, whole)}<rt>{plain(start, end, opening | closing)}</rt>"
                for character, (start, end) in zip(range(gloss.span_start, gloss.span_end), syllables)
            ) + "</ruby>"
        if gloss.pinyin == text[gloss.open + 1:gloss.close]:
            reading = plain(gloss.open + 1, gloss.close, opening | closing)
        else:
            covering = frozenset().union(*(n for _, _, n in highlights.stretches(gloss.open, gloss.close + 1)))
            reading = highlights.mark(escape(gloss.pinyin), covering)
        return f"<ruby>{plain(gloss.span_start, gloss.span_end, whole)}<rt>{reading}</rt></ruby>"

    parts, position = [], 0
    for gloss in sorted(glosses, key=lambda g: g.open):
        if not position <= gloss.span_start < gloss.span_end <= gloss.open <= gloss.close < len(text):
            continue
        parts += [plain(position, gloss.span_start), ruby(gloss), plain(gloss.span_end, gloss.open)]
        position = gloss.close + 1
    parts.append(plain(position, len(text)))
    return "".join(parts)


def _syllable_offsets(text: str, gloss: GlossRecord) -> list[tuple[int, int]]:
    """Where each syllable of the gloss is in ``text``, when it spaces one syllable per character read;
    otherwise (joined syllables, erhua, a gloss rewritten by its reader) none, and the gloss is one ruby."""
    content_start = gloss.open + 1
    content = text[content_start:gloss.close]
    parsed = parse_pinyin(content)
    syllables = parsed.syllables
    if (gloss.pinyin != content or not parsed.ok or any(syllable.erhua for syllable in syllables)
            or len(syllables) != gloss.span_end - gloss.span_start):
        return []
    offsets = [(content_start + s.start, content_start + s.start + len(s.written)) for s in syllables]
    spaced = all(text[end:start].isspace() for (_, end), (start, _) in zip(offsets, offsets[1:]))
    return offsets if spaced else []
