"""Serve stage: run one checked query on the store and serialise its answer with Oxigraph.

Results are written by pyoxigraph's own serialisers. To apply max_rows without a Python loop
over every row, the answer is first written as TSV (SELECT) or N-Triples (CONSTRUCT/DESCRIBE),
both one row or triple per line, into a sink that stops the writer after max_rows lines; that
text is then parsed and written again in the negotiated format, all in Rust.
Must not import spaCy or any build stage.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, cast

import pyoxigraph as ox
from rdflib import URIRef

from kg.catalog import QueryParam, read_header
from kg.errors import QueryError
from kg.query import bound_term
from kg.serve.guard import Refused, check_query, is_update
from kg.serve.protocol import GRAPH_FORMATS, RESULT_FORMATS, SparqlRequest, choose_format
from kg.vocab import PREFIXES

__all__ = ["Answer", "Stopped", "execute_query"]


@dataclass(frozen=True, slots=True)
class Answer:
    """A serialised query answer; `truncated` when rows past max_rows were dropped."""

    body: bytes
    media_type: str
    truncated: bool = False


class Stopped(Exception):  # noqa: N818
    """The job was told to stop (its deadline passed) before it finished."""


class _LineSink:
    """A binary file for Oxigraph's writers that keeps at most `limit` complete lines."""

    def __init__(self, limit: int, stop: threading.Event) -> None:
        self._limit = limit
        self._stop = stop
        self._chunks: list[bytes] = []
        self._lines = 0
        self.full = False

    def write(self, data: bytes) -> int:
        if self.full or self._stop.is_set():
            raise Stopped  # also refuses the flush a writer tries as it is dropped
        count = data.count(b"\n")
        if self._lines + count > self._limit:
            end = -1
            for _ in range(self._limit - self._lines):
                end = data.index(b"\n", end + 1)
            self._chunks.append(data[: end + 1])
            self.full = True
            raise Stopped  # ends the writer: the rest of the answer is never computed
        self._lines += count
        self._chunks.append(data)
        return len(data)

    def flush(self) -> None:
        """Accept a flush; everything is kept in memory."""

    def value(self) -> bytes:
        return b"".join(self._chunks)


def execute_query(
    store: ox.Store, request: SparqlRequest, *, max_rows: int, stop: threading.Event
) -> Answer:
    """Check, run and serialise one query; blocking, meant for a worker thread.

    Args:
        store: the read-only store.
        request: the protocol request.
        max_rows: rows (or triples) kept at most; the answer says when more were dropped.
        stop: set by the caller when the answer is no longer wanted.

    Returns:
        The answer body and its media type.

    Raises:
        Refused: the query is refused (SERVICE, update, syntax error, no acceptable format).
        Stopped: `stop` was set while the answer was being written.
    """
    check_query(request.query)
    results = choose_format(request.accept, RESULT_FORMATS)
    graphs = choose_format(request.accept, GRAPH_FORMATS)
    if results is None and graphs is None:
        raise Refused(406, _not_acceptable(request.accept))
    try:
        default_graph: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = [
            ox.NamedNode(iri) for iri in request.default_graphs
        ] or None
        named_graphs: list[ox.NamedNode | ox.BlankNode] | None = [
            ox.NamedNode(iri) for iri in request.named_graphs
        ] or None
    except ValueError as exc:
        raise Refused(400, f"bad graph IRI: {exc}") from exc
    substitutions = _substitutions(request.query, request.bindings)
    try:
        # Every quad is in a named graph (one per document, one for the corpus): without a
        # default-graph-uri, the default graph is their union. GRAPH ?g still sees each one.
        answer = store.query(
            request.query,
            prefixes=PREFIXES,
            use_default_graph_as_union=default_graph is None,
            default_graph=default_graph,
            named_graphs=named_graphs,
            substitutions=substitutions,
        )
    except SyntaxError as exc:
        if is_update(request.query):
            raise Refused(403, "SPARQL Update is not allowed: this endpoint is read-only") from exc
        raise Refused(400, f"SPARQL syntax error: {exc}") from exc
    if isinstance(answer, ox.QueryTriples):
        if graphs is None:
            raise Refused(406, _not_acceptable(request.accept))
        body, truncated = _write_triples(answer, graphs.format, max_rows, stop)
        return Answer(body, graphs.media_type, truncated)
    if results is None:
        raise Refused(406, _not_acceptable(request.accept))
    if isinstance(answer, ox.QueryBoolean):
        return Answer(_bytes(answer.serialize(format=results.format)), results.media_type)
    body, truncated = _write_solutions(answer, results.format, max_rows, stop)
    return Answer(body, results.media_type, truncated)


def _substitutions(
    query: str,
    bindings: tuple[tuple[str, str], ...],
) -> dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]:
    out: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {}
    declared = _declared_params(query)
    given = {name for name, _ in bindings}
    for param in declared.values():
        if param.required and param.name not in given:
            raise Refused(400, f"this query needs ${param.name}: {param.description}")
    for name, value in bindings:
        try:
            term = bound_term(declared.get(name), value)
            out[ox.Variable(name)] = (
                ox.NamedNode(str(term)) if isinstance(term, URIRef) else ox.Literal(str(term))
            )
        except (QueryError, ValueError) as exc:
            raise Refused(400, f"bad value for ${name}: {exc}") from exc
    return out


def _write_solutions(
    solutions: ox.QuerySolutions, fmt: ox.QueryResultsFormat, max_rows: int, stop: threading.Event
) -> tuple[bytes, bool]:
    sink = _LineSink(max_rows + 1, stop)  # the header line, then one line per row
    tsv_format = ox.QueryResultsFormat.TSV
    _drain(lambda: solutions.serialize(_as_file(sink), format=tsv_format), sink, stop)
    tsv = sink.value()
    if fmt == tsv_format:
        return tsv, sink.full
    parsed = ox.parse_query_results(tsv, format=tsv_format)
    return _bytes(parsed.serialize(format=fmt)), sink.full


def _write_triples(
    triples: ox.QueryTriples, fmt: ox.RdfFormat, max_rows: int, stop: threading.Event
) -> tuple[bytes, bool]:
    sink = _LineSink(max_rows, stop)
    _drain(lambda: triples.serialize(_as_file(sink), format=ox.RdfFormat.N_TRIPLES), sink, stop)
    lines = sink.value()
    if fmt == ox.RdfFormat.N_TRIPLES:
        return lines, sink.full
    parsed = ox.parse(lines, format=ox.RdfFormat.N_TRIPLES)
    return _bytes(ox.serialize(parsed, format=fmt, prefixes=PREFIXES)), sink.full


def _drain(write: Callable[[], object], sink: _LineSink, stop: threading.Event) -> None:
    try:
        write()
    except Stopped:
        pass
    except OSError:
        # pyoxigraph may wrap an exception raised inside write(); ours are recognised by state.
        if not (sink.full or stop.is_set()):
            raise
    if stop.is_set():
        raise Stopped


def _as_file(sink: _LineSink) -> IO[bytes]:
    # Oxigraph needs only write() and flush(); typeshed's IO protocol asks for far more.
    return cast("IO[bytes]", sink)


def _bytes(data: bytes | None) -> bytes:
    # Oxigraph returns bytes whenever no output file is given.
    if data is None:
        raise RuntimeError("pyoxigraph returned no bytes")
    return data


def _not_acceptable(accept: str) -> str:
    offered = [f.aliases[0] for f in RESULT_FORMATS] + [f.aliases[0] for f in GRAPH_FORMATS]
    return f"cannot answer in any type of Accept: {accept!r}; available: {', '.join(offered)}"


def _declared_params(query: str) -> dict[str, QueryParam]:
    # A shipped query sent from the query page keeps its header comments: its any-case
    # parameters are lower-cased as `kg query` does. Any other query binds values as given.
    try:
        return {param.name: param for param in read_header(query, "query").params}
    except QueryError:
        return {}
