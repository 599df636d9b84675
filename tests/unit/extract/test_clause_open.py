"""Open IE-only facts on hand-built parses: appositions, possessives, clauses said, bare verbs."""

from __future__ import annotations

from kg.extract.clause_nominal import HAVE, IS_A, find_nominal_facts, is_nominal_predicate
from kg.extract.clause_open import find_bare_facts, find_complement_facts
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


def test_pronoun_possessor_needs_its_name_in_the_sentence(make_doc: MakeDoc) -> None:
    spec = """
    The 1 det DET DT the
    boxer 2 nsubj NOUN NN boxer
    met 2 ROOT VERB VBD meet
    her 4 poss PRON PRP$ her
    father 2 dobj NOUN NN father
    . 2 punct PUNCT . .
    """
    doc, document = build(make_doc, spec)
    assert ("her", HAVE, "father") in {
        (f.subject.text, f.predicate, f.object.text) for f in find_nominal_facts(doc[:])
    }
    # "her" could be anyone's: whose father, the sentence does not say.
    found = ClausesExtractor(open_arguments=True)(doc, document)
    assert all(r.predicate != HAVE for r in found if isinstance(r, Relation))


def test_pronoun_possessor_is_kept_with_its_name_in_the_sentence(make_doc: MakeDoc) -> None:
    spec = """
    Lydia 1 nsubj PROPN NNP Lydia
    met 1 ROOT VERB VBD meet
    her 3 poss PRON PRP$ her
    father 1 dobj NOUN NN father
    . 1 punct PUNCT . .
    """
    doc, document = build(make_doc, spec, [(0, 1, "PERSON")])
    found = ClausesExtractor(open_arguments=True)(doc, document)
    owned = [r for r in found if isinstance(r, Relation) and r.predicate == HAVE]
    assert [(r.subject.resolved().text, r.object.text) for r in owned] == [("Lydia", "father")]


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


APPOSITIONS = """
The 1 det DET DT the
doctor 5 nsubj NOUN NN doctor
, 1 punct PUNCT , ,
Erasistratus 1 appos PROPN NNP Erasistratus
, 1 punct PUNCT , ,
met 5 ROOT VERB VBD meet
Mark 5 dobj PROPN NNP Mark
and 6 cc CCONJ CC and
Marisa 6 conj PROPN NNP Marisa
, 6 punct PUNCT , ,
the 11 det DET DT the
presenters 6 appos NOUN NNS presenter
, 6 punct PUNCT , ,
in 5 prep ADP IN in
Tampa 13 pobj PROPN NNP Tampa
, 14 punct PUNCT , ,
Florida 14 appos PROPN NNP Florida
. 5 punct PUNCT . .
"""


def test_find_nominal_facts_appositions_name_first_each_conjunct_and_places(
    make_doc: MakeDoc,
) -> None:
    # "The doctor, Erasistratus, met Mark and Marisa, the presenters, in Tampa, Florida."
    ents = [(3, 4, "PERSON"), (6, 7, "PERSON"), (8, 9, "PERSON"), (14, 15, "GPE"), (16, 17, "GPE")]
    doc, _ = build(make_doc, APPOSITIONS, ents)
    found = {(f.subject.text, f.predicate, f.object.text) for f in find_nominal_facts(doc[:])}
    assert found == {
        ("Erasistratus", IS_A, "doctor"),
        ("Mark", IS_A, "presenters"),
        ("Marisa", IS_A, "presenters"),
        ("Tampa", "is in", "Florida"),
    }


TITLES = """
Smith 5 nsubj PROPN NNP Smith
, 0 punct PUNCT , ,
president 0 appos NOUN NN president
of 2 prep ADP IN of
Microsoft 3 pobj PROPN NNP Microsoft
met 5 ROOT VERB VBD meet
Amazon 8 poss PROPN NNP Amazon
's 6 case PART POS 's
chief 5 dobj NOUN NN chief
, 8 punct PUNCT , ,
Jassy 8 appos PROPN NNP Jassy
. 5 punct PUNCT . .
"""


def test_find_nominal_facts_title_of_an_organisation(make_doc: MakeDoc) -> None:
    # "Smith, president of Microsoft, met Amazon's chief, Jassy."
    ents = [(0, 1, "PERSON"), (4, 5, "ORG"), (6, 7, "ORG"), (10, 11, "PERSON")]
    doc, _ = build(make_doc, TITLES, ents)
    found = {(f.subject.text, f.predicate, f.object.text) for f in find_nominal_facts(doc[:])}
    assert {("Smith", "is president of", "Microsoft"), ("Jassy", "is chief of", "Amazon")} <= found
    assert ("Smith", IS_A, "president") in found
    assert ("Jassy", IS_A, "chief") in found
