"""RDF stage: a resolved Corpus -> named graphs in kg's data model (docs/data-model.md).

Every fact becomes an rdf:Statement with its provenance; only positive, unhedged facts are also
asserted as plain triples. Each document's statements, quotes and document node live in that
document's own named graph, so one document can be replaced, retracted or pushed alone; what the
corpus says as a whole (entities, relation properties, the asserted facts, analytics) lives in
CORPUS_GRAPH. No triple is in two graphs, so the union of the graphs is the whole graph.

Graphs come out as N-Triples text (kg/ntriples.py) rather than rdflib terms: building three
million rdflib terms was most of this stage's time, and Oxigraph parses the text in Rust.
Must not import spaCy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import lru_cache

from rdflib import PROV, RDF, RDFS, SDO, SKOS, XSD, Graph, URIRef
from rdflib.graph import Dataset

from kg.model import Corpus, Document, Entity, EntityType, RelationKind, ResolvedQuote, Triple
from kg.ntriples import integer_term, iri_term, text_term, typed_term
from kg.store import NamedGraph, bind_prefixes, graph_from_named_graphs
from kg.vocab import (
    CORPUS_GRAPH,
    KG,
    document_graph_iri,
    document_iri,
    entity_iri,
    quote_iri,
    relation_iri,
    statement_iri,
)

_CLASS_BY_TYPE: dict[EntityType, URIRef] = {
    EntityType.CONCEPT: SKOS.Concept,
    EntityType.GROUP: KG.Group,
}


def entity_class(entity_type: EntityType) -> URIRef:
    """Return the RDF class of an entity type: schema.org, or skos:Concept / kg:Group."""
    special = _CLASS_BY_TYPE.get(entity_type)
    return special if special is not None else SDO[entity_type.value]


def new_graph(store: str = "Oxigraph") -> Graph:
    """Return an empty graph with kg's prefixes bound, on Oxigraph's engine by default.

    A Dataset whose default graph is the union of its named graphs: reading it sees every
    document's graph and the corpus graph at once, as SPARQL over the built store does.
    """
    return bind_prefixes(Dataset(store=store, default_union=True))


def to_graph(corpus: Corpus) -> Graph:
    """Turn a resolved corpus into a graph in kg's data model, on Oxigraph's engine."""
    return graph_from_named_graphs(to_named_graphs(corpus))


def to_named_graphs(corpus: Corpus) -> Iterator[NamedGraph]:
    """Yield each document's named graph in corpus order, then the corpus graph.

    >>> from kg.model import Corpus, Document
    >>> [iri for iri, _ in to_named_graphs(Corpus((Document("a.txt", "Hi.", "a.txt"),), (), ()))]
    ['https://w3id.org/kg/graph/doc/a.txt', 'https://w3id.org/kg/graph/corpus']
    """
    mentioned: dict[str, list[str]] = {}
    for doc_id, entity_id in corpus.mentions:
        mentioned.setdefault(doc_id, []).append(entity_id)
    statements: dict[str, list[Triple]] = {}
    for triple in unique_statements(corpus.triples):
        statements.setdefault(triple.provenance.doc_id, []).append(triple)
    quotes: dict[str, list[ResolvedQuote]] = {}
    for quote in corpus.quotes:
        quotes.setdefault(quote.doc_id, []).append(quote)
    for document in corpus.documents:
        lines = list(_document_lines(document, mentioned.get(document.id, [])))
        for triple in statements.get(document.id, []):
            lines.extend(_statement_lines(triple))
        for quote in quotes.get(document.id, []):
            lines.extend(_quote_lines(quote))
        yield str(document_graph_iri(document.id)), "".join(lines)
    yield str(CORPUS_GRAPH), "".join(_corpus_lines(corpus))


_A = iri_term(str(RDF.type))
_LABEL = iri_term(str(RDFS.label))
_SUBJECT, _PREDICATE, _OBJECT = (iri_term(str(t)) for t in (RDF.subject, RDF.predicate, RDF.object))
_DERIVED = iri_term(str(PROV.wasDerivedFrom))
_EVIDENCE, _START, _END = (iri_term(str(t)) for t in (KG.evidence, KG.startChar, KG.endChar))
_EXTRACTOR, _CONFIDENCE = iri_term(str(KG.extractor)), iri_term(str(KG.confidence))
_POLARITY, _MODALITY, _TIME = (iri_term(str(t)) for t in (KG.polarity, KG.modality, KG.time))
_ATTRIBUTED, _MENTIONS = iri_term(str(KG.attributedTo)), iri_term(str(SDO.mentions))
_POSITIVE, _NEGATIVE = iri_term(str(KG.Positive)), iri_term(str(KG.Negative))
_STATEMENT = iri_term(str(RDF.Statement))


def _document_lines(document: Document, entity_ids: list[str]) -> Iterator[str]:
    node = iri_term(document_iri(document.id))
    yield f"{node} {_A} <{SDO.NewsArticle}> .\n"
    yield f"{node} <{SDO.name}> {text_term(document.title or document.id)} .\n"
    if document.title:
        yield f"{node} <{SDO.headline}> {text_term(document.title)} .\n"
    yield f"{node} <{KG.sourcePath}> {text_term(document.source)} .\n"
    if document.sha256:
        yield f"{node} <{KG.contentHash}> {text_term('sha256:' + document.sha256)} .\n"
    if document.url:
        yield f"{node} <{SDO.url}> {typed_term(document.url, XSD.anyURI)} .\n"
    if document.date:
        yield f"{node} <{SDO.datePublished}> {_date_term(document.date)} .\n"
    for entity_id in entity_ids:
        yield f"{node} {_MENTIONS} <{entity_iri(entity_id)}> .\n"


def _date_term(text: str) -> str:
    try:
        return typed_term(dt.date.fromisoformat(text[:10]).isoformat(), XSD.date)
    except ValueError:
        return text_term(text)  # a date we cannot read stays as the text that gave it


def unique_statements(triples: Iterable[Triple]) -> list[Triple]:
    """Return the facts with one per statement IRI: the most confident, in corpus order.

    Two extractions of one fact from one sentence (the same subject, predicate, object,
    polarity and modality) are one rdf:Statement; giving it two confidences would make
    every reader pick one of them its own way.
    """
    best: dict[URIRef, Triple] = {}
    for triple in triples:
        node = statement_node(triple)
        kept = best.get(node)
        if kept is None or triple.provenance.confidence > kept.provenance.confidence:
            best[node] = triple
    return list(best.values())


@lru_cache(maxsize=1 << 17)  # the RDF, network, counts and aggregates of a build all ask
def statement_node(triple: Triple) -> URIRef:
    """Return the IRI of the rdf:Statement that records a fact."""
    p = triple.provenance
    return statement_iri(
        p.doc_id, p.start, p.end, triple.subject_id, triple.predicate, triple.object_id,
        p.extractor, p.polarity, p.modality,
    )  # fmt: skip


def _statement_lines(triple: Triple) -> Iterator[str]:
    p = triple.provenance
    node = iri_term(statement_node(triple))
    yield f"{node} {_A} {_STATEMENT} .\n"
    yield f"{node} {_SUBJECT} <{entity_iri(triple.subject_id)}> .\n"
    yield f"{node} {_PREDICATE} <{relation_iri(triple.predicate)}> .\n"
    yield f"{node} {_OBJECT} <{entity_iri(triple.object_id)}> .\n"
    yield f"{node} {_DERIVED} <{document_iri(p.doc_id)}> .\n"
    yield f"{node} {_EVIDENCE} {text_term(p.evidence)} .\n"
    yield f"{node} {_START} {integer_term(p.start)} .\n"
    yield f"{node} {_END} {integer_term(p.end)} .\n"
    yield f"{node} {_EXTRACTOR} {text_term(p.extractor)} .\n"
    # Decimal(str(x)) keeps the digits a person wrote; format "f" never falls back to 1E-7.
    confidence = format(Decimal(str(p.confidence)), "f")
    yield f"{node} {_CONFIDENCE} {typed_term(confidence, XSD.decimal)} .\n"
    polarity = _POSITIVE if p.polarity.value == "positive" else _NEGATIVE
    yield f"{node} {_POLARITY} {polarity} .\n"
    if p.modality is not None:
        yield f"{node} {_MODALITY} {text_term(p.modality.value)} .\n"
    if p.time:
        yield f"{node} {_TIME} {text_term(p.time)} .\n"
    if p.attributed_to:
        yield f"{node} {_ATTRIBUTED} <{entity_iri(p.attributed_to)}> .\n"
    if p.reported_with:
        yield f"{node} <{KG.reportedWith}> {text_term(p.reported_with)} .\n"


def _quote_lines(quote: ResolvedQuote) -> Iterator[str]:
    node = iri_term(quote_iri(quote.doc_id, quote.start, quote.end))
    yield f"{node} {_A} <{SDO.Quotation}> .\n"
    yield f"{node} <{SDO.text}> {text_term(quote.text)} .\n"
    yield f"{node} {_DERIVED} <{document_iri(quote.doc_id)}> .\n"
    yield f"{node} {_START} {integer_term(quote.start)} .\n"
    yield f"{node} {_END} {integer_term(quote.end)} .\n"
    if quote.speaker_id:
        yield f"{node} <{SDO.creator}> <{entity_iri(quote.speaker_id)}> .\n"


def _corpus_lines(corpus: Corpus) -> Iterator[str]:
    for entity in corpus.entities:
        yield from _entity_lines(entity)
    asserted: dict[str, None] = {}  # insertion-ordered set: a fact said twice is one triple
    for triple in corpus.triples:
        if triple.asserted:
            subject, obj = entity_iri(triple.subject_id), entity_iri(triple.object_id)
            asserted[f"<{subject}> <{relation_iri(triple.predicate)}> <{obj}> .\n"] = None
    for predicate, kind in sorted(relation_kinds(corpus.triples).items()):
        prop = iri_term(relation_iri(predicate))
        yield f"{prop} {_A} <{RDF.Property}> .\n"
        yield f"{prop} {_A} <{KG.Relation}> .\n"
        yield f"{prop} {_LABEL} {text_term(predicate)} .\n"
        if kind is RelationKind.ROLE:
            yield f"{prop} <{RDFS.subPropertyOf}> <{SDO.affiliation}> .\n"
    yield from asserted


def relation_kinds(triples: Iterable[Triple]) -> dict[str, RelationKind]:
    """Return each predicate's kind: the first one read wins (one predicate, one kind)."""
    kinds: dict[str, RelationKind] = {}
    for triple in triples:
        kinds.setdefault(triple.predicate, triple.kind)
    return kinds


def _entity_lines(entity: Entity) -> Iterator[str]:
    node = iri_term(entity_iri(entity.id))
    yield f"{node} {_A} <{entity_class(entity.type)}> .\n"
    yield f"{node} {_LABEL} {text_term(entity.label)} .\n"
    for alt in entity.alt_labels:
        yield f"{node} <{SKOS.altLabel}> {text_term(alt)} .\n"
    if entity.description:
        yield f"{node} <{SDO.description}> {text_term(entity.description)} .\n"
    yield f"{node} <{KG.documentCount}> {integer_term(len(entity.doc_ids))} .\n"
