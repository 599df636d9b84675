"""Incremental builds: only changed documents are parsed, and the result equals a clean build."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kg import pipeline
from kg.cache import CACHE_FILE, read_cache
from kg.files import MARKER
from kg.freshness import OUTPUT_FILES
from kg.pipeline import BuildOptions, build_graph
from kg.retract import remove_documents
from kg.store import STORE_DIR
from tests.conftest import SEEDS, build_with_cli

pytestmark = pytest.mark.model

OUTPUTS = ("graph.ttl", "graph.html", "report.md", "entities.csv", "manifest.json", CACHE_FILE)
AMAZON = "Amazon said on Wednesday that it would not sell Rekognition to police for a year."
IBM = "IBM said it would no longer offer general purpose facial recognition software."


def _same_as_clean_build(
    incremental: Path, inputs: Path, tmp_path: Path, aliases: Path | None = None
) -> None:
    clean = tmp_path / "clean"
    build_graph(BuildOptions(inputs=(inputs,), output=clean, aliases=aliases, incremental=False))
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
    # A smaller page: the corpus stages run again, over extractions that are all cached.
    again = build_graph(BuildOptions(inputs=(SEEDS,), output=output, html_max_nodes=5))
    assert not again.up_to_date
    assert again.stats.reused == again.stats.documents == first.stats.documents
    assert again.model == first.model
    assert (output / "graph.ttl").read_bytes() == before
    assert "Showing the 5 entities with the highest PageRank" in (output / "graph.html").read_text()


def _modified_times(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*")}


def test_a_build_of_unchanged_inputs_writes_nothing_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "out"
    said = build_with_cli(SEEDS, output)
    assert "up to date" not in said.output
    said = build_with_cli(SEEDS, output)
    assert "is up to date" in " ".join(said.output.split())

    first = build_graph(BuildOptions(inputs=(SEEDS,), output=output, html_max_nodes=1999))
    before = _modified_times(output)

    def refuse(*_: object) -> None:
        raise AssertionError("a stage ran")

    monkeypatch.setattr(pipeline, "load_nlp", refuse)
    monkeypatch.setattr(pipeline, "write_outputs", refuse)
    again = build_graph(BuildOptions(inputs=(SEEDS,), output=output, html_max_nodes=1999))
    assert again.up_to_date
    counted = ("documents", "sentences", "entities_by_type", "negative", "quotes", "triples")
    assert [getattr(again.stats, c) for c in counted] == [getattr(first.stats, c) for c in counted]
    assert _modified_times(output) == before


def _edit_document(inputs: Path, output: Path, aliases: Path) -> None:
    (inputs / "news.txt").write_text(IBM)


def _add_document(inputs: Path, output: Path, aliases: Path) -> None:
    (inputs / "more.txt").write_text(IBM)


def _rename_document(inputs: Path, output: Path, aliases: Path) -> None:
    (inputs / "news.txt").rename(inputs / "amazon.txt")


def _delete_the_page(inputs: Path, output: Path, aliases: Path) -> None:
    (output / "graph.html").unlink()


def _edit_the_aliases(inputs: Path, output: Path, aliases: Path) -> None:
    aliases.write_text("Rekognition,Amazon Rekognition\n")


def _retract_a_document(inputs: Path, output: Path, aliases: Path) -> None:
    (inputs / "more.txt").write_text(IBM)
    build_graph(BuildOptions(inputs=(inputs,), output=output, aliases=aliases))
    remove_documents(output, ["more.txt"])


@pytest.mark.parametrize(
    "change",
    [
        _edit_document,
        _add_document,
        _rename_document,
        _delete_the_page,
        _edit_the_aliases,
        _retract_a_document,
    ],
)
def test_a_change_to_anything_the_output_depends_on_rebuilds_it(
    tmp_path: Path, change: Callable[[Path, Path, Path], None]
) -> None:
    inputs, output, aliases = tmp_path / "in", tmp_path / "out", tmp_path / "aliases.csv"
    inputs.mkdir()
    (inputs / "news.txt").write_text(AMAZON)
    aliases.write_text("Rekognition,Amazon\n")
    options = BuildOptions(inputs=(inputs,), output=output, aliases=aliases)
    build_graph(options)
    assert build_graph(options).up_to_date
    change(inputs, output, aliases)
    again = build_graph(options)
    assert not again.up_to_date
    _same_as_clean_build(output, inputs, tmp_path, aliases)


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
    # Another page size, so the build is not up to date and reads the cache.
    rebuilt = build_graph(BuildOptions(inputs=(SEEDS,), output=output, html_max_nodes=1999))
    assert (rebuilt.stats.documents, rebuilt.stats.reused) == (1, 0)


def test_the_up_to_date_check_requires_every_file_a_build_writes(seed_graph_dir: Path) -> None:
    # A new output that kg/freshness.py does not list would let a folder missing it pass as
    # up to date.
    written = {p.name for p in seed_graph_dir.iterdir()} - {MARKER, STORE_DIR, ".gitignore"}
    assert written == set(OUTPUT_FILES)
