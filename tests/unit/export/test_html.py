"""Tests for kg.export.html: a self-contained, deterministic, injection-safe page."""

from __future__ import annotations

import json
import re
from importlib import resources
from typing import Any

import pytest
from rdflib import Graph

from kg.errors import ExportError
from kg.export.html import EDGE_STYLE, HtmlExporter, render_html, script_json
from kg.vocab import entity_iri
from tests.fixtures.analyze_graphs import (
    PAYLOAD_IMG,
    PAYLOAD_SCRIPT,
    RTL,
    hostile_graph,
    seed_like_graph,
    synthetic_graph,
)

DATA = re.compile(r'<script type="application/json" id="kg-data">(.*?)</script>', re.S)
VIS = resources.files("pyvis").joinpath("lib/vis-9.1.2")


def _page(graph: Graph, **options: Any) -> str:
    return render_html(graph, **options).decode("utf-8")


def _data(page: str) -> dict[str, Any]:
    found = DATA.search(page)
    assert found is not None
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def _without_vis(page: str) -> str:
    # vis-network's own files carry licence URLs and SVG namespaces in strings; the rest of
    # the page is ours and must not point anywhere.
    for name in ("vis-network.min.js", "vis-network.css"):
        text = VIS.joinpath(name).read_text(encoding="utf-8")
        assert text in page
        page = page.replace(text, "")
    return page


def test_render_html_identical_bytes_ending_in_newline() -> None:
    first = render_html(seed_like_graph(), title="Seed")
    assert first == render_html(seed_like_graph(), title="Seed")
    assert first.endswith(b"\n")
    assert first.startswith(b"<!DOCTYPE html>")


def test_render_html_same_bytes_on_oxigraph_store() -> None:
    graph = seed_like_graph()
    ox = Graph(store="Oxigraph")
    ox.addN((s, p, o, ox) for s, p, o in graph)
    assert render_html(ox) == render_html(graph)


def test_render_html_is_self_contained() -> None:
    page = _page(seed_like_graph())
    assert "vis.Network" in page and "new vis.DataSet" in page  # the library is inlined
    ours = DATA.sub("", _without_vis(page))
    assert ours.count('href="report.html"') == 1  # the one link: the report beside the page
    ours = ours.replace('href="report.html"', "")
    for needle in ("http:", "https:", "//cdn", "src=", "href=", "url(", "@import", "<link", "<img"):
        assert needle not in ours.lower(), needle
    css = VIS.joinpath("vis-network.css").read_text(encoding="utf-8")
    assert all(
        u.startswith(("data:", '"data:', "'data:")) for u in re.findall(r"url\(([^)]*)", css)
    )


def test_render_html_data_block_has_no_markup_characters() -> None:
    page = _page(hostile_graph())
    block = DATA.search(page)
    assert block is not None
    for char in ("<", ">", "&", "\u2028", "\u2029"):
        assert char not in block.group(1)
    for raw in (PAYLOAD_IMG, PAYLOAD_SCRIPT, "<b>hate</b>", "<!--"):
        assert raw not in page
    labels = {n["fullLabel"] for n in _data(page)["nodes"]}
    assert PAYLOAD_IMG in labels and PAYLOAD_SCRIPT in labels  # the text survives, as text
    assert any(RTL in label for label in labels)
    evidence = {e["evidence"] for e in _data(page)["edges"]}
    assert any(PAYLOAD_SCRIPT in ev and "\U0001f600" in ev for ev in evidence)


def test_render_html_title_is_escaped() -> None:
    page = _page(seed_like_graph(), title='<script>alert("t")</script> & co')
    assert "<title>&lt;script&gt;alert(&#34;t&#34;)&lt;/script&gt; &amp; co</title>" in page


def test_script_json_round_trips_every_character() -> None:
    value = {"x": "</script><!-- & \u2028\u2029 \U0001f600 " + RTL}
    text = script_json(value)
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == value


def test_render_html_nodes_and_edges_match_the_graph() -> None:
    data = _data(_page(seed_like_graph()))
    assert len(data["nodes"]) == 15
    assert len(data["edges"]) == 12
    assert [n["id"] for n in data["nodes"]] == sorted(n["id"] for n in data["nodes"])
    assert data["physics"] is True
    assert data["options"]["physics"]["stabilization"]["iterations"] == 300
    assert {t["name"] for t in data["types"]} == {
        "Person",
        "Organization",
        "Place",
        "Group",
        "Concept",
    }


def test_render_html_parallel_edges_are_separate_curves() -> None:
    data = _data(_page(seed_like_graph()))
    ms, frt = (
        str(entity_iri("organization/microsoft")),
        str(entity_iri("concept/facial-recognition-technology")),
    )
    pair = [e for e in data["edges"] if (e["from"], e["to"]) == (ms, frt)]
    assert len(pair) == 2 and len({e["id"] for e in pair}) == 2
    assert {e["smooth"]["type"] for e in pair} == {"curvedCW"}
    assert len({e["smooth"]["roundness"] for e in pair}) == 2


def test_render_html_edge_styles_by_polarity_modality_role() -> None:
    edges = {e["relation"]: e for e in _data(_page(seed_like_graph()))["edges"]}
    assert edges["sell to"]["label"] == "not sell to (would)"
    assert (
        edges["sell to"]["dashes"]
        and edges["sell to"]["color"]["color"] == EDGE_STYLE["negative"][0]
    )
    assert edges["encourage"]["label"] == "encourage (could)"
    assert edges["encourage"]["color"]["color"] == EDGE_STYLE["hedged"][0]
    assert edges["president of"]["color"]["color"] == EDGE_STYLE["role"][0]
    assert edges["ban"]["dashes"] is False and edges["ban"]["label"] == "ban"
    assert edges["ban"]["evidence"].startswith("Amazon followed suit")


def test_render_html_node_size_follows_pagerank_and_tooltip_is_text() -> None:
    nodes = {n["fullLabel"]: n for n in _data(_page(seed_like_graph()))["nodes"]}
    assert nodes["Microsoft"]["size"] == max(n["size"] for n in nodes.values())
    smith = nodes["Brad Smith"]
    assert isinstance(smith["title"], str)
    assert smith["title"].split("\n")[:3] == ["Brad Smith", "Person", "also: Smith"]
    assert smith["shape"] == "dot" and nodes["Microsoft"]["shape"] == "square"


def test_render_html_large_graph_keeps_top_nodes_with_fixed_layout() -> None:
    graph = synthetic_graph(60, 150)
    page = _page(graph, max_nodes=20)
    data = _data(page)
    ids = {n["id"] for n in data["nodes"]}
    assert len(ids) == 20
    assert all(e["from"] in ids and e["to"] in ids for e in data["edges"])
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in data["nodes"])
    assert data["physics"] is False and data["options"]["physics"]["enabled"] is False
    hidden_edges = 150 - len(data["edges"])
    assert f"40 entities and {hidden_edges} relations are hidden" in page
    assert render_html(graph, max_nodes=20) == page.encode("utf-8")


def test_render_html_small_graph_has_no_hidden_note() -> None:
    assert 'id="kg-hidden-note"' not in _page(seed_like_graph())


def test_render_html_empty_graph_renders() -> None:
    data = _data(_page(Graph()))
    assert data["nodes"] == [] and data["edges"] == []


def test_render_html_rejects_bad_max_nodes() -> None:
    with pytest.raises(ExportError, match="max_nodes"):
        render_html(seed_like_graph(), max_nodes=0)


def test_html_exporter_protocol() -> None:
    exporter = HtmlExporter(max_nodes=5, title="T")
    assert (exporter.name, exporter.suffix) == ("html", ".html")
    assert exporter.render(seed_like_graph()) == render_html(
        seed_like_graph(), max_nodes=5, title="T"
    )
