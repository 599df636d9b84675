"""The report's HTML twin in headless Chromium: offline, no script runs, negations visible."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.report import render_report_html
from tests.offline_browser import chromium, open_offline
from tests.unit.test_report import (
    AMAZON_SENTENCE,
    MS_SENTENCE,
    PAYLOADS,
    build_graph,
    hostile_graph,
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


@pytest.mark.browser
@pytest.mark.parametrize("which", ["plain", "hostile"])
def test_report_html_opens_offline_runs_no_script_and_shows_negations(
    browser: Any, tmp_path: Path, which: str
) -> None:
    g = build_graph() if which == "plain" else hostile_graph()
    path = tmp_path / "report.html"
    path.write_bytes(render_report_html(g))
    opened = open_offline(browser, path.as_uri())
    page, outside, errors = opened.page, opened.outside, opened.errors
    page.wait_for_load_state("load")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.scripts.length") == 0
    assert page.evaluate("document.images.length") == 0
    assert outside == [] and errors == []
    negated = page.inner_text("#negated")
    if which == "plain":
        assert "not sell" in negated and MS_SENTENCE in negated and "would" in negated
        assert "not confirm" in negated and AMAZON_SENTENCE in negated
        assert page.get_attribute("header nav a >> nth=0", "href") == "graph.html"
    else:
        assert "<script>window.__pwned=1</script>" in negated
        assert page.locator("#negative-table tbody tr").count() == len(PAYLOADS)
    page.close()
