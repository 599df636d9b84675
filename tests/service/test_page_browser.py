"""The query page in Debian's Chromium (Playwright): pick, run, follow an entity; all offline.

Every request that is not for the local server is aborted and recorded; there must be none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from starlette.applications import Starlette

from tests.offline_browser import Opened, chromium, open_offline
from tests.service.conftest import HOSTILE, Live

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as launched:
        yield launched


def _open(browser: Any, live: Live, path: str) -> Opened:
    """Open a page of the server offline, once its script says it is ready."""
    opened = open_offline(browser, live.url + path, allowed=live.url + "/")
    opened.page.wait_for_function("window.kgReady === true")
    return opened


@pytest.mark.model
def test_query_page_runs_a_shipped_query_and_opens_an_entity(
    browser: Any, seed_server: Live
) -> None:
    opened = _open(browser, seed_server, "/")
    page = opened.page
    page.click('#queries a[data-name="about"]')  # it selects entity IRIs, which become links
    assert page.url.endswith("/?query=about")
    assert "SELECT" in page.input_value("#query")
    page.click("#run")  # ?label is required: the server says so
    page.wait_for_selector("#results .error")
    assert "needs $label" in (page.text_content("#results .error") or "")
    page.fill('#params input[data-param="label"]', "Brad Smith")
    page.click("#run")
    page.wait_for_selector("#result-table tbody tr")
    rows = page.locator("#result-table tbody tr").count()
    assert rows > 0
    assert "row(s) in" in page.text_content("#status")
    link = page.locator("#result-table a.entity").first
    label = link.text_content()
    link.click()
    page.wait_for_selector("#entity-label")
    assert page.url.startswith(seed_server.url + "/entity?iri=")
    assert label is not None and label.startswith("entity:")
    assert page.text_content("#entity-types")
    assert page.locator("#documents li").count() >= 1
    page.goto(seed_server.url + "/graph")
    page.wait_for_function("() => window.kgDrawn === true", timeout=30_000)
    # Chromium logs the 400 (the missing ?label) as a console error; nothing else may fail.
    assert all("400" in e for e in opened.errors), opened.errors
    assert opened.outside == []
    page.close()


@pytest.mark.model
def test_query_page_binds_a_declared_parameter_from_its_field(
    browser: Any, seed_server: Live
) -> None:
    opened = _open(browser, seed_server, "/?query=quotes-by")
    page = opened.page
    field = page.locator('#params input[data-param="speaker"]')
    assert field.count() == 1  # the selected query's one parameter, from its header
    field.fill("SMITH")  # declared (any case): bound as "smith"
    page.click("#run")
    page.wait_for_selector("#result-table tbody tr")
    said_by = page.locator("#result-table tbody tr td:first-child").all_text_contents()
    assert said_by and set(said_by) == {"Brad Smith"}
    page.click('#queries a[data-name="negated"]')  # no parameter: no field
    assert page.locator("#params input").count() == 0
    assert opened.errors == [] and opened.outside == []
    page.close()


def test_query_page_shows_hostile_data_as_text(
    browser: Any, small_app: Starlette, live_server: Callable[[Starlette], Live]
) -> None:
    live = live_server(small_app)
    opened = _open(browser, live, "/")
    page = opened.page
    page.fill("#query", "SELECT ?label ?e WHERE { ?e a ?t ; rdfs:label ?label } ORDER BY ?label")
    page.click("#run")
    page.wait_for_selector("#result-table tbody tr")
    cells = page.locator("#result-table tbody td").all_text_contents()
    assert HOSTILE in cells
    assert page.locator("#results img").count() == 0
    page.click("#result-table a.entity >> text=entity:person/evil")
    page.wait_for_selector("#entity-label")
    assert page.text_content("#entity-label") == HOSTILE
    assert page.locator("main img").count() == 0
    assert page.evaluate("window.kgPwned === undefined")
    page.goto(live.url + "/")
    page.wait_for_function("window.kgReady === true")
    page.fill("#query", "SELECT ?x WHERE { ?x }")
    page.click("#run")
    page.wait_for_selector("#results .error")
    assert page.text_content("#results .error").startswith("400: SPARQL syntax error")
    # Chromium logs the 400 response itself as a console error; nothing else may fail.
    assert all("400" in e for e in opened.errors), opened.errors
    assert opened.outside == []
    page.close()
