"""Unit tests for kg.ontology: the ontology declares kg: terms; the shapes catch breakage."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import OWL, PROV, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from kg.ontology import ONTOLOGY_PATH, SHAPES_PATH, load_shapes, validate
from kg.vocab import KG, REL

ROOT = Path(__file__).resolve().parents[2]
SMALL_GRAPH = ROOT / "tests" / "fixtures" / "small_graph.ttl"
KG_NS = "https://w3id.org/kg/ns#"
# A plain Namespace: rdflib's SDO warns whenever pytest probes module attributes.
SCHEMA = Namespace("https://schema.org/")
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


def _copy(graph: Graph) -> Graph:
    out = Graph()
    out += graph
    return out


def _statement(graph: Graph, subject: URIRef, predicate: URIRef) -> URIRef:
    for node in graph.subjects(RDF.subject, subject):
        if (node, RDF.predicate, predicate) in graph and isinstance(node, URIRef):
            return node
    raise LookupError(f"no statement {subject} {predicate} in the fixture")


def test_validate_rejects_negated_fact_asserted_plainly(small_graph: Graph) -> None:
    graph = _copy(small_graph)
    graph.add((MICROSOFT, REL.sell, FRT))
    conforms, report = validate(graph)
    assert not conforms
    assert f"{NEGATED}: negated or hedged fact {MICROSOFT} {REL.sell} {FRT}" in report


def test_validate_rejects_statement_without_evidence(small_graph: Graph) -> None:
    graph = _copy(small_graph)
    graph.remove((NEGATED, KG.evidence, None))
    conforms, report = validate(graph)
    assert not conforms
    assert f"Less than 1 values on <{NEGATED}>->kg:evidence" in report


def test_validate_reports_each_breakage(small_graph: Graph) -> None:
    # One validation for many independent breakages (pySHACL takes ~0.5 s per run): each touches
    # a different node, and each must be reported on its own.
    g = _copy(small_graph)
    ban, action = URIRef(ENTITY + "concept/ban"), URIRef(ENTITY + "concept/action")
    police = URIRef(ENTITY + "concept/police")
    evan_greer = URIRef(ENTITY + "person/evan-greer")
    other_doc = URIRef("https://w3id.org/kg/doc/amazon-ibm-moratorium.txt")
    president = _statement(g, BRAD_SMITH, REL.presidentOf)
    amazon_ban = _statement(g, URIRef(ENTITY + "organization/amazon"), REL.ban)
    ibm_offer = _statement(g, URIRef(ENTITY + "organization/ibm"), REL.offer)
    ms_announce = _statement(g, MICROSOFT, REL.announce)
    deputy = _statement(g, evan_greer, REL.deputyDirectorOf)
    other_quote = next(q for q in g.subjects(SCHEMA.creator, evan_greer) if isinstance(q, URIRef))
    expected = {
        "hedged fact asserted": f"{HEDGED}: negated or hedged fact {ban} {REL.encourage} {action}",
        "plain triple without statement": f"plain triple {BRAD_SMITH} {REL.ban} {police} has no",
        "two subjects": f"More than 1 values on <{president}>->rdf:subject",
        "confidence above 1": "Value is not <= Literal",
        "confidence as a double": "Value is not Literal with datatype xsd:decimal",
        "start after end": f"{ibm_offer}: kg:startChar 500 is not before kg:endChar",
        "unknown polarity": f"Value <{KG_NS}Neutral> not in list",
        "unknown modality": "Value does not match pattern '^(would|could",
        "derived from a non-document": "Value does not conform to Shape kgsh:DocumentRef",
        "entity with two labels": f"More than 1 values on <{BRAD_SMITH}>->rdfs:label",
        "entity of an unknown class": "Value schema:Thing not in list",
        "document without hash": f"Less than 1 values on <{SEED_DOC}>->kg:contentHash",
        "document without source path": f"Less than 1 values on <{other_doc}>->kg:sourcePath",
        "quote without text": f"Less than 1 values on <{QUOTE}>->schema:text",
        "quote without document": f"Less than 1 values on <{other_quote}>->prov:wasDerivedFrom",
        "relation without label": f"Less than 1 values on <{REL.offer}>->rdfs:label",
    }
    g.add((ban, REL.encourage, action))
    g.add((BRAD_SMITH, REL.ban, police))
    g.add((president, RDF.subject, MICROSOFT))
    g.set((president, KG.confidence, Literal("1.5", datatype=XSD_DECIMAL)))
    g.set((amazon_ban, KG.confidence, Literal(0.8)))
    g.set((ibm_offer, KG.startChar, Literal(500)))
    g.set((ms_announce, KG.polarity, URIRef(KG_NS + "Neutral")))
    g.set((HEDGED, KG.modality, Literal("perhaps")))
    g.set((deputy, PROV.wasDerivedFrom, action))
    g.add((BRAD_SMITH, RDFS.label, Literal("Bradford Smith")))
    g.set((evan_greer, RDF.type, SCHEMA.Thing))
    g.remove((SEED_DOC, KG.contentHash, None))
    g.remove((other_doc, KG.sourcePath, None))
    g.remove((QUOTE, SCHEMA.text, None))
    g.remove((other_quote, PROV.wasDerivedFrom, None))
    g.remove((REL.offer, RDFS.label, None))
    conforms, report = validate(g)
    assert not conforms
    missing = [name for name, message in expected.items() if message not in report]
    assert not missing, f"not reported: {missing}\n{report}"


def test_validate_accepts_negation_with_positive_support(small_graph: Graph) -> None:
    # Another document may state positively what one denies: then the plain triple stands.
    graph = _copy(small_graph)
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
