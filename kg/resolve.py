"""Resolution stage: per-document extractions -> corpus-wide entities and triples.

Decides who is who: pronouns and descriptions follow their antecedents (set by extract/),
surface variants of one name merge ("Microsoft", "Microsoft Corp.", "the Microsoft"), and
every decision is recorded for review. Must not import spaCy or rdflib.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from kg.aliases import Aliases
from kg.model import (
    ENTITY_TYPE_BY_LABEL,
    Corpus,
    DocExtraction,
    Document,
    Entity,
    EntityType,
    Mention,
    MentionKind,
    MergeDecision,
    Provenance,
    RelationKind,
    ResolvedQuote,
    Triple,
)
from kg.names import clean_surface, concept_label, merge_key, name_label
from kg.vocab import slugify, type_segment

_SPACE = re.compile(r"\s+")
_NAME_KINDS = frozenset({MentionKind.NAME, MentionKind.ACRONYM, MentionKind.CONCEPT})


EntityKey = tuple[EntityType, str]


@dataclass(frozen=True, slots=True)
class _PendingTriple:
    subject: EntityKey
    predicate: str
    object: EntityKey
    provenance: Provenance
    speaker: EntityKey | None
    kind: RelationKind


@dataclass(frozen=True, slots=True)
class _PendingQuote:
    doc_id: str
    start: int
    end: int
    text: str
    speaker: EntityKey | None


@dataclass(slots=True)
class _Candidate:
    entity_type: EntityType
    key: str
    surfaces: Counter[str] = field(default_factory=Counter)
    doc_ids: set[str] = field(default_factory=set)
    kinds: set[MentionKind] = field(default_factory=set)


class _Resolver:
    """Maps mentions to entity keys while the corpus streams past, then mints entities."""

    def __init__(self, aliases: Aliases) -> None:
        self.aliases = aliases
        self.candidates: dict[EntityKey, _Candidate] = {}
        self.decisions: set[tuple[EntityKey, str, str, str]] = set()

    def named(self, mention: Mention) -> tuple[Mention, EntityType, str] | None:
        """Return the mention's anchor, type and label, or None if it names no entity.

        No side effect: a relation checks both arguments with it before either is counted.
        """
        anchor = mention.resolved()
        if mention.kind is MentionKind.NAME and self.aliases.kept_apart(
            clean_surface(mention.text)
        ):
            anchor = mention  # the user said this name is its own entity
        if anchor.kind not in _NAME_KINDS:
            return None  # an unresolved pronoun or description is never an entity
        entity_type = ENTITY_TYPE_BY_LABEL.get(anchor.label)
        if entity_type is None:
            return None
        if entity_type is EntityType.CONCEPT:
            label = concept_label(anchor.text)
        else:
            label = name_label(anchor.text, entity_type)
        return (anchor, entity_type, label) if label else None

    def key_of(self, mention: Mention) -> EntityKey | None:
        named = self.named(mention)
        if named is None:
            return None
        anchor, entity_type, label = named
        forced = self.aliases.canonical(label)
        if forced is not None:
            self.decisions.add(
                (
                    (entity_type, merge_key(forced, entity_type)),
                    label,
                    mention.doc_id,
                    "aliases file",
                )
            )
            label = forced
        key = (entity_type, merge_key(label, entity_type))
        candidate = self.candidates.get(key)
        if candidate is None:
            candidate = self.candidates[key] = _Candidate(entity_type, key[1])
        candidate.surfaces[label] += 1
        candidate.doc_ids.add(mention.doc_id)
        candidate.kinds.add(anchor.kind)
        self._record(key, mention, anchor, label)
        return key

    def _record(self, key: EntityKey, mention: Mention, anchor: Mention, label: str) -> None:
        if mention is not anchor:
            surface = clean_surface(mention.text)
            if mention.kind in (MentionKind.NAME, MentionKind.ACRONYM):
                reason = f"{mention.kind.value} of {anchor.text!r} in the same document"
            else:
                reason = f"{mention.kind.value} referring to {anchor.text!r}"
            self.decisions.add((key, surface, mention.doc_id, reason))
        elif clean_surface(anchor.text) != label or label.casefold() != key[1]:
            self.decisions.add((key, anchor.text, mention.doc_id, "same name after normalising"))

    def alt_surfaces(self, mention: Mention) -> str | None:
        """Return a name-like surface form worth an alternative label, if any."""
        if mention.kind in (MentionKind.NAME, MentionKind.ACRONYM):
            return clean_surface(mention.text)
        return None


def _mint_ids(resolver: _Resolver) -> dict[EntityKey, str]:
    ids: dict[EntityKey, str] = {}
    taken: set[str] = set()
    for key in sorted(resolver.candidates, key=lambda k: (k[0].value, k[1])):
        base = f"{type_segment(key[0])}/{slugify(key[1])}"
        entity_id = base
        if entity_id in taken:  # "AT&T" and "AT T" share a slug but are different names
            entity_id = f"{base}-{slugify(repr(key))[-8:]}"
        taken.add(entity_id)
        ids[key] = entity_id
    return ids


def _canonical(surfaces: Counter[str]) -> str:
    # The most frequent form wins; among equals the fullest, then a fixed order.
    return min(surfaces, key=lambda s: (-surfaces[s], -len(s), s))


def resolve(extractions: Iterable[DocExtraction], aliases: Aliases | None = None) -> Corpus:
    """Resolve per-document extractions into one corpus of entities and triples.

    Names merge when they agree after normalising case, a leading "the", possessives and
    legal suffixes; partial names and pronouns merge only through antecedents found in
    their own document, so two Smiths in two articles stay two people. `aliases` overrules
    both: forced merges ("MSFT" is Microsoft) and names kept apart.
    """
    resolver = _Resolver(aliases or Aliases())
    documents: list[Document] = []
    alt_labels: dict[EntityKey, set[str]] = defaultdict(set)
    mentions: set[tuple[str, EntityKey]] = set()
    pending_triples: list[_PendingTriple] = []
    pending_quotes: list[_PendingQuote] = []

    def note(mention: Mention) -> EntityKey | None:
        key = resolver.key_of(mention)
        if key is not None:
            mentions.add((mention.doc_id, key))
            surface = resolver.alt_surfaces(mention)
            if surface:
                alt_labels[key].add(surface)
        return key

    for extraction in extractions:
        document = extraction.document
        documents.append(document)
        for mention in extraction.mentions:
            note(mention)
        for relation in extraction.relations:
            if resolver.named(relation.subject) is None or resolver.named(relation.object) is None:
                continue  # half a fact: its other argument must not become an entity by it
            subject, obj = note(relation.subject), note(relation.object)
            if subject is None or obj is None or subject == obj:
                continue
            speaker = note(relation.attributed_to) if relation.attributed_to else None
            start, end = _trimmed(document.text, relation.evidence_start, relation.evidence_end)
            provenance = Provenance(
                doc_id=document.id,
                start=start,
                end=end,
                evidence=document.text[start:end],
                extractor=relation.extractor,
                confidence=round(relation.confidence, 3),
                polarity=relation.polarity,
                modality=relation.modality,
                time=relation.time,
                attributed_to=None,
            )
            predicate = _SPACE.sub(" ", relation.predicate.strip().lower())
            pending_triples.append(
                _PendingTriple(subject, predicate, obj, provenance, speaker, relation.kind)
            )
        for quote in extraction.quotes:
            speaker_key = note(quote.speaker) if quote.speaker else None
            pending_quotes.append(
                _PendingQuote(quote.doc_id, quote.start, quote.end, quote.text, speaker_key)
            )

    ids = _mint_ids(resolver)
    return _assemble(
        resolver, ids, documents, alt_labels, mentions, pending_triples, pending_quotes
    )


def _assemble(
    resolver: _Resolver,
    ids: dict[EntityKey, str],
    documents: list[Document],
    alt_labels: dict[EntityKey, set[str]],
    mentions: set[tuple[str, EntityKey]],
    pending_triples: list[_PendingTriple],
    pending_quotes: list[_PendingQuote],
) -> Corpus:
    entities = []
    for key, candidate in resolver.candidates.items():
        label = _canonical(candidate.surfaces)
        alts = sorted(a for a in alt_labels.get(key, set()) | set(candidate.surfaces) if a != label)
        entities.append(
            Entity(
                id=ids[key],
                label=label,
                type=candidate.entity_type,
                alt_labels=tuple(alts),
                doc_ids=tuple(sorted(candidate.doc_ids)),
            )
        )
    triples: set[Triple] = set()
    for pending in pending_triples:
        provenance = pending.provenance
        if pending.speaker is not None:
            provenance = replace(provenance, attributed_to=ids[pending.speaker])
        triples.add(
            Triple(
                ids[pending.subject],
                pending.predicate,
                ids[pending.object],
                provenance,
                pending.kind,
            )
        )
    quotes = {
        ResolvedQuote(q.doc_id, q.start, q.end, q.text, ids[q.speaker] if q.speaker else None)
        for q in pending_quotes
    }
    merges = sorted(
        (
            MergeDecision(ids[key], surface, doc_id, reason)
            for key, surface, doc_id, reason in resolver.decisions
        ),
        key=lambda m: (m.entity_id, m.doc_id, m.surface, m.reason),
    )
    return Corpus(
        documents=tuple(sorted(documents, key=lambda d: d.id)),
        entities=tuple(sorted(entities, key=lambda e: e.id)),
        triples=tuple(sorted(triples, key=_triple_order)),
        quotes=tuple(sorted(quotes, key=lambda q: (q.doc_id, q.start))),
        mentions=tuple(sorted((doc_id, ids[key]) for doc_id, key in mentions)),
        merges=tuple(merges),
    )


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink start:end past surrounding white space, so the offsets frame the evidence."""
    while start < end - 1 and text[start].isspace():
        start += 1
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return start, end


def _triple_order(triple: Triple) -> tuple[str, int, int, str, str, str, str]:
    p = triple.provenance
    return (
        p.doc_id,
        p.start,
        p.end,
        triple.subject_id,
        triple.predicate,
        triple.object_id,
        p.extractor,
    )
