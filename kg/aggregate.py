"""Aggregate stage: a resolved Corpus -> counts materialised as RDF, so queries need not scan.

A query that counts over the whole graph (pairs of entities sharing documents, facts per
document) costs seconds on a corpus of thousands of articles; the same counts taken here, from
the plain data, cost a fraction of that once per build. docs/data-model.md ("Materialised
aggregates") describes the triples:

- `kg:CoMention` nodes: two named entities (`kg:member`) and the number of documents that
  mention both (`kg:sharedDocuments`), for the pairs shared by at least `min_documents`;
- on each document, `kg:statementCount`, `kg:quoteCount` and `kg:entityCount`;
- on each entity, `kg:nameKey`: each of its names (label and aliases) in lower case, so a
  case-insensitive lookup by name reads one index instead of lowering every name of the graph
  (one predicate, not `rdfs:label|skos:altLabel`: Oxigraph plans a path alternative badly);
- on each speaker (an entity quoted or that facts are attributed to), `kg:namePart`: each of
  its names and each word of them, in lower case, so "quotes by Smith" is an index lookup, not
  a substring scan of every name;
- head words of relations, affiliations entailed by roles, and role holdings with their
  counts and ranks (kg/aggregate_relations.py);
- ranks (1 = first) of the RANKED first items of each ranking a shipped query shows:
  `kg:mentionRank` (named entities by documents), `kg:centralityRank` (named entities by
  PageRank) and `kg:coMentionRank` (co-mentions by shared documents). A query reads the first
  page by rank instead of sorting every entity of the graph, which no index can do.

Entity-level analytics (kg:degree, kg:pageRank, kg:community) come from kg/analyze.py and
kg:documentCount from kg/rdf.py. Must not import spaCy or any stage but model, vocab, rdf
(whose statements it counts) and its own kg/aggregate_relations.py.
"""

from __future__ import annotations

import hashlib
import heapq
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from itertools import combinations
from typing import TypeVar

from rdflib import RDF, URIRef
from rdflib.term import Node

from kg.aggregate_relations import (
    NTRIPLES_LITERALS,
    RDFLIB_LITERALS,
    Literals,
    relation_terms,
)
from kg.collector import collector_paused
from kg.model import Corpus, EntityType
from kg.rdf import statement_node
from kg.vocab import BASE, KG, document_iri, entity_iri

__all__ = [
    "MIN_SHARED_DOCUMENTS",
    "RANKED",
    "aggregate_lines",
    "aggregate_triples",
    "co_mention_counts",
    "co_mention_iri",
    "name_words",
]

_Value = TypeVar("_Value")

# Pairs seen together once or twice are mostly chance, and they are the great majority: on the
# 2,225 BBC articles 310,077 pairs share a document, 48,838 share two (200,000 triples, a sixth
# of the graph) and 13,632 share three (55,000 triples, under a twentieth).
MIN_SHARED_DOCUMENTS = 3
# Ranks are written for the first RANKED items of each ranking: pages beyond that are rare
# and a rank on every entity would cost a triple each.
RANKED = 1000


def aggregate_triples(
    corpus: Corpus,
    *,
    page_rank: Mapping[str, float] | None = None,
    min_documents: int = MIN_SHARED_DOCUMENTS,
    ranked: int = RANKED,
) -> Iterator[tuple[URIRef, URIRef, Node]]:
    """Yield the materialised aggregates of a corpus, in a deterministic order.

    Args:
        corpus: the resolved corpus.
        page_rank: each entity IRI's kg:pageRank (kg/analyze.py analytics_rows); it gives
            kg:centralityRank, which is left out without it.
        min_documents: the fewest documents a pair of entities must share to be written.
        ranked: how many items of each ranking get a rank.

    Yields:
        (subject, predicate, object) triples: document counts, name keys and parts, head
        words, affiliations and role holdings (kg/aggregate_relations.py), co-mention pairs by
        IRI, then the ranks.

    >>> len(list(aggregate_triples(Corpus(documents=(), entities=(), triples=()))))
    0
    """
    # Made at once with the cyclic collector paused: a tuple per triple, no cycle among them,
    # and the build's network, alive meanwhile, need not be walked again and again.
    with collector_paused():
        rows = _aggregate_triples(corpus, page_rank, min_documents, ranked, RDFLIB_LITERALS)
        triples = list(rows)
    return iter(triples)


def aggregate_lines(
    corpus: Corpus,
    *,
    page_rank: Mapping[str, float] | None = None,
    min_documents: int = MIN_SHARED_DOCUMENTS,
    ranked: int = RANKED,
) -> str:
    """Return aggregate_triples as N-Triples text: kg.ntriples.render_lines of them, without
    an rdflib Literal built per value only to be formatted (a third of the work).

    >>> aggregate_lines(Corpus(documents=(), entities=(), triples=()))
    ''
    """
    with collector_paused():
        return "".join(
            f"<{s}> <{p}> {o if type(o) is str else f'<{o}>'} .\n"
            for s, p, o in _aggregate_triples(
                corpus, page_rank, min_documents, ranked, NTRIPLES_LITERALS
            )
        )


def _aggregate_triples(
    corpus: Corpus,
    page_rank: Mapping[str, float] | None,
    min_documents: int,
    ranked: int,
    literals: Literals[_Value],
) -> Iterator[tuple[URIRef, URIRef, URIRef | _Value]]:
    # Values are written by `literals`; every other term is a URIRef.
    integer = literals.integer
    # Each entity's IRI minted once: the name keys, co-mentions and ranks all name entities.
    iris = {e.id: entity_iri(e.id) for e in corpus.entities}
    yield from _document_counts(corpus, literals)
    yield from _name_keys(corpus, iris, literals)
    yield from relation_terms(corpus, literals)
    named = [e for e in corpus.entities if e.type is not _CONCEPT]
    label = {e.id: e.label for e in named}
    every_pair = co_mention_counts(corpus, min_documents=1)
    by_pair = _first_pairs(every_pair, label, ranked)
    # A small corpus has few pairs shared by min_documents: the first page of the ranking is
    # written whatever it shares, so the co-mentions query always has one.
    pairs = dict(by_pair)
    pairs.update((pair, n) for pair, n in every_pair.items() if n >= min_documents)
    nodes = {}
    for pair, shared in sorted(pairs.items()):
        first, second = pair
        node = nodes[pair] = co_mention_iri(first, second)
        yield node, _TYPE, _CO_MENTION
        yield node, _MEMBER, iris[first]
        yield node, _MEMBER, iris[second]
        yield node, _SHARED_DOCUMENTS, integer(shared)
    for rank, (pair, _) in enumerate(by_pair, start=1):
        yield nodes[pair], _CO_MENTION_RANK, integer(rank)
    by_mentions = sorted(named, key=lambda e: (-len(e.doc_ids), e.label, e.id))
    for rank, entity in enumerate(by_mentions[:ranked], start=1):
        yield iris[entity.id], _MENTION_RANK, integer(rank)
    ranks = page_rank or {}
    central = []
    for e in named:
        iri = iris[e.id]
        centrality = ranks.get(str(iri))
        if centrality is not None:
            central.append((centrality, e.label, iri))
    central.sort(key=lambda item: (-item[0], item[1], item[2]))
    for rank, (_, _, iri) in enumerate(central[:ranked], start=1):
        yield iri, _CENTRALITY_RANK, integer(rank)


# Namespace attribute lookups are Python calls, and so is reading an Enum member from its
# class; these are asked for once per triple or entity.
_CONCEPT = EntityType.CONCEPT
_TYPE, _CO_MENTION, _MEMBER, _SHARED_DOCUMENTS = (
    RDF.type,
    KG.CoMention,
    KG.member,
    KG.sharedDocuments,
)
_CO_MENTION_RANK, _MENTION_RANK, _CENTRALITY_RANK = (
    KG.coMentionRank,
    KG.mentionRank,
    KG.centralityRank,
)
_NAME_KEY, _NAME_PART = KG.nameKey, KG.namePart
_STATEMENT_COUNT, _QUOTE_COUNT, _ENTITY_COUNT = KG.statementCount, KG.quoteCount, KG.entityCount


def _first_pairs(
    every_pair: dict[tuple[str, str], int], label: dict[str, str], ranked: int
) -> list[tuple[tuple[str, str], int]]:
    # The first `ranked` pairs by shared documents, then labels. Only pairs sharing at least
    # as many documents as the ranked-th one can be among them: the rest (most of the hundreds
    # of thousands of pairs of a corpus) are left out before the sort, which is then the same.
    items = every_pair.items()
    if 0 < ranked < len(every_pair):
        floor = heapq.nlargest(ranked, every_pair.values())[-1]
        items = [item for item in items if item[1] >= floor]  # type: ignore[assignment]
    by_pair = sorted(items, key=lambda i: (-i[1], label[i[0][0]], label[i[0][1]], i[0]))
    return by_pair[:ranked]


def _name_keys(
    corpus: Corpus, iris: Mapping[str, URIRef], literals: Literals[_Value]
) -> Iterator[tuple[URIRef, URIRef, _Value]]:
    text = literals.text
    speakers = {q.speaker_id for q in corpus.quotes}
    speakers.update(t.provenance.attributed_to for t in corpus.triples)
    for entity in corpus.entities:
        iri = iris[entity.id]
        if not entity.alt_labels:  # most entities: one name, one key
            names = {entity.label}
            keys = {entity.label.lower()}
            yield iri, _NAME_KEY, text(next(iter(keys)))
        else:
            names = {entity.label, *entity.alt_labels}
            keys = {name.lower() for name in names}
            for key in sorted(keys):
                yield iri, _NAME_KEY, text(key)
        if entity.id in speakers:
            parts = keys | name_words(names)
            for part in sorted(parts):
                yield iri, _NAME_PART, text(part)


def name_words(names: Iterable[str]) -> set[str]:
    """Return the words of some names in lower case, without the punctuation around them.

    >>> sorted(name_words(["Fight for the Future", "Smith, Jr."]))
    ['fight', 'for', 'future', 'jr', 'smith', 'the']
    """
    words = (word.strip(_PUNCTUATION) for name in names for word in name.lower().split())
    return {word for word in words if word}


_PUNCTUATION = ".,;:!?\"'()[]{}“”‘’"


def co_mention_counts(
    corpus: Corpus, *, min_documents: int = MIN_SHARED_DOCUMENTS
) -> dict[tuple[str, str], int]:
    """Count, for each pair of named entities, the documents that mention both.

    Concepts are left out: "the company" and "police" co-occur with everything. Each pair is
    keyed by its two entity ids in sorted order.

    Args:
        corpus: the resolved corpus.
        min_documents: pairs sharing fewer documents are dropped.

    Returns:
        Documents shared, by (smaller entity id, larger entity id).
    """
    named = {e.id for e in corpus.entities if e.type is not _CONCEPT}
    by_doc: dict[str, set[str]] = {}
    for doc_id, entity_id in corpus.mentions:
        if entity_id in named:
            by_doc.setdefault(doc_id, set()).add(entity_id)
    counts: Counter[tuple[str, str]] = Counter()
    for entity_ids in by_doc.values():
        counts.update(combinations(sorted(entity_ids), 2))
    if min_documents <= 1:  # every pair counted is kept: a copy, not a test per pair
        return dict(counts)
    return {pair: n for pair, n in counts.items() if n >= min_documents}


def co_mention_iri(first: str, second: str) -> URIRef:
    """Return the IRI of the co-mention node of two entity ids (in either order).

    >>> co_mention_iri("person/a", "person/b") == co_mention_iri("person/b", "person/a")
    True
    """
    low, high = sorted((first, second))
    digest = hashlib.sha1(f"{low}\x1f{high}".encode("utf-8", "surrogatepass")).hexdigest()
    return URIRef(f"{BASE}co-mention/{digest[:20]}")


def _document_counts(
    corpus: Corpus, literals: Literals[_Value]
) -> Iterator[tuple[URIRef, URIRef, _Value]]:
    integer = literals.integer
    # Distinct keys, as the graph has them: one Statement per statement IRI (kg/rdf.py) and
    # one Quotation per span.
    statements: Counter[str] = Counter(
        t.provenance.doc_id for t in statement_node.by_node(corpus.triples).values()
    )
    quotes: dict[str, set[tuple[int, int]]] = {}
    for quote in corpus.quotes:
        quotes.setdefault(quote.doc_id, set()).add((quote.start, quote.end))
    entities: dict[str, set[str]] = {}
    for doc_id, entity_id in corpus.mentions:
        entities.setdefault(doc_id, set()).add(entity_id)
    for document in corpus.documents:
        node = document_iri(document.id)
        yield node, _STATEMENT_COUNT, integer(statements[document.id])
        yield node, _QUOTE_COUNT, integer(len(quotes.get(document.id, ())))
        yield node, _ENTITY_COUNT, integer(len(entities.get(document.id, ())))
