"""CaRB scoring, written from benchmarks/carb/SCORING.md: lenient word matching, greedy
one-to-one precision, many-to-one recall, the P/R curve over confidences, best F1 and AUC.

Pure functions over parsed tuples. Must not import spaCy, rdflib or any pipeline stage.
"""

from __future__ import annotations

import string
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from kg.evaluate.tuples import GoldTuple, SystemTuple

_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}
_PUNCTUATION = str.maketrans("", "", string.punctuation)
_BE_FORMS = frozenset({"be", "is", "am", "are", "was", "were", "been", "being"})
_SAID_WORDS = ("said", "told", "added", "adds", "says")

Pair = tuple[float, float]  # (precision share, recall share) of one gold x system match


@dataclass(frozen=True, slots=True)
class CurvePoint:
    """Precision and recall over the extractions with confidence >= `threshold`."""

    threshold: float
    precision: float
    recall: float


@dataclass(frozen=True, slots=True)
class CarbScore:
    """CaRB figures: P, R and F1 at the best-F1 threshold, and the area under the P/R curve.

    Values are unrounded; the official script prints them rounded to 3 decimals.
    """

    precision: float
    recall: float
    f1: float
    auc: float
    threshold: float | None  # the best-F1 threshold; None without any extraction
    curve: tuple[CurvePoint, ...]  # by increasing threshold
    gold_tuples: int
    system_tuples: int  # extractions on gold sentences

    def summary(self) -> str:
        """Return the figures as the official script rounds them (3 decimals).

        >>> CarbScore(0.5, 0.25, 1 / 3, 0.2, 1.0, (), 4, 2).summary()
        'P 0.500  R 0.250  F1 0.333  AUC 0.200'
        """
        return f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}  AUC {self.auc:.3f}"


def sentence_key(sentence: str) -> str:
    """Return the key CaRB pairs gold and system sentences by.

    >>> sentence_key("Mr. Smith -LRB- a CEO -RRB- said so .")
    'MrSmithaCEOsaidso'
    """
    key = sentence.replace(" ", "")
    for escape, bracket in _BRACKETS.items():
        key = key.replace(escape, bracket)
    return key.translate(_PUNCTUATION)


def _overlap(gold: list[str], system: list[str]) -> tuple[int, list[str]]:
    left = list(system)
    count = 0
    for word in gold:
        if word in left:
            left.remove(word)
            count += 1
    return count, left


def _binarize(arguments: Sequence[str]) -> list[str]:
    if len(arguments) >= 2:
        return [arguments[0], " ".join(arguments[1:])]
    return list(arguments)


def _lenient(relation: str, gold_args: list[str], sys_rel: str, sys_args: list[str]) -> Pair:
    gold_words, sys_words = relation.split(), sys_rel.split()
    pn = rn = 0
    pd, rd = len(sys_words), len(gold_words)
    matched, left = _overlap(gold_words, sys_words)
    # Systems often write a bare "be" for an inserted copula; the spec counts it as a match.
    if "be" in left and any(w in _BE_FORMS for w in gold_words):
        matched += 1
    if matched == 0:
        return (0.0, 0.0)
    pn += matched
    rn += matched
    for i, gold_arg in enumerate(gold_args[:2]):
        gold_words = gold_arg.split()
        rd += len(gold_words)
        if i >= len(sys_args):
            return (0.0, 0.0)
        sys_words = sys_args[i].split()
        pd += len(sys_words)
        matched, _ = _overlap(gold_words, sys_words)
        pn += matched
        rn += matched
    return (pn / pd if pd > 0 else 0.0, rn / rd if rd > 0 else 0.0)


def match_tuple(gold: GoldTuple, system: SystemTuple) -> Pair:
    """Score one system tuple against one gold tuple with CaRB's default matcher.

    >>> g = GoldTuple("s", "announced", ("Microsoft", "a moratorium on sales of the software"))
    >>> match_tuple(g, SystemTuple("s", "announced", ("Microsoft", "a moratorium")))
    (1.0, 0.4444444444444444)
    """
    gold_args = _binarize(gold.arguments)
    sys_args = _binarize(system.arguments)
    best = _lenient(gold.relation, gold_args, system.relation, sys_args)
    if any(word in gold.relation for word in _SAID_WORDS):
        swapped = [sys_args[1], sys_args[0]] if len(sys_args) >= 2 else sys_args
        best = max(best, _lenient(gold.relation, gold_args, system.relation, swapped))
    return best


def _greedy(scores: list[list[Pair]], active: list[int], slot: int) -> float:
    """Sum the greedy one-to-one matching on `slot` (0 precision, 1 recall)."""
    used_gold: set[int] = set()
    used_sys: set[int] = set()
    total = 0.0
    for _ in range(min(len(scores), len(active))):
        best, best_i, best_j = -1.0, -1, -1
        for i, row in enumerate(scores):
            if i in used_gold:
                continue
            for j in active:
                if j not in used_sys and row[j][slot] > best:
                    best, best_i, best_j = row[j][slot], i, j
        used_gold.add(best_i)
        used_sys.add(best_j)
        total += best
    return total


def _sentence_counts(
    scores: list[list[Pair]], active: list[int], single_match: bool
) -> tuple[float, int, float]:
    """Return (precision numerator, precision denominator, recall numerator)."""
    if not active:
        return (0.0, 0, 0.0)
    precision = _greedy(scores, active, 0)
    if single_match:
        recall = _greedy(scores, active, 1)
    else:
        recall = sum(max(row[j][1] for j in active) for row in scores)
    return (precision, len(active), recall)


def _group_system(system: Sequence[SystemTuple]) -> dict[str, list[SystemTuple]]:
    by_raw: dict[str, list[SystemTuple]] = {}
    for t in system:
        by_raw.setdefault(t.sentence, []).append(t)
    # When two raw strings share a key, the one first seen last wins, as in the official code.
    by_key: dict[str, list[SystemTuple]] = {}
    for raw, tuples in by_raw.items():
        by_key[sentence_key(raw)] = tuples
    return by_key


def score_carb(
    system: Sequence[SystemTuple], gold: Sequence[GoldTuple], *, single_match: bool = False
) -> CarbScore:
    """Score extractions against CaRB gold tuples (SCORING.md, default matcher).

    Args:
        system: the extractions, in file order (order breaks ties in the greedy matching).
        gold: the gold tuples, in file order.
        single_match: score CaRB(1-1): recall uses greedy one-to-one matching too.

    Returns:
        The best-F1 point, the AUC and the whole curve.

    >>> gold = [GoldTuple("A b c .", "b", ("A", "c"))]
    >>> s = score_carb([SystemTuple("A b c .", "b", ("A", "c"), 0.9)], gold)
    >>> (s.precision, s.recall, s.f1, s.auc)
    (1.0, 1.0, 1.0, 1.0)
    """
    thresholds = sorted({t.confidence for t in system})
    n = len(thresholds)
    pn, pd, rn = [0.0] * n, [0] * n, [0.0] * n
    gold_by_sentence: dict[str, list[GoldTuple]] = {}
    for g in gold:
        gold_by_sentence.setdefault(g.sentence, []).append(g)
    system_by_key = _group_system(system)
    counted = 0
    for sentence, gold_tuples in gold_by_sentence.items():
        extractions = system_by_key.get(sentence_key(sentence), [])
        counted += len(extractions)
        scores = [[match_tuple(g, e) for e in extractions] for g in gold_tuples]
        # S(t) only changes at this sentence's own confidences: score each step once and
        # add it to every global threshold in (previous local confidence, this one].
        lower = -1
        for confidence in sorted({e.confidence for e in extractions}):
            active = [j for j, e in enumerate(extractions) if e.confidence >= confidence]
            counts = _sentence_counts(scores, active, single_match)
            upper = bisect_left(thresholds, confidence)
            for k in range(lower + 1, upper + 1):
                pn[k] += counts[0]
                pd[k] += counts[1]
                rn[k] += counts[2]
            lower = upper
    return _summarise(thresholds, pn, pd, rn, len(gold), counted)


def _summarise(
    thresholds: list[float],
    pn: list[float],
    pd: list[int],
    rn: list[float],
    gold_count: int,
    system_count: int,
) -> CarbScore:
    curve = tuple(
        CurvePoint(
            t,
            pn[k] / pd[k] if pd[k] > 0 else 1.0,
            rn[k] / gold_count if gold_count > 0 else 0.0,
        )
        for k, t in enumerate(thresholds)
    )
    best: CurvePoint | None = None
    best_f1 = -1.0
    for point in curve:
        total = point.precision + point.recall
        if total == 0:
            continue
        f1 = 2 * point.precision * point.recall / total
        if f1 > best_f1:  # strict: on ties the lowest threshold wins
            best, best_f1 = point, f1
    if not curve or best is None:
        return CarbScore(0.0, 0.0, 0.0, 0.0, None, curve, gold_count, system_count)
    points = [(p.recall, p.precision) for p in curve] + [(0.0, 1.0)]
    auc = sum((r0 - r1) * (p0 + p1) / 2 for (r0, p0), (r1, p1) in pairwise(points))
    return CarbScore(
        best.precision, best.recall, best_f1, auc, best.threshold, curve, gold_count, system_count
    )
