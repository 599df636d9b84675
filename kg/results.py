"""Query results: rows of strings plus the RDF terms behind them, rendered as CSV, TSV or JSON.

Part of the query stage (kg/query.py runs queries on Oxigraph and builds these from its answers).
Pure: no files, no printing. Must not import spaCy or any build stage.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal as TypingLiteral

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import QueryError

QueryKind = TypingLiteral["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"]
ResultFormat = TypingLiteral["csv", "tsv", "json"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_TSV_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})
_SHORT_LITERAL = {
    _XSD + "integer": re.compile(r"[+-]?\d+"),
    _XSD + "decimal": re.compile(r"[+-]?\d*\.\d+"),
    _XSD + "boolean": re.compile(r"true|false"),
}


@dataclass(frozen=True, slots=True)
class QueryResult:
    """Rows of a query result as strings (None where unbound), plus the RDF terms behind them.

    For ASK, `vars` is ("ask",) and the one row holds "true" or "false". For CONSTRUCT and
    DESCRIBE, `graph` holds the result and `rows` its sorted (subject, predicate, object).
    """

    kind: QueryKind
    vars: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...]
    terms: tuple[tuple[Node | None, ...], ...] = ()
    graph: Graph | None = None
    boolean: bool | None = None


def select_result(names: Sequence[str], rows: Iterable[Sequence[Node | None]]) -> QueryResult:
    """Build a SELECT result from variable names and rows of terms (None where unbound).

    >>> select_result(["name"], [[Literal("IBM")], [None]]).rows
    (('IBM',), (None,))
    """
    terms = tuple(tuple(_plain(t) for t in row) for row in rows)
    return QueryResult("SELECT", tuple(names), _strings(terms), terms)


def ask_result(answer: bool) -> QueryResult:
    """Build an ASK result: one "ask" column holding "true" or "false"."""
    value = Literal(answer)
    return QueryResult("ASK", ("ask",), ((str(value),),), ((value,),), boolean=answer)


def graph_result(kind: QueryKind, graph: Graph) -> QueryResult:
    """Build a CONSTRUCT or DESCRIBE result: the graph, and its triples as sorted rows."""
    out = Graph()
    out += graph
    triples = sorted(out, key=lambda t: tuple(_to_str(x) or "" for x in t))
    terms = tuple((s, p, _plain(o)) for s, p, o in triples)
    return QueryResult(kind, ("subject", "predicate", "object"), _strings(terms), terms, graph=out)


def solutions_result(solutions: ox.QuerySolutions) -> QueryResult:
    """Build a SELECT result from Oxigraph's solutions, reading every row.

    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("x")))
    >>> result = solutions_result(store.query("SELECT ?s ?o ?none { ?s ?p ?o }"))
    >>> result.vars, result.rows
    (('s', 'o', 'none'), (('http://e/a', 'x', None),))
    """
    names = tuple(v.value for v in solutions.variables)
    convert = _Converter()
    terms = tuple(tuple(convert.cell(t) for t in row) for row in solutions)
    return QueryResult("SELECT", names, _strings(terms), terms)


def triples_result(kind: QueryKind, triples: ox.QueryTriples) -> QueryResult:
    """Build a CONSTRUCT or DESCRIBE result from Oxigraph's triples."""
    convert = _Converter()
    graph = Graph()
    for triple in triples:
        graph.add(
            (
                convert.term(triple.subject),
                convert.term(triple.predicate),
                convert.term(triple.object),
            )
        )
    return graph_result(kind, graph)


class _Converter:
    """Turns Oxigraph terms into rdflib ones, each distinct term once.

    rdflib's Literal parses its value on construction; IRIs and labels repeat across rows, so
    the cache saves most of the work on a large result.
    """

    def __init__(self) -> None:
        self._seen: dict[object, Node] = {}

    def cell(self, term: object) -> Node | None:
        """Convert a solution's value; None (unbound) stays None."""
        return None if term is None else self.term(term)

    def term(self, term: object) -> Node:
        """Convert one Oxigraph term."""
        found = self._seen.get(term)
        if found is None:
            found = self._seen[term] = _to_rdflib(term)
        return found


def _to_rdflib(term: object) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        # Oxigraph types simple literals xsd:string, rdflib leaves them untyped: RDF 1.1 says
        # they are the same term, so results keep rdflib's shape.
        if datatype == _XSD + "string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise QueryError(f"cannot show {term!r} in a result: RDF-star terms are not supported")


def render_result(result: QueryResult, fmt: ResultFormat) -> str:
    """Render a result as CSV, TSV or SPARQL 1.1 JSON results; ends with a newline.

    TSV writes terms as SPARQL TSV does (IRIs in <>, literals quoted), CSV writes plain values.

    >>> r = QueryResult("SELECT", ("name",), (("Brad Smith",),), ((Literal("Brad Smith"),),))
    >>> render_result(r, "csv")
    'name\\r\\nBrad Smith\\r\\n'

    Raises:
        QueryError: the format is not csv, tsv or json.
    """
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(result.vars)
        writer.writerows(["" if v is None else v for v in row] for row in result.rows)
        return buffer.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in result.vars)]
        lines += ["\t".join(_tsv_term(t) for t in row) for row in _terms_of(result)]
        return "\n".join(lines) + "\n"
    if fmt == "json":
        return json.dumps(_json_result(result), ensure_ascii=False, indent=2) + "\n"
    raise QueryError(f"unknown result format {fmt!r}; choose csv, tsv or json")


def _plain(term: Node | None) -> Node | None:
    # Oxigraph returns simple literals typed xsd:string, rdflib untyped: RDF 1.1 says they are
    # the same term, so give both stores' results one shape.
    if isinstance(term, Literal) and str(term.datatype) == _XSD + "string":
        return Literal(str(term))
    return term


def _to_str(term: Node | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _strings(rows: Iterable[tuple[Node | None, ...]]) -> tuple[tuple[str | None, ...], ...]:
    return tuple(tuple(_to_str(t) for t in row) for row in rows)


def _terms_of(result: QueryResult) -> tuple[tuple[Node | None, ...], ...]:
    if result.terms or not result.rows:
        return result.terms
    # A result built by hand may carry strings only: treat them as plain literals.
    return tuple(tuple(None if v is None else Literal(v) for v in row) for row in result.rows)


def _tsv_term(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if not isinstance(term, Literal):
        return str(term)
    text, datatype = str(term), term.datatype
    short = _SHORT_LITERAL.get(str(datatype)) if datatype is not None else None
    if short is not None and short.fullmatch(text):
        return text  # SPARQL TSV allows 2, 0.5 and true unquoted, as Turtle does
    quoted = '"' + text.translate(_TSV_ESCAPES) + '"'
    if term.language:
        return f"{quoted}@{term.language}"
    if datatype is not None and str(datatype) != _XSD + "string":
        return f"{quoted}^^<{datatype}>"
    return quoted


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None:
            out["datatype"] = str(term.datatype)
        return out
    return {"type": "literal", "value": str(term)}


def _json_result(result: QueryResult) -> dict[str, object]:
    if result.kind == "ASK":
        return {"head": {}, "boolean": bool(result.boolean)}
    bindings = [
        {
            var: _json_term(term)
            for var, term in zip(result.vars, row, strict=True)
            if term is not None
        }
        for row in _terms_of(result)
    ]
    return {"head": {"vars": list(result.vars)}, "results": {"bindings": bindings}}
