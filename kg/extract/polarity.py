"""Polarity, modality and time of a clause, read from the dependency parse.

Part of the extraction stage: works on spaCy tokens only and must not import rdflib or any later
stage. The functions here look at one verb and its dependents; how cues travel between clauses
(conjuncts, complements) is decided in clauses.py.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.token_table import children_of
from kg.model import Modality

NEGATION_WORDS = frozenset({"not", "n't", "never", "no", "neither", "nor", "nt"})
# "no longer", "no more": the negation hangs off the adverb, not the verb.
_NEGATED_ADVERBS = frozenset({"longer", "more"})
_NEGATIVE_DETERMINERS = frozenset({"no", "neither"})
_ADDITIVE_ADVERBS = frozenset({"only", "just", "merely", "simply"})

MODAL_BY_WORD: dict[str, Modality] = {
    "would": Modality.WOULD,
    "'d": Modality.WOULD,
    "could": Modality.COULD,
    "can": Modality.CAN,
    "ca": Modality.CAN,  # spaCy splits "can't" into "ca" + "n't"
    "cannot": Modality.CAN,
    "may": Modality.MAY,
    "might": Modality.MIGHT,
    "should": Modality.SHOULD,
    "ought": Modality.SHOULD,
    "must": Modality.MUST,
}
# Adverbs that hedge a statement as much as "may" does.
_HEDGE_ADVERBS = frozenset({"perhaps", "possibly", "maybe", "probably", "likely", "reportedly"})

# Subordinators that make a clause hold only under a condition.
CONDITION_MARKERS = frozenset({"if", "unless", "until", "provided", "providing", "whether"})

# Verbs whose infinitive or gerund complement states what does NOT happen: "refused to sell".
REFUSAL_VERBS = frozenset(
    """refuse decline halt stop end cease quit fail avoid abandon forgo neglect ban""".split()
)
# Verbs of prevention: "ban the police from using X" -> the police do not use X.
PREVENTION_VERBS = frozenset(
    """ban bar prevent stop prohibit block forbid keep restrain exclude deter discourage refrain
    abstain withdraw retire desist""".split()
)
# Verbs of saying and believing: their clausal complement is true only on the speaker's word.
REPORTING_VERBS = frozenset(
    """say tell announce claim report add state argue insist warn explain note confirm deny
    reveal suggest admit allege write predict estimate believe think fear know acknowledge
    assert declare maintain stress indicate promise pledge vow conclude complain suspect feel
    worry concede reply respond comment emphasise emphasize hint speculate testify disclose
    forecast show find hope expect assume accept agree point recall ask question doubt wonder
    imply""".split()
)
# Reporting verbs whose complement the speaker denies.
DENIAL_VERBS = frozenset({"deny", "doubt", "dispute", "reject"})

# Prepositions that put a DATE or TIME on the event ("on Wednesday", "in 2004").
_TIME_PREPOSITIONS = frozenset(
    {"on", "in", "at", "during", "since", "by", "from", "before", "after"}
)
_TIME_LABELS = frozenset({"DATE", "TIME"})


def low(token: Token) -> str:
    """Return the token's text in lowercase, curly apostrophes straightened.

    Token.lower_ is empty on a Doc built without lexical attributes, so the text is used.
    """
    return token.text.lower().replace("\u2019", "'")


def is_negation_word(token: Token) -> bool:
    """Return True when the token is a negation particle or adverb ("not", "n't", "never")."""
    return low(token) in NEGATION_WORDS


def _not_only(word: Token) -> bool:
    """ "not only making songs but also ...": an additive, not a negation."""
    doc = word.doc
    return word.i + 1 < len(doc) and low(doc[word.i + 1]) in _ADDITIVE_ADVERBS


def has_negative_determiner(noun: Token) -> bool:
    """Return True for "no software", "neither company": the noun phrase denies the fact."""
    return any(
        child.dep_ in ("det", "preconj", "neg") and low(child) in _NEGATIVE_DETERMINERS
        for child in children_of(noun)
    )


def negates_verb(verb: Token) -> bool:
    """Return True when the verb itself carries a negation: "not", "never", "no longer".

    "nor" as the coordinator of a conjoined verb ("nor does it sell") also counts.
    """
    for child in children_of(verb):
        if child.dep_ in ("neg", "advmod", "preconj") and is_negation_word(child):
            if not _not_only(child):
                return True
        if child.dep_ == "advmod" and low(child) in _NEGATED_ADVERBS:
            if any(is_negation_word(grand) for grand in children_of(child)):
                return True
    return verb.dep_ == "conj" and coordinator(verb) == "nor"


def _nearest_cc(verb: Token) -> str | None:
    ccs = [c for c in children_of(verb.head) if c.dep_ == "cc" and c.i < verb.i]
    return low(ccs[-1]) if ccs else None


def coordinator(conjunct: Token) -> str | None:
    """Return the coordinating word ("and", "or", "but") that joins `conjunct` to its head."""
    own = [c for c in children_of(conjunct) if c.dep_ == "cc" and c.i < conjunct.i]
    if own:
        return low(own[-1])
    return _nearest_cc(conjunct)


def modality_of(verb: Token) -> Modality | None:
    """Return the modal auxiliary's modality ("would sell" -> WOULD); "will" has none.

    Hedging adverbs ("perhaps", "possibly") count as MAY when there is no modal.
    """
    hedged = False
    for child in children_of(verb):
        if child.dep_ in ("aux", "auxpass") and low(child) in MODAL_BY_WORD:
            return MODAL_BY_WORD[low(child)]
        if child.dep_ == "advmod" and low(child) in _HEDGE_ADVERBS:
            hedged = True
    return Modality.MAY if hedged else None


def has_own_auxiliary(verb: Token) -> bool:
    """Return True when the verb has an auxiliary of its own ("will", "did", "has")."""
    return any(
        child.dep_ in ("aux", "auxpass") and low(child) != "to" for child in children_of(verb)
    )


def is_conditioned(verb: Token) -> bool:
    """Return True when an "if/unless/until" clause hangs off the verb, or the verb heads one."""
    if _condition_marker(verb):
        return True
    return any(child.dep_ == "advcl" and _condition_marker(child) for child in children_of(verb))


def _condition_marker(verb: Token) -> bool:
    return any(
        child.dep_ in ("mark", "advmod") and low(child) in CONDITION_MARKERS
        for child in children_of(verb)
    )


def entity_text(token: Token) -> str:
    """Return the text of the named-entity span the token belongs to (or the token itself)."""
    if not token.ent_type_:
        return token.text
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I" and doc[start - 1].ent_type_ == token.ent_type_:
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end].text


def _time_entity(token: Token) -> str | None:
    if token.ent_type_ in _TIME_LABELS:
        return entity_text(token)
    return None


def time_of(verb: Token) -> str | None:
    """Return the DATE/TIME expression attached to the verb ("on Wednesday" -> "Wednesday")."""
    for child in children_of(verb):
        if child.dep_ in ("npadvmod", "tmod", "advmod", "obl", "nmod"):
            found = _time_entity(child)
            if found:
                return found
        elif child.dep_ == "prep" and low(child) in _TIME_PREPOSITIONS:
            for pobj in children_of(child):
                if pobj.dep_ == "pobj":
                    found = _time_entity(pobj)
                    if found:
                        return found
    return None


def is_time_argument(noun: Token) -> bool:
    """Return True when a noun is a DATE/TIME value: it qualifies the fact, it is no argument."""
    return noun.ent_type_ in _TIME_LABELS
