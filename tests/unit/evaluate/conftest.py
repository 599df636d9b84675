"""Fixtures for the evaluation tests: where the shared benchmark data lives."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.evaluate.benchmarks import default_benchmarks_dir


@pytest.fixture(scope="session")
def benchmarks() -> Path:
    """The shared benchmarks folder; missing data is an error, never a silent skip."""
    path = default_benchmarks_dir()
    assert (path / "carb").is_dir() and (path / "benchie").is_dir(), f"no benchmarks at {path}"
    return path
