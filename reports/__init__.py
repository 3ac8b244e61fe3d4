"""The HTML report: frames of numbers, charts, pages, CSV and JSON.

``write_site(results, out_dir)`` is the entry point; the pieces are public so
that other outputs can reuse the same numbers.
"""

from reports.charts import Chart, render_charts
from reports.frames import Frames, build
from reports.pages import write_document, write_index
from reports.site import SiteWriter, write_site

__all__ = ["Chart", "Frames", "SiteWriter", "build", "render_charts", "write_document", "write_index", "write_site"]
