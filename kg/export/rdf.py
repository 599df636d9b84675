"""RDF exporters: Graph -> bytes in Turtle, N-Triples, N-Quads, TriG and JSON-LD.

Serialised by Oxigraph (forty times faster than rdflib's Python serialisers at a million
triples), from lines sorted in their N-Triples form, so the same graph always gives the same
bytes and diffs stay readable. The sorting works on the engine's own N-Triples dump rather than
on Python term objects: a million terms built in Python cost more than the whole export.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, groupby, islice
from operator import eq

import pyoxigraph as ox
from rdflib import Graph

from kg.store import in_graph, oxigraph_of
from kg.vocab import PREFIXES

_PARSE_LINES = 1 << 16


def sorted_lines(
    store: ox.Store, graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph | None
) -> list[bytes]:
    """Return one graph's N-Triples lines, or the union's if graph is None, sorted, each once.

    For IRIs and literals in N-Triples form, sorting whole lines orders triples exactly as
    sorting (subject, predicate, object): a term ends with ">" or a quote and a space follows
    it, so no term compares past its own end.
    """
    graphs = [graph] if graph is not None else [ox.DefaultGraph(), *store.named_graphs()]
    lines: list[bytes] = []
    for name in graphs:
        dump = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name)
        lines.extend(dump.splitlines() if dump else ())
    lines.sort()
    # A graph is a set: the engine writes each of its triples once. Across graphs a triple
    # may repeat (kg's own graphs never share one), next to itself once sorted: comparing
    # neighbours in C costs less than rebuilding the list.
    if len(graphs) == 1 or not any(map(eq, lines, islice(lines, 1, None))):
        return lines
    return [line for line, _ in groupby(lines)]


def _parsed(lines: list[bytes]) -> Iterator[ox.Quad]:
    """Parse sorted N-Triples lines into quads in the same order, emptying `lines` as it goes."""

    # A slice at a time, so the sorted text is never joined into one more copy of the whole
    # graph (a few hundred megabytes at a million triples), and each slice's lines are freed
    # once parsed. The parsers are chained in C: no Python frame runs per quad. Strict, though
    # checking every IRI is half its time: the build loads its own text leniently
    # (kg.store.load_named_graphs), and this is where a malformed term stops it, before any
    # file is written.
    def parse(_: int) -> ox.QuadParser:
        text = b"\n".join(lines[:_PARSE_LINES])  # the parser needs no newline after the last
        del lines[:_PARSE_LINES]
        return ox.parse(text, format=ox.RdfFormat.N_TRIPLES)

    return chain.from_iterable(map(parse, range(0, len(lines), _PARSE_LINES)))


def sorted_ntriples(store: ox.Store) -> bytes:
    """Return the union of the store's graphs as sorted N-Triples."""
    lines = sorted_lines(store, None)
    return b"\n".join(lines) + b"\n" if lines else b""


def sorted_nquads(store: ox.Store) -> bytes:
    """Return the store's quads as N-Quads, graph by graph in IRI order, each graph sorted."""
    chunks = [b"".join(line + b"\n" for line in sorted_lines(store, ox.DefaultGraph()))]
    for name in sorted(store.named_graphs(), key=str):
        lines = b"".join(line + b"\n" for line in sorted_lines(store, name))
        chunks.append(in_graph(lines, name.value))
    return b"".join(chunks)


@dataclass(frozen=True, slots=True)
class RdfExporter:
    """Serialise a graph in one RDF syntax."""

    name: str
    suffix: str
    format: ox.RdfFormat
    quads: bool = False  # N-Quads and TriG show the named graph (document) each triple is in

    def render(self, graph: Graph) -> bytes:
        store = oxigraph_of(graph)
        data: Iterable[ox.Quad]
        if self.quads:
            # Lenient: the build parsed every one of these terms strictly (_parsed) for Turtle.
            data = ox.parse(sorted_nquads(store), format=ox.RdfFormat.N_QUADS, lenient=True)
        else:
            data = _parsed(sorted_lines(store, None))
        prefixes = PREFIXES if self.format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
        out = ox.serialize(data, format=self.format, prefixes=prefixes)
        assert out is not None  # serialize returns bytes when no output is given
        return _sorted_prefix_lines(out if out.endswith(b"\n") else out + b"\n")


def _sorted_prefix_lines(data: bytes) -> bytes:
    # The engine writes @prefix lines in its own map order; sorting them keeps files
    # byte-identical across engine versions. Only the head is split: the rest is one copy.
    end = 0
    while data.startswith(b"@prefix ", end) and (newline := data.find(b"\n", end)) >= 0:
        end = newline + 1
    if end == 0:
        return data
    head = b"\n".join(sorted(data[: end - 1].split(b"\n")))
    return b"".join((head, b"\n", memoryview(data)[end:]))


TURTLE = RdfExporter("turtle", ".ttl", ox.RdfFormat.TURTLE)
NTRIPLES = RdfExporter("nt", ".nt", ox.RdfFormat.N_TRIPLES)
NQUADS = RdfExporter("nquads", ".nq", ox.RdfFormat.N_QUADS, quads=True)
TRIG = RdfExporter("trig", ".trig", ox.RdfFormat.TRIG, quads=True)
JSONLD = RdfExporter("jsonld", ".jsonld", ox.RdfFormat.JSON_LD)
