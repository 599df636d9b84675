"""Every registered exporter: pure, deterministic, and read back by independent parsers."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.graph import Dataset

from kg.export import EXPORTERS
from kg.model import DocExtraction, Document, Mention, MentionKind, Polarity, Relation
from kg.rdf import to_graph
from kg.resolve import resolve
from kg.vocab import CORPUS_GRAPH, document_graph_iri, document_iri, entity_iri
from tests.golden.test_golden import CASES, load_case

RDF_FORMATS = {  # exporter name -> (pyoxigraph format, rdflib format, rapper syntax or None)
    "turtle": (ox.RdfFormat.TURTLE, "turtle", "turtle"),
    "nt": (ox.RdfFormat.N_TRIPLES, "nt", "ntriples"),
    "nquads": (ox.RdfFormat.N_QUADS, "nquads", "nquads"),
    "trig": (ox.RdfFormat.TRIG, "trig", "trig"),
    "jsonld": (ox.RdfFormat.JSON_LD, "json-ld", None),
}
QUAD_FORMATS = {"nquads", "trig"}


def _graph_of(case: Path) -> Graph:
    return to_graph(resolve(load_case(case)))


@pytest.mark.parametrize("name", EXPORTERS.names())
def test_exporter_renders_identical_bytes_ending_in_newline(name: str) -> None:
    exporter = EXPORTERS.get(name)
    first = exporter.render(_graph_of(CASES[0]))
    second = exporter.render(_graph_of(CASES[0]))
    assert first == second
    assert first.endswith(b"\n")


@pytest.mark.parametrize("name", sorted(RDF_FORMATS))
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_rdf_exporter_round_trips_through_oxigraph_and_rdflib(name: str, case: Path) -> None:
    graph = _graph_of(case)
    data = EXPORTERS.get(name).render(graph)
    ox_format = RDF_FORMATS[name][0]
    assert len(list(ox.parse(data, format=ox_format))) == len(graph)
    assert _rdflib_count(data, name) == len(graph)


def _rdflib_count(data: bytes, name: str) -> int:
    rdflib_format = RDF_FORMATS[name][1]
    if name in QUAD_FORMATS:
        return len(list(Dataset().parse(data=data, format=rdflib_format).quads()))
    return len(Graph().parse(data=data, format=rdflib_format))


@pytest.mark.parametrize("name", sorted(QUAD_FORMATS))
def test_quad_formats_put_each_document_in_its_own_named_graph(name: str) -> None:
    corpus = resolve(load_case(CASES[0]))
    data = EXPORTERS.get(name).render(to_graph(corpus))
    ox_format = RDF_FORMATS[name][0]
    graphs: dict[str, set[str]] = {}
    for quad in ox.parse(data, format=ox_format):
        assert isinstance(quad.graph_name, ox.NamedNode), "nothing is left in the default graph"
        graphs.setdefault(quad.graph_name.value, set()).add(quad.subject.value)
    expected = {str(document_graph_iri(d.id)) for d in corpus.documents} | {str(CORPUS_GRAPH)}
    assert set(graphs) == expected
    for document in corpus.documents:
        assert str(document_iri(document.id)) in graphs[str(document_graph_iri(document.id))]
        assert str(document_iri(document.id)) not in graphs[str(CORPUS_GRAPH)]
    entities = {str(entity_iri(e.id)) for e in corpus.entities}
    assert entities <= graphs[str(CORPUS_GRAPH)]


@pytest.mark.skipif(
    shutil.which("rapper") is None, reason="raptor2-utils (rapper) is not installed"
)
@pytest.mark.parametrize("name", [n for n, f in sorted(RDF_FORMATS.items()) if f[2]])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_rdf_exporter_output_is_accepted_by_rapper(name: str, case: Path, tmp_path: Path) -> None:
    graph = _graph_of(case)
    path = tmp_path / f"graph{EXPORTERS.get(name).suffix}"
    path.write_bytes(EXPORTERS.get(name).render(graph))
    result = subprocess.run(
        ["rapper", "-i", RDF_FORMATS[name][2], "-c", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert f"returned {len(graph)} " in result.stderr


names = st.text(min_size=1, max_size=60).filter(lambda s: s.strip() != "")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(subject=names, obj=names, predicate=names, filler=st.text(max_size=40))
def test_any_names_and_sentences_round_trip_through_every_rdf_format(
    subject: str, obj: str, predicate: str, filler: str
) -> None:
    text = f"{subject} {filler} {obj}"
    doc = Document("d.txt", text, "d.txt")
    s = Mention("d.txt", 0, len(subject), subject, "PERSON")
    o_start = len(subject) + len(filler) + 2
    o = Mention("d.txt", o_start, o_start + len(obj), obj, "CONCEPT", MentionKind.CONCEPT)
    relation = Relation(s, predicate, o, "prop", 0, len(text), Polarity.NEGATIVE)
    graph = to_graph(resolve([DocExtraction(doc, 1, (s,), (relation,))]))
    for name, (ox_format, _, rapper_syntax) in RDF_FORMATS.items():
        data = EXPORTERS.get(name).render(graph)
        assert len(list(ox.parse(data, format=ox_format))) == len(graph), name
        assert _rdflib_count(data, name) == len(graph), name
        if rapper_syntax and shutil.which("rapper"):
            parsed = subprocess.run(
                ["rapper", "-i", rapper_syntax, "-c", "-", "http://example.org/"],
                input=data,
                capture_output=True,
                check=False,
            )
            assert parsed.returncode == 0, (name, parsed.stderr)
            assert f"returned {len(graph)} ".encode() in parsed.stderr, (name, parsed.stderr)
