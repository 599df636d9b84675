"""Report stage: a `Report` -> report.html, one self-contained page with no script.

Jinja2 renders kg/report/templates/report.html with autoescaping on, so every string from a
document reaches the page as text. The page loads nothing (inline CSS, a CSP that forbids any
fetch) and links to graph.html beside it. Must not import spaCy or pyvis.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from jinja2 import Environment, StrictUndefined, Template
from rdflib import Graph

from kg.report.data import MEMBER_LABEL, to_report
from kg.report.markdown import TITLE
from kg.report.rows import Report
from kg.report.text import clean


@cache
def _template() -> Template:
    env = Environment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters["clean"] = clean
    source = resources.files("kg.report").joinpath("templates/report.html")
    return env.from_string(source.read_text(encoding="utf-8"))


def render_report_html(graph: Graph, *, top: int = 15, sentences: int | None = None) -> bytes:
    """Render the build report of a graph as a self-contained HTML page; deterministic.

    Args:
        graph: a graph in kg's data model.
        top: how many central entities and communities to list.
        sentences: the corpus's sentence count, shown when given (the graph lacks it).

    >>> b'href="graph.html"' in render_report_html(Graph())
    True
    """
    return render_html_report(to_report(graph, top=top, sentences=sentences))


def render_html_report(report: Report) -> bytes:
    """Render collected report rows as an HTML page (UTF-8, ending in a newline)."""
    entities = sum(n for _, n in report.entities_by_type)
    page = _template().render(title=TITLE, r=report, entities=entities, member_label=MEMBER_LABEL)
    return (page.rstrip("\n") + "\n").encode("utf-8")
