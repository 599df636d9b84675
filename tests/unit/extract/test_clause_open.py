"""Open IE-only facts on hand-built parses: appositions, possessives, clauses said, bare verbs."""

from __future__ import annotations

from kg.extract.clause_open import (
    HAVE,
    IS_A,
    find_bare_facts,
    find_complement_facts,
    find_nominal_facts,
    is_nominal_predicate,
)
from kg.extract.clauses import UNRESOLVED, ClausesExtractor
from kg.model import Relation, RelationKind
from tests.conftest import MakeDoc
from tests.unit.extract.clause_docs import build

APPOSITION_POSSESSIVE = """
Byron 4 nsubj PROPN NNP Byron
, 0 punct PUNCT , ,
a 3 det DET DT a
boxer 0 appos NOUN NN boxer
met 4 ROOT VERB VBD meet
Lydia 7 poss PROPN NNP Lydia
's 5 case PART POS 's
father 4 dobj NOUN NN father
. 4 punct PUNCT . .
"""

SAID_CLAUSE = """
Smith 1 nsubj PROPN NNP Smith
said 1 ROOT VERB VBD say
that 5 mark SCONJ IN that
the 4 det DET DT the
plan 5 nsubj NOUN NN plan
failed 1 ccomp VERB VBD fail
. 1 punct PUNCT . .
"""

STAYED_FOR = """
He 1 nsubj PRON PRP he
stayed 1 ROOT VERB VBD stay
for 1 prep ADP IN for
a 4 det DET DT a
year 2 pobj NOUN NN year
. 1 punct PUNCT . .
"""


def test_find_nominal_facts_apposition_and_possessive(make_doc: MakeDoc) -> None:
    doc, _ = build(make_doc, APPOSITION_POSSESSIVE, [(0, 1, "PERSON"), (5, 6, "PERSON")])
    found = {
        (f.subject.text, f.predicate, f.object.text, f.kind) for f in find_nominal_facts(doc[:])
    }
    assert found == {
        ("Byron", IS_A, "boxer", RelationKind.TYPE),
        ("Lydia", HAVE, "father", RelationKind.ACTION),
    }


def test_find_nominal_facts_pronoun_possessor_says_nothing(make_doc: MakeDoc) -> None:
    spec = APPOSITION_POSSESSIVE.replace("Lydia 7 poss PROPN NNP Lydia", "her 7 poss PRON PRP$ her")
    doc, _ = build(make_doc, spec, [(0, 1, "PERSON")])
    assert all(f.predicate != HAVE for f in find_nominal_facts(doc[:]))


def test_find_complement_facts_keeps_that_with_the_verb(make_doc: MakeDoc) -> None:
    doc, _ = build(make_doc, SAID_CLAUSE, [(0, 1, "PERSON")])
    (fact,) = find_complement_facts(doc[:])
    assert (fact.subject.text, fact.predicate, fact.phrase.text) == (
        "Smith",
        "say that",
        "the plan failed",
    )


def test_find_bare_facts_only_for_verbs_without_a_clause_fact(make_doc: MakeDoc) -> None:
    doc, _ = build(make_doc, STAYED_FOR)
    (fact,) = find_bare_facts(doc[:], set())
    assert (fact.subject.text, fact.predicate, fact.phrase.text) == ("He", "stay", "for a year")
    assert list(find_bare_facts(doc[:], {1})) == []


def test_open_arguments_add_facts_the_graph_extractor_leaves_out(make_doc: MakeDoc) -> None:
    doc, document = build(make_doc, SAID_CLAUSE, [(0, 1, "PERSON")])
    graph = [r for r in ClausesExtractor()(doc, document) if isinstance(r, Relation)]
    assert graph == []  # "plan failed" has no object; a clause is no entity
    found = [
        r for r in ClausesExtractor(open_arguments=True)(doc, document) if isinstance(r, Relation)
    ]
    said = [r for r in found if r.predicate == "say that"]
    assert [(r.subject.text, r.object.text, r.object.label) for r in said] == [
        ("Smith", "the plan failed", UNRESOLVED)
    ]


def test_find_nominal_facts_place_and_title(make_doc: MakeDoc) -> None:
    # "Undercover cop Muscles met the band at a hall in Glasgow ."
    spec = """
    Undercover 1 amod ADJ JJ undercover
    cop 2 compound NOUN NN cop
    Muscles 3 nsubj PROPN NNP Muscles
    met 3 ROOT VERB VBD meet
    Smith 3 dobj PROPN NNP Smith
    in 4 prep ADP IN in
    Glasgow 5 pobj PROPN NNP Glasgow
    . 3 punct PUNCT . .
    """
    doc, _ = build(make_doc, spec, [(2, 3, "PERSON"), (4, 5, "PERSON"), (6, 7, "GPE")])
    found = {(f.subject.text, f.predicate, f.object.text) for f in find_nominal_facts(doc[:])}
    assert found == {("Muscles", IS_A, "cop"), ("Smith", "is in", "Glasgow")}
    assert all(is_nominal_predicate(p) for _, p, _ in found)
    assert not is_nominal_predicate("meet")
