"""The endpoint and pages through Starlette's TestClient, on a small hand-made graph."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import quote

import pytest
from rdflib import Graph
from starlette.testclient import TestClient

from kg.errors import KGError, StoreError
from kg.serve import create_app
from kg.serve.protocol import GRAPH_FORMATS, RESULT_FORMATS, choose_format
from tests.service.conftest import EVIL, HOSTILE, MS

ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
FORM = "application/x-www-form-urlencoded"
FRT = "https://w3id.org/kg/entity/concept/facial-recognition-technology"
LABELS = "SELECT ?e ?label WHERE { ?e a ?type ; rdfs:label ?label } ORDER BY ?label"


def _count(client: TestClient) -> int:
    r = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("", "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("application/json", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv; charset=utf-8"),
        ("text/*;q=0.5, text/tab-separated-values", "text/tab-separated-values; charset=utf-8"),
        ("text/csv;q=0, */*;q=0.1", "application/sparql-results+json"),
    ],
)
def test_choose_format_for_results(accept: str, media: str) -> None:
    chosen = choose_format(accept, RESULT_FORMATS)
    assert chosen is not None and chosen.media_type == media


@pytest.mark.parametrize("accept", ["image/png", "text/csv;q=0", "image/*, text/html"])
def test_choose_format_none_acceptable(accept: str) -> None:
    assert choose_format(accept, RESULT_FORMATS) is None


@pytest.mark.parametrize("accept", ["nonsense", "a/b;q=x", ";;,,", "text/csv;q=2"])
def test_choose_format_ignores_a_malformed_accept(accept: str) -> None:
    # RFC 9110 lets a server disregard a header it cannot parse: the default answers.
    assert choose_format(accept, RESULT_FORMATS) is RESULT_FORMATS[0]


def test_choose_format_for_graphs_prefers_client_order() -> None:
    chosen = choose_format("application/ld+json, text/turtle", GRAPH_FORMATS)
    assert chosen is not None and chosen.media_type == "application/ld+json"


def test_sparql_get_post_form_and_body_agree(client: TestClient) -> None:
    by_get = client.get("/sparql", params={"query": LABELS})
    by_form = client.post("/sparql", data={"query": LABELS})
    by_body = client.post(
        "/sparql", content=LABELS, headers={"Content-Type": "application/sparql-query"}
    )
    assert by_get.status_code == by_form.status_code == by_body.status_code == 200
    assert by_get.content == by_form.content == by_body.content
    labels = [b["label"]["value"] for b in by_get.json()["results"]["bindings"]]
    assert labels == sorted([HOSTILE, "Microsoft", "facial recognition technology"])


def test_sparql_cors_preflight(client: TestClient) -> None:
    r = client.options(
        "/sparql",
        headers={
            "Origin": "http://localhost:9999",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == "*"
    assert "POST" in r.headers["access-control-allow-methods"]
    simple = client.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": "http://a.b"})
    assert simple.headers["access-control-allow-origin"] == "*"


def test_sparql_csv_and_tsv(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": LABELS}, headers={"Accept": "text/csv"})
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0] == ["e", "label"] and len(rows) == 4
    r = client.get(
        "/sparql", params={"query": LABELS}, headers={"Accept": "text/tab-separated-values"}
    )
    assert r.text.splitlines()[0] == "?e\t?label"


def test_sparql_construct_formats(client: TestClient) -> None:
    query = "CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e a ?t ; rdfs:label ?l }"
    for accept, fmt in (
        ("", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
    ):
        r = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
        assert r.status_code == 200, r.text
        assert len(Graph().parse(data=r.text, format=fmt)) == 3


def test_sparql_truncates_at_max_rows_with_a_header(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": ALL})
    assert len(r.json()["results"]["bindings"]) == 3
    assert r.headers["kg-truncated"] == "true" and r.headers["kg-max-rows"] == "3"
    exact = client.get("/sparql", params={"query": LABELS})
    assert len(exact.json()["results"]["bindings"]) == 3
    assert "kg-truncated" not in exact.headers
    triples = client.get(
        "/sparql",
        params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/n-triples"},
    )
    assert len(triples.text.splitlines()) == 3 and triples.headers["kg-truncated"] == "true"


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"method": "POST", "data": {"update": "DROP ALL"}}, 403),
        ({"method": "GET", "params": {"update": "DROP ALL"}}, 403),
        ({"method": "POST", "data": {"query": "CLEAR DEFAULT"}}, 403),
        ({"method": "POST", "data": {"query": "LOAD <http://127.0.0.1:9/x.ttl>"}}, 403),
        (
            {
                "method": "POST",
                "content": "DELETE WHERE { ?s ?p ?o }",
                "headers": {"Content-Type": "application/sparql-update"},
            },
            403,
        ),
        ({"method": "GET", "params": {}}, 400),
        ({"method": "GET", "params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400),
        ({"method": "GET", "params": {"query": "SELEC ?x"}}, 400),
        ({"method": "GET", "params": {"query": "   "}}, 400),
        ({"method": "POST", "content": "ASK {}", "headers": {"Content-Type": "text/plain"}}, 415),
        ({"method": "POST", "content": b"query=\xff", "headers": {"Content-Type": FORM}}, 400),
        ({"method": "GET", "params": {"query": "ASK {}"}, "headers": {"Accept": "image/png"}}, 406),
        ({"method": "GET", "params": {"query": "ASK {}", "default-graph-uri": "not an iri"}}, 400),
        ({"method": "PUT", "content": "ASK {}"}, 405),
    ],
)  # fmt: skip
def test_sparql_refusals_are_plain_text(
    client: TestClient, kwargs: dict[str, object], status: int
) -> None:
    before = _count(client)
    method = str(kwargs.pop("method"))
    r = client.request(method, "/sparql", **kwargs)  # type: ignore[arg-type]
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("text/plain")
    assert "Traceback" not in r.text and 'File "' not in r.text
    assert _count(client) == before


def test_sparql_syntax_error_gives_the_parser_message(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert r.status_code == 400
    assert r.text.startswith("SPARQL syntax error: error at 1:")


def test_sparql_unexpected_error_is_a_generic_500(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.serve.app as app_module

    def explode(*args: object, **kwargs: object) -> object:
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(app_module, "execute_query", explode)
    r = client.get("/sparql", params={"query": "ASK {}"})
    assert r.status_code == 500
    assert "secret" not in r.text and "Traceback" not in r.text


def test_index_page_lists_shipped_queries_offline(client: TestClient) -> None:
    from kg.query import list_queries

    r = client.get("/")
    assert r.status_code == 200
    policy = r.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    for info in list_queries():
        assert f'data-name="{info.name}"' in r.text
    assert "http://" not in r.text.replace("http://www.w3.org", "").split("kg-queries")[0]
    data = r.text.split('id="kg-queries">', 1)[1].split("</script>", 1)[0]
    names = [q["name"] for q in json.loads(data)]
    assert names == [info.name for info in list_queries()]
    chosen = client.get("/", params={"query": "quotes"})
    assert "Direct quotes" in chosen.text and 'class="selected">quotes' in chosen.text


def test_entity_page_escapes_data(client: TestClient) -> None:
    r = client.get("/entity", params={"iri": str(MS)})
    assert r.status_code == 200
    assert "Microsoft" in r.text and "not sell" in r.text.replace("not </td>", "not ")
    assert HOSTILE not in r.text
    assert "&lt;img src=x onerror=" in r.text
    assert f'href="/entity?iri={quote(str(EVIL), safe="/")}"' in r.text
    evil = client.get("/entity", params={"iri": str(EVIL)})
    assert evil.status_code == 200 and HOSTILE not in evil.text
    assert "We said &lt;img" in evil.text


@pytest.mark.parametrize(
    ("params", "status"),
    [({}, 400), ({"iri": "not an iri"}, 400), ({"iri": "https://w3id.org/kg/entity/x/none"}, 404)],
)
def test_entity_page_errors(client: TestClient, params: dict[str, str], status: int) -> None:
    r = client.get("/entity", params=params)
    assert r.status_code == status
    assert "Traceback" not in r.text


def test_graph_page_served_with_policy(client: TestClient, small_dir: Path) -> None:
    r = client.get("/graph")
    assert r.status_code == 200 and "graph page" in r.text
    assert "connect-src 'self'" in r.headers["content-security-policy"]


def test_graph_page_missing(tmp_path: Path, small_dir: Path) -> None:
    import shutil

    shutil.copytree(small_dir / "store", tmp_path / "store")
    with TestClient(create_app(tmp_path)) as c:
        assert c.get("/graph").status_code == 404
        assert "/graph" not in c.get("/").text.split("<main>")[1]


def test_create_app_without_a_graph(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        create_app(tmp_path)


def test_create_app_rejects_bad_limits(small_dir: Path) -> None:
    with pytest.raises(KGError):
        create_app(small_dir, timeout_s=0)
    with pytest.raises(KGError):
        create_app(small_dir, max_rows=0)


def test_sparql_default_graph_is_the_union_of_named_graphs(client: TestClient) -> None:
    # conftest writes every quad into a named graph, as a build does
    assert _count(client) > 10
    r = client.get(
        "/sparql", params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"}
    )
    graphs = [b["g"]["value"] for b in r.json()["results"]["bindings"]]
    assert graphs == ["https://w3id.org/kg/graph/corpus"]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparql_dollar_parameters_bind_variables(client: TestClient, method: str) -> None:
    query = "SELECT ?e ?label WHERE { ?e rdfs:label ?label }"
    params = {"query": query, "$label": "Microsoft"}
    if method == "GET":
        r = client.get("/sparql", params=params)
    else:
        r = client.post("/sparql", data=params)
    assert r.status_code == 200, r.text
    rows = r.json()["results"]["bindings"]
    assert [(b["e"]["value"], b["label"]["value"]) for b in rows] == [(str(MS), "Microsoft")]
    by_iri = client.get("/sparql", params={"query": query, "$e": f"<{MS}>"})
    assert [b["label"]["value"] for b in by_iri.json()["results"]["bindings"]] == ["Microsoft"]


def test_sparql_any_case_parameter_of_a_query_header_is_lower_cased(client: TestClient) -> None:
    # The query page and clients send a shipped query with its header: its any-case
    # parameters are bound in lower case, as `kg query` binds them.
    query = "# params: ?key (any case) — a name\nSELECT ?e ?key WHERE { ?e rdfs:label ?key }"
    shouted = "FACIAL RECOGNITION TECHNOLOGY"
    r = client.get("/sparql", params={"query": query, "$key": shouted})
    assert r.status_code == 200, r.text
    rows = [(b["e"]["value"], b["key"]["value"]) for b in r.json()["results"]["bindings"]]
    assert rows == [(FRT, shouted.lower())]
    # without the header, a value is bound as given
    plain = client.get("/sparql", params={"query": query.split("\n")[1], "$key": shouted})
    assert plain.json()["results"]["bindings"] == []


@pytest.mark.parametrize(
    "params",
    [
        {"$e": "<not an iri>"},
        {"$no-such": "x"},
        [("$label", "a"), ("$label", "b")],
    ],
)
def test_sparql_bad_dollar_parameter_is_400(
    client: TestClient, params: dict[str, str] | list[tuple[str, str]]
) -> None:
    items = list(params.items()) if isinstance(params, dict) else params
    query: list[tuple[str, str | int | float | bool | None]] = [
        ("query", "SELECT ?e ?label WHERE { ?e rdfs:label ?label }"),
        *items,
    ]
    r = client.get("/sparql", params=query)
    assert r.status_code == 400
    assert "$" in r.text


def test_sparql_required_parameter_of_a_query_header_is_400_when_missing(
    client: TestClient,
) -> None:
    query = "# params: ?key (required) — a name\nSELECT ?e ?key WHERE { ?e rdfs:label ?key }"
    r = client.get("/sparql", params={"query": query})
    assert r.status_code == 400 and "needs $key: a name" in r.text
    given = client.get("/sparql", params={"query": query, "$key": "Microsoft"})
    assert given.status_code == 200 and len(given.json()["results"]["bindings"]) == 1


def test_on_disk_and_in_memory_stores_give_the_same_answers(small_dir: Path) -> None:
    answers = []
    for in_memory in (True, False):
        app = create_app(small_dir, in_memory=in_memory)
        with TestClient(app) as client:
            r = client.get("/sparql", params={"query": LABELS}, headers={"Accept": "text/csv"})
            assert r.status_code == 200, r.text
            answers.append(r.text)
    assert answers[0] == answers[1] and "Microsoft" in answers[0]
