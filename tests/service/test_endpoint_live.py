"""The endpoint over real HTTP on the seed graph, queried with SPARQLWrapper (a real client)."""

from __future__ import annotations

import csv
import io
import select
import socket
import urllib.error
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from pyoxigraph import QuerySolutions
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, JSONLD, POST, TSV, TURTLE, XML, SPARQLWrapper

from kg.query import list_queries, load_query, run_query
from kg.store import open_graph
from tests.service.conftest import Live

pytestmark = pytest.mark.model

LABELS = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?e ?label WHERE { ?e a ?type ; rdfs:label ?label } ORDER BY ?e ?label"""
LABEL_GRAPH = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?e rdfs:label ?label } WHERE { ?e a ?type ; rdfs:label ?label }"""
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _client(live: Live, query: str, fmt: str | None = None) -> SPARQLWrapper:
    client = SPARQLWrapper(f"{live.url}/sparql")
    client.setQuery(query)
    client.setOnlyConneg(True)
    if fmt is not None:
        client.setReturnFormat(fmt)
    return client


def _expected_labels(live: Live) -> list[tuple[str, str]]:
    # the quads are in named graphs, one per document: read their union, as the endpoint does
    solutions = live.state.store.query(LABELS, use_default_graph_as_union=True)
    assert isinstance(solutions, QuerySolutions)
    rows = list(solutions)
    return [(r["e"].value, r["label"].value) for r in rows]


def _count(live: Live) -> int:
    result: Any = _client(live, COUNT, JSON).query().convert()
    return int(result["results"]["bindings"][0]["n"]["value"])


def test_select_json_matches_the_store(seed_server: Live) -> None:
    result: Any = _client(seed_server, LABELS, JSON).query().convert()
    got = [(b["e"]["value"], b["label"]["value"]) for b in result["results"]["bindings"]]
    assert got == _expected_labels(seed_server)
    assert len(got) > 10


def test_select_xml(seed_server: Live) -> None:
    doc: Any = _client(seed_server, LABELS, XML).query().convert()
    assert len(doc.getElementsByTagName("result")) == len(_expected_labels(seed_server))


@pytest.mark.parametrize(("fmt", "delimiter"), [(CSV, ","), (TSV, "\t")])
def test_select_csv_and_tsv(seed_server: Live, fmt: str, delimiter: str) -> None:
    data: Any = _client(seed_server, LABELS, fmt).query().convert()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8")), delimiter=delimiter))
    assert [h.lstrip("?") for h in rows[0]] == ["e", "label"]
    assert len(rows) - 1 == len(_expected_labels(seed_server))


def test_ask(seed_server: Live) -> None:
    yes: Any = (
        _client(seed_server, "ASK { ?s a <https://schema.org/Organization> }", JSON)
        .query()
        .convert()
    )
    no: Any = (
        _client(seed_server, "ASK { ?s a <https://example.org/Nothing> }", JSON).query().convert()
    )
    assert yes["boolean"] is True and no["boolean"] is False


def test_construct_turtle_and_jsonld(seed_server: Live) -> None:
    expected = len(_expected_labels(seed_server))
    turtle: Any = _client(seed_server, LABEL_GRAPH, TURTLE).query().convert()
    assert len(Graph().parse(data=turtle, format="turtle")) == expected
    jsonld: Any = _client(seed_server, LABEL_GRAPH, JSONLD).query().convert()
    assert len(jsonld) == expected


def test_construct_ntriples(seed_server: Live) -> None:
    r = httpx.post(
        f"{seed_server.url}/sparql",
        data={"query": LABEL_GRAPH},
        headers={"Accept": "application/n-triples"},
    )
    assert r.status_code == 200 and r.headers["content-type"] == "application/n-triples"
    assert len(Graph().parse(data=r.text, format="nt")) == len(_expected_labels(seed_server))


# A value for each parameter the shipped queries declare, in a case kg lower-cases.
PARAMS = {"label": "Microsoft", "speaker": "SMITH"}


@pytest.mark.parametrize("info", list_queries(), ids=lambda i: i.name)
def test_shipped_queries_match_kg_query(seed_server: Live, seed_dir: Any, info: Any) -> None:
    params = {p.name: PARAMS[p.name] for p in info.params}
    expected = run_query(open_graph(seed_dir), load_query(info.name), params)
    bindings = {"$" + name: value for name, value in params.items()}
    r = httpx.post(f"{seed_server.url}/sparql", data={"query": info.path.read_text(), **bindings})
    assert r.status_code == 200, r.text
    assert len(r.json()["results"]["bindings"]) == len(expected.rows)


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <https://example.org/a> <https://example.org/b> 'c' }",
        "DELETE WHERE { ?s ?p ?o }",
        "CLEAR ALL",
        "DROP DEFAULT",
    ],
)
def test_update_is_refused_and_data_unchanged(seed_server: Live, update: str) -> None:
    before = _count(seed_server)
    client = _client(seed_server, update)
    client.setMethod(POST)
    with pytest.raises(urllib.error.HTTPError) as caught:
        client.query()
    assert caught.value.code == 403
    as_query = httpx.post(f"{seed_server.url}/sparql", data={"query": update})
    assert as_query.status_code == 403
    assert _count(seed_server) == before > 0


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A local port that records whether anything tried to connect."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    yield sock
    sock.close()


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ service silent <{url}> {{ ?s ?q ?r }} }} }}",
        "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        "LOAD <{url}>",
    ],
)
def test_service_is_refused_without_connecting(
    seed_server: Live, listener: socket.socket, template: str
) -> None:
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    r = httpx.post(f"{seed_server.url}/sparql", data={"query": template.format(url=url)})
    assert r.status_code in (400, 403), r.text
    pending, _, _ = select.select([listener], [], [], 0.2)
    assert not pending, "the server tried to connect out"
