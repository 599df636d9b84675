"""Query stage: load SPARQL queries (shipped in queries/, from a file, or inline) and run them.

A shipped query starts with comment lines that `kg query --list` shows::

    # purpose: Commitments stated in the negative, with their evidence
    # params: ?entity — an entity IRI; ?label — a name, matched case-insensitively
    # example: kg query negated

Values reach a query only as SPARQL bindings (initBindings), never pasted into its text. Oxigraph
(through oxrdflib) applies a binding only to a variable of the top-level SELECT projection and
sees it as unbound inside BOUND(), so a declared parameter must be projected and a query tests an
optional one with `COALESCE(<test using ?param>, true)`, not `BOUND(?param)`.
Must not import spaCy or any build stage; no printing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pyparsing import ParseException
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.plugins.stores.memory import Memory, SimpleMemory
from rdflib.term import Identifier, Variable

import kg
from kg.errors import QueryError
from kg.results import (
    QueryKind,
    QueryResult,
    ResultFormat,
    ask_result,
    graph_result,
    render_result,
    select_result,
)
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
_HEADER_LINE = re.compile(r"^#\s*(\w+)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"^\?(\w+)\s*(?:[—–:]|--?)\s*(.*)$")
_IRI_START = ("http://", "https://")
_BAD_IRI_CHARS = re.compile(r'[\s<>"{}|\\^`]')


@dataclass(frozen=True, slots=True)
class QueryParam:
    """A value a query accepts, declared in its `# params:` header."""

    name: str  # without the "?"
    description: str


@dataclass(frozen=True, slots=True)
class QueryInfo:
    """A shipped query as `kg query --list` shows it."""

    name: str
    path: Path
    purpose: str
    params: tuple[QueryParam, ...]
    example: str | None = None


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


def queries_dir() -> Path:
    """Return the folder of shipped queries: queries/ in a source checkout, else kg/queries."""
    checkout = Path(kg.__file__).resolve().parent.parent / "queries"
    if checkout.is_dir():
        return checkout
    return Path(str(resources.files("kg") / "queries"))


def list_queries() -> list[QueryInfo]:
    """Return the shipped queries, sorted by name, with their header comments.

    Raises:
        QueryError: a shipped query has a malformed `# params:` line.
    """
    folder = queries_dir()
    if not folder.is_dir():
        return []
    infos = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        purpose, params, example = _read_header(text, str(path))
        infos.append(QueryInfo(path.stem, path, purpose, params, example))
    return infos


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


def run_query(graph: Graph, query: LoadedQuery, params: Mapping[str, str]) -> QueryResult:
    """Run a loaded query on a graph with parameter values bound as SPARQL bindings.

    A value written `<…>` or starting with http:// or https:// is bound as an IRI, anything
    else as a plain literal. Works on in-memory graphs and on Oxigraph-backed ones (oxrdflib).

    Args:
        graph: the graph to query.
        query: a query from load_query.
        params: values by parameter name (with or without the leading "?").

    Returns:
        The result rows (or graph, or boolean).

    Raises:
        QueryError: a parameter is not declared by the query, a value is not a valid IRI, or
            the query fails while running.
    """
    declared = {p.name for p in query.params}
    bindings: dict[str, Identifier] = {}
    for raw_name, value in params.items():
        name = raw_name.removeprefix("?")
        if name not in declared:
            known = ", ".join(f"?{n}" for n in sorted(declared)) or "none"
            raise QueryError(
                f"query {query.name!r} has no parameter ?{name}; it declares: {known}",
                hint=f"see the '# params:' line of {query.source}",
            )
        bindings[name] = to_term(value)
    init: dict[str, Identifier] = {Variable(k): v for k, v in bindings.items()}
    try:
        if isinstance(graph.store, (Memory, SimpleMemory)):
            # rdflib's own engine: reuse the parse (pyparsing is the slow part here).
            result = graph.query(query.prepared, initBindings=init)
        else:
            # Stores with their own engine take text: oxrdflib refuses a parsed Query, and
            # rdflib would then fall back to its slow engine over the store.
            result = graph.query(query.text, initNs=PREFIXES, initBindings=init)
    except Exception as exc:  # the engine's own errors (rdflib, pyoxigraph) vary by store
        raise QueryError(f"{query.source}: query failed: {exc}") from exc
    if query.kind == "ASK":
        return ask_result(bool(result.askAnswer))
    if query.kind in ("CONSTRUCT", "DESCRIBE"):
        return graph_result(query.kind, result.graph if result.graph is not None else Graph())
    variables = list(result.vars or ())
    # The raw bindings, not ResultRows: building a ResultRow per row doubles the time spent in
    # Python on a large result.
    rows = [tuple(binding.get(v) for v in variables) for binding in result.bindings]
    return select_result([str(v) for v in variables], rows)


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


def _read_header(text: str, source: str) -> tuple[str, tuple[QueryParam, ...], str | None]:
    purpose, example = "", None
    params: list[QueryParam] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        match = _HEADER_LINE.match(stripped)
        if match is None:
            continue
        key, value = match.group(1).lower(), match.group(2)
        if key == "purpose":
            purpose = value
        elif key == "example":
            example = value
        elif key == "params" and value.lower() != "none":
            params.extend(_read_params(value, source))
    return purpose, tuple(params), example


def _read_params(value: str, source: str) -> Iterable[QueryParam]:
    for part in re.split(r";\s*(?=\?\w)", value):
        match = _PARAM.match(part.strip())
        if match is None:
            raise QueryError(
                f"{source}: bad '# params:' entry {part.strip()!r}",
                hint="write '# params: ?name — meaning' (or '# params: none')",
            )
        yield QueryParam(match.group(1), match.group(2))


def _parse(name: str, source: str, text: str) -> LoadedQuery:
    purpose, params, _ = _read_header(text, source)
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
    return LoadedQuery(name, source, text, kind, purpose, params, prepared)


@lru_cache(maxsize=64)
def _prepare(text: str) -> Query:
    # Shipped queries are loaded again and again (tests, a server): parse each text once.
    return prepareQuery(text, initNs=PREFIXES)
