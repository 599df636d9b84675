"""BenchIE scorer: slot expansion, the spec's worked example and the published figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import InputError
from kg.evaluate.benchie import (
    BenchieSentence,
    expand_slot,
    parse_benchie_gold,
    read_benchie_gold,
    score_benchie,
)
from kg.evaluate.benchmarks import default_benchmarks_dir
from kg.evaluate.runner import score_benchie_file
from kg.evaluate.tuples import FactTriple, parse_benchie_extractions, read_benchie_extractions


@pytest.fixture(scope="module")
def benchmarks() -> Path:
    """The shared benchmarks folder; missing data is an error, never a silent skip."""
    path = default_benchmarks_dir()
    assert (path / "carb").is_dir() and (path / "benchie").is_dir(), f"no benchmarks at {path}"
    return path


SENTENCE_1 = """sent_id:1\tHe served as the first Prime Minister of Australia and became a \
founding justice of the High Court of Australia .
1--> Cluster 1:
He --> served as --> [the] [first] Prime Minister [of Australia]
He --> served --> as [the] [first] Prime Minister [of Australia]
1--> Cluster 2:
He --> served as [the] [first] Prime Minister of --> Australia
He --> served as [the] [first] Prime Minister --> of Australia
1--> Cluster 3:
He --> became --> [a] [founding] justice
He --> became --> [a] [founding] justice of [the] High Court [of Australia]
1--> Cluster 4:
He --> became [a] [founding] justice of --> [the] High Court [of Australia]
He --> became [a] [founding] justice --> of [the] High Court [of Australia]
1--> Cluster 5:
He --> became [a] [founding] justice of [the] High Court of --> Australia
He --> became [a] [founding] justice of [the] High Court --> of Australia
"""

# Published P, R, F1 of the shipped system outputs (benchie/README.md, 4 decimals).
PUBLISHED = {
    "clausie_explicit": (0.5029, 0.2556, 0.3389),
    "minie_explicit": (0.4291, 0.2778, 0.3372),
    "stanford_explicit": (0.1108, 0.1570, 0.1299),
    "openie6_explicit": (0.3111, 0.2141, 0.2536),
    "roi_t_explicit": (0.3732, 0.0785, 0.1297),
    "roi_n_explicit": (0.2029, 0.0941, 0.1285),
    "m2oie_en_explicit": (0.3924, 0.1607, 0.2281),
    "naive_oie_explicit": (0.0334, 0.0230, 0.0272),
    "graphene_explicit": (0.0845, 0.0430, 0.0570),
}


@pytest.fixture(scope="module")
def gold(benchmarks: Path) -> list[BenchieSentence]:
    return read_benchie_gold(benchmarks / "benchie/data/gold/benchie_gold_annotations_en.txt")


def test_expand_slot_spans_and_stray_brackets() -> None:
    assert sorted(expand_slot("[the] [first] Prime Minister [of Australia]")) == sorted(
        f"{a}{b}Prime Minister{c}"
        for a in ("the ", "")
        for b in ("first ", "")
        for c in (" of Australia", "")
    )
    assert expand_slot("for [as little as] $ 89]") == ["for as little as $", "for $"]
    assert expand_slot("[unclosed span") == ["span"]
    assert expand_slot("plain words") == ["plain words"]


def test_score_benchie_worked_example() -> None:
    system = parse_benchie_extractions(
        "1\tHe\tserved as\tPrime Minister\n"
        "1\tHe\tserved as\tthe first Prime Minister\n"
        "1\tHe\tbecame\ta founding justice of the High Court\n"
        "1\tHe\twas\tPrime Minister\n"
        "1\the\tbecame\ta founding justice\n"
    )
    score = score_benchie(system, parse_benchie_gold(SENTENCE_1))
    assert (score.true_positives, score.false_positives, score.synsets) == (2, 2, 5)
    assert (score.precision, score.recall) == (0.5, 0.4)
    assert score.f1 == pytest.approx(4 / 9)


def test_score_benchie_ignores_unknown_ids_and_strips_slots() -> None:
    gold = parse_benchie_gold(SENTENCE_1)
    score = score_benchie([FactTriple("2", "He", "was", "x")], gold)
    assert (score.true_positives, score.false_positives) == (0, 0)
    # A padded slot is correct but, as in the official code, flags the last synset.
    padded = score_benchie([FactTriple("1", "He ", "served as", "Prime Minister")], gold)
    assert (padded.true_positives, padded.false_positives) == (1, 0)


def test_parse_benchie_gold_rejects_orphan_triple() -> None:
    with pytest.raises(InputError, match="<gold>:1"):
        parse_benchie_gold("He --> left --> it\n")


def test_benchie_gold_counts(gold: list[BenchieSentence]) -> None:
    assert len(gold) == 300
    assert sum(len(s.synsets) for s in gold) == 1350
    assert sum(len(x.triples) for s in gold for x in s.synsets) == 136357


def test_benchie_first_triple_of_every_synset(
    gold: list[BenchieSentence], benchmarks: Path
) -> None:
    text = (benchmarks / "benchie/data/gold/benchie_gold_annotations_en.txt").read_text("utf-8")
    system: list[FactTriple] = []
    sent_id = ""
    take = False
    for line in text.splitlines():
        if line.startswith("sent_id:"):
            sent_id = line.split("\t")[0].split(":")[1]
        elif "Cluster" in line:
            take = True
        elif " --> " in line and take:
            s, r, o = line.split(" --> ")[:3]
            system.append(
                FactTriple(sent_id, *(x.replace("[", "").replace("]", "") for x in (s, r, o)))
            )
            take = False
    score = score_benchie(system, gold)
    assert (round(score.precision, 4), round(score.recall, 4), round(score.f1, 4)) == (
        1.0,
        0.9985,
        0.9993,
    )


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_score_benchie_reproduces_published(
    name: str, gold: list[BenchieSentence], benchmarks: Path
) -> None:
    path = benchmarks / f"benchie/reference_outputs/{name}.txt"
    score = score_benchie(read_benchie_extractions(path), gold)
    if name == "clausie_explicit":  # once through the file-level entry point
        assert score == score_benchie_file(benchmarks, path)
    assert (round(score.precision, 4), round(score.recall, 4), round(score.f1, 4)) == PUBLISHED[
        name
    ]
