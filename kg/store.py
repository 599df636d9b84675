"""The embedded store: an Oxigraph database under the output folder, used through rdflib.

rdflib is the API (Graph, SPARQL results, terms); Oxigraph is the engine: its SPARQL answers
joins and GROUP BYs over a million triples in a fraction of a second where rdflib's own
engine takes half a minute. Every quad is in a named graph (kg/rdf.py); the rdflib view's
default graph is their union. Must not import spaCy.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Graph
from rdflib.graph import ConjunctiveGraph, Dataset

from kg.errors import StoreError
from kg.files import recover_output_dir
from kg.vocab import PREFIXES

STORE_DIR = "store"
# N-Quads handed to a bulk loader at once. The disk loader's memory grows with it (about
# 200 MB at 32 MB, 50-80 MB at 8 MB, measured on the BBC graph) and its time does not.
_CHUNK_BYTES = 8 << 20
NamedGraph = tuple[str, str]  # (graph IRI, the graph's triples as N-Triples text)
_T = TypeVar("_T")
_WRITER_NICENESS = 10


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


def load_named_graphs(
    store: ox.Store, graphs: Iterable[NamedGraph], mirror: Callable[[bytes], None] | None = None
) -> dict[str, str]:
    """Bulk-load (graph IRI, N-Triples text) pairs into `store`; return each graph's sha256.

    The pairs go in as N-Quads a few megabytes at a time, so a corpus is never held as
    one big string; the hashes let a rebuild or a push tell which graphs changed. Each chunk,
    once `store` has accepted it, is also handed to `mirror` (a StoreWriter's add).
    """
    hashes: dict[str, str] = {}
    pending: list[bytes] = []
    size = 0

    def load() -> None:
        chunk = b"".join(pending)
        # Lenient: the text is kg's own (kg/ntriples.py quotes every term), and skipping the
        # IRI checks loads a quarter faster; the build's Turtle export parses every line
        # again, strictly, before anything is written (kg/export/rdf.py).
        store.bulk_load(chunk, format=ox.RdfFormat.N_QUADS, lenient=True)
        if mirror is not None:
            mirror(chunk)

    for iri, text in graphs:
        data = text.encode("utf-8")
        hashes[iri] = hashlib.sha256(data).hexdigest()
        pending.append(in_graph(data, iri))
        size += len(data)
        if size >= _CHUNK_BYTES:
            load()
            pending, size = [], 0
    if pending:
        load()
    return hashes


def in_graph(ntriples: bytes, iri: str) -> bytes:
    """Turn N-Triples into N-Quads in graph `iri`."""
    # Literals escape their line breaks, so " .\n" only ever ends a triple.
    return ntriples.replace(b" .\n", f" <{iri}> .\n".encode())


def as_graph(store: ox.Store) -> Graph:
    """Return an rdflib view of an Oxigraph store whose default graph is the union of all."""
    return bind_prefixes(Dataset(store=OxigraphStore(store=store), default_union=True))


def bind_prefixes(graph: Graph) -> Graph:
    """Bind kg's prefixes on `graph` (they name terms in Turtle and in query results)."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


class StoreWriter:
    """Writes graph_dir/store (a fresh folder) on a thread, from the chunks handed to add().

    The build loads its in-memory store and this one from the same N-Quads chunks
    (load_named_graphs' mirror), so the disk copy starts with the first chunk instead of
    dumping the whole store again once it is loaded. Oxigraph releases the GIL while it
    writes, so analytics, exports, the page and the report are computed meanwhile, on the
    core the parser processes have left free.
    """

    def __init__(self, graph_dir: Path) -> None:
        self.path = graph_dir / STORE_DIR
        # The disk load is slower than the in-memory one, and blocking the build until it
        # catches up would serialise the two: chunks wait in files, not in memory, where
        # a million-triple corpus would keep a few hundred megabytes of text queued while the
        # build's own stages need the memory most.
        self._spill = Path(tempfile.mkdtemp(dir=graph_dir, prefix=".store-chunks-"))
        self._chunks: queue.SimpleQueue[Path | None] = queue.SimpleQueue()
        self._added = 0
        self._cancelled = False
        self._failure: list[BaseException] = []
        self._worker = threading.Thread(target=self._write, name="kg-store-writer", daemon=True)
        self._worker.start()

    def add(self, chunk: bytes) -> None:
        """Queue N-Quads for the disk store."""
        self._added += 1
        spilled = self._spill / f"{self._added:06d}.nq"
        try:
            spilled.write_bytes(chunk)
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot queue the store's data ({exc})") from exc
        self._chunks.put(spilled)

    def _write(self) -> None:
        # Reads the queue to its end whatever happens, so no chunk outlives a failure and
        # finish() or cancel() never wait for a thread that stopped reading.
        _yield_to_the_build()
        disk = self._attempt(lambda: ox.Store(str(self.path)))
        while (spilled := self._chunks.get()) is not None:
            if disk is not None and not self._cancelled and not self._failure:
                # Lenient, as load_named_graphs: the same text is parsed strictly for Turtle.
                load = partial(
                    disk.bulk_load, path=str(spilled), format=ox.RdfFormat.N_QUADS, lenient=True
                )
                self._attempt(load)
            spilled.unlink(missing_ok=True)
        if disk is not None and not self._cancelled and not self._failure:
            self._attempt(disk.flush)
            # Compacting costs this thread about 6 CPU-seconds on the BBC graph, and `kg query`
            # gets that back: on the disk store the shipped queries take about two thirds of
            # the time they take uncompacted (docs/scaling.md).
            self._attempt(disk.optimize)
        del disk  # closes the database, so the folder can be renamed into place

    def _attempt(self, step: Callable[[], _T]) -> _T | None:
        try:
            return step()
        except BaseException as exc:  # noqa: BLE001 - raised again by finish()
            self._failure.append(exc)
            return None

    def finish(self) -> None:
        """Wait until every chunk added is written and the database closed.

        Raises:
            StoreError: the copy failed (disk full, permissions, ...).
        """
        self._stop()
        if self._failure:
            raise StoreError(f"{self.path}: cannot write the store ({self._failure[0]})")

    def cancel(self) -> None:
        """Stop as soon as possible and close the database; what was written is left behind."""
        self._cancelled = True
        self._stop()

    def _stop(self) -> None:
        self._chunks.put(None)
        self._worker.join()
        shutil.rmtree(self._spill, ignore_errors=True)


def _yield_to_the_build() -> None:
    # The disk copy keeps more than one core busy (the bulk loader's threads, RocksDB's) and
    # slowed the build's own stages by half. Linux gives each thread its own nice value, which
    # the threads it starts inherit: lowered here, the copy takes what the build leaves.
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), _WRITER_NICENESS)


def nquads_chunks(store: ox.Store) -> Iterator[bytes]:
    """Yield the store's quads as N-Quads, a few megabytes at a time."""
    # The bulk loader holds a whole input in memory while it sorts it; fed in pieces of a few
    # megabytes, a million-triple corpus never needs a second copy of itself.
    pending: list[bytes] = []
    size = 0
    for name in [ox.DefaultGraph(), *store.named_graphs()]:
        lines = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name) or b""
        if isinstance(name, ox.NamedNode):
            lines = in_graph(lines, name.value)
        pending.append(lines)
        size += len(lines)
        if size >= _CHUNK_BYTES:
            yield b"".join(pending)
            pending, size = [], 0
    if pending:
        yield b"".join(pending)


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
