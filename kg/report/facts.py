"""Report stage, reading half: a kg graph's facts as plain strings, for kg.report.data.

Turning a quad into Python strings is what reading costs (a microsecond or two, a million
times over on a corpus), so a property is read with one pattern scan only when the report
needs it for most of its subjects, and is looked up subject by subject when it needs it for a
few (the central entities, the negated and hedged statements). SPARQL was measured too: on
Oxigraph's in-memory store, its joins cost more per row than the scans they would replace.
Must not import spaCy, pyvis or any build stage.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from operator import attrgetter
from typing import TypeVar

import pyoxigraph as ox
from rdflib import PROV, RDF, RDFS, SDO

from kg.vocab import KG

PREDICATES: dict[str, ox.NamedNode] = {
    k: ox.NamedNode(str(v))
    for k, v in {
        "type": RDF.type, "label": RDFS.label, "pagerank": KG.pageRank, "degree": KG.degree,
        "community": KG.community, "doc_count": KG.documentCount, "mentions": SDO.mentions,
        "path": KG.sourcePath, "name": SDO.name, "headline": SDO.headline,
        "date": SDO.datePublished, "source": PROV.wasDerivedFrom, "polarity": KG.polarity,
        "modality": KG.modality, "start": KG.startChar, "subject": RDF.subject,
        "predicate": RDF.predicate, "object": RDF.object, "evidence": KG.evidence,
        "said_by": KG.attributedTo, "text": SDO.text, "creator": SDO.creator,
    }.items()
}  # fmt: skip

# A triple term has no value: left out, as when the properties are read as pairs.
_MENTIONS = f"""SELECT ?doc (COUNT(DISTINCT ?entity) AS ?n)
WHERE {{ ?doc <{SDO.mentions}> ?entity FILTER(!isTRIPLE(?entity)) }} GROUP BY ?doc"""
_T = TypeVar("_T")
_VALUES: Callable[[ox.Quad], tuple[str, str]] = attrgetter("subject.value", "object.value")
_SUBJECT: Callable[[ox.Quad], str] = attrgetter("subject.value")
_OBJECT: Callable[[ox.Quad], str] = attrgetter("object.value")


def term(value: str) -> ox.NamedNode | ox.BlankNode:
    try:
        return ox.NamedNode(value)
    except ValueError:  # not an IRI: the id of a blank node
        return ox.BlankNode(value)


class Facts:
    """Subject -> object values of the properties the report reads, as plain strings."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._values: dict[str, dict[str, str]] = {}

    def _read(
        self, get: Callable[[ox.Quad], _T], key: str, subject: ox.NamedNode | ox.BlankNode | None
    ) -> list[_T]:
        def quads() -> Iterator[ox.Quad]:
            return self.store.quads_for_pattern(subject, PREDICATES[key], None, None)

        try:  # map and attrgetter run in C: no Python bytecode per quad
            return list(map(get, quads()))
        except AttributeError:  # an RDF 1.2 triple term has no value: left out, as ever
            return list(map(get, (q for q in quads() if not isinstance(q.object, ox.Triple))))

    def pairs(self, key: str) -> list[tuple[str, str]]:
        """Return every (subject, object) of a property, as values."""
        return self._read(_VALUES, key, None)

    def values(self, key: str) -> dict[str, str]:
        """Return subject -> value of a property, read once for all subjects."""
        if key not in self._values:
            pairs = self.pairs(key)
            values = dict(pairs)
            if len(values) < len(pairs):
                # The smallest value, so that a doubled property still renders the same way.
                values = {}
                for s, o in pairs:
                    if s not in values or o < values[s]:
                        values[s] = o
            self._values[key] = values
        return self._values[key]

    def one(self, key: str, subject: str, default: str = "") -> str:
        return self.values(key).get(subject, default)

    def lookup(self, subject: str, keys: Iterable[str]) -> list[str]:
        """Return one(key, subject) for each key, without reading the keys for every subject."""
        node = term(subject)
        return [min(self._read(_OBJECT, key, node), default="") for key in keys]

    def mentions(self) -> dict[str, int]:
        """Return how many entities each document mentions."""
        # The engine counts: 100,000 mentions need not become Python strings for 2,000 counts.
        rows = self.store.query(_MENTIONS, use_default_graph_as_union=True)
        assert isinstance(rows, ox.QuerySolutions)
        return {doc.value: int(n.value) for doc, n in rows}

    def mentioning(self, entity: str) -> int:
        """Return how many documents mention `entity`."""
        quads = self.store.quads_for_pattern(None, PREDICATES["mentions"], term(entity), None)
        return len(set(map(_SUBJECT, quads)))

    def subjects_of(self, key: str, obj: str) -> list[str]:
        """Return each subject whose property `key` is the IRI `obj` once, in no given order."""
        quads = self.store.quads_for_pattern(None, PREDICATES[key], ox.NamedNode(obj), None)
        return list(dict.fromkeys(map(_SUBJECT, quads)))

    def typed(self, cls: str) -> list[str]:
        return self.subjects_of("type", cls)
