"""Plural pronouns: "they" for coordinated names, "we" inside a quote for the speaker's side.

Part of the extraction stage (used by kg/extract/mentions.py); must not import rdflib or any
later stage.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from kg.extract.coref import FIRST_PLURAL, PLURAL_PRONOUNS
from kg.extract.coref_syntax import shouted
from kg.extract.mentions_names import Placed, make_mention
from kg.extract.token_table import lowers_of, tokens_of
from kg.model import Document, Mention, MentionKind


def conjoined(
    doc: Doc, document: Document, pronouns: Sequence[Placed], names: Sequence[Placed]
) -> dict[int, list[Mention]]:
    """Return, per plural pronoun resolved to one of coordinated names, the others.

    "Amazon and IBM said they …": "they" points at Amazon (a Mention has one antecedent);
    the same words are also a mention of IBM, so facts about "they" hold for both.

    Returns:
        token index of the pronoun -> its extra mentions, one per other conjunct.
    """
    lowers = lowers_of(doc)
    pronouns = [
        p
        for p in pronouns
        if p.mention.kind is MentionKind.PRONOUN and lowers[p.start] in PLURAL_PRONOUNS
    ]
    if not pronouns:
        return {}  # most documents: finding every name's head would be work for nothing
    roots = {id(p.mention): doc[p.start : p.end].root for p in names}
    by_root = {roots[id(p.mention)].i: p for p in names}
    extra: dict[int, list[Mention]] = {}
    for p in pronouns:
        target = p.mention.antecedent
        if target is None or id(target) not in roots:
            continue
        for tok in roots[id(target)].conjuncts:
            other = by_root.get(tok.i)
            if other is None or other.mention.resolved() is target.resolved():
                continue
            label = other.mention.resolved().label
            m = make_mention(
                doc, document, p.start, p.end, label, MentionKind.PRONOUN, other.mention
            )
            extra.setdefault(p.start, []).append(m)
    return extra


def resolve_first_person(
    doc: Doc, document: Document, quotes: Sequence[tuple[int, int, Mention]]
) -> list[Placed]:
    """Return "we"/"our"/"us" inside quotes, resolved to the speaker's side.

    Args:
        quotes: (start char, end char, who speaks) for each quote; who speaks is the speaker's
            organization when known, else the speaker.
    """
    found: list[Placed] = []
    if not quotes:
        return found
    lowers = lowers_of(doc)
    for tok in tokens_of(doc):
        if lowers[tok.i] not in FIRST_PLURAL or shouted(tok):
            continue
        for start, end, speaker in quotes:
            if start <= tok.idx < end:
                label = speaker.resolved().label
                m = make_mention(
                    doc, document, tok.i, tok.i + 1, label, MentionKind.PRONOUN, speaker
                )
                found.append(Placed(m, tok.i, tok.i + 1))
                break
    return found
