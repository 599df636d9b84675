"""Analyze stage: an rdflib Graph in kg's data model -> a networkx MultiDiGraph, and metrics.

The metrics themselves (PageRank, Louvain communities, components) are in kg/metrics.py.

Nodes are entities (keyed by IRI string); every rdf:Statement is its own edge (keyed by the
statement IRI), positive, negated and hedged alike, so the metrics see every fact the text
states. Pure functions, no I/O. Must not import spaCy, pyvis or any kg stage but vocab and store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

import networkx as nx
from oxrdflib import OxigraphStore
from pyoxigraph import NamedNode, Triple
from rdflib import PROV, RDF, RDFS, SDO, SKOS, XSD, Graph, Literal, URIRef

from kg.metrics import communities, components, degrees, pagerank
from kg.model import EntityType
from kg.ntriples import iri_term
from kg.store import oxigraph_of
from kg.vocab import KG

# Class IRI -> EntityType value, in EntityType order: an entity with two classes takes the first.
TYPE_BY_CLASS: dict[str, str] = {
    str(
        SKOS.Concept if t is EntityType.CONCEPT else KG.Group if t is EntityType.GROUP else SDO[t]
    ): (t.value)
    for t in EntityType
}
UNTYPED = "Thing"  # a statement end that is not declared as an entity
_TYPE_RANK = {t: i for i, t in enumerate(TYPE_BY_CLASS.values())}
# The properties to_networkx reads, by IRI string, under short keys.
_KEYS: dict[str, str] = {
    str(k): v
    for k, v in {
        RDF.type: "type", RDFS.label: "label", SKOS.altLabel: "alt", RDF.subject: "subject",
        RDF.predicate: "predicate", RDF.object: "object", PROV.wasDerivedFrom: "document",
        KG.evidence: "evidence", KG.polarity: "polarity", KG.modality: "modality",
        KG.confidence: "confidence", KG.extractor: "extractor", KG.time: "time",
        KG.attributedTo: "attributed_to", RDFS.subPropertyOf: "super", SDO.mentions: "mentions",
        SDO.name: "name",
    }.items()
}  # fmt: skip
_IRI_ONLY = frozenset({"subject", "object"})  # a literal there is a value, not an entity
_STATEMENT, _ARTICLE, _NEGATIVE, _AFFILIATION = (
    str(RDF.Statement), str(SDO.NewsArticle), str(KG.Negative), str(SDO.affiliation)
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class RankedEntity:
    """An entity with its PageRank and degree, for the summary's top list."""

    iri: str
    label: str
    type: str
    pagerank: float
    degree: int


@dataclass(frozen=True, slots=True)
class Community:
    """A Louvain community: its number (as in kg:community) and its members' labels."""

    number: int
    labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GraphSummary:
    """What `kg stats` reports about a graph."""

    entities: int
    entities_by_type: dict[str, int]
    statements: int
    positive: int  # positive and unhedged: also asserted as plain triples
    negative: int  # negated, hedged or not
    hedged: int  # positive but with a modality
    documents: int
    quotes: int
    top_entities: tuple[RankedEntity, ...]
    communities: tuple[Community, ...]  # the largest `top`, numbered as in kg:community
    community_count: int
    components: int


_Index = dict[str, dict[str, list[str]]]


def _pairs(graph: Graph, predicate: str) -> Iterator[tuple[str, str, bool]]:
    # Yield (subject, object, object is an IRI) as plain strings. On Oxigraph, read the engine
    # directly: converting every term to rdflib costs more than the whole rest of the stage.
    if isinstance(graph.store, OxigraphStore):
        for q in oxigraph_of(graph).quads_for_pattern(None, NamedNode(predicate), None, None):
            s, o = q.subject, q.object
            if not isinstance(s, Triple) and not isinstance(o, Triple):  # no RDF-star here
                yield s.value, o.value, type(o) is NamedNode
    else:
        for subj, obj in graph.subject_objects(URIRef(predicate)):
            yield str(subj), str(obj), isinstance(obj, URIRef)


def _index(graph: Graph) -> _Index:
    # One pass per wanted property instead of a lookup per entity and property.
    index: _Index = defaultdict(lambda: defaultdict(list))
    for predicate, key in _KEYS.items():
        iri_only = key in _IRI_ONLY
        for s, o, is_iri in _pairs(graph, predicate):
            if is_iri or not iri_only:
                index[s][key].append(o)
    return index


def _first(values: Sequence[str]) -> str | None:
    # The smallest, so that a graph with two labels for one thing still renders the same way.
    if len(values) == 1:
        return values[0]
    return min(values, default=None)


def _tail(iri: str) -> str:
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or iri


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Return the entities and statements of a kg graph as a directed multigraph.

    Node attributes: label, type (EntityType value or "Thing"), alt_labels and documents (sorted
    tuples of strings; documents are IRIs). Edge attributes: predicate (IRI), label, polarity
    ("positive"/"negative"), modality (str or None), category ("positive"/"negative"/"hedged"),
    role (bool), evidence, document (IRI or None), confidence, extractor, time, attributed_to.
    The graph attribute "documents" maps each document IRI to its name.

    >>> to_networkx(Graph()).number_of_nodes()
    0
    """
    index = _index(graph)
    g: nx.MultiDiGraph = nx.MultiDiGraph()
    g.graph["documents"] = {
        s: _first(props.get("name", ())) or _tail(s)
        for s, props in sorted(index.items())
        if _ARTICLE in props.get("type", ()) or "mentions" in props
    }
    docs_of: dict[str, set[str]] = defaultdict(set)
    for doc in g.graph["documents"]:
        for entity in index[doc].get("mentions", ()):
            docs_of[entity].add(doc)
    edges = _edges(index, docs_of)
    types = _entity_types(index)
    for iri in sorted(set(types) | {e[0] for e in edges} | {e[1] for e in edges}):
        props = index.get(iri, {})
        g.add_node(
            iri,
            label=_first(props.get("label", ())) or _tail(iri),
            type=types.get(iri, UNTYPED),
            alt_labels=tuple(sorted(set(props.get("alt", ())))),
            documents=tuple(sorted(docs_of.get(iri, ()))),
        )
    g.add_edges_from(edges)
    return g


def _entity_types(index: _Index) -> dict[str, str]:
    types = {}
    for s, props in index.items():
        classes = [TYPE_BY_CLASS[c] for c in props.get("type", ()) if c in TYPE_BY_CLASS]
        if classes:
            types[s] = min(classes, key=_TYPE_RANK.__getitem__)
    return types


_Edge = tuple[str, str, str, dict[str, object]]


def _edges(index: _Index, docs_of: dict[str, set[str]]) -> list[_Edge]:
    # One edge per statement, sorted by statement IRI; adds each statement's document to
    # docs_of for both ends.
    edges: list[_Edge] = []
    for st, props in sorted(index.items()):
        if _STATEMENT not in props.get("type", ()):
            continue
        subj, pred, obj = (_first(props.get(k, ())) for k in ("subject", "predicate", "object"))
        if subj is None or obj is None or pred is None:
            continue  # a statement about a literal value is not a link between entities
        pprops = index.get(pred, {})
        negative = _NEGATIVE in props.get("polarity", ())
        modality = _first(props.get("modality", ()))
        confidence = _first(props.get("confidence", ()))
        document = _first(props.get("document", ()))
        if document is not None:
            docs_of[subj].add(document)
            docs_of[obj].add(document)
        edges.append((subj, obj, st, {
            "predicate": pred,
            "label": _first(pprops.get("label", ())) or _tail(pred),
            "polarity": "negative" if negative else "positive",
            "modality": modality,
            "category": "negative" if negative else "hedged" if modality else "positive",
            "role": _AFFILIATION in pprops.get("super", ()),
            "evidence": _first(props.get("evidence", ())) or "",
            "document": document,
            "confidence": float(confidence) if confidence is not None else None,
            "extractor": _first(props.get("extractor", ())),
            "time": _first(props.get("time", ())),
            "attributed_to": _first(props.get("attributed_to", ())),
        }))  # fmt: skip
    return edges


def analytics_triples(graph: Graph) -> list[tuple[URIRef, URIRef, Literal]]:
    """Return kg:degree, kg:pageRank and kg:community triples for every entity, sorted.

    kg:degree counts the statements an entity is subject or object of; kg:pageRank is rounded
    to 6 places; kg:community numbers communities from 0, largest first.

    >>> analytics_triples(Graph())
    []
    """
    out: list[tuple[URIRef, URIRef, Literal]] = []
    for node, community, degree, rank in analytics_rows(to_networkx(graph)):
        iri = URIRef(node)
        out.append((iri, KG.community, Literal(community, datatype=XSD.integer)))
        out.append((iri, KG.degree, Literal(degree, datatype=XSD.integer)))
        out.append((iri, KG.pageRank, Literal(Decimal(rank), datatype=XSD.decimal)))
    return out


def render_analytics(rows: Iterable[tuple[str, int, int, str]]) -> str:
    """Return analytics_rows as N-Triples text, without building a term per value.

    >>> rows = analytics_rows(nx.MultiDiGraph([("https://x/a", "https://x/b")]))
    >>> render_analytics(rows).count("\\n")
    6
    """
    # The terms' forms are written inline (integers and decimals need no escaping): a call
    # per term costs more than the formatting, on three lines per entity.
    return "".join(
        f'<{node}> {_COMMUNITY} "{community}"{_INTEGER} .\n'
        f'<{node}> {_DEGREE} "{degree}"{_INTEGER} .\n'
        f'<{node}> {_PAGE_RANK} "{rank}"{_DECIMAL} .\n'
        for node, community, degree, rank in rows
    )


_COMMUNITY, _DEGREE, _PAGE_RANK = (iri_term(str(t)) for t in (KG.community, KG.degree, KG.pageRank))
_INTEGER, _DECIMAL = f"^^<{XSD.integer}>", f"^^<{XSD.decimal}>"


def analytics_rows(g: nx.MultiDiGraph) -> list[tuple[str, int, int, str]]:
    """Return (entity IRI, community number, degree, PageRank to 6 places), sorted by IRI."""
    ranks = pagerank(g)
    number = {node: i for i, members in enumerate(communities(g)) for node in members}
    degree = degrees(g)
    return [(node, number[node], degree[node], f"{ranks[node]:.6f}") for node in sorted(g.nodes)]


def summarize(graph: Graph, top: int = 10) -> GraphSummary:
    """Return counts, the top entities by PageRank and the largest communities of a graph.

    >>> summarize(Graph()).entities
    0
    """
    g = to_networkx(graph)
    ranks = pagerank(g)
    groups = communities(g)
    by_type: dict[str, int] = defaultdict(int)
    for _, kind in g.nodes(data="type"):
        by_type[kind] += 1
    categories: dict[str, int] = defaultdict(int)
    for _, _, category in g.edges(data="category"):
        categories[category] += 1
    best = sorted(g.nodes, key=lambda n: (-ranks[n], n))[: max(top, 0)]
    label = dict(g.nodes(data="label"))
    return GraphSummary(
        entities=g.number_of_nodes(),
        entities_by_type=dict(sorted(by_type.items())),
        statements=g.number_of_edges(),
        positive=categories["positive"],
        negative=categories["negative"],
        hedged=categories["hedged"],
        documents=len(g.graph["documents"]),
        quotes=len(set(graph.subjects(RDF.type, SDO.Quotation))),
        top_entities=tuple(
            RankedEntity(n, label[n], g.nodes[n]["type"], ranks[n], int(g.degree(n))) for n in best
        ),
        communities=tuple(
            Community(i, tuple(sorted(label[n] for n in members)))
            for i, members in enumerate(groups[: max(top, 0)])
        ),
        community_count=len(groups),
        components=len(components(g)),
    )
