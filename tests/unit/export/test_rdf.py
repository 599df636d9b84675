"""The RDF exporters' sorting: every triple once, in N-Triples order, whatever graph it is in."""

from __future__ import annotations

import pyoxigraph as ox

from kg.export.rdf import NTRIPLES, sorted_lines, sorted_ntriples
from kg.store import as_graph

_A, _B = ox.NamedNode("https://x/a"), ox.NamedNode("https://x/b")
_G1, _G2 = ox.NamedNode("https://x/g1"), ox.NamedNode("https://x/g2")
_P = ox.NamedNode("https://x/p")


def _store(*quads: ox.Quad) -> ox.Store:
    store = ox.Store()
    store.extend(quads)
    return store


def test_a_triple_in_two_graphs_is_exported_once() -> None:
    store = _store(
        ox.Quad(_B, _P, ox.Literal("z"), _G1),
        ox.Quad(_A, _P, _B, _G1),
        ox.Quad(_A, _P, _B, _G2),
        ox.Quad(_A, _P, ox.Literal("y"), _G2),
    )
    expected = [
        b'<https://x/a> <https://x/p> "y" .',
        b"<https://x/a> <https://x/p> <https://x/b> .",
        b'<https://x/b> <https://x/p> "z" .',
    ]
    assert sorted_lines(store, None) == expected
    assert sorted_ntriples(store) == b"".join(line + b"\n" for line in expected)
    assert NTRIPLES.render(as_graph(store)) == sorted_ntriples(store)


def test_graphs_that_share_no_triple_are_merged_and_sorted() -> None:
    store = _store(ox.Quad(_B, _P, _A, _G1), ox.Quad(_A, _P, _B, _G2))
    assert sorted_lines(store, None) == [
        b"<https://x/a> <https://x/p> <https://x/b> .",
        b"<https://x/b> <https://x/p> <https://x/a> .",
    ]
    assert sorted_lines(store, _G1) == [b"<https://x/b> <https://x/p> <https://x/a> ."]
