"""Benchmark file formats: parsing, rendering and round trips."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.evaluate.tuples import (
    FactTriple,
    SystemTuple,
    parse_benchie_extractions,
    parse_carb_gold,
    parse_carb_tabbed,
    read_benchie_extractions,
    read_carb_gold,
    read_carb_tabbed,
    render_benchie_extractions,
    render_carb_tabbed,
    to_fact_triples,
    write_benchie_extractions,
    write_carb_tabbed,
)

# Slots as scorers see them: non-empty words without tabs, newlines or edge spaces.
words = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp")), min_size=1
)
slot = st.lists(words, min_size=1, max_size=4).map(" ".join)
confidence = st.floats(min_value=0, max_value=1, allow_nan=False)


@given(
    st.lists(st.builds(SystemTuple, slot, slot, st.lists(slot, min_size=1).map(tuple), confidence))
)
def test_carb_tabbed_round_trip(tuples: list[SystemTuple]) -> None:
    assert parse_carb_tabbed(render_carb_tabbed(tuples)) == tuples


@settings(max_examples=40, deadline=None)
@given(st.lists(st.builds(FactTriple, st.integers(1, 300).map(str), slot, slot, slot)))
def test_benchie_round_trip(triples: list[FactTriple]) -> None:
    assert parse_benchie_extractions(render_benchie_extractions(triples)) == triples


def test_files_round_trip(tmp_path: Path) -> None:
    tuples = [SystemTuple("A b c .", "b", ("A", "c", "in 2001"), 0.25)]
    write_carb_tabbed(tmp_path / "out.tsv", tuples)
    assert read_carb_tabbed(tmp_path / "out.tsv") == tuples
    triples = to_fact_triples(tuples, {"A b c .": "4"})
    assert triples == [FactTriple("4", "A", "b", "c"), FactTriple("4", "A", "b c in", "2001")]
    write_benchie_extractions(tmp_path / "out.txt", triples)
    assert read_benchie_extractions(tmp_path / "out.txt") == triples


def test_parse_carb_gold_drops_context_and_trailing_cells() -> None:
    text = "S .\tsaid\tHe\tC: Mr. X said\t\nS .\tis\tT: 1990\t\tx\n\n"
    gold = parse_carb_gold(text)
    assert [g.arguments for g in gold] == [("He",), ("T: 1990", "", "x")]
    assert {g.sentence for g in gold} == {"S ."}


def test_to_fact_triples_drops_what_benchie_cannot_express() -> None:
    tuples = [
        SystemTuple("S .", "r", ("a",)),  # no object
        SystemTuple("Unknown .", "r", ("a", "b")),  # no sentence id
        SystemTuple("S .", "r", (" a ", "b ")),
    ]
    assert to_fact_triples(tuples, {"S .": "1"}) == [FactTriple("1", "a", "r", "b")]


def test_to_fact_triples_moves_a_phrase_preposition_into_the_relation() -> None:
    tuples = [
        SystemTuple("S .", "served as", ("He", "Prime Minister", "of Australia", "last year")),
        SystemTuple("S .", "served as", ("He", "Prime Minister", "in")),  # a bare preposition
        SystemTuple("S .", "served as", ("He", "Prime Minister")),  # a repeat
        SystemTuple("S .", "was", ("He", "a b c d e f", "in 1901")),  # too long to fold
        SystemTuple("S .", "died", ("He", "a death", "in which")),  # a relative word
    ]
    assert to_fact_triples(tuples, {"S .": "1"}) == [
        FactTriple("1", "He", "served as", "Prime Minister"),
        FactTriple("1", "He", "served as Prime Minister of", "Australia"),
        FactTriple("1", "He", "was", "a b c d e f"),
        FactTriple("1", "He", "died", "a death"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [("S .\t0.5\n", "expected sentence, confidence"), ("S .\thigh\tr\ta\n", "not a number")],
)
def test_parse_carb_tabbed_errors_name_the_line(text: str, message: str) -> None:
    with pytest.raises(InputError, match=f"sys.tsv:1: .*{message}"):
        parse_carb_tabbed(text, "sys.tsv")


def test_parse_benchie_extractions_rejects_short_lines() -> None:
    with pytest.raises(InputError, match="b.txt:2"):
        parse_benchie_extractions("1\ta\tb\tc\n1\ta\tb\n", "b.txt")


def test_read_missing_file_is_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_carb_gold(tmp_path / "missing.tsv")


def test_system_tuple_rejects_tabs() -> None:
    with pytest.raises(ValueError, match="tab or newline"):
        SystemTuple("S .", "r\tx", ("a",))
