"""Facts only Open IE wants: clauses said or believed, verbs without an object.

Part of the extraction stage: works on spaCy tokens only and must not import rdflib or any later
stage. clauses.py asks for these only with open arguments. "Smith said the plan was final" has a
clause for its object and "He stayed for less than a year" has no object at all; the graph has
no node for a clause or a stay, so it leaves these out. Verbless facts are in clause_nominal.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract.clause_args import find_subjects, is_passive, is_verb
from kg.extract.clause_context import clause_context, verb_label
from kg.extract.polarity import low
from kg.extract.token_table import children_of


def _trimmed(span: Span) -> Span | None:
    """Return the span without punctuation at its edges ("… , 5 boroughs were formed ,")."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].is_punct:
        start += 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    return doc[start:end] if start < end else None


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
        for child in children_of(verb):
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
                for c in children_of(verb)
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
