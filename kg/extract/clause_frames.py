"""Clause frames: ClausIE-style subject-predicate-object facts, still as spaCy tokens.

Part of the extraction stage (clauses.py turns these into Relations); must not import rdflib
or any later stage. Each verb heads a clause; its subjects come from clause_args.py, what it
inherits (negation, modality, speaker, time) from clause_context.py, its objects and
predicate words from clause_objects.py. This module pairs them up, handles the passive voice
("the steps taken by these companies" -> the companies take the steps) and scores each fact.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from kg.extract.clause_args import (
    VERB_POS,
    Subjects,
    SubjectSource,
    agents,
    find_subjects,
    is_passive,
    is_verb,
    relative_subject,
)
from kg.extract.clause_context import Context, clause_context
from kg.extract.clause_objects import ObjectSlot, find_objects, predicate_label
from kg.extract.clause_phrases import (
    argument_bounds,
    argument_span,
    is_question_phrase,
    is_value,
    refine_head,
)
from kg.extract.polarity import has_negative_determiner, low
from kg.extract.token_table import children_of, indices_with, tokens_of
from kg.model import Modality, Polarity, RelationKind

_NAMED_POS = frozenset({"PROPN"})
_VERBS_KEY = "kg.clauses.verbs"
_LONG_ARGUMENT = 6


@dataclass(frozen=True, slots=True)
class Clause:
    """One fact read from a clause, still as tokens of the Doc.

    Attributes:
        subject: head token of the subject phrase.
        predicate: lowercase lemmas without auxiliaries or negation ("sell to").
        object: head token of the object phrase.
        verb: the verb (or copula) that heads the clause.
        context: negation, modality, time and speaker inherited by the clause.
        confidence: how sure the pattern is, in [0, 1].
        kind: an action, or a type statement for copulas ("is a").
        negated_argument: "sold no software": an argument's determiner denies the fact.
    """

    subject: Token
    predicate: str
    object: Token
    verb: Token
    context: Context
    confidence: float
    kind: RelationKind = RelationKind.ACTION
    negated_argument: bool = False

    @property
    def polarity(self) -> Polarity:
        """Return NEGATIVE when the clause or one of its arguments denies the fact."""
        denied = self.context.negated != self.negated_argument
        return Polarity.NEGATIVE if denied else Polarity.POSITIVE

    @property
    def modality(self) -> Modality | None:
        """Return the clause's modality; a reported clause without a modal is REPORTED."""
        if self.context.modality is not None:
            return self.context.modality
        return Modality.REPORTED if self.context.reported else None

    def subject_span(self) -> Span:
        """Return the subject's words, for OpenIE output."""
        return argument_span(self.subject)

    def object_span(self) -> Span:
        """Return the object's words, for OpenIE output."""
        return argument_span(self.object)


def find_clauses(sent: Span) -> Iterator[Clause]:
    """Yield the facts stated by the clauses of one sentence.

    Args:
        sent: a sentence of a parsed Doc (dependency parse, lemmas and entities).
    """
    doc = sent.doc
    verbs = _verb_indices(doc)  # in document order: the sentence's verbs are one slice of it
    for i in verbs[bisect_left(verbs, sent.start) : bisect_left(verbs, sent.end)]:
        yield from _verb_clauses(doc[i])


def _verb_indices(doc: Doc) -> list[int]:
    """Return the indices of the Doc's clause heads, found once per Doc."""
    found = doc.user_data.get(_VERBS_KEY)
    if not isinstance(found, list):
        # Only a verb, an auxiliary or an untagged word can head a clause: is_verb decides
        # on those few, not on every token.
        tokens = tokens_of(doc)
        candidates = indices_with(doc, "POS", (*VERB_POS, ""))
        found = doc.user_data[_VERBS_KEY] = [i for i in candidates if is_verb(tokens[i])]
    return found


def _verb_clauses(verb: Token) -> Iterator[Clause]:
    passive = _is_passive(verb)
    agentless = False
    if passive:
        label, consumed = predicate_label(verb)
        doers: tuple[Token, ...] = agents(verb)
        patients = _patients(verb)
        source = SubjectSource.OWN
        if not doers:  # "was appointed to the board": the patient is all we have
            if patients is None:
                return
            doers, source = patients.heads, patients.source
            label, agentless = f"be {low(verb)}", True
            patients = None
        objects = find_objects(verb, consumed)
        if patients is not None:
            objects.insert(0, ObjectSlot("", patients.heads, via_preposition=False))
    else:
        subjects = find_subjects(verb)
        if subjects is None:
            return
        # A verb without a subject states nothing: its predicate words are not needed.
        label, consumed = predicate_label(verb)
        doers, source = subjects.heads, subjects.source
        objects = find_objects(verb, consumed)
    if not objects or not doers:
        return
    # Looking around the clause costs most, so it is done only for clauses with arguments.
    context = clause_context(verb)
    if context.skip:
        return
    denied_subject = has_negative_determiner(doers[0])
    for obj in objects:
        own = low(verb) if context.gerund and not passive and not obj.label else label
        predicate = _predicate(context.prefix, obj.label or own, obj.suffix)
        denied = denied_subject or has_negative_determiner(obj.heads[0])
        for subject in map(refine_head, doers):
            for head in map(refine_head, obj.heads):
                if _overlap(subject, head) or not (_entity_like(subject) and _entity_like(head)):
                    continue
                yield Clause(
                    subject=subject,
                    predicate=predicate,
                    object=head,
                    verb=verb,
                    context=context,
                    confidence=_confidence(subject, head, source, obj, passive, agentless, context),
                    kind=obj.kind,
                    negated_argument=denied,
                )


def _entity_like(head: Token) -> bool:
    return not (is_value(head) or is_question_phrase(head))


def _overlap(subject: Token, obj: Token) -> bool:
    """Return True when one argument's words contain the other's head ("Microsoft's software")."""
    (a_start, a_end), (b_start, b_end) = argument_bounds(subject), argument_bounds(obj)
    return a_start <= obj.i < a_end or b_start <= subject.i < b_end


def _is_passive(verb: Token) -> bool:
    if is_passive(verb):
        return True
    # "was arrested and charged with X": the second participle shares the passive.
    return (
        verb.dep_ == "conj"
        and verb.tag_ == "VBN"
        and is_passive(verb.head)
        and not any(c.dep_ in ("nsubj", "aux", "auxpass") for c in children_of(verb))
    )


def _patients(verb: Token) -> Subjects | None:
    """Return what a passive verb is done to: its grammatical subject."""
    own = any(c.dep_ in ("nsubj", "nsubjpass") for c in children_of(verb))
    if verb.dep_ == "acl" and not own:  # "the steps taken by these companies": steps taken
        # "IBM is a company based in Armonk": IBM is based there.
        return relative_subject(verb)
    return find_subjects(verb)


def _predicate(prefix: str, label: str, suffix: str) -> str:
    return " ".join(part for part in (prefix, label, suffix) if part)


def _confidence(
    subject: Token,
    obj: Token,
    source: SubjectSource,
    found: ObjectSlot,
    passive: bool,
    agentless: bool,
    context: Context,
) -> float:
    """Score how sure the pattern is: direct SVO between names scores highest."""
    score = 0.9 - 0.05 * int(source)
    if source is SubjectSource.CONTROLLED:
        score -= 0.05
    if found.via_preposition:
        score -= 0.1
    if found.kind is RelationKind.TYPE:
        score -= 0.05
    if passive:
        score -= 0.25 if agentless else 0.05
    if context.embedded:
        score -= 0.05
    for head in (subject, obj):
        if not (head.ent_type_ or head.pos_ in _NAMED_POS):
            score -= 0.05
        start, end = argument_bounds(head)
        if end - start > _LONG_ARGUMENT:
            score -= 0.1
    return round(min(0.95, max(0.05, score)), 2)
