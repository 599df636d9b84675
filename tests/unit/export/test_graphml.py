"""Tests for kg.export.graphml: GraphML and GEXF that graph tools (and networkx) re-open."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import networkx as nx
import pytest
from rdflib import Graph

from kg.export.graphml import (
    LIST_SEPARATOR,
    GexfExporter,
    GraphmlExporter,
    render_gexf,
    render_graphml,
    to_export_graph,
)
from kg.vocab import entity_iri
from tests.fixtures.analyze_graphs import (
    PAYLOAD_IMG,
    PAYLOAD_SCRIPT,
    Fact,
    hostile_graph,
    make_graph,
    seed_like_graph,
)

Render = Callable[[Graph], bytes]
Read = Callable[[io.BytesIO], nx.Graph]
FORMATS = [
    pytest.param(render_graphml, nx.read_graphml, id="graphml"),
    pytest.param(render_gexf, nx.read_gexf, id="gexf"),
]
SMITH = str(entity_iri("person/brad-smith"))


@pytest.mark.parametrize(("render", "read"), FORMATS)
def test_render_reopens_with_same_counts(render: Render, read: Read) -> None:
    for graph in (seed_like_graph(), hostile_graph()):
        back = read(io.BytesIO(render(graph)))
        reference = to_export_graph(graph)
        assert back.is_directed() and back.is_multigraph()
        assert back.number_of_nodes() == reference.number_of_nodes()
        assert back.number_of_edges() == reference.number_of_edges()


@pytest.mark.parametrize(("render", "read"), FORMATS)
def test_render_identical_bytes_ending_in_newline(render: Render, read: Read) -> None:
    data = render(seed_like_graph())
    assert data == render(seed_like_graph())
    assert data.endswith(b"\n") and data.startswith(b"<?xml")
    assert b"lastmodifieddate" not in data


@pytest.mark.parametrize(("render", "read"), FORMATS)
def test_render_keeps_attributes_and_markup_as_text(render: Render, read: Read) -> None:
    back = read(io.BytesIO(render(seed_like_graph())))
    smith = back.nodes[SMITH]
    assert smith["label"] == "Brad Smith"
    assert smith["entity_type"] == "Person"
    assert smith["alt_labels"] == "Smith"
    edges = {d["label"]: d for _, _, d in back.edges(data=True)}
    assert edges["sell to"]["polarity"] == "negative"
    assert edges["sell to"]["modality"] == "would"
    assert edges["encourage"]["category"] == "hedged"
    assert edges["president of"]["role"] in (True, "true")
    assert edges["ban"]["evidence"].startswith("Amazon followed suit")
    evil = read(io.BytesIO(render(hostile_graph())))
    labels = {d["label"] for _, d in evil.nodes(data=True)}
    assert PAYLOAD_IMG in labels and PAYLOAD_SCRIPT in labels


@pytest.mark.parametrize(("render", "read"), FORMATS)
def test_edge_ids_are_statement_iris(render: Render, read: Read) -> None:
    data = render(seed_like_graph())
    ids = set(re.findall(rb'<edge [^>]*id="([^"]+)"', data))
    assert len(ids) == 12 and all(i.startswith(b"https://w3id.org/kg/statement/") for i in ids)


def test_export_graph_joins_lists_and_drops_missing_values() -> None:
    graph = make_graph(
        [("person/a", "Person", "A", ("Ay", "Aye")), ("person/b", "Person", "B", ())],
        [Fact("person/a", "meet", "person/b", "A met B.", doc="x.txt")],
        {"x.txt": "X"},
    )
    g = to_export_graph(graph)
    a = g.nodes[str(entity_iri("person/a"))]
    assert a["alt_labels"] == f"Ay{LIST_SEPARATOR}Aye"
    assert a["documents"] == "https://w3id.org/kg/doc/x.txt"
    (edge,) = (d for _, _, d in g.edges(data=True))
    assert "modality" not in edge and "time" not in edge
    assert all(v is not None and not isinstance(v, tuple) for v in edge.values())


def test_render_survives_xml_illegal_characters() -> None:
    graph = make_graph([("person/a", "Person", "bell\x07 A", ())], [], {})
    for render, read in ((render_graphml, nx.read_graphml), (render_gexf, nx.read_gexf)):
        back = read(io.BytesIO(render(graph)))
        assert [d["label"] for _, d in back.nodes(data=True)] == ["bell\ufffd A"]


def test_exporters_protocol() -> None:
    graph = seed_like_graph()
    assert (GraphmlExporter.name, GraphmlExporter.suffix) == ("graphml", ".graphml")
    assert (GexfExporter.name, GexfExporter.suffix) == ("gexf", ".gexf")
    assert GraphmlExporter().render(graph) == render_graphml(graph)
    assert GexfExporter().render(graph) == render_gexf(graph)
