"""Clause frames: ClausIE-style subject-predicate-object facts, still as spaCy tokens.

Part of the extraction stage (clauses.py turns these into Relations); must not import rdflib
or any later stage. Each verb heads a clause; its subjects come from clause_args.py, what it
inherits (negation, modality, speaker, time) from clause_context.py, and its objects and
predicate words from here: "sell its software to agencies" gives "sell" + software and
"sell to" + agencies; "called for a ban" gives "call for"; "IBM was the first company" gives
"is a".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract.clause_args import (
    SubjectSource,
    agents,
    argument_span,
    expand_conjuncts,
    find_subjects,
    is_passive,
    is_relative_word,
    is_verb,
)
from kg.extract.clause_context import Context, clause_context, verb_label
from kg.extract.polarity import has_negative_determiner, is_time_argument
from kg.model import Modality, Polarity, RelationKind

# "followed suit", "took place": the noun belongs to the predicate, it is no argument.
LIGHT_VERB_NOUNS: dict[str, frozenset[str]] = {
    "follow": frozenset({"suit"}),
    "take": frozenset(
        "place part action effect control advantage care charge office power note aim issue "
        "shape hold root steps".split()
    ),
    "make": frozenset({"sense", "progress", "use", "way", "headway", "fun", "room"}),
    "pay": frozenset({"attention", "tribute", "heed"}),
    "give": frozenset({"way", "rise", "birth"}),
    "keep": frozenset({"track", "pace"}),
    "lose": frozenset({"sight", "touch", "track"}),
    "put": frozenset({"pressure", "pay"}),
    "come": frozenset({"true"}),
}
# Prepositional phrases that frame the event rather than name a participant.
_ADJUNCT_PREPOSITIONS = frozenset(
    "during after before since until despite amid throughout following according because "
    "than unlike while whilst including".split()
)
_COPULAS = frozenset({"be", "become", "remain"})
_NAMED_POS = frozenset({"PROPN"})
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


@dataclass(frozen=True, slots=True)
class _Object:
    suffix: str  # preposition folded into the predicate: "to" in "sell to"
    heads: tuple[Token, ...]
    via_preposition: bool
    kind: RelationKind = RelationKind.ACTION
    label: str | None = None  # replaces the verb's label (copulas, adjectives)


def find_clauses(sent: Span) -> Iterator[Clause]:
    """Yield the facts stated by the clauses of one sentence.

    Args:
        sent: a sentence of a parsed Doc (dependency parse, lemmas and entities).
    """
    for verb in sent:
        if is_verb(verb):
            yield from _verb_clauses(verb)


def _verb_clauses(verb: Token) -> Iterator[Clause]:
    context = clause_context(verb)
    if context.skip:
        return
    passive = _is_passive(verb)
    agentless = False
    label, consumed = _label(verb)
    if passive:
        doers: tuple[Token, ...] = agents(verb)
        patients = _patients(verb)
        source = SubjectSource.OWN
        if not doers:  # "was appointed to the board": the patient is all we have
            if patients is None:
                return
            doers, source = patients.heads, patients.source
            label, agentless = f"be {verb.lower_}", True
            patients = None
        objects = _objects(verb, consumed)
        if patients is not None:
            objects.insert(0, _Object("", patients.heads, via_preposition=False))
    else:
        subjects = find_subjects(verb)
        if subjects is None:
            return
        doers, source = subjects.heads, subjects.source
        objects = _objects(verb, consumed)
    denied_subject = bool(doers) and has_negative_determiner(doers[0])
    for obj in objects:
        predicate = _predicate(context.prefix, obj.label or label, obj.suffix)
        denied = denied_subject or has_negative_determiner(obj.heads[0])
        for subject in doers:
            for head in obj.heads:
                if head is subject or subject.is_ancestor(head) or head.is_ancestor(subject):
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


def _is_passive(verb: Token) -> bool:
    if is_passive(verb):
        return True
    # "was arrested and charged with X": the second participle shares the passive.
    return (
        verb.dep_ == "conj"
        and verb.tag_ == "VBN"
        and is_passive(verb.head)
        and not any(c.dep_ in ("nsubj", "aux", "auxpass") for c in verb.children)
    )


def _patients(verb: Token) -> _PatientHeads | None:
    if verb.dep_ == "acl":  # "the steps taken by these companies": the steps were taken
        return _PatientHeads(expand_conjuncts(verb.head), SubjectSource.RELATIVE)
    found = find_subjects(verb)
    if found is None:
        return None
    return _PatientHeads(found.heads, found.source)


@dataclass(frozen=True, slots=True)
class _PatientHeads:
    heads: tuple[Token, ...]
    source: SubjectSource


def _label(verb: Token) -> tuple[str, frozenset[int]]:
    """Return the verb's predicate words and the tokens they swallow ("follow suit")."""
    label = verb_label(verb)
    consumed: set[int] = set()
    light = LIGHT_VERB_NOUNS.get(verb.lemma_.lower(), frozenset())
    for child in verb.children:
        if child.dep_ == "dobj" and child.lower_ in light and not child.ent_type_:
            label = f"{label} {child.lower_}"
            consumed.add(child.i)
    return label, frozenset(consumed)


def _predicate(prefix: str, label: str, suffix: str) -> str:
    return " ".join(part for part in (prefix, label, suffix) if part)


def _objects(verb: Token, consumed: frozenset[int]) -> list[_Object]:
    found: list[_Object] = []
    for child in verb.children:
        dep = child.dep_
        if child.i in consumed:
            continue
        if dep == "dobj":
            head = verb.head if is_relative_word(child) and verb.dep_ == "relcl" else child
            found.append(_Object("", expand_conjuncts(head), via_preposition=False))
        elif dep in ("prep", "dative"):
            found.extend(_prepositional(child, ""))
        elif dep == "attr" and verb.lemma_.lower() in _COPULAS:
            found.append(_copula_object(verb, child))
        elif dep == "acomp":
            adjective = f"{verb_label(verb)} {child.lower_}"
            for prep in child.children:
                if prep.dep_ == "prep":
                    found.extend(_prepositional(prep, adjective))
    if verb.dep_ == "relcl" and not any(o.heads and not o.via_preposition for o in found):
        found.extend(_relative_object(verb))
    return [o for o in found if o.heads]


def _prepositional(prep: Token, label: str) -> Iterator[_Object]:
    """Yield the object of "for a ban", "out of the deal", "to agencies" (dative)."""
    word = prep.lower_
    if word in _ADJUNCT_PREPOSITIONS or prep.pos_ not in ("ADP", ""):
        return
    for child in prep.children:
        if child.dep_ == "pobj" and not is_time_argument(child):
            yield _Object(word, expand_conjuncts(child), via_preposition=True, label=label or None)
        elif child.dep_ == "prep":  # "out of", "away from"
            for pobj in child.children:
                if pobj.dep_ == "pobj" and not is_time_argument(pobj):
                    suffix = f"{word} {child.lower_}"
                    yield _Object(suffix, expand_conjuncts(pobj), True, label=label or None)


def _copula_object(verb: Token, attr: Token) -> _Object:
    """ "IBM was the first company" -> (IBM, "is a", company), a type statement."""
    if is_relative_word(attr):
        return _Object("", (), via_preposition=False)
    heads = expand_conjuncts(attr)
    if verb.lemma_.lower() != "be":
        return _Object("", heads, via_preposition=False, label=verb_label(verb))
    if attr.pos_ in _NAMED_POS or attr.ent_type_:
        return _Object("", heads, via_preposition=False, label="is")
    return _Object("", heads, via_preposition=False, kind=RelationKind.TYPE, label="is a")


def _relative_object(verb: Token) -> Iterator[_Object]:
    """ "the software that Microsoft sells": the relative pronoun is the object."""
    own_subject = [c for c in verb.children if c.dep_ == "nsubj" and not is_relative_word(c)]
    relative_object = [c for c in verb.children if c.dep_ == "dobj" and is_relative_word(c)]
    if own_subject and relative_object:
        yield _Object("", expand_conjuncts(verb.head), via_preposition=False)


def _confidence(
    subject: Token,
    obj: Token,
    source: SubjectSource,
    found: _Object,
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
        if len(argument_span(head)) > _LONG_ARGUMENT:
            score -= 0.1
    return round(min(0.95, max(0.05, score)), 2)
