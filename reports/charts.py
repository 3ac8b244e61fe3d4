"""The report's charts, drawn with matplotlib from the frames only.

Each chart is kept as SVG (inlined into index.html) and PNG (written beside
it).  Text stays text in the SVG (``svg.fonttype: none``) so the browser sets
Chinese document names with its own fonts; for the PNG a CJK font is looked
up among the installed ones.  Output is deterministic: fixed SVG id salt, no
dates or software versions in the files.
"""

from __future__ import annotations

import html
import io
import logging
import math
import re
import warnings
from dataclasses import dataclass
from contextlib import AbstractContextManager
from functools import cache

import matplotlib
import numpy as np
import pandas as pd
from matplotlib import font_manager
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from audit.wording import plural
from reports.frames import Frames, error_rate_column, finding_count_columns, findings_column, worst_first

log = logging.getLogger(__name__)

# Above this many documents the per-document charts show the worst WORST_SHOWN
# only, and the error rate of all of them as a histogram.
MAX_DOCUMENTS_SHOWN = 40
WORST_SHOWN = 30
LABEL_LENGTH = 40
WIDTH = 8.0  # inches; the SVG scales to the page, the PNG is WIDTH * DPI pixels wide
COMPACT_WIDTH = 2.2  # the chart beside the documents table
COMPACT_TICKS = 2  # at most this many steps on its count axis: more run into each other at counts in the hundreds
DPI = 100
LEGEND_COLUMNS = 4  # more would run past the figure's edge

CJK_FONTS = (
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback", "Noto Sans CJK JP",
    "Microsoft YaHei", "SimHei", "PingFang SC", "Heiti SC", "AR PL UMing CN",
)
CJK_CHARACTER = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
FAMILY_COLOURS = ("#d62728", "#ff7f0e", "#1f77b4", "#9467bd", "#2ca02c", "#8c564b",
                  "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")
NO_PNG_METADATA = {"Software": None}
NO_SVG_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}


@dataclass(frozen=True)
class Chart:
    name: str   # file stem of the PNG copy and id of the chart in index.html
    title: str
    svg: str    # an <svg> element ready to inline into HTML
    png: bytes
    compact: bool = False  # small enough to stand beside the documents table


def render_charts(frames: Frames) -> list[Chart]:
    """The index page's charts, worst documents first; none without documents."""
    documents = worst_first(frames.documents)
    if documents.empty:
        return []
    with _chart_style(documents["document"]), warnings.catch_warnings():
        # Missing glyphs are reported once, by _chart_style, not once per character.
        warnings.filterwarnings("ignore", message="Glyph .* missing from", category=UserWarning)
        if len(documents) > MAX_DOCUMENTS_SHOWN:
            worst = documents.head(WORST_SHOWN)
            figures = [
                ("error-rate-distribution", "Error rate of all documents", _error_rate_histogram(documents)),
                ("error-rate", f"Error rate of the {WORST_SHOWN} worst documents, by family",
                 _error_rate_bars(worst, frames.families)),
                ("families", f"Findings by family in the {WORST_SHOWN} worst documents",
                 _family_heatmap(worst, frames.families)),
            ]
        else:
            figures = [
                ("error-rate", "Error rate by document and family", _error_rate_bars(documents, frames.families)),
                ("families", "Findings by document and family", _family_heatmap(documents, frames.families)),
            ]
        figures.append(("codes", "Findings by rule", _findings_by_code(frames.codes, frames.families)))
        overview = _save("by-family", "Findings by family", _findings_by_family(documents, frames.families),
                         compact=True)
        return [*(_save(name, title, figure) for name, title, figure in figures), overview]


def _chart_style(labels: pd.Series) -> AbstractContextManager:
    fonts = ["DejaVu Sans", "sans-serif"]
    cjk = _cjk_font()
    if cjk:
        fonts.insert(1, cjk)
    elif labels.str.contains(CJK_CHARACTER).any():
        log.warning("pinyin-audit report: no CJK font found (e.g. fonts-wqy-microhei); "
                    "Chinese names show as boxes in the PNG charts (the HTML report is unaffected)")
    return matplotlib.rc_context({
        "svg.fonttype": "none",
        "text.parse_math": False,  # document names are text: a $ in one is no formula
        "font.family": fonts,
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    })


@cache
def _cjk_font() -> str | None:
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def _figure(rows: int, row_height: float = 0.28, minimum: float = 1.8, width: float = WIDTH) -> Figure:
    return Figure(figsize=(width, max(minimum, 1.4 + rows * row_height)), dpi=DPI, layout="constrained")


def _short(name: str) -> str:
    # Keep the end of a long path: the file name tells documents apart.
    return name if len(name) <= LABEL_LENGTH else "…" + name[-(LABEL_LENGTH - 1):]


def _family_colour(families: tuple[str, ...], family: str) -> str:
    return FAMILY_COLOURS[families.index(family) % len(FAMILY_COLOURS)]


def _error_rate_bars(documents: pd.DataFrame, families: tuple[str, ...]) -> Figure:
    figure = _figure(len(documents))
    axes = figure.subplots()
    positions = np.arange(len(documents))
    left = np.zeros(len(documents))
    widths = {family: 100 * documents[error_rate_column(family)].fillna(0).to_numpy() for family in families}
    shown = [family for family in families if widths[family].any()]
    for family in shown:  # a family with no error here would be a legend entry with no bar
        axes.barh(positions, widths[family], left=left, color=_family_colour(families, family), label=family,
                  height=0.7)
        left += widths[family]
    for position, total, rate in zip(positions, left, documents["error_rate"]):
        axes.text(total, position, "  n/a" if pd.isna(rate) else f" {100 * rate:.1f}%", va="center", fontsize=8)
    axes.set_yticks(positions, [_short(name) for name in documents["document"]])
    axes.invert_yaxis()
    axes.set_xlim(0, max(5.0, left.max(initial=0) * 1.15))
    axes.set_xlabel("glosses with an error (%)")
    if shown:
        figure.legend(loc="outside upper center", ncols=min(len(shown), LEGEND_COLUMNS), frameon=False)
    return figure


def _error_rate_histogram(documents: pd.DataFrame) -> Figure:
    figure = _figure(0, minimum=3.0)
    axes = figure.subplots()
    rates = 100 * documents["error_rate"].dropna()
    upper = min(100, 5 * math.ceil(max(5.0, rates.max() if len(rates) else 0) / 5))  # whole 5% steps
    axes.hist(rates, bins=np.linspace(0, upper, 41), color=FAMILY_COLOURS[2])
    axes.set_xlabel("glosses with an error (%)")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylabel("documents")
    axes.set_title(_distribution_title(rates), fontsize=9)
    return figure


def _distribution_title(rates: pd.Series) -> str:
    """How many documents the histogram counts, and their median; a document without glosses has no rate."""
    if rates.empty:
        return "no document has glosses"
    return f"{plural(len(rates), 'document')} with glosses, median {rates.median():.1f}%"


def _family_heatmap(documents: pd.DataFrame, families: tuple[str, ...]) -> Figure:
    # A column per family with findings here, as in the tables: eight leave their names too close to read.
    found = [family for family in families if documents[findings_column(family)].any()]
    families = tuple(found) or families  # with no findings at all, the empty grid says so
    counts = documents[finding_count_columns(families)].to_numpy()
    most = counts.max(initial=0)
    figure = _figure(len(documents), row_height=0.3)
    axes = figure.subplots()
    axes.imshow(counts, cmap="Reds", aspect="auto", vmin=0, vmax=max(1, most))
    for (row, column), count in np.ndenumerate(counts):
        dark = count > most / 2  # on the darker half of the scale, white text reads better
        axes.text(column, row, str(count), ha="center", va="center", fontsize=8,
                  color="white" if dark else "black")
    axes.set_xticks(np.arange(len(families)), families)
    axes.xaxis.tick_top()
    axes.set_yticks(np.arange(len(documents)), [_short(name) for name in documents["document"]])
    axes.tick_params(length=0)
    for spine in axes.spines.values():
        spine.set_visible(False)
    return figure


def _findings_by_family(documents: pd.DataFrame, families: tuple[str, ...]) -> Figure:
    """All documents' findings in each family that has some: the overview beside the table."""
    totals = documents[finding_count_columns(families)].sum().to_numpy()
    found = [(family, count) for family, count in zip(families, totals) if count]
    counts = np.array([count for _, count in found])
    figure, axes = _count_bars([family for family, _ in found], counts,
                               [_family_colour(families, family) for family, _ in found],
                               row_height=0.24, width=COMPACT_WIDTH)
    if axes is not None:
        axes.set_xlim(0, max(1, counts.max(initial=0)) * 1.2)  # room for the counts beside the bars
        axes.xaxis.set_major_locator(MaxNLocator(nbins=COMPACT_TICKS, integer=True))
    return figure


def _findings_by_code(by_code: pd.DataFrame, families: tuple[str, ...]) -> Figure:
    labels = [f"{code} {name}" for code, name in zip(by_code.index, by_code["name"])]
    colours = [_family_colour(families, family) for family in by_code["family"]]
    figure, axes = _count_bars(labels, by_code["count"], colours, row_height=0.25)
    if axes is not None:
        shown = [family for family in families if family in set(by_code["family"])]
        handles = [Patch(color=_family_colour(families, family), label=family) for family in shown]
        figure.legend(handles=handles, loc="outside upper center", ncols=min(len(shown), LEGEND_COLUMNS),
                      frameon=False)
    return figure


def _count_bars(labels: list[str], counts, colours: list[str], row_height: float,
                width: float = WIDTH) -> tuple[Figure, Axes | None]:
    """A bar of findings per label, its count written beside it; "no findings" (and no axes) when none."""
    figure = _figure(len(labels), row_height=row_height, width=width)
    axes = figure.subplots()
    if not labels:
        axes.text(0.5, 0.5, "no findings", ha="center", va="center", transform=axes.transAxes)
        axes.set_axis_off()
        return figure, None
    positions = np.arange(len(labels))
    axes.barh(positions, counts, color=colours, height=0.7)
    for position, count in zip(positions, counts):
        axes.text(count, position, f" {count}", va="center", fontsize=8)
    axes.set_yticks(positions, labels)
    axes.invert_yaxis()
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel("findings")
    return figure, axes


def _save(name: str, title: str, figure: Figure, compact: bool = False) -> Chart:
    # A salt per chart keeps SVG ids stable across runs and distinct between
    # the charts that share index.html.
    with matplotlib.rc_context({"svg.hashsalt": f"pinyin-audit-{name}"}):
        svg = io.StringIO()
        figure.savefig(svg, format="svg", metadata=NO_SVG_METADATA)
    png = io.BytesIO()
    figure.savefig(png, format="png", metadata=NO_PNG_METADATA)
    return Chart(name, title, _inline_svg(svg.getvalue(), title), png.getvalue(), compact)


def _inline_svg(svg: str, title: str) -> str:
    """The <svg> element alone, without the XML prolog and namespace URLs.

    Inside HTML the parser supplies the SVG and xlink namespaces itself, and
    the page must not name any URL.
    """
    element = svg[svg.index("<svg"):]
    element = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", element, count=2)
    return element.replace("<svg", f'<svg role="img" aria-label="{html.escape(title)}"', 1)
