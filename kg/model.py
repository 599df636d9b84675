"""The plain data that flows between kg's stages.

Every type is a frozen, slotted dataclass that checks its invariants when built. Positions are
character offsets into `Document.text` (end exclusive), never token indices.
Must not import spaCy, rdflib or any other kg stage; no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Polarity(StrEnum):
    """Whether the text states a fact or its denial."""

    POSITIVE = "positive"
    NEGATIVE = "negative"


class Modality(StrEnum):
    """How firmly the text states a fact. A fact with a modality is never asserted plainly."""

    WOULD = "would"
    COULD = "could"
    CAN = "can"
    MAY = "may"
    MIGHT = "might"
    SHOULD = "should"
    MUST = "must"
    CONDITIONAL = "conditional"  # "… until we have a national law", "if …"
    REPORTED = "reported"  # "X said that …", "according to X": true only on X's word


class MentionKind(StrEnum):
    """What kind of words refer to an entity; only names become labels."""

    NAME = "name"  # "Brad Smith", "Microsoft"
    ACRONYM = "acronym"  # "FRT" after "facial recognition technology (FRT)"
    PRONOUN = "pronoun"  # "it", "its", "they", "we"
    DESCRIPTION = "description"  # "the company", "the firm"
    CONCEPT = "concept"  # a non-named argument: "facial recognition technology"


class RelationKind(StrEnum):
    """What a relation says; roles and types are declared specially in RDF."""

    ACTION = "action"  # "Microsoft announce moratorium", "Amazon ban police"
    ROLE = "role"  # "Brad Smith president of Microsoft": a person's position in an organization
    TYPE = "type"  # "Fight for the Future is a digital rights group"


class EntityType(StrEnum):
    """The kind of thing an entity is; values are schema.org / SKOS class local names."""

    PERSON = "Person"
    ORGANIZATION = "Organization"
    PLACE = "Place"
    EVENT = "Event"
    PRODUCT = "Product"
    CREATIVE_WORK = "CreativeWork"
    LEGISLATION = "Legislation"
    LANGUAGE = "Language"
    GROUP = "Group"  # nationalities, religious and political groups (spaCy's NORP)
    CONCEPT = "Concept"  # skos:Concept: a non-named argument


# spaCy's OntoNotes labels -> entity types. Labels absent here (DATE, MONEY, CARDINAL, …) are
# values, not entities: they become qualifiers or literals, never nodes.
ENTITY_TYPE_BY_LABEL: dict[str, EntityType] = {
    "PERSON": EntityType.PERSON,
    "ORG": EntityType.ORGANIZATION,
    "GPE": EntityType.PLACE,
    "LOC": EntityType.PLACE,
    "FAC": EntityType.PLACE,
    "EVENT": EntityType.EVENT,
    "PRODUCT": EntityType.PRODUCT,
    "WORK_OF_ART": EntityType.CREATIVE_WORK,
    "LAW": EntityType.LEGISLATION,
    "LANGUAGE": EntityType.LANGUAGE,
    "NORP": EntityType.GROUP,
    "CONCEPT": EntityType.CONCEPT,
}


def _check_span(where: str, start: int, end: int) -> None:
    if not 0 <= start < end:
        raise ValueError(f"{where}: bad span {start}:{end}")


@dataclass(frozen=True, slots=True)
class Document:
    """One input text with where it came from.

    `id` is stable and unique within a build (a relative path, or a .jsonl id/line).
    """

    id: str
    text: str
    source: str  # path or URL it was read from, as the user gave it
    title: str | None = None
    date: str | None = None  # ISO 8601 date when known
    url: str | None = None
    sha256: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError(f"{self.source}: a document needs an id")


@dataclass(frozen=True, slots=True)
class Mention:
    """Words in a document that refer to an entity.

    A pronoun, description or acronym points at the mention it stands for through
    `antecedent`; resolution follows that chain to the name.
    """

    doc_id: str
    start: int
    end: int
    text: str
    label: str  # spaCy entity label ("ORG", "PERSON", …) or "CONCEPT"
    kind: MentionKind = MentionKind.NAME
    antecedent: Mention | None = None

    def __post_init__(self) -> None:
        _check_span(self.doc_id, self.start, self.end)
        if self.antecedent is not None and self.antecedent.doc_id != self.doc_id:
            raise ValueError(f"{self.doc_id}: antecedent from another document")

    def resolved(self) -> Mention:
        """Return the mention at the end of the antecedent chain (the name, if any)."""
        mention = self
        seen = 0
        while mention.antecedent is not None and seen < 50:
            mention = mention.antecedent
            seen += 1
        return mention


@dataclass(frozen=True, slots=True)
class Relation:
    """A fact stated in one sentence: subject -predicate-> object, with how it was stated.

    `predicate` is in plain lowercase words, lemmatised: "announce", "sell to", "president of".
    """

    subject: Mention
    predicate: str
    object: Mention
    extractor: str
    evidence_start: int  # the sentence the fact was read from
    evidence_end: int
    polarity: Polarity = Polarity.POSITIVE
    modality: Modality | None = None
    time: str | None = None  # "Thursday", "last year"
    attributed_to: Mention | None = None  # the speaker or source it is reported from
    confidence: float = 0.5
    kind: RelationKind = RelationKind.ACTION
    reported_with: str | None = None  # the verb of saying: "announce", "say", "according to"

    def __post_init__(self) -> None:
        _check_span(self.subject.doc_id, self.evidence_start, self.evidence_end)
        if not self.predicate.strip():
            raise ValueError(f"{self.subject.doc_id}: empty predicate")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"{self.subject.doc_id}: confidence {self.confidence} not in [0, 1]")
        if self.object.doc_id != self.subject.doc_id:
            raise ValueError(f"{self.subject.doc_id}: relation spans two documents")

    @property
    def doc_id(self) -> str:
        return self.subject.doc_id

    @property
    def asserted(self) -> bool:
        """True when the fact may stand as a plain triple: positive and unhedged."""
        return self.polarity is Polarity.POSITIVE and self.modality is None


@dataclass(frozen=True, slots=True)
class Quote:
    """Words a speaker said, quoted directly."""

    doc_id: str
    start: int  # the quoted text, without the quotation marks
    end: int
    text: str
    speaker: Mention | None = None

    def __post_init__(self) -> None:
        _check_span(self.doc_id, self.start, self.end)


@dataclass(frozen=True, slots=True)
class DocExtraction:
    """Everything kg keeps from one parsed document; the spaCy Doc itself is dropped."""

    document: Document
    sentences: int
    mentions: tuple[Mention, ...] = ()  # every entity mention, named or not
    relations: tuple[Relation, ...] = ()
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world thing, as resolved across the corpus.

    `id` is "{type}/{slug}" (e.g. "organization/microsoft"); vocab.py turns it into an IRI.
    """

    id: str
    label: str  # the canonical, fullest name
    type: EntityType
    alt_labels: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] = ()
    description: str | None = None  # "the digital rights group"

    def __post_init__(self) -> None:
        if "/" not in self.id or not self.label:
            raise ValueError(f"bad entity id or label: {self.id!r} {self.label!r}")


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where and how a fact was read."""

    doc_id: str
    start: int  # the evidence sentence, as offsets into the document
    end: int
    evidence: str
    extractor: str
    confidence: float
    polarity: Polarity = Polarity.POSITIVE
    modality: Modality | None = None
    time: str | None = None
    attributed_to: str | None = None  # entity id of the speaker
    reported_with: str | None = None  # the verb of saying: "announce", "say", "according to"

    def __post_init__(self) -> None:
        _check_span(self.doc_id, self.start, self.end)


@dataclass(frozen=True, slots=True)
class Triple:
    """A resolved fact between two entities, with its provenance."""

    subject_id: str
    predicate: str
    object_id: str
    provenance: Provenance
    kind: RelationKind = RelationKind.ACTION

    @property
    def asserted(self) -> bool:
        """True when the fact may stand as a plain triple: positive and unhedged."""
        p = self.provenance
        return p.polarity is Polarity.POSITIVE and p.modality is None


@dataclass(frozen=True, slots=True)
class ResolvedQuote:
    """A quote whose speaker is resolved to an entity id (or unknown)."""

    doc_id: str
    start: int
    end: int
    text: str
    speaker_id: str | None


@dataclass(frozen=True, slots=True)
class MergeDecision:
    """Why a surface form was counted as a given entity; written for review."""

    entity_id: str
    surface: str
    doc_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class Corpus:
    """The resolved graph content, ready to be turned into RDF."""

    documents: tuple[Document, ...]
    entities: tuple[Entity, ...]
    triples: tuple[Triple, ...]
    quotes: tuple[ResolvedQuote, ...] = ()
    mentions: tuple[tuple[str, str], ...] = ()  # (doc id, entity id) pairs
    merges: tuple[MergeDecision, ...] = ()


@dataclass(frozen=True, slots=True)
class Skipped:
    """A document that could not be read or processed, and why."""

    source: str
    reason: str


@dataclass(slots=True)
class BuildStats:
    """Counts and timings a build reports."""

    documents: int = 0
    reused: int = 0  # documents whose extraction came from the previous build's cache
    sentences: int = 0
    entities_by_type: dict[str, int] = field(default_factory=dict)
    positive: int = 0
    negative: int = 0
    hedged: int = 0
    quotes: int = 0
    triples: int = 0
    seconds_by_stage: dict[str, float] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)  # documents that yielded no relation
