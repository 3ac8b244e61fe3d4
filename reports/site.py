"""``write_site``: the whole report, from audit results to files."""

from __future__ import annotations

import csv
import json
import math
import tempfile
from pathlib import Path
from typing import IO, Iterable, Iterator, Sequence

import pandas as pd

import reports.pages
from audit.finding import DocumentResult
from audit.formats.base import JsonArrayStream
from reports.charts import Chart, render_charts
from reports.frames import (FINDING_COLUMNS, CodeTally, FindingRow, Frames, PageNames, document_counts, document_row,
                            documents_frame, finding_rows, summarised)
from reports.pages import neighbours, paged, worst_rows, write_document, write_index

# Dataset rows kept whole, per row page, before those that can no longer get one are let go: choosing
# them costs a frame of the rows kept, so not at every row.
_ROWS_KEPT_PER_PAGE = 10


def write_site(results: Sequence[DocumentResult], out_dir: str | Path) -> list[Path]:
    """Write the report of ``results`` into ``out_dir`` and return the paths written.

    The directory is created if needed; files already there are overwritten
    only when the report writes a file of the same name, never deleted.
    """
    with SiteWriter(out_dir) as site:
        for result in results:
            site.add(result)
        return site.finish()


class SiteWriter:
    """A report written as results arrive, so that its memory does not grow with its documents.

    Each result's findings go to findings.csv (and, for report.json, to a
    scratch file) as it arrives; a document file's page is written as soon as
    the next result arrives (its "next" link needs that one's page name).
    What stays of a document is its counts (``document_counts``) and a tally
    of its findings' rules, from which the index, charts and documents.csv
    are made.  Dataset rows, of which only the worst get pages, are kept
    whole while they may be among them: a few times as many as get pages.
    Used as a context manager, so that findings.csv is closed however the
    run ends (``finish`` closes it too).
    """

    def __init__(self, out_dir: str | Path) -> None:
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.counts: list[dict] = []
        self.pages: list[str] = []
        self.codes = CodeTally()
        self._rows: dict[int, DocumentResult] = {}  # dataset rows by position, until finish
        self._page_name = PageNames()
        self._waiting: tuple[DocumentResult, str] | None = None  # the file (and its page) waiting for its next link
        self._previous_file: str | None = None  # the page of the last document file written
        self._written: list[Path] = []
        self._findings = FindingsWriter(self.out_dir / "findings.csv")

    def __enter__(self) -> "SiteWriter":
        return self

    def __exit__(self, *exception) -> None:
        self._findings.close()

    def add(self, result: DocumentResult) -> None:
        page = self._page_name(result.path)
        findings = finding_rows(result, page)
        self._findings.add(findings)
        self.codes.add(findings)
        self.counts.append(document_counts(result, page))
        self.pages.append(page)
        if result.document.row is None:
            self._write_waiting(following=page)
            self._waiting = (result, page)
        else:
            self._rows[len(self.pages) - 1] = result
            if len(self._rows) >= _ROWS_KEPT_PER_PAGE * reports.pages.MAX_ROW_PAGES:
                self._keep_worst_rows()

    def _keep_worst_rows(self) -> None:
        """Let go of the rows kept whole that can no longer get a page (see ``worst_rows``)."""
        positions = list(self._rows)
        documents = documents_frame([self.counts[position] for position in positions])
        kept = {positions[label] for label in worst_rows(documents)}
        for position in positions:
            if position not in kept:
                del self._rows[position]

    def finish(self) -> list[Path]:
        """Write the rest (the last file's page, the rows' pages, index, charts, tables); every path written."""
        frames = summarised(self.counts, self.codes)
        positions = paged(frames.documents)  # the files in order, then the worst rows
        files = int(frames.documents["row"].isna().sum())
        self._write_waiting(following=self.pages[positions[files]] if len(positions) > files else None)
        charts = render_charts(frames)
        written = [write_index(frames, charts, positions, self.out_dir), *self._written]
        pages = [self.pages[position] for position in positions]
        for number, position in enumerate(positions[files:], start=files):
            written.append(self._write_page(self._rows[position], self.pages[position], neighbours(pages, number)))
        return [*written, *write_chart_images(charts, self.out_dir), *self._write_tables(frames)]

    def _write_waiting(self, following: str | None) -> None:
        if self._waiting is None:
            return
        (result, page), self._waiting = self._waiting, None
        self._written.append(self._write_page(result, page, (self._previous_file, following)))
        self._previous_file = page

    def _write_page(self, result: DocumentResult, page: str, links: tuple[str | None, str | None]) -> Path:
        """A document's page, from its counts and findings made again here, for the pages written only
        (most rows get none)."""
        document, families = document_row(document_counts(result, page))
        return write_document(document, finding_rows(result, page), result, families, self.out_dir, links)

    def _write_tables(self, frames: Frames) -> list[Path]:
        """findings.csv (finished), documents.csv and report.json."""
        documents, report = self.out_dir / "documents.csv", self.out_dir / "report.json"
        defused(frames.documents).to_csv(documents, index=False, lineterminator="\n")
        with self._findings as findings:
            write_report_json(frames, findings, report)
        return [findings.path, documents, report]


class FindingsWriter:
    """findings.csv written a document at a time, and the same rows as report.json records,
    kept in a scratch file until ``write_report_json`` copies them in."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.csv = path.open("w", encoding="utf-8", newline="")
        self.json = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n")
        self.records = JsonArrayStream(_JSON_SEPARATOR)
        # The csv module quotes as pandas' to_csv does (which writes through it), so documents.csv reads alike.
        self.rows = csv.writer(self.csv, lineterminator="\n")
        self.rows.writerow(FINDING_COLUMNS)

    def add(self, findings: Sequence[FindingRow]) -> None:
        self.rows.writerows([_defused_cell(value) for value in finding] for finding in findings)
        self.csv.flush()  # the rows are on disk as each document finishes, whatever happens later
        for finding in findings:
            self.json.write(self.records.item(_dumped(finding._asdict(), "    ")))

    def json_chunks(self) -> Iterator[str]:
        """The records added, separated as in report.json, in pieces of bounded size."""
        self.json.seek(0)
        return iter(lambda: self.json.read(1 << 16), "")

    def __enter__(self) -> "FindingsWriter":
        return self

    def __exit__(self, *exception) -> None:
        self.close()

    def close(self) -> None:
        self.csv.close()
        self.json.close()


def write_chart_images(charts: Sequence[Chart], out_dir: Path) -> list[Path]:
    """The PNG copy of each chart, beside index.html."""
    paths = [out_dir / f"chart-{chart.name}.png" for chart in charts]
    for path, chart in zip(paths, charts):
        path.write_bytes(chart.png)
    return paths


# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defused(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with each text cell a spreadsheet would run as a formula quoted by a leading
    apostrophe, as OWASP advises against CSV injection (a file named ``=cmd|...``)."""
    text_columns = [column for column in frame.columns if pd.api.types.is_string_dtype(frame[column])]
    return frame.assign(**{column: frame[column].map(_defused_cell) for column in text_columns})


def _defused_cell(value):
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def write_report_json(frames: Frames, findings: FindingsWriter, path: Path) -> None:
    """The report's numbers as sorted, indented JSON: ``families``, ``totals``, one record per
    document (as documents.csv) and per finding (as findings.csv), written record by record.

    The findings' records were written as they came (``FindingsWriter``), so neither
    they nor the text of a large report are held whole in memory.  The text is what
    ``json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)`` gives for the same data.
    """
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write('{\n  "documents": ')
        _write_list(out, _separated(_dumped(record, "    ") for record in _json_records(frames.documents)))
        out.write(',\n  "families": ')
        _write_list(out, _separated(_dumped(family, "    ") for family in frames.families))
        out.write(',\n  "findings": ')
        _write_list(out, findings.json_chunks())
        out.write(',\n  "totals": ' + _dumped(_json_record(frames.totals.to_dict()), "  ") + "\n}\n")


# Between two items of a list in report.json, indented as json.dumps(indent=2) indents them.
_JSON_SEPARATOR = ",\n    "


def _separated(items: Iterable[str]) -> Iterator[str]:
    stream = JsonArrayStream(_JSON_SEPARATOR)
    return (stream.item(item) for item in items)


def _write_list(out: IO[str], chunks: Iterable[str]) -> None:
    """A JSON list of the items ``chunks`` spell out, already separated (``[]`` when there are none)."""
    chunks = iter(chunks)
    first = next(chunks, None)
    if first is None:
        out.write("[]")
        return
    out.write("[\n    " + first)
    for chunk in chunks:
        out.write(chunk)
    out.write("\n  ]")


def _dumped(value, indent: str) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True).replace("\n", "\n" + indent)


def _json_records(frame: pd.DataFrame) -> Iterator[dict]:
    columns = list(frame.columns)
    return (_json_record(dict(zip(columns, row))) for row in frame.itertuples(index=False, name=None))


def _json_record(record: dict) -> dict:
    return {key: _json_value(value) for key, value in record.items()}


def _json_value(value):
    # pandas hands out numpy scalars and NA markers; JSON wants plain values and null.
    if value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value
