"""Tests for kg.analyze: rdflib Graph -> networkx MultiDiGraph and the graph metrics."""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import RDF, XSD, Graph, Literal

from kg.analyze import UNTYPED, analytics_triples, summarize, to_networkx
from kg.metrics import communities, components, degree_centrality, pagerank
from kg.vocab import KG, entity_iri
from tests.fixtures.analyze_graphs import Fact, hostile_graph, make_graph, seed_like_graph

MS = str(entity_iri("organization/microsoft"))
FRT = str(entity_iri("concept/facial-recognition-technology"))
SMITH = str(entity_iri("person/brad-smith"))


def _oxigraph_copy(graph: Graph) -> Graph:
    ox = Graph(store="Oxigraph")
    ox.addN((s, p, o, ox) for s, p, o in graph)
    return ox


def test_to_networkx_one_edge_per_statement() -> None:
    graph = seed_like_graph()
    g = to_networkx(graph)
    statements = {str(s) for s in graph.subjects(RDF.type, RDF.Statement)}
    assert g.number_of_nodes() == 15
    assert {k for _, _, k in g.edges(keys=True)} == statements
    # the negated "sell" and the positive "end" are two parallel edges of one pair
    assert g.number_of_edges(MS, FRT) == 2
    labels = sorted((d["label"], d["category"]) for d in g.get_edge_data(MS, FRT).values())
    assert labels == [("end", "positive"), ("sell", "negative")]


def test_to_networkx_node_attributes() -> None:
    g = to_networkx(seed_like_graph())
    smith = g.nodes[SMITH]
    assert smith["label"] == "Brad Smith"
    assert smith["type"] == "Person"
    assert smith["alt_labels"] == ("Smith",)
    assert smith["documents"] == ("https://w3id.org/kg/doc/seed.txt",)
    assert g.graph["documents"] == {
        "https://w3id.org/kg/doc/seed.txt": "Microsoft will not sell facial recognition to police"
    }
    assert g.nodes[str(entity_iri("group/americans"))]["type"] == "Group"


def test_to_networkx_edge_attributes_polarity_modality_role() -> None:
    g = to_networkx(seed_like_graph())
    edges = {d["label"]: d for _, _, d in g.edges(data=True)}
    assert edges["sell to"]["polarity"] == "negative"
    assert edges["sell to"]["modality"] == "would"
    assert edges["sell to"]["category"] == "negative"
    assert edges["encourage"]["category"] == "hedged"
    assert edges["president of"]["role"] is True
    assert edges["ban"]["role"] is False
    assert edges["ban"]["evidence"].startswith("Amazon followed suit")
    assert edges["ban"]["document"] == "https://w3id.org/kg/doc/seed.txt"
    assert edges["ban"]["confidence"] == pytest.approx(0.8)


def test_to_networkx_same_on_oxigraph_store() -> None:
    graph = seed_like_graph()
    mem, ox = to_networkx(graph), to_networkx(_oxigraph_copy(graph))
    assert nx.utils.graphs_equal(mem, ox)
    assert list(mem.nodes) == list(ox.nodes)
    assert dict(mem.graph) == dict(ox.graph)


def test_to_networkx_untyped_end_and_literal_object() -> None:
    graph = make_graph(
        [("organization/a", "Organization", "A", ())],
        [Fact("organization/a", "own", "thing/b", "A owns b.")],
        {"d.txt": "D"},
    )
    literal_statement = next(iter(graph.subjects(RDF.type, RDF.Statement)))
    broken = Graph()
    for s, p, o in graph:
        broken.add((s, p, Literal("b") if (s, p) == (literal_statement, RDF.object) else o))
    g = to_networkx(graph)
    assert g.nodes[str(entity_iri("thing/b"))]["type"] == UNTYPED
    assert g.nodes[str(entity_iri("thing/b"))]["label"] == "b"
    assert to_networkx(broken).number_of_edges() == 0


def test_pagerank_sums_to_one_and_ranks_the_hub_first() -> None:
    g = to_networkx(seed_like_graph())
    ranks = pagerank(g)
    assert sum(ranks.values()) == pytest.approx(1.0)
    assert max(ranks, key=ranks.__getitem__) == MS  # the actor of most statements


def test_pagerank_matches_networkx_reference() -> None:
    # networkx's own implementation (SciPy's if installed, else its pure-Python one) on the
    # same weighted graph: parallel statements become edge weights.
    g = nx.gnm_random_graph(300, 900, seed=3, directed=True)
    multi = nx.MultiDiGraph()
    multi.add_nodes_from(str(n) for n in g)
    multi.add_edges_from((str(u), str(v)) for u, v in [*g.edges(), *list(g.edges())[:100], (1, 1)])
    weighted = nx.DiGraph()
    weighted.add_nodes_from(multi)
    for u, v in multi.edges():  # statements count both ways
        for a, b in ((u, v), (v, u)):
            weighted.add_edge(
                a, b, weight=weighted.get_edge_data(a, b, {"weight": 0})["weight"] + 1
            )
    try:
        reference = nx.pagerank(weighted, tol=1e-12, max_iter=5000)
    except ModuleNotFoundError:  # no SciPy
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

        reference = _pagerank_python(weighted, tol=1e-12, max_iter=5000)
    ours = pagerank(multi)
    assert max(abs(ours[k] - reference[k]) for k in reference) < 1e-8


def test_degree_centrality_counts_every_statement() -> None:
    g = to_networkx(seed_like_graph())
    assert degree_centrality(g)[MS] == pytest.approx(g.degree(MS) / (g.number_of_nodes() - 1))
    assert g.degree(MS) == 5  # sell to, sell, end, call for, and president of (in)


def test_communities_ordered_by_size_then_smallest_iri() -> None:
    g = nx.MultiDiGraph([("x1", "x2"), ("x2", "x3"), ("x3", "x1"), ("b1", "b2"), ("a1", "a2")])
    found = communities(g)
    assert found == [
        frozenset({"x1", "x2", "x3"}),
        frozenset({"a1", "a2"}),
        frozenset({"b1", "b2"}),
    ]
    assert communities(g) == found


def test_components_weakly_connected() -> None:
    g = to_networkx(seed_like_graph())
    assert len(components(g)) == 4  # the main cluster, EFF pair, Minneapolis, Americans
    assert components(nx.MultiDiGraph()) == []


def test_analytics_triples_types_and_values() -> None:
    graph = seed_like_graph()
    triples = analytics_triples(graph)
    g = to_networkx(graph)
    assert len(triples) == 3 * g.number_of_nodes()
    values = {(str(s), str(p)): o for s, p, o in triples}
    assert values[(MS, str(KG.degree))] == Literal(5, datatype=XSD.integer)
    rank = values[(FRT, str(KG.pageRank))]
    assert rank.datatype == XSD.decimal
    assert isinstance(rank.toPython(), Decimal)
    assert rank.toPython() == round(Decimal(pagerank(g)[FRT]), 6)
    assert values[(FRT, str(KG.community))] == Literal(0, datatype=XSD.integer)
    assert triples == sorted(triples, key=lambda t: (str(t[0]), str(t[1])))
    assert analytics_triples(seed_like_graph()) == triples


def test_summarize_counts_and_rankings() -> None:
    summary = summarize(seed_like_graph(), top=3)
    assert summary.entities == 15
    assert summary.entities_by_type == {
        "Concept": 3, "Group": 1, "Organization": 7, "Person": 3, "Place": 1
    }  # fmt: skip
    assert (summary.statements, summary.positive, summary.negative, summary.hedged) == (12, 7, 3, 2)
    assert (summary.documents, summary.quotes, summary.components) == (1, 1, 4)
    assert [e.label for e in summary.top_entities][0] == "Microsoft"
    assert len(summary.top_entities) == 3
    ranks = [e.pagerank for e in summary.top_entities]
    assert ranks == sorted(ranks, reverse=True)
    assert summary.communities[0].number == 0
    assert "Microsoft" in summary.communities[0].labels
    assert summary.community_count >= len(summary.communities)


def test_summarize_handles_markup_and_empty_graphs() -> None:
    hostile = summarize(hostile_graph())
    assert hostile.entities == 4 and hostile.statements == 4
    empty = summarize(Graph())
    assert (empty.entities, empty.statements, empty.top_entities, empty.communities) == (
        0,
        0,
        (),
        (),
    )


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9), st.booleans()), max_size=30))
def test_analytics_deterministic_on_random_graphs(pairs: list[tuple[int, int, bool]]) -> None:
    entities = [(f"organization/o{i}", "Organization", f"O{i}", ()) for i in range(10)]
    facts = [
        Fact(f"organization/o{a}", "meet", f"organization/o{b}", f"O{a} met O{b}.", negative=neg,
             start=i)
        for i, (a, b, neg) in enumerate(pairs)
    ]  # fmt: skip
    graph = make_graph(entities, facts, {"d.txt": "D"})
    triples = analytics_triples(graph)
    assert triples == analytics_triples(make_graph(entities, facts, {"d.txt": "D"}))
    ranks = [t[2].toPython() for t in triples if t[1] == KG.pageRank]
    assert sum(ranks) == pytest.approx(Decimal(1), abs=Decimal("0.0001"))
    numbers = [t[2].toPython() for t in triples if t[1] == KG.community]
    sizes = [numbers.count(k) for k in range(max(numbers) + 1)]
    assert sizes == sorted(sizes, reverse=True) and min(sizes) > 0


_ROOT = Path(__file__).resolve().parents[2]
_COMMUNITIES_SCRIPT = """
import random, networkx as nx
from kg.metrics import communities
rng = random.Random(7)
g = nx.MultiDiGraph()
core = [f"c{i:03d}" for i in range(120)]
g.add_edges_from((rng.choice(core), rng.choice(core)) for _ in range(240))
g.add_nodes_from(f"lone{i:04d}" for i in range(400))  # the core is under half the graph
print(sorted(sorted(group) for group in communities(g)))
"""


def test_communities_do_not_depend_on_the_hash_seed() -> None:
    # Louvain's result depends on the order it visits nodes in; that order must come from the
    # graph, not from a set of strings, whose order changes with each process's hash seed.
    runs = {
        subprocess.run(
            [sys.executable, "-c", _COMMUNITIES_SCRIPT],
            env={**os.environ, "PYTHONHASHSEED": str(seed), "PYTHONPATH": str(_ROOT)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in (1, 2, 3)
    }
    assert len(runs) == 1
