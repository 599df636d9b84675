"""Query stage: load SPARQL queries (shipped in queries/, from a file, or inline) and run them.

A query's header comments (kg/catalog.py) give its purpose and parameters. A query that can
return thousands of rows ends with a LIMIT, its first page, which the header declares
(`# params: LIMIT 100 — …`); run_query's `limit` and `offset` rewrite that clause to page
through the rest (kg/paging.py).

Queries run on Oxigraph directly (pyoxigraph), whatever the graph's store, with the default
graph as the union of all named graphs; only the rows returned become rdflib terms. Values
reach a query only as SPARQL substitutions, never pasted into its text. Oxigraph applies one
only to a variable of the top-level SELECT projection and sees it as unbound inside BOUND(), so
a declared parameter must be projected and a query tests an optional one with
`COALESCE(<test using ?param>, true)`, not `BOUND(?param)`.
Must not import spaCy or any build stage; no printing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from pyparsing import ParseException
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Identifier

from kg.catalog import QueryInfo, QueryParam, list_queries, queries_dir, read_header
from kg.errors import QueryError
from kg.paging import page_query, read_slice
from kg.results import (
    QueryKind,
    QueryResult,
    ResultFormat,
    ask_result,
    render_result,
    solutions_result,
    triples_result,
)
from kg.store import oxigraph_of
from kg.vocab import PREFIXES

__all__ = [
    "LoadedQuery",
    "QueryInfo",
    "QueryKind",
    "QueryParam",
    "QueryResult",
    "ResultFormat",
    "list_queries",
    "load_query",
    "queries_dir",
    "render_result",
    "run_query",
    "to_term",
]

_KIND_BY_ALGEBRA: dict[str, QueryKind] = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}
_QUERY_WORD = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_IRI_START = ("http://", "https://")
_BAD_IRI_CHARS = re.compile(r'[\s<>"{}|\\^`]')


@dataclass(frozen=True, slots=True)
class LoadedQuery:
    """A parsed, ready-to-run query and what its header declares."""

    name: str  # shipped name, file stem, or "inline"
    source: str  # where it came from, for messages: a path or "<inline>"
    text: str
    kind: QueryKind
    purpose: str
    params: tuple[QueryParam, ...]
    prepared: Query = field(repr=False, compare=False)
    page: int | None = None  # the LIMIT its header declares


def load_query(spec: str) -> LoadedQuery:
    """Load and parse a query given as a file path, a shipped query's name, or SPARQL text.

    An existing file wins over a shipped name, which wins over inline text (text containing
    SELECT, ASK, CONSTRUCT or DESCRIBE). kg's prefixes (kg:, rel:, schema:, …) need no PREFIX.

    Args:
        spec: a path to a .rq file, a shipped name such as "quotes", or the query itself.

    Returns:
        The parsed query with its header.

    Raises:
        QueryError: the file cannot be read, the name is unknown, or the SPARQL is invalid.
    """
    path = _as_file(spec)
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"{path}: cannot read query: {exc}") from exc
        return _parse(path.stem, str(path), text)
    shipped = {info.name: info for info in list_queries()}
    if spec in shipped:
        info = shipped[spec]
        return _parse(info.name, str(info.path), info.path.read_text(encoding="utf-8"))
    if _QUERY_WORD.search(spec):
        return _parse("inline", "<inline>", spec)
    names = ", ".join(sorted(shipped)) or "(none)"
    if spec.endswith(".rq"):
        raise QueryError(f"{spec}: no such query file", hint=f"shipped queries: {names}")
    raise QueryError(
        f"unknown query {spec!r}; shipped queries: {names}",
        hint="give a shipped name, a path to a .rq file, or SPARQL text",
    )


def run_query(
    graph: Graph | ox.Store,
    query: LoadedQuery,
    params: Mapping[str, str],
    *,
    limit: int | None = None,
    offset: int | None = None,
) -> QueryResult:
    """Run a loaded query on a graph with parameter values bound as SPARQL substitutions.

    A value written `<…>` or starting with http:// or https:// is bound as an IRI, anything
    else as a plain literal. The query runs on Oxigraph: the graph's own store when it has
    one, else a copy; its default graph is the union of the store's named graphs.

    Args:
        graph: the graph to query (an rdflib Graph or an Oxigraph store).
        query: a query from load_query.
        params: values by parameter name (with or without the leading "?").
        limit: rows to return at most, in place of the query's own LIMIT (None keeps it).
        offset: rows to skip first, in place of the query's own OFFSET (None keeps it).

    Returns:
        The result rows (or graph, or boolean).

    Raises:
        QueryError: a parameter is not declared by the query, a value is not a valid IRI, the
            query cannot be paged as asked, or it fails while running.
    """
    substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
        ox.Variable(name): _to_oxigraph(term) for name, term in _bindings(query, params)
    }
    text = query.text
    if limit is not None or offset is not None:
        try:
            text = page_query(text, limit, offset)
        except ValueError as exc:
            raise QueryError(f"{query.source}: cannot page this query: {exc}") from exc
    store = graph if isinstance(graph, ox.Store) else oxigraph_of(graph)
    try:
        answer = store.query(
            text, prefixes=PREFIXES, use_default_graph_as_union=True, substitutions=substitutions
        )
        # Oxigraph evaluates lazily: rows are computed (and may fail) while they are read.
        if isinstance(answer, ox.QueryBoolean):
            return ask_result(bool(answer))
        if isinstance(answer, ox.QueryTriples):
            return triples_result(query.kind, answer)
        return solutions_result(answer)
    except QueryError:
        raise
    except Exception as exc:  # Oxigraph's errors (SyntaxError, OSError, …) name no file
        raise QueryError(f"{query.source}: query failed: {exc}") from exc


def _bindings(query: LoadedQuery, params: Mapping[str, str]) -> list[tuple[str, Identifier]]:
    declared = {p.name: p for p in query.params}
    bindings = []
    for raw_name, value in params.items():
        name = raw_name.removeprefix("?")
        if name not in declared:
            known = ", ".join(f"?{n}" for n in sorted(declared)) or "none"
            raise QueryError(
                f"query {query.name!r} has no parameter ?{name}; it declares: {known}",
                hint=f"see the '# params:' line of {query.source}",
            )
        bindings.append((name, bound_term(declared[name], value)))
    given = {name for name, _ in bindings}
    for param in query.params:
        if param.required and param.name not in given:
            raise QueryError(
                f"query {query.name!r} needs ?{param.name}: {param.description}",
                hint=f"kg query {query.name} --param {param.name}=…",
            )
    return bindings


def bound_term(param: QueryParam | None, value: str) -> Identifier:
    """Turn a parameter value into the term bound to it: to_term, lower-cased if any-case.

    >>> bound_term(QueryParam("label", "a name", any_case=True), "Brad Smith")
    rdflib.term.Literal('brad smith')
    """
    term = to_term(value)
    if param is not None and isinstance(term, Literal):
        return Literal(param.bind(str(term)))
    return term


def _to_oxigraph(term: Identifier) -> ox.NamedNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal) and term.language:
        return ox.Literal(str(term), language=term.language)
    if isinstance(term, Literal) and term.datatype is not None:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def to_term(value: str) -> Identifier:
    """Turn a parameter value into an RDF term: an IRI when it looks like one, else a literal.

    >>> to_term("<https://w3id.org/kg/entity/person/brad-smith>")
    rdflib.term.URIRef('https://w3id.org/kg/entity/person/brad-smith')
    >>> to_term("Brad Smith")
    rdflib.term.Literal('Brad Smith')

    Raises:
        QueryError: the value is written as an IRI but contains characters an IRI cannot.
    """
    iri: str | None = None
    if value.startswith("<") and value.endswith(">"):
        iri = value[1:-1]
    elif value.startswith(_IRI_START):
        iri = value
    if iri is None:
        return Literal(value)
    if not iri or _BAD_IRI_CHARS.search(iri):
        raise QueryError(f"not a valid IRI: {value!r}", hint="percent-encode spaces and quotes")
    return URIRef(iri)


def _as_file(spec: str) -> Path | None:
    if "\n" in spec or len(spec) > 4096:
        return None
    try:
        path = Path(spec).expanduser()
        return path if path.is_file() else None
    except (OSError, RuntimeError):  # "~nobody/x", a name too long: simply not a file
        return None


def _parse(name: str, source: str, text: str) -> LoadedQuery:
    header = read_header(text, source)
    params = header.params
    if header.page is not None and read_slice(text).limit != header.page:
        raise QueryError(
            f"{source}: '# params:' declares LIMIT {header.page} but the query does not end "
            f"with LIMIT {header.page}",
            hint="keep the header and the query's final LIMIT the same",
        )
    try:
        prepared = _prepare(text)
    except ParseException as exc:
        raise QueryError(
            f"{source}:{exc.lineno}:{exc.col}: SPARQL syntax error: {exc.msg}",
            hint=f"line {exc.lineno}: {exc.line.strip()}",
        ) from exc
    except Exception as exc:  # rdflib reports e.g. an unknown prefix with a bare Exception
        raise QueryError(f"{source}: invalid SPARQL: {exc}") from exc
    kind = _KIND_BY_ALGEBRA.get(prepared.algebra.name)
    if kind is None:
        raise QueryError(f"{source}: unsupported query form {prepared.algebra.name}")
    if kind == "SELECT" and params:
        projected = {str(v) for v in prepared.algebra.get("PV") or ()}
        missing = [p.name for p in params if p.name not in projected]
        if missing:
            raise QueryError(
                f"{source}: parameter ?{missing[0]} is declared but not selected",
                hint="add each declared parameter to the SELECT clause; Oxigraph binds only those",
            )
    return LoadedQuery(name, source, text, kind, header.purpose, params, prepared, header.page)


@lru_cache(maxsize=64)
def _prepare(text: str) -> Query:
    # Shipped queries are loaded again and again (tests, a server): parse each text once.
    return prepareQuery(text, initNs=PREFIXES)
