"""The embedded store: an Oxigraph database under the output folder, used through rdflib.

rdflib is the API (Graph, SPARQL results, terms); Oxigraph is the engine: its SPARQL answers
joins and GROUP BYs over a million triples in a fraction of a second where rdflib's own
engine takes half a minute. Every quad is in a named graph (kg/rdf.py); the rdflib view's
default graph is their union. Must not import spaCy.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Graph
from rdflib.graph import ConjunctiveGraph, Dataset
from rdflib.term import Node

from kg.errors import StoreError
from kg.files import recover_output_dir
from kg.ntriples import render_lines
from kg.vocab import PREFIXES

STORE_DIR = "store"
NamedGraph = tuple[str, str]  # (graph IRI, the graph's triples as N-Triples text)


def oxigraph_of(graph: Graph) -> ox.Store:
    """Return the Oxigraph store holding `graph`, copying it into one if it lives elsewhere."""
    if isinstance(graph.store, OxigraphStore):
        # oxrdflib keeps the engine's Store private; reaching it lets exports and loads run
        # in Rust instead of converting a million terms one by one in Python.
        return graph.store._inner  # noqa: SLF001
    store = ox.Store()
    if isinstance(graph, ConjunctiveGraph):  # a Dataset too: keep the graph each triple is in
        store.load(graph.serialize(format="nquads", encoding="utf-8"), format=ox.RdfFormat.N_QUADS)
    else:
        store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def graph_from_named_graphs(graphs: Iterable[NamedGraph]) -> Graph:
    """Load named graphs of N-Triples text into an in-memory Oxigraph store; return its union."""
    store = ox.Store()
    load_named_graphs(store, graphs)
    return as_graph(store)


def load_named_graphs(store: ox.Store, graphs: Iterable[NamedGraph]) -> dict[str, str]:
    """Bulk-load (graph IRI, N-Triples text) pairs into `store`; return each graph's sha256.

    The pairs stream through as N-Quads, so a corpus is never held as one big string; the
    hashes let a rebuild or a push tell which graphs changed.
    """
    hashes: dict[str, str] = {}

    def chunks() -> Iterator[bytes]:
        for iri, text in graphs:
            data = text.encode("utf-8")
            hashes[iri] = hashlib.sha256(data).hexdigest()
            # Literals escape their line breaks, so " .\n" only ever ends a triple.
            yield data.replace(b" .\n", f" <{iri}> .\n".encode())

    store.bulk_load(io.BufferedReader(_ChunkReader(chunks())), format=ox.RdfFormat.N_QUADS)
    return hashes


class _ChunkReader(io.RawIOBase):
    """A binary file over an iterator of byte chunks, so Oxigraph can read from a generator."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._pending:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._pending = memoryview(chunk)
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def add_triples(
    store: ox.Store, graph_iri: str, triples: Iterable[tuple[Node, Node, Node]]
) -> None:
    """Add rdflib triples (derived figures such as analytics) to one named graph of `store`."""
    load_named_graphs(store, [(graph_iri, render_lines(triples))])


def as_graph(store: ox.Store) -> Graph:
    """Return an rdflib view of an Oxigraph store whose default graph is the union of all."""
    graph = Dataset(store=OxigraphStore(store=store), default_union=True)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def write_store(store: ox.Store, graph_dir: Path) -> Callable[[], None]:
    """Start writing `store` as an Oxigraph database to graph_dir/store (a fresh folder).

    The copy runs on a thread: Oxigraph releases the GIL while it writes, so the page and the
    report are rendered meanwhile. Returns a function that waits for the copy to finish, the
    database closed, and raises any error the copy met.
    """
    failure: list[BaseException] = []

    def copy() -> None:
        try:
            disk = ox.Store(str(graph_dir / STORE_DIR))
            disk.bulk_load(store.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
            disk.flush()
            disk.optimize()
            del disk  # closes the database, so the folder can be renamed into place
        except BaseException as exc:  # noqa: BLE001 - handed to the waiting thread
            failure.append(exc)

    worker = threading.Thread(target=copy, name="kg-store-writer", daemon=True)
    worker.start()

    def wait() -> None:
        worker.join()
        if failure:
            raise StoreError(f"{graph_dir / STORE_DIR}: cannot write the store ({failure[0]})")

    return wait


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
    return as_graph(inner)
