"""The build's network: a resolved Corpus -> the multigraph analyze.to_networkx reads from RDF.

A build has the corpus as plain data already; reading the same nodes and edges back from the
store costs a Python object per term (twenty seconds at a million triples) where this costs
one pass over the corpus. tests/unit/test_network.py checks both give the same graph.
Must not import spaCy.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from kg.collector import collector_paused
from kg.model import Corpus, EntityType, Modality, Polarity, RelationKind, Triple
from kg.rdf import relation_kinds, statement_node
from kg.vocab import MintedIris, document_iri, entity_iri, relation_iri


def network_of(corpus: Corpus) -> nx.MultiDiGraph:
    """Return the corpus as analyze.to_networkx would return its RDF graph.

    >>> network_of(Corpus((), (), ())).number_of_nodes()
    0
    """
    with collector_paused():  # a dict per edge and node, and no cycle among them
        return _network_of(corpus)


def _network_of(corpus: Corpus) -> nx.MultiDiGraph:
    # One str per IRI, minted once: str(URIRef) copies, and a fresh copy hashes again in
    # every set and dict it meets; an entity is named by many facts and mentions.
    entity_iris = MintedIris(entity_iri)
    document_iris = MintedIris(document_iri)
    relation_iris = MintedIris(relation_iri)
    g: nx.MultiDiGraph = nx.MultiDiGraph()
    g.graph["documents"] = dict(
        sorted((document_iris[d.id], d.title or d.id) for d in corpus.documents)
    )
    docs_of: dict[str, set[str]] = defaultdict(set)
    for doc_id, entity_id in corpus.mentions:
        docs_of[entity_iris[entity_id]].add(document_iris[doc_id])
    role = {p: kind is _ROLE for p, kind in relation_kinds(corpus.triples).items()}
    edges: dict[str, tuple[str, str, dict[str, object]]] = {}
    for node, triple in statement_node.by_node(corpus.triples).items():
        p = triple.provenance
        subject, obj = entity_iris[triple.subject_id], entity_iris[triple.object_id]
        document = document_iris[p.doc_id]
        docs_of[subject].add(document)
        docs_of[obj].add(document)
        predicate = triple.predicate
        data = _edge_data(triple, relation_iris[predicate], role[predicate], document)
        data["attributed_to"] = entity_iris[p.attributed_to] if p.attributed_to else None
        edges[str(node)] = subject, obj, data
    entities = {entity_iris[e.id]: e for e in corpus.entities}
    ends = {e[0] for e in edges.values()} | {e[1] for e in edges.values()}
    nodes = []
    for iri in sorted(entities.keys() | ends):
        entity = entities.get(iri)
        attributes = {
            "label": entity.label if entity else iri.rstrip("/#").rsplit("/", 1)[-1],
            "type": _TYPES[entity.type] if entity else "Thing",
            "alt_labels": tuple(sorted(set(entity.alt_labels))) if entity else (),
            "documents": tuple(sorted(docs_of.get(iri, ()))),
        }
        nodes.append((iri, attributes))
    g.add_nodes_from(nodes)
    g.add_edges_from(
        (subject, obj, key, data) for key, (subject, obj, data) in sorted(edges.items())
    )
    return g


# Enum's .value is a Python call, and so is reading a member from its class; these are read
# once per node and edge.
_NEGATIVE, _ROLE = Polarity.NEGATIVE, RelationKind.ROLE
_TYPES = {t: t.value for t in EntityType}
_MODALITIES: dict[Modality | None, str | None] = {m: m.value for m in Modality} | {None: None}


def _edge_data(triple: Triple, predicate: str, role: bool, document: str) -> dict[str, object]:
    # In to_networkx's order of keys; the caller adds the last one, attributed_to.
    p = triple.provenance
    negative = p.polarity is _NEGATIVE
    modality = _MODALITIES[p.modality]
    return {
        "predicate": predicate,
        "label": triple.predicate,
        "polarity": "negative" if negative else "positive",
        "modality": modality,
        "category": "negative" if negative else "hedged" if modality else "positive",
        "role": role,
        "evidence": p.evidence,
        "document": document,
        "confidence": p.confidence,
        "extractor": p.extractor,
        "time": p.time or None,
    }
