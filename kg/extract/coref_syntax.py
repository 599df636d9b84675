"""Syntax tests coreference needs: clause membership, dummy "it", shouted acronyms.

Used by kg/extract/coref.py. Part of the extraction stage; must not import rdflib or any later
stage.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.mentions_names import low
from kg.extract.token_table import children_of

_POSSESSIVE = frozenset({"his", "her", "its", "their", "our"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "agent"})


def governs(root: int, tok: Token) -> bool:
    """Return True when token `root` is an ancestor of `tok` in the parse."""
    return any(a.i == root for a in tok.ancestors)


def same_clause(pron: Token, root: int, lower: str) -> bool:
    """Return True when token `root` is subject or object of the pronoun's own clause.

    "Microsoft praised it": a non-possessive pronoun never means its own clause's subject.
    """
    if lower in _POSSESSIVE or pron.dep_ == "poss":
        return False
    clause = clause_of(pron)
    return clause.i != pron.i and any(
        child.i == root and child.dep_ in SUBJECT_DEPS | {"dobj"} for child in children_of(clause)
    )


def clause_of(tok: Token) -> Token:
    """Return the verb a token belongs to: "plays" for "it" in "plays a big part in it"."""
    head = tok.head
    for _ in range(4):
        if head.tag_.startswith("VB") or head.pos_ in ("VERB", "AUX") or head.head is head:
            return head
        head = head.head
    return head


def pleonastic(tok: Token) -> bool:
    """Return True for an "it" that refers to nothing: "it is clear that …"."""
    if low(tok) != "it" or tok.dep_ not in ("nsubj", "nsubjpass", "expl"):
        return tok.dep_ == "expl"
    head = tok.head
    deps = {c.dep_ for c in children_of(head)}
    clausal = deps & {"ccomp", "xcomp", "csubj"}
    if head.lemma_ in ("be", "seem", "appear", "matter", "take") and clausal:
        return True
    # "It's also a sign that …", "it is clear that …": the subject is the clause that follows.
    for child in children_of(head):
        if child.dep_ in ("attr", "acomp") and any(
            g.dep_ in ("ccomp", "acl", "xcomp") for g in children_of(child)
        ):
            return True
    return False


def shouted(tok: Token) -> bool:
    """Return True for an all-capitals word: "US" is a country and "IT" a trade."""
    return len(tok.text) > 1 and tok.text.isupper()
