"""A parsed Doc's tokens and dependency tree, read once into plain lists.

Part of the extraction stage; must not import rdflib or any later stage. The extractors ask
every token for its children many times over, and spaCy answers each `token.children` by
scanning the token's whole left-to-right edge and making a new Token object per child: about
2 µs a call, a tenth of all extraction time. The table answers from lists built in one pass.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

_TOKENS_KEY = "kg.tokens"
# Facts about a token's text, by its orth id. The id is the hash of the text, the same in every
# Vocab, so one table serves every Doc; it is emptied when it grows past any one vocabulary.
_BY_ORTH_LIMIT = 500_000
_lowers: dict[int, str] = {}
_marks: dict[int, bool] = {}
_straight_lowers: dict[int, str] = {}
_CHILDREN_KEY = "kg.children"
_TEXTS_KEY = "kg.texts"


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


def lower_text(token: Token) -> str:
    """Return `token.text.lower()`, computed once per distinct text.

    Token.lower_ is empty on a Doc built without lexical attributes, so the text is used.
    """
    orth = token.orth
    found = _lowers.get(orth)
    if found is None:
        if len(_lowers) > _BY_ORTH_LIMIT:
            _lowers.clear()
        found = _lowers[orth] = token.text.lower()
    return found


def is_mark(token: Token) -> bool:
    """Return True for punctuation: a token with no letter or digit in it."""
    orth = token.orth
    found = _marks.get(orth)
    if found is None:
        if len(_marks) > _BY_ORTH_LIMIT:
            _marks.clear()
        text = token.text
        found = _marks[orth] = not any(c.isalnum() for c in text) and not text.isspace()
    return found


def straight_lower_text(token: Token) -> str:
    """Return the token's text in lowercase, curly apostrophes straightened ("don’t": "don't")."""
    orth = token.orth
    found = _straight_lowers.get(orth)
    if found is None:
        if len(_straight_lowers) > _BY_ORTH_LIMIT:
            _straight_lowers.clear()
        found = _straight_lowers[orth] = token.text.lower().replace("\u2019", "'")
    return found
