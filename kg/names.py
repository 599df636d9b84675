"""Names: turning the words that name an entity into its label and its merge key.

Pure text functions used by resolution. Must not import spaCy or rdflib.
"""

from __future__ import annotations

import re
import unicodedata

from kg.model import EntityType

_SPACE = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_LEADING_DETERMINER = re.compile(
    r"^(?:the|a|an|this|that|these|those|its|their|our|his|her|my|your|whose)\s+", re.IGNORECASE
)
# Legal-form suffixes that name the same company ("Microsoft Corp." = "Microsoft").
_CORPORATE_SUFFIX = re.compile(
    r"[\s,]+(?:corp|corporation|inc|incorporated|ltd|limited|plc|llc|co|company|group|ag|sa|nv|gmbh)\.?$",
    re.IGNORECASE,
)


def clean_surface(text: str) -> str:
    """Return a surface form with normalised spaces and no possessive or surrounding quotes.

    >>> clean_surface("  Microsoft's ")
    'Microsoft'
    >>> clean_surface('"Brad   Smith"')
    'Brad Smith'
    """
    text = _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()
    text = text.strip("\"'“”‘’«»()[]{}.,;:!?-–— ")
    return _POSSESSIVE.sub("", text).strip()


def concept_label(text: str) -> str:
    """Return the normalised label of a non-named argument: no leading determiner or
    possessive pronoun, lowercase except for acronyms.

    >>> concept_label("its facial recognition monitoring software")
    'facial recognition monitoring software'
    >>> concept_label("The FRT rules")
    'FRT rules'
    >>> concept_label("the Digital Rights Group")
    'digital rights group'
    >>> concept_label("protests over George Floyd's death")
    "protests over George Floyd's death"
    """
    text = clean_surface(text)
    while True:
        stripped = _LEADING_DETERMINER.sub("", text)
        if stripped == text:
            break
        text = stripped
    words = text.split(" ")
    # Title Case Throughout is a heading style ("the Digital Rights Group"): lowercase it.
    # Otherwise only the first word may be capitalised by position; later capitals are names.
    title_case = all(w[:1].isupper() for w in words if w[:1].isalpha())
    return " ".join(
        w if _is_acronym(w) or (i > 0 and not title_case) else w.lower()
        for i, w in enumerate(words)
    )


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def name_label(text: str, entity_type: EntityType) -> str:
    """Return the display form of a name: cleaned, with a leading "the" dropped.

    >>> name_label("the Electronic Frontier Foundation", EntityType.ORGANIZATION)
    'Electronic Frontier Foundation'
    """
    text = clean_surface(text)
    if text.lower().startswith("the ") and len(text) > 4:
        text = text[4:]
    return text


def merge_key(label: str, entity_type: EntityType) -> str:
    """Return what two names of the same entity share: casefolded, legal suffix dropped.

    >>> merge_key("Microsoft Corp.", EntityType.ORGANIZATION)
    'microsoft'
    >>> merge_key("Brad Smith", EntityType.PERSON)
    'brad smith'
    """
    key = label.casefold()
    if entity_type is EntityType.ORGANIZATION:
        shorter = _CORPORATE_SUFFIX.sub("", key).strip()
        key = shorter or key
    return key
