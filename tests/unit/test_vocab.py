"""IRIs: deterministic and valid for any name."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.vocab import KG, MintedIris, entity_iri, relation_iri, slugify


def test_kg_namespace_is_closed() -> None:
    with pytest.raises(AttributeError):
        _ = KG.polarty  # a typo must not mint a new term


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Brad Smith", "brad-smith"),
        ("Fight for the Future", "fight-for-the-future"),
        ("IBM", "ibm"),
    ],
)
def test_slugify_gives_readable_slugs(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_slugify_keeps_long_names_short_and_distinct() -> None:
    a, b = slugify("x" * 10_000), slugify("x" * 9_999)
    assert len(a) < 100 and a != b


@given(st.text())
def test_entity_iri_is_a_valid_iri_for_any_name(name: str) -> None:
    iri = entity_iri(f"person/{slugify(name)}")
    ox.NamedNode(str(iri))  # raises on an invalid IRI
    assert entity_iri(f"person/{slugify(name)}") == iri


@given(st.text())
def test_relation_iri_is_a_valid_iri_for_any_predicate(predicate: str) -> None:
    ox.NamedNode(str(relation_iri(predicate)))


def test_each_corpus_mints_into_a_table_of_its_own() -> None:
    # A table shared between builds would keep every IRI a long-lived process ever minted.
    first = MintedIris(entity_iri)
    assert first["person/brad-smith"] == "https://w3id.org/kg/entity/person/brad-smith"
    assert MintedIris(entity_iri) == {}
