"""The `roles` extractor: positions people hold ("president of") and what names are ("is a").

Extraction stage; the rules live in kg/extract/roles_match.py and run once per Doc inside the
MentionIndex (quotes need a speaker's organization). Must not import rdflib or any later stage.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from kg.extract.base import Finding
from kg.extract.mentions import mention_index
from kg.model import Document


class RolesExtractor:
    """Yield ROLE relations (person -title of-> organization) and TYPE relations (is a)."""

    name = "roles"
    requires = frozenset({"parser", "ner"})

    def __call__(self, doc: Doc, document: Document) -> Iterator[Finding]:
        """Yield the document's role and type relations, in document order."""
        yield from sorted(
            mention_index(doc, document).roles,
            key=lambda r: (r.evidence_start, r.subject.start, r.object.start),
        )
