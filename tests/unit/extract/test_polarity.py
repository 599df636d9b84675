"""Polarity, modality, attribution and time of clauses: one test per cue, on hand-built parses."""

from __future__ import annotations

import pytest

from kg.extract.clause_frames import find_clauses
from kg.extract.polarity import entity_text, modality_of, negates_verb, time_of
from tests.conftest import MakeDoc
from tests.unit.extract.clause_docs import SAID_THAT, Fact, build, facts

ORG0 = [(0, 1, "ORG")]


def _modal(word: str) -> str:
    return f"""
    Microsoft 2 nsubj PROPN NNP Microsoft
    {word} 2 aux AUX MD {word}
    sell 2 ROOT VERB VB sell
    software 2 dobj NOUN NN software
    . 2 punct PUNCT . .
    """


NO_OBJECT = """
Microsoft 1 nsubj PROPN NNP Microsoft
sold 1 ROOT VERB VBD sell
no 3 det DET DT no
software 1 dobj NOUN NN software
. 1 punct PUNCT . .
"""

NEVER = """
Microsoft 2 nsubj PROPN NNP Microsoft
never 2 neg ADV RB never
sold 2 ROOT VERB VBD sell
software 2 dobj NOUN NN software
. 2 punct PUNCT . .
"""

CANNOT = """
Microsoft 3 nsubj PROPN NNP Microsoft
ca 3 aux AUX MD can
n't 3 neg PART RB not
sell 3 ROOT VERB VB sell
software 3 dobj NOUN NN software
. 3 punct PUNCT . .
"""

REFUSED = """
Microsoft 1 nsubj PROPN NNP Microsoft
refused 1 ROOT VERB VBD refuse
to 3 aux PART TO to
sell 1 xcomp VERB VB sell
software 3 dobj NOUN NN software
. 1 punct PUNCT . .
"""

STOPPED = """
Microsoft 1 nsubj PROPN NNP Microsoft
stopped 1 ROOT VERB VBD stop
selling 1 xcomp VERB VBG sell
software 2 dobj NOUN NN software
. 1 punct PUNCT . .
"""

NOT_REFUSED = """
Microsoft 3 nsubj PROPN NNP Microsoft
did 3 aux AUX VBD do
not 3 neg PART RB not
refuse 3 ROOT VERB VB refuse
to 5 aux PART TO to
sell 3 xcomp VERB VB sell
software 5 dobj NOUN NN software
. 3 punct PUNCT . .
"""

NEITHER_NOR = """
Neither 1 preconj CCONJ CC neither
Microsoft 4 nsubj PROPN NNP Microsoft
nor 1 cc CCONJ CC nor
IBM 1 conj PROPN NNP IBM
sells 4 ROOT VERB VBZ sell
cameras 4 dobj NOUN NNS camera
. 4 punct PUNCT . .
"""

WITHOUT = """
Microsoft 1 nsubj PROPN NNP Microsoft
sold 1 ROOT VERB VBD sell
software 1 dobj NOUN NN software
without 1 prep ADP IN without
telling 3 pcomp VERB VBG tell
the 6 det DET DT the
police 4 dobj NOUN NN police
. 1 punct PUNCT . .
"""

NOT_BUT = """
Microsoft 3 nsubj PROPN NNP Microsoft
did 3 aux AUX VBD do
not 3 neg PART RB not
sell 3 ROOT VERB VB sell
software 3 dobj NOUN NN software
but 3 cc CCONJ CC but
bought 3 conj VERB VBD buy
cameras 6 dobj NOUN NNS camera
. 3 punct PUNCT . .
"""

UNTIL = """
Microsoft 3 nsubj PROPN NNP Microsoft
will 3 aux AUX MD will
not 3 neg PART RB not
sell 3 ROOT VERB VB sell
software 3 dobj NOUN NN software
until 7 mark SCONJ IN until
Congress 7 nsubj PROPN NNP Congress
passes 3 advcl VERB VBZ pass
a 9 det DET DT a
law 7 dobj NOUN NN law
. 3 punct PUNCT . .
"""

DENIED = """
Microsoft 1 nsubj PROPN NNP Microsoft
denied 1 ROOT VERB VBD deny
that 4 mark SCONJ IN that
IBM 4 nsubj PROPN NNP IBM
sold 1 ccomp VERB VBD sell
software 4 dobj NOUN NN software
. 1 punct PUNCT . .
"""

NOT_SAID = """
Microsoft 3 nsubj PROPN NNP Microsoft
did 3 aux AUX VBD do
not 3 neg PART RB not
say 3 ROOT VERB VB say
that 6 mark SCONJ IN that
IBM 6 nsubj PROPN NNP IBM
sold 3 ccomp VERB VBD sell
software 6 dobj NOUN NN software
. 3 punct PUNCT . .
"""

ACCORDING_TO = """
According 5 prep VERB VBG accord
to 0 prep ADP IN to
Smith 1 pobj PROPN NNP Smith
, 5 punct PUNCT , ,
Microsoft 5 nsubj PROPN NNP Microsoft
sold 5 ROOT VERB VBD sell
the 7 det DET DT the
software 5 dobj NOUN NN software
. 5 punct PUNCT . .
"""

HAS_TO = """
Microsoft 1 nsubj PROPN NNP Microsoft
has 1 ROOT VERB VBZ have
to 3 aux PART TO to
sell 1 xcomp VERB VB sell
software 3 dobj NOUN NN software
. 1 punct PUNCT . .
"""

LAST_YEAR = """
Microsoft 1 nsubj PROPN NNP Microsoft
sold 1 ROOT VERB VBD sell
software 1 dobj NOUN NN software
last 4 amod ADJ JJ last
year 1 npadvmod NOUN NN year
. 1 punct PUNCT . .
"""

NOT_ONLY = """
Microsoft 3 nsubj PROPN NNP Microsoft
not 3 neg PART RB not
only 3 advmod ADV RB only
sells 3 ROOT VERB VBZ sell
software 3 dobj NOUN NN software
. 3 punct PUNCT . .
"""

YET_TO = """
Microsoft 1 nsubj PROPN NNP Microsoft
has 1 ROOT VERB VBZ have
yet 1 advmod ADV RB yet
to 4 aux PART TO to
sell 1 xcomp VERB VB sell
software 4 dobj NOUN NN software
. 1 punct PUNCT . .
"""

NOT_MEAN = """
Microsoft 3 nsubj PROPN NNP Microsoft
did 3 aux AUX VBD do
not 3 neg PART RB not
mean 3 ROOT VERB VB mean
that 6 mark SCONJ IN that
IBM 6 nsubj PROPN NNP IBM
sold 3 ccomp VERB VBD sell
software 6 dobj NOUN NN software
. 3 punct PUNCT . .
"""

NOUN_COMPLEMENT = """
Investors 1 nsubj NOUN NNS investor
have 1 ROOT VERB VBP have
confidence 1 dobj NOUN NN confidence
that 5 mark SCONJ IN that
IBM 5 nsubj PROPN NNP IBM
sells 2 acl VERB VBZ sell
software 5 dobj NOUN NN software
. 1 punct PUNCT . .
"""

POS, NEG = "positive", "negative"
SELLS = ("Microsoft", "sell", "software")

CASES: list[tuple[str, str, list[tuple[int, int, str]], set[Fact]]] = [
    ("no_determiner", NO_OBJECT, ORG0, {(*SELLS, NEG, None)}),
    ("never", NEVER, ORG0, {(*SELLS, NEG, None)}),
    ("cannot", CANNOT, ORG0, {(*SELLS, NEG, "can")}),
    ("refuse_to", REFUSED, ORG0, {(*SELLS, NEG, None)}),
    ("stop_doing", STOPPED, ORG0, {(*SELLS, NEG, None)}),
    ("negated_refusal_says_nothing", NOT_REFUSED, ORG0, set()),
    (
        "neither_nor",
        NEITHER_NOR,
        [(1, 2, "ORG"), (3, 4, "ORG")],
        {("Microsoft", "sell", "cameras", NEG, None), ("IBM", "sell", "cameras", NEG, None)},
    ),
    (
        "without",
        WITHOUT,
        ORG0,
        {(*SELLS, POS, None), ("Microsoft", "tell", "police", NEG, None)},
    ),
    (
        "but_keeps_own_polarity",
        NOT_BUT,
        ORG0,
        {(*SELLS, NEG, None), ("Microsoft", "buy", "cameras", POS, None)},
    ),
    (
        "until_is_conditional",
        UNTIL,
        [(0, 1, "ORG"), (6, 7, "ORG")],
        {(*SELLS, NEG, "conditional"), ("Congress", "pass", "law", POS, "conditional")},
    ),
    (
        "denial",
        DENIED,
        [(0, 1, "ORG"), (3, 4, "ORG")],
        {("IBM", "sell", "software", NEG, "reported")},
    ),
    ("negated_saying_says_nothing", NOT_SAID, [(0, 1, "ORG"), (5, 6, "ORG")], set()),
    ("according_to", ACCORDING_TO, [(2, 3, "PERSON"), (4, 5, "ORG")], {(*SELLS, POS, "reported")}),
    ("has_to_is_must", HAS_TO, ORG0, {(*SELLS, POS, "must")}),
    ("not_only_is_no_negation", NOT_ONLY, ORG0, {(*SELLS, POS, None)}),
    ("negated_matrix_says_nothing", NOT_MEAN, [(0, 1, "ORG"), (5, 6, "ORG")], set()),
    (
        "noun_complement_is_a_belief",
        NOUN_COMPLEMENT,
        [(4, 5, "ORG")],
        {
            ("Investors", "have", "confidence", POS, None),
            ("IBM", "sell", "software", POS, "reported"),
        },
    ),
    ("has_yet_to_is_not_done", YET_TO, ORG0, {(*SELLS, NEG, None)}),
]


@pytest.mark.parametrize(
    ("spec", "ents", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_find_clauses_cue(
    make_doc: MakeDoc, spec: str, ents: list[tuple[int, int, str]], expected: set[Fact]
) -> None:
    doc, _ = build(make_doc, spec, ents)
    assert facts(doc) == expected


@pytest.mark.parametrize(
    ("word", "modality"),
    [
        ("would", "would"),
        ("could", "could"),
        ("can", "can"),
        ("may", "may"),
        ("might", "might"),
        ("should", "should"),
        ("must", "must"),
        ("will", None),
    ],
)
def test_modality_of_modal_auxiliary(make_doc: MakeDoc, word: str, modality: str | None) -> None:
    doc, _ = build(make_doc, _modal(word), ORG0)
    found = modality_of(doc[2])
    assert (found.value if found else None) == modality
    assert not negates_verb(doc[2])


def test_clause_context_reporter_is_the_speaker(make_doc: MakeDoc) -> None:
    doc, _ = build(make_doc, SAID_THAT, [(0, 1, "PERSON"), (3, 4, "ORG")])
    (clause,) = find_clauses(doc[:])
    assert clause.context.reporter is not None and clause.context.reporter.text == "Smith"


def test_clause_context_according_to_names_the_source(make_doc: MakeDoc) -> None:
    doc, _ = build(make_doc, ACCORDING_TO, [(2, 3, "PERSON"), (4, 5, "ORG")])
    (clause,) = find_clauses(doc[:])
    assert clause.context.reporter is not None and clause.context.reporter.text == "Smith"


def test_time_of_date_entity_attached_to_verb(make_doc: MakeDoc) -> None:
    doc, _ = build(make_doc, LAST_YEAR, [(0, 1, "ORG"), (3, 5, "DATE")])
    assert time_of(doc[1]) == "last year"
    assert entity_text(doc[4]) == "last year"
    # The date qualifies the fact; it never becomes an object.
    assert facts(doc) == {(*SELLS, POS, None)}


def test_time_of_verb_without_date_is_none(make_doc: MakeDoc) -> None:
    doc, _ = build(make_doc, NEVER, ORG0)
    assert time_of(doc[2]) is None
    assert negates_verb(doc[2])
