"""Relation -> OpenIE tuple: which tokens of the sentence fill each slot.

CaRB and BenchIE compare whitespace tokens, so every slot is written with the line's own
tokens: arguments are the mentions' words grown to their noun phrase, the relation is the
predicate's words as they stand (auxiliaries, negation and particles included), and the
verb's other phrases (time, place, manner) follow as further arguments, as CaRB's gold does.
Part of the extraction stage's Open IE view (openie.py): no Doc or Span leaves it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from kg.evaluate.tuples import SystemTuple
from kg.extract.clause_nominal import is_nominal_predicate, is_title_predicate
from kg.extract.openie_phrases import (
    agrees,
    inner_adverb,
    matrix_verbs,
    nominal_path,
    passive_agent,
    with_premodifiers,
    with_quotes,
)
from kg.extract.token_table import children_of
from kg.model import Mention, MentionKind, Relation, RelationKind
from kg.nlp import ORIGINAL_TOKENS_KEY

log = logging.getLogger(__name__)

# CaRB's gold relations carry auxiliaries, negation and particles ("did n't know",
# "was not disbanded", "has instituted", "made up of"), so they join the relation slot.
_VERB_DEPENDENTS = frozenset({"aux", "auxpass", "neg", "prt"})


@dataclass(frozen=True, slots=True)
class Surface:
    """How each token of a parsed line is written back: its text and whether a space follows."""

    tokens: tuple[str, ...]
    spaces: tuple[bool, ...]

    def render(self, indices: Iterable[int]) -> str:
        ordered = sorted(set(indices))
        out: list[str] = []
        for position, i in enumerate(ordered):
            out.append(self.tokens[i])
            is_last = position == len(ordered) - 1
            if not is_last and (ordered[position + 1] != i + 1 or self.spaces[i]):
                out.append(" ")
        return "".join(out)


def _span(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")


def _in_sentence(mention: Mention, relation: Relation) -> Mention:
    """Return the name a pronoun stands for when the same sentence holds it, else the mention.

    CaRB's gold writes "Hezbollah launched ... where they killed" as Hezbollah killed: a
    reader of the one sentence knows who "they" are.
    """
    if mention.kind is not MentionKind.PRONOUN or mention.antecedent is None:
        return mention
    named = mention.resolved()
    inside = relation.evidence_start <= named.start and named.end <= relation.evidence_end
    return named if inside and agrees(mention.text, named.label) else mention


def _mention_tokens(doc: Doc, mention: Mention) -> list[int]:
    span = _span(doc, mention.start, mention.end)
    return list(range(span.start, span.end)) if span is not None else []


def _predicate_tokens(
    sentence: Span, words: list[str], taken: set[int], anchor: float
) -> list[int]:
    """Find the sentence tokens that spell the lemmatised predicate, in order, near `anchor`."""

    def fits(i: int, word: str) -> bool:
        token = sentence.doc[i]
        return i not in taken and word in (token.lemma_.lower(), token.lower_, token.norm_)

    best: tuple[int, bool, int, float] | None = None
    best_tokens: list[int] = []
    # A word may be absent from the sentence (an inserted "be", a normalised form): the
    # alignment may start at any word and skips the words it cannot place.
    for w, word in enumerate(words):
        for first in (i for i in range(sentence.start, sentence.end) if fits(i, word)):
            chosen = [first]
            for later in words[w + 1 :]:
                at = next((i for i in range(chosen[-1] + 1, sentence.end) if fits(i, later)), None)
                if at is not None:
                    chosen.append(at)
            # More words matched first, then holding a verb ("Around ..., locals speak": the
            # verb, not the preposition before it), a tighter span, closeness to the arguments.
            verbless = all(sentence.doc[i].pos_ not in ("VERB", "AUX") for i in chosen)
            rank = (-len(chosen), verbless, chosen[-1] - chosen[0], abs(first - anchor))
            if best is None or rank < best:
                best, best_tokens = rank, chosen
    return best_tokens


def _is_verbless(doc: Doc, relation: Relation) -> bool:
    """Return True for a fact one noun phrase states about another: "X, a Y", "X's Y".

    Its relation words are not in the sentence, and an unrelated "is" found there would be wrong.
    """
    if not is_nominal_predicate(relation.predicate) or not doc.has_annotation("DEP"):
        return False
    if is_title_predicate(relation.predicate):
        return True  # "Smith was the president of X": the title is said, "is president of" not
    spans = [_span(doc, m.start, m.end) for m in (relation.subject, relation.object)]
    if spans[0] is None or spans[1] is None:
        return False
    # "Henry Wood Hall in Glasgow", "the abbey's properties", "Brad Smith, president of
    # Microsoft": both in one noun phrase, no verb between them.
    return nominal_path(spans[0].root, spans[1].root)


def _relation_tokens(doc: Doc, relation: Relation, taken: set[int]) -> list[int]:
    if _is_verbless(doc, relation):
        return []
    sentence = _span(doc, relation.evidence_start, relation.evidence_end) or doc[:]
    anchor = sum(taken) / len(taken) if taken else sentence.start
    words = relation.predicate.lower().split()
    if relation.kind is RelationKind.TYPE and words[-1:] in (["a"], ["an"]):
        words = words[:-1]  # "is a": the article belongs to the object, as in CaRB's gold
    words = ["be" if w == "is" else w for w in words]  # a copula is spelled as it stands
    chosen = _predicate_tokens(sentence, words, taken, anchor)
    if not doc.has_annotation("DEP"):
        return chosen
    chosen += matrix_verbs(doc, chosen, taken)
    extra = [
        child.i
        for i in chosen
        if doc[i].pos_ in ("VERB", "AUX")
        for child in children_of(doc[i])
        if child.i not in taken
        and (child.dep_ in _VERB_DEPENDENTS or inner_adverb(child) or _stranded(child))
    ]
    return chosen + extra


_ADJUNCT_DEPS = frozenset({"prep", "npadvmod", "agent", "dative"})


def _stranded(child: Token) -> bool:
    """Return True for the "to" of "are referred to as": a preposition left without its noun."""
    return (
        child.dep_ == "prep"
        and child.i > child.head.i
        and not any(True for _ in children_of(child))
    )


def _main_verb(doc: Doc, rel_tokens: list[int]) -> int | None:
    if not doc.has_annotation("DEP"):
        return None
    verbs = [
        i
        for i in rel_tokens
        if doc[i].pos_ in ("VERB", "AUX") and doc[i].dep_ not in _VERB_DEPENDENTS
    ]
    return max(verbs) if verbs else None


def _adjuncts(doc: Doc, verb: int | None, used: set[int]) -> list[list[int]]:
    if verb is None:
        return []
    found = []
    for child in children_of(doc[verb]):
        if child.dep_ not in _ADJUNCT_DEPS:
            continue
        tokens = list(range(child.left_edge.i, child.right_edge.i + 1))
        if any(i in used for i in tokens):
            continue
        found.append(tokens)
    return found


def _time_tokens(doc: Doc, relation: Relation, taken: set[int]) -> list[int]:
    if not relation.time:
        return []
    at = doc.text.find(relation.time, relation.evidence_start, relation.evidence_end)
    span = _span(doc, at, at + len(relation.time)) if at >= 0 else None
    if span is None or any(t.i in taken for t in span):
        return []
    start = span.start
    root = span.root
    if root.dep_ == "pobj" and root.head.i == start - 1 and start - 1 not in taken:
        start -= 1  # CaRB's gold keeps the preposition: "in 1941", "On 12 July 2006"
    return list(range(start, span.end))


def _surface(doc: Doc) -> Surface:
    tokens = doc.user_data.get(ORIGINAL_TOKENS_KEY)
    if isinstance(tokens, tuple):
        return Surface(tokens, (True,) * len(tokens))  # a pre-tokenized line: spaces between all
    return Surface(tuple(t.text for t in doc), tuple(bool(t.whitespace_) for t in doc))


@dataclass(frozen=True, slots=True)
class PlacedTuple:
    """A tuple with the tokens it was read from, to compare it with its sentence's others."""

    found: SystemTuple
    subject: frozenset[int]
    object: frozenset[int]
    extras: frozenset[int]  # the arguments after the object
    verb: int | None
    direct: bool  # the object is no preposition's


def to_system_tuple(doc: Doc, relation: Relation, sentence: str) -> SystemTuple | None:
    """Turn one Relation into an OpenIE tuple written with the line's own tokens.

    See `place_tuple`; this drops the token positions. Returns None when a mention cannot be
    placed on the tokens.
    """
    placed = place_tuple(doc, relation, sentence)
    return placed.found if placed is not None else None


def place_tuple(doc: Doc, relation: Relation, sentence: str) -> PlacedTuple | None:
    """Turn one Relation into an OpenIE tuple and the token positions of its slots.

    Arguments are the mentions' surface words (a pronoun stays the pronoun), extended to
    their noun phrase's determiners and premodifiers; the time and the verb's other phrases
    follow as further arguments. The relation is the predicate's words as they stand in the
    sentence, with auxiliaries, negation and particles; a role, type or possessive fact with no
    verb gets an inserted "is" or "has", as CaRB's gold does.
    Returns None when a mention cannot be placed on the tokens.
    """
    surface = _surface(doc)
    subject = _mention_tokens(doc, _in_sentence(relation.subject, relation))
    obj = _mention_tokens(doc, _in_sentence(relation.object, relation))
    if not subject or not obj:
        log.debug("%s: mention off the token grid, tuple dropped", sentence)
        return None
    written: list[int] = []
    if _is_verbless(doc, relation):
        # "Nissan 's morale": the possessor is the subject, not part of what it has; "a hall in
        # Glasgow": the place is the object, not part of the subject.
        # A possessive pronoun ("its") is written as its name but leaves the object all the same.
        written = _mention_tokens(doc, relation.subject) or subject
        owner = doc[written[0] : written[-1] + 1].root
        dropped = {t.i for t in owner.subtree}
        if owner.head.dep_ == "prep" and owner.head.head.i in obj:
            dropped.add(owner.head.i)  # "of" goes with its object
        obj = [i for i in obj if i not in dropped] or obj
        place = doc[obj[0] : obj[-1] + 1].root
        if place.head.dep_ == "prep" and place.head.head == owner:
            subject = [i for i in subject if i < place.head.i] or subject
    by, patient = passive_agent(doc, subject, obj)
    if by is not None and patient is not None:
        subject, obj = obj, subject  # the gold keeps the passive: "X was protected by Y"
    elif patient is not None:
        # "X was protected from Z by Y", read as Y protecting from Z: X is what the passive
        # is about; the agent becomes a further phrase of the verb.
        subject, by = [patient], None
    taken = set(subject) | set(obj)
    rel_tokens = _relation_tokens(doc, relation, taken)
    if by is not None and by not in rel_tokens:
        rel_tokens.append(by)
    subject, obj = (
        with_premodifiers(doc, subject, set(rel_tokens) | set(obj)),
        with_premodifiers(doc, obj, set(rel_tokens) | set(subject) | set(written)),
    )
    subject = with_quotes(surface.tokens, subject, set(rel_tokens) | set(obj))
    obj = with_quotes(surface.tokens, obj, set(rel_tokens) | set(subject))
    taken = set(subject) | set(obj)
    rel = surface.render(rel_tokens)
    if relation.kind in (RelationKind.ROLE, RelationKind.TYPE):
        # An apposition states its fact without a verb; the gold inserts a copula.
        if not any(doc[i].pos_ in ("VERB", "AUX") for i in rel_tokens):
            rel = f"is {rel}".strip()
    elif not rel:
        rel = relation.predicate  # words the sentence does not hold: keep the extractor's
    arguments = [surface.render(subject), surface.render(obj)]
    time = _time_tokens(doc, relation, taken | set(rel_tokens))
    if time:
        arguments.append(surface.render(time))
    used = taken | set(rel_tokens) | set(time)
    verb = _main_verb(doc, rel_tokens)
    extras = set(time)
    for extra in _adjuncts(doc, verb, used):
        arguments.append(surface.render(extra))
        used |= set(extra)
        extras |= set(extra)
    # Plain text can hold runs of spaces or newlines inside a slot; scorers split on them.
    slots = [" ".join(slot.split()) for slot in (rel, *arguments)]
    found = SystemTuple(sentence, slots[0], tuple(slots[1:]), relation.confidence)
    root = doc[obj[0] : obj[-1] + 1].root if doc.has_annotation("DEP") else None
    direct = root is None or root.dep_ != "pobj"
    return PlacedTuple(found, frozenset(subject), frozenset(obj), frozenset(extras), verb, direct)
