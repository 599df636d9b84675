"""Resolution: who is who across mentions and documents."""

from __future__ import annotations

import pytest

from kg.model import (
    DocExtraction,
    Document,
    EntityType,
    Mention,
    MentionKind,
    Modality,
    Polarity,
    Quote,
    Relation,
    RelationKind,
)
from kg.names import class_label, concept_label, merge_key, name_label
from kg.resolve import resolve


def _doc(doc_id: str, text: str) -> Document:
    return Document(id=doc_id, text=text, source=f"seeds/{doc_id}")


def _mention(doc: Document, surface: str, label: str, occurrence: int = 0, **kw: object) -> Mention:
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(surface, start + 1)
    return Mention(doc.id, start, start + len(surface), surface, label, **kw)  # type: ignore[arg-type]


def _relation(subject: Mention, predicate: str, obj: Mention, **kw: object) -> Relation:
    return Relation(subject, predicate, obj, "test", 0, 10, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("its facial recognition monitoring software", "facial recognition monitoring software"),
        ("the digital rights group", "digital rights group"),
        ("A Ban", "ban"),
        ("their FRT systems", "FRT systems"),
    ],
)
def test_concept_label_drops_determiners_and_possessives(text: str, expected: str) -> None:
    assert concept_label(text) == expected


def test_name_label_drops_leading_the_and_possessive() -> None:
    assert name_label("the Washington Post's", EntityType.ORGANIZATION) == "Washington Post"


@pytest.mark.parametrize("variant", ["Microsoft", "Microsoft Corp.", "MICROSOFT", "Microsoft Inc"])
def test_merge_key_ignores_case_and_legal_suffix(variant: str) -> None:
    assert (
        merge_key(name_label(variant, EntityType.ORGANIZATION), EntityType.ORGANIZATION)
        == "microsoft"
    )


def test_resolve_merges_surface_variants_and_keeps_alt_labels() -> None:
    a = _doc("a.txt", "Microsoft Corp. said the Microsoft board met.")
    b = _doc("b.txt", "Microsoft agreed.")
    corpus = resolve(
        [
            DocExtraction(
                a, 1, (_mention(a, "Microsoft Corp.", "ORG"), _mention(a, "Microsoft", "ORG", 1))
            ),
            DocExtraction(b, 1, (_mention(b, "Microsoft", "ORG"),)),
        ]
    )
    (entity,) = corpus.entities
    assert entity.id == "organization/microsoft"
    assert entity.label == "Microsoft"
    assert "Microsoft Corp" in entity.alt_labels
    assert entity.doc_ids == ("a.txt", "b.txt")
    assert ("b.txt", "organization/microsoft") in corpus.mentions


def test_resolve_follows_pronoun_to_antecedent_without_making_it_a_label() -> None:
    doc = _doc("a.txt", "IBM said it would stop. Analysts doubted it.")
    ibm = _mention(doc, "IBM", "ORG")
    it = _mention(doc, "it", "ORG", kind=MentionKind.PRONOUN, antecedent=ibm)
    analysts = _mention(doc, "Analysts", "CONCEPT", kind=MentionKind.CONCEPT)
    relation = _relation(analysts, "doubt", it)
    corpus = resolve([DocExtraction(doc, 2, (ibm,), (relation,))])
    (triple,) = corpus.triples
    assert triple.object_id == "organization/ibm"
    ibm_entity = next(e for e in corpus.entities if e.id == "organization/ibm")
    assert "it" not in ibm_entity.alt_labels
    assert any(m.surface == "it" and "pronoun" in m.reason for m in corpus.merges)


def test_resolve_drops_relations_with_unresolved_pronoun() -> None:
    doc = _doc("a.txt", "They said Amazon won.")
    they = _mention(doc, "They", "CONCEPT", kind=MentionKind.PRONOUN)
    amazon = _mention(doc, "Amazon", "ORG")
    corpus = resolve([DocExtraction(doc, 1, (amazon,), (_relation(they, "say", amazon),))])
    assert corpus.triples == ()
    assert [e.id for e in corpus.entities] == ["organization/amazon"]


def test_resolve_keeps_two_smiths_in_two_documents_apart() -> None:
    a = _doc("a.txt", "Brad Smith spoke. Smith left.")
    b = _doc("b.txt", "Smith scored twice.")
    brad = _mention(a, "Brad Smith", "PERSON")
    smith_a = _mention(a, "Smith", "PERSON", 1, antecedent=brad)
    smith_b = _mention(b, "Smith", "PERSON")
    corpus = resolve([DocExtraction(a, 2, (brad, smith_a)), DocExtraction(b, 1, (smith_b,))])
    assert sorted(e.id for e in corpus.entities) == ["person/brad-smith", "person/smith"]
    brad_entity = next(e for e in corpus.entities if e.id == "person/brad-smith")
    assert brad_entity.alt_labels == ("Smith",)


def test_resolve_carries_polarity_modality_and_speaker() -> None:
    doc = _doc("a.txt", "Microsoft will not sell software, Smith said.")
    ms = _mention(doc, "Microsoft", "ORG")
    software = _mention(doc, "software", "CONCEPT", kind=MentionKind.CONCEPT)
    smith = _mention(doc, "Smith", "PERSON")
    relation = _relation(
        ms,
        "Sell  ",
        software,
        polarity=Polarity.NEGATIVE,
        modality=Modality.WOULD,
        attributed_to=smith,
    )
    corpus = resolve([DocExtraction(doc, 1, (ms, smith), (relation,))])
    (triple,) = corpus.triples
    assert triple.predicate == "sell"
    assert triple.provenance.polarity is Polarity.NEGATIVE
    assert triple.provenance.modality is Modality.WOULD
    assert triple.provenance.attributed_to == "person/smith"
    assert (triple.provenance.start, triple.provenance.end) == (0, 9)
    assert triple.provenance.evidence == "Microsoft"
    assert not triple.asserted


def test_resolve_gives_distinct_ids_to_names_sharing_a_slug() -> None:
    doc = _doc("a.txt", "AT&T and AT T are different.")
    corpus = resolve(
        [DocExtraction(doc, 1, (_mention(doc, "AT&T", "ORG"), _mention(doc, "AT T", "ORG")))]
    )
    ids = [e.id for e in corpus.entities]
    assert len(set(ids)) == 2
    assert all(i.startswith("organization/at-t") for i in ids)


def test_resolve_is_independent_of_document_order() -> None:
    a = _doc("a.txt", "Amazon and IBM.")
    b = _doc("b.txt", "IBM Corp. and Amazon.")
    ex_a = DocExtraction(a, 1, (_mention(a, "Amazon", "ORG"), _mention(a, "IBM", "ORG")))
    ex_b = DocExtraction(b, 1, (_mention(b, "IBM Corp.", "ORG"), _mention(b, "Amazon", "ORG")))
    assert resolve([ex_a, ex_b]) == resolve([ex_b, ex_a])


def test_resolve_keeps_quotes_with_resolved_speaker_and_role_kind() -> None:
    doc = _doc("a.txt", "Microsoft President Brad Smith said: yes.")
    ms, brad = _mention(doc, "Microsoft", "ORG"), _mention(doc, "Brad Smith", "PERSON")
    role = _relation(brad, "president of", ms, kind=RelationKind.ROLE)
    quote = Quote("a.txt", 38, 41, "yes", brad)
    corpus = resolve([DocExtraction(doc, 1, (ms, brad), (role,), (quote,))])
    assert corpus.quotes[0].speaker_id == "person/brad-smith"
    assert corpus.triples[0].kind is RelationKind.ROLE


def test_resolve_applies_forced_merges_from_aliases() -> None:
    from kg.aliases import parse_aliases

    doc = _doc("a.txt", "MSFT and Microsoft agreed.")
    mentions = (_mention(doc, "MSFT", "ORG"), _mention(doc, "Microsoft", "ORG"))
    corpus = resolve([DocExtraction(doc, 1, mentions)], parse_aliases("MSFT,Microsoft\n"))
    (entity,) = corpus.entities
    assert entity.label == "Microsoft" and "MSFT" in entity.alt_labels
    assert any(m.reason == "aliases file" and m.surface == "MSFT" for m in corpus.merges)


def test_resolve_keeps_apart_what_aliases_say_to() -> None:
    from kg.aliases import parse_aliases

    doc = _doc("a.txt", "Brad Smith spoke. Smith left.")
    brad = _mention(doc, "Brad Smith", "PERSON")
    smith = _mention(doc, "Smith", "PERSON", 1, antecedent=brad)
    corpus = resolve([DocExtraction(doc, 2, (brad, smith))], parse_aliases("Smith,\n"))
    assert sorted(e.id for e in corpus.entities) == ["person/brad-smith", "person/smith"]


def test_parse_aliases_names_file_and_line_of_a_bad_row() -> None:
    from kg.aliases import parse_aliases
    from kg.errors import InputError

    with pytest.raises(InputError, match=r"my\.csv line 2"):
        parse_aliases("MSFT,Microsoft\na,b,c\n", "my.csv")


def test_resolve_makes_no_entity_from_half_a_fact() -> None:
    doc = _doc("a.txt", "He banned the police.")
    he = _mention(doc, "He", "UNRESOLVED", kind=MentionKind.PRONOUN)
    police = _mention(doc, "the police", "CONCEPT", kind=MentionKind.CONCEPT)
    corpus = resolve([DocExtraction(doc, 1, (), (_relation(he, "ban", police),))])
    assert corpus.entities == () and corpus.triples == () and corpus.mentions == ()


def test_resolve_names_a_class_in_the_singular() -> None:
    doc = _doc("a.txt", "technology companies like Amazon; Amazon sells technology companies")
    amazon = _mention(doc, "Amazon", "ORG")
    classes = _mention(doc, "technology companies", "CONCEPT", kind=MentionKind.CONCEPT)
    sold = _mention(doc, "technology companies", "CONCEPT", 1, kind=MentionKind.CONCEPT)
    kind_of = _relation(amazon, "is a", classes, kind=RelationKind.TYPE)
    sells = _relation(_mention(doc, "Amazon", "ORG", 1), "sell", sold)
    corpus = resolve([DocExtraction(doc, 1, (amazon,), (kind_of, sells))])
    objects = {t.predicate: t.object_id for t in corpus.triples}
    # The class is singular; a plain argument keeps the words of the text.
    assert objects == {
        "is a": "concept/technology-company",
        "sell": "concept/technology-companies",
    }
    labels = {e.id: e.label for e in corpus.entities}
    assert labels["concept/technology-company"] == "technology company"


def test_resolve_fact_about_they_holds_for_each_coordinated_name() -> None:
    doc = _doc("a.txt", "Amazon and IBM said they ban software.")
    amazon, ibm = _mention(doc, "Amazon", "ORG"), _mention(doc, "IBM", "ORG")
    they = [
        _mention(doc, "they", "ORG", kind=MentionKind.PRONOUN, antecedent=name)
        for name in (amazon, ibm)
    ]
    software = _mention(doc, "software", "CONCEPT", kind=MentionKind.CONCEPT)
    relation = _relation(they[0], "ban", software)
    corpus = resolve([DocExtraction(doc, 1, (amazon, ibm, *they), (relation,))])
    assert sorted(t.subject_id for t in corpus.triples) == [
        "organization/amazon",
        "organization/ibm",
    ]
    assert {t.object_id for t in corpus.triples} == {"concept/software"}


def test_resolve_half_known_relation_creates_no_entity() -> None:
    # The unresolved subject drops the fact; its object must not become an entity by it.
    doc = _doc("a.txt", "They bought Lionhead.")
    they = _mention(doc, "They", "CONCEPT", kind=MentionKind.PRONOUN)
    lionhead = _mention(doc, "Lionhead", "ORG")
    corpus = resolve([DocExtraction(doc, 1, (), (_relation(they, "buy", lionhead),))])
    assert corpus.entities == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("technology companies", "technology company"),
        ("the playwrights", "playwright"),
        ("biggest advocates of the open source way", "biggest advocate of the open source way"),
        ("legal UK sites", "legal UK site"),
        ("coaches", "coach"),
        ("news agencies", "news agency"),
        ("movies", "movie"),
        ("businesses", "business"),
        ("360 teraflops", "360 teraflops"),
        ("young people", "young person"),
        ("MPs", "MPs"),
        ("politics", "politics"),
        ("crises", "crisis"),
        ("must-haves", "must-have"),
    ],
)
def test_class_label_puts_the_head_noun_in_the_singular(text: str, expected: str) -> None:
    assert class_label(text) == expected
