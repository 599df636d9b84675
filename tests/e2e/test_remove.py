"""`kg remove`: retracting a document leaves exactly the graph of a build without it."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.pipeline import BuildOptions, build_graph
from kg.store import STORE_DIR
from kg.vocab import document_graph_iri
from tests.conftest import SEEDS
from tests.e2e.test_incremental import AMAZON, IBM, OUTPUTS

pytestmark = pytest.mark.model


def _inputs(tmp_path: Path) -> Path:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "seed.txt").write_text((SEEDS / "microsoft-facial-recognition.txt").read_text())
    (inputs / "amazon.txt").write_text(AMAZON)
    (inputs / "ibm.txt").write_text(IBM)
    return inputs


def _graphs(output: Path) -> set[str]:
    store = ox.Store.read_only(str(output / STORE_DIR))
    return {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}


def test_remove_equals_a_clean_build_without_the_document(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path)
    output = tmp_path / "out"
    build_graph(BuildOptions(inputs=(inputs,), output=output))
    assert str(document_graph_iri("amazon.txt")) in _graphs(output)

    result = CliRunner().invoke(app, ["remove", "amazon.txt", "--graph", str(output)])
    assert result.exit_code == 0, result.output
    assert "removed amazon.txt" in result.output
    assert str(document_graph_iri("amazon.txt")) not in _graphs(output)
    assert "Rekognition" not in (output / "graph.ttl").read_text()

    (inputs / "amazon.txt").unlink()
    clean = tmp_path / "clean"
    build_graph(BuildOptions(inputs=(inputs,), output=clean, incremental=False))
    for name in OUTPUTS:
        assert (output / name).read_bytes() == (clean / name).read_bytes(), name


def test_remove_by_source_path_drops_entities_only_that_document_supported(
    tmp_path: Path,
) -> None:
    inputs = _inputs(tmp_path)
    output = tmp_path / "out"
    build_graph(BuildOptions(inputs=(inputs,), output=output))
    assert "Brad Smith" in (output / "graph.ttl").read_text()

    source = str(inputs / "seed.txt")
    result = CliRunner().invoke(app, ["remove", source, "--graph", str(output)])
    assert result.exit_code == 0, result.output
    turtle = (output / "graph.ttl").read_text()
    assert "Brad Smith" not in turtle and "seed.txt" not in turtle
    assert "IBM" in turtle


def test_remove_unknown_document_names_it_and_changes_nothing(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path)
    output = tmp_path / "out"
    build_graph(BuildOptions(inputs=(inputs,), output=output))
    before = {name: (output / name).read_bytes() for name in OUTPUTS}

    result = CliRunner().invoke(app, ["remove", "amazn.txt", "--graph", str(output)])
    assert result.exit_code != 0
    assert "amazn.txt" in result.output and "amazon.txt" in result.output  # a suggestion
    assert {name: (output / name).read_bytes() for name in OUTPUTS} == before


def test_remove_from_a_folder_without_a_build_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["remove", "x.txt", "--graph", str(tmp_path)])
    assert result.exit_code != 0
    assert str(tmp_path) in result.output and "no kg build" in result.output
