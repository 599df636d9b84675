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
from kg.extract.coref import RELATIVE_PRONOUNS, THIRD_PERSON, resolve_third_person
from kg.extract.coref_plural import conjoined, resolve_first_person
from kg.extract.furniture import FurnitureMap
from kg.extract.mentions_acronyms import find_acronyms
from kg.extract.mentions_concepts import concept_bounds, names_nothing, phrase_start, relative_noun
from kg.extract.mentions_labels import drop_junk, vote_labels
from kg.extract.mentions_names import (
    Placed,
    entity_mentions,
    link_partial_names,
    low,
    make_mention,
    repeated_names,
)
from kg.extract.mentions_table import MentionTable
from kg.extract.quotes_find import find_quotes, quote_voices
from kg.extract.roles_match import find_roles
from kg.extract.token_table import lowers_of
from kg.model import Document, Mention, MentionKind, Quote, Relation, RelationKind

_CACHE_KEY = "kg.mention_index"


class MentionIndex:
    """Every mention of one document, found once, looked up by phrase or token.

    Attributes:
        doc: the parse the index was built from.
        document: the document the parse belongs to; every Mention carries its id.
        furniture: the document's page-furniture lines.
        roles: ROLE and TYPE relations read from titles, appositions and "such as" lists.
        quotes: direct quotes in document order, with their speakers when known.

    Raises:
        ExtractionError: the parse is not of `document.text`.
    """

    def __init__(self, doc: Doc, document: Document) -> None:
        text = doc.text  # joined from every token each time it is asked for
        if len(text) != len(document.text) or text[:200] != document.text[:200]:
            raise ExtractionError(
                f"{document.id}: the parse is of another text than the document",
                hint="parse Document.text itself (kg.nlp.parse) before extracting",
            )
        self.doc = doc
        self.document = document
        self.furniture = FurnitureMap(document.text)
        self._mentions = MentionTable(doc)
        self._concepts: dict[tuple[int, int], Mention] = {}
        self._affiliations: dict[Mention, Mention] = {}
        self._build()

    # -- building -----------------------------------------------------------------------

    def _build(self) -> None:
        doc, document, skip = self.doc, self.document, self.furniture.covers
        # Labels are voted on what the NER tagged; repeats then copy the voted label.
        names = vote_labels(drop_junk(doc, entity_mentions(doc, document, skip)))
        names += repeated_names(doc, document, names, skip)
        names.sort(key=lambda p: p.start)
        names = link_partial_names(names)
        self._mentions.add(names)
        acronyms = find_acronyms(doc, document, names, self._concept_at, skip)
        self._mentions.add(acronyms)
        # Roles read names only; they run first so that a "name" found to describe another
        # ("Fight for the Future, the Digital Rights Group") is no antecedent for pronouns.
        self.roles: tuple[Relation, ...] = tuple(find_roles(self))
        self._demote_descriptions()
        for rel in self.roles:
            if rel.kind is RelationKind.ROLE:
                self._affiliations.setdefault(rel.subject.resolved(), rel.object)
        self._conjoined: dict[int, list[Mention]] = {}
        self._add_third_person(resolve_third_person(doc, document, self._mentions.names(), skip))
        # Quotes need every name and third-person pronoun ("he said"); "we" inside a quote
        # needs its speaker and the speaker's organization.
        self.quotes: tuple[Quote, ...] = tuple(find_quotes(self))
        self._unbind_speakers()
        voices = quote_voices(self, list(self.quotes))
        self._mentions.add(resolve_first_person(doc, document, voices))

    def _unbind_speakers(self) -> None:
        # Inside Smith's quote, "he" is someone else: a speaker says "I" and "we".
        banned: dict[int, frozenset[Mention]] = {}
        lowers = lowers_of(self.doc)
        for quote in self.quotes:
            if quote.speaker is None:
                continue
            voice = self.affiliation(quote.speaker) or quote.speaker
            speakers = frozenset({quote.speaker.resolved(), voice.resolved()})
            span = self.doc.char_span(quote.start, quote.end, alignment_mode="expand")
            for i in range(span.start, span.end) if span is not None else ():
                if lowers[i] in THIRD_PERSON:
                    banned[i] = speakers
        if not banned:
            return
        self._mentions.remove_at(banned)
        for i in banned:
            self._conjoined.pop(i, None)
        names = self._mentions.names()
        skip = self.furniture.covers
        self._add_third_person(resolve_third_person(self.doc, self.document, names, skip, banned))

    def _add_third_person(self, found: list[Placed]) -> None:
        self._mentions.add(found)
        names = self._mentions.names()
        self._conjoined.update(conjoined(self.doc, self.document, found, names))

    def _demote_descriptions(self) -> None:
        # "Fight for the Future, the Digital Rights Group": the NER's second "name" describes
        # the first; it is no organization of its own.
        for rel in self.roles:
            if rel.kind is not RelationKind.TYPE:
                continue
            for p in self._mentions.placed():
                m = p.mention
                inside = rel.object.start <= m.start and m.end == rel.object.end
                if m.kind is MentionKind.NAME and inside:
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
                    self._mentions.add([Placed(desc, start, p.end)])
                    break

    # -- lookups --------------------------------------------------------------------------

    def all(self) -> tuple[Mention, ...]:
        """Return every entity mention: names, acronyms, resolved pronouns and descriptions.

        A plural pronoun that stands for coordinated names ("Amazon and IBM … they") is listed
        once per name, each time with the same words and another antecedent.
        """
        out: list[Mention] = []
        for p in self._mentions.placed():
            out.append(p.mention)
            if p.mention.kind is MentionKind.PRONOUN:
                out.extend(self._conjoined.get(p.start, ()))
        return tuple(out)

    def placed(self) -> tuple[Placed, ...]:
        """Return every entity mention with its token span, in document order."""
        return self._mentions.placed()

    def for_token(self, token: Token) -> Mention | None:
        """Return the mention whose head is `token`, expanded to its whole phrase.

        A token inside a name gives the name; an unresolved pronoun, a value (date, money, …)
        or a token in page furniture gives None; any other noun gives a concept.
        """
        found = self._mentions.at(token.i)
        if found is not None:
            return found
        if self._no_mention(token):
            return None
        noun = relative_noun(token)
        if noun is not None or low(token) in RELATIVE_PRONOUNS:
            return self._relative(token, noun)
        return self._concept_at(phrase_start(token), token.i + 1)

    def for_span(self, span: Span) -> Mention | None:
        """Return the mention for a phrase: that of its head, or a concept for the phrase.

        Args:
            span: a noun phrase of the Doc, e.g. an argument the clause extractor found.
        """
        if not len(span):
            return None
        root = span.root
        found = self._mentions.at(root.i)
        if found is not None:
            return found
        if self._no_mention(root):
            return None
        noun = relative_noun(root)
        if noun is not None or low(root) in RELATIVE_PRONOUNS:
            return self._relative(root, noun)
        return self._concept_at(span.start, span.end)

    def adopt(
        self,
        start: int,
        end: int,
        kind: MentionKind,
        antecedent: Mention | None,
        label: str | None = None,
    ) -> Mention:
        """Add a mention that a later rule found (a speaker the NER missed) and return it.

        Args:
            start: first token index; end: token index after the last.
            kind: NAME for a new name, DESCRIPTION for a phrase standing for `antecedent`.
            antecedent: the mention it stands for, if any.
            label: the label; defaults to the antecedent's resolved label.
        """
        found = label or (antecedent.resolved().label if antecedent is not None else "CONCEPT")
        mention = make_mention(self.doc, self.document, start, end, found, kind, antecedent)
        self._mentions.add([Placed(mention, start, end)])
        return mention

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
        return names_nothing(token) or self.in_furniture(token)

    def _relative(self, token: Token, noun: Token | None) -> Mention | None:
        # "which" in "These companies, which restrict …" stands for "These companies".
        antecedent = self.for_token(noun) if noun is not None else None
        if antecedent is None:
            return None
        start, end = token.idx, token.idx + len(token)
        text = self.document.text[start:end]
        label = antecedent.resolved().label
        return Mention(self.document.id, start, end, text, label, MentionKind.PRONOUN, antecedent)

    def _concept_at(self, start: int, end: int) -> Mention | None:
        bounds = concept_bounds(self.doc, start, end)
        if bounds is None:
            return None
        cached = self._concepts.get(bounds)
        if cached is None:
            cached = make_mention(
                self.doc, self.document, bounds[0], bounds[1], "CONCEPT", MentionKind.CONCEPT
            )
            self._concepts[bounds] = cached
        return cached


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
