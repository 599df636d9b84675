"""Named mentions of one parsed document: entities, repeated names, partial names, acronyms.

Part of the extraction stage (spaCy Doc -> Mentions); kg/extract/mentions.py assembles these
into a MentionIndex. Must not import rdflib or any later stage.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from kg.model import ENTITY_TYPE_BY_LABEL, Document, Mention, MentionKind

# Entities of these labels are values (qualifiers, literals), never mentions of a thing.
VALUE_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY"})
HONORIFICS = frozenset(
    "mr mr. mrs mrs. ms ms. miss dr dr. sir dame lord lady prof prof. professor rev".split()
)
# What an organization's full name may add to its short one: "Lionhead Studios" is Lionhead.
_ORG_SUFFIXES = frozenset(
    # Not "Airways" or "Records": "British" is no British Airways, Apple no Apple Records.
    """studios studio group corp corporation inc incorporated ltd limited plc co company
    holdings""".split()
)
_LEADING = frozenset({"the", "a", "an"})
_TRAILING = frozenset({"'s", "'", "’s", "’"})
_ACRONYM = re.compile(r"[A-Z][A-Za-z&]*[A-Z]s?|[A-Z]{2,}")
_ACRONYM_SKIPS = frozenset({"of", "for", "the", "and", "&", "on", "in", "to", "de", "-"})


_TOKENS_KEY = "kg.tokens"
_SENTS_KEY = "kg.sentence_numbers"
_LOWERS_KEY = "kg.lowers"


def tokens_of(doc: Doc) -> list[Token]:
    """Return the Doc's tokens as a list, made once: each `for tok in doc` builds new objects."""
    cached = doc.user_data.get(_TOKENS_KEY)
    if not isinstance(cached, list) or len(cached) != len(doc):
        cached = list(doc)
        doc.user_data[_TOKENS_KEY] = cached
    return cached


def lowers_of(doc: Doc) -> list[str]:
    """Return every token's lowercase text, computed once per Doc."""
    cached = doc.user_data.get(_LOWERS_KEY)
    if not isinstance(cached, list) or len(cached) != len(doc):
        cached = [t.text.lower() for t in tokens_of(doc)]
        doc.user_data[_LOWERS_KEY] = cached
    return cached


def sentence_numbers(doc: Doc) -> list[int]:
    """Return, for each token, the number of its sentence (0 for the first)."""
    cached = doc.user_data.get(_SENTS_KEY)
    if isinstance(cached, list) and len(cached) == len(doc):
        return cached
    numbers = [0] * len(doc)
    for n, sent in enumerate(doc.sents):
        numbers[sent.start : sent.end] = [n] * (sent.end - sent.start)
    doc.user_data[_SENTS_KEY] = numbers
    return numbers


def low(token: Token) -> str:
    """Return a token's lowercase text (hand-built Docs have no lexeme attributes)."""
    return str(token.text).lower()


def is_mark(token: Token) -> bool:
    """Return True for punctuation: a token with no letter or digit in it."""
    return not any(c.isalnum() for c in token.text) and not token.text.isspace()


def is_blank(token: Token) -> bool:
    """Return True for a whitespace token."""
    return bool(token.text.isspace())


@dataclass(frozen=True, slots=True)
class Placed:
    """A mention with where it sits in the Doc (token indices, end exclusive)."""

    mention: Mention
    start: int
    end: int


def make_mention(
    doc: Doc,
    document: Document,
    start: int,
    end: int,
    label: str,
    kind: MentionKind = MentionKind.NAME,
    antecedent: Mention | None = None,
) -> Mention:
    """Return the Mention for tokens start:end, its text sliced from the document."""
    first, last = doc[start], doc[end - 1]
    s, e = first.idx, last.idx + len(last.text)
    return Mention(document.id, s, e, document.text[s:e], label, kind, antecedent)


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop a leading article and a trailing possessive or punctuation from a token span."""
    while start < end and (low(doc[start]) in _LEADING or is_mark(doc[start])):
        start += 1
    while end > start and (
        is_blank(doc[end - 1])
        or is_mark(doc[end - 1])
        or (low(doc[end - 1]) in _TRAILING and end - 1 > start)
    ):
        end -= 1
    return start, end


def entity_mentions(doc: Doc, document: Document, skip: Callable[[int, int], bool]) -> list[Placed]:
    """Return a Placed NAME mention for every entity (not value) outside furniture."""
    found: list[Placed] = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_TYPE_BY_LABEL:
            continue
        start, end = trim(doc, ent.start, ent.end)
        # "Ms Hewitt" is Hewitt: the title would keep her apart from "Patricia Hewitt".
        while ent.label_ == "PERSON" and end - start > 1 and low(doc[start]) in HONORIFICS:
            start += 1
        if start >= end or skip(doc[start].idx, doc[end - 1].idx + len(doc[end - 1])):
            continue
        found.append(Placed(make_mention(doc, document, start, end, ent.label_), start, end))
    return found


def repeated_names(
    doc: Doc, document: Document, names: list[Placed], skip: Callable[[int, int], bool]
) -> list[Placed]:
    """Return unlabelled repeats of names the NER found elsewhere in the document.

    The tagger often misses the first "Fight for the Future" and finds the second; a name is a
    name wherever it appears.
    """
    if not names:
        return []
    taken = {i for p in names for i in range(p.start, p.end)}
    # Names by their first word, longest first, so "Fight for the Future" beats "Fight".
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for p in names:
        words = tuple(t.text for t in doc[p.start : p.end])
        # Single lowercase words ("apple") repeat as common nouns far too often.
        if len(words) == 1 and not words[0][:1].isupper():
            continue
        options = by_first.setdefault(words[0], [])
        if all(w != words for w, _ in options):
            options.append((words, p.mention.label))
        # "Wardle added" after "John Wardle": a surname alone is the same person.
        if p.mention.label == "PERSON" and len(words) > 1 and words[-1][:1].isupper():
            options = by_first.setdefault(words[-1], [])
            if all(w != words[-1:] for w, _ in options):
                options.append((words[-1:], "PERSON"))
    for options in by_first.values():
        options.sort(key=lambda o: -len(o[0]))
    tokens = tokens_of(doc)
    found: list[Placed] = []
    for tok in tokens:
        found_options = by_first.get(tok.text)
        if found_options is None or tok.i in taken:
            continue
        for words, label in found_options:
            end = tok.i + len(words)
            if end > len(tokens) or any(i in taken for i in range(tok.i, end)):
                continue
            if tuple(t.text for t in tokens[tok.i : end]) != words:
                continue
            if len(words) == 1 and tok.tag_ and not tok.tag_.startswith("NN"):
                continue  # "Green" the colour, "Brown" the adjective
            last = tokens[end - 1]
            if skip(tok.idx, last.idx + len(last.text)):
                break
            found.append(Placed(make_mention(doc, document, tok.i, end, label), tok.i, end))
            taken.update(range(tok.i, end))
            break
    return found


def link_partial_names(names: list[Placed]) -> list[Placed]:
    """Point "Smith" at "Brad Smith" and "Lionhead" at "Lionhead Studios".

    A lone first or last name of a fuller person name, or an organization's name without its
    "Studios", "Corp" or "Group", is that name. The full name before the partial one wins, the
    nearest first; failing that, the first one after it. The partial mention takes the full
    name's label ("Hussain" tagged GPE is a PERSON).
    """
    people = [
        p
        for p in names
        if p.mention.label in ("PERSON", "ORG")
        and p.end - p.start > 1
        and p.mention.antecedent is None
    ]
    out: list[Placed] = []
    for p in names:
        words = p.mention.text.split()
        full = None
        if len(words) <= 2 and not (p.mention.label == "PERSON" and len(words) > 1):
            before = [f for f in people if f.start < p.start and _part_of(words, f)]
            after = [f for f in people if f.start > p.start and _part_of(words, f)]
            full = before[-1] if before else (after[0] if after else None)
        if full is not None and full.mention.text != p.mention.text:
            linked = replace(p.mention, label=full.mention.label, antecedent=full.mention)
            out.append(Placed(linked, p.start, p.end))
        else:
            out.append(p)
    return out


def _part_of(words: list[str], full: Placed) -> bool:
    full_words = full.mention.text.split()
    n = len(words)
    if n >= len(full_words):
        return False
    if full.mention.label == "ORG":
        rest = full_words[n:]
        return full_words[:n] == words and all(w.lower().strip(".,") in _ORG_SUFFIXES for w in rest)
    return full_words[-n:] == words or full_words[:n] == words


def find_acronyms(
    doc: Doc,
    document: Document,
    names: list[Placed],
    concept: Callable[[int, int], Mention | None],
    skip: Callable[[int, int], bool],
) -> list[Placed]:
    """Return ACRONYM mentions for acronyms defined in the text: "long form (ACR)".

    Every later use of ACR points at the long form: the named entity it is, or else a concept.
    Names found by the NER at those places are replaced.
    """
    long_forms: dict[str, Mention] = {}
    if "(" not in document.text:
        return []
    tokens = tokens_of(doc)
    for tok in tokens:
        if not (tok.text == "(" and tok.i + 2 < len(doc) and doc[tok.i + 2].text == ")"):
            continue
        acr = doc[tok.i + 1].text
        if not _ACRONYM.fullmatch(acr) or acr in long_forms:
            continue
        span = _long_form(doc, tok.i, acr)
        if span is None:
            continue
        named = _name_covering(names, span)
        long = named if named is not None else concept(span.start, span.end)
        if long is not None:
            long_forms[acr] = long
    found: list[Placed] = []
    for tok in tokens if long_forms else ():
        long = long_forms.get(tok.text)
        if long is None or skip(tok.idx, tok.idx + len(tok)):
            continue
        m = make_mention(doc, document, tok.i, tok.i + 1, long.label, MentionKind.ACRONYM, long)
        found.append(Placed(m, tok.i, tok.i + 1))
    return found


def _long_form(doc: Doc, paren: int, acr: str) -> Span | None:
    letters = [c for c in acr.rstrip("s") if c.isupper() or c == "&"]
    need = len(letters)
    i = paren - 1
    matched: list[int] = []
    # Walk back over the words whose initials spell the acronym, tolerating "of", "the", ….
    while i >= 0 and need > 0 and paren - i <= 2 * len(letters) + 3:
        word = doc[i]
        if word.text[:1].upper() == letters[need - 1] or word.text == letters[need - 1]:
            matched.append(i)
            need -= 1
        elif low(word) not in _ACRONYM_SKIPS:
            return None
        i -= 1
    if need or not matched:
        return None
    return doc[min(matched) : paren]


def _name_covering(names: Iterable[Placed], span: Span) -> Mention | None:
    for p in names:
        if p.start <= span.start and span.end <= p.end + 1 and p.end > span.start:
            return p.mention
        if span.start <= p.start and p.end <= span.end and (p.end - p.start) * 2 > len(span):
            return p.mention
    return None
