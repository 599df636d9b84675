"""Report stage: a `Report` -> report.html, one self-contained page with no script.

Jinja2 renders kg/report/templates/report.html with autoescaping on, so every string from a
document reaches the page as text. The page loads nothing (inline CSS, a CSP that forbids any
fetch) and links to graph.html beside it. Must not import spaCy or pyvis.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources

from jinja2 import Environment, StrictUndefined, Template
from markupsafe import Markup, escape
from rdflib import Graph

from kg.report.data import MEMBER_LABEL, to_report
from kg.report.markdown import TITLE
from kg.report.rows import Claim, Report
from kg.report.text import clean


@cache
def _template() -> Template:
    env = Environment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters["clean"] = clean
    env.globals["claim_rows"] = claim_rows
    source = resources.files("kg.report").joinpath("templates/report.html")
    return env.from_string(source.read_text(encoding="utf-8"))


def claim_rows(claims: Sequence[Claim], kind: str) -> Markup:
    """Return the table rows of negated or hedged claims, as the template would write them.

    Formatted here rather than in a template loop: a corpus has tens of thousands of claims,
    and Jinja's per-cell attribute lookups and filter calls were most of the page's time.
    """
    not_ = "not " if kind == "negative" else ""
    row = f'\n<tr class="{escape(kind)}"><td class="n">'
    return Markup(
        "".join(
            f'{row}{i}</td><td>{_text(c.subject)}</td><td class="relation">{not_}'
            f"{_text(c.relation)}</td><td>{_text(c.object)}</td><td>{_text(c.modality)}</td>"
            f'<td>{_text(c.said_by)}</td><td class="evidence">{_text(c.evidence)}</td>'
            f"<td>{_text(c.document)}</td></tr>"
            for i, c in enumerate(claims, 1)
        )
    )


# What markupsafe.escape replaces, "&" first; as plain str.replace, with no Markup object per
# cell (markupsafe builds one in Python for every call).
_HTML_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("'", "&#39;"), ('"', "&#34;"))


def _text(text: str) -> str:
    text = clean(text)
    for raw, escaped in _HTML_ESCAPES:
        if raw in text:
            text = text.replace(raw, escaped)
    return text


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
