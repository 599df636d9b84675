"""The seed build's own graph.html, as a user opens it: offline, drawn, complete."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, Graph

from tests.offline_browser import Opened, chromium, open_offline

pytestmark = [pytest.mark.browser, pytest.mark.model]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def seed_page(browser: Any, seed_graph_dir: Path) -> Opened:
    opened = open_offline(browser, (seed_graph_dir / "graph.html").as_uri())
    opened.page.wait_for_function("window.kgDrawn === true", timeout=30_000)
    return opened


def test_seed_page_draws_offline_without_errors(seed_page: Opened) -> None:
    assert seed_page.errors == []
    assert seed_page.outside == []
    assert seed_page.page.evaluate("document.querySelector('canvas') !== null")


def test_seed_page_shows_every_statement_as_an_edge(seed_page: Opened, seed_graph: Graph) -> None:
    statements = len(set(seed_graph.subjects(RDF.type, RDF.Statement)))
    assert seed_page.page.evaluate("edges.length") == statements
    labels = seed_page.page.evaluate("nodes.get().map(n => n.label)")
    for name in ("Microsoft", "Amazon", "IBM", "Brad Smith"):
        assert any(name in label for label in labels), name


def test_seed_report_opens_offline_and_shows_negations(browser: Any, seed_graph_dir: Path) -> None:
    opened = open_offline(browser, (seed_graph_dir / "report.html").as_uri())
    opened.page.wait_for_load_state("load")
    assert opened.errors == [] and opened.outside == []
    assert "not sell" in opened.page.inner_text("#negated")
