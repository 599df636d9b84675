"""Export stage: rdflib Graph -> bytes, one exporter per format.

To add a format, write a module here with a class that has `name`, `suffix` and
`render(graph) -> bytes`, and add one line below.
"""

from __future__ import annotations

from typing import Protocol

from rdflib import Graph

from kg.export.graphml import GexfExporter, GraphmlExporter
from kg.export.html import HtmlExporter
from kg.export.rdf import JSONLD, NQUADS, NTRIPLES, TRIG, TURTLE
from kg.export.report_html import REPORT_HTML, REPORT_MD
from kg.registry import Registry


class Exporter(Protocol):
    """Render a graph as the bytes of one file format; pure: no paths, no files."""

    @property
    def name(self) -> str: ...

    @property
    def suffix(self) -> str: ...

    def render(self, graph: Graph) -> bytes: ...


EXPORTERS: Registry[Exporter] = Registry("export format")
EXPORTERS.add("turtle", TURTLE)
EXPORTERS.add("nt", NTRIPLES)
EXPORTERS.add("nquads", NQUADS)
EXPORTERS.add("trig", TRIG)
EXPORTERS.add("jsonld", JSONLD)
EXPORTERS.add("graphml", GraphmlExporter())
EXPORTERS.add("gexf", GexfExporter())
EXPORTERS.add("html", HtmlExporter())
EXPORTERS.add("report-md", REPORT_MD)
EXPORTERS.add("report-html", REPORT_HTML)

__all__ = ["EXPORTERS", "Exporter"]
