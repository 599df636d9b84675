"""Arguments of a clause: who does it (subjects) and the phrases it governs.

Part of the extraction stage: works on spaCy tokens only and must not import rdflib or any later
stage. Subjects are found the ClausIE way: a verb's own subject, else the one it shares with the
verb it is coordinated with, the noun a relative clause hangs off, or the controller of an
infinitive or gerund.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from spacy.tokens import Token

from kg.extract.clause_phrases import VALUE_LABELS, is_hyphen_joined
from kg.extract.polarity import PREVENTION_VERBS, low
from kg.extract.token_table import children_of

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# "lead X to", "allow X to": the object, not the subject, would do the embedded action.
OBJECT_CONTROL_VERBS = frozenset(
    """lead cause force allow enable ask urge encourage persuade prompt push help get require
    invite order tell call drive inspire convince permit let expect want""".split()
)
RELATIVE_WORDS = frozenset({"which", "who", "whom", "that"})
VERB_POS = frozenset({"VERB", "AUX"})
_WH_ADVERB_TAGS = frozenset({"WRB"})
_MAX_DEPTH = 8
_SUBJECTS_KEY = "kg.clauses.subjects"  # head index -> Subjects | None


class SubjectSource(IntEnum):
    """How a clause's subject was found; the higher, the less certain."""

    OWN = 0  # the verb's own nsubj
    SHARED = 1  # from the verb it is coordinated with: "followed ... and announced"
    RELATIVE = 2  # the noun a relative clause modifies: "companies, which restrict ..."
    CONTROLLED = 3  # the controller of an infinitive, gerund or participle


@dataclass(frozen=True, slots=True)
class Subjects:
    """The subject heads of a clause, with how they were found."""

    heads: tuple[Token, ...]
    source: SubjectSource


def is_verb(token: Token) -> bool:
    """Return True for a verb or a copula that heads a clause (not an auxiliary)."""
    if token.dep_ in ("aux", "auxpass"):
        return False
    return token.pos_ in VERB_POS or (not token.pos_ and token.tag_.startswith("VB"))


def is_relative_word(token: Token) -> bool:
    """Return True for "which", "who", "that" used as a relative pronoun."""
    return low(token) in RELATIVE_WORDS and token.tag_ in ("WDT", "WP", "")


def expand_conjuncts(token: Token) -> tuple[Token, ...]:
    """Return the token and the tokens coordinated with it: "Amazon and IBM" -> both."""
    found = [token]
    stack = [c for c in children_of(token) if c.dep_ == "conj" and not is_hyphen_joined(c)]
    while stack:
        conj = stack.pop(0)
        found.append(conj)
        stack.extend(c for c in children_of(conj) if c.dep_ == "conj" and not is_hyphen_joined(c))
    return tuple(sorted(found, key=lambda t: t.i))


def is_passive(verb: Token) -> bool:
    """Return True for passive voice: an nsubjpass or auxpass, or a bare participle modifier."""
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in children_of(verb)):
        return True
    return verb.dep_ == "acl" and verb.tag_ == "VBN"


def agents(verb: Token) -> tuple[Token, ...]:
    """Return the heads of the "by" phrase of a passive verb."""
    for child in children_of(verb):
        if child.dep_ == "agent":
            for pobj in children_of(child):
                if pobj.dep_ == "pobj":
                    return expand_conjuncts(pobj)
    return ()


def _copula_subject(noun: Token, depth: int) -> Subjects | None:
    """ "IBM was the first company to announce": the company is IBM.

    A name after the copula is the more precise of the two: "The winner was Tinariwen, formed
    from ..." is about Tinariwen.
    """
    if noun.pos_ == "PROPN" or (noun.ent_type_ and noun.ent_type_ not in VALUE_LABELS):
        return None
    if noun.dep_ == "attr" and noun.head.lemma_ == "be" and depth < _MAX_DEPTH:
        return find_subjects(noun.head, depth + 1)
    return None


def _direct_object(verb: Token) -> Token | None:
    for child in children_of(verb):
        if child.dep_ == "dobj":
            return child
    return None


def find_subjects(verb: Token, depth: int = 0) -> Subjects | None:
    """Return who performs the verb's action, or None when the parse does not say.

    Args:
        verb: the head of a clause.
        depth: recursion guard for long chains of coordinated or embedded verbs.
    """
    if depth > _MAX_DEPTH:
        return None
    cache = verb.doc.user_data.setdefault(_SUBJECTS_KEY, {})
    if verb.i not in cache:
        cache[verb.i] = _find_subjects(verb, depth)
    found = cache[verb.i]
    return found if isinstance(found, Subjects) else None


def _find_subjects(verb: Token, depth: int) -> Subjects | None:
    own = [c for c in children_of(verb) if c.dep_ in SUBJECT_DEPS]
    if own:
        # "US oil giant Exxon said": a noun phrase the parser split in two; the name is nearest.
        head = max((c for c in own if c.i < verb.i), key=lambda c: c.i, default=own[0])
        if is_relative_word(head) and verb.dep_ == "relcl":
            return relative_subject(verb, depth)
        return Subjects(expand_conjuncts(head), SubjectSource.OWN)
    if any(c.dep_ in ("expl", "csubj", "csubjpass") for c in children_of(verb)):
        return None
    dep, head = verb.dep_, verb.head
    if dep == "conj" and is_verb(head):
        inherited = find_subjects(head, depth + 1)
        if inherited is None:
            return None
        return Subjects(inherited.heads, max(inherited.source, SubjectSource.SHARED))
    if dep == "relcl" or (dep == "acl" and verb.tag_ == "VBG"):
        return relative_subject(verb, depth)
    if dep == "xcomp" and is_verb(head):
        return _controlled(head, depth, object_control=True)
    if dep == "advcl" and _is_nonfinite(verb) and is_verb(head):
        if head.lemma_.lower() in OBJECT_CONTROL_VERBS and _direct_object(head) is not None:
            return None  # "led Nestle to consider": a misparsed object control, not a purpose
        return _controlled(head, depth, object_control=False)
    if dep == "pcomp":
        return _gerund_subject(verb, depth)
    return None


def relative_subject(verb: Token, depth: int = 0) -> Subjects | None:
    """Return what a relative clause or participle describes: its noun, or the copula's subject.

    "companies, which restrict ..." -> companies; "IBM was the first company to announce" -> IBM.
    """
    antecedent = verb.head
    if antecedent.pos_ in VERB_POS:
        return None
    via_copula = _copula_subject(antecedent, depth)
    if via_copula is not None:
        return Subjects(via_copula.heads, max(via_copula.source, SubjectSource.RELATIVE))
    return Subjects(expand_conjuncts(antecedent), SubjectSource.RELATIVE)


def _controlled(matrix: Token, depth: int, *, object_control: bool) -> Subjects | None:
    obj = _direct_object(matrix) if object_control else None
    if obj is not None:
        return Subjects(expand_conjuncts(obj), SubjectSource.CONTROLLED)
    found = find_subjects(matrix, depth + 1)
    if found is None:
        return None
    return Subjects(found.heads, SubjectSource.CONTROLLED)


def _is_nonfinite(verb: Token) -> bool:
    # "when using this technology": whoever uses it, the sentence does not say.
    if any(c.dep_ == "mark" or c.tag_ in _WH_ADVERB_TAGS for c in children_of(verb)):
        return False
    if verb.tag_ in ("VBG", "VBN"):
        return True
    return any(c.dep_ == "aux" and low(c) == "to" for c in children_of(verb))


def _gerund_subject(verb: Token, depth: int) -> Subjects | None:
    """ "banning the police from using X": the police; "without considering X": the subject."""
    prep = verb.head
    matrix = prep.head
    if matrix.pos_ == "ADJ" and matrix.dep_ in ("acomp", "amod"):
        matrix = matrix.head  # "are committed to working with others"
    if not is_verb(matrix):
        return None
    if low(prep) == "from" and matrix.lemma_.lower() in PREVENTION_VERBS:
        obj = _direct_object(matrix)
        if obj is not None:
            return Subjects(expand_conjuncts(obj), SubjectSource.CONTROLLED)
    found = find_subjects(matrix, depth + 1)
    if found is None:
        return None
    return Subjects(found.heads, SubjectSource.CONTROLLED)
