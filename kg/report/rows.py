"""Report stage: the plain rows the build report shows, collected by kg.report.data.

Frozen dataclasses of strings and numbers, already sorted for display; no rdflib, no I/O.
Must not import spaCy or pyvis.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """One document and the facts read from it."""

    name: str  # its source path, else its name, else the end of its IRI
    headline: str
    date: str
    statements: int
    negative: int
    hedged: int
    quotes: int
    entities: int


@dataclass(frozen=True, slots=True)
class CentralEntity:
    """An entity in the centrality ranking."""

    label: str
    type: str
    pagerank: float
    degree: int
    documents: int


@dataclass(frozen=True, slots=True)
class CommunityRow:
    """A community: its number (kg:community), size and members to name (label, type)."""

    number: int
    size: int
    members: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Claim:
    """A negated or hedged statement with the sentence it was read from."""

    subject: str
    relation: str
    object: str
    modality: str
    said_by: str
    evidence: str
    document: str


@dataclass(frozen=True, slots=True)
class SpeakerQuotes:
    """Every quote of one speaker (label "" when the speaker is unknown): (text, document)."""

    label: str
    type: str
    quotes: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Report:
    """Everything the build report shows, sorted for display."""

    documents: tuple[DocumentRow, ...]
    sentences: int | None  # from the build's counts; the graph does not record it
    evidence_sentences: int  # distinct sentences at least one statement was read from
    entities_by_type: tuple[tuple[str, int], ...]
    statements: int
    positive: int  # positive and unhedged: also asserted as plain triples
    negative: int  # negated, hedged or not
    hedged: int  # positive with a modality
    quotes: int
    central: tuple[CentralEntity, ...]
    rank_source: str  # "materialised" (kg:pageRank) or "computed" (analyze.pagerank)
    communities: tuple[CommunityRow, ...]
    community_count: int  # all communities, singletons included
    negated: tuple[Claim, ...]
    hedged_claims: tuple[Claim, ...]
    speakers: tuple[SpeakerQuotes, ...]
