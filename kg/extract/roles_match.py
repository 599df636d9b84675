"""Roles, appositions and hyponyms: who holds which position where, and what a name is.

"Microsoft President Brad Smith", "Evan Greer, deputy director of Fight for the Future" and
"the lawyer for the EFF, Saira Hussain" give ROLE relations; "Fight for the Future, the Digital
Rights Group" and "technology companies like Amazon and IBM" give TYPE relations. The small
parser mis-attaches appositions often, so the rules read the token sequence around the names
found by the MentionIndex rather than trusting `appos` arcs.
Part of the extraction stage; must not import rdflib or any later stage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from kg.extract.coref_descriptions import ORG_NOUNS
from kg.extract.mentions_names import Placed, is_mark, low
from kg.extract.roles_classes import class_before, class_concept, hyponyms, relation
from kg.model import MentionKind, Relation, RelationKind

if TYPE_CHECKING:
    from kg.extract.mentions import MentionIndex

TITLE_NOUNS = frozenset(
    """president chairman chairwoman chair director executive ceo cfo coo cto founder
    co-founder head boss leader minister secretary spokesman spokeswoman spokesperson lawyer
    attorney counsel analyst economist editor manager coach captain owner partner professor
    researcher scientist governor chancellor officer adviser advisor member correspondent
    reporter commissioner ambassador treasurer mp mep senator mayor representative official
    employee engineer developer fellow dean principal producer strategist trustee consultant
    chief vice-president deputy presenter host architect campaigner activist general""".split()
)
_TITLE_MODIFIERS = frozenset(
    """deputy chief executive senior vice managing general former acting interim assistant
    associate principal lead national regional global international technology technical
    financial operating founding joint shadow foreign home prime state""".split()
)
_ROLE_LABELS = frozenset({"ORG", "GPE", "NORP"})
_ROLE_PREPS = frozenset({"of", "for", "at", "with", "from"})
_MAX_TITLE_WORDS = 4


def find_roles(index: MentionIndex) -> list[Relation]:
    """Return the ROLE and TYPE relations of a document, each once."""
    doc = index.doc
    names = {i: p for p in index.placed() for i in range(p.start, p.end) if _is_name(p)}
    starts = {p.start: p for p in names.values()}
    found: dict[tuple[int, int, str], Relation] = {}
    for p in dict.fromkeys(names.values()):
        sent = doc[p.start].sent
        if index.is_furniture(sent):
            continue
        for rel in _roles_around(index, doc, p, names, starts):
            found.setdefault((rel.subject.start, rel.object.start, rel.predicate), rel)
    for rel in hyponyms(index, doc, names):
        found.setdefault((rel.subject.start, rel.object.start, rel.predicate), rel)
    return list(found.values())


def _is_name(p: Placed) -> bool:
    return p.mention.kind in (MentionKind.NAME, MentionKind.ACRONYM)


def _label(p: Placed) -> str:
    return p.mention.resolved().label


def _roles_around(
    index: MentionIndex,
    doc: Doc,
    p: Placed,
    names: dict[int, Placed],
    starts: dict[int, Placed],
) -> list[Relation]:
    out: list[Relation] = []
    if _label(p) == "PERSON":
        # "Microsoft President Brad Smith", "Microsoft's chief executive Satya Nadella"
        title = _title_before(doc, p.start)
        if title is not None:
            org = names.get(title.start - 1)
            if org is None and title.start >= 2 and doc[title.start - 1].tag_ == "POS":
                org = names.get(title.start - 2)
            if org is not None and _label(org) in _ROLE_LABELS:
                out.append(relation(index, p, _words(title) + " of", org, RelationKind.ROLE, 0.85))
        # "Evan Greer, deputy director of Fight for the Future"
        after = _after_comma(doc, p.end)
        if after is not None:
            out.extend(_title_phrase(index, doc, p, after, names, forward=True))
        # "the lawyer for the Electronic Frontier Foundation, Saira Hussain"
        before = _before_comma(doc, p.start)
        if before is not None:
            out.extend(_title_phrase(index, doc, p, before, names, forward=False))
            # "The BBC's correspondent in Jakarta, Rachel Harvey"
            rel = _possessor_title(index, doc, p, before, names)
            if rel is not None:
                out.append(rel)
    else:
        if (after := _after_comma(doc, p.end)) is not None:
            # "Fight for the Future, the Digital Rights Group, …"
            rel = _type_apposition(index, doc, p, after, names)
            if rel is not None:
                out.append(rel)
        # "business lobby group the CBI", "US insurer Marsh"
        rel = class_before(index, doc, p, names)
        if rel is not None:
            out.append(rel)
    return out


def _title_before(doc: Doc, end: int) -> Span | None:
    start = end
    while start > 0 and end - start < _MAX_TITLE_WORDS:
        word = low(doc[start - 1])
        if word in TITLE_NOUNS or (word in _TITLE_MODIFIERS and start < end):
            start -= 1
        else:
            break
    if start == end or low(doc[end - 1]) not in TITLE_NOUNS:
        return None
    return doc[start:end]


def _after_comma(doc: Doc, end: int) -> int | None:
    return end + 1 if end + 1 < len(doc) and doc[end].text == "," else None


def _before_comma(doc: Doc, start: int) -> int | None:
    return start - 1 if start >= 2 and doc[start - 1].text == "," else None


def _title_phrase(
    index: MentionIndex,
    doc: Doc,
    person: Placed,
    at: int,
    names: dict[int, Placed],
    *,
    forward: bool,
) -> list[Relation]:
    """Read `[the] TITLE (of|for|at) [the] ORG` after (forward) or before a person's comma."""
    if forward:
        i = at
        while i < len(doc) and low(doc[i]) in ("the", "a", "an"):
            i += 1
        j = i
        while (
            j < len(doc)
            and j - i < _MAX_TITLE_WORDS
            and (low(doc[j]) in TITLE_NOUNS or low(doc[j]) in _TITLE_MODIFIERS)
        ):
            j += 1
        if j == i or low(doc[j - 1]) not in TITLE_NOUNS or j >= len(doc):
            return []
        title, prep = doc[i:j], doc[j]
        org_at = j + 1
    else:
        # Walk back from the comma over "[the] ORG", the preposition and the title.
        org = names.get(at - 1)
        if org is None:
            return []
        k = org.start
        while k > 0 and low(doc[k - 1]) == "the":
            k -= 1
        if k < 2 or low(doc[k - 1]) not in _ROLE_PREPS:
            return []
        prep = doc[k - 1]
        found = _title_before(doc, k - 1)
        if found is None:
            return []
        title, org_at = found, k
    if low(prep) not in _ROLE_PREPS:
        return []
    while org_at < len(doc) and low(doc[org_at]) == "the":
        org_at += 1
    org = names.get(org_at)
    if org is None or _label(org) not in _ROLE_LABELS:
        return []
    predicate = f"{_words(title)} {low(prep)}"
    return [relation(index, person, predicate, org, RelationKind.ROLE, 0.8)]


def _possessor_title(
    index: MentionIndex, doc: Doc, person: Placed, comma: int, names: dict[int, Placed]
) -> Relation | None:
    """Read `ORG's TITLE [in PLACE], PERSON`: the place says where, the possessor whom for."""
    k = comma
    place = names.get(k - 1)
    if place is not None and _label(place) in ("GPE", "LOC", "FAC") and place.start >= 2:
        if low(doc[place.start - 1]) not in ("in", "at"):
            return None
        k = place.start - 1
    title = _title_before(doc, k)
    if title is None or title.start < 2 or doc[title.start - 1].tag_ != "POS":
        return None
    org = names.get(title.start - 2)
    if org is None or _label(org) not in _ROLE_LABELS:
        return None
    return relation(index, person, _words(title) + " of", org, RelationKind.ROLE, 0.8)


def _type_apposition(
    index: MentionIndex, doc: Doc, p: Placed, at: int, names: dict[int, Placed]
) -> Relation | None:
    """`NAME, the/a … NOUN,` with no verb: the phrase says what the name is."""
    if low(doc[at]) not in ("the", "a", "an"):
        return None
    j = at + 1
    while j < len(doc) and j - at <= 6 and not is_mark(doc[j]):
        if doc[j].pos_ in ("VERB", "AUX", "ADP", "PRON") or doc[j].tag_ in (
            "IN",
            "WDT",
            "VBD",
            "VBZ",
        ):
            return None
        j += 1
    if j == at + 1 or j >= len(doc) or doc[j].text not in (",", ".", ";", "—", "–"):
        return None
    head = doc[j - 1]
    if not head.tag_.startswith("NN") and head.pos_ not in ("NOUN", "PROPN"):
        return None
    # "Microsoft, the Washington Post and IBM" is a list, not a description.
    inner = names.get(at + 1)
    if inner is not None and inner.mention.kind is MentionKind.NAME and not _is_class_noun(head):
        return None
    concept = class_concept(index, doc, at + 1, j)
    if concept is None:
        return None
    return relation(index, p, "is a", concept, RelationKind.TYPE, 0.75)


def _is_class_noun(tok: Token) -> bool:
    return low(tok) in ORG_NOUNS or low(tok) in TITLE_NOUNS


def _words(span: Span) -> str:
    return " ".join(low(t) for t in span)
