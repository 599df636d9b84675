"""The `clauses` extractor with the real pipeline: the seed article and 20 BBC sentences.

Model-backed: the expectations were read and judged by hand against the pinned pipeline
(en_core_web_sm 3.8.0 weights); a different model may parse differently. The BBC sentences
are quoted from /work/shared/corpora/bbc (research data, not copied into the repository).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from kg.extract.clause_nominal import is_nominal_predicate
from kg.extract.clauses import UNRESOLVED, ClausesExtractor
from kg.model import Document, Modality, Polarity, Relation

pytestmark = pytest.mark.model
SEED = Path(__file__).resolve().parents[2] / "seeds" / "microsoft-facial-recognition.txt"


def _extract(nlp: Language, text: str, doc_id: str) -> list[Relation]:
    document = Document(id=doc_id, text=text, source=doc_id)
    found = list(ClausesExtractor()(nlp(text), document))
    assert all(isinstance(r, Relation) for r in found)
    return [r for r in found if isinstance(r, Relation)]


@pytest.fixture(scope="module")
def seed(nlp: Language) -> list[Relation]:
    return _extract(nlp, SEED.read_text(encoding="utf-8"), SEED.name)


def _named(relation: Relation) -> tuple[str, str, str]:
    return (relation.subject.resolved().text, relation.predicate, relation.object.text)


def test_seed_no_positive_fact_says_microsoft_sells(seed: list[Relation]) -> None:
    sells = [r for r in seed if r.predicate.startswith("sell")]
    assert sells
    for relation in sells:
        if relation.subject.resolved().text == "Microsoft":
            assert relation.polarity is Polarity.NEGATIVE, relation
            assert not relation.asserted


def test_seed_microsoft_denial_is_negative_would_and_attributed(seed: list[Relation]) -> None:
    found = {
        (r.subject.text, r.predicate, r.object.text): r
        for r in seed
        if r.subject.resolved().text == "Microsoft" and r.predicate.startswith("sell")
    }
    sell = found[("it", "sell", "facial recognition monitoring software")]
    assert sell.modality is Modality.WOULD
    assert sell.attributed_to is not None and sell.attributed_to.text == "Microsoft"
    assert ("it", "sell to", "law enforcement agencies") in found
    # Smith's "We will not sell ... until we have a national human rights law".
    quoted = found[("We", "sell", "facial recognition technology")]
    assert quoted.polarity is Polarity.NEGATIVE
    assert quoted.modality is Modality.CONDITIONAL
    assert quoted.attributed_to is not None and quoted.attributed_to.resolved().text == "Brad Smith"


def test_seed_ibm_will_no_longer_develop_or_offer(seed: list[Relation]) -> None:
    ibm = [
        r
        for r in seed
        if r.subject.resolved().text == "IBM" and r.predicate in ("develop", "offer")
    ]
    assert {r.predicate for r in ibm} == {"develop", "offer"}
    assert all(r.polarity is Polarity.NEGATIVE for r in ibm)
    assert {r.object.text for r in ibm} == {"universal facial recognition", "analysis software"}


def test_seed_amazon_bans_police_on_wednesday(seed: list[Relation]) -> None:
    (ban,) = [r for r in seed if _named(r) == ("Amazon", "ban", "police")]
    assert ban.polarity is Polarity.POSITIVE and ban.asserted
    assert ban.time == "Wednesday"
    # The police's use of the software is what the ban stops, never Amazon's fact.
    uses = [r for r in seed if r.predicate == "use" and r.subject.text == "police"]
    assert uses and all(r.polarity is Polarity.NEGATIVE for r in uses)
    assert not any(r.subject.resolved().text == "Amazon" and r.predicate == "use" for r in seed)


@pytest.fixture(scope="module")
def open_seed(nlp: Language) -> list[Relation]:
    text = SEED.read_text(encoding="utf-8")
    document = Document(id=SEED.name, text=text, source=SEED.name)
    found = ClausesExtractor(open_arguments=True)(nlp(text), document)
    return [r for r in found if isinstance(r, Relation)]


def test_seed_open_arguments_keep_the_guarantees(
    seed: list[Relation], open_seed: list[Relation]
) -> None:
    # Open IE output adds facts; it never loses the graph's or turns a denial into a claim.
    assert set(seed) <= set(open_seed)
    for relation in open_seed:
        if relation.subject.resolved().text == "Microsoft" and relation.predicate.startswith(
            "sell"
        ):
            assert relation.polarity is Polarity.NEGATIVE, relation
        if relation.subject.resolved().text == "IBM" and relation.predicate in ("develop", "offer"):
            assert relation.polarity is Polarity.NEGATIVE, relation
    added = [r for r in open_seed if r not in set(seed)]
    assert added
    assert all(
        UNRESOLVED in (r.subject.label, r.object.label) or is_nominal_predicate(r.predicate)
        for r in added
    )
    named = {_named(r) for r in added}
    assert ("Evan Greer", "is deputy director of", "Fight for the Future") in named


def test_seed_followed_suit_is_no_relation(seed: list[Relation]) -> None:
    assert not any(r.predicate.startswith("follow suit") for r in seed)


def test_seed_relative_clause_and_copula(seed: list[Relation]) -> None:
    named = {_named(r) for r in seed}
    assert ("companies", "restrict", "facial recognition software") in named
    assert ("companies", "cut", "law enforcement ties") in named
    assert ("IBM", "is a", "first company") in named
    call = [r for r in seed if r.predicate == "call for" and r.time == "last year"]
    assert [r.subject.resolved().text for r in call] == ["Fight for the Future"]


def test_seed_evidence_is_a_sentence_of_the_text(seed: list[Relation]) -> None:
    text = SEED.read_text(encoding="utf-8")
    for r in seed:
        evidence = text[r.evidence_start : r.evidence_end]
        assert evidence == evidence.strip() and evidence
        assert r.subject.text == text[r.subject.start : r.subject.end]
        assert r.object.text == text[r.object.start : r.object.end]
        assert r.extractor == "clauses"
    assert not any("Getty" in text[r.evidence_start : r.evidence_end] for r in seed)


POS, NEG = Polarity.POSITIVE, Polarity.NEGATIVE
REP = Modality.REPORTED
# sentence, then (resolved subject, predicate, object, polarity, modality, speaker) that must be
# found; speaker None means "not checked".
Expected = tuple[str, str, str, Polarity, Modality | None, str | None]
BBC: list[tuple[str, list[Expected]]] = [
    (
        "Sir Alex Ferguson has called on the Football Association to punish Arsenal's Thierry "
        "Henry for an incident involving Gabriel Heinze.",
        [("Alex Ferguson", "call on", "Football Association", POS, None, None)],
    ),
    (
        "Ferguson believes Henry deliberately caught Heinze on the head with his knee during "
        "United's controversial win.",
        [("Henry", "catch", "Heinze", POS, REP, "Ferguson")],
    ),
    (
        "The Scottish Executive believes that the legislation should be handled by Westminster.",
        [("Westminster", "handle", "legislation", POS, Modality.SHOULD, "Scottish Executive")],
    ),
    (
        "Microsoft has also made a series of acquisitions of small firms that specialise in "
        "computer security.",
        [("small firms", "specialise in", "computer security", POS, None, None)],
    ),
    (
        "Uncertainty remains over the future of Perrier, the iconic French mineral water owned "
        "by Nestle.",
        [("Nestle", "own", "iconic French mineral water", POS, None, None)],
    ),
    (
        "Nestle added that it had performed strongly in Africa and Asia despite the impact of "
        "high oil prices and political instability.",
        [
            ("Nestle", "perform in", "Africa", POS, REP, "Nestle"),
            ("Nestle", "perform in", "Asia", POS, REP, "Nestle"),
        ],
    ),
    (
        "TimeWarner is to restate its accounts as part of efforts to resolve an inquiry into AOL "
        "by US market regulators.",
        [("TimeWarner", "restate", "accounts", POS, None, None)],
    ),
    (
        "Nestle is to raise its dividend by 11% after paying back some of its debt.",
        [
            ("Nestle", "raise", "dividend", POS, None, None),
            ("Nestle", "pay", "debt", POS, None, None),
        ],
    ),
    (
        "The decision to make Internet Explorer 7 is widely seen as a U-turn because, before "
        "now, Microsoft said it had no need to update the browser.",
        [("Microsoft", "have", "need", NEG, REP, "Microsoft")],
    ),
    (
        "The owner refused to sell the portrait and it has been held in storage since.",
        [("owner", "sell", "portrait", NEG, None, None)],
    ),
    (
        "NM Rothschild, the investment bank, is advising Mr Glazer, according to the Financial "
        "Times.",
        [("NM Rothschild", "advise", "Glazer", POS, REP, "Financial Times")],
    ),
    (
        "The decision to ban further tobacco factories does not apply to deals made before "
        "2005, according to the French news agency AFP.",
        [("decision", "apply to", "deals", NEG, REP, "AFP")],
    ),
    (
        "Small state-owned carmaker Nanjing Auto is in negotiations with Rover and SAIC to take "
        "a 20% stake in the joint venture.",
        [("Nanjing Auto", "be in", "negotiations with Rover and SAIC", POS, None, None)],
    ),
    (
        "Yugansk was sold to a little-known shell company, which in turn was bought by Rosneft.",
        [
            ("Yugansk", "be sold to", "little-known shell company", POS, None, None),
            ("Rosneft", "buy", "little-known shell company", POS, None, None),
        ],
    ),
    (
        "Argentine President Nestor Kirchner and Venezuelan President Hugo Chavez signed the "
        "deal in Buenos Aires on Tuesday.",
        [
            ("Nestor Kirchner", "sign", "deal", POS, None, None),
            ("Hugo Chavez", "sign", "deal", POS, None, None),
        ],
    ),
    (
        "Jet, which was founded by London-based travel agent Naresh Goyal, plans to use the cash "
        "to buy new planes and cut its debt.",
        [
            ("Naresh Goyal", "found", "Jet", POS, None, None),
            ("Jet", "plan to use", "cash", POS, None, None),
        ],
    ),
    (
        "US oil giant Exxon said it did not plan to take part in a new tender on a project for "
        "which it had previously signed a preliminary agreement.",
        [("Exxon", "plan to take part in", "new tender", NEG, REP, "Exxon")],
    ),
    (
        "It effectively marks the end of AT&T, which was founded in 1875 by telephone pioneer "
        "Alexander Graham Bell and is one of the US's best-known companies.",
        [("Alexander Graham Bell", "found", "AT&T", POS, None, None)],
    ),
    (
        "Rover and SAIC signed a technology-sharing agreement in August.",
        [
            ("Rover", "sign", "technology-sharing agreement", POS, None, None),
            ("SAIC", "sign", "technology-sharing agreement", POS, None, None),
        ],
    ),
    (
        "The Chicago critics have yet to name a date for when their awards ceremony will be held.",
        [
            (
                "Chicago critics",
                "name",
                "date for when their awards ceremony will be held",
                NEG,
                None,
                None,
            )
        ],
    ),
]


@pytest.mark.parametrize(
    ("sentence", "expected"), BBC, ids=[f"bbc{i:02d}" for i in range(len(BBC))]
)
def test_clauses_bbc_sentence(nlp: Language, sentence: str, expected: list[Expected]) -> None:
    relations = _extract(nlp, sentence, "bbc.txt")
    found = {
        (
            r.subject.resolved().text,
            r.predicate,
            r.object.resolved().text,
            r.polarity,
            r.modality,
        ): r
        for r in relations
    }
    for subject, predicate, obj, polarity, modality, speaker in expected:
        key = (subject, predicate, obj, polarity, modality)
        assert key in found, f"{key} not in {sorted(found, key=str)}"
        if speaker is not None:
            source = found[key].attributed_to
            assert source is not None and source.resolved().text == speaker


def test_clauses_bbc_object_control_is_not_the_callers_act(nlp: Language) -> None:
    relations = _extract(nlp, BBC[0][0], "bbc.txt")
    assert not any("punish" in r.predicate for r in relations)


def test_clauses_bbc_adjunct_is_no_object(nlp: Language) -> None:
    relations = _extract(nlp, BBC[6][0], "bbc.txt")
    assert not any(r.predicate.startswith("restate as") for r in relations)
    relations = _extract(nlp, BBC[13][0], "bbc.txt")
    assert not any(r.predicate == "buy in" for r in relations)
