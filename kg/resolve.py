"""Resolution stage: per-document extractions -> corpus-wide entities and triples.

Decides who is who: pronouns and descriptions follow their antecedents (set by extract/),
surface variants of one name merge ("Microsoft", "Microsoft Corp.", "the Microsoft"), and
every decision is recorded for review. Must not import spaCy or rdflib.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kg.aliases import Aliases
from kg.collector import collector_paused
from kg.model import (
    Corpus,
    DocExtraction,
    Document,
    Entity,
    Mention,
    MentionKind,
    MergeDecision,
    Modality,
    Polarity,
    Provenance,
    Relation,
    RelationKind,
    ResolvedQuote,
    Triple,
)
from kg.resolve_entities import Candidate, Resolver, canonical, mint_ids

# Provenance's fields before attributed_to: doc id, start, end, evidence, extractor, confidence,
# polarity, modality, time.
_ProvenanceHead = tuple[str, int, int, str, str, float, Polarity, Modality | None, str | None]


@dataclass(slots=True)  # not frozen: built once per fact, frozen init costs more
class _PendingTriple:
    subject: Candidate
    predicate: str
    object: Candidate
    # The Provenance is built once every entity id is minted, the speaker's (attributed_to)
    # among them: once, instead of built now and replaced.
    provenance: _ProvenanceHead
    reported_with: str | None
    speaker: Candidate | None
    kind: RelationKind


@dataclass(slots=True)
class _PendingQuote:
    doc_id: str
    start: int
    end: int
    text: str
    speaker: Candidate | None


def resolve(extractions: Iterable[DocExtraction], aliases: Aliases | None = None) -> Corpus:
    """Resolve per-document extractions into one corpus of entities and triples.

    Names merge when they agree after normalising case, a leading "the", possessives and
    legal suffixes; partial names and pronouns merge only through antecedents found in
    their own document, so two Smiths in two articles stay two people. `aliases` overrules
    both: forced merges ("MSFT" is Microsoft) and names kept apart.
    """
    with collector_paused():
        return _resolve(extractions, aliases)


def _resolve(extractions: Iterable[DocExtraction], aliases: Aliases | None) -> Corpus:
    resolver = Resolver(aliases or Aliases())
    documents: list[Document] = []
    pending_triples: list[_PendingTriple] = []
    pending_quotes: list[_PendingQuote] = []

    note = resolver.count

    for extraction in extractions:
        document = extraction.document
        documents.append(document)
        for mention in extraction.mentions:
            note(mention)
        shared = _shared_pronouns(extraction.mentions)
        for relation in extraction.relations:
            # "Amazon and IBM … they ban it": a fact about "they" is a fact about each of them.
            for subject_mention in _each(relation.subject, shared):
                for object_mention in _each(relation.object, shared):
                    fact = _fact(resolver, document, relation, subject_mention, object_mention)
                    if fact is not None:
                        pending_triples.append(fact)
        for quote in extraction.quotes:
            speaker_key = note(quote.speaker) if quote.speaker else None
            pending_quotes.append(
                _PendingQuote(quote.doc_id, quote.start, quote.end, quote.text, speaker_key)
            )

    mint_ids(resolver)
    return _assemble(resolver, documents, pending_triples, pending_quotes)


Span = tuple[int, int]


def _shared_pronouns(mentions: tuple[Mention, ...]) -> dict[Span, list[Mention]]:
    """Return the pronouns listed once per antecedent ("they" for "Amazon and IBM")."""
    spans: dict[Span, list[Mention]] = {}
    for mention in mentions:
        if mention.kind is MentionKind.PRONOUN:
            spans.setdefault((mention.start, mention.end), []).append(mention)
    return {span: found for span, found in spans.items() if len(found) > 1}


def _each(mention: Mention, shared: dict[Span, list[Mention]]) -> list[Mention]:
    if shared and mention.kind is MentionKind.PRONOUN:
        found = shared.get((mention.start, mention.end))
        if found is not None and mention in found:
            return found
    return [mention]


def _fact(
    resolver: Resolver,
    document: Document,
    relation: Relation,
    subject_mention: Mention,
    object_mention: Mention,
) -> _PendingTriple | None:
    named_subject = resolver.named(subject_mention)
    named_object = resolver.named(object_mention, relation.kind is RelationKind.TYPE)
    if named_subject is None or named_object is None:
        return None  # half a fact: its other argument must not become an entity by it
    subject = resolver.count(subject_mention, named_subject)
    obj = resolver.count(object_mention, named_object)
    if subject is None or obj is None or subject is obj:
        return None
    speaker = resolver.count(relation.attributed_to) if relation.attributed_to else None
    start, end = _trimmed(document.text, relation.evidence_start, relation.evidence_end)
    provenance = (
        document.id,
        start,
        end,
        document.text[start:end],
        relation.extractor,
        round(relation.confidence, 3),
        relation.polarity,
        relation.modality,
        relation.time,
    )
    predicate = resolver.predicate(relation.predicate)
    return _PendingTriple(
        subject, predicate, obj, provenance, relation.reported_with, speaker, relation.kind
    )


def _assemble(
    resolver: Resolver,
    documents: list[Document],
    pending_triples: list[_PendingTriple],
    pending_quotes: list[_PendingQuote],
) -> Corpus:
    entities = []
    for candidate in resolver.candidates.values():
        label = canonical(candidate.surfaces)
        seen = candidate.alt_labels
        if len(candidate.surfaces) == 1 and (not seen or (len(seen) == 1 and label in seen)):
            alts: list[str] = []  # most entities: one name, nothing else to list
        else:
            alts = sorted(a for a in seen | set(candidate.surfaces) if a != label)
        entities.append(
            Entity(
                id=candidate.entity_id,
                label=label,
                type=candidate.entity_type,
                alt_labels=tuple(alts),
                doc_ids=tuple(
                    sorted(candidate.doc_ids) if len(candidate.doc_ids) > 1 else candidate.doc_ids
                ),
            )
        )
    triples: set[Triple] = set()
    for pending in pending_triples:
        speaker = pending.speaker.entity_id if pending.speaker is not None else None
        provenance = Provenance(*pending.provenance, speaker, pending.reported_with)
        triples.add(
            Triple(
                pending.subject.entity_id,
                pending.predicate,
                pending.object.entity_id,
                provenance,
                pending.kind,
            )
        )
    quotes = {
        ResolvedQuote(q.doc_id, q.start, q.end, q.text, q.speaker.entity_id if q.speaker else None)
        for q in pending_quotes
    }
    # Sorted as plain tuples (entity id, document, surface, reason), then built.
    merges = [
        MergeDecision(entity_id, surface, doc_id, reason)
        for entity_id, doc_id, surface, reason in sorted(
            (candidate.entity_id, doc_id, surface, reason)
            for candidate, surface, doc_id, reason in resolver.decisions
        )
    ]
    return Corpus(
        documents=tuple(sorted(documents, key=lambda d: d.id)),
        entities=tuple(sorted(entities, key=lambda e: e.id)),
        triples=tuple(sorted(triples, key=_triple_order)),
        quotes=tuple(sorted(quotes, key=_quote_order)),
        mentions=_mention_pairs(resolver.candidates.values()),
        merges=tuple(merges),
    )


def _mention_pairs(candidates: Iterable[Candidate]) -> tuple[tuple[str, str], ...]:
    # Each (doc id, entity id) pair once, in sorted order: an entity is mentioned in the
    # documents it was counted in. Sorted by document first, then by entity within each: the
    # order of sorting the pairs, without comparing two tuples of strings each time.
    by_doc: dict[str, list[str]] = {}
    for candidate in candidates:
        for doc_id in candidate.doc_ids:
            by_doc.setdefault(doc_id, []).append(candidate.entity_id)
    return tuple(
        (doc_id, entity_id) for doc_id in sorted(by_doc) for entity_id in sorted(by_doc[doc_id])
    )


def _quote_order(quote: ResolvedQuote) -> tuple[str, int, int, str, str]:
    return quote.doc_id, quote.start, quote.end, quote.text, quote.speaker_id or ""


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink start:end past surrounding white space, so the offsets frame the evidence."""
    while start < end - 1 and text[start].isspace():
        start += 1
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return start, end


def _triple_order(triple: Triple) -> tuple[object, ...]:
    # Every field: two facts of one sentence that differ only in polarity, modality or speaker
    # must not come out in the order of a set, which changes from one process to the next
    # (hash(None) is an address before Python 3.12). The enums are StrEnums: they sort as
    # their values, without a call to Enum's .value per fact.
    p = triple.provenance
    return (
        p.doc_id,
        p.start,
        p.end,
        triple.subject_id,
        triple.predicate,
        triple.object_id,
        p.extractor,
        p.polarity,
        p.modality or "",
        p.time or "",
        p.attributed_to or "",
        p.reported_with or "",
        p.confidence,
        p.evidence,
        triple.kind,
    )
