"""The resolved Corpus behind a graph in kg's data model, read back for the query contracts.

tests/fixtures/small_graph.ttl is written by hand, without the aggregates a build materialises
(kg/aggregate.py); the query contracts add them from the corpus this module reads out of it.
"""

from __future__ import annotations

from dataclasses import replace

from rdflib import PROV, RDF, RDFS, SDO, SKOS, Graph, Literal, URIRef
from rdflib.term import Node

from kg.aggregate import aggregate_triples
from kg.analyze import TYPE_BY_CLASS
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
from kg.vocab import BASE, KG

_DOC = BASE + "doc/"
_ENTITY = BASE + "entity/"


def corpus_of(graph: Graph) -> Corpus:
    """Read documents, entities, mentions, statements and quotes back from a graph."""
    docs = sorted(str(d) for d in graph.subjects(RDF.type, SDO.NewsArticle))
    mentions = sorted(
        (_local(d, _DOC), _local(e, _ENTITY))
        for d, e in graph.subject_objects(SDO.mentions)
        if str(d) in docs
    )
    entities = []
    for node, cls in sorted(graph.subject_objects(RDF.type), key=str):
        kind = TYPE_BY_CLASS.get(str(cls))
        if kind is None or not str(node).startswith(_ENTITY):
            continue
        entity_id = _local(node, _ENTITY)
        doc_ids = tuple(d for d, e in mentions if e == entity_id)
        label = str(graph.value(node, RDFS.label))
        alt_labels = tuple(sorted(str(a) for a in graph.objects(node, SKOS.altLabel)))
        entities.append(Entity(entity_id, label, EntityType(kind), alt_labels, doc_ids))
    triples = []
    for statement in sorted(graph.subjects(RDF.type, RDF.Statement), key=str):
        modality = graph.value(statement, KG.modality)
        negative = graph.value(statement, KG.polarity) == KG.Negative
        provenance = Provenance(
            _local(graph.value(statement, PROV.wasDerivedFrom), _DOC),
            int(_literal(graph, statement, KG.startChar)),
            int(_literal(graph, statement, KG.endChar)),
            str(graph.value(statement, KG.evidence)),
            str(graph.value(statement, KG.extractor)),
            float(_literal(graph, statement, KG.confidence)),
            Polarity.NEGATIVE if negative else Polarity.POSITIVE,
            None if modality is None else Modality(str(modality)),
        )
        speaker = graph.value(statement, KG.attributedTo)
        if speaker is not None:
            provenance = replace(provenance, attributed_to=_local(speaker, _ENTITY))
        relation = graph.value(statement, RDF.predicate)
        role = (relation, RDFS.subPropertyOf, SDO.affiliation) in graph
        triples.append(
            Triple(
                _local(graph.value(statement, RDF.subject), _ENTITY),
                str(graph.value(relation, RDFS.label)),
                _local(graph.value(statement, RDF.object), _ENTITY),
                provenance,
                RelationKind.ROLE if role else RelationKind.ACTION,
            )
        )
    quotes = []
    for quote in sorted(graph.subjects(RDF.type, SDO.Quotation), key=str):
        speaker = graph.value(quote, SDO.creator)
        quotes.append(
            ResolvedQuote(
                _local(graph.value(quote, PROV.wasDerivedFrom), _DOC),
                int(_literal(graph, quote, KG.startChar)),
                int(_literal(graph, quote, KG.endChar)),
                str(graph.value(quote, SDO.text)),
                None if speaker is None else _local(speaker, _ENTITY),
            )
        )
    documents = tuple(Document(_local(d, _DOC), "", _local(d, _DOC)) for d in docs)
    return Corpus(documents, tuple(entities), tuple(triples), tuple(quotes), tuple(mentions))


def add_aggregates(graph: Graph, *, min_documents: int = 1) -> int:
    """Add the materialised aggregates of the graph's own corpus to it; return how many."""
    page_rank = {str(s): float(o) for s, _, o in graph.triples((None, KG.pageRank, None))}
    added = list(
        aggregate_triples(corpus_of(graph), page_rank=page_rank, min_documents=min_documents)
    )
    for triple in added:
        graph.add(triple)
    return len(added)


def _local(node: object, base: str) -> str:
    text = str(node)
    if not text.startswith(base):
        raise ValueError(f"{text} is not under {base}")
    return text[len(base) :]


def _literal(graph: Graph, node: Node, predicate: URIRef) -> Literal:
    value = graph.value(node, predicate)
    if not isinstance(value, Literal):
        raise ValueError(f"{node} has no {predicate}")
    return value
