"""Where the shared OpenIE benchmark files live, checked before any work starts.

The data stays outside the repository (../shared/benchmarks beside it); nothing is copied.
Must not import spaCy, rdflib or any pipeline stage.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kg.errors import InputError

Split = Literal["dev", "test"]

_HINT = "pass --benchmarks-dir pointing at the folder that holds carb/ and benchie/"


def default_benchmarks_dir() -> Path:
    """Return ../shared/benchmarks beside the repository this package sits in."""
    return Path(__file__).resolve().parents[3] / "shared" / "benchmarks"


@dataclass(frozen=True, slots=True)
class CarbFiles:
    """The sentences and gold tuples of one CaRB split."""

    sentences: Path
    gold: Path


@dataclass(frozen=True, slots=True)
class BenchieFiles:
    """BenchIE's 300 sentences (line k has id k) and its fact synsets."""

    sentences: Path
    gold: Path


def _existing(*paths: Path) -> None:
    for path in paths:
        if not path.is_file():
            raise InputError(f"{path}: benchmark file not found", hint=_HINT)


def carb_files(benchmarks_dir: Path, split: Split) -> CarbFiles:
    """Locate one CaRB split.

    Raises:
        InputError: the split is unknown or a file is missing.
    """
    if split not in ("dev", "test"):
        raise InputError(f"unknown CaRB split {split!r}; available: dev, test")
    root = benchmarks_dir / "carb" / "data"
    files = CarbFiles(root / f"{split}.txt", root / "gold" / f"{split}.tsv")
    _existing(files.sentences, files.gold)
    return files


def benchie_files(benchmarks_dir: Path) -> BenchieFiles:
    """Locate the English BenchIE data.

    Raises:
        InputError: a file is missing.
    """
    root = benchmarks_dir / "benchie" / "data"
    files = BenchieFiles(
        root / "sentences" / "sample300_en.txt", root / "gold" / "benchie_gold_annotations_en.txt"
    )
    _existing(files.sentences, files.gold)
    return files
