"""Distributed extraction: a real Dask LocalCluster of 2 workers builds the same graph."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.pipeline import BuildOptions, build_graph
from tests.conftest import SEEDS

pytestmark = [pytest.mark.model, pytest.mark.slow]


def test_dask_local_cluster_build_is_byte_identical(seed_graph_dir: Path, tmp_path: Path) -> None:
    output = tmp_path / "dask"
    report = build_graph(
        BuildOptions(inputs=(SEEDS,), output=output, dask="local[2]", batch_size=1)
    )
    assert report.stats.documents == 1
    for name in ("graph.ttl", "graph.html", "report.md", "entities.csv", "manifest.json"):
        assert (output / name).read_bytes() == (seed_graph_dir / name).read_bytes(), name


def test_dask_unreachable_scheduler_is_a_clear_error(tmp_path: Path) -> None:
    from kg.errors import KGError

    with pytest.raises(KGError, match="Dask scheduler"):
        build_graph(
            BuildOptions(inputs=(SEEDS,), output=tmp_path / "out", dask="tcp://127.0.0.1:9")
        )
    assert not (tmp_path / "out").exists()
