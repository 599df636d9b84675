"""A parsed Doc's tokens, texts and dependency tree, read once into plain lists.

Part of the extraction stage; must not import rdflib or any later stage. spaCy answers each
`token.children` by scanning the token's left-to-right edge and making a new Token object per
child, and each `for tok in doc` makes a Token and a string per token; the extractors ask for
both over and over. These tables answer from lists built in one pass per Doc.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

_TOKENS_KEY = "kg.tokens"
_CHILDREN_KEY = "kg.children"
_TEXTS_KEY = "kg.texts"
_LOWERS_KEY = "kg.lowers"


def _children_lists(doc: Doc, tokens: list[Token]) -> list[tuple[Token, ...]]:
    """Return each token's children, in document order, from one pass over the heads."""
    # HEAD holds each token's offset to its head as unsigned integers; int64 restores the sign.
    heads = (doc.to_array("HEAD").astype(numpy.int64) + numpy.arange(len(tokens))).tolist()
    children: list[list[Token]] = [[] for _ in tokens]
    for i, head in enumerate(heads):
        if head != i:
            children[head].append(tokens[i])
    return [tuple(kids) for kids in children]


def tokens_of(doc: Doc) -> list[Token]:
    """Return the Doc's tokens as a list, made once: each `for tok in doc` builds new objects."""
    cached = doc.user_data.get(_TOKENS_KEY)
    if not isinstance(cached, list) or len(cached) != len(doc):
        cached = list(doc)
        doc.user_data[_TOKENS_KEY] = cached
    return cached


def texts_of(doc: Doc) -> list[str]:
    """Return every token's text, read once per Doc."""
    cached = doc.user_data.get(_TEXTS_KEY)
    if not isinstance(cached, list) or len(cached) != len(doc):
        cached = doc.user_data[_TEXTS_KEY] = [t.text for t in tokens_of(doc)]
    return cached


def lowers_of(doc: Doc) -> list[str]:
    """Return every token's lowercase text, computed once per Doc."""
    cached = doc.user_data.get(_LOWERS_KEY)
    if not isinstance(cached, list) or len(cached) != len(doc):
        cached = [text.lower() for text in texts_of(doc)]
        doc.user_data[_LOWERS_KEY] = cached
    return cached


def indices_with(doc: Doc, attr: str, labels: Iterable[str]) -> list[int]:
    """Return the indices of the tokens whose `attr` ("DEP", "TAG", …) is one of `labels`.

    One array from the Doc instead of a Token object and a string per token: for scans that
    keep a few tokens of many.
    """
    values = doc.to_array(attr)
    wanted = numpy.zeros(len(values), dtype=bool)
    for label in labels:  # numpy.isin sorts: slower for the handful of labels asked here
        wanted |= values == get_string_id(label)
    found: list[int] = numpy.flatnonzero(wanted).tolist()
    return found


def children_of(token: Token) -> tuple[Token, ...]:
    """Return `token.children` (its syntactic dependents, in document order)."""
    doc = token.doc
    cached = doc.user_data.get(_CHILDREN_KEY)
    if cached is None:  # extractors never retokenize, so the table stays valid
        cached = doc.user_data[_CHILDREN_KEY] = _children_lists(doc, tokens_of(doc))
    children: tuple[Token, ...] = cached[token.i]
    return children


def lefts_of(token: Token) -> tuple[Token, ...]:
    """Return `token.lefts`: the dependents before it."""
    return tuple(c for c in children_of(token) if c.i < token.i)
