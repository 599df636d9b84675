"""The disk store written on a thread beside the build (kg.store.StoreWriter)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import StoreError
from kg.export import EXPORTERS
from kg.store import StoreWriter, as_graph, load_named_graphs

_DOC = "https://w3id.org/kg/graph/doc/a.txt"
_TEXT = (
    '<https://w3id.org/kg/entity/a> <http://www.w3.org/2000/01/rdf-schema#label> "A" .\n'
    '<https://w3id.org/kg/entity/b> <http://www.w3.org/2000/01/rdf-schema#label> "B" .\n'
)


def _quads(path: Path) -> set[ox.Quad]:
    store = ox.Store.read_only(str(path))
    try:
        return set(store)
    finally:
        del store


def test_the_disk_store_gets_what_the_memory_store_got(tmp_path: Path) -> None:
    memory = ox.Store()
    writer = StoreWriter(tmp_path)
    hashes = load_named_graphs(memory, [(_DOC, _TEXT)], mirror=writer.add)
    writer.finish()
    assert set(memory) == _quads(tmp_path / "store")
    assert len(memory) == 2
    assert list(hashes) == [_DOC]
    assert [p.name for p in tmp_path.iterdir()] == ["store"]  # no queued chunk left behind


def test_a_graph_the_memory_store_refuses_never_reaches_the_disk(tmp_path: Path) -> None:
    memory, writer = ox.Store(), StoreWriter(tmp_path)
    with pytest.raises(SyntaxError):
        load_named_graphs(
            memory, [(_DOC, '<https://e/a> <https://e/p> "unterminated .\n')], mirror=writer.add
        )
    writer.cancel()  # returns: the thread reads its queue to the end whatever happened
    assert _quads(tmp_path / "store") == set()
    assert [p.name for p in tmp_path.iterdir()] == ["store"]


def test_a_store_that_cannot_be_written_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "store").write_text("a file where the database folder should be")
    writer = StoreWriter(tmp_path)
    writer.add(b"<https://e/a> <https://e/p> <https://e/o> <https://e/g> .\n")
    with pytest.raises(StoreError, match="cannot write the store"):
        writer.finish()


def test_a_malformed_term_loaded_leniently_stops_the_turtle_export() -> None:
    # The build loads its own text leniently; the Turtle export is the strict check.
    memory = ox.Store()
    bad = "<https://w3id.org/kg/entity/a{b}> <https://e/p> <https://e/o> .\n"
    load_named_graphs(memory, [(_DOC, bad)])
    assert len(memory) == 1
    with pytest.raises(SyntaxError):
        EXPORTERS.get("turtle").render(as_graph(memory))
