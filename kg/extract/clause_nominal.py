"""Facts a noun phrase states without a verb: appositions, possessives, places and titles.

Part of the extraction stage: works on spaCy tokens only and must not import rdflib or any later
stage. "Cashel Byron, a world champion prizefighter" says Cashel Byron is a prizefighter,
"King's grandmother" says King has a grandmother, "Tampa, Florida" that Tampa is in Florida.
clauses.py asks for these only with open arguments: the graph reads names in apposition through
the roles extractor and has no node for a grandmother, so it leaves them out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract.clause_args import expand_conjuncts, find_subjects
from kg.extract.clause_phrases import is_value
from kg.extract.polarity import low
from kg.extract.token_table import children_of
from kg.model import RelationKind

_NOMINAL_POS = frozenset({"NOUN", "PROPN"})
# A possessor that is a pronoun says nothing on its own ("its share"); clauses.py keeps it
# only when the pronoun's name is in the same sentence.
PRONOUN_POSSESSORS = frozenset({"PRP$", "WP$"})
HAVE = "has"
IS_A = "is a"
IS_IN = "is in"
# "Henry Wood Hall in Glasgow": a place the noun is in, at or near.
_PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "on"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# "Tampa, Florida": a place in apposition to a place names the larger one.
_REGION_LABELS = frozenset({"GPE", "LOC"})


@dataclass(frozen=True, slots=True)
class NominalFact:
    """A fact read from a noun phrase, still as tokens: subject -predicate-> object."""

    subject: Token
    predicate: str
    object: Token
    kind: RelationKind
    confidence: float


def find_nominal_facts(sent: Span) -> Iterator[NominalFact]:
    """Yield the apposition, possessive, place and title facts of one sentence.

    Args:
        sent: a sentence of a parsed Doc (dependency parse and entities).
    """
    for token in sent:
        if token.pos_ not in _NOMINAL_POS or is_value(token):
            continue
        if token.dep_ == "attr" and token.head.lemma_.lower() == "be":
            yield from _copular_title(token)
        for child in children_of(token):
            if child.dep_ == "appos" and child.pos_ in _NOMINAL_POS and not is_value(child):
                yield from _apposition(token, child)
            elif child.dep_ == "poss" and child.pos_ in _NOMINAL_POS | {"PRON"}:
                if child.pos_ != "PRON" or child.tag_ in PRONOUN_POSSESSORS:
                    yield NominalFact(child, HAVE, token, RelationKind.ACTION, 0.2)
            elif (
                child.dep_ == "prep"
                and low(child) in _PLACE_PREPOSITIONS
                and token.ent_type_ not in ("DATE", "TIME")
            ):
                for place in children_of(child):
                    if place.dep_ == "pobj" and place.ent_type_ in _PLACE_LABELS:
                        yield NominalFact(
                            token, f"is {low(child)}", place, RelationKind.ACTION, 0.2
                        )
            elif _describes_name(token, child):
                # "Undercover cop Muscles", "carmaker Nanjing Auto": the name is a cop, a carmaker.
                yield NominalFact(token, IS_A, child, RelationKind.TYPE, 0.45)


def _is_name(token: Token) -> bool:
    return token.pos_ == "PROPN" or (bool(token.ent_type_) and not is_value(token))


def _apposition(head: Token, appos: Token) -> Iterator[NominalFact]:
    """ "Cashel Byron, a prizefighter" and "the doctor, Erasistratus": the name is the subject.

    "Mark and Marisa, the presenters": an apposition after the last of coordinated names
    describes each of them. "Tampa, Florida": a place is in the region after it.
    """
    if head.ent_type_ in _REGION_LABELS and appos.ent_type_ in _REGION_LABELS:
        yield NominalFact(head, IS_IN, appos, RelationKind.ACTION, 0.5)
        return
    if not _is_name(head) and _is_name(appos):
        yield NominalFact(appos, IS_A, head, RelationKind.TYPE, 0.6)
        yield from _title_of(appos, head)
        return
    names = expand_conjuncts(head)
    if names[-1].i > appos.i:
        names = (head,)
    for name in names:
        yield NominalFact(name, IS_A, appos, RelationKind.TYPE, 0.65)
        yield from _title_of(name, appos)


def _copular_title(title: Token) -> Iterator[NominalFact]:
    """ "Smith is the president of Microsoft": Smith is president of Microsoft."""
    subjects = find_subjects(title.head)
    for subject in subjects.heads if subjects is not None else ():
        yield from _title_of(subject, title)


_TITLE_WORDS = frozenset({"compound", "amod"})


def _title_of(name: Token, title: Token) -> Iterator[NominalFact]:
    """ "Brad Smith, president of Microsoft", "Microsoft's president, Brad Smith": Smith is
    president of Microsoft."""
    if title.pos_ != "NOUN" or title.ent_type_:
        return
    owners = [c for c in children_of(title) if c.dep_ == "poss" and _is_name(c)]
    owners += [
        pobj
        for prep in children_of(title)
        if prep.dep_ == "prep" and low(prep) == "of"
        for pobj in children_of(prep)
        if pobj.dep_ == "pobj" and _is_name(pobj) and not is_value(pobj)
    ]
    # "chief executive", "biggest oil firm": the modifiers right before the noun name the title.
    start = title.i
    while (
        start > 0
        and title.doc[start - 1].head == title
        and title.doc[start - 1].dep_ in _TITLE_WORDS
    ):
        start -= 1
    words = [t.text for t in title.doc[start : title.i + 1]]
    for owner in owners:
        predicate = f"is {' '.join(words)} of"
        if is_title_predicate(predicate):
            yield NominalFact(name, predicate, owner, RelationKind.ACTION, 0.55)


def is_nominal_predicate(predicate: str) -> bool:
    """Return True for the predicates of nominal facts, whose words the sentence lacks.

    >>> is_nominal_predicate("is in"), is_nominal_predicate("sell")
    (True, False)
    """
    return predicate in (HAVE, IS_A) or predicate.startswith("is ")


def is_title_predicate(predicate: str) -> bool:
    """Return True for "is president of": a title no verb of the sentence states.

    >>> is_title_predicate("is president of"), is_title_predicate("is in")
    (True, False)
    """
    return predicate.startswith("is ") and predicate.endswith(" of") and predicate.count(" ") >= 2


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
