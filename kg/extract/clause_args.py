"""Arguments of a clause: who does it (subjects) and the phrases it governs.

Part of the extraction stage: works on spaCy tokens only and must not import rdflib or any later
stage. Subjects are found the ClausIE way: a verb's own subject, else the one it shares with the
verb it is coordinated with, the noun a relative clause hangs off, or the controller of an
infinitive or gerund.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from spacy.tokens import Span, Token

from kg.extract.polarity import PREVENTION_VERBS, low

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
VALUE_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})
# "lead X to", "allow X to": the object, not the subject, would do the embedded action.
OBJECT_CONTROL_VERBS = frozenset(
    """lead cause force allow enable ask urge encourage persuade prompt push help get require
    invite order tell call drive inspire convince permit let expect want""".split()
)
# "some of its debt": the quantity word heads the phrase, the thing is after "of".
_PARTITIVES = frozenset("some all many most much one none each both half several any few".split())
RELATIVE_WORDS = frozenset({"which", "who", "whom", "that"})
VERB_POS = frozenset({"VERB", "AUX"})
# Dependents that are clauses or separate facts, not part of the argument's words.
_NOT_IN_ARGUMENT = frozenset({"relcl", "acl", "appos", "conj", "cc", "punct", "preconj", "advcl"})
_NESTED_CLAUSES = frozenset({"relcl", "acl", "advcl", "appos"})
_WH_ADVERB_TAGS = frozenset({"WRB"})
_EDGE_TRIM = frozenset({"PUNCT", "SPACE", "CCONJ"})
_MAX_DEPTH = 8
_SPAN_KEY = "kg.clauses.argument_spans"  # cache in Doc.user_data: head index -> (start, end)
_SUBJECTS_KEY = "kg.clauses.subjects"  # head index -> Subjects | None
_CURRENCIES = frozenset("euro dollar pound yen yuan franc rouble ruble rupee peso cent".split())


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
    stack = [c for c in token.children if c.dep_ == "conj" and not is_hyphen_joined(c)]
    while stack:
        conj = stack.pop(0)
        found.append(conj)
        stack.extend(c for c in conj.children if c.dep_ == "conj" and not is_hyphen_joined(c))
    return tuple(sorted(found, key=lambda t: t.i))


def refine_head(token: Token) -> Token:
    """Return the word that names what an argument refers to.

    "some of its debt" -> "debt" (a quantity picks from it); "carmaker Nanjing Auto" and
    "the lawyer for the EFF, Saira Hussain" -> the name in apposition.
    """
    if low(token) in _PARTITIVES:
        for prep in token.children:
            if prep.dep_ == "prep" and low(prep) == "of":
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        return pobj
        return token
    if token.pos_ == "NOUN" and not token.ent_type_:
        for child in token.children:
            if child.dep_ == "appos" and child.ent_type_ and child.ent_type_ not in VALUE_LABELS:
                return child
    return token


def is_hyphen_joined(token: Token) -> bool:
    """Return True for "casinos" in "super-casinos": part of a word the tokenizer split."""
    doc = token.doc
    i = token.i
    if token.text == "-" and not token.whitespace_ and i > 0 and not doc[i - 1].whitespace_:
        return True
    return i > 0 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_


def is_question_phrase(head: Token) -> bool:
    """Return True for "how many users", "which firms": a question, not an entity."""
    return any(t.tag_ in ("WDT", "WP", "WRB") for t in (head, *head.lefts)) and not (
        head.dep_ in ("nsubj", "nsubjpass", "dobj") and head.head.dep_ == "relcl"
    )


def is_value(token: Token) -> bool:
    """Return True for a number, amount or date: a value, never an entity ("$284m", "27%")."""
    if token.ent_type_ in VALUE_LABELS or token.pos_ == "NUM" or token.text[:1].isdigit():
        return True
    if token.lemma_.lower() in _CURRENCIES and any(
        c.pos_ == "NUM" or c.text[:1].isdigit() for c in token.lefts
    ):
        return True  # "4bn euros" the NER missed
    # "284m", "3.2bn": the unit the tokenizer split off its number.
    doc = token.doc
    return token.i > 0 and doc[token.i - 1].pos_ == "NUM" and not doc[token.i - 1].whitespace_


def is_passive(verb: Token) -> bool:
    """Return True for passive voice: an nsubjpass or auxpass, or a bare participle modifier."""
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    return verb.dep_ == "acl" and verb.tag_ == "VBN"


def agents(verb: Token) -> tuple[Token, ...]:
    """Return the heads of the "by" phrase of a passive verb."""
    for child in verb.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return expand_conjuncts(pobj)
    return ()


def _copula_subject(noun: Token, depth: int) -> Subjects | None:
    """ "IBM was the first company to announce": the company is IBM."""
    if noun.dep_ == "attr" and noun.head.lemma_ == "be" and depth < _MAX_DEPTH:
        return find_subjects(noun.head, depth + 1)
    return None


def _direct_object(verb: Token) -> Token | None:
    for child in verb.children:
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
    own = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if own:
        # "US oil giant Exxon said": a noun phrase the parser split in two; the name is nearest.
        head = max((c for c in own if c.i < verb.i), key=lambda c: c.i, default=own[0])
        if is_relative_word(head) and verb.dep_ == "relcl":
            return _relative_subject(verb, depth)
        return Subjects(expand_conjuncts(head), SubjectSource.OWN)
    if any(c.dep_ in ("expl", "csubj", "csubjpass") for c in verb.children):
        return None
    dep, head = verb.dep_, verb.head
    if dep == "conj" and is_verb(head):
        inherited = find_subjects(head, depth + 1)
        if inherited is None:
            return None
        return Subjects(inherited.heads, max(inherited.source, SubjectSource.SHARED))
    if dep == "relcl" or (dep == "acl" and verb.tag_ == "VBG"):
        return _relative_subject(verb, depth)
    if dep == "xcomp" and is_verb(head):
        return _controlled(head, depth, object_control=True)
    if dep == "advcl" and _is_nonfinite(verb) and is_verb(head):
        if head.lemma_.lower() in OBJECT_CONTROL_VERBS and _direct_object(head) is not None:
            return None  # "led Nestle to consider": a misparsed object control, not a purpose
        return _controlled(head, depth, object_control=False)
    if dep == "pcomp":
        return _gerund_subject(verb, depth)
    return None


def _relative_subject(verb: Token, depth: int) -> Subjects | None:
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
    if any(c.dep_ == "mark" or c.tag_ in _WH_ADVERB_TAGS for c in verb.children):
        return False
    if verb.tag_ in ("VBG", "VBN"):
        return True
    return any(c.dep_ == "aux" and low(c) == "to" for c in verb.children)


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


def _in_argument(child: Token) -> bool:
    if child.dep_ == "conj" and is_hyphen_joined(child):
        return True  # "super-casinos" is one word
    if child.dep_ == "punct" and child.text == "-" and not child.whitespace_:
        return True
    return child.dep_ not in _NOT_IN_ARGUMENT


def argument_span(head: Token) -> Span:
    """Return the words of the phrase headed by `head`, without clauses and conjuncts hung on it.

    "its facial recognition software, which ..." -> "its facial recognition software".
    """
    doc = head.doc
    cache = doc.user_data.setdefault(_SPAN_KEY, {})
    bounds = cache.get(head.i)
    if bounds is None:
        bounds = cache[head.i] = _argument_bounds(head)
    return doc[bounds[0] : bounds[1]]


def _argument_bounds(head: Token) -> tuple[int, int]:
    keep = [head]
    stack = [c for c in head.children if _in_argument(c)]
    while stack:
        token = stack.pop()
        keep.append(token)
        stack.extend(c for c in token.children if c.dep_ not in _NESTED_CLAUSES)
    start = min(t.i for t in keep)
    end = max(t.i for t in keep) + 1
    doc = head.doc
    # A phrase split by a dropped clause is cut at the head's side of the gap.
    # A paragraph break never lies inside a phrase (a headline glued to the first sentence).
    kept = {t.i for t in keep if t.text.strip() and "\n" not in t.text}
    for i in range(head.i, end):
        if i not in kept:
            end = i
            break
    for i in range(head.i, start - 1, -1):
        if i not in kept:
            start = i + 1
            break
    # "essentially a PR stunt": a sentence adverb is no part of what the phrase names.
    while start < head.i and (
        doc[start].pos_ in _EDGE_TRIM or (doc[start].dep_ == "advmod" and doc[start].head == head)
    ):
        start += 1
    while end - 1 > head.i and doc[end - 1].pos_ in _EDGE_TRIM:
        end -= 1
    # "a U-turn" parsed as three siblings: a hyphen glued on both sides joins one word.
    while (
        end + 1 < len(doc)
        and doc[end].text == "-"
        and not doc[end - 1].whitespace_
        and not doc[end].whitespace_
    ):
        end += 2
    return start, end
