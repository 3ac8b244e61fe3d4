"""``write_site``: the whole report, from audit results to files."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Sequence

import pandas as pd

from audit.finding import DocumentResult
from reports.charts import Chart, render_charts
from reports.frames import Frames, build
from reports.pages import write_html


def write_site(results: Sequence[DocumentResult], out_dir: str | Path) -> list[Path]:
    """Write the report of ``results`` into ``out_dir`` and return the paths written.

    The directory is created if needed; files already there are overwritten
    only when the report writes a file of the same name, never deleted.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    frames = build(results)
    charts = render_charts(frames)
    return [
        *write_html(frames, results, out_dir, charts),
        *write_chart_images(charts, out_dir),
        *write_tables(frames, out_dir),
    ]


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
    report.write_text(json.dumps(report_data(frames), ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                      encoding="utf-8")
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
        "documents": [_json_record(row) for row in frames.documents.to_dict("records")],
        "findings": [_json_record(row) for row in frames.findings.to_dict("records")],
    }


def _json_record(record: dict) -> dict:
    return {key: _json_value(value) for key, value in record.items()}


def _json_value(value):
    # pandas hands out numpy scalars and NA markers; JSON wants plain values and null.
    if value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value
