"""Roles, appositions and hyponyms on hand-built parses (`word|tag|dep|head` tokens)."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from kg.extract.mentions import MentionIndex, mention_index
from kg.extract.roles import RolesExtractor
from kg.model import Document, MentionKind, Relation, RelationKind
from tests.conftest import MakeDoc


def parse(
    make_doc: MakeDoc, spec: str, ents: list[tuple[int, int, str]]
) -> tuple[Doc, Document, MentionIndex]:
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
    return doc, document, mention_index(doc, document)


def relations(doc: Doc, document: Document) -> list[tuple[str, str, str, RelationKind]]:
    found = [r for r in RolesExtractor()(doc, document) if isinstance(r, Relation)]
    for r in found:
        assert r.extractor == "roles" and 0.0 <= r.confidence <= 1.0
        assert (r.evidence_start, r.evidence_end) == (0, len(document.text.rstrip()))
    return [
        (r.subject.resolved().text, r.predicate, r.object.resolved().text, r.kind) for r in found
    ]


ROLE = RelationKind.ROLE
TYPE = RelationKind.TYPE


@pytest.mark.parametrize(
    ("spec", "ents", "expected"),
    [
        (
            "Microsoft|NNP|compound|3 President|NNP|compound|3 Brad|NNP|compound|3 "
            "Smith|NNP|nsubj|4 spoke|VBD|ROOT|4 .|.|punct|4",
            [(0, 1, "ORG"), (2, 4, "PERSON")],
            [("Brad Smith", "president of", "Microsoft", ROLE)],
        ),
        (
            "Evan|NNP|compound|1 Greer|NNP|nsubj|12 ,|,|punct|1 deputy|NN|compound|4 "
            "director|NN|appos|1 of|IN|prep|4 Fight|NNP|pobj|5 for|IN|prep|6 the|DT|det|9 "
            "Future|NNP|pobj|7 ,|,|punct|1 then|RB|advmod|12 spoke|VBD|ROOT|12 .|.|punct|12",
            [(0, 2, "PERSON"), (6, 10, "ORG")],
            [("Evan Greer", "deputy director of", "Fight for the Future", ROLE)],
        ),
        (
            "the|DT|det|1 lawyer|NN|nsubj|8 for|IN|prep|1 the|DT|det|4 EFF|NNP|pobj|2 ,|,|punct|1 "
            "Saira|NNP|compound|7 Hussain|NNP|appos|1 spoke|VBD|ROOT|8 .|.|punct|8",
            [(3, 5, "ORG"), (6, 8, "PERSON")],
            [("Saira Hussain", "lawyer for", "EFF", ROLE)],
        ),
        (
            "Saira|NNP|compound|1 Hussain|NNP|nsubj|8 ,|,|punct|1 the|DT|det|4 lawyer|NN|appos|1 "
            "for|IN|prep|4 the|DT|det|7 EFF|NNP|pobj|5 spoke|VBD|ROOT|8 .|.|punct|8",
            [(0, 2, "PERSON"), (6, 8, "ORG")],
            [("Saira Hussain", "lawyer for", "EFF", ROLE)],
        ),
        (
            "Microsoft|NNP|nsubj|5 ,|,|punct|0 IBM|NNP|conj|0 and|CC|cc|2 Amazon|NNP|conj|2 "
            "spoke|VBD|ROOT|5 .|.|punct|5",
            [(0, 1, "ORG"), (2, 3, "ORG"), (4, 5, "ORG")],
            [],
        ),
        (
            "Microsoft|NNP|nsubj|7 ,|,|punct|0 the|DT|det|4 Washington|NNP|compound|4 "
            "Post|NNP|conj|0 and|CC|cc|4 IBM|NNP|conj|4 spoke|VBD|ROOT|7 .|.|punct|7",
            [(0, 1, "ORG"), (2, 5, "ORG"), (6, 7, "ORG")],
            [],
        ),
    ],
)
def test_roles_title_and_apposition(
    make_doc: MakeDoc,
    spec: str,
    ents: list[tuple[int, int, str]],
    expected: list[tuple[str, str, str, RelationKind]],
) -> None:
    doc, document, _ = parse(make_doc, spec, ents)
    assert relations(doc, document) == expected


def test_roles_type_apposition_turns_name_into_description(make_doc: MakeDoc) -> None:
    spec = (
        "Fight|NNP|nsubj|10 for|IN|prep|0 the|DT|det|3 Future|NNP|pobj|1 ,|,|punct|0 "
        "the|DT|det|8 Digital|NNP|compound|8 Rights|NNPS|compound|8 Group|NNP|appos|0 ,|,|punct|0 "
        "spoke|VBD|ROOT|10 .|.|punct|10"
    )
    doc, document, index = parse(make_doc, spec, [(0, 4, "ORG"), (5, 9, "ORG")])
    assert relations(doc, document) == [
        ("Fight for the Future", "is a", "Digital Rights Group", TYPE)
    ]
    (rel,) = index.roles
    assert rel.object.kind is MentionKind.CONCEPT
    group = index.for_token(doc[8])
    assert group is not None and group.kind is MentionKind.DESCRIPTION
    assert group.resolved().text == "Fight for the Future"
    assert [m.text for m in index.all() if m.kind is MentionKind.NAME] == ["Fight for the Future"]


def test_roles_type_apposition_keeps_only_the_class(make_doc: MakeDoc) -> None:
    # "Freddie Mac, the country's other largest mortgage firm, fell."
    spec = (
        "Freddie|NNP|compound|1 Mac|NNP|nsubj|11 ,|,|punct|1 the|DT|det|4 country|NN|poss|9 "
        "'s|POS|case|4 other|JJ|amod|9 largest|JJS|amod|9 mortgage|NN|compound|9 "
        "firm|NN|appos|1 ,|,|punct|1 fell|VBD|ROOT|11 .|.|punct|11"
    )
    doc, document, _ = parse(make_doc, spec, [(0, 2, "ORG")])
    assert relations(doc, document) == [("Freddie Mac", "is a", "mortgage firm", TYPE)]


def test_roles_hyponyms_like_make_each_example_a_kind(make_doc: MakeDoc) -> None:
    spec = (
        "Microsoft|NNP|nsubj|1 joins|VBZ|ROOT|1 other|JJ|amod|4 technology|NN|compound|4 "
        "companies|NNS|dobj|1 like|IN|prep|4 Amazon|NNP|pobj|5 and|CC|cc|6 IBM|NNP|conj|6 "
        ".|.|punct|1"
    )
    doc, document, _ = parse(make_doc, spec, [(0, 1, "ORG"), (6, 7, "ORG"), (8, 9, "ORG")])
    assert relations(doc, document) == [
        ("Amazon", "is a", "technology companies", TYPE),
        ("IBM", "is a", "technology companies", TYPE),
    ]


@pytest.mark.parametrize(
    "spec",
    [
        # "Firms such as Amazon and IBM stopped."
        "Firms|NNS|nsubj|6 such|JJ|amod|2 as|IN|prep|0 Amazon|NNP|pobj|2 and|CC|cc|3 "
        "IBM|NNP|conj|3 stopped|VBD|ROOT|6 .|.|punct|6",
        # "Amazon, IBM and other firms stopped."
        "Amazon|NNP|nsubj|6 ,|,|punct|0 IBM|NNP|conj|0 and|CC|cc|2 other|JJ|amod|5 "
        "firms|NNS|conj|2 stopped|VBD|ROOT|6 .|.|punct|6",
    ],
)
def test_roles_hyponyms_such_as_and_other(make_doc: MakeDoc, spec: str) -> None:
    words = [t.split("|")[0] for t in spec.split()]
    ents = [(words.index(n), words.index(n) + 1, "ORG") for n in ("Amazon", "IBM")]
    doc, document, _ = parse(make_doc, spec, ents)
    assert sorted(relations(doc, document)) == [
        ("Amazon", "is a", "Firms" if words[0] == "Firms" else "firms", TYPE),
        ("IBM", "is a", "Firms" if words[0] == "Firms" else "firms", TYPE),
    ]


@pytest.mark.parametrize(
    ("spec", "ents", "expected"),
    [
        (  # "The BBC's correspondent in Jakarta, Rachel Harvey, said."
            "The|DT|det|3 BBC|NNP|poss|3 's|POS|case|1 correspondent|NN|nsubj|10 in|IN|prep|3 "
            "Jakarta|NNP|pobj|4 ,|,|punct|3 Rachel|NNP|compound|8 Harvey|NNP|appos|3 "
            ",|,|punct|3 said|VBD|ROOT|10 .|.|punct|10",
            [(1, 2, "ORG"), (5, 6, "GPE"), (7, 9, "PERSON")],
            [("Rachel Harvey", "correspondent of", "BBC", ROLE)],
        ),
        (  # "New York attorney general Eliot Spitzer sued."
            "New|NNP|compound|1 York|NNP|compound|5 attorney|NN|compound|3 general|NN|compound|5 "
            "Eliot|NNP|compound|5 Spitzer|NNP|nsubj|6 sued|VBD|ROOT|6 .|.|punct|6",
            [(0, 2, "GPE"), (4, 6, "PERSON")],
            [("Eliot Spitzer", "attorney general of", "New York", ROLE)],
        ),
        (  # "Sri Mulyani, State Minister for National Planning, said."
            "Sri|NNP|compound|1 Mulyani|NNP|nsubj|9 ,|,|punct|1 State|NNP|compound|4 "
            "Minister|NNP|appos|1 for|IN|prep|4 National|NNP|compound|7 Planning|NNP|pobj|5 "
            ",|,|punct|1 said|VBD|ROOT|9 .|.|punct|9",
            [(0, 2, "PERSON"), (6, 8, "ORG")],
            [("Sri Mulyani", "state minister for", "National Planning", ROLE)],
        ),
    ],
)
def test_roles_possessor_titles_and_compound_titles(
    make_doc: MakeDoc,
    spec: str,
    ents: list[tuple[int, int, str]],
    expected: list[tuple[str, str, str, RelationKind]],
) -> None:
    doc, document, _ = parse(make_doc, spec, ents)
    assert relations(doc, document) == expected
