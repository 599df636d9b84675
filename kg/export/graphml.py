"""GraphML and GEXF exporters: Graph -> bytes for graph tools (Gephi, Cytoscape, yEd, networkx).

Both render analyze.to_networkx's multigraph: one node per entity, one edge per statement
(positive, negated and hedged; the edge id is the statement IRI). List attributes are joined
with "|" and missing values left out, since GraphML and GEXF attributes are scalars.
Must not import pyvis or spaCy.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping

import networkx as nx
from rdflib import Graph

from kg.analyze import to_networkx
from kg.metrics import pagerank

LIST_SEPARATOR = "|"
# GEXF stamps the day it was written; dropping it keeps the bytes the same for the same graph.
_GEXF_DATE = re.compile(rb' lastmodifieddate="[^"]*"')
# Characters XML 1.0 cannot carry at all, even escaped; a stray one would make the file unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Our names for networkx's node attributes; "type" and "label" mean other things in GEXF.
_NODE_NAMES = {"label": "label", "type": "entity_type", "alt_labels": "alt_labels",
               "documents": "documents"}  # fmt: skip


def _scalars(
    attrs: Mapping[str, object], names: Mapping[str, str] | None = None
) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in attrs.items():
        if names is not None and key not in names:
            continue
        if value is None:
            continue
        if isinstance(value, tuple | list | set | frozenset):
            value = LIST_SEPARATOR.join(str(v) for v in value)
        if isinstance(value, str):
            value = _NOT_XML.sub("\ufffd", value)
        out[names[key] if names is not None else key] = value
    return out


def to_export_graph(graph: Graph) -> nx.MultiDiGraph:
    """Return the multigraph both formats write: scalar attributes only, in a fixed order.

    Nodes carry label, entity_type, alt_labels, documents ("|"-joined) and pagerank; edges
    carry label (the relation), predicate, polarity, category, role, evidence, document,
    confidence, extractor and, when present, modality, time and attributed_to.

    >>> to_export_graph(Graph()).number_of_edges()
    0
    """
    g = to_networkx(graph)
    ranks = pagerank(g)
    out: nx.MultiDiGraph = nx.MultiDiGraph()
    for node in sorted(g.nodes):
        out.add_node(node, **_scalars(g.nodes[node], _NODE_NAMES), pagerank=round(ranks[node], 6))
    for u, v, key, attrs in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        out.add_edge(u, v, key=key, **_scalars(attrs))
    return out


def render_graphml(graph: Graph) -> bytes:
    """Return the graph as GraphML (UTF-8); the same graph gives the same bytes."""
    buffer = io.BytesIO()
    nx.write_graphml_xml(to_export_graph(graph), buffer, encoding="utf-8")
    data = buffer.getvalue()
    return data if data.endswith(b"\n") else data + b"\n"


def render_gexf(graph: Graph) -> bytes:
    """Return the graph as GEXF 1.2 (UTF-8); the same graph gives the same bytes."""
    g = to_export_graph(graph)
    for _, _, key, attrs in g.edges(keys=True, data=True):
        attrs["id"] = key  # GEXF's edge id; GraphML takes the key itself
    buffer = io.BytesIO()
    nx.write_gexf(g, buffer, encoding="utf-8")
    data = _GEXF_DATE.sub(b"", buffer.getvalue())
    return data if data.endswith(b"\n") else data + b"\n"


class GraphmlExporter:
    """The "graphml" export format."""

    name = "graphml"
    suffix = ".graphml"

    def render(self, graph: Graph) -> bytes:
        """Return the GraphML bytes."""
        return render_graphml(graph)


class GexfExporter:
    """The "gexf" export format (Gephi's own)."""

    name = "gexf"
    suffix = ".gexf"

    def render(self, graph: Graph) -> bytes:
        """Return the GEXF bytes."""
        return render_gexf(graph)
