"""Rule-based, deterministic coreference: pronouns and definite descriptions to names.

No neural model exists here, so the rules are the classic ones: agreement (person vs thing,
singular vs plural), subjects before objects, the nearest sentence first, and a non-name noun
phrase that fits better blocks the link (better no answer than a wrong entity).
Part of the extraction stage; must not import rdflib or any later stage.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from kg.extract.mentions_names import (
    Placed,
    low,
    lowers_of,
    make_mention,
    sentence_numbers,
    tokens_of,
)
from kg.model import Document, Mention, MentionKind

PERSON_PRONOUNS = frozenset({"he", "him", "his", "himself", "she", "her", "hers", "herself"})
THING_PRONOUNS = frozenset({"it", "its", "itself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
RELATIVE_PRONOUNS = frozenset({"which", "who", "whom", "whose", "that"})
THIRD_PERSON = PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS
PRONOUNS = THIRD_PERSON | FIRST_PLURAL
_POSSESSIVE = frozenset({"his", "her", "its", "their", "our"})

_THING_LABELS = frozenset({"ORG", "PRODUCT", "GPE", "FAC", "LOC", "WORK_OF_ART", "LAW", "EVENT"})
_PLURAL_LABELS = frozenset({"ORG", "NORP"})
_LABELS_BY_PRONOUN: dict[str, frozenset[str]] = {
    **{p: frozenset({"PERSON"}) for p in PERSON_PRONOUNS},
    **{p: _THING_LABELS for p in THING_PRONOUNS},
    **{p: _PLURAL_LABELS for p in PLURAL_PRONOUNS},
}

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
_TRIGGERS = frozenset(_LABELS_BY_PRONOUN) | ORG_NOUNS | SPOKES_NOUNS
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "agent"})
_NOUN_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "conj"})
_MAX_SENTENCES_BACK = 2
_DESCRIPTION_SENTENCES_BACK = 3
_PERSON_SENTENCES_BACK = 4


@dataclass(frozen=True, slots=True)
class _Candidate:
    mention: Mention | None  # None: a noun phrase that is no name but may be the referent
    root: int
    sent: int
    subject: bool
    plural: bool
    label: str


def resolve_third_person(
    doc: Doc,
    document: Document,
    names: Sequence[Placed],
    skip: Callable[[int, int], bool],
    banned: Mapping[int, frozenset[Mention]] | None = None,
) -> list[Placed]:
    """Return PRONOUN and DESCRIPTION mentions resolved to the names before them.

    Unresolved pronouns and descriptions are left out: they are never entities.

    Args:
        banned: when given, only these tokens are resolved, each never to the (resolved)
            mentions listed for it: "he" inside Smith's quote is not Smith.
    """
    sent_of = sentence_numbers(doc)
    by_root = {doc[p.start : p.end].root.i: p for p in names}
    candidates = [_candidate(doc, p, sent_of) for p in names]
    candidates += _blockers(doc, by_root, sent_of)
    candidates.sort(key=lambda c: c.root)
    found: list[Placed] = []
    spokes: list[Placed] = []
    all_tokens, lowers = tokens_of(doc), lowers_of(doc)
    # Most words are none of these: test the cheap sets before anything else.
    wanted = sorted(banned) if banned is not None else range(len(all_tokens))
    for i in wanted:
        lower = lowers[i]
        if lower not in _TRIGGERS:
            continue
        tok = all_tokens[i]
        if skip(tok.idx, tok.idx + len(tok)) or tok.i in by_root or _shouted(tok):
            continue
        not_these = banned.get(tok.i, frozenset()) if banned is not None else frozenset()
        target: Mention | None = None
        kind = MentionKind.PRONOUN
        start = end = tok.i
        if lower in _LABELS_BY_PRONOUN and not _pleonastic(tok):
            target = _best(
                tok, candidates, sent_of, _LABELS_BY_PRONOUN[lower], lower, banned=not_these
            )
        elif _is_description(tok, ORG_NOUNS):
            kind, start = MentionKind.DESCRIPTION, _left_edge(tok)
            target = _best(
                tok, candidates, sent_of, frozenset({"ORG"}), "", _DESCRIPTION_SENTENCES_BACK
            )
        elif lower in SPOKES_NOUNS:
            kind, start = MentionKind.DESCRIPTION, _left_edge(tok)
            target = _spokes_org(tok, by_root)
            if target is None and _is_definite(tok) and spokes:
                target = spokes[-1].mention
        if target is None:
            continue
        label = target.resolved().label
        m = make_mention(doc, document, start, end + 1, label, kind, target)
        placed = Placed(m, start, end + 1)
        found.append(placed)
        if kind is MentionKind.DESCRIPTION and target.kind is not MentionKind.DESCRIPTION:
            if lower in SPOKES_NOUNS:
                spokes.append(placed)
    return found


def resolve_first_person(
    doc: Doc, document: Document, quotes: Sequence[tuple[int, int, Mention]]
) -> list[Placed]:
    """Return "we"/"our"/"us" inside quotes, resolved to the speaker's side.

    Args:
        quotes: (start char, end char, who speaks) for each quote; who speaks is the speaker's
            organization when known, else the speaker.
    """
    found: list[Placed] = []
    if not quotes:
        return found
    lowers = lowers_of(doc)
    for tok in tokens_of(doc):
        if lowers[tok.i] not in FIRST_PLURAL or _shouted(tok):
            continue
        for start, end, speaker in quotes:
            if start <= tok.idx < end:
                label = speaker.resolved().label
                m = make_mention(
                    doc, document, tok.i, tok.i + 1, label, MentionKind.PRONOUN, speaker
                )
                found.append(Placed(m, tok.i, tok.i + 1))
                break
    return found


def _shouted(tok: Token) -> bool:
    # "US" is a country and "IT" a trade; a capitalised "We" or "It" is still a pronoun.
    return len(tok.text) > 1 and tok.text.isupper()


def _candidate(doc: Doc, placed: Placed, sent_of: list[int]) -> _Candidate:
    root = doc[placed.start : placed.end].root
    head = root
    # "Microsoft" in "a Microsoft spokesman said" or "Microsoft's chief said" leads the clause.
    while head.dep_ in ("compound", "poss", "appos", "conj") and head.head is not head:
        head = head.head
    # "created by author Pamela Travers": the agent of a passive is its logical subject.
    if head.dep_ == "pobj" and head.head.dep_ == "agent":
        head = head.head
    plural = root.dep_ == "conj" or any(c.dep_ == "conj" for c in root.children)
    return _Candidate(
        placed.mention,
        root.i,
        sent_of[root.i],
        head.dep_ in _SUBJECT_DEPS,
        plural,
        placed.mention.resolved().label,
    )


def _blockers(doc: Doc, by_root: dict[int, Placed], sent_of: list[int]) -> list[_Candidate]:
    out: list[_Candidate] = []
    for tok in tokens_of(doc):
        if tok.i in by_root or tok.dep_ not in _NOUN_DEPS or tok.ent_type:
            continue
        if tok.pos_ not in ("NOUN", "PROPN") and not tok.tag_.startswith("NN"):
            continue
        if _is_description(tok, ORG_NOUNS) or tok.lemma_.lower() in SPOKES_NOUNS:
            continue
        plural = tok.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in tok.children)
        out.append(_Candidate(None, tok.i, sent_of[tok.i], tok.dep_ in _SUBJECT_DEPS, plural, ""))
    return out


def _best(
    pron: Token,
    candidates: Sequence[_Candidate],
    sent_of: list[int],
    labels: frozenset[str],
    lower: str,
    back: int = _MAX_SENTENCES_BACK,
    banned: frozenset[Mention] = frozenset(),
) -> Mention | None:
    here = sent_of[pron.i]
    plural_pron = lower in PLURAL_PRONOUNS
    person = lower in PERSON_PRONOUNS
    if person:
        back = _PERSON_SENTENCES_BACK
    best: tuple[float, _Candidate] | None = None
    people: dict[Mention, int] = {}
    for c in candidates:
        if c.root >= pron.i:
            break
        if c.mention is not None and c.mention.resolved() in banned:
            continue
        if person and c.label == "PERSON" and c.mention is not None:
            person_seen = c.mention.resolved()
            people[person_seen] = people.get(person_seen, 0) + 1
        distance = here - c.sent
        if distance > back or _same_clause(pron, c.root, lower):
            continue
        if c.mention is None:
            # A plain noun phrase competes for "it"/"they" only when its number fits.
            if lower in PERSON_PRONOUNS or not lower or c.plural != plural_pron:
                continue
        elif c.plural and not plural_pron:
            continue
        elif c.label not in labels and not _defined_term(c.mention, lower):
            continue
        score = 2.0 * distance + (0.0 if c.subject else 1.0) + (pron.i - c.root) / 1000.0
        if c.mention is not None and _governs(c.root, pron):
            # "Pamela Travers, who cried when she saw …": the pronoun sits in her own clause.
            score -= 0.5
        if best is None or score < best[0]:
            best = (score, c)
    if best is None and people:
        # A story about one person calls them "she" however long ago it named her.
        ranked = sorted(people.values(), reverse=True)
        if len(ranked) == 1 or ranked[0] > max(1, ranked[1]):
            return max(people, key=lambda m: people[m])
    return best[1].mention if best is not None else None


def _governs(root: int, tok: Token) -> bool:
    return any(a.i == root for a in tok.ancestors)


def _defined_term(mention: Mention, lower: str) -> bool:
    # "facial recognition technology (FRT) … it": an acronym the text defined is a thing.
    return lower in THING_PRONOUNS and mention.kind is MentionKind.ACRONYM


def _same_clause(pron: Token, root: int, lower: str) -> bool:
    # "Microsoft praised it": an object pronoun never means its own clause's subject.
    if lower in _POSSESSIVE or pron.dep_ == "poss":
        return False
    clause = _clause_of(pron)
    return clause.i != pron.i and any(
        child.i == root and child.dep_ in _SUBJECT_DEPS | {"dobj"} for child in clause.children
    )


def _clause_of(tok: Token) -> Token:
    # "Britain plays a big part in it": climb from the pronoun through "in" to "plays".
    head = tok.head
    for _ in range(4):
        if head.tag_.startswith("VB") or head.pos_ in ("VERB", "AUX") or head.head is head:
            return head
        head = head.head
    return head


def _pleonastic(tok: Token) -> bool:
    if low(tok) != "it" or tok.dep_ not in ("nsubj", "nsubjpass", "expl"):
        return tok.dep_ == "expl"
    head = tok.head
    deps = {c.dep_ for c in head.children}
    if head.lemma_ in ("be", "seem", "appear", "matter", "take") and deps & {
        "ccomp",
        "xcomp",
        "csubj",
    }:
        return True
    # "It's also a sign that …", "it is clear that …": the subject is the clause that follows.
    for child in head.children:
        if child.dep_ in ("attr", "acomp") and any(
            g.dep_ in ("ccomp", "acl", "xcomp") for g in child.children
        ):
            return True
    return False


def is_reference(tok: Token) -> bool:
    """Return True for a word that only points back: "the company", "the spokesman".

    Such a word names no concept of its own: unresolved, it is no mention at all.
    """
    lower = low(tok)
    if lower not in ORG_NOUNS and lower not in SPOKES_NOUNS:
        return False
    return _is_description(tok, ORG_NOUNS | SPOKES_NOUNS)


def _is_definite(tok: Token) -> bool:
    return any(c.dep_ == "det" and low(c) == "the" for c in tok.children)


def _is_description(tok: Token, nouns: frozenset[str]) -> bool:
    if low(tok) not in nouns or tok.tag_ in ("NNS", "NNPS") or not _is_definite(tok):
        return False
    for child in tok.children:
        if low(child) in _BLOCKING_MODIFIERS or child.tag_ in ("JJS", "RBS"):
            return False
        if child.dep_ == "prep" and low(child) == "of" or child.dep_ in ("relcl", "acl"):
            return False
        if child.ent_type_ == "ORDINAL":
            return False
    return tok.dep_ not in ("attr", "compound", "appos")


def _left_edge(tok: Token) -> int:
    return min((c.left_edge.i for c in tok.children if c.i < tok.i), default=tok.i)


def _spokes_org(tok: Token, by_root: dict[int, Placed]) -> Mention | None:
    """The organization "a Microsoft spokesman" or "a spokesman for Microsoft" speaks for."""
    for child in tok.children:
        if child.dep_ in ("compound", "poss", "nmod") and child.i in by_root:
            m = by_root[child.i].mention
            if m.resolved().label == "ORG":
                return m
        if child.dep_ == "prep" and low(child) in ("for", "at", "of", "from"):
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.i in by_root:
                    m = by_root[obj.i].mention
                    if m.resolved().label == "ORG":
                        return m
    return None
