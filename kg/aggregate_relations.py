"""Aggregate stage, relations: indexes over predicates and role holdings, materialised as RDF.

What queries about relations would otherwise compute by scanning (docs/data-model.md,
"Materialised aggregates"):

- on each relation, `kg:headWord`: the first word of its label, the lemmatised verb
  ("announce" for "announce to"), so a family of predicates is found through an index;
- `schema:affiliation` beside every plain role triple (each role relation is an
  rdfs:subPropertyOf schema:affiliation): the RDFS entailment, so "someone holding a role in the
  organization" is one lookup instead of a join over every role relation;
- `kg:RoleHolding` nodes: a person (`kg:holder`), a role relation (`kg:role`), the organization
  (`kg:organization`), the documents stating it positively (`kg:documentCount`) and its place by
  that count (`kg:roleRank`), so the roles query reads one page instead of counting and sorting
  every role statement of the graph.

Must not import spaCy or any stage but model, vocab and rdf (how it declares relations).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import SDO
from rdflib.term import Node

from kg.model import Corpus, EntityType, Polarity, RelationKind
from kg.ntriples import integer_term, text_term
from kg.rdf import relation_kinds
from kg.vocab import BASE, KG, entity_iri, relation_iri

__all__ = [
    "NTRIPLES_LITERALS",
    "RDFLIB_LITERALS",
    "Literals",
    "integer_literal",
    "relation_aggregates",
    "relation_terms",
    "role_holding_iri",
]

_Value = TypeVar("_Value")


@dataclass(frozen=True, slots=True)
class Literals(Generic[_Value]):
    """How the aggregates write a value: as an rdflib Literal, or as its N-Triples text.

    Every other term of the aggregates is an IRI (a URIRef), so a writer of N-Triples tells
    the two apart by type, without building a Literal per value only to format it.
    """

    text: Callable[[str], _Value]  # a plain string
    integer: Callable[[int], _Value]  # an xsd:integer


def _text(text: str) -> Literal:
    # A plain string is its own lexical form: normalising it (a cast to and from Python per
    # literal) gives the same Literal, at a third of the cost of building it.
    return Literal(text, normalize=False)


def relation_aggregates(corpus: Corpus) -> Iterator[tuple[URIRef, URIRef, Node]]:
    """Yield head words, affiliation entailments and role holdings, in a deterministic order.

    >>> list(relation_aggregates(Corpus(documents=(), entities=(), triples=())))
    []
    """
    return relation_terms(corpus, RDFLIB_LITERALS)


def relation_terms(
    corpus: Corpus, literals: Literals[_Value]
) -> Iterator[tuple[URIRef, URIRef, URIRef | _Value]]:
    """relation_aggregates, with values written by `literals`."""
    kinds = relation_kinds(corpus.triples)  # as kg/rdf.py declares each relation
    for predicate in sorted(kinds):
        yield relation_iri(predicate), _HEAD_WORD, literals.text(predicate.split()[0])
    roles = {p for p, kind in kinds.items() if kind is RelationKind.ROLE}
    holdings: dict[tuple[str, str, str], set[str]] = {}
    for triple in corpus.triples:
        if triple.predicate in roles and triple.asserted:
            holdings.setdefault((triple.subject_id, triple.predicate, triple.object_id), set())
    for triple in corpus.triples:
        key = (triple.subject_id, triple.predicate, triple.object_id)
        if key in holdings and triple.provenance.polarity is _POSITIVE:
            holdings[key].add(triple.provenance.doc_id)
    for subject, obj in sorted({(s, o) for s, _, o in holdings}):
        yield entity_iri(subject), _AFFILIATION, entity_iri(obj)
    yield from _role_holdings(corpus, holdings, literals)


def _role_holdings(
    corpus: Corpus, holdings: dict[tuple[str, str, str], set[str]], literals: Literals[_Value]
) -> Iterator[tuple[URIRef, URIRef, URIRef | _Value]]:
    entities = {e.id: e for e in corpus.entities}
    people = [
        (key, len(docs))
        for key, docs in holdings.items()
        if entities[key[0]].type is EntityType.PERSON
    ]
    people.sort(
        key=lambda item: (
            -item[1],
            entities[item[0][0]].label,
            entities[item[0][2]].label,
            item[0][1],
            item[0],
        )
    )
    for rank, ((person, role, organization), documents) in enumerate(people, start=1):
        node = role_holding_iri(person, role, organization)
        yield node, _TYPE, _ROLE_HOLDING
        yield node, _HOLDER, entity_iri(person)
        yield node, _ROLE, relation_iri(role)
        yield node, _ORGANIZATION, entity_iri(organization)
        yield node, _DOCUMENT_COUNT, literals.integer(documents)
        yield node, _ROLE_RANK, literals.integer(rank)


# Namespace attribute lookups are Python calls, and so is reading an Enum member from its
# class; these are asked for once per triple.
_POSITIVE = Polarity.POSITIVE
_TYPE, _AFFILIATION, _HEAD_WORD = RDF.type, SDO.affiliation, KG.headWord
_ROLE_HOLDING, _HOLDER, _ROLE, _ORGANIZATION = KG.RoleHolding, KG.holder, KG.role, KG.organization
_DOCUMENT_COUNT, _ROLE_RANK = KG.documentCount, KG.roleRank


@lru_cache(maxsize=1 << 12, typed=True)  # counts and ranks repeat; a Literal costs 10 µs
def integer_literal(value: int) -> Literal:
    """Return an xsd:integer literal (shared: rdflib terms are immutable).

    >>> integer_literal(3) is integer_literal(3)
    True
    """
    return Literal(value, datatype=XSD.integer)


RDFLIB_LITERALS: Literals[Literal] = Literals(_text, integer_literal)
NTRIPLES_LITERALS: Literals[str] = Literals(text_term, integer_term)


def role_holding_iri(person: str, role: str, organization: str) -> URIRef:
    """Return the IRI of the node for a person holding a role in an organization.

    >>> str(role_holding_iri("person/a", "president of", "organization/b"))[:33]
    'https://w3id.org/kg/role-holding/'
    """
    key = f"{person}\x1f{role}\x1f{organization}".encode("utf-8", "surrogatepass")
    return URIRef(f"{BASE}role-holding/{hashlib.sha1(key).hexdigest()[:20]}")
