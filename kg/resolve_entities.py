"""Resolution, part one: which entity each mention names, counted as the corpus streams past.

Used by kg/resolve.py. Decides what an anchor text normalises to (once per distinct text),
counts names towards entities and records every merge decision for review; ids are minted
once the whole corpus is known. Must not import spaCy or rdflib.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.aliases import Aliases
from kg.model import ENTITY_TYPE_BY_LABEL, EntityType, Mention, MentionKind
from kg.names import class_label, clean_surface, concept_label, merge_key, name_label
from kg.vocab import slugify, type_segment

_SPACE = re.compile(r"\s+")
_NAME_KINDS = frozenset({MentionKind.NAME, MentionKind.ACRONYM, MentionKind.CONCEPT})


EntityKey = tuple[EntityType, str]
_CLASS = "class"  # what a TYPE relation's object is looked up as (no spaCy label is lowercase)


@dataclass(slots=True, eq=False)  # hashed by identity: cheaper than an (Enum, str) key
class Candidate:
    """One entity in the making: the names counted for it and where they were seen."""

    entity_type: EntityType
    key: str
    # A plain dict: one Counter per entity costs more to build than all its updates.
    surfaces: dict[str, int] = field(default_factory=dict)
    doc_ids: set[str] = field(default_factory=set)
    alt_labels: set[str] = field(default_factory=set)
    entity_id: str = ""  # minted once every name of the corpus is known


@dataclass(slots=True)
class Surface:
    """What one anchor text with one label names, worked out once per build."""

    key: EntityKey
    label: str  # the label it contributes, after the aliases file
    forced_from: str | None  # the label the aliases file replaced, if it did
    renamed: bool  # normalising changed the text: a decision worth recording
    # Made on the first mention counted: checking a relation's arguments creates nothing.
    candidate: Candidate | None = None


class Resolver:
    """Maps mentions to entity keys while the corpus streams past, then mints entities.

    Names repeat all over a corpus ("it", "Microsoft", "the company"), so what a surface form
    normalises to is computed once per distinct text and label, not once per mention.
    """

    def __init__(self, aliases: Aliases) -> None:
        self.aliases = aliases
        self.candidates: dict[EntityKey, Candidate] = {}
        self.decisions: set[tuple[Candidate, str, str, str]] = set()
        self._surfaces: dict[tuple[str, str], Surface | None] = {}
        self._clean: dict[str, str] = {}
        self._apart: dict[str, bool] = {}
        self._reasons: dict[tuple[MentionKind, str], str] = {}
        self._predicates: dict[str, str] = {}

    def clean(self, text: str) -> str:
        found = self._clean.get(text)
        if found is None:
            found = self._clean[text] = clean_surface(text)
        return found

    def _kept_apart(self, text: str) -> bool:
        found = self._apart.get(text)
        if found is None:
            found = self._apart[text] = self.aliases.kept_apart(self.clean(text))
        return found

    def named(self, mention: Mention, as_class: bool = False) -> tuple[Mention, Surface] | None:
        """Return the mention's anchor and what it names, or None if it names no entity.

        No side effect on the counts: a relation checks both arguments with it before either
        is counted.
        """
        anchor = mention.resolved()
        if (
            anchor is not mention
            and mention.kind is MentionKind.NAME
            and self._kept_apart(mention.text)
        ):
            anchor = mention  # the user said this name is its own entity
        if anchor.kind not in _NAME_KINDS:
            return None  # an unresolved pronoun or description is never an entity
        # A class ("technology companies" in "companies like IBM") is named in the singular.
        as_class = as_class and anchor.kind is MentionKind.CONCEPT
        at = (_CLASS if as_class else anchor.label, anchor.text)
        if at in self._surfaces:
            found = self._surfaces[at]
        else:
            found = self._surfaces[at] = self._surface(anchor.label, anchor.text, as_class)
        return (anchor, found) if found is not None else None

    def _surface(self, label: str, text: str, as_class: bool) -> Surface | None:
        entity_type = ENTITY_TYPE_BY_LABEL.get(label)
        if entity_type is None:
            return None
        if as_class:
            name = class_label(text)
        elif entity_type is EntityType.CONCEPT:
            name = concept_label(text)
        else:
            name = name_label(text, entity_type)
        if not name:
            return None
        forced = self.aliases.canonical(name)
        shown = forced if forced is not None else name
        key = (entity_type, merge_key(shown, entity_type))
        renamed = self.clean(text) != shown or shown.casefold() != key[1]
        return Surface(key, shown, name if forced is not None else None, renamed)

    def count(
        self, mention: Mention, named: tuple[Mention, Surface] | None = None
    ) -> Candidate | None:
        """Count a mention towards its entity, record why, and return the entity's key."""
        if named is None:
            named = self.named(mention)
            if named is None:
                return None
        anchor, surface = named
        candidate = surface.candidate
        if candidate is None:
            candidate = self.candidates.get(surface.key)
            if candidate is None:
                candidate = self.candidates[surface.key] = Candidate(*surface.key)
            surface.candidate = candidate
        key = candidate
        doc_id = mention.doc_id
        if surface.forced_from is not None:
            self.decisions.add((key, surface.forced_from, doc_id, "aliases file"))
        label = surface.label
        candidate.surfaces[label] = candidate.surfaces.get(label, 0) + 1
        candidate.doc_ids.add(doc_id)  # also the corpus's (document, entity) mention pairs
        kind = mention.kind
        if kind is MentionKind.NAME or kind is MentionKind.ACRONYM:
            # A name-like surface form is worth an alternative label.
            alt = self.clean(mention.text)
            if alt:
                candidate.alt_labels.add(alt)
        if mention is not anchor:
            self.decisions.add(
                (key, self.clean(mention.text), doc_id, self._reason(mention, anchor))
            )
        elif surface.renamed:
            self.decisions.add((key, anchor.text, doc_id, "same name after normalising"))
        return key

    def predicate(self, text: str) -> str:
        """Return a predicate as read, normalised: lowercase words with single spaces."""
        found = self._predicates.get(text)
        if found is None:
            found = self._predicates[text] = _SPACE.sub(" ", text.strip().lower())
        return found

    def _reason(self, mention: Mention, anchor: Mention) -> str:
        at = (mention.kind, anchor.text)
        reason = self._reasons.get(at)
        if reason is None:
            if mention.kind in (MentionKind.NAME, MentionKind.ACRONYM):
                reason = f"{mention.kind.value} of {anchor.text!r} in the same document"
            else:
                reason = f"{mention.kind.value} referring to {anchor.text!r}"
            self._reasons[at] = reason
        return reason


def mint_ids(resolver: Resolver) -> None:
    """Give every entity its id, "{type}/{slug}", in a fixed order so ids are stable."""
    taken: set[str] = set()
    # Enum attribute lookups are slow Python calls; there are few types and many entities.
    values = {t: t.value for t in EntityType}
    segments = {t: type_segment(t) for t in EntityType}
    for key in sorted(resolver.candidates, key=lambda k: (values[k[0]], k[1])):
        base = f"{segments[key[0]]}/{slugify(key[1])}"
        entity_id = base
        if entity_id in taken:  # "AT&T" and "AT T" share a slug but are different names
            entity_id = f"{base}-{slugify(repr(key))[-8:]}"
        taken.add(entity_id)
        resolver.candidates[key].entity_id = entity_id


def canonical(surfaces: dict[str, int]) -> str:
    """Return the label an entity shows among the names counted for it."""
    # The most frequent form wins; among equals the fullest, then a fixed order.
    if len(surfaces) == 1:
        return next(iter(surfaces))
    return min(surfaces, key=lambda s: (-surfaces[s], -len(s), s))
