"""RDF exporters: Graph -> bytes in Turtle, N-Triples, N-Quads, TriG and JSON-LD.

Serialised by Oxigraph (forty times faster than rdflib's Python serialisers at a million
triples), from lines sorted in their N-Triples form, so the same graph always gives the same
bytes and diffs stay readable. The sorting works on the engine's own N-Triples dump rather than
on Python term objects: a million terms built in Python cost more than the whole export.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph

from kg.store import in_graph, oxigraph_of
from kg.vocab import PREFIXES


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
    return [line for i, line in enumerate(lines) if i == 0 or line != lines[i - 1]]


def sorted_ntriples(store: ox.Store) -> bytes:
    """Return the union of the store's graphs as sorted N-Triples."""
    return b"".join(line + b"\n" for line in sorted_lines(store, None))


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
        if self.quads:
            data = ox.parse(sorted_nquads(store), format=ox.RdfFormat.N_QUADS)
        else:
            data = ox.parse(sorted_ntriples(store), format=ox.RdfFormat.N_TRIPLES)
        prefixes = PREFIXES if self.format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
        out = ox.serialize(data, format=self.format, prefixes=prefixes)
        assert out is not None  # serialize returns bytes when no output is given
        return _sorted_prefix_lines(out if out.endswith(b"\n") else out + b"\n")


def _sorted_prefix_lines(data: bytes) -> bytes:
    # The engine writes @prefix lines in its own map order; sorting them keeps files
    # byte-identical across engine versions.
    lines = data.split(b"\n")
    count = 0
    while count < len(lines) and lines[count].startswith(b"@prefix "):
        count += 1
    return b"\n".join(sorted(lines[:count]) + lines[count:])


TURTLE = RdfExporter("turtle", ".ttl", ox.RdfFormat.TURTLE)
NTRIPLES = RdfExporter("nt", ".nt", ox.RdfFormat.N_TRIPLES)
NQUADS = RdfExporter("nquads", ".nq", ox.RdfFormat.N_QUADS, quads=True)
TRIG = RdfExporter("trig", ".trig", ox.RdfFormat.TRIG, quads=True)
JSONLD = RdfExporter("jsonld", ".jsonld", ox.RdfFormat.JSON_LD)
