"""Acronyms defined in the text: "facial recognition technology (FRT)", then "FRT".

Part of the extraction stage (spaCy Doc -> Mentions); kg/extract/mentions.py adds these to its
MentionIndex. Must not import rdflib or any later stage.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from spacy.tokens import Doc, Span

from kg.extract.mentions_names import Placed, low, make_mention
from kg.extract.token_table import tokens_of
from kg.model import Document, Mention, MentionKind

_ACRONYM = re.compile(r"[A-Z][A-Za-z&]*[A-Z]s?|[A-Z]{2,}")
_ACRONYM_SKIPS = frozenset({"of", "for", "the", "and", "&", "on", "in", "to", "de", "-"})


def find_acronyms(
    doc: Doc,
    document: Document,
    names: list[Placed],
    concept: Callable[[int, int], Mention | None],
    skip: Callable[[int, int], bool],
) -> list[Placed]:
    """Return ACRONYM mentions for acronyms defined in the text: "long form (ACR)".

    Every later use of ACR points at the long form: the named entity it is, or else a concept.
    Names found by the NER at those places are replaced.
    """
    long_forms: dict[str, Mention] = {}
    if "(" not in document.text:
        return []
    tokens = tokens_of(doc)
    for tok in tokens:
        if not (tok.text == "(" and tok.i + 2 < len(doc) and doc[tok.i + 2].text == ")"):
            continue
        acr = doc[tok.i + 1].text
        if not _ACRONYM.fullmatch(acr) or acr in long_forms:
            continue
        span = _long_form(doc, tok.i, acr)
        if span is None:
            continue
        named = _name_covering(names, span)
        long = named if named is not None else concept(span.start, span.end)
        if long is not None:
            long_forms[acr] = long
    found: list[Placed] = []
    for tok in tokens if long_forms else ():
        long = long_forms.get(tok.text)
        if long is None or skip(tok.idx, tok.idx + len(tok)):
            continue
        m = make_mention(doc, document, tok.i, tok.i + 1, long.label, MentionKind.ACRONYM, long)
        found.append(Placed(m, tok.i, tok.i + 1))
    return found


def _long_form(doc: Doc, paren: int, acr: str) -> Span | None:
    letters = [c for c in acr.rstrip("s") if c.isupper() or c == "&"]
    need = len(letters)
    i = paren - 1
    matched: list[int] = []
    # Walk back over the words whose initials spell the acronym, tolerating "of", "the", ….
    while i >= 0 and need > 0 and paren - i <= 2 * len(letters) + 3:
        word = doc[i]
        if word.text[:1].upper() == letters[need - 1] or word.text == letters[need - 1]:
            matched.append(i)
            need -= 1
        elif low(word) not in _ACRONYM_SKIPS:
            return None
        i -= 1
    if need or not matched:
        return None
    return doc[min(matched) : paren]


def _name_covering(names: Iterable[Placed], span: Span) -> Mention | None:
    for p in names:
        if p.start <= span.start and span.end <= p.end + 1 and p.end > span.start:
            return p.mention
        if span.start <= p.start and p.end <= span.end and (p.end - p.start) * 2 > len(span):
            return p.mention
    return None
