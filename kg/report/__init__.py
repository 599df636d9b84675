"""Report stage: a kg graph -> the build report, as Markdown (report.md) and HTML (report.html).

Written for a journalist reading a build: what the corpus holds, who is central, which
commitments are stated in the negative, what is hedged or only reported, who said what.
Pure: graph in, bytes out, the same graph always giving the same bytes (no timestamps).
Must not import spaCy or pyvis.
"""

from __future__ import annotations

from kg.report.data import to_report
from kg.report.html import render_html_report, render_report_html
from kg.report.markdown import render_markdown, render_report_md
from kg.report.rows import Report

__all__ = [
    "Report",
    "render_html_report",
    "render_markdown",
    "render_report_html",
    "render_report_md",
    "to_report",
]
