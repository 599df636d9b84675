"""Rule-based, deterministic coreference: pronouns and definite descriptions to names.

No neural model exists here, so the rules are the classic ones: agreement (person vs thing,
singular vs plural), subjects before objects, the nearest sentence first, and a non-name noun
phrase that fits better blocks the link (better no answer than a wrong entity).
Part of the extraction stage; must not import rdflib or any later stage.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from spacy.tokens import Doc, Token

from kg.extract.coref_descriptions import (
    ORG_NOUNS,
    PARTY_LABELS,
    SPOKES_NOUNS,
    fits_description,
    is_definite,
    is_description,
    left_edge,
    spokes_org,
)
from kg.extract.coref_syntax import SUBJECT_DEPS, governs, pleonastic, same_clause, shouted
from kg.extract.mentions_names import (
    Placed,
    low,
    make_mention,
    sentence_numbers,
)
from kg.extract.token_table import children_of, indices_with, lowers_of, tokens_of
from kg.model import Document, Mention, MentionKind

PERSON_PRONOUNS = frozenset({"he", "him", "his", "himself", "she", "her", "hers", "herself"})
THING_PRONOUNS = frozenset({"it", "its", "itself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
RELATIVE_PRONOUNS = frozenset({"which", "who", "whom", "whose", "that"})
THIRD_PERSON = PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS
PRONOUNS = THIRD_PERSON | FIRST_PLURAL

_THING_LABELS = frozenset({"ORG", "PRODUCT", "GPE", "FAC", "LOC", "WORK_OF_ART", "LAW", "EVENT"})
_PLURAL_LABELS = frozenset({"ORG", "NORP"})
_COORDINATED_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_LABELS_BY_PRONOUN: dict[str, frozenset[str]] = {
    **{p: frozenset({"PERSON"}) for p in PERSON_PRONOUNS},
    **{p: _THING_LABELS for p in THING_PRONOUNS},
    **{p: _PLURAL_LABELS for p in PLURAL_PRONOUNS},
}

_TRIGGERS = frozenset(_LABELS_BY_PRONOUN) | ORG_NOUNS | SPOKES_NOUNS
_MODIFIERS = frozenset({"acl", "advcl", "relcl", "amod", "appos"})
_MALE_TITLES = frozenset({"mr", "sir", "lord", "mister"})
_FEMALE_TITLES = frozenset({"mrs", "ms", "miss", "lady", "dame", "madam"})
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
    people = frozenset(
        i for p in names if p.mention.resolved().label == "PERSON" for i in range(p.start, p.end)
    )
    candidates = [_candidate(doc, p, sent_of, people) for p in names]
    candidates += _blockers(doc, by_root, sent_of)
    wrong_sex = _wrong_sex(doc, names)
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
        if skip(tok.idx, tok.idx + len(tok)) or tok.i in by_root or shouted(tok):
            continue
        not_these = banned.get(tok.i, frozenset()) if banned is not None else frozenset()
        target: Mention | None = None
        kind = MentionKind.PRONOUN
        start = end = tok.i
        if lower in _LABELS_BY_PRONOUN and not pleonastic(tok):
            target = _best(
                tok,
                candidates,
                sent_of,
                _LABELS_BY_PRONOUN[lower],
                lower,
                banned=not_these | wrong_sex.get(lower, frozenset()),
            )
        elif is_description(tok, ORG_NOUNS):
            kind, start = MentionKind.DESCRIPTION, left_edge(tok)
            # "the Reuters news agency" is Reuters, whatever came before it.
            target = spokes_org(tok, by_root) or _best(
                tok,
                candidates,
                sent_of,
                PARTY_LABELS if lower == "party" else frozenset({"ORG"}),
                "",
                _DESCRIPTION_SENTENCES_BACK,
                fits=partial(fits_description, lower),
            )
        elif lower in SPOKES_NOUNS:
            kind, start = MentionKind.DESCRIPTION, left_edge(tok)
            target = spokes_org(tok, by_root)
            if target is None and is_definite(tok) and spokes:
                target = spokes[-1].mention
        if target is None:
            continue
        label = target.resolved().label
        m = make_mention(doc, document, start, end + 1, label, kind, target)
        placed = Placed(m, start, end + 1)
        found.append(placed)
        if kind is MentionKind.DESCRIPTION:
            # "The US firm says it …": "it" may point at the description, which is the firm.
            insort(candidates, _candidate(doc, placed, sent_of, people), key=lambda c: c.root)
        if kind is MentionKind.DESCRIPTION and target.kind is not MentionKind.DESCRIPTION:
            if lower in SPOKES_NOUNS:
                spokes.append(placed)
    return found


def _wrong_sex(doc: Doc, names: Sequence[Placed]) -> dict[str, frozenset[Mention]]:
    """Return, per person pronoun, the people it cannot be: "Ms Kelly" is never "he"."""
    men: set[Mention] = set()
    women: set[Mention] = set()
    for p in names:
        if p.start == 0 or p.mention.resolved().label != "PERSON":
            continue
        title = low(doc[p.start - 1]).rstrip(".")
        if title in _MALE_TITLES:
            men.add(p.mention.resolved())
        elif title in _FEMALE_TITLES:
            women.add(p.mention.resolved())
    not_him, not_her = frozenset(women - men), frozenset(men - women)
    return {
        **{w: not_him for w in ("he", "him", "his", "himself")},
        **{w: not_her for w in ("she", "her", "hers", "herself")},
    }


def _candidate(
    doc: Doc, placed: Placed, sent_of: list[int], people: frozenset[int] = frozenset()
) -> _Candidate:
    root = doc[placed.start : placed.end].root
    head = root
    # "Microsoft" in "a Microsoft spokesman said" or "Microsoft's chief said" leads the clause,
    # but "New York" in "New York attorney general Elliot Spitzer sued" does not: a named
    # person does.
    led_by_other = False
    while head.dep_ in ("compound", "poss", "appos", "conj") and head.head is not head:
        head = head.head
        if head.i in people and root.i not in people:
            led_by_other = True
    # "created by author Pamela Travers": the agent of a passive is its logical subject.
    if head.dep_ == "pobj" and head.head.dep_ == "agent":
        verb = head.head.head
        while verb.dep_ == "conj" and verb.head is not verb:
            verb = verb.head
        # An agent inside a modifier ("compiled and sponsored by RBS, the survey …") leads
        # nothing.
        if verb.dep_ not in _MODIFIERS:
            head = head.head
    plural = root.dep_ == "conj" or any(c.dep_ == "conj" for c in children_of(root))
    return _Candidate(
        placed.mention,
        root.i,
        sent_of[root.i],
        head.dep_ in SUBJECT_DEPS and not led_by_other,
        plural,
        placed.mention.resolved().label,
    )


def _blockers(doc: Doc, by_root: dict[int, Placed], sent_of: list[int]) -> list[_Candidate]:
    out: list[_Candidate] = []
    tokens = tokens_of(doc)
    for tok in (tokens[i] for i in indices_with(doc, "DEP", _NOUN_DEPS)):
        if tok.i in by_root or tok.ent_type:
            continue
        if tok.pos_ not in ("NOUN", "PROPN") and not tok.tag_.startswith("NN"):
            continue
        if is_description(tok, ORG_NOUNS) or tok.lemma_.lower() in SPOKES_NOUNS:
            continue
        plural = tok.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in children_of(tok))
        out.append(_Candidate(None, tok.i, sent_of[tok.i], tok.dep_ in SUBJECT_DEPS, plural, ""))
    return out


def _best(
    pron: Token,
    candidates: Sequence[_Candidate],
    sent_of: list[int],
    labels: frozenset[str],
    lower: str,
    back: int = _MAX_SENTENCES_BACK,
    banned: frozenset[Mention] = frozenset(),
    fits: Callable[[Mention], bool] | None = None,
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
        if distance > back:
            continue
        if c.mention is None:
            # A plain noun phrase competes for "it"/"they" only when its number fits.
            if lower in PERSON_PRONOUNS or not lower or c.plural != plural_pron:
                continue
        elif c.plural and not plural_pron:
            continue
        elif c.plural and c.subject and c.label in _COORDINATED_LABELS:
            pass  # "Smith and Jones are … they": people who lead a clause together are "they"
        elif (
            c.label not in labels
            and not _defined_term(c.mention, lower)
            and not (person and _spokesperson(c.mention))
        ):
            continue
        elif fits is not None and not fits(c.mention):
            continue
        # The parse is asked last: most candidates fail the cheap tests above.
        if same_clause(pron, c.root, lower):
            continue
        score = 2.0 * distance + (0.0 if c.subject else 1.0) + (pron.i - c.root) / 1000.0
        if c.mention is not None and governs(c.root, pron):
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


def _spokesperson(mention: Mention) -> bool:
    # "A spokesman for the BPI said … he said": "he" is the spokesman, who speaks as the BPI.
    words = mention.text.lower().split()
    return mention.kind is MentionKind.DESCRIPTION and bool(words) and words[-1] in SPOKES_NOUNS


def _defined_term(mention: Mention, lower: str) -> bool:
    # "facial recognition technology (FRT) … it": an acronym the text defined is a thing.
    return lower in THING_PRONOUNS and mention.kind is MentionKind.ACRONYM
