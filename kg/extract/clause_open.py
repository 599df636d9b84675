"""Facts only Open IE wants: verbless ones, clauses said or believed, verbs without an object.

Part of the extraction stage: works on spaCy tokens only and must not import rdflib or any later
stage. clauses.py asks for these only with open arguments. "Cashel Byron, a world champion
prizefighter" says Cashel Byron is a prizefighter, "King's grandmother" says King has a
grandmother, "Smith said the plan was final" has a clause for its object and "He stayed for less
than a year" has no object at all. The graph reads names in apposition through the roles
extractor and has no node for a clause or a stay, so it leaves these out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract.clause_args import find_subjects, is_passive, is_verb
from kg.extract.clause_context import clause_context, verb_label
from kg.extract.clause_phrases import is_value
from kg.extract.polarity import low
from kg.model import RelationKind

_NOMINAL_POS = frozenset({"NOUN", "PROPN"})
# A possessor that is a pronoun says nothing a reader can use on its own ("its share").
_PRONOUN_TAGS = frozenset({"PRP", "PRP$", "WP$"})
HAVE = "has"
IS_A = "is a"
# "Henry Wood Hall in Glasgow": a place the noun is in, at or near.
_PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "on"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


@dataclass(frozen=True, slots=True)
class NominalFact:
    """A fact read from a noun phrase, still as tokens: subject -predicate-> object."""

    subject: Token
    predicate: str
    object: Token
    kind: RelationKind
    confidence: float


def find_nominal_facts(sent: Span) -> Iterator[NominalFact]:
    """Yield the apposition and possessive facts of one sentence.

    Args:
        sent: a sentence of a parsed Doc (dependency parse and entities).
    """
    for token in sent:
        if token.pos_ not in _NOMINAL_POS or is_value(token):
            continue
        for child in token.children:
            if child.dep_ == "appos" and child.pos_ in _NOMINAL_POS and not is_value(child):
                # "Cashel Byron, a world champion prizefighter": the second phrase classifies.
                yield NominalFact(token, IS_A, child, RelationKind.TYPE, 0.65)
            elif (
                child.dep_ == "poss"
                and child.tag_ not in _PRONOUN_TAGS
                and child.pos_ in _NOMINAL_POS
            ):
                yield NominalFact(child, HAVE, token, RelationKind.ACTION, 0.2)
            elif (
                child.dep_ == "prep"
                and low(child) in _PLACE_PREPOSITIONS
                and token.ent_type_ not in ("DATE", "TIME")
            ):
                for place in child.children:
                    if place.dep_ == "pobj" and place.ent_type_ in _PLACE_LABELS:
                        yield NominalFact(
                            token, f"is {low(child)}", place, RelationKind.ACTION, 0.2
                        )
            elif _describes_name(token, child):
                # "Undercover cop Muscles", "carmaker Nanjing Auto": the name is a cop, a carmaker.
                yield NominalFact(token, IS_A, child, RelationKind.TYPE, 0.45)


def _trimmed(span: Span) -> Span | None:
    """Return the span without punctuation at its edges ("… , 5 boroughs were formed ,")."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].is_punct:
        start += 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    return doc[start:end] if start < end else None


def is_nominal_predicate(predicate: str) -> bool:
    """Return True for the predicates of nominal facts, whose words the sentence lacks.

    >>> is_nominal_predicate("is in"), is_nominal_predicate("sell")
    (True, False)
    """
    return predicate in (HAVE, IS_A) or predicate.startswith("is ")


def _describes_name(name: Token, child: Token) -> bool:
    return (
        name.pos_ == "PROPN"
        and bool(name.ent_type_)
        and child.dep_ == "compound"
        and child.pos_ == "NOUN"
        and not child.ent_type_
        and child.i < name.i
        and child.text.islower()
    )


@dataclass(frozen=True, slots=True)
class PhraseFact:
    """A fact whose object is a phrase no entity stands for, still as tokens.

    "Smith said the plan was final": Smith, "say", "the plan was final"; "He stayed for a
    year": he, "stay", "for a year".
    """

    subject: Token
    predicate: str
    phrase: Span
    verb: Token
    confidence: float


def find_complement_facts(sent: Span) -> Iterator[PhraseFact]:
    """Yield a fact for each verb whose object is a clause: "said (that) the plan was final".

    Args:
        sent: a sentence of a parsed Doc (dependency parse and lemmas).
    """
    doc = sent.doc
    for verb in sent:
        if not is_verb(verb):
            continue
        for child in verb.children:
            # A clause before its verb ("`` ... '' , he said") counts too: it is what was said.
            if child.dep_ != "ccomp":
                continue
            subjects = find_subjects(verb)
            if subjects is None:
                continue
            start = child.left_edge.i
            marks = [low(doc[start])] if doc[start].dep_ == "mark" else []
            if marks:
                start += 1  # CaRB's gold keeps "that" with the verb: "indicated that"
            if start > child.i:
                continue
            said = doc[start : child.right_edge.i + 1]
            predicate = " ".join([verb_label(verb), *marks])
            for subject in subjects.heads:
                yield PhraseFact(subject, predicate, said, verb, 0.7)


# What may stand in for the object of a verb that has none: "stayed for less than a year",
# "soared $ 20.125 a share", "became more common", "was readmitted in 1841".
_BARE_OBJECT_DEPS = frozenset(
    {"prep", "npadvmod", "dobj", "attr", "acomp", "oprd", "advmod", "advcl"}
)


def find_bare_facts(sent: Span, done: set[int]) -> Iterator[PhraseFact]:
    """Yield a fact for each verb with a subject but no clause fact: its first complement.

    Args:
        sent: a sentence of a parsed Doc (dependency parse and lemmas).
        done: indices of the verbs that already head a clause fact.
    """
    doc = sent.doc
    for verb in sent:
        if verb.i in done or not is_verb(verb):
            continue
        # A bare adverb ("is also ...") is a poorer object than any phrase after it, and a
        # preposition the parser left without its noun is none.
        # A phrase before a passive verb serves when none follows: "After the battle, these
        # rebellions were crushed".
        candidates = sorted(
            (
                c
                for c in verb.children
                if c.dep_ in _BARE_OBJECT_DEPS and (c.i > verb.i or is_passive(verb))
            ),
            key=lambda c: (c.i < verb.i, c.dep_ == "advmod" and c.n_lefts + c.n_rights == 0, c.i),
        )
        first = next((c for c in candidates if c.dep_ != "prep" or c.n_rights), None)
        if first is None:
            continue
        subjects = find_subjects(verb)
        if subjects is None or clause_context(verb).skip:
            continue
        phrase = _trimmed(doc[first.left_edge.i : first.right_edge.i + 1])
        if phrase is None:
            continue
        for subject in subjects.heads:
            yield PhraseFact(subject, verb_label(verb), phrase, verb, 0.4)
