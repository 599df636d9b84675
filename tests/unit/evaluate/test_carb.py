"""CaRB scorer: the spec's worked example and the official figures of SCORING/README."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import InputError
from kg.evaluate.benchmarks import default_benchmarks_dir
from kg.evaluate.carb import CarbScore, match_tuple, score_carb, sentence_key
from kg.evaluate.runner import score_carb_file
from kg.evaluate.tuples import (
    GoldTuple,
    SystemTuple,
    parse_carb_gold,
    parse_carb_tabbed,
    read_carb_gold,
    read_carb_tabbed,
    render_carb_tabbed,
)


@pytest.fixture(scope="module")
def benchmarks() -> Path:
    """The shared benchmarks folder; missing data is an error, never a silent skip."""
    path = default_benchmarks_dir()
    assert (path / "carb").is_dir() and (path / "benchie").is_dir(), f"no benchmarks at {path}"
    return path


COPULAS = {"is", "was", "are", "were", "has", "had", "have", "be", "been", "became", "becomes"}

GOLD = (
    "Microsoft announced a moratorium on sales of the software .\tannounced\tMicrosoft\t"
    "a moratorium on sales of the software\n"
    "Microsoft announced a moratorium on sales of the software .\tis\tthe software\t"
    "sold by Microsoft\n"
    "The CEO said the plan was final .\tsaid\tThe CEO\tthe plan was final\n"
)
SYSTEM = (
    "Microsoft announced a moratorium on sales of the software .\t0.9\tannounced\tMicrosoft\t"
    "a moratorium\n"
    "Microsoft announced a moratorium on sales of the software .\t0.4\tannounced a moratorium on"
    "\tMicrosoft\tsales of the software\n"
    "The CEO said the plan was final .\t0.7\tsaid\tthe plan was final\tThe CEO\n"
)


def rounded(score: CarbScore) -> tuple[float, float, float, float]:
    return (
        round(score.auc, 3),
        round(score.precision, 3),
        round(score.recall, 3),
        round(score.f1, 3),
    )


def naive_baseline(sentences: list[str]) -> list[SystemTuple]:
    """The baseline recipe of carb/README.md, written from its text."""
    out = []
    for sentence in sentences:
        t = sentence.rstrip(" .").split(" ")
        k = next((i for i in range(1, len(t)) if t[i].lower() in COPULAS), 1)
        if k >= len(t) - 1:
            continue
        out.append(SystemTuple(sentence, t[k], (" ".join(t[:k]), " ".join(t[k + 1 :])), 1.0))
    return out


def roundtrip(gold: list[GoldTuple]) -> list[SystemTuple]:
    """Gold fed back as predictions through a tabbed file, as the README's sanity rows were."""
    return parse_carb_tabbed(
        render_carb_tabbed(SystemTuple(g.sentence, g.relation, g.arguments, 1.0) for g in gold)
    )


def test_sentence_key_drops_spaces_brackets_and_punctuation() -> None:
    assert sentence_key("A -LRB- b -RRB- , c .") == "Abc"
    assert sentence_key("It 's") == sentence_key("It's")


def test_match_tuple_worked_example_pairs() -> None:
    gold, system = parse_carb_gold(GOLD), parse_carb_tabbed(SYSTEM)
    assert match_tuple(gold[0], system[0]) == (1.0, 4 / 9)
    assert match_tuple(gold[0], system[1]) == pytest.approx((6 / 9, 6 / 9))
    assert match_tuple(gold[1], system[0]) == (0.0, 0.0)
    assert match_tuple(gold[2], system[2]) == (1.0, 1.0)  # the "said" rule swaps back


def test_match_tuple_be_rule_and_missing_argument() -> None:
    gold = GoldTuple("s", "is", ("Bush", "President"))
    assert match_tuple(gold, SystemTuple("s", "be", ("Bush", "President"))) == (1.0, 1.0)
    assert match_tuple(gold, SystemTuple("s", "is", ("Bush",))) == (0.0, 0.0)
    one_arg = GoldTuple("s", "died", ("He",))
    assert match_tuple(one_arg, SystemTuple("s", "died", ("He", "in 1990"))) == (1.0, 1.0)


def test_score_carb_worked_example_curve() -> None:
    score = score_carb(parse_carb_tabbed(SYSTEM), parse_carb_gold(GOLD))
    assert rounded(score) == (0.543, 1.0, 0.481, 0.65)
    assert score.threshold == 0.7
    assert [round(p.precision, 3) for p in score.curve] == [0.667, 1.0, 1.0]
    assert [round(p.recall, 3) for p in score.curve] == [0.556, 0.481, 0.148]


def test_score_carb_no_extractions_is_zero() -> None:
    score = score_carb([], parse_carb_gold(GOLD))
    assert (score.precision, score.recall, score.f1, score.auc) == (0, 0, 0, 0)


def test_score_carb_ignores_non_gold_sentences_but_keeps_their_thresholds() -> None:
    gold = parse_carb_gold(GOLD)
    extra = SystemTuple("Unrelated words here .", "words", ("Unrelated", "here"), 0.5)
    base, more = (
        score_carb(parse_carb_tabbed(SYSTEM), gold),
        score_carb([*parse_carb_tabbed(SYSTEM), extra], gold),
    )
    assert rounded(base) == rounded(more)
    assert len(more.curve) == len(base.curve) + 1


def test_score_carb_reproduces_openie5_test(benchmarks: Path) -> None:
    path = benchmarks / "carb/reference_outputs/openie5_test.tabbed.tsv"
    assert rounded(score_carb_file("test", benchmarks, path)) == (0.245, 0.521, 0.424, 0.467)
    gold = read_carb_gold(benchmarks / "carb/data/gold/test.tsv")
    system = read_carb_tabbed(path)
    assert rounded(score_carb(system, gold, single_match=True)) == (0.196, 0.521, 0.341, 0.412)


@pytest.mark.parametrize(
    ("split", "expected"),
    [("dev", (0.999, 1.0, 1.0, 1.0)), ("test", (0.992, 0.995, 0.995, 0.995))],
)
def test_score_carb_gold_as_prediction(
    benchmarks: Path, split: str, expected: tuple[float, ...]
) -> None:
    gold = read_carb_gold(benchmarks / f"carb/data/gold/{split}.tsv")
    assert rounded(score_carb(roundtrip(gold), gold)) == expected


@pytest.mark.parametrize(
    ("split", "expected", "single"),
    [
        ("dev", (0.154, 0.294, 0.237, 0.263), False),
        ("test", (0.148, 0.328, 0.222, 0.265), False),
        ("test", (0.079, 0.328, 0.119, 0.175), True),
    ],
)
def test_score_carb_naive_baseline(
    benchmarks: Path, split: str, expected: tuple[float, ...], single: bool
) -> None:
    sentences = (benchmarks / f"carb/data/{split}.txt").read_text(encoding="utf-8").splitlines()
    system = naive_baseline(sentences)
    assert len(system) == 641
    gold = read_carb_gold(benchmarks / f"carb/data/gold/{split}.tsv")
    assert rounded(score_carb(system, gold, single_match=single)) == expected


def test_carb_files_missing_is_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="benchmark file not found"):
        score_carb_file("dev", tmp_path, tmp_path / "system.tsv")
    with pytest.raises(InputError, match="unknown CaRB split"):
        score_carb_file("train", tmp_path, tmp_path / "system.tsv")  # type: ignore[arg-type]
