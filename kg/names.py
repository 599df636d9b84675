"""Names: turning the words that name an entity into its label and its merge key.

Pure text functions used by resolution. Must not import spaCy or rdflib.
"""

from __future__ import annotations

import re
import unicodedata

from kg.model import EntityType

_EDGE_MARKS = "\"'“”‘’«»()[]{}.,;:!?-–— "
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
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    text = " ".join(text.split()).strip(_EDGE_MARKS)
    if text.endswith(("'", "’")) or text.endswith(("'s", "’s")):
        text = _POSSESSIVE.sub("", text).strip()
    return text


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
    while (determiner := _LEADING_DETERMINER.match(text)) is not None:
        text = text[determiner.end() :]
    words = text.split(" ")
    # Title Case Throughout is a heading style ("the Digital Rights Group"): lowercase it.
    # Otherwise only the first word may be capitalised by position; later capitals are names.
    title_case = all(w[:1].isupper() for w in words if w[:1].isalpha())
    return " ".join(
        w if (i > 0 and not title_case) or _is_acronym(w) else w.lower()
        for i, w in enumerate(words)
    )


def _is_acronym(word: str) -> bool:
    if word.islower():
        return False  # most words: a lowercase letter rules it out at C speed
    if word.endswith("s") and len(word) > 2:
        word = word[:-1]  # "MPs", "CDs": an acronym's plural
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


# Plural heads whose singular the suffix rules would get wrong, and nouns with no singular.
_IRREGULAR_PLURALS = {
    "people": "person",
    "men": "man",
    "women": "woman",
    "children": "child",
    "feet": "foot",
    "teeth": "tooth",
    "mice": "mouse",
    "geese": "goose",
    "lives": "life",
    "wives": "wife",
    "knives": "knife",
    "halves": "half",
    "shelves": "shelf",
    "wolves": "wolf",
    "leaves": "leaf",
    "thieves": "thief",
    "crises": "crisis",
    "analyses": "analysis",
    "theses": "thesis",
    "diagnoses": "diagnosis",
    "heroes": "hero",
    "potatoes": "potato",
    "tomatoes": "tomato",
    "echoes": "echo",
    "vetoes": "veto",
    "buses": "bus",
    "gases": "gas",
    "bonuses": "bonus",
    "viruses": "virus",
    "campuses": "campus",
    "statuses": "status",
    "criteria": "criterion",
    "phenomena": "phenomenon",
}
_NO_SINGULAR = frozenset(
    """news series species means headquarters clothes scissors trousers jeans thanks goods
    arms data media premises savings earnings proceeds congratulations remains whereabouts
    barracks crossroads""".split()
)
# "-ies" plurals of "-ie" nouns: "movies" is no "movy".
_IE_NOUNS = frozenset(
    """movies cookies rookies zombies calories pies ties lies hippies aunties selfies
    smoothies goalies brownies techies indies budgies genies prairies""".split()
)
# "-ches" plurals of "-che" nouns: "headaches" is no "headach" (but "coaches" is "coach").
_CHE_NOUNS = frozenset(
    """headaches caches moustaches niches cliches quiches avalanches psyches toothaches
    backaches microfiches""".split()
)
_PLURAL_HEAD_STOP = frozenset(
    """of for in on at from to by with among between about like including such than towards
    toward into onto over under against across after before during within without behind
    through around near per via since until as who which that""".split()
)
_NUMBER_WORDS = frozenset(
    "two three four five six seven eight nine ten dozen dozens hundreds thousands millions".split()
)


def class_label(text: str) -> str:
    """Return the label of a class a name belongs to: a concept label with its head noun in
    the singular, so "companies like IBM" and "a company" name one class.

    >>> class_label("technology companies")
    'technology company'
    >>> class_label("the biggest advocates of open source")
    'biggest advocate of open source'
    >>> class_label("news agencies")
    'news agency'
    >>> class_label("series")
    'series'
    """
    label = concept_label(text)
    words = label.split(" ")
    head = len(words) - 1
    for i, word in enumerate(words):
        if i > 0 and word in _PLURAL_HEAD_STOP:
            head = i - 1
            break
    counted = head > 0 and (
        any(c.isdigit() for c in words[head - 1]) or words[head - 1] in _NUMBER_WORDS
    )
    if not counted:  # "360 teraflops" is an amount, not a class
        words[head] = singular(words[head])
    return " ".join(words)


def singular(word: str) -> str:
    """Return the singular of a lowercase plural noun; any other word is returned as it is.

    >>> [singular(w) for w in ("firms", "businesses", "dignitaries", "movies", "people")]
    ['firm', 'business', 'dignitary', 'movie', 'person']
    >>> [singular(w) for w in ("status", "politics", "Apples", "clothes", "must-haves")]
    ['status', 'politics', 'Apples', 'clothes', 'must-have']
    """
    # Names and acronyms ("Lee Films", "MPs") are kept: their case says they are no nouns.
    if not word.islower() or not word[-1:].isalpha():
        return word
    prefix, _, last = word.rpartition("-")
    stem = _singular_word(last)
    return f"{prefix}-{stem}" if prefix else stem


def _singular_word(word: str) -> str:
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if (
        len(word) < 4
        or word in _NO_SINGULAR
        or not word.endswith("s")
        or word.endswith(("ss", "us", "is", "ics", "ous"))
    ):
        return word
    if word.endswith("ies") and word not in _IE_NOUNS:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "xes", "zzes")) or (
        word.endswith("ches") and word not in _CHE_NOUNS
    ):
        return word[:-2]
    return word[:-1]
