"""OpenIE evaluation: kg's extractors as an Open IE system, scored on CaRB and BenchIE.

Stands beside the build pipeline: it reads shared benchmark files (never copied into the
repository) and scores the tuples of a system it is given (kg's own: kg/extract/openie.py).
Must not import spaCy or any pipeline stage.
"""

from __future__ import annotations

from kg.evaluate.benchie import BenchieScore, read_benchie_gold, score_benchie
from kg.evaluate.benchmarks import default_benchmarks_dir
from kg.evaluate.carb import CarbScore, CurvePoint, score_carb
from kg.evaluate.runner import (
    OpenIESystem,
    evaluate_benchie,
    evaluate_carb,
    score_benchie_file,
    score_carb_file,
)
from kg.evaluate.tuples import (
    FactTriple,
    GoldTuple,
    SystemTuple,
    read_benchie_extractions,
    read_carb_gold,
    read_carb_tabbed,
    render_carb_tabbed,
    write_carb_tabbed,
)

__all__ = [
    "BenchieScore",
    "CarbScore",
    "CurvePoint",
    "FactTriple",
    "GoldTuple",
    "OpenIESystem",
    "SystemTuple",
    "default_benchmarks_dir",
    "evaluate_benchie",
    "evaluate_carb",
    "read_benchie_extractions",
    "read_benchie_gold",
    "read_carb_gold",
    "read_carb_tabbed",
    "render_carb_tabbed",
    "score_benchie",
    "score_benchie_file",
    "score_carb",
    "score_carb_file",
    "write_carb_tabbed",
]
