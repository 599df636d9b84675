"""Open IE phrasing: the words a tuple's slots add to or take from kg's reading of a sentence.

Benchmark gold writes a sentence's facts in its own order and words: a quoted title keeps its
quotation marks, a passive stays passive, "failed to" and "often" stay in the relation, and a
fact within one noun phrase ("Smith, president of Microsoft") takes no verb from elsewhere.
Helpers of openie_slots.py (extraction stage); like it, nothing spaCy leaves this module.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from kg.extract.token_table import children_of

_OPENING_QUOTES = frozenset({"``", "\u201c", '"'})
_CLOSING_QUOTES = frozenset({"''", "\u201d", '"'})


def with_quotes(words: Sequence[str], tokens: list[int], blocked: set[int]) -> list[int]:
    """Add the quotation marks around an argument: `` Monitor , '' -> `` Monitor ''.

    A quoted title or name keeps its marks in CaRB's gold; a comma the quote
    closes over is punctuation of the sentence, not of the name.
    """
    opened = words[tokens[0]] in _OPENING_QUOTES  # a phrase may hold its own mark
    before, after = (tokens[0] if opened else tokens[0] - 1), tokens[-1] + 1
    if after < len(words) and words[after] == "," and after + 1 not in blocked:
        after += 1
    if (
        before >= 0
        and after < len(words)
        and words[before] in _OPENING_QUOTES
        and words[after] in _CLOSING_QUOTES
        and not blocked & {before, after}
    ):
        return sorted({before, *tokens, after})
    return tokens


_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def passive_agent(doc: Doc, subject: list[int], obj: list[int]) -> tuple[int | None, int | None]:
    """Return ("by", patient) of a passive whose agent kg made the subject ("Y protects X").

    kg states "the cockpit was protected by a firewall" as the firewall protecting the cockpit;
    Open IE gold keeps the sentence's own order. The "by" is None when the object is not the
    patient ("was protected from the engine by a firewall"); both are None for no passive.
    """
    if not doc.has_annotation("DEP"):
        return None, None
    agent = doc[subject[0] : subject[-1] + 1].root
    theme = doc[obj[0] : obj[-1] + 1].root
    while agent.dep_ == "conj" and agent.head != agent:
        agent = agent.head
    while theme.dep_ == "conj" and theme.head != theme:
        theme = theme.head
    by = agent.head
    if agent.dep_ != "pobj" or by.dep_ != "agent":
        return None, None
    verb = by.head
    if verb.dep_ == "acl":
        patient: Token | None = verb.head
    else:
        patient, shared = None, verb
        while patient is None:  # "X was considered ... and was honored by Y": shared
            patient = next((c for c in children_of(shared) if c.dep_ in _SUBJECTS), None)
            if shared.dep_ != "conj" or shared.head == shared:
                break
            shared = shared.head
    if patient is None:
        return None, None
    if theme == patient:
        return by.i, patient.i
    if theme.head.head == verb and theme.head.dep_ == "prep":
        return None, patient.i
    return None, None  # the object belongs to another verb ("by the river being named for")


_NOMINAL_REACH = 4


def nominal_path(a: Token, b: Token) -> bool:
    """Return True when a short path of the parse joins a and b through no verb."""
    up_a, up_b = _ancestors(a), _ancestors(b)
    common = next((t for t in up_a if t in up_b), None)
    if common is None:
        return False
    path = up_a[: up_a.index(common) + 1] + up_b[: up_b.index(common)]
    return not any(t.pos_ in ("VERB", "AUX") for t in path)


def _ancestors(token: Token) -> list[Token]:
    found = [token]
    while len(found) <= _NOMINAL_REACH and found[-1].head != found[-1]:
        found.append(found[-1].head)
    return found


def matrix_verbs(doc: Doc, chosen: list[int], taken: set[int]) -> list[int]:
    """Return the verbs an infinitive hangs off that the predicate left out: "failed to reach".

    kg folds "failed to" into the fact's polarity, not its predicate; the sentence's
    relation still says it.
    """
    verbs = [i for i in chosen if doc[i].pos_ in ("VERB", "AUX")]
    found: list[int] = []
    verb = doc[max(verbs)] if verbs else None
    while verb is not None and verb.dep_ == "xcomp" and verb.head.pos_ in ("VERB", "AUX"):
        verb = verb.head
        if verb.i in chosen or verb.i in taken:
            break
        found.append(verb.i)
    return found


def inner_adverb(child: Token) -> bool:
    """Return True for "often" in "X is often portrayed", "X also suggests".

    An adverb between the subject (or an auxiliary) and its verb reads as part of the relation,
    and CaRB's gold keeps it there.
    """
    verb = child.head
    return (
        child.dep_ == "advmod"
        and child.pos_ == "ADV"
        and not any(True for _ in children_of(child))
        and child.i < verb.i
        and any(
            c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") and c.i < child.i
            for c in children_of(verb)
        )
    )


def inner_hyphen(doc: Doc, i: int, governed: set[int]) -> bool:
    """Return True for the "-" of "State - owned BNL": a word split at its hyphen."""
    return doc[i].text == "-" and i - 1 in governed


def with_premodifiers(doc: Doc, tokens: list[int], blocked: set[int]) -> list[int]:
    """Extend a mention leftwards to the start of its noun phrase ("the", "its", adjectives).

    Mentions are entity names or bare concepts, while CaRB arguments are whole noun
    phrases ("the Flemish Region"); the words before the head that the head governs
    belong to the argument. Right-hand parts (relative clauses, appositions) stay out.
    """
    if not doc.has_annotation("DEP"):
        return tokens  # without a parse (and spaCy's tree walks are unsafe on none)
    head = doc[tokens[0] : tokens[-1] + 1].root
    governed = {t.i for t in head.subtree}
    start = tokens[0]
    while (
        start - 1 in governed
        and start - 1 not in blocked
        and doc[start - 1].head.i not in blocked  # the "'s" of a possessor in another slot
        and (not doc[start - 1].is_punct or inner_hyphen(doc, start - 1, governed))
    ):
        start -= 1
    return list(range(start, tokens[-1] + 1))


# "he" names a person and "it" does not: a name that disagrees is a resolution to distrust.
_PERSONAL = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})
_IMPERSONAL = frozenset({"it", "its", "itself"})


def agrees(pronoun: str, label: str) -> bool:
    """Return False for "he" standing for an organisation or "it" for a person.

    >>> agrees("he", "ORG"), agrees("they", "ORG"), agrees("its", "PERSON")
    (False, True, False)
    """
    word = pronoun.lower()
    if word in _PERSONAL:
        return label == "PERSON"
    return not (word in _IMPERSONAL and label == "PERSON")
