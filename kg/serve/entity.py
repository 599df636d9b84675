"""Serve stage: everything the graph says about one entity, read for its page.

The entity's IRI reaches each query as a substitution (a binding), never pasted into the text.
Must not import spaCy or any build stage.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.vocab import BASE, PREFIXES

__all__ = ["DocumentRef", "EntityView", "Fact", "QuoteRef", "is_entity_iri", "read_entity"]

MAX_FACTS = 500
_ENTITY_BASE = BASE + "entity/"
# Oxigraph substitutes only a projected variable, so each query selects ?entity.

_INFO = """
SELECT ?entity ?p ?o WHERE {
  ?entity ?p ?o .
  FILTER(?p IN (rdf:type, rdfs:label, skos:altLabel, schema:description,
                kg:documentCount, kg:degree, kg:pageRank, kg:community))
}"""
_FACTS = f"""
SELECT ?entity ?s ?sLabel ?relation ?o ?oLabel ?polarity ?modality ?time ?evidence ?doc ?document
       ?speaker ?speakerLabel
WHERE {{
  # Each branch starts from the entity: patterns shared after a UNION would be joined for
  # every statement of the graph (seconds on a large graph) before meeting the entity.
  {{
    ?statement rdf:subject ?entity ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      prov:wasDerivedFrom ?doc .
  }} UNION {{
    ?statement rdf:object ?entity ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      prov:wasDerivedFrom ?doc .
  }}
  OPTIONAL {{ ?statement kg:polarity ?pol }}
  OPTIONAL {{ ?statement kg:evidence ?evidence }}
  OPTIONAL {{ ?statement kg:modality ?modality }}
  OPTIONAL {{ ?statement kg:time ?time }}
  # One pattern per OPTIONAL: Oxigraph then looks each fact up instead of joining every
  # attribution of the graph (seconds on a large graph). rdf:nil, "no speaker", has no label.
  OPTIONAL {{ ?statement kg:attributedTo ?speaker }}
  BIND(COALESCE(?speaker, rdf:nil) AS ?speakerNode)
  OPTIONAL {{ ?speakerNode rdfs:label ?speakerLabel }}
  OPTIONAL {{ ?s rdfs:label ?sLabel }}
  OPTIONAL {{ ?o rdfs:label ?oLabel }}
  OPTIONAL {{ ?p rdfs:label ?pLabel }}
  OPTIONAL {{ ?doc kg:sourcePath ?document }}
  BIND(COALESCE(?pLabel, STR(?p)) AS ?relation)
  BIND(COALESCE(LCASE(STRAFTER(STR(?pol), "#")), "positive") AS ?polarity)
}}
ORDER BY ?document ?evidence ?relation
LIMIT {MAX_FACTS}"""
_QUOTES = """
SELECT ?entity ?text ?doc ?document WHERE {
  ?quote schema:creator ?entity ; schema:text ?text ; prov:wasDerivedFrom ?doc .
  OPTIONAL { ?quote kg:startChar ?start }
  OPTIONAL { ?doc kg:sourcePath ?document }
}
ORDER BY ?document ?start"""
_DOCUMENTS = """
SELECT ?entity ?doc ?document ?headline WHERE {
  ?doc schema:mentions ?entity .
  OPTIONAL { ?doc kg:sourcePath ?document }
  OPTIONAL { ?doc schema:headline ?headline }
}
ORDER BY ?document"""


@dataclass(frozen=True, slots=True)
class Fact:
    """One statement about the entity, as its page shows it."""

    subject_iri: str
    subject: str
    relation: str
    object_iri: str
    object: str
    polarity: str  # "positive" or "negative"
    modality: str | None
    time: str | None
    speaker_iri: str | None
    speaker: str | None
    evidence: str
    document: str


@dataclass(frozen=True, slots=True)
class QuoteRef:
    """Words the entity said, and the document they are from."""

    text: str
    document: str


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """A document that mentions the entity."""

    document: str
    headline: str | None


@dataclass(frozen=True, slots=True)
class EntityView:
    """Everything the entity page shows."""

    iri: str
    label: str
    types: tuple[str, ...]
    alt_labels: tuple[str, ...]
    descriptions: tuple[str, ...]
    metrics: tuple[tuple[str, str], ...]
    facts: tuple[Fact, ...]
    quotes: tuple[QuoteRef, ...]
    documents: tuple[DocumentRef, ...]
    facts_cut: bool  # more than MAX_FACTS facts: the page shows the first ones


def is_entity_iri(iri: str) -> bool:
    """Return True for a kg entity IRI (one that has an entity page).

    >>> is_entity_iri("https://w3id.org/kg/entity/person/brad-smith")
    True
    >>> is_entity_iri("https://w3id.org/kg/doc/a.txt")
    False
    """
    return iri.startswith(_ENTITY_BASE)


def read_entity(store: ox.Store, iri: str) -> EntityView | None:
    """Read what the store holds about the entity `iri`; None when it holds nothing.

    Raises:
        ValueError: iri is not a valid IRI.
    """
    node = ox.NamedNode(iri)
    info = _select(store, _INFO, node)
    facts = [_fact(row) for row in _select(store, _FACTS, node)]
    if not info and not facts:
        return None
    by_property: dict[str, list[str]] = {}
    for row in info:
        by_property.setdefault(_local(row["p"]), []).append(_text(row["o"]))
    labels = sorted(by_property.get("label", []))
    metric_names = ("documentCount", "degree", "pageRank", "community")
    return EntityView(
        iri=iri,
        label=labels[0] if labels else _local_iri(iri),
        types=tuple(sorted(_local_iri(t) for t in by_property.get("type", []))),
        alt_labels=tuple(sorted(set(by_property.get("altLabel", [])))),
        descriptions=tuple(sorted(set(by_property.get("description", [])))),
        metrics=tuple((m, by_property[m][0]) for m in metric_names if m in by_property),
        facts=tuple(facts),
        quotes=tuple(
            QuoteRef(_text(r["text"]), _document(r)) for r in _select(store, _QUOTES, node)
        ),
        documents=tuple(
            DocumentRef(_document(r), _opt(r, "headline")) for r in _select(store, _DOCUMENTS, node)
        ),
        facts_cut=len(facts) >= MAX_FACTS,
    )


def _select(store: ox.Store, query: str, entity: ox.NamedNode) -> list[ox.QuerySolution]:
    solutions = store.query(
        query,
        prefixes=PREFIXES,
        use_default_graph_as_union=True,  # the quads are in named graphs, one per document
        substitutions={ox.Variable("entity"): entity},
    )
    if not isinstance(solutions, ox.QuerySolutions):
        raise TypeError("expected SELECT solutions")
    return list(solutions)


def _fact(row: ox.QuerySolution) -> Fact:
    return Fact(
        subject_iri=_text(row["s"]),
        subject=_opt(row, "sLabel") or _local_iri(_text(row["s"])),
        relation=_text(row["relation"]),
        object_iri=_text(row["o"]),
        object=_opt(row, "oLabel") or _local_iri(_text(row["o"])),
        polarity=_text(row["polarity"]),
        modality=_opt(row, "modality"),
        time=_opt(row, "time"),
        speaker_iri=_opt(row, "speaker"),
        speaker=_opt(row, "speakerLabel"),
        evidence=_opt(row, "evidence") or "",
        document=_document(row),
    )


def _document(row: ox.QuerySolution) -> str:
    return _opt(row, "document") or _text(row["doc"])


def _opt(row: ox.QuerySolution, name: str) -> str | None:
    term = row[name]
    return None if term is None else _text(term)


def _text(term: object) -> str:
    if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode):
        return term.value
    return "" if term is None else str(term)


def _local(term: object) -> str:
    return _local_iri(_text(term))


def _local_iri(iri: str) -> str:
    return iri.rstrip("/#").rsplit("#", 1)[-1].rsplit("/", 1)[-1] or iri
