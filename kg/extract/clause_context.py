"""How a clause is embedded: negation, modality, time and attribution it inherits.

Part of the extraction stage: works on spaCy tokens only and must not import rdflib or any later
stage. A verb's own cues come from polarity.py; this module decides what flows in from the verbs
above it: "refused to sell" negates "sell", "Smith said that ..." attributes the clause to Smith,
"will no longer develop or offer" negates both conjuncts.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from kg.extract.clause_args import find_subjects, is_passive, is_verb
from kg.extract.polarity import (
    DENIAL_VERBS,
    PREVENTION_VERBS,
    REFUSAL_VERBS,
    REPORTING_VERBS,
    coordinator,
    has_own_auxiliary,
    is_conditioned,
    low,
    modality_of,
    negates_verb,
    time_of,
)
from kg.extract.token_table import children_of, indices_with, tokens_of
from kg.model import Modality

# Matrix verbs that only say when the embedded action happens: "began to sell" is "sell".
# "is to restate its accounts" says it will.
_ASPECTUAL = frozenset({"begin", "start", "continue", "resume", "keep", "go", "commence", "be"})
# "has to sell", "needs to sell": an obligation, not a fact.
_OBLIGATION = frozenset({"have", "need"})
_MAX_DEPTH = 8
# Forms the pinned pipeline lemmatises wrongly ("hoping" -> "hop").
_LEMMA_FIXES = {"hoping": "hope", "hoped": "hope", "lead": "lead", "led": "lead"}


@dataclass(frozen=True, slots=True)
class Context:
    """What a clause inherits from the words around it.

    Attributes:
        prefix: words that go before the verb in the predicate ("plan to" in "plan to buy").
        negated: the clause is denied, counting its own negation.
        modality: the modal, conditional or reported status, if any.
        time: the DATE/TIME expression the clause's event is placed at.
        reporter: the head of the phrase naming who said it, when the clause is reported.
        reporting: the verb of saying it is reported with, lemmatised ("announce", "say"), or
            "according to".
        reported: the clause is someone's claim ("said that", "according to", a denial).
        embedded: the clause hangs off another verb (less certain than a main clause).
        skip: the text states nothing about the clause ("asked him to resign").
        gerund: the verb follows the prefix as a gerund ("consider selling").
    """

    prefix: str = ""
    negated: bool = False
    modality: Modality | None = None
    time: str | None = None
    reporter: Token | None = None
    reporting: str | None = None
    reported: bool = False
    embedded: bool = False
    skip: bool = False
    gerund: bool = False


def shares_head_cues(verb: Token) -> bool:
    """Return True when a conjoined verb takes its head's auxiliaries and negation.

    "will no longer develop or offer" -> "offer" is negated too; "did not sell X but bought Y" ->
    "bought" is not (own tense, contrastive "but").
    """
    head = verb.head
    if verb.dep_ != "conj" or not is_verb(head):
        return False
    if has_own_auxiliary(verb) or any(c.dep_ in ("nsubj", "nsubjpass") for c in children_of(verb)):
        return False
    if coordinator(verb) in ("but", "yet", "nor"):
        return False
    return verb.tag_ == head.tag_ or (verb.tag_ == "VB" and head.tag_ == "VB")


def verb_label(verb: Token) -> str:
    """Return the verb's predicate words: the lemma plus particles ("cut off", "set up")."""
    words = [_LEMMA_FIXES.get(low(verb), verb.lemma_.lower())]
    words.extend(low(c) for c in children_of(verb) if c.dep_ == "prt")
    return " ".join(words)


def clause_context(verb: Token, depth: int = 0) -> Context:
    """Return what the clause headed by `verb` inherits, its own cues included.

    Args:
        verb: the head of the clause.
        depth: recursion guard for long chains.
    """
    # Chains of conjoined and embedded verbs ask for the same heads again: keep each answer.
    cache = verb.doc.user_data.setdefault(_CONTEXT_KEY, {})
    found = cache.get(verb.i)
    if not isinstance(found, Context):
        found = cache[verb.i] = _clause_context(verb, depth)
    return found


def _clause_context(verb: Token, depth: int) -> Context:
    own = Context(
        negated=negates_verb(verb),
        modality=modality_of(verb),
        time=time_of(verb),
    )
    if depth > _MAX_DEPTH:
        return _finish(verb, own)
    dep, head = verb.dep_, verb.head
    if dep == "conj" and shares_head_cues(verb):
        above = clause_context(head, depth + 1)
        return replace(
            above,
            negated=above.negated != own.negated,
            modality=own.modality or above.modality,
            time=own.time or above.time,
        )
    if dep == "xcomp" and is_verb(head):
        return _under_xcomp(verb, head, own, depth)
    if dep == "pcomp" and head.dep_ == "prep":
        return _under_gerund(verb, head, own, depth)
    if dep == "ccomp" and (_has_to(verb) or negates_verb(head)):
        # "will allow casino complexes to open": allowed, asked or wanted, not done; "did not
        # mean that the risks were past", "did not say that ...": the text leaves it open.
        return replace(_finish(verb, own), skip=True)
    if dep == "advcl" and is_verb(head) and find_subjects(verb) is not None:
        if not any(c.dep_ in ("nsubj", "nsubjpass") for c in children_of(verb)):
            # "followed suit on Wednesday, banning the police": the same event, the same time.
            above = clause_context(head, depth + 1)
            return _finish(
                verb,
                replace(
                    own,
                    modality=own.modality or above.modality,
                    time=own.time or above.time,
                    reporter=above.reporter,
                    reporting=above.reporting,
                    reported=above.reported,
                    embedded=True,
                ),
            )
    return _finish(verb, own)


def _under_xcomp(verb: Token, matrix: Token, own: Context, depth: int) -> Context:
    above = clause_context(matrix, depth + 1)
    merged = replace(
        own,
        negated=above.negated != own.negated,
        modality=own.modality or above.modality,
        time=own.time or above.time,
        reporter=above.reporter,
        reporting=above.reporting,
        reported=above.reported,
        embedded=True,
        skip=above.skip,
    )
    lemma = matrix.lemma_.lower()
    if lemma in REFUSAL_VERBS:
        # "did not refuse to sell" does not tell us that it sells: say nothing.
        return replace(merged, negated=True, skip=merged.skip or above.negated)
    if any(c.dep_ == "dobj" or _is_addressee(c) for c in children_of(matrix)):
        return replace(merged, skip=True)  # "asked him to resign": nobody says he did
    if lemma in _ASPECTUAL:
        return replace(merged, prefix=above.prefix)
    if lemma in _OBLIGATION and _has_to(verb):
        if any(low(c) == "yet" for c in children_of(matrix)):
            # "have yet to name a date": not done so far.
            return replace(merged, prefix=above.prefix, negated=not merged.negated)
        return replace(merged, prefix=above.prefix, modality=merged.modality or Modality.MUST)
    words = [above.prefix] if above.prefix else []
    words.append(f"be {low(matrix)}" if is_passive(matrix) else verb_label(matrix))
    if _has_to(verb):
        words.append("to")
    return replace(merged, prefix=" ".join(words), gerund=verb.tag_ == "VBG")


def _is_addressee(child: Token) -> bool:
    """ "called on the FA to punish ...": the FA, not the caller, is to punish."""
    return child.dep_ == "prep" and low(child) in ("on", "upon") and bool(list(children_of(child)))


def _has_that(verb: Token) -> bool:
    return any(c.dep_ == "mark" and low(c) == "that" for c in children_of(verb))


def _has_to(verb: Token) -> bool:
    return any(c.dep_ == "aux" and low(c) == "to" for c in children_of(verb))


def _under_gerund(verb: Token, prep: Token, own: Context, depth: int) -> Context:
    matrix = prep.head
    if matrix.pos_ == "ADJ" and matrix.dep_ in ("acomp", "amod"):
        matrix = matrix.head
    if not is_verb(matrix):
        return _finish(verb, own)
    above = clause_context(matrix, depth + 1)
    merged = replace(
        own,
        modality=own.modality or above.modality,
        time=own.time or above.time,
        reporter=above.reporter,
        reporting=above.reporting,
        reported=above.reported,
        embedded=True,
        # A denied matrix ("did not ban them from using") leaves the gerund's fact unknown.
        skip=above.skip or above.negated,
    )
    word = low(prep)
    if word == "without" or (word == "from" and matrix.lemma_.lower() in PREVENTION_VERBS):
        return replace(merged, negated=not own.negated)
    return merged


def _finish(verb: Token, ctx: Context) -> Context:
    """Add what the clauses above say about this one: reported speech and conditions."""
    reporter, reporting, reported, denied = _attribution(verb)
    if reported:
        ctx = replace(
            ctx,
            reporter=reporter,
            reporting=reporting,
            reported=True,
            negated=ctx.negated != denied,
        )
    if ctx.modality is None and is_conditioned(verb):
        ctx = replace(ctx, modality=Modality.CONDITIONAL)
    return ctx


def _attribution(verb: Token) -> tuple[Token | None, str | None, bool, bool]:
    """Return (speaker head, verb of saying, is reported, speaker denies it) for a clause.

    `verb` heads the clause; the verb of saying is lemmatised, or "according to".

    The nearest verb of saying above the clause wins: "X said that Y announced that Z ..." is
    Y's claim as X reports it, and kg keeps one speaker per fact.
    """
    doc = verb.doc
    sources = _according_sources(doc)
    current = verb
    for _ in range(_MAX_DEPTH * 2):
        according = sources.get(current.i)
        if according is not None:
            return doc[according], "according to", True, False
        head = current.head
        if head is current or low(current) == "according":
            break  # the words naming the source are not themselves reported
        if current.dep_ in ("acl", "ccomp") and head.pos_ == "NOUN" and _has_that(current):
            return None, None, True, False  # "confidence that sales will recover": a belief
        if current.dep_ in ("ccomp", "parataxis") and head.lemma_.lower() in REPORTING_VERBS:
            subjects = None if is_passive(head) else find_subjects(head)
            speaker = subjects.heads[0] if subjects else None
            lemma = head.lemma_.lower()
            return speaker, lemma, True, lemma in DENIAL_VERBS
        current = head
    return None, None, False, False


_ACCORDING_KEY = "kg.clauses.according"
_CONTEXT_KEY = "kg.clauses.context"


def _according_sources(doc: Doc) -> dict[int, int]:
    """Return, by the index of the word it hangs on, the source of each "according to X"."""
    sources = doc.user_data.get(_ACCORDING_KEY)
    if not isinstance(sources, dict):
        # One pass over the Doc; the attribution walk asks this for every ancestor.
        sources = {}
        tokens = tokens_of(doc)
        for token in (tokens[i] for i in indices_with(doc, "DEP", ("prep",))):
            if low(token) == "according":
                for to in children_of(token):
                    for pobj in children_of(to):
                        if pobj.dep_ == "pobj":
                            sources.setdefault(token.head.i, pobj.i)
        doc.user_data[_ACCORDING_KEY] = sources
    return sources
