"""Where each entity mention of one parsed document sits on its tokens, and which reading wins.

Part of the extraction stage (spaCy Doc -> Mentions); kg/extract/mentions.py keeps the mentions
of its MentionIndex in a MentionTable. Must not import rdflib or any later stage.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc

from kg.extract.mentions_names import Placed
from kg.model import Mention, MentionKind


class MentionTable:
    """Entity mentions placed on token spans, in document order, looked up by token.

    A later reading of the same words (an acronym, a description) replaces the earlier one.
    """

    def __init__(self, doc: Doc) -> None:
        self._doc = doc
        self._by_token: dict[int, Mention] = {}
        self._by_head: dict[int, Mention] = {}
        self._placed: list[Placed] = []

    def add(self, placed: Iterable[Placed]) -> None:
        """Place mentions, each replacing every mention that shares a token with it."""
        for p in placed:
            replaced = {id(m) for i in range(p.start, p.end) if (m := self._by_token.get(i))}
            if replaced:
                self._drop(replaced)
            self._placed.append(p)
            for i in range(p.start, p.end):
                self._by_token[i] = p.mention
            root = self._doc[p.start : p.end].root.i
            self._by_head[root] = p.mention
        self._placed.sort(key=lambda q: q.start)

    def remove_at(self, tokens: Iterable[int]) -> None:
        """Remove the mentions that cover any of these token indices."""
        stale = {id(m) for i in tokens if (m := self._by_token.get(i)) is not None}
        self._drop(stale)

    def _drop(self, stale: set[int]) -> None:
        self._placed = [p for p in self._placed if id(p.mention) not in stale]
        for table in (self._by_token, self._by_head):
            for i in [i for i, m in table.items() if id(m) in stale]:
                del table[i]

    def at(self, i: int) -> Mention | None:
        """Return the mention headed by token i, else the one covering it, else None."""
        return self._by_head.get(i) or self._by_token.get(i)

    def placed(self) -> tuple[Placed, ...]:
        """Return every mention with its token span, in document order."""
        return tuple(self._placed)

    def names(self) -> list[Placed]:
        """Return the names and acronyms, in document order: the antecedents of references."""
        return [
            p for p in self._placed if p.mention.kind in (MentionKind.NAME, MentionKind.ACRONYM)
        ]
