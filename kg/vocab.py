"""kg's RDF vocabulary: namespaces, prefixes and IRI minting.

The `KG` namespace is closed: a mistyped term raises instead of minting a new IRI. Relation
predicates are an open set read from text, so they live in their own namespace, `REL`.
Must not import spaCy or any stage module.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import quote

from rdflib import PROV, RDF, RDFS, SDO, SKOS, XSD, Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from kg.model import EntityType

BASE = "https://w3id.org/kg/"


class KG(DefinedNamespace):
    """Terms of kg's own ontology (ontology.ttl documents each one)."""

    _NS = Namespace(BASE + "ns#")
    _fail = True

    # statement provenance
    polarity: URIRef
    modality: URIRef
    evidence: URIRef
    startChar: URIRef  # noqa: N815 - RDF properties are lowerCamel
    endChar: URIRef  # noqa: N815
    extractor: URIRef
    confidence: URIRef
    time: URIRef
    attributedTo: URIRef  # noqa: N815
    # polarity values
    Polarity: URIRef
    Positive: URIRef
    Negative: URIRef
    # documents
    contentHash: URIRef  # noqa: N815
    sourcePath: URIRef  # noqa: N815
    # a relation predicate read from text
    Relation: URIRef
    # nationalities, religious and political groups (not organizations)
    Group: URIRef
    # graph analytics, materialised so SPARQL can sort by them
    degree: URIRef
    pageRank: URIRef  # noqa: N815
    community: URIRef
    documentCount: URIRef  # noqa: N815
    # materialised aggregates (kg/aggregate.py): counts queries read instead of computing
    CoMention: URIRef
    member: URIRef
    sharedDocuments: URIRef  # noqa: N815
    statementCount: URIRef  # noqa: N815
    quoteCount: URIRef  # noqa: N815
    entityCount: URIRef  # noqa: N815
    mentionRank: URIRef  # noqa: N815
    centralityRank: URIRef  # noqa: N815
    coMentionRank: URIRef  # noqa: N815
    nameKey: URIRef  # noqa: N815
    namePart: URIRef  # noqa: N815
    headWord: URIRef  # noqa: N815
    reportedWith: URIRef  # noqa: N815
    RoleHolding: URIRef
    holder: URIRef
    role: URIRef
    organization: URIRef
    roleRank: URIRef  # noqa: N815


REL = Namespace(BASE + "rel/")


def type_segment(entity_type: EntityType) -> str:
    """Return the IRI path segment of an entity type: "person", "creative-work".

    >>> type_segment(EntityType.CREATIVE_WORK)
    'creative-work'
    """
    return re.sub(r"(?<!^)(?=[A-Z])", "-", entity_type.value).lower()


PREFIXES: dict[str, str] = {
    "kg": str(KG._NS),
    "rel": str(REL),
    "entity": BASE + "entity/",
    "doc": BASE + "doc/",
    "schema": str(SDO),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "xsd": str(XSD),
    # one prefix per entity type keeps Turtle readable: person:brad-smith
    **{type_segment(t): f"{BASE}entity/{type_segment(t)}/" for t in EntityType},
}

_MAX_SLUG = 80
_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)


def slugify(text: str) -> str:
    """Turn a name into the path segment of an IRI: lowercase words joined by hyphens.

    Letters of every script are kept (percent-encoded in the IRI); anything else separates
    words. A name with no letters or digits, or a very long one, gets a hash so it stays
    unique and short.

    >>> slugify("Microsoft Corp.")
    'microsoft-corp'
    >>> slugify('AT&T "Jabo" O\\'Brien')
    'at-t-jabo-o-brien'
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    slug = _NOT_WORD.sub("-", folded).strip("-_")
    if not slug:
        return "x-" + _digest(text)
    if len(slug) > _MAX_SLUG:
        return slug[:_MAX_SLUG].rstrip("-_") + "-" + _digest(text)
    return slug


def _digest(text: str, size: int = 12) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:size]


def _iri_safe(char: str) -> bool:
    # RFC 3987 allows most non-ASCII characters (ucschar) as they are; keeping them makes
    # person:zürich readable. ASCII is limited to the unreserved set; the rest is escaped.
    code = ord(char)
    if code < 0x80:
        return char.isalnum() or char in "-_.~"
    return (0xA0 <= code <= 0xD7FF or 0xF900 <= code <= 0xFDCF or 0xFDF0 <= code <= 0xFFEF) or (
        0x10000 <= code <= 0xEFFFD and (code & 0xFFFF) < 0xFFFE
    )


_ASCII_SAFE = re.compile(r"[A-Za-z0-9\-_.~]*")


def _segment(text: str) -> str:
    if _ASCII_SAFE.fullmatch(text):  # nearly every slug: no per-character work
        return text
    return "".join(c if _iri_safe(c) else quote(c, safe="") for c in text)


class MintedIris(dict[str, str]):
    """IRIs by id, each minted once, in the form `form` gives them (plain or N-Triples).

    A corpus names an entity in many facts, and minting an IRI costs more than a lookup. One
    table per corpus: a process that builds many corpora (a notebook, a test run) must
    not keep every IRI it ever minted.
    """

    def __init__(self, mint: Callable[[str], URIRef], form: Callable[[str], str] = str) -> None:
        super().__init__()
        self._mint, self._form = mint, form

    def __missing__(self, key: str) -> str:
        found = self[key] = self._form(self._mint(key))
        return found


@lru_cache(maxsize=1 << 18)  # a corpus's entities, each asked for by rdf, network, aggregates
def entity_iri(entity_id: str) -> URIRef:
    """Return the IRI of an entity id "{type}/{slug}".

    >>> entity_iri("organization/microsoft")
    rdflib.term.URIRef('https://w3id.org/kg/entity/organization/microsoft')
    """
    kind, _, slug = entity_id.partition("/")
    return URIRef(f"{BASE}entity/{_segment(kind)}/{_segment(slug)}")


@lru_cache(maxsize=1 << 14)
def document_iri(doc_id: str) -> URIRef:
    """Return the IRI of a document id (its relative path or .jsonl id)."""
    return URIRef(f"{BASE}doc/{_segment(doc_id)}")


@lru_cache(maxsize=1 << 14)
def relation_iri(predicate: str) -> URIRef:
    """Return the property IRI for a plain-words predicate, in lowerCamel case.

    >>> relation_iri("sell to")
    rdflib.term.URIRef('https://w3id.org/kg/rel/sellTo')
    """
    words = [w for w in _NOT_WORD.split(unicodedata.normalize("NFKC", predicate)) if w]
    if not words:
        return REL["x-" + _digest(predicate)]
    name = words[0].lower() + "".join(w[:1].upper() + w[1:].lower() for w in words[1:])
    if len(name) > _MAX_SLUG:
        name = name[:_MAX_SLUG] + "-" + _digest(predicate)
    return REL[_segment(name)]


def statement_iri(*parts: object) -> URIRef:
    """Return a statement IRI hashed from what identifies it (doc id, offsets, predicate, …)."""
    key = "\x1f".join(str(p) for p in parts)
    return URIRef(f"{BASE}statement/{_digest(key, 20)}")


def quote_iri(doc_id: str, start: int, end: int) -> URIRef:
    """Return the IRI of a quotation found at start:end in a document."""
    return URIRef(f"{BASE}quote/{_digest(chr(31).join((doc_id, str(start), str(end))), 20)}")


CORPUS_GRAPH = URIRef(f"{BASE}graph/corpus")
"""The named graph of what the whole corpus says: entities, relations, asserted facts, analytics."""


@lru_cache(maxsize=1 << 14)
def document_graph_iri(doc_id: str) -> URIRef:
    """Return the IRI of the named graph that holds one document's statements and quotes.

    >>> document_graph_iri("business/001.txt")
    rdflib.term.URIRef('https://w3id.org/kg/graph/doc/business%2F001.txt')
    """
    return URIRef(f"{BASE}graph/doc/{_segment(doc_id)}")
