"""Unit tests for kg.ontology: the ontology declares the kg: vocabulary, the shapes catch breakage."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import OWL, PROV, RDF, RDFS, SDO, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.ontology import ONTOLOGY_PATH, SHAPES_PATH, load_shapes, validate
from kg.vocab import KG, REL

ROOT = Path(__file__).resolve().parents[2]
SMALL_GRAPH = ROOT / "tests" / "fixtures" / "small_graph.ttl"
KG_NS = "https://w3id.org/kg/ns#"
KG_TERMS = {URIRef(term) for term in dir(KG)}

ENTITY = "https://w3id.org/kg/entity/"
MICROSOFT = URIRef(ENTITY + "organization/microsoft")
FRT = URIRef(ENTITY + "concept/facial-recognition-technology")
BRAD_SMITH = URIRef(ENTITY + "person/brad-smith")
SEED_DOC = URIRef("https://w3id.org/kg/doc/microsoft-facial-recognition.txt")
# "Microsoft would not sell facial recognition technology": negative, modality "would".
NEGATED = URIRef("https://w3id.org/kg/statement/9696773d6f9206b09d65")
# "the bans passed Congress could encourage action": positive but hedged.
HEDGED = URIRef("https://w3id.org/kg/statement/13ea13429187c1304a5f")
QUOTE = URIRef("https://w3id.org/kg/quote/215a25f26b9abade6aec")
XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")


@pytest.fixture(scope="module")
def small_graph() -> Graph:
    return Graph().parse(SMALL_GRAPH, format="turtle")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


def test_ontology_files_ship_in_the_package() -> None:
    assert ONTOLOGY_PATH.parent == SHAPES_PATH.parent == ROOT / "kg" / "ontology"
    assert len(load_shapes()) > 50


def test_ontology_declares_every_kg_term(ontology: Graph) -> None:
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, KG.Polarity}
    for term in sorted(KG_TERMS):
        assert set(ontology.objects(term, RDF.type)) & kinds, f"{term} has no class or kind"
        assert isinstance(ontology.value(term, RDFS.label), Literal), f"{term} has no label"
        comment = ontology.value(term, RDFS.comment)
        assert isinstance(comment, Literal) and len(comment) > 20, f"{term} has no comment"


def test_ontology_declares_only_kg_terms(ontology: Graph) -> None:
    declared = {s for s in ontology.subjects() if isinstance(s, URIRef) and s.startswith(KG_NS)}
    assert declared == KG_TERMS


def test_ontology_properties_have_ranges_where_typed(ontology: Graph) -> None:
    assert ontology.value(KG.confidence, RDFS.range) == XSD_DECIMAL
    assert ontology.value(KG.polarity, RDFS.range) == KG.Polarity
    assert ontology.value(KG.attributedTo, RDFS.subPropertyOf) == PROV.wasAttributedTo


@pytest.mark.parametrize(
    "path",
    [SHAPES_PATH, SMALL_GRAPH, *sorted((ROOT / "queries").glob("*.rq"))],
    ids=lambda p: p.name,
)
def test_kg_terms_used_elsewhere_exist(path: Path) -> None:
    # The kg: namespace is closed: a typo in a query or shape would silently match nothing.
    used = set(re.findall(r"\bkg:(\w+)", path.read_text(encoding="utf-8")))
    assert used, f"{path.name} uses no kg: term"
    assert {URIRef(KG_NS + name) for name in used} <= KG_TERMS


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_validate_small_graph_conforms(store: str) -> None:
    if store == "oxigraph":
        graph = Graph(store="Oxigraph", identifier=DATASET_DEFAULT_GRAPH_ID)
    else:
        graph = Graph()
    graph.parse(SMALL_GRAPH, format="turtle")
    conforms, report = validate(graph)
    assert conforms, report


Breakage = Callable[[Graph], None]


def _assert_negated_fact(g: Graph) -> None:
    g.add((MICROSOFT, REL.sell, FRT))


def _assert_hedged_fact(g: Graph) -> None:
    g.add((URIRef(ENTITY + "concept/ban"), REL.encourage, URIRef(ENTITY + "concept/action")))


def _drop(subject: URIRef, predicate: URIRef) -> Breakage:
    return lambda g: g.remove((subject, predicate, None))


def _set(subject: URIRef, predicate: URIRef, value: Literal | URIRef) -> Breakage:
    return lambda g: g.set((subject, predicate, value))


def _add(subject: URIRef, predicate: URIRef, value: Literal | URIRef) -> Breakage:
    return lambda g: g.add((subject, predicate, value))


BREAKAGES: dict[str, tuple[Breakage, str]] = {
    "negated fact asserted plainly": (_assert_negated_fact, "negated or hedged fact"),
    "hedged fact asserted plainly": (_assert_hedged_fact, "negated or hedged fact"),
    "statement without evidence": (_drop(NEGATED, KG.evidence), "kg:evidence"),
    "plain triple without statement": (
        _add(BRAD_SMITH, REL.sell, FRT),
        "has no positive, unhedged statement behind it",
    ),
    "statement without document": (_drop(NEGATED, PROV.wasDerivedFrom), "prov:wasDerivedFrom"),
    "statement from a non-document": (_set(NEGATED, PROV.wasDerivedFrom, MICROSOFT), "Or"),
    "two subjects": (_add(NEGATED, RDF.subject, BRAD_SMITH), "More than 1 values"),
    "confidence above 1": (
        _set(NEGATED, KG.confidence, Literal("1.5", datatype=XSD_DECIMAL)),
        "<=",
    ),
    "confidence as a double": (_set(NEGATED, KG.confidence, Literal(0.8)), "xsd:decimal"),
    "start after end": (_set(NEGATED, KG.startChar, Literal(200)), "is not before kg:endChar"),
    "unknown polarity": (_set(NEGATED, KG.polarity, URIRef(KG_NS + "Neutral")), "not in list"),
    "unknown modality": (_set(NEGATED, KG.modality, Literal("perhaps")), "perhaps"),
    "entity with two labels": (_add(BRAD_SMITH, RDFS.label, Literal("Bradford")), "rdfs:label"),
    "entity with an unknown class": (_set(BRAD_SMITH, RDF.type, SDO.Thing), "not in list"),
    "document without hash": (_drop(SEED_DOC, KG.contentHash), "kg:contentHash"),
    "document without source path": (_drop(SEED_DOC, KG.sourcePath), "kg:sourcePath"),
    "quote without text": (_drop(QUOTE, SDO.text), "schema:text"),
    "quote without document": (_drop(QUOTE, PROV.wasDerivedFrom), "prov:wasDerivedFrom"),
    "relation without label": (_drop(REL.sell, RDFS.label), "rdfs:label"),
}


@pytest.mark.parametrize("name", list(BREAKAGES))
def test_validate_rejects_broken_graph(small_graph: Graph, name: str) -> None:
    breakage, message = BREAKAGES[name]
    graph = Graph()
    graph += small_graph
    breakage(graph)
    assert set(graph) != set(small_graph), "the breakage changed nothing"
    conforms, report = validate(graph)
    assert not conforms
    assert message in report, report


def test_validate_accepts_negation_with_positive_support(small_graph: Graph) -> None:
    # Another document may state positively what one denies: then the plain triple stands.
    graph = Graph()
    graph += small_graph
    support = URIRef("https://w3id.org/kg/statement/support")
    for predicate, value in [
        (RDF.type, RDF.Statement),
        (RDF.subject, MICROSOFT),
        (RDF.predicate, REL.sell),
        (RDF.object, FRT),
        (PROV.wasDerivedFrom, URIRef("https://w3id.org/kg/doc/amazon-ibm-moratorium.txt")),
        (KG.evidence, Literal("Microsoft sells facial recognition technology.")),
        (KG.startChar, Literal(0)),
        (KG.endChar, Literal(46)),
        (KG.extractor, Literal("svo")),
        (KG.confidence, Literal("0.5", datatype=XSD_DECIMAL)),
        (KG.polarity, KG.Positive),
    ]:
        graph.add((support, predicate, value))
    graph.add((MICROSOFT, REL.sell, FRT))
    conforms, report = validate(graph)
    assert conforms, report
