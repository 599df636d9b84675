"""Report exporters: Graph -> the build report, as Markdown or as its self-contained HTML twin.

`kg build` writes report.md and report.html itself; these let `kg export -f report-html`
render the report again from a built graph. The rendering lives in kg.report.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from kg.report import render_report_html, render_report_md


@dataclass(frozen=True, slots=True)
class ReportExporter:
    """Render the build report of a graph; pure and deterministic."""

    name: str
    suffix: str
    top: int = 15  # central entities and communities listed

    def render(self, graph: Graph) -> bytes:
        if self.suffix == ".md":
            return render_report_md(graph, top=self.top)
        return render_report_html(graph, top=self.top)


REPORT_MD = ReportExporter("report-md", ".md")
REPORT_HTML = ReportExporter("report-html", ".html")
