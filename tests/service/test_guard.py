"""The endpoint's guard: SERVICE and updates are found by parsing, not by substring alone."""

from __future__ import annotations

import pytest

from kg.serve.guard import MAX_QUERY_CHARS, Refused, check_query, is_update

SERVICE_QUERIES = [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE ?endpoint { ?s ?q ?r } } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://x.org/> { ?s ?p ?o } } } }",
    "ASK { FILTER EXISTS { SERVICE <http://x.org/> { ?s ?p ?o } } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { SeRvIcE <http://x.org/> { ?s ?p ?o } }",
    "PREFIX ex: <http://x.org/>\n# comment\nDESCRIBE ?s WHERE { SERVICE ex:q { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <http://x.org/> { ?s ?p ?o } }",
]


@pytest.mark.parametrize("query", SERVICE_QUERIES)
def test_check_query_refuses_service(query: str) -> None:
    with pytest.raises(Refused) as caught:
        check_query(query)
    assert caught.value.status in (400, 403)
    assert "SERVICE" in caught.value.message


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?s WHERE { ?s ?p 'customer service' }",
        "SELECT ?service WHERE { ?service ?p ?o }",
        "# the service desk\nASK { ?s ?p ?o }",
        "SELECT * WHERE { ?s <http://x.org/service> ?o }",
        "SELECT * WHERE { ?s ?p ?o }",
    ],
)
def test_check_query_allows_the_word_outside_a_service_clause(query: str) -> None:
    check_query(query)


def test_check_query_refuses_service_it_cannot_parse() -> None:
    with pytest.raises(Refused) as caught:
        check_query("SELECT * WHERE { SERVICE <http://x.org/> { ?s ?p ?o } ")  # unclosed
    assert caught.value.status == 400


def test_check_query_refuses_a_huge_query() -> None:
    with pytest.raises(Refused) as caught:
        check_query("ASK {}" + " " * MAX_QUERY_CHARS)
    assert caught.value.status == 413


@pytest.mark.parametrize(
    "text",
    [
        "INSERT DATA { <http://x.org/a> <http://x.org/b> <http://x.org/c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "CLEAR ALL",
        "DROP GRAPH <http://x.org/g>",
        "PREFIX ex: <http://x.org/> CREATE GRAPH ex:g",
        "COPY DEFAULT TO <http://x.org/g>",
    ],
)
def test_is_update_recognises_updates(text: str) -> None:
    assert is_update(text)


@pytest.mark.parametrize("text", ["SELECT * WHERE { ?s ?p ?o }", "ASK {}", "garbage ((", ""])
def test_is_update_rejects_non_updates(text: str) -> None:
    assert not is_update(text)


def test_check_query_refuses_an_update_mentioning_service() -> None:
    with pytest.raises(Refused) as caught:
        check_query("INSERT DATA { <http://x.org/service> <http://x.org/b> 'c' }")
    assert caught.value.status == 403
