"""Objects of a clause and the predicate words around them.

Part of the extraction stage: works on spaCy tokens only and must not import rdflib or any later
stage. "sell its software to agencies" has two objects, software (predicate "sell") and agencies
("sell to"); "followed suit" has none (the noun is part of the predicate "follow suit"); "IBM
was the first company" has one, with the type predicate "is a".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Token

from kg.extract.clause_args import expand_conjuncts, is_relative_word, is_verb
from kg.extract.clause_context import verb_label
from kg.extract.clause_phrases import is_hyphen_joined
from kg.extract.polarity import REFUSAL_VERBS, REPORTING_VERBS, is_time_argument, low
from kg.extract.token_table import children_of, lefts_of
from kg.model import RelationKind

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
    "than unlike while whilst including due thanks owing prior regardless instead rather "
    "apart".split()
)
# Nouns that make a preposition phrase an adjunct: "as part of", "for the first time", "in a bid
# to", "on the back of", "in order to", "as a result of", "at this point", "in principle".
_ADJUNCT_NOUNS = frozenset(
    "part time back bid order result addition effort attempt case view light line terms "
    "way basis wake face spite response expense course run end turn point principle fact "
    "general particular contrast total respect regard accordance practice theory short future "
    "example instance".split()
)
# Nouns that make a preposition phrase part of the predicate: "in the footsteps of".
_PHRASAL_NOUNS = frozenset(
    {
        ("in", "footstep"),
        ("in", "footsteps"),
        ("in", "favour"),
        ("in", "favor"),
        ("on", "behalf"),
        ("in", "charge"),
    }
)
# A verb of saying names what it is about ("warned of", "complained about"); its other
# phrases say where or to whom ("said in a statement", "wrote to clients").
_TOPIC_PREPOSITIONS = frozenset({"about", "of", "against", "for", "on"})
_COPULAS = frozenset({"be", "become", "remain"})
_NAMED_POS = frozenset({"PROPN"})
# Antecedents a gapped relative clause describes without being their object: "the day X came".
_NOT_OBJECTS = frozenset("time day year week month moment way reason place".split())


@dataclass(frozen=True, slots=True)
class ObjectSlot:
    """The objects a verb governs in one way, with the words they add to the predicate."""

    suffix: str  # preposition folded into the predicate: "to" in "sell to"
    heads: tuple[Token, ...]
    via_preposition: bool
    kind: RelationKind = RelationKind.ACTION
    label: str | None = None  # replaces the verb's label (copulas, adjectives)


def predicate_label(verb: Token) -> tuple[str, frozenset[int]]:
    """Return the verb's predicate words and the tokens they swallow ("follow suit")."""
    label = verb_label(verb)
    consumed: set[int] = set()
    light = LIGHT_VERB_NOUNS.get(verb.lemma_.lower(), frozenset())
    for child in children_of(verb):
        if child.dep_ == "dobj" and low(child) in light and not child.ent_type_:
            label = f"{label} {low(child)}"
            consumed.add(child.i)
    return label, frozenset(consumed)


def find_objects(verb: Token, consumed: frozenset[int]) -> list[ObjectSlot]:
    """Return the verb's objects: direct, prepositional, copular and shared ones.

    Args:
        verb: the head of the clause.
        consumed: tokens already folded into the predicate ("suit" in "follow suit").
    """
    found: list[ObjectSlot] = []
    lemma = verb.lemma_.lower()
    reporting = lemma in REPORTING_VERBS
    # "failed to dent confidence, with surveyors ...": the phrases belong to the complement.
    refusing = lemma in REFUSAL_VERBS and any(c.dep_ == "xcomp" for c in children_of(verb))
    for child in children_of(verb):
        dep = child.dep_
        if child.i in consumed:
            continue
        if dep == "dobj":
            head = verb.head if is_relative_word(child) and verb.dep_ == "relcl" else child
            found.append(ObjectSlot("", expand_conjuncts(head), via_preposition=False))
        elif dep in ("prep", "dative"):
            if not refusing and not (reporting and low(child) not in _TOPIC_PREPOSITIONS):
                found.extend(_prepositional(child, ""))
        elif dep == "attr" and verb.lemma_.lower() in _COPULAS:
            found.append(_copula_object(verb, child))
        elif dep == "acomp":
            adjective = f"{verb_label(verb)} {low(child)}"
            for prep in children_of(child):
                if prep.dep_ == "prep":
                    found.extend(_prepositional(prep, adjective))
    if verb.dep_ == "relcl" and not any(o.heads and not o.via_preposition for o in found):
        found.extend(_relative_object(verb))
    if not any(o.heads and not o.via_preposition for o in found):
        found.extend(_shared_objects(verb))
    return [o for o in found if o.heads]


def _shared_objects(verb: Token) -> Iterator[ObjectSlot]:
    """ "develop or offer software": the first verb takes the object of the last one."""
    if any(
        c.i > verb.i and c.dep_ not in ("cc", "conj", "punct", "prt") for c in children_of(verb)
    ):
        return
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in children_of(verb)):
        return
    for conj in children_of(verb):
        if conj.dep_ != "conj" or not is_verb(conj):
            continue
        if any(
            c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "neg") for c in children_of(conj)
        ):
            continue  # "are alerted but do not track him": two clauses, not one shared object
        for child in children_of(conj):
            if child.dep_ == "dobj":
                yield ObjectSlot("", expand_conjuncts(child), via_preposition=False)


def _prepositional(prep: Token, label: str) -> Iterator[ObjectSlot]:
    """Yield the object of "for a ban", "out of the deal", "to agencies" (dative)."""
    word = low(prep)
    if word in _ADJUNCT_PREPOSITIONS or prep.pos_ not in ("ADP", ""):
        return
    for child in children_of(prep):
        if child.dep_ == "pobj" and (
            child.lemma_.lower() in _ADJUNCT_NOUNS
            or child.pos_ == "VERB"
            or is_hyphen_joined(child)
        ):
            continue  # an adjunct, or a gerund that heads a clause of its own
        if child.dep_ == "pobj" and (word, child.lemma_.lower()) in _PHRASAL_NOUNS:
            yield from _phrasal(prep, child, label)
        elif child.dep_ == "pobj" and not is_time_argument(child):
            yield ObjectSlot(
                word, expand_conjuncts(child), via_preposition=True, label=label or None
            )
        elif child.dep_ == "prep":  # "out of", "away from"
            for pobj in children_of(child):
                if pobj.dep_ == "pobj" and not is_time_argument(pobj):
                    suffix = f"{word} {low(child)}"
                    yield ObjectSlot(suffix, expand_conjuncts(pobj), True, label=label or None)


def _phrasal(prep: Token, noun: Token, label: str) -> Iterator[ObjectSlot]:
    """ "follow in the footsteps of giants" -> "follow in the footsteps of" + giants."""
    articles = [low(t) for t in lefts_of(noun) if t.dep_ == "det" and low(t) == "the"]
    for inner in children_of(noun):
        if inner.dep_ != "prep" or low(inner) != "of":
            continue
        for pobj in children_of(inner):
            if pobj.dep_ == "pobj" and not is_time_argument(pobj):
                words = [low(prep), *articles, low(noun), low(inner)]
                yield ObjectSlot(" ".join(words), expand_conjuncts(pobj), True, label=label or None)


def _copula_object(verb: Token, attr: Token) -> ObjectSlot:
    """ "IBM was the first company" -> (IBM, "is a", company), a type statement."""
    if is_relative_word(attr):
        return ObjectSlot("", (), via_preposition=False)
    heads = expand_conjuncts(attr)
    if verb.lemma_.lower() != "be":
        return ObjectSlot("", heads, via_preposition=False, label=verb_label(verb))
    if attr.pos_ in _NAMED_POS or attr.ent_type_:
        return ObjectSlot("", heads, via_preposition=False, label="is")
    return ObjectSlot("", heads, via_preposition=False, kind=RelationKind.TYPE, label="is a")


def _relative_object(verb: Token) -> Iterator[ObjectSlot]:
    """ "the software Microsoft sells": a relative clause with a gap where its object was."""
    if not any(c.dep_ == "nsubj" and not is_relative_word(c) for c in children_of(verb)):
        return
    antecedent = verb.head
    if antecedent.lemma_.lower() in _NOT_OBJECTS or is_time_argument(antecedent):
        return
    if any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "prt") for c in children_of(verb)):
        return  # "the week it came out": a particle verb takes no object
    yield ObjectSlot("", expand_conjuncts(antecedent), via_preposition=False)
