"""The extractor contract: a spaCy Doc in, plain findings out.

spaCy objects never leave kg/extract/: extractors turn Spans into Mentions (character
offsets) before yielding anything.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from spacy.tokens import Doc

from kg.model import Document, Mention, Quote, Relation

Finding = Relation | Quote | Mention
# Extractors cache what they read from a Doc in doc.user_data under keys that start with this;
# kg.extract.forget_caches drops them all once the document is extracted.
CACHE_PREFIX = "kg."


class Extractor(Protocol):
    """One extraction strategy. Register an instance in kg/extract/__init__.py."""

    name: str
    requires: frozenset[str]  # spaCy pipes it needs, e.g. {"parser", "ner"}

    def __call__(self, doc: Doc, document: Document) -> Iterator[Finding]:
        """Yield the relations, quotes and mentions found in one parsed document."""
        ...
