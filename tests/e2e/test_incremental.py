"""Incremental builds: only changed documents are parsed, and the result equals a clean build."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import pipeline
from kg.cache import CACHE_FILE, read_cache
from kg.pipeline import BuildOptions, build_graph
from tests.conftest import SEEDS

pytestmark = pytest.mark.model

OUTPUTS = ("graph.ttl", "graph.html", "report.md", "entities.csv", "manifest.json", CACHE_FILE)
AMAZON = "Amazon said on Wednesday that it would not sell Rekognition to police for a year."
IBM = "IBM said it would no longer offer general purpose facial recognition software."


def _same_as_clean_build(incremental: Path, inputs: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    build_graph(BuildOptions(inputs=(inputs,), output=clean, incremental=False))
    for name in OUTPUTS:
        assert (incremental / name).read_bytes() == (clean / name).read_bytes(), name


def test_rebuild_parses_only_changed_documents_and_equals_a_clean_build(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "seed.txt").write_text((SEEDS / "microsoft-facial-recognition.txt").read_text())
    (inputs / "news.txt").write_text(AMAZON)
    output = tmp_path / "out"
    first = build_graph(BuildOptions(inputs=(inputs,), output=output))
    assert (first.stats.documents, first.stats.reused) == (2, 0)

    (inputs / "news.txt").write_text(IBM)
    second = build_graph(BuildOptions(inputs=(inputs,), output=output))
    assert (second.stats.documents, second.stats.reused) == (2, 1)
    assert "Amazon said" not in (output / "graph.ttl").read_text()
    _same_as_clean_build(output, inputs, tmp_path)


def test_rebuild_of_unchanged_documents_never_loads_the_pipeline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "out"
    first = build_graph(BuildOptions(inputs=(SEEDS,), output=output))
    assert "load model" in first.stats.seconds_by_stage
    before = (output / "graph.ttl").read_bytes()

    def refuse(*_: object) -> None:
        raise AssertionError("the pipeline was loaded")

    monkeypatch.setattr(pipeline, "load_nlp", refuse)
    again = build_graph(BuildOptions(inputs=(SEEDS,), output=output))
    assert again.stats.reused == again.stats.documents == first.stats.documents
    assert again.model == first.model
    assert (output / "graph.ttl").read_bytes() == before


def test_removed_document_leaves_nothing_behind(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "seed.txt").write_text((SEEDS / "microsoft-facial-recognition.txt").read_text())
    (inputs / "news.txt").write_text(AMAZON)
    output = tmp_path / "out"
    build_graph(BuildOptions(inputs=(inputs,), output=output))
    (inputs / "seed.txt").unlink()
    rebuilt = build_graph(BuildOptions(inputs=(inputs,), output=output))
    assert (rebuilt.stats.documents, rebuilt.stats.reused) == (1, 1)
    turtle = (output / "graph.ttl").read_text()
    assert "Brad Smith" not in turtle and "seed.txt" not in turtle
    assert len(read_cache(output)) == 1
    _same_as_clean_build(output, inputs, tmp_path)


def test_damaged_cache_costs_a_reparse_not_a_failed_build(tmp_path: Path) -> None:
    output = tmp_path / "out"
    build_graph(BuildOptions(inputs=(SEEDS,), output=output))
    (output / CACHE_FILE).write_text('{"key": "x"}\nnot json\n')
    rebuilt = build_graph(BuildOptions(inputs=(SEEDS,), output=output))
    assert (rebuilt.stats.documents, rebuilt.stats.reused) == (1, 0)
