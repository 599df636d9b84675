"""Unit tests for kg.query: loading queries, binding parameters, running and rendering results."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, SDO, XSD, Graph, Literal, URIRef

from kg.errors import QueryError
from kg.query import (
    QueryResult,
    list_queries,
    load_query,
    queries_dir,
    render_result,
    run_query,
    to_term,
)
from kg.vocab import KG

ROOT = Path(__file__).resolve().parents[2]
SMALL_GRAPH = ROOT / "tests" / "fixtures" / "small_graph.ttl"
BRAD_SMITH = "https://w3id.org/kg/entity/person/brad-smith"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"

LABEL_QUERY = """# purpose: the label of an entity
# params: ?entity — the entity IRI; ?name — or its label
SELECT ?entity ?name WHERE { ?entity rdfs:label ?name }
"""


@pytest.fixture(scope="module")
def graph(small_graph_on_each_store: Graph) -> Graph:
    return small_graph_on_each_store


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- listing -------------------------------------------------------------------------------


def test_queries_dir_is_the_checkout_folder() -> None:
    assert queries_dir() == ROOT / "queries"


def test_list_queries_sorted_with_headers() -> None:
    infos = list_queries()
    names = [info.name for info in infos]
    assert names == sorted(names)
    assert {"quotes", "negated", "roles", "about"} <= set(names)
    about = next(info for info in infos if info.name == "about")
    assert [(p.name, p.any_case) for p in about.params] == [("label", True)]
    assert about.purpose.startswith("Everything known about one entity")
    assert next(i for i in infos if i.name == "negated").params == ()


# --- load_query ----------------------------------------------------------------------------


def test_load_query_from_path(tmp_path: Path) -> None:
    path = _write(tmp_path, "labels.rq", LABEL_QUERY)
    query = load_query(str(path))
    assert (query.name, query.source, query.kind) == ("labels", str(path), "SELECT")
    assert query.purpose == "the label of an entity"
    assert [(p.name, p.description) for p in query.params] == [
        ("entity", "the entity IRI"),
        ("name", "or its label"),
    ]


def test_load_query_by_shipped_name() -> None:
    query = load_query("quotes-by")
    assert query.name == "quotes-by"
    assert query.source == str(ROOT / "queries" / "quotes-by.rq")
    assert [p.name for p in query.params] == ["speaker"]


def test_required_parameter_must_be_given(graph: Graph) -> None:
    query = load_query(
        "# params: ?who (any case, required) — a name\nSELECT ?who WHERE { ?e rdfs:label ?who }"
    )
    assert [(p.any_case, p.required) for p in query.params] == [(True, True)]
    with pytest.raises(QueryError, match=r"needs \?who: a name"):
        run_query(graph, query, {})
    assert run_query(graph, query, {"who": "Nobody"}).rows == ()


def test_unknown_parameter_flag_is_an_error() -> None:
    with pytest.raises(QueryError, match="unknown flag 'optional'"):
        load_query("# params: ?who (optional) — a name\nSELECT ?who WHERE { ?e rdfs:label ?who }")


def test_any_case_parameter_is_bound_in_lower_case(graph: Graph) -> None:
    query = load_query(
        "# params: ?key (any case) — a name; ?iri (any case) — or an IRI\n"
        "SELECT ?key ?iri WHERE { ?iri rdfs:label ?name }"
    )
    assert [(p.name, p.any_case) for p in query.params] == [("key", True), ("iri", True)]
    result = run_query(graph, query, {"key": "Brad SMITH", "iri": f"<{BRAD_SMITH}>"})
    # text is lower-cased; an IRI is bound as written
    assert {(str(k), str(i)) for k, i in result.rows} == {("brad smith", BRAD_SMITH)}


def test_load_query_existing_file_wins_over_shipped_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, "quotes", "# purpose: mine\n# params: none\nASK { ?s ?p ?o }\n")
    monkeypatch.chdir(tmp_path)
    query = load_query("quotes")
    assert (query.source, query.kind, query.purpose) == ("quotes", "ASK", "mine")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("SELECT ?s WHERE { ?s a schema:Person }", "SELECT"),
        ("ask { ?s rel:presidentOf ?o }", "ASK"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <https://w3id.org/kg/entity/person/brad-smith>", "DESCRIBE"),
    ],
)
def test_load_query_inline_with_kg_prefixes(text: str, kind: str) -> None:
    query = load_query(text)
    assert (query.name, query.source, query.kind, query.params) == ("inline", "<inline>", kind, ())


def test_load_query_unknown_name_lists_shipped() -> None:
    with pytest.raises(QueryError) as err:
        load_query("qoutes")
    message = str(err.value)
    assert "unknown query 'qoutes'" in message
    assert "quotes" in message and "negated" in message and "roles" in message


def test_load_query_missing_rq_file() -> None:
    with pytest.raises(QueryError, match="nope.rq: no such query file"):
        load_query("nope.rq")


def test_load_query_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    text = "# purpose: broken\n# params: none\nSELECT ?s\nWHERE { ?s ?p }\n"
    path = _write(tmp_path, "broken.rq", text)
    with pytest.raises(QueryError) as err:
        load_query(str(path))
    assert str(err.value).startswith(f"{path}:4:")
    assert "syntax error" in str(err.value)
    assert err.value.hint is not None and "WHERE { ?s ?p }" in err.value.hint


def test_load_query_inline_syntax_error() -> None:
    with pytest.raises(QueryError, match=r"^<inline>:1:\d+: SPARQL syntax error"):
        load_query("SELECT ?s WHERE { ?s ?p ")


def test_load_query_unknown_prefix(tmp_path: Path) -> None:
    path = _write(tmp_path, "prefix.rq", "SELECT ?s WHERE { ?s nope:x ?o }\n")
    with pytest.raises(QueryError, match=r"prefix\.rq: invalid SPARQL: .*nope"):
        load_query(str(path))


def test_load_query_bad_params_header(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.rq", "# params: entity without a question mark\nASK {}\n")
    with pytest.raises(QueryError, match="bad '# params:' entry"):
        load_query(str(path))


def test_load_query_declared_param_must_be_selected(tmp_path: Path) -> None:
    text = "# params: ?label — a name\nSELECT ?s WHERE { ?s rdfs:label ?label }\n"
    path = _write(tmp_path, "hidden.rq", text)
    with pytest.raises(QueryError, match=r"\?label is declared but not selected"):
        load_query(str(path))


# --- bindings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "term"),
    [
        (f"<{BRAD_SMITH}>", URIRef(BRAD_SMITH)),
        (BRAD_SMITH, URIRef(BRAD_SMITH)),
        ("http://example.org/x", URIRef("http://example.org/x")),
        ("Brad Smith", Literal("Brad Smith")),
        ("entity:person/brad-smith", Literal("entity:person/brad-smith")),
        ("42", Literal("42")),
    ],
)
def test_to_term_iri_or_literal(value: str, term: URIRef | Literal) -> None:
    assert to_term(value) == term
    assert type(to_term(value)) is type(term)


@pytest.mark.parametrize("value", ["<https://example.org/a b>", "<>", 'https://x.org/"q"'])
def test_to_term_rejects_bad_iri(value: str) -> None:
    with pytest.raises(QueryError, match="not a valid IRI"):
        to_term(value)


def test_run_query_binds_iri(graph: Graph) -> None:
    query = load_query(LABEL_QUERY)
    result = run_query(graph, query, {"entity": f"<{BRAD_SMITH}>"})
    assert result.vars == ("entity", "name")
    assert result.rows == ((BRAD_SMITH, "Brad Smith"),)


def test_run_query_binds_literal(graph: Graph) -> None:
    query = load_query(LABEL_QUERY)
    result = run_query(graph, query, {"?name": "Evan Greer"})
    assert result.rows == (("https://w3id.org/kg/entity/person/evan-greer", "Evan Greer"),)


def test_run_query_value_is_never_pasted_into_text(graph: Graph) -> None:
    query = load_query(LABEL_QUERY)
    injection = 'x" } UNION { ?entity ?p ?name } #'
    assert run_query(graph, query, {"name": injection}).rows == ()


def test_run_query_undeclared_param_names_declared(graph: Graph) -> None:
    with pytest.raises(QueryError) as err:
        run_query(graph, load_query(LABEL_QUERY), {"label": "Brad Smith"})
    assert "no parameter ?label" in str(err.value)
    assert "declares: ?entity, ?name" in str(err.value)


def test_run_query_param_on_query_without_params(graph: Graph) -> None:
    with pytest.raises(QueryError, match="declares: none"):
        run_query(graph, load_query("negated"), {"entity": BRAD_SMITH})


def test_run_query_ask(graph: Graph) -> None:
    yes = run_query(graph, load_query("ASK { ?p rel:presidentOf ?o }"), {})
    no = run_query(graph, load_query("ASK { ?p rel:sell ?o }"), {})
    assert (yes.kind, yes.vars, yes.rows, yes.boolean) == ("ASK", ("ask",), (("true",),), True)
    assert (no.rows, no.boolean) == ((("false",),), False)


def test_run_query_construct(graph: Graph) -> None:
    text = "CONSTRUCT { ?p schema:affiliation ?o } WHERE { ?p rel:presidentOf ?o }"
    result = run_query(graph, load_query(text), {})
    assert result.kind == "CONSTRUCT"
    assert result.graph is not None and len(result.graph) == 1
    assert result.vars == ("subject", "predicate", "object")
    assert result.rows == (
        (
            BRAD_SMITH,
            "https://schema.org/affiliation",
            "https://w3id.org/kg/entity/organization/microsoft",
        ),
    )


def test_run_query_same_literal_terms_on_both_stores(graph: Graph) -> None:
    result = run_query(graph, load_query(LABEL_QUERY), {"entity": BRAD_SMITH})
    # Oxigraph types simple literals xsd:string; results carry them untyped either way.
    assert result.terms == ((URIRef(BRAD_SMITH), Literal("Brad Smith")),)


# --- render_result ---------------------------------------------------------------------------

RESULT = QueryResult(
    "SELECT",
    ("entity", "name", "documents"),
    (
        (BRAD_SMITH, 'Smith, "Brad"', "2"),
        (None, "tab\there\nnewline", None),
    ),
    (
        (URIRef(BRAD_SMITH), Literal('Smith, "Brad"', lang="en"), Literal(2)),
        (None, Literal("tab\there\nnewline"), None),
    ),
)


def test_render_csv_quotes_and_blanks() -> None:
    assert render_result(RESULT, "csv") == (
        f'entity,name,documents\r\n{BRAD_SMITH},"Smith, ""Brad""",2\r\n,"tab\there\nnewline",\r\n'
    )


def test_render_tsv_writes_terms() -> None:
    assert render_result(RESULT, "tsv") == (
        "?entity\t?name\t?documents\n"
        f'<{BRAD_SMITH}>\t"Smith, \\"Brad\\""@en\t2\n'
        '\t"tab\\there\\nnewline"\t\n'
    )


def test_render_json_is_sparql_results() -> None:
    data = json.loads(render_result(RESULT, "json"))
    assert data["head"] == {"vars": ["entity", "name", "documents"]}
    first, second = data["results"]["bindings"]
    assert first == {
        "entity": {"type": "uri", "value": BRAD_SMITH},
        "name": {"type": "literal", "value": 'Smith, "Brad"', "xml:lang": "en"},
        "documents": {"type": "literal", "value": "2", "datatype": XSD_INTEGER},
    }
    assert second == {"name": {"type": "literal", "value": "tab\there\nnewline"}}


def test_render_json_ask() -> None:
    result = QueryResult("ASK", ("ask",), (("true",),), ((Literal(True),),), boolean=True)
    assert json.loads(render_result(result, "json")) == {"head": {}, "boolean": True}


def test_render_result_from_real_query(graph: Graph) -> None:
    result = run_query(graph, load_query("negated"), {})
    lines = render_result(result, "csv").splitlines()
    assert lines[0] == "subject,predicate,object,modality,evidence,document"
    assert any(
        line.startswith("Microsoft,sell,facial recognition technology,would,") for line in lines
    )
    assert render_result(result, "tsv").endswith("\n")


def test_render_unknown_format() -> None:
    with pytest.raises(QueryError, match="unknown result format 'xml'"):
        render_result(RESULT, "xml")  # type: ignore[arg-type]


# --- paging and the store ------------------------------------------------------------------

PAGED_QUERY = """# purpose: labels, a page at a time
# params: LIMIT 3 — the first three
SELECT ?entity ?name WHERE { ?entity rdfs:label ?name } ORDER BY ?name
LIMIT 3
"""


def test_load_query_reads_the_declared_page() -> None:
    assert load_query(PAGED_QUERY).page == 3
    assert {i.name: i.page for i in list_queries()}["negated"] == 100


def test_load_query_page_must_match_the_final_limit() -> None:
    with pytest.raises(QueryError, match="declares LIMIT 5 but the query does not end"):
        load_query(PAGED_QUERY.replace("LIMIT 3 —", "LIMIT 5 —"))


def test_run_query_pages_with_limit_and_offset(graph: Graph) -> None:
    query = load_query(PAGED_QUERY)
    everything = run_query(graph, query, {}, limit=1000).rows
    assert len(everything) > 6
    assert run_query(graph, query, {}).rows == everything[:3]
    assert run_query(graph, query, {}, offset=3).rows == everything[3:6]
    assert run_query(graph, query, {}, limit=2, offset=5).rows == everything[5:7]


def test_run_query_pages_a_query_without_limit_and_keeps_bindings(graph: Graph) -> None:
    query = load_query(LABEL_QUERY)
    rows = run_query(graph, query, {"name": "Brad Smith"}, limit=5).rows
    assert rows == ((BRAD_SMITH, "Brad Smith"),)
    assert run_query(graph, query, {"name": "Brad Smith"}, offset=1).rows == ()


def test_run_query_cannot_page_a_query_ending_in_values(graph: Graph) -> None:
    query = load_query("SELECT ?name WHERE { ?e rdfs:label ?name } VALUES ?name { 'IBM' }")
    with pytest.raises(QueryError, match="cannot page this query"):
        run_query(graph, query, {}, limit=1)


def _two_graph_store() -> ox.Store:
    store = ox.Store()
    for doc in ("a", "b"):
        graph = ox.NamedNode(f"https://w3id.org/kg/graph/doc/{doc}.txt")
        node = ox.NamedNode(f"https://w3id.org/kg/doc/{doc}.txt")
        path = ox.Literal(f"seeds/{doc}.txt")
        store.add(
            ox.Quad(node, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(SDO.NewsArticle)), graph)
        )
        store.add(ox.Quad(node, ox.NamedNode(str(KG.sourcePath)), path, graph))
        store.add(
            ox.Quad(
                node,
                ox.NamedNode(str(KG.statementCount)),
                ox.Literal("0", datatype=ox.NamedNode(str(XSD.integer))),
                graph,
            )
        )
    return store


def test_run_query_default_graph_is_the_union_of_named_graphs() -> None:
    store = _two_graph_store()
    assert not list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    result = run_query(store, load_query("documents"), {})
    assert sorted(str(row[0]) for row in result.rows) == ["seeds/a.txt", "seeds/b.txt"]


def test_run_query_graph_pattern_sees_each_named_graph() -> None:
    query = load_query("SELECT ?g ?path WHERE { GRAPH ?g { ?doc kg:sourcePath ?path } }")
    rows = sorted(run_query(_two_graph_store(), query, {}).rows)
    assert rows == [
        ("https://w3id.org/kg/graph/doc/a.txt", "seeds/a.txt"),
        ("https://w3id.org/kg/graph/doc/b.txt", "seeds/b.txt"),
    ]
