"""Classes names belong to: "technology companies like Amazon", "US insurer Marsh".

Hyponym lists ("firms such as Amazon", "Amazon, IBM and other firms") and class nouns set
before an organization's name ("budget airline Ryanair", "business lobby group the CBI")
give TYPE relations. Used by kg/extract/roles_match.py, which holds the ROLE rules.
Part of the extraction stage; must not import rdflib or any later stage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from kg.extract.coref_descriptions import ORG_NOUNS
from kg.extract.mentions_names import Placed, low
from kg.extract.token_table import children_of, indices_with, tokens_of
from kg.model import Mention, MentionKind, Relation, RelationKind

if TYPE_CHECKING:
    from kg.extract.mentions import MentionIndex

EXTRACTOR = "roles"
# Words before a class noun that say which member or how many, not what kind.
_NOT_CLASS = frozenset("other same only main leading top biggest largest many several".split())
_HYPONYM_PREPS = frozenset({"like", "including"})
# Head nouns of a class set before an organization's name: "US insurance broker Marsh".
_ORG_CLASS_HEADS = ORG_NOUNS | frozenset(
    """broker maker carrier watchdog body provider distributor exporter importer producer
    developer giant firm group""".split()
)
_MAX_CLASS_WORDS = 4


def class_before(
    index: MentionIndex, doc: Doc, p: Placed, names: dict[int, Placed]
) -> Relation | None:
    """Read `[PLACE] class noun(s) [the] ORG`: "European plane maker Airbus" is a plane maker."""
    if p.mention.resolved().label != "ORG" or p.start == 0:
        return None
    end = p.start - 1 if low(doc[p.start - 1]) == "the" else p.start
    if end == 0 or low(doc[end - 1]) not in _ORG_CLASS_HEADS or doc[end - 1].tag_ != "NN":
        return None
    start = end - 1
    while start > 0 and end - start < _MAX_CLASS_WORDS and start - 1 not in names:
        word = doc[start - 1]
        if word.tag_ not in ("NN", "JJ", "NNS", "VBG") or not (
            word.text.islower() or word.is_sent_start
        ):
            break
        start -= 1
    concept = index.concept(start, end)
    if concept is None:
        return None
    return relation(index, p, "is a", concept, RelationKind.TYPE, 0.7)


def class_concept(index: MentionIndex, doc: Doc, start: int, end: int) -> Mention | None:
    """Return the class a phrase names: "the country's other largest mortgage firm" and
    "seven Lee films" name "mortgage firm" and "Lee films"."""
    for i in range(end - 2, start - 1, -1):
        if doc[i].tag_ == "POS":
            start = i + 1
            break
    while start < end - 1 and (
        doc[start].tag_ in ("JJS", "JJR", "RBS", "CD", "DT", "PRP$", ",")
        or low(doc[start]) in _NOT_CLASS
    ):
        start += 1
    return index.concept(start, end)


def hyponyms(index: MentionIndex, doc: Doc, names: dict[int, Placed]) -> list[Relation]:
    """Each named example of a class is one of its kind.

    "technology companies like Amazon and IBM", "firms such as Amazon", "Amazon, IBM and
    other firms".
    """
    out: list[Relation] = []
    tokens = tokens_of(doc)
    for tok in (tokens[i] for i in indices_with(doc, "TAG", ("NNS", "NNPS"))):
        if tok.i in names:
            continue
        members: list[Token] = []
        for prep in children_of(tok):
            such_as = low(prep) == "as" and any(low(c) == "such" for c in children_of(prep))
            if prep.dep_ == "prep" and (low(prep) in _HYPONYM_PREPS or such_as):
                for obj in children_of(prep):
                    if obj.dep_ == "pobj":
                        members += [obj, *obj.conjuncts]
        if tok.dep_ == "conj" and any(low(c) == "other" for c in children_of(tok)):
            members += [t for t in tok.conjuncts if t.i < tok.i]
        if not members:
            continue
        phrase = index.for_token(tok)
        if phrase is None or phrase.kind is not MentionKind.CONCEPT:
            continue
        first = doc.char_span(phrase.start, phrase.end, alignment_mode="expand")
        concept = class_concept(index, doc, first.start, first.end) if first else phrase
        if concept is None:
            continue
        for member in members:
            placed = names.get(member.i)
            if placed is not None and not index.in_furniture(member):
                out.append(relation(index, placed, "is a", concept, RelationKind.TYPE, 0.7))
    return out


def relation(
    index: MentionIndex,
    subject: Placed,
    predicate: str,
    obj: Placed | Mention,
    kind: RelationKind,
    confidence: float,
) -> Relation:
    start, end = index.sentence_bounds(index.doc[subject.start])
    target = obj.mention if isinstance(obj, Placed) else obj
    return Relation(
        subject=subject.mention,
        predicate=predicate,
        object=target,
        extractor=EXTRACTOR,
        evidence_start=start,
        evidence_end=end,
        confidence=confidence,
        kind=kind,
    )
