"""Names the NER got wrong within one document: junk words, disagreeing labels, titles."""

from __future__ import annotations

from spacy.tokens import Doc

from kg.extract.mentions import MentionIndex, mention_index
from kg.model import MentionKind
from tests.conftest import MakeDoc


def parse(
    make_doc: MakeDoc, spec: str, ents: list[tuple[int, int, str]]
) -> tuple[Doc, MentionIndex]:
    rows = [t.rsplit("|", 3) for t in spec.split()]
    words = [r[0] for r in rows]
    doc, document = make_doc(
        words,
        [int(r[3]) for r in rows],
        [r[2] for r in rows],
        tags=[r[1] for r in rows],
        lemmas=[w.lower() for w in words],
        ents=ents,
    )
    return doc, mention_index(doc, document)


def names(index: MentionIndex) -> list[tuple[str, str]]:
    return [(m.text, m.label) for m in index.all() if m.kind is MentionKind.NAME]


# "Budget airline Ryanair grew. Ryanair said. Ryanair left."
RYANAIR = (
    "Budget|NN|compound|1 airline|NN|compound|2 Ryanair|NNP|nsubj|3 grew|VBD|ROOT|3 .|.|punct|3 "
    "Ryanair|NNP|nsubj|6 said|VBD|ROOT|6 .|.|punct|6 Ryanair|NNP|nsubj|9 left|VBD|ROOT|9 "
    ".|.|punct|9"
)


def test_mentions_labels_sentence_initial_common_word_is_no_name(make_doc: MakeDoc) -> None:
    _, index = parse(make_doc, RYANAIR, [(0, 1, "ORG"), (2, 3, "ORG"), (5, 6, "ORG")])
    assert ("Budget", "ORG") not in names(index)
    assert names(index).count(("Ryanair", "ORG")) == 3


def test_mentions_labels_majority_label_wins_in_a_document(make_doc: MakeDoc) -> None:
    _, index = parse(make_doc, RYANAIR, [(2, 3, "PERSON"), (5, 6, "ORG"), (8, 9, "ORG")])
    assert names(index) == [("Ryanair", "ORG")] * 3


def test_mentions_labels_tie_goes_to_the_first_occurrence(make_doc: MakeDoc) -> None:
    _, index = parse(make_doc, RYANAIR, [(2, 3, "ORG"), (5, 6, "PERSON")])
    assert names(index) == [("Ryanair", "ORG")] * 3


def test_mentions_labels_capitalised_inside_a_sentence_stays_a_name(make_doc: MakeDoc) -> None:
    spec = (
        "Apple|NNP|nsubj|1 grew|VBD|ROOT|1 .|.|punct|1 Shares|NNS|nsubj|4 rose|VBD|ROOT|4 "
        "at|IN|prep|4 Apple|NNP|pobj|5 .|.|punct|4"
    )
    _, index = parse(make_doc, spec, [(0, 1, "ORG"), (6, 7, "ORG")])
    assert names(index) == [("Apple", "ORG"), ("Apple", "ORG")]


def test_mentions_labels_lowercase_name_is_dropped(make_doc: MakeDoc) -> None:
    spec = "The|DT|det|1 striker|NN|nsubj|2 scored|VBD|ROOT|2 .|.|punct|2"
    _, index = parse(make_doc, spec, [(1, 2, "PERSON")])
    assert names(index) == []


def test_mentions_labels_surname_used_alone_makes_a_person(make_doc: MakeDoc) -> None:
    spec = (
        "Phillips|NNP|compound|1 Idowu|NNP|nsubj|2 won|VBD|ROOT|2 .|.|punct|2 "
        "Idowu|NNP|nsubj|5 smiled|VBD|ROOT|5 .|.|punct|5"
    )
    _, index = parse(make_doc, spec, [(0, 2, "ORG"), (4, 5, "PERSON")])
    found = [(m.text, m.label, m.resolved().text) for m in index.all()]
    assert found == [
        ("Phillips Idowu", "PERSON", "Phillips Idowu"),
        ("Idowu", "PERSON", "Phillips Idowu"),
    ]


def test_mentions_labels_title_makes_a_person_and_is_dropped(make_doc: MakeDoc) -> None:
    spec = "Dr|NNP|compound|1 Nielsen|NNP|nsubj|2 said|VBD|ROOT|2 .|.|punct|2"
    _, index = parse(make_doc, spec, [(0, 2, "ORG")])
    assert names(index) == [("Nielsen", "PERSON")]


def test_mentions_repeated_name_tagged_adjective_inside_a_sentence(make_doc: MakeDoc) -> None:
    # "Marsh chief executive …": the tagger calls the repeat JJ; mid-sentence it is a name.
    spec = (
        "Marsh|NNP|nsubj|1 grew|VBD|ROOT|1 .|.|punct|1 He|PRP|nsubj|4 joined|VBD|ROOT|4 "
        "Marsh|JJ|dobj|4 .|.|punct|4"
    )
    _, index = parse(make_doc, spec, [(0, 1, "ORG")])
    assert names(index) == [("Marsh", "ORG"), ("Marsh", "ORG")]


def test_mentions_labels_quoted_sentence_opens_with_a_common_word(make_doc: MakeDoc) -> None:
    # `Hodge said: "Foster carers rest."`: the quote opens a sentence; "Foster" is no name.
    spec = (
        'Hodge|NNP|nsubj|1 said|VBD|ROOT|1 :|:|punct|1 "|``|punct|1 Foster|NN|compound|5 '
        "carers|NNS|nsubj|6 rest|VBP|ccomp|1 .|.|punct|1"
    )
    _, index = parse(make_doc, spec, [(0, 1, "PERSON"), (4, 5, "PERSON")])
    assert names(index) == [("Hodge", "PERSON")]


def test_mentions_person_name_runs_on_over_its_head(make_doc: MakeDoc) -> None:
    # "Susilo Bambang" and "Yudhoyono" tagged apart, "Yudhoyono" later: one man.
    spec = (
        "Susilo|NNP|compound|2 Bambang|NNP|compound|2 Yudhoyono|NNP|nsubj|3 won|VBD|ROOT|3 "
        ".|.|punct|3 Yudhoyono|NNP|nsubj|6 smiled|VBD|ROOT|6 .|.|punct|6"
    )
    _, index = parse(make_doc, spec, [(0, 2, "PERSON"), (2, 3, "PERSON"), (5, 6, "PERSON")])
    found = [(m.text, m.resolved().text) for m in index.all()]
    assert found == [
        ("Susilo Bambang Yudhoyono", "Susilo Bambang Yudhoyono"),
        ("Yudhoyono", "Susilo Bambang Yudhoyono"),
    ]


def test_mentions_firm_is_called_by_its_first_partners_name(make_doc: MakeDoc) -> None:
    spec = (
        "Marsh|NNP|compound|2 &|CC|cc|0 McLennan|NNP|nsubj|3 fell|VBD|ROOT|3 .|.|punct|3 "
        "Marsh|NNP|nsubj|6 cut|VBD|ROOT|6 .|.|punct|6"
    )
    _, index = parse(make_doc, spec, [(0, 3, "ORG"), (5, 6, "ORG")])
    assert [m.resolved().text for m in index.all()] == ["Marsh & McLennan"] * 2
