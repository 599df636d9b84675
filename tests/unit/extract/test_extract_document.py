"""extract_safely on the real pipeline: what it leaves behind on the Doc."""

from __future__ import annotations

import gc
import weakref

from spacy.language import Language

from kg.extract import EXTRACTORS, extract_safely
from kg.model import DocExtraction, Document

_TEXT = (
    "Microsoft will not sell facial recognition to police, said Brad Smith, its president. "
    "The company said it would wait for a national law."
)


def test_a_document_once_extracted_is_freed_without_the_cyclic_collector(nlp: Language) -> None:
    document = Document(id="a.txt", source="a.txt", text=_TEXT)
    doc = nlp(_TEXT)
    gc.collect()
    gc.disable()
    try:
        extraction = extract_safely(doc, document, EXTRACTORS.names())
        parsed = weakref.ref(doc)
        del doc
        # The extractors' caches point back to the Doc; left behind, only the cyclic
        # collector (off here) could free it, once per batch of thousands of objects.
        assert parsed() is None
    finally:
        gc.enable()
    assert isinstance(extraction, DocExtraction) and extraction.relations
