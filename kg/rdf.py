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

from kg.model import (
    Corpus,
    Document,
    Entity,
    EntityType,
    Modality,
    Polarity,
    RelationKind,
    ResolvedQuote,
    Triple,
)
from kg.ntriples import integer_term, iri_term, text_term, typed_term
from kg.store import NamedGraph, bind_prefixes, graph_from_named_graphs
from kg.vocab import (
    CORPUS_GRAPH,
    KG,
    MintedIris,
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
    terms = _Terms()
    mentioned: dict[str, list[str]] = {}
    for doc_id, entity_id in corpus.mentions:
        mentioned.setdefault(doc_id, []).append(entity_id)
    statements: dict[str, list[tuple[URIRef, Triple]]] = {}
    for node, triple in statement_node.by_node(corpus.triples).items():
        statements.setdefault(triple.provenance.doc_id, []).append((node, triple))
    quotes: dict[str, list[ResolvedQuote]] = {}
    for quote in corpus.quotes:
        quotes.setdefault(quote.doc_id, []).append(quote)
    for document in corpus.documents:
        doc = iri_term(document_iri(document.id))
        parts = [_document_text(document, doc, mentioned.get(document.id, []), terms)]
        for node, triple in statements.get(document.id, []):
            parts.append(_statement_text(node, triple, doc, terms))
        parts.extend(_quote_text(quote, doc, terms) for quote in quotes.get(document.id, []))
        yield str(document_graph_iri(document.id)), "".join(parts)
    yield str(CORPUS_GRAPH), "".join(_corpus_lines(corpus, terms))


# The N-Triples forms of the vocabulary's terms, formatted once: the millions of lines of a
# corpus are written as plain strings (see the module docstring), from the same constants.
_A, _LABEL, _ALT_LABEL = (iri_term(str(t)) for t in (RDF.type, RDFS.label, SKOS.altLabel))
_SUBJECT, _PREDICATE, _OBJECT = (iri_term(str(t)) for t in (RDF.subject, RDF.predicate, RDF.object))
_DERIVED = iri_term(str(PROV.wasDerivedFrom))
_EVIDENCE, _START, _END = (iri_term(str(t)) for t in (KG.evidence, KG.startChar, KG.endChar))
_EXTRACTOR, _CONFIDENCE = iri_term(str(KG.extractor)), iri_term(str(KG.confidence))
_POLARITY, _MODALITY, _TIME = (iri_term(str(t)) for t in (KG.polarity, KG.modality, KG.time))
_ATTRIBUTED, _MENTIONS = iri_term(str(KG.attributedTo)), iri_term(str(SDO.mentions))
_REPORTED_WITH, _DOCUMENT_COUNT = iri_term(str(KG.reportedWith)), iri_term(str(KG.documentCount))
_POSITIVE, _NEGATIVE = iri_term(str(KG.Positive)), iri_term(str(KG.Negative))
_STATEMENT, _PROPERTY, _RELATION = (
    iri_term(str(t)) for t in (RDF.Statement, RDF.Property, KG.Relation)
)
_SUB_PROPERTY, _AFFILIATION = iri_term(str(RDFS.subPropertyOf)), iri_term(str(SDO.affiliation))
_ARTICLE, _NAME, _HEADLINE = (iri_term(str(t)) for t in (SDO.NewsArticle, SDO.name, SDO.headline))
_SOURCE_PATH, _CONTENT_HASH = iri_term(str(KG.sourcePath)), iri_term(str(KG.contentHash))
_URL, _DATE_PUBLISHED = iri_term(str(SDO.url)), iri_term(str(SDO.datePublished))
_QUOTATION, _TEXT, _CREATOR = (iri_term(str(t)) for t in (SDO.Quotation, SDO.text, SDO.creator))
_DESCRIPTION = iri_term(str(SDO.description))
_MODALITIES = {m: text_term(m.value) for m in Modality}
_CLASSES = {t: iri_term(str(entity_class(t))) for t in EntityType}


class _Terms:
    """The IRIs one corpus repeats, each formatted once."""

    def __init__(self) -> None:
        self.entities = MintedIris(entity_iri, iri_term)
        self.relations = MintedIris(relation_iri, iri_term)


@lru_cache(maxsize=1 << 10)  # keyed by the text, not the number: 1 and 1.0 are written apart
def _decimal_term(number: str) -> str:
    # Decimal(str(x)) keeps the digits a person wrote; format "f" never falls back to 1E-7.
    return typed_term(format(Decimal(number), "f"), XSD.decimal)


def _document_text(document: Document, node: str, entity_ids: list[str], terms: _Terms) -> str:
    lines = [
        f"{node} {_A} {_ARTICLE} .\n",
        f"{node} {_NAME} {text_term(document.title or document.id)} .\n",
    ]
    if document.title:
        lines.append(f"{node} {_HEADLINE} {text_term(document.title)} .\n")
    lines.append(f"{node} {_SOURCE_PATH} {text_term(document.source)} .\n")
    if document.sha256:
        lines.append(f"{node} {_CONTENT_HASH} {text_term('sha256:' + document.sha256)} .\n")
    if document.url:
        lines.append(f"{node} {_URL} {typed_term(document.url, XSD.anyURI)} .\n")
    if document.date:
        lines.append(f"{node} {_DATE_PUBLISHED} {_date_term(document.date)} .\n")
    entities = terms.entities
    lines.extend(f"{node} {_MENTIONS} {entities[entity_id]} .\n" for entity_id in entity_ids)
    return "".join(lines)


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
    return list(statement_node.by_node(triples).values())


def _statement_iri(triple: Triple) -> URIRef:
    p = triple.provenance
    return statement_iri(
        p.doc_id, p.start, p.end, triple.subject_id, triple.predicate, triple.object_id,
        p.extractor, p.polarity, p.modality,
    )  # fmt: skip


class _StatementNodes:
    """statement_node: each fact's statement IRI, and a corpus's facts by that IRI, cached.

    The RDF, network, counts and aggregates of a build all ask for both. One object, so that
    statement_node.cache_clear() (kg/outputs.py, once the corpus is gone) frees both caches.
    """

    def __init__(self) -> None:
        self._node = lru_cache(maxsize=1 << 17)(_statement_iri)
        self._last: tuple[tuple[Triple, ...], dict[URIRef, Triple]] | None = None

    def __call__(self, triple: Triple) -> URIRef:
        """Return the IRI of the rdf:Statement that records a fact."""
        return self._node(triple)

    def by_node(self, triples: Iterable[Triple]) -> dict[URIRef, Triple]:
        """Return unique_statements by statement IRI; the caller must not change it."""
        last = self._last  # read once: another thread may replace it meanwhile
        if last is not None and last[0] is triples:
            return last[1]  # the same tuple (immutable) as last time: the same answer
        node_of = self._node
        best: dict[URIRef, Triple] = {}
        for triple in triples:
            node = node_of(triple)
            kept = best.get(node)
            if kept is None or triple.provenance.confidence > kept.provenance.confidence:
                best[node] = triple
        if isinstance(triples, tuple):
            self._last = (triples, best)
        return best

    def cache_clear(self) -> None:
        """Forget every fact seen, so that a finished corpus can be freed."""
        self._node.cache_clear()
        self._last = None


statement_node = _StatementNodes()


def _statement_text(node: URIRef, triple: Triple, doc: str, terms: _Terms) -> str:
    p = triple.provenance
    s = f"<{node}>"
    entities = terms.entities
    polarity = _POSITIVE if p.polarity is Polarity.POSITIVE else _NEGATIVE
    text = (
        f"{s} {_A} {_STATEMENT} .\n"
        f"{s} {_SUBJECT} {entities[triple.subject_id]} .\n"
        f"{s} {_PREDICATE} {terms.relations[triple.predicate]} .\n"
        f"{s} {_OBJECT} {entities[triple.object_id]} .\n"
        f"{s} {_DERIVED} {doc} .\n"
        f"{s} {_EVIDENCE} {text_term(p.evidence)} .\n"
        f"{s} {_START} {integer_term(p.start)} .\n"
        f"{s} {_END} {integer_term(p.end)} .\n"
        f"{s} {_EXTRACTOR} {text_term(p.extractor)} .\n"
        f"{s} {_CONFIDENCE} {_decimal_term(str(p.confidence))} .\n"
        f"{s} {_POLARITY} {polarity} .\n"
    )
    if p.modality is not None:
        text += f"{s} {_MODALITY} {_MODALITIES[p.modality]} .\n"
    if p.time:
        text += f"{s} {_TIME} {text_term(p.time)} .\n"
    if p.attributed_to:
        text += f"{s} {_ATTRIBUTED} {entities[p.attributed_to]} .\n"
    if p.reported_with:
        text += f"{s} {_REPORTED_WITH} {text_term(p.reported_with)} .\n"
    return text


def _quote_text(quote: ResolvedQuote, doc: str, terms: _Terms) -> str:
    node = iri_term(quote_iri(quote.doc_id, quote.start, quote.end))
    text = (
        f"{node} {_A} {_QUOTATION} .\n"
        f"{node} {_TEXT} {text_term(quote.text)} .\n"
        f"{node} {_DERIVED} {doc} .\n"
        f"{node} {_START} {integer_term(quote.start)} .\n"
        f"{node} {_END} {integer_term(quote.end)} .\n"
    )
    if quote.speaker_id:
        text += f"{node} {_CREATOR} {terms.entities[quote.speaker_id]} .\n"
    return text


def _corpus_lines(corpus: Corpus, terms: _Terms) -> Iterator[str]:
    entities, relations = terms.entities, terms.relations
    for entity in corpus.entities:
        yield _entity_text(entity, entities[entity.id])
    asserted: dict[str, None] = {}  # insertion-ordered set: a fact said twice is one triple
    for triple in corpus.triples:
        if triple.asserted:
            subject, obj = entities[triple.subject_id], entities[triple.object_id]
            asserted[f"{subject} {relations[triple.predicate]} {obj} .\n"] = None
    for predicate, kind in sorted(relation_kinds(corpus.triples).items()):
        prop = relations[predicate]
        yield f"{prop} {_A} {_PROPERTY} .\n"
        yield f"{prop} {_A} {_RELATION} .\n"
        yield f"{prop} {_LABEL} {text_term(predicate)} .\n"
        if kind is RelationKind.ROLE:
            yield f"{prop} {_SUB_PROPERTY} {_AFFILIATION} .\n"
    yield from asserted


def relation_kinds(triples: Iterable[Triple]) -> dict[str, RelationKind]:
    """Return each predicate's kind: the first one read wins (one predicate, one kind)."""
    kinds: dict[str, RelationKind] = {}
    for triple in triples:
        kinds.setdefault(triple.predicate, triple.kind)
    return kinds


def _entity_text(entity: Entity, node: str) -> str:
    text = f"{node} {_A} {_CLASSES[entity.type]} .\n{node} {_LABEL} {text_term(entity.label)} .\n"
    for alt in entity.alt_labels:
        text += f"{node} {_ALT_LABEL} {text_term(alt)} .\n"
    if entity.description:
        text += f"{node} {_DESCRIPTION} {text_term(entity.description)} .\n"
    return text + f"{node} {_DOCUMENT_COUNT} {integer_term(len(entity.doc_ids))} .\n"
