"""Browser tests of the HTML page: Debian's Chromium, headless, offline, via Playwright.

Every request that is not for a file:// URL is aborted and recorded; the page must work
without any. Script payloads sit in names, alternative labels, relations and evidence:
hovering and clicking every node and edge must run none of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph

from kg.export.html import render_html
from kg.vocab import entity_iri
from tests.fixtures.analyze_graphs import (
    PAYLOAD_IMG,
    PAYLOAD_SCRIPT,
    hostile_graph,
    seed_like_graph,
)
from tests.offline_browser import Opened, chromium, open_offline

pytestmark = pytest.mark.browser

MS = str(entity_iri("organization/microsoft"))
FRT = str(entity_iri("concept/facial-recognition-technology"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def _open(browser: Any, tmp_path: Path, graph: Graph, name: str = "page.html") -> Opened:
    path = tmp_path / name
    path.write_bytes(render_html(graph, title="test"))
    opened = open_offline(browser, path.as_uri())
    opened.page.wait_for_function(
        "window.kgDrawn === true && window.kgStable === true", timeout=30_000
    )
    opened.page.wait_for_timeout(100)  # let the post-stabilisation redraw land
    return opened


def _dom_point(page: Any, expr: str) -> tuple[float, float]:
    # Canvas coordinates -> page coordinates of the network's container.
    box = page.locator("#kg-network").bounding_box()
    point = page.evaluate(f"(() => {{ const p = {expr}; return network.canvasToDOM(p); }})()")
    return box["x"] + point["x"], box["y"] + point["y"]


def test_page_opens_offline_and_draws(browser: Any, tmp_path: Path) -> None:
    opened = _open(browser, tmp_path, seed_like_graph())
    page = opened.page
    assert opened.errors == [] and opened.outside == []
    assert page.evaluate("[nodes.length, edges.length]") == [15, 12]
    assert page.evaluate("window.network === network && nodes instanceof vis.DataSet")
    assert page.evaluate("edges instanceof vis.DataSet")
    inked = page.evaluate(
        """(() => { const c = document.querySelector('#kg-network canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; } return n; })()"""
    )
    assert inked > 1000
    assert page.evaluate("network.physics.options.enabled") is False  # stabilised, then off
    page.screenshot(path=str(tmp_path / "seed.png"))


def test_search_focuses_entity_by_alt_label(browser: Any, tmp_path: Path) -> None:
    page = _open(browser, tmp_path, seed_like_graph()).page
    page.fill("#kg-search", "frt")
    page.press("#kg-search", "Enter")
    assert page.evaluate("network.getSelectedNodes()") == [FRT]
    assert page.text_content("#kg-search-status") == "Found: facial recognition technology"
    view = page.evaluate("network.getViewPosition()")
    node = page.evaluate(f"network.getPositions([{FRT!r}])[{FRT!r}]")
    assert abs(view["x"] - node["x"]) < 1 and abs(view["y"] - node["y"]) < 1
    assert "facial recognition technology" in page.text_content("#kg-details h2")
    page.fill("#kg-search", "no such thing")
    page.press("#kg-search", "Enter")
    assert page.text_content("#kg-search-status").startswith("No entity matches")


def test_parallel_relations_are_separate_edges(browser: Any, tmp_path: Path) -> None:
    page = _open(browser, tmp_path, seed_like_graph()).page
    ids = page.evaluate(
        f"network.getConnectedEdges({MS!r}).filter(e => edges.get(e).to === {FRT!r})"
    )
    assert len(ids) == 2
    vias = page.evaluate(
        """ids => ids.map(e => { const p = network.body.edges[e].edgeType.getPoint(0.5);
        return [Math.round(p.x), Math.round(p.y)]; })""",
        ids,
    )
    assert vias[0] != vias[1]  # two curves, not one line drawn twice


def test_click_node_highlights_neighbourhood(browser: Any, tmp_path: Path) -> None:
    page = _open(browser, tmp_path, seed_like_graph()).page
    x, y = _dom_point(page, f"network.getPositions([{MS!r}])[{MS!r}]")
    page.mouse.click(x, y)
    assert page.evaluate("network.getSelectedNodes()") == [MS]
    near = set(page.evaluate(f"network.getConnectedNodes({MS!r})")) | {MS}
    opacity = page.evaluate("Object.fromEntries(nodes.get().map(n => [n.id, n.opacity]))")
    assert {k for k, v in opacity.items() if v == 1} == near
    assert page.text_content("#kg-details h2") == "Microsoft"
    faded = "Object.values(network.body.edges).filter(e => e.options.color.opacity < 1).length"
    assert page.evaluate(faded) > 0
    box = page.locator("#kg-network").bounding_box()
    page.mouse.click(box["x"] + 5, box["y"] + 5)  # empty canvas: back to normal
    assert page.evaluate(faded) == 0
    assert set(page.evaluate("nodes.get().map(n => n.opacity)")) == {1}


def test_filters_hide_types_polarity_and_documents(browser: Any, tmp_path: Path) -> None:
    page = _open(browser, tmp_path, seed_like_graph()).page
    shown = "[network.body.data.nodes.length, network.body.data.edges.length]"
    assert page.evaluate(shown) == [15, 12]
    page.get_by_label("negated").uncheck()
    assert page.evaluate(shown) == [15, 9]
    page.get_by_label("Concept").uncheck()
    assert page.evaluate(shown)[0] == 12
    page.get_by_label("Concept").check()
    page.get_by_label("negated").check()
    page.select_option("#kg-document", "https://w3id.org/kg/doc/seed.txt")
    assert page.evaluate(shown) == [13, 12]  # Americans and Minneapolis are in no statement


def test_payloads_never_run_and_show_as_text(browser: Any, tmp_path: Path) -> None:
    opened = _open(browser, tmp_path, hostile_graph())
    page = opened.page
    page.evaluate("network.fit()")
    for node in page.evaluate("nodes.getIds()"):
        x, y = _dom_point(page, f"network.getPositions([{node!r}])[{node!r}]")
        page.mouse.move(x, y)
        page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
        # vis-network sets string titles with innerText: text plus <br> for line breaks only
        tags = page.evaluate(
            "[...document.querySelector('div.vis-tooltip').children].map(c => c.tagName)"
        )
        assert set(tags) <= {"BR"}
        tip = page.inner_text("div.vis-tooltip")
        assert any(p in tip for p in (PAYLOAD_IMG, PAYLOAD_SCRIPT, "R&D </script>", "AT&T"))
        page.mouse.click(x, y)
        assert page.evaluate("network.getSelectedNodes()") == [node]
    for edge in page.evaluate("edges.getIds()"):
        page.evaluate("network.unselectAll()")
        x, y = _dom_point(page, f"network.body.edges[{edge!r}].edgeType.getPoint(0.5)")
        page.mouse.move(x, y)
        page.mouse.click(x, y)
        assert page.evaluate("network.getSelectedEdges()") == [edge]
        details = page.inner_text("#kg-details")
        assert PAYLOAD_SCRIPT in details and PAYLOAD_IMG in details
        assert (
            page.evaluate("document.querySelectorAll('#kg-details img, #kg-details script').length")
            == 0
        )
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert opened.errors == [] and opened.outside == []


def test_empty_graph_page_opens(browser: Any, tmp_path: Path) -> None:
    opened = _open(browser, tmp_path, Graph())
    assert opened.page.evaluate("[nodes.length, edges.length]") == [0, 0]
    assert opened.errors == [] and opened.outside == []
