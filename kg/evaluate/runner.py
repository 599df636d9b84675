"""Run an Open IE system over a benchmark's sentences and score it (`kg eval carb|benchie`).

The system is a plain function from sentences to tuples (kg's own is kg/extract/openie.py).
Gold files are read and checked before it runs, so a bad path fails fast.
Must not import spaCy or any pipeline stage.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from kg.evaluate.benchie import BenchieScore, read_benchie_gold, score_benchie
from kg.evaluate.benchmarks import Split, benchie_files, carb_files
from kg.evaluate.carb import CarbScore, score_carb
from kg.evaluate.tuples import (
    SystemTuple,
    read_benchie_extractions,
    read_carb_gold,
    read_carb_tabbed,
    read_text,
    to_fact_triples,
    write_benchie_extractions,
    write_carb_tabbed,
)

log = logging.getLogger(__name__)

# BenchIE scores every triple it is given, with no confidence to rank them: keep the tuples at or
# above the threshold where CaRB dev's F1 is best (re-check it there when extraction changes).
BENCHIE_MIN_CONFIDENCE = 0.25
# A benchmark's sentences, one a line as given (PTB-tokenized) -> the system's tuples for them.
OpenIESystem = Callable[[list[str]], Iterable[SystemTuple]]


def evaluate_carb(
    split: Split, benchmarks_dir: Path, extract_tuples: OpenIESystem, out: Path | None = None
) -> CarbScore:
    """Extract from one CaRB split's sentences and score the tuples against its gold.

    Args:
        split: "dev" or "test" (tune on dev only).
        benchmarks_dir: the folder holding carb/ (see `default_benchmarks_dir`).
        extract_tuples: the system under test.
        out: where to write the extractions in CaRB's tabbed format, if anywhere.

    Raises:
        InputError: a benchmark file is missing or malformed.
        KGError: whatever the system raises (kg's own: ModelError for a missing pipe).
    """
    files = carb_files(benchmarks_dir, split)
    gold = read_carb_gold(files.gold)
    sentences = read_text(files.sentences).splitlines()
    system = list(extract_tuples(sentences))
    log.info("carb %s: %d tuples from %d sentences", split, len(system), len(sentences))
    if out is not None:
        write_carb_tabbed(out, system)
    return score_carb(system, gold)


def evaluate_benchie(
    benchmarks_dir: Path,
    extract_tuples: OpenIESystem,
    out: Path | None = None,
    min_confidence: float = BENCHIE_MIN_CONFIDENCE,
) -> BenchieScore:
    """Extract from BenchIE's 300 sentences and score the triples against its fact synsets.

    N-ary tuples become triples whose object joins every argument after the subject.
    BenchIE shares its sentences with both CaRB splits: report it, never tune on it.

    Args:
        benchmarks_dir: the folder holding benchie/.
        extract_tuples: the system under test.
        out: where to write the triples in BenchIE's input format, if anywhere.
        min_confidence: leave out tuples below this confidence (BenchIE has no ranking).

    Raises:
        InputError: a benchmark file is missing or malformed.
        KGError: whatever the system raises (kg's own: ModelError for a missing pipe).
    """
    files = benchie_files(benchmarks_dir)
    gold = read_benchie_gold(files.gold)
    sentences = read_text(files.sentences).splitlines()
    # Line k of the sentence file is the sentence whose id is k.
    sent_ids = {line.strip(): str(k) for k, line in enumerate(sentences, start=1)}
    kept = [t for t in extract_tuples(sentences) if t.confidence >= min_confidence]
    triples = to_fact_triples(kept, sent_ids)
    log.info("benchie: %d triples from %d sentences", len(triples), len(sentences))
    if out is not None:
        write_benchie_extractions(out, triples)
    return score_benchie(triples, gold)


def score_carb_file(split: Split, benchmarks_dir: Path, system: Path) -> CarbScore:
    """Score an existing system file in CaRB's tabbed format against one split's gold.

    Raises:
        InputError: a benchmark or system file is missing or malformed.
    """
    gold = read_carb_gold(carb_files(benchmarks_dir, split).gold)
    return score_carb(read_carb_tabbed(system), gold)


def score_benchie_file(benchmarks_dir: Path, system: Path) -> BenchieScore:
    """Score an existing system file in BenchIE's format (sent_id, subject, relation, object).

    Raises:
        InputError: a benchmark or system file is missing or malformed.
    """
    gold = read_benchie_gold(benchie_files(benchmarks_dir).gold)
    return score_benchie(read_benchie_extractions(system), gold)
