"""Argument phrases: which words an argument spans and which word names its referent.

Part of the extraction stage: works on spaCy tokens only and must not import rdflib or any later
stage. "its facial recognition software, which ..." spans "its facial recognition software";
"some of its debt" is about the debt; "carmaker Nanjing Auto" names Nanjing Auto; "$284m" and
"27%" are values, never entities.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.polarity import low
from kg.extract.token_table import children_of, lefts_of

VALUE_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})
# "some of its debt": the quantity word heads the phrase, the thing is after "of".
_PARTITIVES = frozenset("some all many most much one none each both half several any few".split())
# Dependents that are clauses or separate facts, not part of the argument's words.
_NOT_IN_ARGUMENT = frozenset({"relcl", "acl", "appos", "conj", "cc", "punct", "preconj", "advcl"})
_NESTED_CLAUSES = frozenset({"relcl", "acl", "advcl", "appos"})
_EDGE_TRIM = frozenset({"PUNCT", "SPACE", "CCONJ"})
_SPAN_KEY = "kg.clauses.argument_spans"  # cache in Doc.user_data: head index -> (start, end)
_CURRENCIES = frozenset("euro dollar pound yen yuan franc rouble ruble rupee peso cent".split())


def refine_head(token: Token) -> Token:
    """Return the word that names what an argument refers to.

    "some of its debt" -> "debt" (a quantity picks from it); "carmaker Nanjing Auto" and
    "the lawyer for the EFF, Saira Hussain" -> the name in apposition.
    """
    if low(token) in _PARTITIVES:
        for prep in children_of(token):
            if prep.dep_ == "prep" and low(prep) == "of":
                for pobj in children_of(prep):
                    if pobj.dep_ == "pobj":
                        return pobj
        return token
    if token.pos_ == "NOUN" and not token.ent_type_:
        for child in children_of(token):
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
    return any(t.tag_ in ("WDT", "WP", "WRB") for t in (head, *lefts_of(head))) and not (
        head.dep_ in ("nsubj", "nsubjpass", "dobj") and head.head.dep_ == "relcl"
    )


def is_value(token: Token) -> bool:
    """Return True for a number, amount or date: a value, never an entity ("$284m", "27%")."""
    if token.ent_type_ in VALUE_LABELS or token.pos_ == "NUM" or token.text[:1].isdigit():
        return True
    if token.lemma_.lower() in _CURRENCIES and any(
        c.pos_ == "NUM" or c.text[:1].isdigit() for c in lefts_of(token)
    ):
        return True  # "4bn euros" the NER missed
    # "284m", "3.2bn": the unit the tokenizer split off its number.
    doc = token.doc
    return token.i > 0 and doc[token.i - 1].pos_ == "NUM" and not doc[token.i - 1].whitespace_


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
    start, end = argument_bounds(head)
    return head.doc[start:end]


def argument_bounds(head: Token) -> tuple[int, int]:
    """Return argument_span(head)'s (start, end) token indices, without making the Span."""
    cache = head.doc.user_data.setdefault(_SPAN_KEY, {})
    bounds: tuple[int, int] | None = cache.get(head.i)
    if bounds is None:
        bounds = cache[head.i] = _argument_bounds(head)
    return bounds


def _argument_bounds(head: Token) -> tuple[int, int]:
    keep = [head]
    stack = [c for c in children_of(head) if _in_argument(c)]
    while stack:
        token = stack.pop()
        keep.append(token)
        stack.extend(c for c in children_of(token) if c.dep_ not in _NESTED_CLAUSES)
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
