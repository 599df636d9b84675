"""Definite descriptions: "the company", "the party", "a Microsoft spokesman".

Which nouns point back at an organization, which names each may point at, and which
organization a spokesman speaks for. Used by kg/extract/coref.py.
Part of the extraction stage; must not import rdflib or any later stage.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from kg.extract.mentions_names import Placed, low
from kg.extract.token_table import children_of
from kg.model import Mention

# Head nouns of definite descriptions that stand for an organization named nearby.
ORG_NOUNS = frozenset(
    """company firm group giant corporation business carmaker automaker bank retailer airline
    manufacturer operator publisher broadcaster network organisation organization charity
    club agency regulator union chain conglomerate startup start-up insurer lender brewer
    supermarket studio label newspaper paper website site party outfit multinational""".split()
)
# People who speak for an organization: "a Microsoft spokesman" speaks as Microsoft.
SPOKES_NOUNS = frozenset(
    "spokesman spokeswoman spokesperson representative official spokespeople".split()
)
# Modifiers that make "the first company" or "the other firm" something else than a back-link.
_BLOCKING_MODIFIERS = frozenset(
    "first second third last other same new another next former rival parent whole".split()
)
PARTY_LABELS = frozenset({"ORG", "NORP"})
_PARTY = re.compile(
    r"\b(?:party|labour|conservatives?|tor(?:y|ies)|liberal democrats?|lib dems?|ukip|snp|plaid"
    r"|bnp|greens?|democrats?|republicans?|sinn f[eé]in|dup|uup|likud|fianna f[aá]il|cdu|spd)\b",
    re.IGNORECASE,
)
_COMMERCIAL_NOUNS = frozenset(
    """company firm business carmaker automaker bank retailer airline manufacturer operator
    publisher broadcaster insurer lender brewer supermarket studio label chain conglomerate
    startup start-up multinational giant corporation outfit""".split()
)
_PUBLIC_BODIES = frozenset(
    """congress parliament senate commons assembly council government ministry department
    court police army commission foundation union institute association university federation
    society trust committee office agency authority board""".split()
)


def fits_description(noun: str, mention: Mention) -> bool:
    """Return True when a name can be "the party", "the airline", …: their kinds differ."""
    name = mention.resolved()
    if noun == "party":
        return name.label == "NORP" or _PARTY.search(name.text) is not None
    if noun in _COMMERCIAL_NOUNS:
        # "the airline" is no Congress, foundation or union.
        return name.text.split()[-1].lower() not in _PUBLIC_BODIES
    return True


def is_reference(tok: Token) -> bool:
    """Return True for a word that only points back: "the company", "the spokesman".

    Such a word names no concept of its own: unresolved, it is no mention at all.
    """
    lower = low(tok)
    if lower not in ORG_NOUNS and lower not in SPOKES_NOUNS:
        return False
    return is_description(tok, ORG_NOUNS | SPOKES_NOUNS)


def is_definite(tok: Token) -> bool:
    """Return True when a noun has "the" as its determiner."""
    return any(c.dep_ == "det" and low(c) == "the" for c in children_of(tok))


def is_description(tok: Token, nouns: frozenset[str]) -> bool:
    """Return True for "the company": a definite, singular noun of `nouns` that points back.

    "the first company", "the company of actors" and "IBM was the company that …" say
    something new instead, so they are not descriptions.
    """
    lower = low(tok)
    if lower not in nouns or tok.tag_ in ("NNS", "NNPS") or not is_definite(tok):
        return False
    for child in children_of(tok):
        if low(child) in _BLOCKING_MODIFIERS or child.tag_ in ("JJS", "RBS"):
            return False
        if child.dep_ == "prep" and low(child) == "of" or child.dep_ in ("relcl", "acl"):
            return False
        if child.ent_type_ == "ORDINAL":
            return False
        # "the music business" is a trade, not a company named before.
        if lower == "business" and child.dep_ in ("compound", "amod"):
            return False
    return tok.dep_ not in ("attr", "compound", "appos")


def left_edge(tok: Token) -> int:
    """Return the first token index of a noun's left modifiers ("the" of "the company")."""
    return min((c.left_edge.i for c in children_of(tok) if c.i < tok.i), default=tok.i)


def spokes_org(tok: Token, by_root: dict[int, Placed]) -> Mention | None:
    """The organization "a Microsoft spokesman" or "a spokesman for Microsoft" speaks for."""
    for child in children_of(tok):
        if child.dep_ in ("compound", "poss", "nmod") and child.i in by_root:
            m = by_root[child.i].mention
            if m.resolved().label == "ORG":
                return m
        if child.dep_ == "prep" and low(child) in ("for", "at", "of", "from"):
            for obj in children_of(child):
                if obj.dep_ == "pobj" and obj.i in by_root:
                    m = by_root[obj.i].mention
                    if m.resolved().label == "ORG":
                        return m
    return None
