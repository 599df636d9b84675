"""Concepts: the noun phrases that name no entity ("facial recognition software").

Which words can head a concept, how far a phrase reaches, and which leading words are no
part of its name. Used by the MentionIndex (kg/extract/mentions.py).
Part of the extraction stage; must not import rdflib or any later stage.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from kg.extract.coref import PRONOUNS, RELATIVE_PRONOUNS
from kg.extract.coref_descriptions import is_reference
from kg.extract.mentions_names import VALUE_LABELS, is_blank, is_mark, low
from kg.extract.token_table import children_of

# Words that open a noun phrase but are no part of the concept it names.
DETERMINERS = frozenset(
    """the a an this that these those its their his her our my your whose such
    some any every each no other many several various both""".split()
)
# Modifiers that belong to a concept's name ("facial recognition software").
PHRASE_DEPS = frozenset({"compound", "amod", "nmod", "nummod", "quantmod", "npadvmod", "det"})
# Words that head a phrase yet name nothing a graph could hold.
NOT_CONCEPTS = frozenset(
    """one ones other others someone something anyone anything everyone everything nothing
    none all both each this that these those i you me myself yourself who what which""".split()
)


def is_nominal(token: Token) -> bool:
    """Return True when a token can head a noun phrase (hand-built untagged Docs: always)."""
    if not token.tag_ and not token.pos_:
        return True
    return (
        token.tag_.startswith(("NN", "FW", "WP", "WDT", "PRP"))
        or token.pos_ in ("NOUN", "PROPN", "PRON")
        or token.tag_ == "DT"
        and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
    )


def names_nothing(token: Token) -> bool:
    """Return True when a phrase headed by `token` can be no concept.

    Verbs, values (dates, money, …), pronouns, "others", punctuation and words that only
    point back ("the company") name no concept; pronouns and descriptions are resolved, or
    nothing, elsewhere.
    """
    lower = low(token)
    return (
        not is_nominal(token)
        or token.ent_type_ in VALUE_LABELS
        or lower in PRONOUNS
        or (lower in NOT_CONCEPTS and lower not in RELATIVE_PRONOUNS)
        or is_mark(token)
        or is_blank(token)
        or is_reference(token)
    )


def phrase_start(token: Token) -> int:
    """Return where the noun phrase headed by `token` starts: its leftmost modifier."""
    start: int = min(
        (c.left_edge.i for c in children_of(token) if c.i < token.i and c.dep_ in PHRASE_DEPS),
        default=token.i,
    )
    doc = token.doc
    # A gap (a possessor or a clause between modifiers) would make a phrase the text lacks.
    while start < token.i and any(doc[i].dep_ in ("poss", "case") for i in range(start, token.i)):
        start += 1
    # A verb parsed as a modifier ("interview covering issues") ends the phrase before it.
    for i in range(token.i - 1, start - 1, -1):
        if doc[i].tag_.startswith("VB") and doc[i].dep_ != "amod":
            return i + 1
    return start


def concept_bounds(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Return tokens start:end without leading determiners and surrounding punctuation."""
    while start < end and (
        low(doc[start]) in DETERMINERS or is_mark(doc[start]) or is_blank(doc[start])
    ):
        start += 1
    while end > start and (is_mark(doc[end - 1]) or is_blank(doc[end - 1])):
        end -= 1
    return (start, end) if start < end else None


def relative_noun(token: Token) -> Token | None:
    """Return the noun a relative pronoun stands for: "companies" for "which" in
    "These companies, which restrict …"; None when `token` opens no relative clause.
    """
    if low(token) not in RELATIVE_PRONOUNS or token.dep_ == "mark":
        return None
    clause = token.head
    while clause.dep_ not in ("relcl", "acl") and clause.head is not clause:
        if clause.dep_ in ("ROOT", "ccomp"):
            return None
        clause = clause.head
    if clause.dep_ not in ("relcl", "acl") or clause.head.i == token.i:
        return None
    return clause.head
