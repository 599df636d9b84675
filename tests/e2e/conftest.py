"""The seed graph, built once per test session through the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import Result
from rdflib import Graph
from typer.testing import CliRunner

from kg.cli import app
from tests.conftest import SEEDS


def build_with_cli(inputs: Path, output: Path) -> Result:
    """Run `kg build INPUTS -o OUTPUT` in-process and require success."""
    result = CliRunner().invoke(app, ["build", str(inputs), "-o", str(output), "--quiet"])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="session")
def seed_graph_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seed") / "output"
    build_with_cli(SEEDS, out)
    return out


@pytest.fixture(scope="session")
def seed_graph(seed_graph_dir: Path) -> Graph:
    return Graph().parse(seed_graph_dir / "graph.ttl", format="turtle")
