"""The seed graph as a user receives it: valid, parseable by others, and answering queries."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from kg.ontology import validate
from kg.query import list_queries, load_query, run_query
from kg.store import open_graph

pytestmark = pytest.mark.model


def test_seed_graph_conforms_to_shipped_shapes(seed_graph: Graph) -> None:
    conforms, report = validate(seed_graph)
    assert conforms, report


def test_seed_turtle_parses_in_pyoxigraph(seed_graph_dir: Path, seed_graph: Graph) -> None:
    triples = list(ox.parse(path=str(seed_graph_dir / "graph.ttl"), format=ox.RdfFormat.TURTLE))
    assert len(triples) == len(seed_graph) > 100


@pytest.mark.skipif(
    shutil.which("rapper") is None, reason="raptor2-utils (rapper) is not installed"
)
def test_seed_turtle_parses_in_rapper(seed_graph_dir: Path, seed_graph: Graph) -> None:
    result = subprocess.run(
        ["rapper", "-i", "turtle", "-c", str(seed_graph_dir / "graph.ttl")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"returned {len(seed_graph)} triples" in result.stderr


def test_store_holds_the_same_graph_as_the_turtle(seed_graph_dir: Path, seed_graph: Graph) -> None:
    assert len(open_graph(seed_graph_dir)) == len(seed_graph)


PARAMS = {"label": "Microsoft", "speaker": "Smith"}


@pytest.mark.parametrize("info", list_queries(), ids=lambda i: i.name)
def test_every_shipped_query_returns_rows_on_the_seed(seed_graph_dir: Path, info: object) -> None:
    query = load_query(info.name)  # type: ignore[attr-defined]
    params = {p.name: PARAMS[p.name] for p in query.params if p.name in PARAMS}
    result = run_query(open_graph(seed_graph_dir), query, params)
    assert result.rows or result.boolean or result.graph, f"{query.name} returned nothing"
