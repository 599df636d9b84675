"""Named mentions of one parsed document: entities, repeated names, partial names, acronyms.

Part of the extraction stage (spaCy Doc -> Mentions); kg/extract/mentions.py assembles these
into a MentionIndex. Must not import rdflib or any later stage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from kg.extract.token_table import lowers_of, texts_of, tokens_of
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


_QUOTES = frozenset({'"', "“", "``", "‘"})
_SENTS_KEY = "kg.sentence_numbers"


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


def opens_sentence(tok: Token) -> bool:
    """Return True when a word is the first of its sentence or line, quotes and brackets aside."""
    sents, lowers, i = sentence_numbers(tok.doc), lowers_of(tok.doc), tok.i
    j = i
    while j > 0 and sents[j - 1] == sents[i]:
        before = lowers[j - 1]
        if before.isspace():
            return True  # a new line
        if before in _QUOTES:
            # An opening quote starts a sentence (`Hodge said: "Foster carers must …`); a
            # closing one ends it (`"…," Marsh chief executive Michael Cherkasky said`).
            return tok.doc[j - 1].tag_ != "''"
        if before in (",", ";", ":") or any(c.isalnum() for c in before):
            return False
        j -= 1
    return True


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
    joined = 0  # tokens before this one were joined to a name before them
    for ent in doc.ents:
        if ent.label_ not in ENTITY_TYPE_BY_LABEL or ent.start < joined:
            continue
        start, end = trim(doc, ent.start, ent.end)
        label = ent.label_
        # "Dr Nielsen" tagged ORG: a title before a capitalised word makes a person.
        if end - start > 1 and low(doc[start]) in HONORIFICS and doc[start + 1].text[:1].isupper():
            label = "PERSON"
        # "Ms Hewitt" is Hewitt: the title would keep her apart from "Patricia Hewitt".
        while label == "PERSON" and end - start > 1 and low(doc[start]) in HONORIFICS:
            start += 1
        # "Susilo Bambang" + "Yudhoyono", or "Yudhoyono" untagged: a name runs on over the
        # proper noun that its last word is a part of.
        while (
            label == "PERSON"
            and end < len(doc)
            and doc[end - 1].dep_ == "compound"
            and doc[end - 1].head.i == end
            and doc[end].tag_ == "NNP"
            and doc[end].ent_type_ in ("", "PERSON")
            # "Lifelong Learning Minister Jim Wallace": a title before a name is no part of it
            and not (doc[end].dep_ == "compound" and doc[end].head.ent_type_ == "PERSON")
        ):
            end += 1
        joined = max(joined, end)
        if start >= end or skip(doc[start].idx, doc[end - 1].idx + len(doc[end - 1])):
            continue
        found.append(Placed(make_mention(doc, document, start, end, label), start, end))
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
    tokens, texts = tokens_of(doc), texts_of(doc)
    found: list[Placed] = []
    for at, text in enumerate(texts):
        found_options = by_first.get(text)
        if found_options is None or at in taken:
            continue
        tok = tokens[at]
        for words, label in found_options:
            end = tok.i + len(words)
            if end > len(tokens) or any(i in taken for i in range(tok.i, end)):
                continue
            if tuple(texts[tok.i : end]) != words:
                continue
            if (
                len(words) == 1
                and tok.tag_
                and not tok.tag_.startswith("NN")
                and opens_sentence(tok)
            ):
                continue  # "Green" the colour; inside a sentence a capital makes a name
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
            firm = p.mention.label == "ORG"
            before = [f for f in people if f.start < p.start and _part_of(words, f, firm)]
            after = [f for f in people if f.start > p.start and _part_of(words, f, firm)]
            full = before[-1] if before else (after[0] if after else None)
        if full is not None and full.mention.text != p.mention.text:
            linked = replace(p.mention, label=full.mention.label, antecedent=full.mention)
            out.append(Placed(linked, p.start, p.end))
        else:
            out.append(p)
    return out


def _part_of(words: list[str], full: Placed, firm: bool = False) -> bool:
    full_words = full.mention.text.split()
    n = len(words)
    if n >= len(full_words):
        return False
    if full.mention.label == "ORG":
        rest = full_words[n:]
        # "Marsh" for "Marsh & McLennan": a firm is called by its first partner's name.
        if firm and rest[0] in ("&", "and") and full_words[:n] == words:
            return True
        return full_words[:n] == words and all(w.lower().strip(".,") in _ORG_SUFFIXES for w in rest)
    return full_words[-n:] == words or full_words[:n] == words
