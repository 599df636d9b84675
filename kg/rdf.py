"""RDF stage: a resolved Corpus -> an rdflib Graph in kg's data model (docs/data-model.md).

Every fact becomes an rdf:Statement with its provenance; only positive, unhedged facts are
also asserted as plain triples. Must not import spaCy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from rdflib import PROV, RDF, RDFS, SDO, SKOS, XSD, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from kg.model import Corpus, Document, Entity, EntityType, RelationKind, Triple
from kg.store import graph_from_triples
from kg.vocab import (
    KG,
    PREFIXES,
    document_iri,
    entity_iri,
    quote_iri,
    relation_iri,
    statement_iri,
)

RdfTriple = tuple[Node, Node, Node]

_CLASS_BY_TYPE: dict[EntityType, URIRef] = {
    EntityType.CONCEPT: SKOS.Concept,
    EntityType.GROUP: KG.Group,
}


def entity_class(entity_type: EntityType) -> URIRef:
    """Return the RDF class of an entity type: schema.org, or skos:Concept / kg:Group."""
    special = _CLASS_BY_TYPE.get(entity_type)
    return special if special is not None else SDO[entity_type.value]


def new_graph(store: str = "Oxigraph") -> Graph:
    """Return an empty graph with kg's prefixes bound, on Oxigraph's engine by default."""
    graph = Graph(store=store, identifier=DATASET_DEFAULT_GRAPH_ID)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def to_graph(corpus: Corpus) -> Graph:
    """Turn a resolved corpus into a graph in kg's data model, on Oxigraph's engine."""
    return graph_from_triples(to_triples(corpus))


def to_triples(corpus: Corpus) -> Iterator[RdfTriple]:
    """Yield every RDF triple of a corpus, documents first, in a deterministic order."""
    mentioned: dict[str, list[str]] = {}
    for doc_id, entity_id in corpus.mentions:
        mentioned.setdefault(doc_id, []).append(entity_id)
    for document in corpus.documents:
        yield from _document_triples(document, mentioned.get(document.id, []))
    for entity in corpus.entities:
        yield from _entity_triples(entity)
    predicates: dict[str, RelationKind] = {}
    for triple in corpus.triples:
        predicates.setdefault(triple.predicate, triple.kind)
        yield from _statement_triples(triple)
    for predicate, kind in sorted(predicates.items()):
        prop = relation_iri(predicate)
        yield prop, RDF.type, RDF.Property
        yield prop, RDF.type, KG.Relation
        yield prop, RDFS.label, Literal(predicate)
        if kind is RelationKind.ROLE:
            yield prop, RDFS.subPropertyOf, SDO.affiliation
    for quote in corpus.quotes:
        node = quote_iri(quote.doc_id, quote.start, quote.end)
        yield node, RDF.type, SDO.Quotation
        yield node, SDO.text, Literal(quote.text)
        yield node, PROV.wasDerivedFrom, document_iri(quote.doc_id)
        yield node, KG.startChar, Literal(quote.start)
        yield node, KG.endChar, Literal(quote.end)
        if quote.speaker_id:
            yield node, SDO.creator, entity_iri(quote.speaker_id)


def _document_triples(document: Document, entity_ids: list[str]) -> Iterator[RdfTriple]:
    node = document_iri(document.id)
    yield node, RDF.type, SDO.NewsArticle
    yield node, SDO.name, Literal(document.title or document.id)
    if document.title:
        yield node, SDO.headline, Literal(document.title)
    yield node, KG.sourcePath, Literal(document.source)
    if document.sha256:
        yield node, KG.contentHash, Literal(f"sha256:{document.sha256}")
    if document.url:
        yield node, SDO.url, Literal(document.url, datatype=XSD.anyURI)
    if document.date:
        yield node, SDO.datePublished, _date_literal(document.date)
    for entity_id in entity_ids:
        yield node, SDO.mentions, entity_iri(entity_id)


def _date_literal(text: str) -> Literal:
    try:
        return Literal(dt.date.fromisoformat(text[:10]).isoformat(), datatype=XSD.date)
    except ValueError:
        return Literal(text)  # a date we cannot read stays as the text that gave it


def _entity_triples(entity: Entity) -> Iterator[RdfTriple]:
    node = entity_iri(entity.id)
    yield node, RDF.type, entity_class(entity.type)
    yield node, RDFS.label, Literal(entity.label)
    for alt in entity.alt_labels:
        yield node, SKOS.altLabel, Literal(alt)
    if entity.description:
        yield node, SDO.description, Literal(entity.description)
    yield node, KG.documentCount, Literal(len(entity.doc_ids))


def _statement_triples(triple: Triple) -> Iterator[RdfTriple]:
    p = triple.provenance
    subject, predicate, obj = (
        entity_iri(triple.subject_id),
        relation_iri(triple.predicate),
        entity_iri(triple.object_id),
    )
    node = statement_iri(
        p.doc_id, p.start, p.end, triple.subject_id, triple.predicate, triple.object_id,
        p.extractor, p.polarity, p.modality,
    )  # fmt: skip
    yield node, RDF.type, RDF.Statement
    yield node, RDF.subject, subject
    yield node, RDF.predicate, predicate
    yield node, RDF.object, obj
    yield node, PROV.wasDerivedFrom, document_iri(p.doc_id)
    yield node, KG.evidence, Literal(p.evidence)
    yield node, KG.startChar, Literal(p.start)
    yield node, KG.endChar, Literal(p.end)
    yield node, KG.extractor, Literal(p.extractor)
    yield node, KG.confidence, Literal(Decimal(str(p.confidence)), datatype=XSD.decimal)
    yield node, KG.polarity, KG.Positive if p.polarity.value == "positive" else KG.Negative
    if p.modality is not None:
        yield node, KG.modality, Literal(p.modality.value)
    if p.time:
        yield node, KG.time, Literal(p.time)
    if p.attributed_to:
        yield node, KG.attributedTo, entity_iri(p.attributed_to)
    if triple.asserted:
        yield subject, predicate, obj
