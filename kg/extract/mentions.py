"""Mentions of one parsed document: which words refer to which entity or concept.

Extraction stage. `mention_index(doc, document)` builds (once per Doc, cached in
`doc.user_data`) an index that every extractor asks "what does this phrase refer to?":
names, partial names, acronyms, pronouns and descriptions resolved by rule-based coreference,
and concepts for any other noun phrase. Page furniture yields nothing.
Must not import rdflib or any later stage.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from kg.errors import ExtractionError
from kg.extract.base import Finding
from kg.extract.coref import (
    PRONOUNS,
    RELATIVE_PRONOUNS,
    THIRD_PERSON,
    is_reference,
    resolve_first_person,
    resolve_third_person,
)
from kg.extract.furniture import FurnitureMap
from kg.extract.mentions_names import (
    VALUE_LABELS,
    Placed,
    entity_mentions,
    find_acronyms,
    is_blank,
    is_mark,
    link_partial_names,
    low,
    make_mention,
    repeated_names,
)
from kg.extract.quotes_find import find_quotes, quote_voices
from kg.extract.roles_match import find_roles
from kg.model import Document, Mention, MentionKind, Quote, Relation, RelationKind

_CACHE_KEY = "kg.mention_index"
# Words that open a noun phrase but are no part of the concept it names.
_DETERMINERS = frozenset(
    """the a an this that these those its their his her our my your whose such
    some any every each no other many several various both""".split()
)
# Modifiers that belong to a concept's name ("facial recognition software").
_PHRASE_DEPS = frozenset({"compound", "amod", "nmod", "nummod", "quantmod", "npadvmod", "det"})
_NOT_CONCEPTS = frozenset(
    """one ones other others someone something anyone anything everyone everything nothing
    none all both each this that these those i you me myself yourself who what which""".split()
)


class MentionIndex:
    """Every mention of one document, found once, looked up by phrase or token."""

    def __init__(self, doc: Doc, document: Document) -> None:
        if len(doc.text) != len(document.text) or doc.text[:200] != document.text[:200]:
            raise ExtractionError(
                f"{document.id}: the parse is of another text than the document",
                hint="parse Document.text itself (kg.nlp.parse) before extracting",
            )
        self.doc = doc
        self.document = document
        self.furniture = FurnitureMap(document.text)
        self._by_token: dict[int, Mention] = {}
        self._by_head: dict[int, Mention] = {}
        self._concepts: dict[tuple[int, int], Mention] = {}
        self._placed: list[Placed] = []
        self._affiliations: dict[Mention, Mention] = {}
        self._build()

    # -- building -----------------------------------------------------------------------

    def _build(self) -> None:
        doc, document, skip = self.doc, self.document, self.furniture.covers
        names = entity_mentions(doc, document, skip)
        names += repeated_names(doc, document, names, skip)
        names.sort(key=lambda p: p.start)
        names = link_partial_names(names)
        self._add(names)
        acronyms = find_acronyms(doc, document, names, self._concept_at, skip)
        self._add(acronyms)
        self._add(resolve_third_person(doc, document, self._current_names(), skip))
        # Roles and quotes need every name and third-person pronoun ("he said"); "we" inside
        # a quote needs its speaker and the speaker's organization.
        self.roles: tuple[Relation, ...] = tuple(find_roles(self))
        self._demote_descriptions()
        for rel in self.roles:
            if rel.kind is RelationKind.ROLE:
                self._affiliations.setdefault(rel.subject.resolved(), rel.object)
        self.quotes: tuple[Quote, ...] = tuple(find_quotes(self))
        self._unbind_speakers()
        self._add(resolve_first_person(doc, document, quote_voices(self, list(self.quotes))))

    def _unbind_speakers(self) -> None:
        # Inside Smith's quote, "he" is someone else: a speaker says "I" and "we".
        banned: dict[int, frozenset[Mention]] = {}
        for quote in self.quotes:
            if quote.speaker is None:
                continue
            voice = self.affiliation(quote.speaker) or quote.speaker
            speakers = frozenset({quote.speaker.resolved(), voice.resolved()})
            span = self.doc.char_span(quote.start, quote.end, alignment_mode="expand")
            for tok in span if span is not None else ():
                if low(tok) in THIRD_PERSON:
                    banned[tok.i] = speakers
        if not banned:
            return
        stale = {id(m) for i in banned if (m := self._by_token.get(i)) is not None}
        self._placed = [p for p in self._placed if id(p.mention) not in stale]
        for table in (self._by_token, self._by_head):
            for i in [i for i, m in table.items() if id(m) in stale]:
                del table[i]
        names = self._current_names()
        skip = self.furniture.covers
        self._add(resolve_third_person(self.doc, self.document, names, skip, banned))

    def _demote_descriptions(self) -> None:
        # "Fight for the Future, the Digital Rights Group": the NER's second "name" describes
        # the first; it is no organization of its own.
        for rel in self.roles:
            if rel.kind is not RelationKind.TYPE:
                continue
            for p in self._placed:
                m = p.mention
                if m.kind is MentionKind.NAME and rel.object.start <= m.start < rel.object.end:
                    s = self.doc[p.start - 1] if p.start > 0 else None
                    start = p.start - 1 if s is not None and low(s) == "the" else p.start
                    desc = make_mention(
                        self.doc,
                        self.document,
                        start,
                        p.end,
                        rel.subject.resolved().label,
                        MentionKind.DESCRIPTION,
                        rel.subject,
                    )
                    self._add([Placed(desc, start, p.end)])
                    break

    def _add(self, placed: list[Placed]) -> None:
        for p in placed:
            # A later, better reading of the same words (an acronym, a description) wins.
            replaced = {id(m) for i in range(p.start, p.end) if (m := self._by_token.get(i))}
            if replaced:
                self._placed = [q for q in self._placed if id(q.mention) not in replaced]
                for q_i in [i for i, m in self._by_token.items() if id(m) in replaced]:
                    del self._by_token[q_i]
                for q_i in [i for i, m in self._by_head.items() if id(m) in replaced]:
                    del self._by_head[q_i]
            self._placed.append(p)
            for i in range(p.start, p.end):
                self._by_token[i] = p.mention
            root = self.doc[p.start : p.end].root.i
            self._by_head[root] = p.mention
        self._placed.sort(key=lambda q: q.start)

    def _current_names(self) -> list[Placed]:
        return [
            p for p in self._placed if p.mention.kind in (MentionKind.NAME, MentionKind.ACRONYM)
        ]

    # -- lookups --------------------------------------------------------------------------

    def all(self) -> tuple[Mention, ...]:
        """Return every entity mention: names, acronyms, resolved pronouns and descriptions."""
        return tuple(p.mention for p in self._placed)

    def placed(self) -> tuple[Placed, ...]:
        """Return every entity mention with its token span, in document order."""
        return tuple(self._placed)

    def for_token(self, token: Token) -> Mention | None:
        """Return the mention whose head is `token`, expanded to its whole phrase.

        A token inside a name gives the name; an unresolved pronoun, a value (date, money, …)
        or a token in page furniture gives None; any other noun gives a concept.
        """
        found = self._by_head.get(token.i) or self._by_token.get(token.i)
        if found is not None:
            return found
        if self._no_mention(token):
            return None
        if low(token) in RELATIVE_PRONOUNS and token.dep_ != "mark":
            return self._relative(token)
        start = min(
            (c.left_edge.i for c in token.children if c.i < token.i and c.dep_ in _PHRASE_DEPS),
            default=token.i,
        )
        # A gap (a possessor or a clause between modifiers) would make a phrase the text lacks.
        while start < token.i and any(
            self.doc[i].dep_ in ("poss", "case") for i in range(start, token.i)
        ):
            start += 1
        return self._concept_at(start, token.i + 1)

    def for_span(self, span: Span) -> Mention | None:
        """Return the mention for a phrase: that of its head, or a concept for the phrase.

        Args:
            span: a noun phrase of the Doc, e.g. an argument the clause extractor found.
        """
        if not len(span):
            return None
        root = span.root
        found = self._by_head.get(root.i) or self._by_token.get(root.i)
        if found is not None:
            return found
        if self._no_mention(root):
            return None
        if low(root) in RELATIVE_PRONOUNS and root.dep_ != "mark":
            return self._relative(root)
        return self._concept_at(span.start, span.end)

    def concept(self, start: int, end: int) -> Mention | None:
        """Return the concept named by tokens start:end, without a leading determiner."""
        return self._concept_at(start, end)

    def affiliation(self, mention: Mention) -> Mention | None:
        """Return the organization a person holds a role in, when the text names one."""
        return self._affiliations.get(mention.resolved())

    def sentence_bounds(self, token: Token) -> tuple[int, int]:
        """Return the character span of a token's sentence, without blanks or furniture.

        The parser may glue a photo credit to the next sentence ("izusek / Getty Images\n\nIBM
        was …"); the evidence is the prose part only.
        """
        sent = token.sent
        return self.furniture.trim(self.document.text, sent.start_char, sent.end_char)

    def is_furniture(self, sent: Span) -> bool:
        """Return True when a sentence is page furniture: extract nothing from it."""
        return self.furniture.covers_text(self.document.text, sent.start_char, sent.end_char)

    def in_furniture(self, token: Token) -> bool:
        """Return True when a token lies on a furniture line ("izusek / Getty Images")."""
        return self.furniture.covers(token.idx, token.idx + len(token))

    # -- helpers --------------------------------------------------------------------------

    def _no_mention(self, token: Token) -> bool:
        return (
            not _nominal(token)
            or token.ent_type_ in VALUE_LABELS
            or low(token) in PRONOUNS
            or low(token) in _NOT_CONCEPTS
            and low(token) not in RELATIVE_PRONOUNS
            or is_mark(token)
            or is_blank(token)
            or self.in_furniture(token)
            or is_reference(token)
        )

    def _relative(self, token: Token) -> Mention | None:
        # "which" in "These companies, which restrict …" stands for "These companies".
        clause = token.head
        while clause.dep_ not in ("relcl", "acl") and clause.head is not clause:
            if clause.dep_ in ("ROOT", "ccomp"):
                return None
            clause = clause.head
        if clause.dep_ not in ("relcl", "acl"):
            return None
        noun = clause.head
        if noun.i == token.i:
            return None
        antecedent = self.for_token(noun)
        if antecedent is None:
            return None
        start, end = token.idx, token.idx + len(token)
        m = Mention(
            self.document.id,
            start,
            end,
            self.document.text[start:end],
            antecedent.resolved().label,
            MentionKind.PRONOUN,
            antecedent,
        )
        return m

    def _concept_at(self, start: int, end: int) -> Mention | None:
        doc = self.doc
        while start < end and (
            low(doc[start]) in _DETERMINERS or is_mark(doc[start]) or is_blank(doc[start])
        ):
            start += 1
        while end > start and (is_mark(doc[end - 1]) or is_blank(doc[end - 1])):
            end -= 1
        if start >= end:
            return None
        key = (start, end)
        cached = self._concepts.get(key)
        if cached is None:
            cached = make_mention(doc, self.document, start, end, "CONCEPT", MentionKind.CONCEPT)
            self._concepts[key] = cached
        return cached


def _nominal(token: Token) -> bool:
    # Hand-built Docs may carry no tags at all: then any word may head a noun phrase.
    if not token.tag_ and not token.pos_:
        return True
    return (
        token.tag_.startswith(("NN", "FW", "WP", "WDT", "PRP"))
        or token.pos_ in ("NOUN", "PROPN", "PRON")
        or token.tag_ == "DT"
        and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
    )


def mention_index(doc: Doc, document: Document) -> MentionIndex:
    """Return the MentionIndex of a parsed document, building it on first use.

    The index is cached in `doc.user_data`, so every extractor shares one.
    """
    cached = doc.user_data.get(_CACHE_KEY)
    if isinstance(cached, MentionIndex) and cached.document == document:
        return cached
    index = MentionIndex(doc, document)
    doc.user_data[_CACHE_KEY] = index
    return index


class MentionsExtractor:
    """Yield every entity mention of a document (names, acronyms, resolved references)."""

    name = "mentions"
    requires = frozenset({"parser", "ner"})

    def __call__(self, doc: Doc, document: Document) -> Iterator[Finding]:
        """Yield the document's entity mentions, in document order."""
        yield from mention_index(doc, document).all()
