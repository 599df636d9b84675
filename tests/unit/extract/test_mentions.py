"""MentionIndex on hand-built parses: names, values, concepts, pronouns, furniture."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from spacy.tokens import Doc

from kg.errors import ExtractionError
from kg.extract.mentions import MentionIndex, MentionsExtractor, mention_index
from kg.model import Document, Mention, MentionKind
from tests.conftest import MakeDoc

Row = tuple[str, int, str, str]  # word, head (absolute), dep, tag


def build(
    make_doc: MakeDoc,
    rows: Sequence[Row],
    ents: Sequence[tuple[int, int, str]] = (),
    spaces: Sequence[bool] | None = None,
) -> tuple[Doc, Document, MentionIndex]:
    words = [r[0] for r in rows]
    doc, document = make_doc(
        words,
        [r[1] for r in rows],
        [r[2] for r in rows],
        tags=[r[3] for r in rows],
        ents=ents,
        spaces=spaces,
        lemmas=[w.lower() for w in words],
    )
    return doc, document, mention_index(doc, document)


# "The Washington Post's reporter left on Thursday."
POST = [
    ("The", 2, "det", "DT"),
    ("Washington", 2, "compound", "NNP"),
    ("Post", 4, "poss", "NNP"),
    ("'s", 2, "case", "POS"),
    ("reporter", 5, "nsubj", "NN"),
    ("left", 5, "ROOT", "VBD"),
    ("on", 5, "prep", "IN"),
    ("Thursday", 6, "pobj", "NNP"),
    (".", 5, "punct", "."),
]


def test_mentions_entity_span_drops_article_and_possessive(make_doc: MakeDoc) -> None:
    doc, document, index = build(make_doc, POST, ents=[(0, 4, "ORG"), (7, 8, "DATE")])
    mention = index.for_span(doc[0:4])
    assert mention is not None
    assert (mention.text, mention.label, mention.kind) == ("Washington Post", "ORG", "name")
    assert document.text[mention.start : mention.end] == "Washington Post"


def test_mentions_value_entity_is_no_mention(make_doc: MakeDoc) -> None:
    doc, _, index = build(make_doc, POST, ents=[(0, 4, "ORG"), (7, 8, "DATE")])
    assert index.for_token(doc[7]) is None
    assert index.for_span(doc[7:8]) is None
    assert [m.text for m in index.all()] == ["Washington Post"]


def test_mentions_other_noun_is_concept_with_exact_surface(make_doc: MakeDoc) -> None:
    # "Microsoft sells its facial recognition software."
    rows = [
        ("Microsoft", 1, "nsubj", "NNP"),
        ("sells", 1, "ROOT", "VBZ"),
        ("its", 5, "poss", "PRP$"),
        ("facial", 4, "amod", "JJ"),
        ("recognition", 5, "compound", "NN"),
        ("software", 1, "dobj", "NN"),
        (".", 1, "punct", "."),
    ]
    doc, document, index = build(make_doc, rows, ents=[(0, 1, "ORG")])
    from_span = index.for_span(doc[2:6])
    from_token = index.for_token(doc[5])
    assert from_span is not None and from_token is not None
    assert from_span == from_token
    assert from_span.kind is MentionKind.CONCEPT and from_span.label == "CONCEPT"
    assert from_span.text == "facial recognition software"
    assert document.text[from_span.start : from_span.end] == from_span.text
    # "its" resolves to the sentence's subject; the concept itself is not an entity mention.
    its = index.for_token(doc[2])
    assert its is not None and its.kind is MentionKind.PRONOUN
    assert its.resolved().text == "Microsoft" and its.label == "ORG"
    assert from_span not in index.all()


@pytest.mark.parametrize("word", ["It", "They"])
def test_mentions_unresolved_pronoun_is_none(make_doc: MakeDoc, word: str) -> None:
    rows = [(word, 1, "nsubj", "PRP"), ("rained", 1, "ROOT", "VBD"), (".", 1, "punct", ".")]
    doc, _, index = build(make_doc, rows)
    assert index.for_token(doc[0]) is None
    assert index.for_span(doc[0:1]) is None
    assert index.all() == ()


def test_mentions_index_is_built_once_per_doc(make_doc: MakeDoc) -> None:
    doc, document, index = build(make_doc, POST, ents=[(0, 4, "ORG")])
    assert mention_index(doc, document) is index
    other = Document(id="other.txt", text=document.text, source="other.txt")
    assert mention_index(doc, other) is not index


def test_mentions_parse_of_other_text_raises(make_doc: MakeDoc) -> None:
    doc, _, _ = build(make_doc, POST)
    with pytest.raises(ExtractionError, match="another text"):
        MentionIndex(doc, Document(id="x", text="Something else entirely.", source="x"))


def test_mentions_furniture_line_yields_nothing(make_doc: MakeDoc) -> None:
    # "izusek / Getty Images\n\nIBM left." — one parser "sentence" of furniture and prose.
    rows = [
        ("izusek", 0, "ROOT", "NN"),
        ("/", 0, "punct", "SYM"),
        ("Getty", 3, "compound", "NNP"),
        ("Images", 0, "appos", "NNPS"),
        ("\n\n", 3, "dep", "_SP"),
        ("IBM", 6, "nsubj", "NNP"),
        ("left", 6, "ROOT", "VBD"),
        (".", 6, "punct", "."),
    ]
    spaces = [True, True, True, False, False, True, False, False]
    doc, _, index = build(make_doc, rows, ents=[(2, 4, "ORG"), (5, 6, "ORG")], spaces=spaces)
    assert [m.text for m in index.all()] == ["IBM"]
    assert index.for_span(doc[2:4]) is None
    assert index.in_furniture(doc[0]) and not index.in_furniture(doc[5])
    furniture, prose = list(doc.sents)
    assert index.is_furniture(furniture)
    assert not index.is_furniture(prose)


def test_mentions_relative_pronoun_stands_for_its_noun(make_doc: MakeDoc) -> None:
    # "Companies, which restrict software, grew."
    rows = [
        ("Companies", 6, "nsubj", "NNS"),
        (",", 0, "punct", ","),
        ("which", 3, "nsubj", "WDT"),
        ("restrict", 0, "relcl", "VBP"),
        ("software", 3, "dobj", "NN"),
        (",", 0, "punct", ","),
        ("grew", 6, "ROOT", "VBD"),
        (".", 6, "punct", "."),
    ]
    doc, _, index = build(make_doc, rows)
    which = index.for_token(doc[2])
    assert which is not None and which.kind is MentionKind.PRONOUN
    assert which.resolved().text == "Companies"


def test_mentions_extractor_yields_every_entity_mention(make_doc: MakeDoc) -> None:
    doc, document, _ = build(make_doc, POST, ents=[(0, 4, "ORG"), (7, 8, "DATE")])
    found = [m for m in MentionsExtractor()(doc, document) if isinstance(m, Mention)]
    assert len(found) == len(list(MentionsExtractor()(doc, document)))
    assert [(m.text, m.kind) for m in found] == [("Washington Post", MentionKind.NAME)]
    assert MentionsExtractor.name == "mentions"


def test_mentions_concept_stops_at_a_verb_parsed_as_modifier(make_doc: MakeDoc) -> None:
    # "an interview covering issues" with "covering" misparsed as a compound of "issues".
    rows = [
        ("We", 1, "nsubj", "PRP"),
        ("held", 1, "ROOT", "VBD"),
        ("an", 5, "det", "DT"),
        ("interview", 5, "compound", "NN"),
        ("covering", 5, "compound", "VBG"),
        ("issues", 1, "dobj", "NNS"),
        (".", 1, "punct", "."),
    ]
    doc, _, index = build(make_doc, rows)
    issues = index.for_token(doc[5])
    assert issues is not None and issues.text == "issues"
