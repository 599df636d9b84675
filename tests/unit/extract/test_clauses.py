"""The clause extractor on hand-built parses: one test per construction."""

from __future__ import annotations

import pytest

from kg.extract import EXTRACTORS
from kg.extract.clause_frames import find_clauses
from kg.extract.clauses import ClausesExtractor
from kg.model import Modality, Polarity, Relation, RelationKind
from tests.conftest import MakeDoc
from tests.unit.extract.clause_docs import (
    ANNOUNCED_WOULD_NOT_SELL,
    FOLLOWED_SUIT_BANNING,
    NO_LONGER_DEVELOP_OR_OFFER,
    SAID_THAT,
    SELL_TO,
    Fact,
    build,
    facts,
)

CONJOINED_SUBJECTS = """
Amazon 3 nsubj PROPN NNP Amazon
and 0 cc CCONJ CC and
IBM 0 conj PROPN NNP IBM
sell 3 ROOT VERB VBP sell
cameras 3 dobj NOUN NNS camera
. 3 punct PUNCT . .
"""

PASSIVE_AGENT = """
The 1 det DET DT the
software 3 nsubjpass NOUN NN software
was 3 auxpass AUX VBD be
developed 3 ROOT VERB VBN develop
by 3 agent ADP IN by
IBM 4 pobj PROPN NNP IBM
. 3 punct PUNCT . .
"""

PASSIVE_NO_AGENT = """
The 1 det DET DT the
software 3 nsubjpass NOUN NN software
was 3 auxpass AUX VBD be
sold 3 ROOT VERB VBN sell
to 3 prep ADP IN to
the 6 det DET DT the
police 4 pobj NOUN NN police
. 3 punct PUNCT . .
"""

PASSIVE_PARTICIPLE = """
The 1 det DET DT the
steps 6 nsubj NOUN NNS step
taken 1 acl VERB VBN take
by 2 agent ADP IN by
these 5 det DET DT these
companies 3 pobj NOUN NNS company
were 6 ROOT AUX VBD be
a 8 det DET DT a
stunt 6 attr NOUN NN stunt
. 6 punct PUNCT . .
"""

COPULA = """
IBM 1 nsubj PROPN NNP IBM
is 1 ROOT AUX VBZ be
a 4 det DET DT a
technology 4 compound NOUN NN technology
company 1 attr NOUN NN company
. 1 punct PUNCT . .
"""

RELATIVE_SUBJECT = """
The 1 det DET DT the
groups 7 nsubj NOUN NNS group
, 1 punct PUNCT , ,
which 4 nsubj PRON WDT which
oppose 1 relcl VERB VBP oppose
surveillance 4 dobj NOUN NN surveillance
, 1 punct PUNCT , ,
called 7 ROOT VERB VBD call
for 7 prep ADP IN for
a 10 det DET DT a
ban 8 pobj NOUN NN ban
. 7 punct PUNCT . .
"""

RELATIVE_OBJECT = """
The 1 det DET DT the
software 5 nsubj NOUN NN software
that 4 dobj PRON WDT that
Microsoft 4 nsubj PROPN NNP Microsoft
sold 1 relcl VERB VBD sell
was 5 ROOT AUX VBD be
faulty 5 acomp ADJ JJ faulty
. 5 punct PUNCT . .
"""

PARTICLE = """
The 1 det DET DT the
workers 2 nsubj NOUN NNS worker
cut 2 ROOT VERB VBD cut
off 2 prt ADP RP off
the 5 det DET DT the
power 2 dobj NOUN NN power
. 2 punct PUNCT . .
"""

XCOMP_CHAIN = """
Microsoft 1 nsubj PROPN NNP Microsoft
plans 1 ROOT VERB VBZ plan
to 3 aux PART TO to
buy 1 xcomp VERB VB buy
Activision 3 dobj PROPN NNP Activision
. 1 punct PUNCT . .
"""

OBJECT_CONTROL = """
Microsoft 1 nsubj PROPN NNP Microsoft
asked 1 ROOT VERB VBD ask
the 3 det DET DT the
police 1 dobj NOUN NNS police
to 5 aux PART TO to
buy 1 xcomp VERB VB buy
cameras 5 dobj NOUN NNS camera
. 1 punct PUNCT . .
"""

PHRASAL_PREPOSITION = """
Microsoft 1 nsubj PROPN NNP Microsoft
followed 1 ROOT VERB VBD follow
in 1 prep ADP IN in
the 4 det DET DT the
footsteps 2 pobj NOUN NNS footstep
of 4 prep ADP IN of
IBM 5 pobj PROPN NNP IBM
. 1 punct PUNCT . .
"""

LIGHT_VERB_PREPOSITION = """
The 1 det DET DT the
board 2 nsubj NOUN NN board
took 2 ROOT VERB VBD take
part 2 dobj NOUN NN part
in 2 prep ADP IN in
the 6 det DET DT the
talks 4 pobj NOUN NNS talk
. 2 punct PUNCT . .
"""

ADJECTIVE_PREPOSITION = """
The 1 det DET DT the
drug 2 nsubj NOUN NN drug
is 2 ROOT AUX VBZ be
compatible 2 acomp ADJ JJ compatible
with 3 prep ADP IN with
the 6 det DET DT the
treatment 4 pobj NOUN NN treatment
. 2 punct PUNCT . .
"""

POS, NEG = "positive", "negative"

CASES: list[tuple[str, str, list[tuple[int, int, str]], set[Fact]]] = [
    (
        "svo_and_preposition",
        SELL_TO,
        [(0, 1, "ORG")],
        {
            ("Microsoft", "sell", "software", POS, None),
            ("Microsoft", "sell to", "police", POS, None),
        },
    ),
    (
        "conjoined_subjects",
        CONJOINED_SUBJECTS,
        [(0, 1, "ORG"), (2, 3, "ORG")],
        {("Amazon", "sell", "cameras", POS, None), ("IBM", "sell", "cameras", POS, None)},
    ),
    (
        "conjoined_verbs_share_object_and_negation",
        NO_LONGER_DEVELOP_OR_OFFER,
        [(0, 1, "ORG")],
        {("IBM", "develop", "software", NEG, None), ("IBM", "offer", "software", NEG, None)},
    ),
    ("passive_agent", PASSIVE_AGENT, [(5, 6, "ORG")], {("IBM", "develop", "software", POS, None)}),
    (
        "passive_without_agent",
        PASSIVE_NO_AGENT,
        [],
        {("software", "be sold to", "police", POS, None)},
    ),
    (
        "passive_participle",
        PASSIVE_PARTICIPLE,
        [],
        {("companies", "take", "steps", POS, None), ("steps", "is a", "stunt", POS, None)},
    ),
    ("copula", COPULA, [(0, 1, "ORG")], {("IBM", "is a", "company", POS, None)}),
    (
        "relative_subject",
        RELATIVE_SUBJECT,
        [],
        {("groups", "oppose", "surveillance", POS, None), ("groups", "call for", "ban", POS, None)},
    ),
    (
        "relative_object",
        RELATIVE_OBJECT,
        [(3, 4, "ORG")],
        {("Microsoft", "sell", "software", POS, None)},
    ),
    ("particle", PARTICLE, [], {("workers", "cut off", "power", POS, None)}),
    (
        "xcomp_chain",
        XCOMP_CHAIN,
        [(0, 1, "ORG"), (4, 5, "ORG")],
        {("Microsoft", "plan to buy", "Activision", POS, None)},
    ),
    (
        "object_control_not_asserted",
        OBJECT_CONTROL,
        [(0, 1, "ORG")],
        {("Microsoft", "ask", "police", POS, None)},
    ),
    (
        "phrasal_preposition",
        PHRASAL_PREPOSITION,
        [(0, 1, "ORG"), (6, 7, "ORG")],
        {("Microsoft", "follow in the footsteps of", "IBM", POS, None)},
    ),
    (
        "light_verb_with_preposition",
        LIGHT_VERB_PREPOSITION,
        [],
        {("board", "take part in", "talks", POS, None)},
    ),
    (
        "adjective_preposition",
        ADJECTIVE_PREPOSITION,
        [],
        {("drug", "be compatible with", "treatment", POS, None)},
    ),
    (
        "light_verb_then_participle",
        FOLLOWED_SUIT_BANNING,
        [(0, 1, "ORG"), (4, 5, "DATE")],
        {("Amazon", "ban", "police", POS, None), ("police", "use", "software", NEG, None)},
    ),
]


@pytest.mark.parametrize(
    ("spec", "ents", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_find_clauses_construction(
    make_doc: MakeDoc, spec: str, ents: list[tuple[int, int, str]], expected: set[Fact]
) -> None:
    doc, _ = build(make_doc, spec, ents)
    assert facts(doc) == expected


def test_find_clauses_copula_is_a_type_statement(make_doc: MakeDoc) -> None:
    doc, _ = build(make_doc, COPULA, [(0, 1, "ORG")])
    (clause,) = find_clauses(doc[:])
    assert clause.kind is RelationKind.TYPE


def test_find_clauses_participle_inherits_time(make_doc: MakeDoc) -> None:
    doc, _ = build(make_doc, FOLLOWED_SUIT_BANNING, [(0, 1, "ORG"), (4, 5, "DATE")])
    ban = next(c for c in find_clauses(doc[:]) if c.predicate == "ban")
    assert ban.context.time == "Wednesday"


def test_find_clauses_direct_names_score_above_inherited_and_passive(make_doc: MakeDoc) -> None:
    direct, _ = build(make_doc, SELL_TO, [(0, 1, "ORG")])
    passive, _ = build(make_doc, PASSIVE_NO_AGENT)
    relative, _ = build(make_doc, RELATIVE_SUBJECT)
    sell = next(c for c in find_clauses(direct[:]) if c.predicate == "sell")
    be_sold = next(iter(find_clauses(passive[:])))
    oppose = next(c for c in find_clauses(relative[:]) if c.predicate == "oppose")
    assert sell.confidence > oppose.confidence > be_sold.confidence


def _relations(make_doc: MakeDoc, spec: str, ents: list[tuple[int, int, str]]) -> list[Relation]:
    doc, document = build(make_doc, spec, ents)
    return list(ClausesExtractor()(doc, document))  # type: ignore[arg-type]


def test_clauses_is_registered() -> None:
    assert isinstance(EXTRACTORS.get("clauses"), ClausesExtractor)


def test_clauses_pronoun_subject_resolves_and_fact_is_negative(make_doc: MakeDoc) -> None:
    relations = _relations(make_doc, ANNOUNCED_WOULD_NOT_SELL, [(0, 1, "ORG")])
    sells = [r for r in relations if r.predicate.startswith("sell")]
    assert {r.predicate for r in sells} == {"sell", "sell to"}
    for r in sells:
        assert r.subject.text == "it"
        assert r.subject.resolved().text == "Microsoft"
        assert r.polarity is Polarity.NEGATIVE
        assert r.modality is Modality.WOULD
        assert r.attributed_to is not None and r.attributed_to.text == "Microsoft"
    assert not any(r.asserted and r.predicate.startswith("sell") for r in relations)


def test_clauses_reported_clause_names_the_speaker(make_doc: MakeDoc) -> None:
    (relation,) = _relations(make_doc, SAID_THAT, [(0, 1, "PERSON"), (3, 4, "ORG")])
    assert (relation.subject.text, relation.predicate) == ("Microsoft", "sell")
    assert relation.modality is Modality.REPORTED
    assert relation.attributed_to is not None and relation.attributed_to.text == "Smith"


def test_clauses_evidence_is_the_sentence_and_extractor_named(make_doc: MakeDoc) -> None:
    doc, document = build(make_doc, SELL_TO, [(0, 1, "ORG")])
    relations = list(ClausesExtractor()(doc, document))
    assert relations
    for r in relations:
        assert isinstance(r, Relation)
        assert document.text[r.evidence_start : r.evidence_end] == doc.text.strip()
        assert r.extractor == "clauses"
        assert 0.0 <= r.confidence <= 1.0


def test_clauses_argument_without_mention_is_dropped(make_doc: MakeDoc) -> None:
    # "If Microsoft sells software, the police will buy it": "it" has no antecedent here.
    spec = """
    the 1 det DET DT the
    police 3 nsubj NOUN NNS police
    will 3 aux AUX MD will
    buy 3 ROOT VERB VB buy
    it 3 dobj PRON PRP it
    . 3 punct PUNCT . .
    """
    assert _relations(make_doc, spec, []) == []


def test_clauses_furniture_sentence_yields_nothing(make_doc: MakeDoc) -> None:
    words = [
        "Read",
        "more",
        ":",
        "IBM",
        "sells",
        "cameras",
        "\n\n",
        "Amazon",
        "sells",
        "books",
        ".",
    ]
    doc, document = make_doc(
        words,
        [0, 0, 0, 4, 0, 4, 5, 8, 8, 8, 8],
        [
            "ROOT",
            "dobj",
            "punct",
            "nsubj",
            "parataxis",
            "dobj",
            "dep",
            "nsubj",
            "ROOT",
            "dobj",
            "punct",
        ],
        pos=[
            "VERB",
            "ADJ",
            "PUNCT",
            "PROPN",
            "VERB",
            "NOUN",
            "SPACE",
            "PROPN",
            "VERB",
            "NOUN",
            "PUNCT",
        ],
        tags=["VB", "JJR", ":", "NNP", "VBZ", "NNS", "_SP", "NNP", "VBZ", "NNS", "."],
        lemmas=[
            "read",
            "more",
            ":",
            "IBM",
            "sell",
            "camera",
            "\n\n",
            "Amazon",
            "sell",
            "book",
            ".",
        ],
        ents=[(3, 4, "ORG"), (7, 8, "ORG")],
        spaces=[True, False, True, True, True, False, False, True, True, False, False],
    )
    assert document.text == "Read more: IBM sells cameras\n\nAmazon sells books."
    relations = list(ClausesExtractor()(doc, document))
    assert [(r.subject.text, r.predicate, r.object.text) for r in relations] == [
        ("Amazon", "sell", "books")
    ]
