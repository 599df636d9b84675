"""OpenIE evaluation: kg's extractors as an Open IE system, scored on CaRB and BenchIE.

Stands beside the build pipeline: it reads shared benchmark files (never copied into the
repository) and, in openie.py and runner.py only, parses sentences with spaCy.
"""

from __future__ import annotations

from kg.evaluate.benchie import BenchieScore, read_benchie_gold, score_benchie
from kg.evaluate.benchmarks import default_benchmarks_dir
from kg.evaluate.carb import CarbScore, CurvePoint, score_carb
from kg.evaluate.openie import all_extractors, looks_pretokenized, run_openie
from kg.evaluate.runner import (
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
    "SystemTuple",
    "all_extractors",
    "default_benchmarks_dir",
    "evaluate_benchie",
    "evaluate_carb",
    "looks_pretokenized",
    "read_benchie_extractions",
    "read_benchie_gold",
    "read_carb_gold",
    "read_carb_tabbed",
    "render_carb_tabbed",
    "run_openie",
    "score_benchie",
    "score_benchie_file",
    "score_carb",
    "score_carb_file",
    "write_carb_tabbed",
]
