"""The clause extractor on hand-built parses: one test per construction."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from kg.extract import EXTRACTORS
from kg.extract.clause_frames import find_clauses
from kg.extract.clauses import UNRESOLVED, ClausesExtractor
from kg.model import (
    ENTITY_TYPE_BY_LABEL,
    DocExtraction,
    Document,
    MentionKind,
    Modality,
    Polarity,
    Relation,
    RelationKind,
)
from kg.resolve import resolve
from tests.conftest import MakeDoc
from tests.unit.extract.clause_docs import (
    ADJECTIVE_PREPOSITION,
    ANNOUNCED_WOULD_NOT_SELL,
    CONJOINED_SUBJECTS,
    COPULA,
    COPULA_PARTICIPLE,
    FOLLOWED_SUIT_BANNING,
    LIGHT_VERB_PREPOSITION,
    NAME_AFTER_COPULA,
    NO_LONGER_DEVELOP_OR_OFFER,
    OBJECT_CONTROL,
    PARTICIPLE_WITH_OWN_SUBJECT,
    PARTICLE,
    PASSIVE_AGENT,
    PASSIVE_NO_AGENT,
    PASSIVE_PARTICIPLE,
    PHRASAL_PREPOSITION,
    RELATIVE_OBJECT,
    RELATIVE_SUBJECT,
    SAID_THAT,
    SELL_TO,
    XCOMP_CHAIN,
    Fact,
    build,
    facts,
)

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
        "participle_after_copula_describes_its_subject",
        COPULA_PARTICIPLE,
        [(0, 1, "ORG"), (6, 7, "GPE")],
        {("IBM", "is a", "company", POS, None), ("IBM", "be based in", "Armonk", POS, None)},
    ),
    (
        "participle_after_a_name_describes_the_name",
        NAME_AFTER_COPULA,
        [(3, 4, "ORG"), (7, 8, "GPE")],
        {
            ("winner", "is", "Tinariwen", POS, None),
            ("Tinariwen", "be formed in", "Mali", POS, None),
        },
    ),
    (
        "participle_with_its_own_subject",
        PARTICIPLE_WITH_OWN_SUBJECT,
        [(0, 1, "PERSON")],
        {("Peel", "like", "fact", POS, None), ("he", "be committed to", "genres", NEG, None)},
    ),
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


def test_clauses_unresolved_argument_is_kept_for_open_ie_but_no_entity(make_doc: MakeDoc) -> None:
    # "If Microsoft sells software, the police will buy it": "it" has no antecedent here.
    spec = """
    the 1 det DET DT the
    police 3 nsubj NOUN NNS police
    will 3 aux AUX MD will
    buy 3 ROOT VERB VB buy
    it 3 dobj PRON PRP it
    . 3 punct PUNCT . .
    """
    doc, document = build(make_doc, spec, [])
    assert _extract(doc, document) == []  # the graph's extractor: "police" would be a lone node
    (relation,) = ClausesExtractor(open_arguments=True)(doc, document)
    assert isinstance(relation, Relation)
    assert (relation.subject.text, relation.predicate, relation.object.text) == (
        "police",
        "buy",
        "it",
    )
    assert relation.object.kind is MentionKind.PRONOUN
    assert relation.object.antecedent is None
    assert relation.object.label == UNRESOLVED not in ENTITY_TYPE_BY_LABEL
    extraction = DocExtraction(document, sentences=1, relations=(relation,))
    corpus = resolve([extraction])
    # Were the fact handed to the graph after all, "it" would still give no triple.
    assert corpus.triples == ()
    assert "it" not in {e.label for e in corpus.entities}


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
    relations = _extract(doc, document)
    assert [(r.subject.text, r.predicate, r.object.text) for r in relations] == [
        ("Amazon", "sell", "books")
    ]


def _quoted_doc(make_doc: MakeDoc) -> tuple[Doc, Document]:
    # "Amazon sells books," said Smith. "IBM buys cameras."
    words = ['"', "Amazon", "sells", "books", ",", '"', "said", "Smith", ".", '"', "IBM"]
    words += ["buys", "cameras", ".", '"']
    return make_doc(
        words,
        [6, 2, 6, 2, 6, 6, 6, 6, 6, 11, 11, 11, 11, 11, 11],
        ["punct", "nsubj", "ccomp", "dobj", "punct", "punct", "ROOT", "nsubj", "punct"]
        + ["punct", "nsubj", "ROOT", "dobj", "punct", "punct"],
        pos=["PUNCT", "PROPN", "VERB", "NOUN", "PUNCT", "PUNCT", "VERB", "PROPN", "PUNCT"]
        + ["PUNCT", "PROPN", "VERB", "NOUN", "PUNCT", "PUNCT"],
        tags=["``", "NNP", "VBZ", "NNS", ",", "''", "VBD", "NNP", ".", "``", "NNP", "VBZ"]
        + ["NNS", ".", "''"],
        lemmas=['"', "Amazon", "sell", "book", ",", '"', "say", "Smith", ".", '"', "IBM", "buy"]
        + ["camera", ".", '"'],
        ents=[(1, 2, "ORG"), (7, 8, "PERSON"), (10, 11, "ORG")],
        spaces=[False, True, True, False, False, True, True, False, True, False, True, True]
        + [False, False, False],
    )


def test_clauses_quoted_sentence_is_the_speakers_claim(make_doc: MakeDoc) -> None:
    doc, document = _quoted_doc(make_doc)
    assert document.text == '"Amazon sells books," said Smith. "IBM buys cameras."'
    relations = {(r.subject.text, r.predicate, r.object.text): r for r in _extract(doc, document)}
    for key in (("Amazon", "sell", "books"), ("IBM", "buy", "cameras")):
        relation = relations[key]
        assert relation.modality is Modality.REPORTED
        assert relation.attributed_to is not None and relation.attributed_to.text == "Smith"


def test_clauses_quoted_verb_takes_no_argument_after_the_quote(make_doc: MakeDoc) -> None:
    # Misparse of `"Our results were strong," chairman Parsons said`: the title as attribute.
    spec = """
    " 2 punct PUNCT `` "
    Results 2 nsubj NOUN NNS result
    were 7 ccomp AUX VBD be
    strong 2 acomp ADJ JJ strong
    , 2 punct PUNCT , ,
    " 2 punct PUNCT '' "
    chairman 2 attr NOUN NN chairman
    said 7 ROOT VERB VBD say
    Parsons 7 nsubj PROPN NNP Parsons
    . 7 punct PUNCT . .
    """
    doc, document = build(make_doc, spec, [(8, 9, "PERSON")])
    assert ("Results", "is a", "chairman", "positive", "reported") in facts(doc)
    assert _extract(doc, document) == []


def _extract(doc: Doc, document: Document) -> list[Relation]:
    return [r for r in ClausesExtractor()(doc, document) if isinstance(r, Relation)]


def test_clauses_question_states_no_fact(make_doc: MakeDoc) -> None:
    spec = """
    Does 2 aux AUX VBZ do
    Microsoft 2 nsubj PROPN NNP Microsoft
    sell 2 ROOT VERB VB sell
    software 2 dobj NOUN NN software
    ? 2 punct PUNCT . ?
    """
    doc, document = build(make_doc, spec, [(1, 2, "ORG")])
    assert facts(doc) == {("Microsoft", "sell", "software", "positive", None)}
    assert _extract(doc, document) == []


def test_find_clauses_value_is_no_argument(make_doc: MakeDoc) -> None:
    spec = """
    Microsoft 1 nsubj PROPN NNP Microsoft
    paid 1 ROOT VERB VBD pay
    5bn 3 nummod NUM CD 5bn
    euros 1 dobj NOUN NNS euro
    for 1 prep ADP IN for
    Skype 4 pobj PROPN NNP Skype
    . 1 punct PUNCT . .
    """
    doc, _ = build(make_doc, spec, [(0, 1, "ORG"), (5, 6, "ORG")])
    assert facts(doc) == {("Microsoft", "pay for", "Skype", "positive", None)}


def test_find_clauses_conjunct_with_own_auxiliary_keeps_its_object(make_doc: MakeDoc) -> None:
    # "Interpol are alerted but do not track him": "alerted" borrows no object.
    spec = """
    Interpol 2 nsubjpass PROPN NNP Interpol
    are 2 auxpass AUX VBP be
    alerted 2 ROOT VERB VBN alert
    but 2 cc CCONJ CC but
    do 6 aux AUX VBP do
    not 6 neg PART RB not
    track 2 conj VERB VB track
    Smith 6 dobj PROPN NNP Smith
    . 2 punct PUNCT . .
    """
    doc, _ = build(make_doc, spec, [(0, 1, "ORG"), (7, 8, "PERSON")])
    assert facts(doc) == {("Interpol", "track", "Smith", "negative", None)}
