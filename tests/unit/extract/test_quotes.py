"""Quote spans from raw text, and speakers from hand-built parses."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from kg.extract.mentions import MentionIndex, mention_index
from kg.extract.quotes import QuotesExtractor
from kg.extract.quotes_marks import find_quote_spans
from kg.model import Document, Mention, MentionKind, Quote
from tests.conftest import MakeDoc


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said: "Yes, we will." Then he left.', ["Yes, we will."]),
        ("He said: “Yes. We will.” Then he left.", ["Yes. We will."]),
        ('"We will not sell it," said Smith.', ["We will not sell it"]),
        # Curly opening, straight closing mark after a space: the seed does this.
        ('“Amazon knows. You know it. "\n\nA spokesman spoke.', ["Amazon knows. You know it."]),
        # An unclosed quote ends with its paragraph; the rest of the text stays prose.
        ('He said: "Yes, we will.\n\nNo quote here at all.', ["Yes, we will."]),
        # A quote continued in the next paragraph reopens it without closing the first.
        ('"First part.\n\n"Second part," he said.', ["First part.", "Second part"]),
        # An inch mark is no quotation mark; the real quote after it is still found.
        ('A 12" pizza came. He said "fine" then.', ["fine"]),
        ('Two "stray marks here and "there', ["stray marks here and", "there"]),
        ("No quotes at all.", []),
        ('""', []),
        ('"', []),
    ],
)
def test_quotes_spans_from_marks(text: str, expected: list[str]) -> None:
    spans = find_quote_spans(text)
    assert [text[s.start : s.end] for s in spans] == expected
    for s in spans:
        assert 0 <= s.outer_start < s.start < s.end <= s.outer_end <= len(text)


LEMMAS = {
    "said": "say",
    "told": "tell",
    "according": "accord",
    "added": "add",
    "continued": "continue",
}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from('ab ."“”,\n\n:'), max_size=120))
def test_quotes_spans_never_cross_paragraphs_or_overlap(text: str) -> None:
    spans = find_quote_spans(text)
    last = -1
    for s in spans:
        assert last <= s.outer_start < s.start < s.end <= s.outer_end <= len(text)
        assert "\n" not in text[s.outer_start : s.outer_end]
        assert text[s.start : s.end] == text[s.start : s.end].strip()
        last = s.outer_end


def test_quotes_unclosed_quote_in_one_long_line_stops_early() -> None:
    sentence = "The market rose again and traders were pleased with the result. "
    text = 'He said: "' + sentence * 40
    (span,) = find_quote_spans(text)
    assert span.end - span.start < 700
    assert text[span.start : span.end].endswith(".")


def parse(
    make_doc: MakeDoc, spec: str, ents: list[tuple[int, int, str]]
) -> tuple[Doc, Document, MentionIndex]:
    rows = [t.rsplit("|", 3) for t in spec.split(" ")]
    words = [r[0].replace("NL", "\n\n") for r in rows]
    spaces = [w != "\n\n" and words[i + 1 : i + 2] != ["\n\n"] for i, w in enumerate(words)]
    doc, document = make_doc(
        words,
        [int(r[3]) for r in rows],
        [r[2] for r in rows],
        tags=[r[1] for r in rows],
        lemmas=[LEMMAS.get(w, w.lower()) for w in words],
        ents=ents,
        spaces=spaces,
    )
    return doc, document, mention_index(doc, document)


PRESIDENT = (
    "Microsoft|NNP|compound|3 President|NNP|compound|3 Brad|NNP|compound|3 Smith|NNP|nsubj|4 "
    "spoke|VBD|ROOT|4 .|.|punct|4 "
)
SAID_SMITH = (
    PRESIDENT + '"|``|punct|12 We|PRP|nsubj|9 will|MD|aux|9 stop|VB|ccomp|12 ,|,|punct|12 '
    "\"|''|punct|12 said|VBD|ROOT|12 Smith|NNP|nsubj|12 .|.|punct|12"
)
SMITH_ENTS = [(0, 1, "ORG"), (2, 4, "PERSON"), (13, 14, "PERSON")]


def quotes_of(doc: Doc, document: Document) -> list[Quote]:
    return [q for q in QuotesExtractor()(doc, document) if isinstance(q, Quote)]


def test_quotes_said_after_quote_names_speaker_and_we(make_doc: MakeDoc) -> None:
    doc, document, index = parse(make_doc, SAID_SMITH, SMITH_ENTS)
    (quote,) = quotes_of(doc, document)
    assert quote.text == "We will stop" == document.text[quote.start : quote.end]
    assert quote.speaker is not None and quote.speaker.text == "Smith"
    assert quote.speaker.resolved().text == "Brad Smith"
    # "We" in Smith's quote is Microsoft, the organization his role names.
    we = index.for_token(doc[7])
    assert we is not None and we.kind is MentionKind.PRONOUN
    assert we.resolved().text == "Microsoft"


def test_quotes_extractor_yields_speaker_mentions_once(make_doc: MakeDoc) -> None:
    doc, document, _ = parse(make_doc, SAID_SMITH, SMITH_ENTS)
    found = list(QuotesExtractor()(doc, document))
    speakers = [m for m in found if isinstance(m, Mention)]
    assert [m.text for m in speakers] == ["Smith"]


def test_quotes_speaker_before_colon(make_doc: MakeDoc) -> None:
    spec = (
        'Saira|NNP|compound|1 Hussain|NNP|nsubj|2 said|VBD|ROOT|2 :|:|punct|2 "|``|punct|2 '
        "It|PRP|nsubj|6 works|VBZ|ccomp|2 .|.|punct|2 \"|''|punct|2"
    )
    doc, document, _ = parse(make_doc, spec, [(0, 2, "PERSON")])
    (quote,) = quotes_of(doc, document)
    assert quote.text == "It works ."
    assert quote.speaker is not None and quote.speaker.text == "Saira Hussain"


def test_quotes_according_to(make_doc: MakeDoc) -> None:
    spec = (
        "\"|``|punct|4 The|DT|det|2 plan|NN|nsubj|3 failed|VBD|ROOT|3 ,|,|punct|3 \"|''|punct|3 "
        "according|VBG|prep|3 to|IN|prep|6 IBM|NNP|pobj|7 .|.|punct|3"
    )
    doc, document, _ = parse(make_doc, spec.replace("|4 The", "|3 The"), [(8, 9, "ORG")])
    (quote,) = quotes_of(doc, document)
    assert quote.text == "The plan failed"
    assert quote.speaker is not None and quote.speaker.text == "IBM"


def test_quotes_next_paragraph_continues_same_speaker(make_doc: MakeDoc) -> None:
    spec = (
        SAID_SMITH + " NL|_SP|dep|12 "
        '"|``|punct|20 More|JJR|amod|19 words|NNS|nsubj|20 follow|VBP|ROOT|20 here|RB|advmod|20 '
        ".|.|punct|20 \"|''|punct|20"
    )
    doc, document, _ = parse(make_doc, spec, SMITH_ENTS)
    first, second = quotes_of(doc, document)
    assert second.text == "More words follow here ."
    assert second.speaker == first.speaker


def test_quotes_short_unattributed_scare_quote_is_dropped(make_doc: MakeDoc) -> None:
    spec = (
        'The|DT|det|4 so-called|JJ|amod|4 "|``|punct|4 smart|JJ|amod|4 meters|NNS|nsubj|6 '
        "\"|''|punct|4 failed|VBD|ROOT|6 .|.|punct|6"
    )
    doc, document, index = parse(make_doc, spec, [])
    assert quotes_of(doc, document) == []
    assert index.quotes == ()


def test_quotes_opening_a_sentence_belong_to_the_speaker_before(make_doc: MakeDoc) -> None:
    # `Brad Smith added. "Sales grew fast today."`
    spec = (
        "Brad|NNP|compound|1 Smith|NNP|nsubj|2 added|VBD|ROOT|2 .|.|punct|2 "
        '"|``|punct|6 Sales|NNS|nsubj|6 grew|VBD|ROOT|6 fast|RB|advmod|6 today|NN|npadvmod|6 '
        ".|.|punct|6 \"|''|punct|6"
    )
    doc, document, _ = parse(make_doc, spec, [(0, 2, "PERSON")])
    (quote,) = quotes_of(doc, document)
    assert quote.speaker is not None and quote.speaker.text == "Brad Smith"


def test_quotes_unrecognised_proper_noun_speaker_becomes_a_person(make_doc: MakeDoc) -> None:
    # `"Sales grew fast today," Moyes said.` with the NER missing Moyes.
    spec = (
        '"|``|punct|2 Sales|NNS|nsubj|2 grew|VBD|ccomp|8 fast|RB|advmod|2 today|NN|npadvmod|2 '
        ",|,|punct|8 \"|''|punct|8 Moyes|NNP|nsubj|8 said|VBD|ROOT|8 .|.|punct|8"
    )
    doc, document, index = parse(make_doc, spec, [])
    (quote,) = quotes_of(doc, document)
    assert quote.speaker is not None
    assert (quote.speaker.text, quote.speaker.label, quote.speaker.kind) == (
        "Moyes",
        "PERSON",
        MentionKind.NAME,
    )
    assert quote.speaker in index.all()


def test_quotes_person_description_speaker_is_the_last_speaker(make_doc: MakeDoc) -> None:
    # `Alex Ferguson said: "Walter won it." The United boss continued: "We won again."`
    spec = (
        'Alex|NNP|compound|1 Ferguson|NNP|nsubj|2 said|VBD|ROOT|2 :|:|punct|2 "|``|punct|2 '
        "Walter|NNP|nsubj|6 won|VBD|ccomp|2 it|PRP|dobj|6 .|.|punct|2 \"|''|punct|2 "
        "The|DT|det|12 United|NNP|compound|12 boss|NN|nsubj|13 continued|VBD|ROOT|13 "
        ':|:|punct|13 "|``|punct|13 We|PRP|nsubj|17 won|VBD|ccomp|13 again|RB|advmod|17 '
        ".|.|punct|13 \"|''|punct|13"
    )
    doc, document, _ = parse(make_doc, spec, [(0, 2, "PERSON"), (5, 6, "PERSON")])
    first, second = quotes_of(doc, document)
    assert first.speaker is not None and first.speaker.text == "Alex Ferguson"
    assert second.speaker is not None and second.speaker.kind is MentionKind.DESCRIPTION
    assert second.speaker.text == "The United boss"
    assert second.speaker.resolved().text == "Alex Ferguson"


@pytest.mark.parametrize(
    ("spec", "ents", "speaker"),
    [
        (  # A name inside a modifier of the subject is not the speaker: the actor is.
            "Liam|NNP|compound|1 Neeson|NNP|nsubj|2 spoke|VBD|ROOT|2 .|.|punct|2 The|DT|det|8 "
            "Oscar|NNP|npadvmod|7 -|HYPH|punct|7 nominated|VBN|amod|8 actor|NN|nsubj|9 "
            'said|VBD|ROOT|9 :|:|punct|9 "|``|punct|9 It|PRP|nsubj|13 works|VBZ|ccomp|9 '
            ".|.|punct|9 \"|''|punct|9",
            [(0, 2, "PERSON"), (5, 6, "PERSON")],
            "Liam Neeson",
        ),
        (  # A spokesman speaks for his possessor.
            "Blair|NNP|poss|2 's|POS|case|0 spokesman|NN|nsubj|3 said|VBD|ROOT|3 :|:|punct|3 "
            "\"|``|punct|3 It|PRP|nsubj|7 works|VBZ|ccomp|3 .|.|punct|3 \"|''|punct|3",
            [(0, 1, "PERSON")],
            "Blair",
        ),
    ],
)
def test_quotes_speaker_is_the_subject_not_a_name_in_its_modifiers(
    make_doc: MakeDoc, spec: str, ents: list[tuple[int, int, str]], speaker: str
) -> None:
    doc, document, _ = parse(make_doc, spec, ents)
    (quote,) = quotes_of(doc, document)
    assert quote.speaker is not None and quote.speaker.resolved().text == speaker


def test_quotes_he_after_a_spokesman_speaks_for_the_organization(make_doc: MakeDoc) -> None:
    # "A spokesman for IBM disagreed. He said: "It works."" — he is IBM's spokesman.
    spec = (
        "A|DT|det|1 spokesman|NN|nsubj|4 for|IN|prep|1 IBM|NNP|pobj|2 disagreed|VBD|ROOT|4 "
        '.|.|punct|4 He|PRP|nsubj|7 said|VBD|ROOT|7 :|:|punct|7 "|``|punct|7 It|PRP|nsubj|11 '
        "works|VBZ|ccomp|7 .|.|punct|7 \"|''|punct|7"
    )
    doc, document, _ = parse(make_doc, spec, [(3, 4, "ORG")])
    (quote,) = quotes_of(doc, document)
    assert quote.speaker is not None and quote.speaker.resolved().text == "IBM"
