"""The seed build's own graph.html, as a user opens it: offline, drawn, complete."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, Graph

from tests.browser.test_html import ARGS, CHROMIUM

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.browser, pytest.mark.model]


@pytest.fixture(scope="module")
def seed_page(seed_graph_dir: Path) -> Iterator[tuple[Any, list[str], list[str]]]:
    errors: list[str] = []
    outside: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))

        def route(r: Any) -> None:
            if r.request.url.startswith("file://"):
                r.continue_()
            else:
                outside.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.goto((seed_graph_dir / "graph.html").as_uri())
        page.wait_for_function("window.kgDrawn === true", timeout=30_000)
        yield page, errors, outside
        browser.close()


def test_seed_page_draws_offline_without_errors(
    seed_page: tuple[Any, list[str], list[str]],
) -> None:
    page, errors, outside = seed_page
    assert errors == []
    assert outside == []
    assert page.evaluate("document.querySelector('canvas') !== null")


def test_seed_page_shows_every_statement_as_an_edge(
    seed_page: tuple[Any, list[str], list[str]], seed_graph: Graph
) -> None:
    page, _, _ = seed_page
    statements = len(set(seed_graph.subjects(RDF.type, RDF.Statement)))
    assert page.evaluate("edges.length") == statements
    labels = page.evaluate("nodes.get().map(n => n.label)")
    for name in ("Microsoft", "Amazon", "IBM", "Brad Smith"):
        assert any(name in label for label in labels), name
