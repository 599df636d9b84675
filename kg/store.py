"""The embedded store: an Oxigraph database under the output folder, used through rdflib.

rdflib is the API (Graph, SPARQL results, terms); Oxigraph is the engine: its SPARQL answers
joins and GROUP BYs over a million triples in a fraction of a second where rdflib's own
engine takes half a minute. Must not import spaCy.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

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
    graph = Graph(store=OxigraphStore(store=inner), identifier=DATASET_DEFAULT_GRAPH_ID)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph
