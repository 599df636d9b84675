"""Fuzzing `kg query`: any spec and any --param value against the built seed graph.

The command must end with status 0 or 1 and a message, never a traceback; a parameter value
is a SPARQL binding, so it comes back verbatim as one term and can never change what the
query does, let alone the graph.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from kg.cli import app
from kg.export import EXPORTERS
from kg.store import open_graph

pytestmark = pytest.mark.model

FUZZ = settings(
    max_examples=45,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# A query whose only job is to hand the bound value back.
ECHO = "# params: ?v — any value\nSELECT ?v ?n WHERE { BIND(1 AS ?n) }"
SHIPPED_WITH_PARAMS = [("about", "label"), ("evidence", "label"), ("claims-by", "speaker")]
SHIPPED_WITH_PARAMS += [("quotes-by", "speaker")]
_FRAGMENTS = st.sampled_from(
    [
        "SELECT",
        "select",
        "ASK",
        "CONSTRUCT",
        "DESCRIBE",
        "WHERE",
        "{",
        "}",
        "?s ?p ?o",
        "*",
        ".",
        ";",
        "(",
        ")",
        "LIMIT 1",
        "OFFSET 99999999999999999999",
        "ORDER BY",
        "GROUP BY ?s",
        "FILTER(",
        "REGEX(?o, ",
        '"(a+)+$"',
        "BIND(",
        "AS ?x",
        "VALUES ?x { 1 }",
        "PREFIX ex: <http://example.org/>",
        "ex:a",
        "kg:polarity",
        "rdfs:label",
        "undefined:x",
        "<http://example.org/a>",
        "<>",
        '"',
        '"""',
        "'",
        '"\\u0000"',
        "#",
        "# params: ?x — x",
        "# params: ?",
        "\n",
        "DROP ALL",
        "INSERT DATA { <a:b> <a:c> <a:d> }",
        "DELETE WHERE { ?s ?p ?o }",
        "CLEAR DEFAULT",
        "1/0",
        "about",
        "quotes",
        "negated",
        "queries/about.rq",
        "x.rq",
        "/",
        "/dev/null",
        "..",
        "\x00",
        "\U0001f600",
    ]
)
SPECS = st.one_of(
    st.text(max_size=60),
    st.lists(st.one_of(_FRAGMENTS, st.text(max_size=5)), min_size=1, max_size=12).map(" ".join),
)
VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            '" } ; DROP ALL ; SELECT * {',
            "' } DELETE WHERE { ?s ?p ?o } #",
            "?s",
            "<https://w3id.org/kg/entity/organization/microsoft>",
            "https://w3id.org/kg/entity/person/brad-smith",
            "http://a b",
            "<a> <b> <c>",
            "<>",
            '"x"@en',
            '"1"^^xsd:integer',
            "\\u0022",
            "Microsoft",
            "",
        ]
    ),
)
# A value written as an IRI is bound as one, or refused; see kg.query.to_term.
_LOOKS_LIKE_IRI = re.compile(r"^(<.*>|https?://.*)$", re.S)


@pytest.fixture(scope="module")
def seed_dump(seed_graph_dir: Path) -> bytes:
    """The seed graph's canonical N-Triples, to show that no query changed it."""
    return EXPORTERS.get("nt").render(open_graph(seed_graph_dir))


def invoke(args: list[str]) -> Result:
    result = CliRunner().invoke(app, args)
    assert result.exit_code in (0, 1), (result.exit_code, result.output)
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    if result.exit_code == 1:
        assert "error:" in result.output
    return result


@FUZZ
@given(spec=SPECS, fmt=st.sampled_from(["table", "csv", "tsv", "json"]))
@example(spec="SELECT * WHERE { ?s ?p ?o } LIMIT 3", fmt="table")
@example(spec="SELECT * { ?s ?p ?o } ; DROP ALL", fmt="json")
@example(spec="DROP ALL", fmt="table")
@example(spec="ASK { ?s ?p ?o }", fmt="table")
@example(spec="CONSTRUCT WHERE { ?s a ?o } LIMIT 2", fmt="csv")
@example(spec="SELECT (1/0 AS ?x) (REGEX('a', '(') AS ?y) {}", fmt="table")
@example(spec="-x", fmt="table")
@example(spec="~", fmt="table")
@example(spec="queries/../queries/about.rq", fmt="tsv")
@example(spec="a" * 5000, fmt="table")
def test_query_any_spec_ends_in_a_result_or_an_error_message(
    spec: str, fmt: str, seed_graph_dir: Path, seed_dump: bytes
) -> None:
    invoke(["query", "--graph", str(seed_graph_dir), "--format", fmt, "--", spec])
    assert EXPORTERS.get("nt").render(open_graph(seed_graph_dir)) == seed_dump


@FUZZ
@given(value=VALUES, fmt=st.sampled_from(["json", "csv"]))
@example(value='" } ; DROP ALL ; SELECT * {', fmt="json")
@example(value="\"} INSERT DATA { <a:b> <a:c> 'd' } #", fmt="json")
@example(value='x\r\ny,"z"', fmt="csv")
def test_query_param_value_is_bound_as_one_term_and_changes_nothing(
    value: str, fmt: str, seed_graph_dir: Path, seed_dump: bytes
) -> None:
    result = invoke(["query", "-g", str(seed_graph_dir), "-f", fmt, "-p", f"v={value}", "--", ECHO])
    if result.exit_code == 1:
        assert _LOOKS_LIKE_IRI.match(value), result.output
        assert "not a valid IRI" in result.output
    elif fmt == "json":
        rows = json.loads(result.stdout)["results"]["bindings"]
        assert len(rows) == 1, "a value can add no row and no solution"
        bound = rows[0]["v"]
        if bound["type"] == "uri":
            assert _LOOKS_LIKE_IRI.match(value) and value.strip("<>") == bound["value"]
        else:
            assert bound == {"type": "literal", "value": value}
    assert EXPORTERS.get("nt").render(open_graph(seed_graph_dir)) == seed_dump


def _sparql_string(text: str) -> str:
    for raw, escaped in (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r")):
        text = text.replace(raw, escaped)
    return f'"{text}"'


@FUZZ
@given(
    text=st.text(max_size=30),
    fmt=st.sampled_from(["table", "csv", "tsv", "json"]),
)
@example(text='"\\\n\r\t</script>\x00\u202e\U0001f600', fmt="table")
def test_query_prints_any_literal_a_query_returns(
    text: str, fmt: str, seed_graph_dir: Path
) -> None:
    spec = f"SELECT ?value WHERE {{ BIND({_sparql_string(text)} AS ?value) }}"
    result = invoke(["query", "-g", str(seed_graph_dir), "-f", fmt, "--", spec])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        (row,) = json.loads(result.stdout)["results"]["bindings"]
        assert row["value"] == {"type": "literal", "value": text}


@settings(FUZZ, max_examples=40)
@given(query=st.sampled_from(SHIPPED_WITH_PARAMS), value=VALUES)
@example(query=("about", "label"), value='" } ; DROP ALL ; SELECT * {')
@example(query=("about", "label"), value="microsoft")
def test_query_shipped_query_with_any_param_value_echoes_it_or_fails_cleanly(
    query: tuple[str, str], value: str, seed_graph_dir: Path, seed_dump: bytes
) -> None:
    name, param = query
    result = invoke(
        ["query", name, "-g", str(seed_graph_dir), "-f", "json", "-p", f"{param}={value}"]
    )
    if result.exit_code == 0:
        for row in json.loads(result.stdout)["results"]["bindings"]:
            # A declared parameter is projected, so every row shows the value it was run with:
            # these are all any-case parameters, whose text is bound in lower case.
            assert row[param]["value"] == (
                value.strip("<>") if row[param]["type"] == "uri" else value.lower()
            )
    assert EXPORTERS.get("nt").render(open_graph(seed_graph_dir)) == seed_dump


@settings(FUZZ, max_examples=30)
@given(name=st.text(max_size=12), value=st.text(max_size=12))
def test_query_any_param_name_is_accepted_only_when_declared(
    name: str, value: str, seed_graph_dir: Path
) -> None:
    result = invoke(["query", "-g", str(seed_graph_dir), "-p", f"{name}={value}", "--", ECHO])
    if result.exit_code == 0:
        assert name.strip().lstrip("?$") == "v"


def test_query_spec_naming_an_unknown_users_home_is_an_error_message(
    seed_graph_dir: Path,
) -> None:
    result = invoke(["query", "-g", str(seed_graph_dir), "--", "~no-such-user-kg/q.rq"])
    assert result.exit_code == 1


@pytest.mark.parametrize(
    "args",
    [
        ["--", 'SELECT ("[/x]" AS ?a) {}'],
        ["-p", "v=[/x]", "--", ECHO],
    ],
    ids=["literal-in-query", "param-value"],
)
def test_query_table_shows_values_with_square_brackets(
    args: list[str], seed_graph_dir: Path
) -> None:
    result = invoke(["query", "-g", str(seed_graph_dir), *args])
    assert result.exit_code == 0 and "[/x]" in result.stdout


def test_query_table_shows_a_value_that_looks_like_markup_verbatim(seed_graph_dir: Path) -> None:
    result = invoke(["query", "-g", str(seed_graph_dir), "-p", "v=[bold]x", "--", ECHO])
    assert "[bold]x" in result.stdout
