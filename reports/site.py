"""``write_site``: the whole report, from audit results to files."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Sequence

import pandas as pd

from audit.finding import DocumentResult
from reports.charts import Chart, render_charts
from reports.frames import Frames, PageNames, build
from reports.pages import neighbours, paged, write_document, write_index


def write_site(results: Sequence[DocumentResult], out_dir: str | Path) -> list[Path]:
    """Write the report of ``results`` into ``out_dir`` and return the paths written.

    The directory is created if needed; files already there are overwritten
    only when the report writes a file of the same name, never deleted.
    """
    site = SiteWriter(out_dir)
    for result in results:
        site.add(result)
    return site.finish()


class SiteWriter:
    """A report written as results arrive, so that it never holds every document's text.

    A document file's page is written as soon as the next result arrives
    (its "next" link needs that one's page name), and the result is then kept
    compact (``DocumentResult.compact``): counts and findings, which the index,
    charts and tables need.  Dataset rows, of which only the worst get pages,
    are kept whole until ``finish`` chooses them.
    """

    def __init__(self, out_dir: str | Path) -> None:
        self.out_dir = Path(out_dir)
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.results: list[DocumentResult] = []
        self.pages: list[str] = []
        self._page_name = PageNames()
        self._waiting: int | None = None      # the document file whose page waits for its next link
        self._previous_file: str | None = None  # the page of the last document file written
        self._written: list[Path] = []

    def add(self, result: DocumentResult) -> None:
        self.results.append(result)
        self.pages.append(self._page_name(result.path))
        if result.document.row is None:
            self._write_waiting(following=self.pages[-1])
            self._waiting = len(self.results) - 1

    def finish(self) -> list[Path]:
        """Write the rest (the last file's page, the rows' pages, index, charts, tables); every path written."""
        frames = build(self.results, self.pages)
        positions = paged(frames.documents)  # the files in order, then the worst rows
        files = sum(1 for result in self.results if result.document.row is None)
        self._write_waiting(following=self.pages[positions[files]] if len(positions) > files else None)
        charts = render_charts(frames)
        written = [write_index(frames, charts, positions, self.out_dir), *self._written]
        pages = [self.pages[position] for position in positions]
        for number, position in enumerate(positions[files:], start=files):
            one = build([self.results[position]], [self.pages[position]])
            written.append(write_document(one.documents.iloc[0], one.findings, self.results[position],
                                          one.families, self.out_dir, neighbours(pages, number)))
        return [*written, *write_chart_images(charts, self.out_dir), *write_tables(frames, self.out_dir)]

    def _write_waiting(self, following: str | None) -> None:
        if self._waiting is None:
            return
        position, self._waiting = self._waiting, None
        result = self.results[position]
        one = build([result], [self.pages[position]])
        self._written.append(write_document(one.documents.iloc[0], one.findings, result, one.families,
                                            self.out_dir, (self._previous_file, following)))
        self._previous_file = self.pages[position]
        self.results[position] = result.compact()


def write_chart_images(charts: Sequence[Chart], out_dir: Path) -> list[Path]:
    paths = []
    for chart in charts:
        path = Path(out_dir) / f"chart-{chart.name}.png"
        path.write_bytes(chart.png)
        paths.append(path)
    return paths


def write_tables(frames: Frames, out_dir: Path) -> list[Path]:
    """findings.csv, documents.csv and report.json, all from the frames."""
    out_dir = Path(out_dir)
    findings, documents, report = out_dir / "findings.csv", out_dir / "documents.csv", out_dir / "report.json"
    defused(frames.findings).to_csv(findings, index=False, lineterminator="\n")
    defused(frames.documents).to_csv(documents, index=False, lineterminator="\n")
    write_report_json(frames, report)
    return [findings, documents, report]


# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defused(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with each text cell a spreadsheet would run as a formula quoted by a leading
    apostrophe, as OWASP advises against CSV injection (a file named ``=cmd|...``)."""
    text_columns = [column for column in frame.columns if pd.api.types.is_string_dtype(frame[column])]
    return frame.assign(**{column: frame[column].map(_defused_cell) for column in text_columns})


def _defused_cell(value):
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def report_data(frames: Frames) -> dict:
    """The numbers of documents.csv and findings.csv, plus the totals, as JSON-ready data."""
    return {
        "families": list(frames.families),
        "totals": _json_record(frames.totals.to_dict()),
        "documents": list(_json_records(frames.documents)),
        "findings": list(_json_records(frames.findings)),
    }


def write_report_json(frames: Frames, path: Path) -> None:
    """``report_data`` as sorted, indented JSON, written record by record.

    The text is what ``json.dumps(report_data(frames), indent=2, sort_keys=True)``
    gives, but neither the records nor the text of a large report are held
    whole: they were the report's largest peak of memory.
    """
    parts = {
        "documents": _json_records(frames.documents),
        "families": iter(frames.families),
        "findings": _json_records(frames.findings),
        "totals": _json_record(frames.totals.to_dict()),
    }
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write("{")
        for number, (key, value) in enumerate(parts.items()):
            out.write(("," if number else "") + f"\n  {json.dumps(key)}: ")
            if isinstance(value, dict):
                out.write(_dumped(value, "  "))
                continue
            first = next(value, _NOTHING)
            if first is _NOTHING:
                out.write("[]")
                continue
            out.write("[\n    " + _dumped(first, "    "))
            for item in value:
                out.write(",\n    " + _dumped(item, "    "))
            out.write("\n  ]")
        out.write("\n}\n")


_NOTHING = object()


def _dumped(value, indent: str) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True).replace("\n", "\n" + indent)


def _json_records(frame: pd.DataFrame):
    columns = list(frame.columns)
    for row in frame.itertuples(index=False, name=None):
        yield {column: _json_value(value) for column, value in zip(columns, row)}


def _json_record(record: dict) -> dict:
    return {key: _json_value(value) for key, value in record.items()}


def _json_value(value):
    # pandas hands out numpy scalars and NA markers; JSON wants plain values and null.
    if value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value
