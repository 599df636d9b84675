"""The embedded store: an Oxigraph database under the output folder, used through rdflib.

rdflib is the API (Graph, SPARQL results, terms); Oxigraph is the engine: its SPARQL answers
joins and GROUP BYs over a million triples in a fraction of a second where rdflib's own
engine takes half a minute. Must not import spaCy.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import XSD, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from kg.errors import StoreError
from kg.files import recover_output_dir
from kg.vocab import PREFIXES

STORE_DIR = "store"


def oxigraph_of(graph: Graph) -> ox.Store:
    """Return the Oxigraph store holding `graph`, copying it into one if it lives elsewhere."""
    if isinstance(graph.store, OxigraphStore):
        # oxrdflib keeps the engine's Store private; reaching it lets exports and loads run
        # in Rust instead of converting a million terms one by one in Python.
        return graph.store._inner  # noqa: SLF001
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def graph_from_triples(triples: Iterable[tuple[Node, Node, Node]]) -> Graph:
    """Load rdflib triples into an in-memory Oxigraph store and return it as an rdflib Graph.

    Handing Oxigraph N-Triples text to parse in Rust is about twice as fast as converting
    each term through rdflib's store API; term forms are cached because entity and predicate
    IRIs repeat on every statement.
    """
    forms: dict[object, str] = {}

    def form(term: Node) -> str:
        key = (term, getattr(term, "datatype", None), getattr(term, "language", None))
        text = forms.get(key)
        if text is None:
            text = forms[key] = ntriples_term(term)
        return text

    data = "".join(f"{form(s)} {form(p)} {form(o)} .\n" for s, p, o in triples)
    store = ox.Store()
    store.bulk_load(data.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return _as_graph(store)


def ntriples_term(term: Node) -> str:
    """Return a term's N-Triples form.

    Written here because rdflib's Node.n3() emits Turtle's triple-quoted strings for
    multi-line literals, which N-Triples does not allow.

    >>> ntriples_term(Literal('say "hi"\\nnow'))
    '"say \\\\"hi\\\\"\\\\nnow"'
    """
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        text = str(term)
        for raw, escaped in _NT_ESCAPES:
            text = text.replace(raw, escaped)
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype is not None and term.datatype != XSD.string:
            return f'"{text}"^^<{term.datatype}>'
        return f'"{text}"'
    raise StoreError(f"kg graphs have no blank nodes; got {term!r}")


_NT_ESCAPES = (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"))


def _as_graph(store: ox.Store) -> Graph:
    graph = Graph(store=OxigraphStore(store=store), identifier=DATASET_DEFAULT_GRAPH_ID)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def write_store(graph: Graph, graph_dir: Path) -> None:
    """Persist `graph` as an Oxigraph database in graph_dir/store (a fresh folder)."""
    target = graph_dir / STORE_DIR
    disk = ox.Store(str(target))
    disk.bulk_extend(oxigraph_of(graph).quads_for_pattern(None, None, None, None))
    disk.flush()
    disk.optimize()
    del disk  # closes the database so the folder can be renamed into place


def open_graph(graph_dir: Path) -> Graph:
    """Open the graph that `kg build` wrote to graph_dir, read-only.

    Raises:
        StoreError: there is no built graph in graph_dir.
    """
    recover_output_dir(graph_dir)  # a build killed mid-swap may have left it aside
    path = graph_dir / STORE_DIR
    if not path.is_dir():
        raise StoreError(
            f"{graph_dir}: no graph store here",
            hint=f"run `kg build -o {graph_dir}` first, or pass --graph DIR",
        )
    try:
        inner = ox.Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(f"{path}: cannot open the graph store ({exc})") from exc
    return _as_graph(inner)
