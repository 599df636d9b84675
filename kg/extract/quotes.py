"""The `quotes` extractor: direct quotes with their speakers, and the speakers' mentions.

Extraction stage; the rules live in kg/extract/quotes_find.py and run once per Doc inside the
MentionIndex. Must not import rdflib or any later stage.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from kg.extract.base import Finding
from kg.extract.mentions import mention_index
from kg.model import Document


class QuotesExtractor:
    """Yield every direct quote of a document, then each speaker's mention once."""

    name = "quotes"
    requires = frozenset({"parser", "ner"})

    def __call__(self, doc: Doc, document: Document) -> Iterator[Finding]:
        """Yield Quotes in document order, then the Mentions of their speakers."""
        quotes = mention_index(doc, document).quotes
        yield from quotes
        speakers = (q.speaker for q in quotes if q.speaker is not None)
        yield from dict.fromkeys(speakers)
