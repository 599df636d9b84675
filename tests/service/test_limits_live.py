"""Time and size limits over real HTTP on the seed graph: a runaway query cannot pile up."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from rdflib import Graph
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed
from starlette.applications import Starlette

from kg.serve import create_app
from tests.service.conftest import Live

pytestmark = pytest.mark.model

# Every triple against every triple, five times over: several seconds of counting in Oxigraph,
# inside one evaluation step that cannot be interrupted.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . VALUES ?x { 1 2 3 4 5 } }"
MAX_ROWS = 5


@pytest.fixture(scope="module")
def limited(seed_dir: Path, live_server: Callable[[Starlette], Live]) -> Live:
    return live_server(create_app(seed_dir, timeout_s=0.3, max_rows=MAX_ROWS, workers=1))


@pytest.fixture(autouse=True)
def idle(limited: Live) -> None:
    # One worker and a 0.3 s limit: a request that finds the previous test's query still
    # releasing its worker is answered 503 "busy", as it should be; each test starts idle.
    assert limited.state.runner.wait_idle(120), "a query of the previous test never finished"


def test_time_limit_answers_503_and_runaway_does_not_pile_up(limited: Live) -> None:
    started = time.perf_counter()
    r = httpx.post(f"{limited.url}/sparql", data={"query": SLOW}, timeout=30)
    elapsed = time.perf_counter() - started
    assert r.status_code == 503 and "timed out after 0.3 s" in r.text
    assert elapsed < 1.5
    busy = httpx.post(f"{limited.url}/sparql", data={"query": "ASK {}"}, timeout=30)
    assert busy.status_code == 503 and "busy" in busy.text
    assert limited.state.runner.running == 1
    assert limited.state.runner.wait_idle(120), "the runaway query never finished"
    after = httpx.post(f"{limited.url}/sparql", data={"query": "ASK {}"}, timeout=30)
    assert after.status_code == 200 and after.json()["boolean"] is True


def test_max_rows_cuts_select_with_a_header(limited: Live) -> None:
    client = SPARQLWrapper(f"{limited.url}/sparql")
    client.setOnlyConneg(True)
    client.setReturnFormat(JSON)
    client.setQuery("SELECT * WHERE { ?s ?p ?o . ?a ?b ?c }")  # about a million rows
    response = client.query()
    result: Any = response.convert()
    assert len(result["results"]["bindings"]) == MAX_ROWS
    assert response.info()["kg-truncated"] == "true"
    client.setQuery("SELECT * WHERE { ?s ?p ?o } LIMIT 2")
    small = client.query()
    rows: Any = small.convert()
    assert len(rows["results"]["bindings"]) == 2
    assert "kg-truncated" not in small.info()


def test_max_rows_cuts_construct(limited: Live) -> None:
    client = SPARQLWrapper(f"{limited.url}/sparql")
    client.setOnlyConneg(True)
    client.setReturnFormat(TURTLE)
    client.setQuery("CONSTRUCT WHERE { ?s ?p ?o }")
    data: Any = client.query().convert()
    assert len(Graph().parse(data=data, format="turtle")) == MAX_ROWS


def test_syntax_error_through_sparqlwrapper_is_400(limited: Live) -> None:
    client = SPARQLWrapper(f"{limited.url}/sparql")
    client.setQuery("SELECT ?x WHERE { ?x }")
    with pytest.raises(QueryBadFormed) as caught:  # SPARQLWrapper's name for a 400
        client.query()
    assert "SPARQL syntax error: error at 1:" in str(caught.value)
    assert "Traceback" not in str(caught.value)
