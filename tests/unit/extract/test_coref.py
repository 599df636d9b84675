"""Rule-based coreference on hand-built parses: pronouns, descriptions, partial names, acronyms.

Each parse is written as `word|tag|dep|head` tokens (head = absolute token index).
"""

from __future__ import annotations

import pytest
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


SAID_IT = (
    "Microsoft|NNP|nsubj|1 said|VBD|ROOT|1 it|PRP|nsubj|4 would|MD|aux|4 stop|VB|ccomp|1 "
    ".|.|punct|1"
)
HIRED_HE = (
    "Microsoft|NNP|nsubj|1 hired|VBD|ROOT|1 Brad|NNP|compound|3 Smith|NNP|dobj|1 .|.|punct|1 "
    "He|PRP|nsubj|6 left|VBD|ROOT|6 .|.|punct|6"
)
BANNED_ITS = (
    "Amazon|NNP|nsubj|1 banned|VBD|ROOT|1 the|DT|det|3 police|NNS|dobj|1 from|IN|prep|1 "
    "using|VBG|pcomp|4 its|PRP$|poss|7 software|NN|dobj|5 .|.|punct|1"
)
SMITH_IT = (
    "Brad|NNP|compound|1 Smith|NNP|nsubj|2 said|VBD|ROOT|2 it|PRP|nsubj|4 stopped|VBD|ccomp|2"
)
PRAISED_IT = "Microsoft|NNP|nsubj|1 praised|VBD|ROOT|1 it|PRP|dobj|1 .|.|punct|1"
PLURAL_IT = (
    "Amazon|NNP|nsubj|3 and|CC|cc|0 IBM|NNP|conj|0 said|VBD|ROOT|3 it|PRP|nsubj|5 "
    "stopped|VBD|ccomp|3"
)
THEY_ORG = "IBM|NNP|nsubj|1 said|VBD|ROOT|1 they|PRP|nsubj|3 stopped|VBD|ccomp|1 .|.|punct|1"
CLEAR_IT = (
    "It|PRP|nsubj|1 is|VBZ|ROOT|1 clear|JJ|acomp|1 that|IN|mark|5 IBM|NNP|nsubj|5 "
    "left|VBD|ccomp|1 .|.|punct|1"
)


@pytest.mark.parametrize(
    ("spec", "ents", "pronoun", "expected"),
    [
        (SAID_IT, [(0, 1, "ORG")], 2, "Microsoft"),
        (HIRED_HE, [(0, 1, "ORG"), (2, 4, "PERSON")], 5, "Brad Smith"),
        (BANNED_ITS, [(0, 1, "ORG")], 6, "Amazon"),
        (THEY_ORG, [(0, 1, "ORG")], 2, "IBM"),
        (SMITH_IT, [(0, 2, "PERSON")], 3, None),  # a person is not "it"
        (PRAISED_IT, [(0, 1, "ORG")], 2, None),  # an object never means its own subject
        (PLURAL_IT, [(0, 1, "ORG"), (2, 3, "ORG")], 4, None),  # "Amazon and IBM" are "they"
        (CLEAR_IT, [(4, 5, "ORG")], 0, None),  # "it is clear that …" refers to nothing
    ],
)
def test_coref_pronoun_resolves_to_compatible_name(
    make_doc: MakeDoc,
    spec: str,
    ents: list[tuple[int, int, str]],
    pronoun: int,
    expected: str | None,
) -> None:
    doc, index = parse(make_doc, spec, ents)
    mention = index.for_token(doc[pronoun])
    if expected is None:
        assert mention is None
        assert all(m.kind is not MentionKind.PRONOUN for m in index.all())
    else:
        assert mention is not None and mention.kind is MentionKind.PRONOUN
        assert mention.text == doc[pronoun].text
        assert mention.resolved().text == expected
        assert mention.label == mention.resolved().label
        assert mention in index.all()


COMPANY = (
    "IBM|NNP|nsubj|1 was|VBD|ROOT|1 the|DT|det|4 first|JJ|amod|4 company|NN|attr|1 to|TO|aux|6 "
    "announce|VB|relcl|4 that|IN|mark|10 the|DT|det|9 company|NN|nsubj|10 stops|VBZ|ccomp|6 "
    ".|.|punct|1"
)


def test_coref_definite_description_resolves_to_nearest_organization(make_doc: MakeDoc) -> None:
    doc, index = parse(make_doc, COMPANY, [(0, 1, "ORG")])
    second = index.for_token(doc[9])
    assert second is not None and second.kind is MentionKind.DESCRIPTION
    assert (second.text, second.label, second.resolved().text) == ("the company", "ORG", "IBM")
    # "the first company" is what IBM was, not a back-reference: it stays a concept.
    first = index.for_token(doc[4])
    assert first is not None and first.kind is MentionKind.CONCEPT
    assert first.text == "first company"


def test_coref_description_without_organization_is_none(make_doc: MakeDoc) -> None:
    spec = "The|DT|det|1 company|NN|nsubj|2 grew|VBD|ROOT|2 .|.|punct|2"
    doc, index = parse(make_doc, spec, [])
    assert index.for_token(doc[1]) is None
    assert index.all() == ()


@pytest.mark.parametrize("label", ["PERSON", "GPE"])
def test_coref_partial_name_points_at_full_name(make_doc: MakeDoc, label: str) -> None:
    spec = (
        "Brad|NNP|compound|1 Smith|NNP|nsubj|2 spoke|VBD|ROOT|2 .|.|punct|2 "
        "Smith|NNP|nsubj|5 left|VBD|ROOT|5 .|.|punct|5"
    )
    doc, index = parse(make_doc, spec, [(0, 2, "PERSON"), (4, 5, label)])
    smith = index.for_token(doc[4])
    assert smith is not None and smith.kind is MentionKind.NAME
    assert smith.antecedent is not None and smith.antecedent.text == "Brad Smith"
    assert smith.label == "PERSON"


def test_coref_defined_acronym_points_at_long_form(make_doc: MakeDoc) -> None:
    spec = (
        "facial|JJ|amod|2 recognition|NN|compound|2 technology|NN|nsubj|6 (|-LRB-|punct|2 "
        "FRT|NNP|appos|2 )|-RRB-|punct|2 spreads|VBZ|ROOT|6 .|.|punct|6 "
        "FRT|NNP|nsubj|9 is|VBZ|ROOT|9 bad|JJ|acomp|9 .|.|punct|9"
    )
    doc, index = parse(make_doc, spec, [(4, 5, "ORG"), (8, 9, "ORG")])
    for i in (4, 8):
        frt = index.for_token(doc[i])
        assert frt is not None and frt.kind is MentionKind.ACRONYM
        assert frt.antecedent is not None
        assert frt.antecedent.text == "facial recognition technology"
        assert frt.antecedent.kind is MentionKind.CONCEPT and frt.label == "CONCEPT"


def test_coref_spokesman_speaks_for_his_organization(make_doc: MakeDoc) -> None:
    spec = (
        "A|DT|det|2 Microsoft|NNP|compound|2 spokesman|NN|nsubj|3 spoke|VBD|ROOT|3 .|.|punct|3 "
        "The|DT|det|6 spokesman|NN|nsubj|7 left|VBD|ROOT|7 .|.|punct|7"
    )
    doc, index = parse(make_doc, spec, [(1, 2, "ORG")])
    first, second = index.for_token(doc[2]), index.for_token(doc[6])
    assert first is not None and second is not None
    assert first.kind is second.kind is MentionKind.DESCRIPTION
    assert first.text == "A Microsoft spokesman" and second.text == "The spokesman"
    assert first.resolved().text == second.resolved().text == "Microsoft"


@pytest.mark.parametrize(("pronoun", "expected"), [("She", "Ruth Kelly"), ("He", "Tony Blair")])
def test_coref_title_gives_a_person_sex(make_doc: MakeDoc, pronoun: str, expected: str) -> None:
    # "Ms Ruth Kelly met Tony Blair. She|He left."
    spec = (
        "Ms|NNP|compound|2 Ruth|NNP|compound|2 Kelly|NNP|nsubj|3 met|VBD|ROOT|3 "
        "Tony|NNP|compound|5 Blair|NNP|dobj|3 .|.|punct|3 "
        f"{pronoun}|PRP|nsubj|8 left|VBD|ROOT|8 .|.|punct|8"
    )
    doc, index = parse(make_doc, spec, [(0, 3, "PERSON"), (4, 6, "PERSON")])
    mention = index.for_token(doc[7])
    assert mention is not None and mention.resolved().text == expected


def test_coref_untagged_surname_is_the_named_person(make_doc: MakeDoc) -> None:
    # "John Wardle spoke. Wardle left." with the NER missing the second "Wardle".
    spec = (
        "John|NNP|compound|1 Wardle|NNP|nsubj|2 spoke|VBD|ROOT|2 .|.|punct|2 "
        "Wardle|NNP|nsubj|5 left|VBD|ROOT|5 .|.|punct|5"
    )
    doc, index = parse(make_doc, spec, [(0, 2, "PERSON")])
    wardle = index.for_token(doc[4])
    assert wardle is not None and wardle.kind is MentionKind.NAME
    assert wardle.resolved().text == "John Wardle" and wardle.label == "PERSON"


def test_coref_pronoun_may_point_at_a_resolved_description(make_doc: MakeDoc) -> None:
    # "Electronic Arts grew. The US firm says it wants more." — "it" is the firm, not the US.
    spec = (
        "Electronic|NNP|compound|1 Arts|NNP|nsubj|2 grew|VBD|ROOT|2 .|.|punct|2 "
        "The|DT|det|6 US|NNP|compound|6 firm|NN|nsubj|7 says|VBZ|ROOT|7 it|PRP|nsubj|9 "
        "wants|VBZ|ccomp|7 .|.|punct|7"
    )
    doc, index = parse(make_doc, spec, [(0, 2, "ORG"), (5, 6, "GPE")])
    it = index.for_token(doc[8])
    assert it is not None and it.antecedent is not None
    assert it.antecedent.kind is MentionKind.DESCRIPTION and it.antecedent.text == "The US firm"
    assert it.resolved().text == "Electronic Arts"


def test_coref_short_organization_name_points_at_full_name(make_doc: MakeDoc) -> None:
    # "Lionhead Studios grew. Lionhead hired." — the NER calls the second one NORP.
    spec = (
        "Lionhead|NNP|compound|1 Studios|NNP|nsubj|2 grew|VBD|ROOT|2 .|.|punct|2 "
        "Lionhead|NNP|nsubj|5 hired|VBD|ROOT|5 .|.|punct|5"
    )
    doc, index = parse(make_doc, spec, [(0, 2, "ORG"), (4, 5, "NORP")])
    short = index.for_token(doc[4])
    assert short is not None and short.label == "ORG"
    assert short.resolved().text == "Lionhead Studios"


THEY_BOTH = (
    "Amazon|NNP|nsubj|3 and|CC|cc|0 IBM|NNP|conj|0 said|VBD|ROOT|3 they|PRP|nsubj|5 "
    "stopped|VBD|ccomp|3 .|.|punct|3"
)
PEOPLE_THEY = (
    "Smith|NNP|nsubj|3 and|CC|cc|0 Jones|NNP|conj|0 said|VBD|ROOT|3 they|PRP|nsubj|5 "
    "left|VBD|ccomp|3 .|.|punct|3"
)
PHOTOS_THEM = (
    "Photos|NNS|nsubj|1 show|VBP|ROOT|1 Smith|NNP|dobj|1 and|CC|cc|2 Jones|NNP|conj|2 .|.|punct|1 "
    "Some|DT|nsubj|7 like|VBP|ROOT|7 them|PRP|dobj|7 .|.|punct|7"
)


@pytest.mark.parametrize(
    ("spec", "label", "expected"),
    [
        (THEY_BOTH, "ORG", {"Amazon", "IBM"}),
        (PEOPLE_THEY, "PERSON", {"Smith", "Jones"}),  # people who lead a clause together
        (PHOTOS_THEM, "PERSON", set()),  # people in a list elsewhere are no "them"
    ],
)
def test_coref_plural_pronoun_stands_for_every_coordinated_name(
    make_doc: MakeDoc, spec: str, label: str, expected: set[str]
) -> None:
    words = spec.split()
    names = [
        i for i, w in enumerate(words) if w.split("|")[0] in ("Amazon", "IBM", "Smith", "Jones")
    ]
    doc, index = parse(make_doc, spec, [(i, i + 1, label) for i in names])
    pronoun = next(i for i, w in enumerate(words) if w.split("|")[0] in ("they", "them"))
    found = [m for m in index.all() if m.kind is MentionKind.PRONOUN]
    assert all((m.start, m.end) == (doc[pronoun].idx, doc[pronoun].idx + 4) for m in found)
    assert {m.resolved().text for m in found} == expected
    assert len(found) == len(expected)


def test_coref_place_before_a_persons_title_leads_no_clause(make_doc: MakeDoc) -> None:
    # "New York attorney general Eliot Spitzer sued the company, accusing it …": it is not
    # New York, which only says whose attorney general he is.
    spec = (
        "Marsh|NNP|nsubj|1 fell|VBD|ROOT|1 .|.|punct|1 New|NNP|compound|4 York|NNP|compound|6 "
        "attorney|NN|compound|6 general|NN|compound|8 Eliot|NNP|compound|8 "
        "Spitzer|NNP|nsubj|9 sued|VBD|ROOT|9 the|DT|det|11 company|NN|dobj|9 ,|,|punct|9 "
        "accusing|VBG|advcl|9 it|PRP|dobj|13 .|.|punct|9"
    )
    doc, index = parse(make_doc, spec, [(0, 1, "ORG"), (3, 5, "GPE"), (7, 9, "PERSON")])
    mention = index.for_token(doc[14])
    assert mention is not None and mention.resolved().text == "Marsh"
