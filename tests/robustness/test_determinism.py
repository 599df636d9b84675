"""Determinism: the same inputs give byte-identical outputs, whatever order they are given in."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SEEDS, build_with_cli

pytestmark = pytest.mark.model

OUTPUTS = ("graph.ttl", "graph.html", "entities.csv", "manifest.json")


def test_same_inputs_in_any_order_give_identical_outputs(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    seed = (SEEDS / "microsoft-facial-recognition.txt").read_text()
    (inputs / "b.txt").write_text(seed)
    (inputs / "a.txt").write_text(
        "Amazon said on Wednesday that it would not sell Rekognition to police for a year. "
        "Andy Jassy, the chief executive of Amazon Web Services, declined to comment."
    )
    first, second = tmp_path / "first", tmp_path / "second"
    build_with_cli(inputs, first)
    # The same files named one by one, in the other order, build the same graph.
    from typer.testing import CliRunner

    from kg.cli import app

    result = CliRunner().invoke(
        app, ["build", str(inputs / "b.txt"), str(inputs / "a.txt"), "-o", str(second), "-q"]
    )
    assert result.exit_code == 0, result.output
    for name in OUTPUTS:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_two_parser_processes_give_the_same_outputs_as_one(tmp_path: Path) -> None:
    from kg.pipeline import BuildOptions, build_graph

    inputs = tmp_path / "in"
    inputs.mkdir()
    for number in range(4):  # enough documents for both processes to get some
        (inputs / f"doc{number}.txt").write_text(
            f"Company {number} said it would not sell its software to police in year 20{number}. "
            + (SEEDS / "microsoft-facial-recognition.txt").read_text()
        )
    one, two = tmp_path / "one", tmp_path / "two"
    build_graph(BuildOptions(inputs=(inputs,), output=one, workers=1, batch_size=1))
    report = build_graph(BuildOptions(inputs=(inputs,), output=two, workers=2, batch_size=1))
    for name in OUTPUTS + ("extractions.jsonl",):
        assert (one / name).read_bytes() == (two / name).read_bytes(), name
    # The workers parse and extract; the build still says how its time was split.
    stages = report.stats.seconds_by_stage
    assert stages["parse"] > 0 and stages["extract"] > 0
