"""The build's network: a resolved Corpus -> the multigraph analyze.to_networkx reads from RDF.

A build has the corpus as plain data already; reading the same nodes and edges back from the
store costs a Python object per term (twenty seconds at a million triples) where this costs
one pass over the corpus. tests/unit/test_network.py checks both give the same graph.
Must not import spaCy.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from kg.model import Corpus, Polarity, RelationKind, Triple
from kg.rdf import statement_node, unique_statements
from kg.vocab import document_iri, entity_iri, relation_iri


def network_of(corpus: Corpus) -> nx.MultiDiGraph:
    """Return the corpus as analyze.to_networkx would return its RDF graph.

    >>> network_of(Corpus((), (), ())).number_of_nodes()
    0
    """
    g: nx.MultiDiGraph = nx.MultiDiGraph()
    g.graph["documents"] = dict(
        sorted((str(document_iri(d.id)), d.title or d.id) for d in corpus.documents)
    )
    docs_of: dict[str, set[str]] = defaultdict(set)
    for doc_id, entity_id in corpus.mentions:
        docs_of[str(entity_iri(entity_id))].add(str(document_iri(doc_id)))
    role: dict[str, bool] = {}
    for triple in corpus.triples:  # a predicate's first use decides, as kg/rdf.py declares it
        role.setdefault(triple.predicate, triple.kind is RelationKind.ROLE)
    edges: dict[str, tuple[str, str, str, dict[str, object]]] = {}
    for triple in unique_statements(corpus.triples):
        key = str(statement_node(triple))
        edges[key] = _edge(triple, key, role[triple.predicate], docs_of)
    entities = {str(entity_iri(e.id)): e for e in corpus.entities}
    ends = {e[0] for e in edges.values()} | {e[1] for e in edges.values()}
    for iri in sorted(set(entities) | ends):
        entity = entities.get(iri)
        g.add_node(
            iri,
            label=entity.label if entity else iri.rstrip("/#").rsplit("/", 1)[-1],
            type=entity.type.value if entity else "Thing",
            alt_labels=tuple(sorted(set(entity.alt_labels))) if entity else (),
            documents=tuple(sorted(docs_of.get(iri, ()))),
        )
    g.add_edges_from(edges[key] for key in sorted(edges))
    return g


def _edge(
    triple: Triple, key: str, role: bool, docs_of: dict[str, set[str]]
) -> tuple[str, str, str, dict[str, object]]:
    p = triple.provenance
    subject, obj = str(entity_iri(triple.subject_id)), str(entity_iri(triple.object_id))
    document = str(document_iri(p.doc_id))
    docs_of[subject].add(document)
    docs_of[obj].add(document)
    negative = p.polarity is Polarity.NEGATIVE
    modality = p.modality.value if p.modality is not None else None
    return (
        subject,
        obj,
        key,
        {
            "predicate": str(relation_iri(triple.predicate)),
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
            "attributed_to": str(entity_iri(p.attributed_to)) if p.attributed_to else None,
        },
    )
