"""network_of(corpus) is the graph analyze.to_networkx reads back from the corpus's RDF."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from kg.analyze import to_networkx
from kg.cache import read_cache
from kg.network import network_of
from kg.rdf import statement_node, to_graph, unique_statements
from kg.resolve import resolve
from kg.store import oxigraph_of
from kg.vocab import KG
from tests.golden.test_golden import CASES, load_case

CONFIDENCE = ox.NamedNode(str(KG.confidence))


def _same(built: nx.MultiDiGraph, read_back: nx.MultiDiGraph) -> None:
    assert built.graph == read_back.graph
    assert list(built.nodes(data=True)) == list(read_back.nodes(data=True))
    assert list(built.edges(keys=True, data=True)) == list(read_back.edges(keys=True, data=True))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_network_of_corpus_equals_network_read_from_rdf(case: Path) -> None:
    corpus = resolve(load_case(case))
    assert corpus.triples, "a case with facts, or the test proves nothing"
    _same(network_of(corpus), to_networkx(to_graph(corpus)))


@pytest.mark.model
def test_network_of_the_seed_equals_network_read_from_rdf(seed_graph_dir: Path) -> None:
    corpus = resolve(list(read_cache(seed_graph_dir).values()))
    assert corpus.triples
    _same(network_of(corpus), to_networkx(to_graph(corpus)))


def test_one_fact_read_twice_from_a_sentence_is_one_statement_with_the_best_confidence() -> None:
    corpus = resolve(load_case(CASES[0]))
    first = corpus.triples[0]
    again = replace(first, provenance=replace(first.provenance, confidence=0.99))
    doubled = replace(corpus, triples=(first, again, *corpus.triples[1:]))
    kept = unique_statements(doubled.triples)
    assert len(kept) == len(corpus.triples)
    assert kept[0].provenance.confidence == 0.99
    store = oxigraph_of(to_graph(doubled))
    node = ox.NamedNode(str(statement_node(first)))
    confidences = [q.object.value for q in store.quads_for_pattern(node, CONFIDENCE, None)]
    assert confidences == ["0.99"]
    _same(network_of(doubled), to_networkx(to_graph(doubled)))


def test_statements_by_iri_cached_per_corpus_and_freed_by_cache_clear() -> None:
    corpus = resolve(load_case(CASES[0]))
    cached = statement_node.by_node(corpus.triples)
    assert statement_node.by_node(corpus.triples) is cached
    assert unique_statements(corpus.triples) == list(cached.values())
    statement_node.cache_clear()
    assert statement_node.by_node(corpus.triples) is not cached
    assert statement_node.by_node(corpus.triples) == cached
    changed = (*corpus.triples[1:], corpus.triples[0])  # another tuple: not the cached answer
    assert list(statement_node.by_node(changed).values())[-1] == corpus.triples[0]
