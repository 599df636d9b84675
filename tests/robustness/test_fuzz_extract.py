"""Fuzzing extraction and everything after it, on the real English pipeline.

News-like text made of names, verbs, negations, quotes of every kind (balanced or not),
parentheses, acronyms, newlines, emoji and right-to-left script is parsed with the real `nlp`
and run through every registered extractor, then resolve, to_graph and every exporter. Nothing
may raise; every offset must point at the text it claims; the Turtle must re-parse whole.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from kg.export import EXPORTERS
from kg.extract import EXTRACTORS, extract_document
from kg.model import DocExtraction, Document, Mention
from kg.rdf import to_graph
from kg.read.decode import normalize_text
from kg.resolve import resolve

pytestmark = pytest.mark.model

FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NAMES = [
    "Microsoft",
    "Brad Smith",
    "Microsoft President Brad Smith",
    "IBM",
    "Amazon",
    "Arvind Krishna",
    "the company",
    "the firm",
    "it",
    "its",
    "they",
    "We",
    "Fight for the Future",
    "facial recognition technology (FRT)",
    "FRT",
    "the A.C.L.U.",
    "Congress",
    "O'Brien",
    "Zürich",
    "محمد بن سلمان",
    "שלום עליכם",
    "北京",
    "Dr. Jane Doe, Ph.D.",
]
VERBS = [
    "said",
    "says",
    "announced",
    "will not sell",
    "won't sell",
    "did n't sell",
    "does not",
    "didn't",
    "never",
    "would halt",
    "could ban",
    "may",
    "must not",
    "is president of",
    "is a digital rights group",
    "halted sales to",
    "banned",
    "told",
    "wrote to",
    "according to",
    "until",
    "if",
    "not",
    "n't",
]
PUNCT = [
    '"',
    "'",
    "\u201c",
    "\u201d",
    "\u2018",
    "\u2019",
    "\u00ab",
    "\u00bb",
    "\u201e",
    "``",
    "''",
    "(",
    ")",
    "[",
    "]",
    ",",
    ".",
    ";",
    ":",
    "\u2014",
    "-",
    "...",
    "?",
    "!",
]
ODD = [
    "\n",
    "\n\n",
    "\n\n\n",
    "\t",
    "\u00a0",
    "\u200b",
    "\u200d",
    "\u202e",
    "\u2028",
    "\ufeff",
    "\U0001f600",
    "\U0001f469\u200d\U0001f4bb",
    "\U0001f1fa\U0001f1f8",
    "e\u0301",
    "NASA",
    "U.S.",
    "$1.5bn",
    "2020",
    "Thursday",
    "#",
    "@",
    "&",
    "http://x.y/z",
    "\u0130stanbul",  # lower() makes two characters of one: offsets must not come from it
    "STRA\u00dfE",
    "\ufb01nance",
    "\u01c5",
    "\u03a3\u0391\u03a3",
    "AT&T",
    "I.B.M.",
    "Mr.",
    "'s",
    "\u2019s",
    "x" * 300,
]
WORDS = st.one_of(
    st.sampled_from(NAMES),
    st.sampled_from(VERBS),
    st.sampled_from(PUNCT),
    st.sampled_from(ODD),
    st.text(max_size=8),
)
SEPARATORS = st.sampled_from([" ", " ", " ", "", "\n", "  "])


@st.composite
def news_text(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.tuples(WORDS, SEPARATORS), min_size=1, max_size=60))
    return "".join(w + s for w, s in words)


@st.composite
def sentences(draw: st.DrawFn) -> str:
    """Well-formed-ish sentences: subject, verb, object, maybe quoted, maybe attributed."""
    parts = []
    for _ in range(draw(st.integers(1, 5))):
        subject, verb, obj = (draw(st.sampled_from(NAMES)) for _ in range(3))
        verb = draw(st.sampled_from(VERBS))
        sentence = f"{subject} {verb} {obj}"
        if draw(st.booleans()):
            opener, closer = draw(
                st.sampled_from(
                    [
                        ('"', '"'),
                        ("\u201c", "\u201d"),
                        ("\u2018", "\u2019"),
                        ('"', ""),
                        ("", "\u201d"),
                    ]
                )
            )
            sentence = f"{opener}{sentence},{closer} {draw(st.sampled_from(NAMES))} said"
        parts.append(sentence + draw(st.sampled_from([".", "", "!", "?", ".\n\n", ".)"])))
    return " ".join(parts)


TEXTS = st.one_of(news_text(), sentences()).map(normalize_text).filter(str.strip)


def _mentions(extraction: DocExtraction) -> list[Mention]:
    found: list[Mention] = list(extraction.mentions)
    for relation in extraction.relations:
        found += [relation.subject, relation.object]
        if relation.attributed_to is not None:
            found.append(relation.attributed_to)
    found += [q.speaker for q in extraction.quotes if q.speaker is not None]
    chained: list[Mention] = []
    for mention in found:
        link: Mention | None = mention
        while link is not None:
            chained.append(link)
            link = link.antecedent
    return chained


def check_extraction(text: str, nlp: Language) -> None:
    document = Document(id="fuzz.txt", text=text, source="fuzz.txt")
    extraction = extract_document(nlp(text), document, EXTRACTORS.names())
    size = len(text)
    for mention in _mentions(extraction):
        assert mention.doc_id == document.id
        assert 0 <= mention.start < mention.end <= size, mention
        assert text[mention.start : mention.end] == mention.text, mention
    for quote in extraction.quotes:
        assert 0 <= quote.start < quote.end <= size, quote
        assert text[quote.start : quote.end] == quote.text, quote
    for relation in extraction.relations:
        assert 0.0 <= relation.confidence <= 1.0, relation
        assert 0 <= relation.evidence_start < relation.evidence_end <= size, relation
        assert relation.predicate.strip(), relation

    graph = to_graph(resolve([extraction]))
    for name in EXPORTERS.names():
        data = EXPORTERS.get(name).render(graph)
        assert data, name
    turtle = EXPORTERS.get("turtle").render(graph)
    reparsed = list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))
    assert len(reparsed) == len(graph)


@FUZZ
@given(text=TEXTS)
@example(text='"Microsoft will not sell it," said Brad Smith. \u201cWe won\'t')
@example(text="\u201d\u201c\u2019\u2018\"' Microsoft (FRT) \u201c")
@example(text="IBM\n\n\n\U0001f469\u200d\U0001f4bb \u202eمحمد بن سلمان said n't not.")
@example(text="Amazon (\n\nFRT\n\n) , \u2018Brad Smith\u2019 didn't sell it.")
@example(text="\ufeff\u200b\u2028 . \u00a0(")
@example(text="Microsoft President Brad Smith said: \u201c\u201d")
def test_extract_document_keeps_offsets_true_on_arbitrary_news_text(
    text: str, nlp: Language
) -> None:
    check_extraction(text, nlp)
