"""Unit tests for kg.aggregate: co-mention pairs and per-document counts of a hand-built Corpus."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import SDO

from kg.aggregate import aggregate_lines, aggregate_triples, co_mention_counts, co_mention_iri
from kg.analyze import analytics_rows
from kg.model import (
    Corpus,
    Document,
    Entity,
    EntityType,
    Modality,
    Polarity,
    Provenance,
    RelationKind,
    ResolvedQuote,
    Triple,
)
from kg.network import network_of
from kg.ntriples import render_lines
from kg.resolve import resolve
from kg.vocab import KG, document_iri, entity_iri
from tests.golden.test_golden import CASES, load_case

A, B, C, D = "person/ann", "organization/bee", "organization/cee", "place/dee"
X = "concept/the-company"
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")


def _entity(entity_id: str, kind: EntityType) -> Entity:
    return Entity(entity_id, entity_id.split("/")[1], kind)


def _triple(doc: str, start: int, predicate: str, **changes: object) -> Triple:
    provenance = Provenance(doc, start, start + 5, "Ann met Bee.", "svo", 0.5)
    for name, value in changes.items():
        object.__setattr__(provenance, name, value)  # frozen: build variants of one fact
    return Triple(A, predicate, B, provenance)


@pytest.fixture
def corpus() -> Corpus:
    documents = tuple(Document(d, "Ann met Bee.", d) for d in ("d1", "d2", "d3", "d4"))
    entities = (
        _entity(A, EntityType.PERSON),
        _entity(B, EntityType.ORGANIZATION),
        _entity(C, EntityType.ORGANIZATION),
        _entity(D, EntityType.PLACE),
        _entity(X, EntityType.CONCEPT),
    )
    mentions = (
        ("d1", A), ("d1", B), ("d1", C), ("d1", X), ("d1", A),  # a repeated pair counts once
        ("d2", A), ("d2", B), ("d2", X), ("d2", D),
        ("d3", A), ("d3", B), ("d3", C), ("d3", X),
    )  # fmt: skip
    triples = (
        _triple("d1", 0, "meet"),
        _triple("d1", 0, "meet", confidence=0.9),  # same statement IRI: one fact in the graph
        _triple("d1", 0, "meet", polarity=Polarity.NEGATIVE),
        _triple("d1", 0, "meet", modality=Modality.MAY),
        _triple("d1", 10, "meet"),
        _triple("d2", 0, "greet"),
    )
    quotes = (
        ResolvedQuote("d1", 0, 4, "Hi", A),
        ResolvedQuote("d1", 0, 4, "Hi", None),  # the same span: one Quotation
        ResolvedQuote("d3", 5, 9, "Bye", None),
    )
    return Corpus(documents, entities, triples, quotes, mentions)


def _keyed(counts: dict[tuple[str, str], int]) -> dict[tuple[str, str], int]:
    # co_mention_counts keys each pair by its ids in sorted order
    return {(min(a, b), max(a, b)): n for (a, b), n in counts.items()}


def test_co_mention_counts_shared_documents_of_named_pairs(corpus: Corpus) -> None:
    expected = {(A, B): 3, (A, C): 2, (B, C): 2, (A, D): 1, (B, D): 1}
    assert co_mention_counts(corpus, min_documents=1) == _keyed(expected)


def test_co_mention_counts_keys_are_sorted_ids_without_concepts(corpus: Corpus) -> None:
    counts = co_mention_counts(corpus, min_documents=1)
    assert all(first < second for first, second in counts)
    assert not any(X in pair for pair in counts)


@pytest.mark.parametrize(
    ("min_documents", "expected"),
    [
        (2, {(A, B): 3, (A, C): 2, (B, C): 2}),
        (3, {(A, B): 3}),
        (4, {}),
    ],
)
def test_co_mention_counts_threshold_drops_rare_pairs(
    corpus: Corpus, min_documents: int, expected: dict[tuple[str, str], int]
) -> None:
    assert co_mention_counts(corpus, min_documents=min_documents) == _keyed(expected)


def test_aggregate_triples_co_mention_nodes(corpus: Corpus) -> None:
    triples = list(aggregate_triples(corpus, min_documents=2, ranked=0))
    nodes = {s for s, p, o in triples if p == RDF.type and o == KG.CoMention}
    assert nodes == {co_mention_iri(A, B), co_mention_iri(A, C), co_mention_iri(B, C)}
    pair = co_mention_iri(B, A)
    assert {o for s, p, o in triples if s == pair and p == KG.member} == {
        entity_iri(A),
        entity_iri(B),
    }
    shared = [o for s, p, o in triples if s == pair and p == KG.sharedDocuments]
    assert shared == [Literal(3, datatype=XSD_INTEGER)]


def test_aggregate_triples_document_counts(corpus: Corpus) -> None:
    triples = list(aggregate_triples(corpus))

    def count(doc: str, predicate: URIRef) -> int:
        values = [o for s, p, o in triples if s == document_iri(doc) and p == predicate]
        assert len(values) == 1, (doc, predicate, values)
        assert isinstance(values[0], Literal) and values[0].datatype == XSD_INTEGER
        return int(values[0])

    # d1: "meet" at 0 positive, negated and hedged, plus "meet" at 10; the repeat is one fact.
    assert [count(d, KG.statementCount) for d in ("d1", "d2", "d3", "d4")] == [4, 1, 0, 0]
    assert [count(d, KG.quoteCount) for d in ("d1", "d2", "d3", "d4")] == [1, 0, 1, 0]
    assert [count(d, KG.entityCount) for d in ("d1", "d2", "d3", "d4")] == [4, 4, 4, 0]


def test_aggregate_triples_deterministic(corpus: Corpus) -> None:
    assert list(aggregate_triples(corpus)) == list(aggregate_triples(corpus))


def test_co_mention_iri_is_order_free_and_distinct() -> None:
    assert co_mention_iri(A, B) == co_mention_iri(B, A)
    assert co_mention_iri(A, B) != co_mention_iri(A, C)
    assert str(co_mention_iri(A, B)).startswith("https://w3id.org/kg/co-mention/")


def _ranks(triples: Sequence[tuple[URIRef, URIRef, object]], predicate: URIRef) -> list[URIRef]:
    ranked = sorted((int(str(o)), s) for s, p, o in triples if p == predicate)
    assert [rank for rank, _ in ranked] == list(range(1, len(ranked) + 1))
    return [s for _, s in ranked]


def test_aggregate_triples_rank_named_entities_by_documents_then_label(corpus: Corpus) -> None:
    docs = {A: ("d1", "d2"), B: ("d1", "d2"), C: ("d1",), D: ("d2", "d3", "d4"), X: ("d1",) * 9}
    entities = tuple(Entity(e.id, e.label, e.type, doc_ids=docs[e.id]) for e in corpus.entities)
    named = Corpus(corpus.documents, entities, corpus.triples, corpus.quotes, corpus.mentions)
    triples = list(aggregate_triples(named, ranked=3))
    # the concept is mentioned most but is no name; ann and bee tie on 2 and go by label
    assert _ranks(triples, KG.mentionRank) == [entity_iri(D), entity_iri(A), entity_iri(B)]


def test_aggregate_triples_rank_centrality_from_analytics(corpus: Corpus) -> None:
    page_rank = {str(entity_iri(e)): rank for e, rank in ((A, 0.1), (B, 0.3), (C, 0.1), (X, 0.9))}
    triples = list(aggregate_triples(corpus, page_rank=page_rank))
    assert _ranks(triples, KG.centralityRank) == [entity_iri(B), entity_iri(A), entity_iri(C)]
    assert _ranks(list(aggregate_triples(corpus)), KG.centralityRank) == []


def test_aggregate_triples_rank_co_mentions_by_shared_documents(corpus: Corpus) -> None:
    triples = list(aggregate_triples(corpus, min_documents=1, ranked=3))
    # (ann, bee) share 3; then 2 each, by the labels of the members in id order:
    # organization/bee + organization/cee ("bee") before organization/cee + person/ann ("cee")
    assert _ranks(triples, KG.coMentionRank) == [
        co_mention_iri(A, B),
        co_mention_iri(B, C),
        co_mention_iri(A, C),
    ]


def test_aggregate_triples_name_keys_are_every_name_in_lower_case() -> None:
    entities = (
        Entity(A, "Ann Lee", EntityType.PERSON, ("Lee", "ann lee", "ANN")),
        Entity(X, "the company", EntityType.CONCEPT, ("TC",)),
    )
    triples = list(aggregate_triples(Corpus((), entities, ())))
    keys = {(s, str(o)) for s, p, o in triples if p == KG.nameKey}
    # one key per distinct lower-case name: "Ann Lee" and "ann lee" give one
    assert keys == {
        (entity_iri(A), "ann lee"),
        (entity_iri(A), "lee"),
        (entity_iri(A), "ann"),
        (entity_iri(X), "the company"),
        (entity_iri(X), "tc"),
    }


def test_aggregate_triples_name_parts_of_speakers_only(corpus: Corpus) -> None:
    entities = (
        Entity(A, "Ann Lee-Smith", EntityType.PERSON, ("Ms. Lee",)),
        Entity(B, "Bee Corp", EntityType.ORGANIZATION),
    )
    quoted = Corpus((), entities, (), (ResolvedQuote("d1", 0, 4, "Hi", A),))
    parts = {(s, str(o)) for s, p, o in aggregate_triples(quoted) if p == KG.namePart}
    # Ann is quoted: her names and their words; Bee says nothing and gets none
    assert parts == {
        (entity_iri(A), word)
        for word in ("ann lee-smith", "ann", "lee-smith", "ms. lee", "ms", "lee")
    }
    # a fact attributed to Bee makes Bee a speaker too
    attributed = _triple("d1", 0, "meet", attributed_to=B)
    claimed = Corpus((), entities, (attributed,))
    parts = {(s, str(o)) for s, p, o in aggregate_triples(claimed) if p == KG.namePart}
    assert {word for s, word in parts if s == entity_iri(B)} == {"bee corp", "bee", "corp"}


def test_aggregate_triples_head_word_of_each_relation(corpus: Corpus) -> None:
    extra = _triple("d1", 20, "announce to")
    with_announce = Corpus(corpus.documents, corpus.entities, (*corpus.triples, extra))
    heads = {(str(s), str(o)) for s, p, o in aggregate_triples(with_announce) if p == KG.headWord}
    rel = "https://w3id.org/kg/rel/"
    assert heads == {
        (rel + "meet", "meet"),
        (rel + "greet", "greet"),
        (rel + "announceTo", "announce"),
    }


def _value(triples: Sequence[tuple[URIRef, URIRef, object]], node: URIRef, prop: URIRef) -> Any:
    return next(o for s, p, o in triples if s == node and p == prop)


def _role(doc: str, start: int, subject: str, obj: str, **changes: object) -> Triple:
    triple = _triple(doc, start, "president of", **changes)
    return Triple(subject, triple.predicate, obj, triple.provenance, RelationKind.ROLE)


def test_aggregate_triples_role_holdings_ranked_by_documents(corpus: Corpus) -> None:
    roles = (
        _role("d1", 0, A, B),
        _role("d2", 0, A, B),
        _role("d2", 10, A, B),  # a second sentence of d2: still two documents
        _role("d3", 0, A, B, polarity=Polarity.NEGATIVE),  # denied: not counted
        _role("d1", 20, A, C),
        _role("d1", 30, A, D, modality=Modality.MAY),  # only hedged: no plain triple, no holding
        _role("d1", 40, B, C),  # not a person
    )
    triples = list(aggregate_triples(Corpus(corpus.documents, corpus.entities, roles)))
    nodes = [s for s, p, o in triples if p == RDF.type and o == KG.RoleHolding]
    holdings = sorted(
        (
            int(_value(triples, node, KG.roleRank)),
            _value(triples, node, KG.holder),
            _value(triples, node, KG.organization),
            int(_value(triples, node, KG.documentCount)),
        )
        for node in nodes
    )
    # A -president of-> B in d1 and d2 (d3 denies it), A -> C in d1 only
    assert holdings == [(1, entity_iri(A), entity_iri(B), 2), (2, entity_iri(A), entity_iri(C), 1)]
    affiliations = {(s, o) for s, p, o in triples if p == SDO.affiliation}
    # the entailment of every plain role triple, whoever holds it
    assert affiliations == {
        (entity_iri(A), entity_iri(B)),
        (entity_iri(A), entity_iri(C)),
        (entity_iri(B), entity_iri(C)),
    }


def test_aggregate_triples_write_the_first_page_of_pairs_below_the_threshold(
    corpus: Corpus,
) -> None:
    # No pair shares 4 documents, yet the co-mentions ranking still has its first page.
    triples = list(aggregate_triples(corpus, min_documents=4, ranked=2))
    nodes = {s for s, p, o in triples if p == RDF.type and o == KG.CoMention}
    assert len(nodes) == 2 and co_mention_iri(A, B) in nodes
    assert _ranks(triples, KG.coMentionRank)[0] == co_mention_iri(A, B)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_aggregate_lines_are_the_triples_rendered(case: Path) -> None:
    corpus = resolve(load_case(case))
    page_rank = {iri: float(rank) for iri, _, _, rank in analytics_rows(network_of(corpus))}
    for options in ({}, {"page_rank": page_rank}, {"min_documents": 1, "ranked": 2}):
        expected = render_lines(aggregate_triples(corpus, **options))
        assert aggregate_lines(corpus, **options) == expected


def test_aggregate_lines_escape_names_as_render_lines_does() -> None:
    odd = Entity("person/odd", 'Ann "the \\ Quote"', EntityType.PERSON, alt_labels=("a\nb",))
    corpus = Corpus(
        documents=(Document("d1", "Ann met Bee.", "d1.txt"),),
        entities=(odd, _entity(B, EntityType.ORGANIZATION)),
        triples=(Triple("person/odd", "work for", B, Provenance("d1", 0, 5, "Ann", "svo", 0.5)),),
        quotes=(ResolvedQuote("d1", 0, 3, "Ann", "person/odd"),),
        mentions=(("d1", "person/odd"), ("d1", B)),
    )
    assert aggregate_lines(corpus) == render_lines(aggregate_triples(corpus))
    assert '"ann \\"the \\\\ quote\\""' in aggregate_lines(corpus)
