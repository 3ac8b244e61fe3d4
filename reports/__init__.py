"""The HTML report: frames of numbers, charts, pages, CSV and JSON.

``write_site(results, out_dir)`` is the entry point; the pieces are public so
that other outputs can reuse the same numbers.
"""

from reports.charts import Chart, render_charts
from reports.frames import Frames, build
from reports.pages import write_html
from reports.site import write_site

__all__ = ["Chart", "Frames", "build", "render_charts", "write_html", "write_site"]
