"""The `clauses` extractor: subject-predicate-object facts with polarity, modality and speaker.

Extraction stage: reads a parsed spaCy Doc and yields plain Relations between Mentions; must
not import rdflib or any later stage. The clause frames come from clause_frames.py; this module
turns their tokens into the document's Mentions (so "it" and "the company" reach the name they
stand for), drops what has no entity on either side and skips page furniture.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import chain

from spacy.tokens import Doc, Span, Token

from kg.extract.base import Finding
from kg.extract.clause_context import clause_context
from kg.extract.clause_frames import Clause, find_clauses
from kg.extract.clause_nominal import PRONOUN_POSSESSORS, NominalFact, find_nominal_facts
from kg.extract.clause_open import PhraseFact, find_bare_facts, find_complement_facts
from kg.extract.clause_phrases import argument_span, refine_head
from kg.extract.mentions import MentionIndex, mention_index
from kg.model import Document, Mention, MentionKind, Modality, Polarity, Quote, Relation

NAME = "clauses"
# The label of an argument the index names nothing by ("he" with no antecedent in reach, "the
# two"): no entity type has it, so resolution drops the relation from the graph while Open IE
# output still gets the fact.
UNRESOLVED = "UNRESOLVED"
_PRONOUN_TAGS = frozenset({"PRP", "PRP$", "WP", "WDT"})


class ClausesExtractor:
    """Yield one Relation per (subject, predicate, object) a clause states, denied or not.

    With `open_arguments`, an argument no entity stands behind ("he" out of reach of its
    antecedent) still gets a Mention, labelled UNRESOLVED: Open IE wants every fact, the
    graph has no node to hang it on. The registered extractor, which feeds the graph, leaves
    them out so that its other argument does not become a lone entity.

    >>> ClausesExtractor().name
    'clauses'
    """

    name = NAME
    requires = frozenset({"parser", "ner", "lemmatizer"})

    def __init__(self, *, open_arguments: bool = False) -> None:
        self.open_arguments = open_arguments

    def __call__(self, doc: Doc, document: Document) -> Iterator[Finding]:
        """Yield the relations read from every sentence of the document that is not furniture."""
        yield from extract_clauses(doc, document, open_arguments=self.open_arguments)


def extract_clauses(
    doc: Doc, document: Document, *, open_arguments: bool = False
) -> Iterator[Relation]:
    """Yield the clause relations of one parsed document.

    Args:
        doc: the parse of `document.text` (dependency parse, lemmas and entities).
        document: the document the parse belongs to; Mentions carry its id.
        open_arguments: keep facts whose argument names no entity (see ClausesExtractor).
    """
    index = mention_index(doc, document)
    seen: set[Relation] = set()
    for sent in _sentences(doc):
        if index.is_furniture(sent) or _is_question(document.text, sent.start_char, sent.end_char):
            continue
        evidence: tuple[int, int] | None = None
        done: set[int] = set()
        for clause in find_clauses(sent):
            done.add(clause.verb.i)
            evidence = evidence or _evidence(document.text, sent.start_char, sent.end_char)
            relation = to_relation(clause, index, evidence, open_arguments=open_arguments)
            # "firm Guidant" and "Guidant" are one argument: yield the fact once.
            if relation is not None and relation not in seen:
                seen.add(relation)
                yield relation
        if open_arguments:
            evidence = evidence or _evidence(document.text, sent.start_char, sent.end_char)
            for fact in find_nominal_facts(sent):
                relation = _nominal_relation(fact, index, evidence)
                if relation is not None and relation not in seen:
                    seen.add(relation)
                    yield relation
            for phrase in chain(find_complement_facts(sent), find_bare_facts(sent, done)):
                relation = _phrase_relation(phrase, index, evidence)
                if relation is not None and relation not in seen:
                    seen.add(relation)
                    yield relation


def _phrase_relation(
    fact: PhraseFact, index: MentionIndex, evidence: tuple[int, int]
) -> Relation | None:
    subject = argument_mention(index, fact.subject) or open_mention(index, fact.subject)
    phrase = fact.phrase
    if subject is None or index.in_furniture(phrase.root):
        return None
    start, end = phrase.start_char, phrase.end_char
    text = index.document.text[start:end]
    obj = Mention(index.document.id, start, end, text, UNRESOLVED, MentionKind.CONCEPT)
    # "did not stay for a year", "would say that …": the verb's own cues hold here too.
    context = clause_context(fact.verb)
    modality = context.modality or (Modality.REPORTED if context.reported else None)
    return Relation(
        subject=subject,
        predicate=fact.predicate,
        object=obj,
        extractor=NAME,
        evidence_start=evidence[0],
        evidence_end=evidence[1],
        polarity=Polarity.NEGATIVE if context.negated else Polarity.POSITIVE,
        modality=modality,
        time=context.time,
        confidence=fact.confidence,
    )


def _nominal_relation(
    fact: NominalFact, index: MentionIndex, evidence: tuple[int, int]
) -> Relation | None:
    subject = argument_mention(index, fact.subject) or open_mention(index, fact.subject)
    obj = argument_mention(index, fact.object) or open_mention(index, fact.object)
    if subject is None or obj is None or _same_thing(subject, obj):
        return None
    if fact.subject.tag_ in PRONOUN_POSSESSORS and not _named_within(subject, evidence):
        return None  # "its share" says whose only when the name is in the same sentence
    return Relation(
        subject=subject,
        predicate=fact.predicate,
        object=obj,
        extractor=NAME,
        evidence_start=evidence[0],
        evidence_end=evidence[1],
        confidence=fact.confidence,
        kind=fact.kind,
    )


def to_relation(
    clause: Clause,
    index: MentionIndex,
    evidence: tuple[int, int],
    *,
    open_arguments: bool = False,
) -> Relation | None:
    """Turn a clause into a Relation between Mentions, or None when an argument has none.

    Args:
        clause: a fact found by `find_clauses`.
        index: the document's mentions.
        evidence: character offsets of the sentence the clause was read from.
        open_arguments: give an argument without a mention an UNRESOLVED one instead.
    """
    quote = _quote_around(index.quotes, clause.verb.idx)
    if quote is not None and max(clause.subject.idx, clause.object.idx) >= quote.end:
        # A verb inside a quote takes no argument from after its closing mark: that is a
        # misparse of `"Our performance was strong," chairman Richard Parsons said`.
        return None
    subject = argument_mention(index, clause.subject)
    obj = argument_mention(index, clause.object)
    if open_arguments:
        subject = subject or open_mention(index, clause.subject)
        obj = obj or open_mention(index, clause.object)
    if subject is None or obj is None or _same_thing(subject, obj):
        return None
    reporter = clause.context.reporter
    speaker = argument_mention(index, refine_head(reporter)) if reporter is not None else None
    modality = clause.modality
    if quote is not None:
        # Words inside quotation marks are the speaker's claim, whatever the grammar says.
        speaker = speaker or quote.speaker
        modality = modality or Modality.REPORTED
    return Relation(
        subject=subject,
        predicate=clause.predicate,
        object=obj,
        extractor=NAME,
        evidence_start=evidence[0],
        evidence_end=evidence[1],
        polarity=clause.polarity,
        modality=modality,
        time=clause.context.time,
        attributed_to=speaker,
        confidence=clause.confidence,
        kind=clause.kind,
        reported_with=clause.context.reporting,
    )


def _quote_around(quotes: Sequence[Quote], offset: int) -> Quote | None:
    for quote in quotes:
        if quote.start <= offset < quote.end:
            return quote
    return None


def argument_mention(index: MentionIndex, head: Token) -> Mention | None:
    """Return the Mention an argument refers to: a name, a resolved reference or a concept.

    The whole argument phrase is asked for first, so a concept keeps all its words ("a ban on
    state use of facial recognition"); a name or pronoun comes back as the index knows it.
    """
    found = index.for_span(argument_span(head))
    return found if found is not None else index.for_token(head)


def open_mention(index: MentionIndex, head: Token) -> Mention | None:
    """Return a Mention for an argument no entity stands behind, or None on page furniture.

    It has no antecedent and the label UNRESOLVED, so kg/resolve.py never makes it an entity.
    """
    if index.in_furniture(head):
        return None
    if head.tag_ in _PRONOUN_TAGS or head.pos_ == "PRON":
        kind, span = MentionKind.PRONOUN, head.doc[head.i : head.i + 1]
    else:
        kind, span = MentionKind.CONCEPT, argument_span(head)
    start, end = span.start_char, span.end_char
    if not span.text.strip() or start >= end:
        return None
    text = index.document.text[start:end]
    return Mention(index.document.id, start, end, text, UNRESOLVED, kind)


def _named_within(mention: Mention, evidence: tuple[int, int]) -> bool:
    named = mention.resolved()
    return named is not mention and evidence[0] <= named.start and named.end <= evidence[1]


def _same_thing(a: Mention, b: Mention) -> bool:
    ra, rb = a.resolved(), b.resolved()
    return (ra.start, ra.end) == (rb.start, rb.end)


def _sentences(doc: Doc) -> Iterator[Span]:
    if doc.has_annotation("SENT_START") or doc.has_annotation("DEP"):
        yield from doc.sents
    else:
        yield doc[:]


def _is_question(text: str, start: int, end: int) -> bool:
    """Return True for a question: "Will Microsoft sell it?" states no fact either way."""
    return text[start:end].rstrip().rstrip("\"'\u201d\u2019)").endswith("?")


def _evidence(text: str, start: int, end: int) -> tuple[int, int]:
    """Return a sentence's character span without its surrounding whitespace."""
    sentence = text[start:end]
    stripped = sentence.lstrip()
    start += len(sentence) - len(stripped)
    return start, start + len(stripped.rstrip())
