"""kg.metrics reads networkx graphs through plain dicts: the same answers as networkx's views."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.metrics import _SEED, communities, degrees

_Edges = list[tuple[int, int]]
_EDGES = st.lists(st.tuples(st.integers(0, 14), st.integers(0, 14)), max_size=60)


def _graph(edges: _Edges) -> nx.MultiDiGraph:
    g: nx.MultiDiGraph = nx.MultiDiGraph()
    g.add_nodes_from(f"n{i:02}" for i in range(15))
    g.add_edges_from((f"n{u:02}", f"n{v:02}") for u, v in edges)
    return g


def _communities_through_networkx(g: nx.MultiDiGraph) -> list[frozenset[str]]:
    # kg.metrics.communities as first written, on nx.Graph's own methods: the reference.
    undirected: nx.Graph = nx.Graph()
    undirected.add_nodes_from(sorted(g.nodes))
    for u, v in sorted(g.edges()):
        if u != v:
            weight = undirected.get_edge_data(u, v, {"weight": 0})["weight"]
            undirected.add_edge(u, v, weight=weight + 1)
    joins: dict[str, str] = {}
    leaves = sorted(n for n in undirected if undirected.degree(n) == 1)
    while leaves:
        upward = []
        for leaf in leaves:
            if undirected.degree(leaf) != 1:
                continue
            (neighbour,) = undirected[leaf]
            joins[leaf] = neighbour
            undirected.remove_edge(leaf, neighbour)
            if undirected.degree(neighbour) == 1:
                upward.append(neighbour)
        leaves = sorted(upward)
    core: nx.Graph = nx.Graph()
    core.add_nodes_from(n for n in undirected if undirected.degree(n) > 0)
    core.add_edges_from(undirected.edges(data=True))
    found = nx.community.louvain_communities(core, weight="weight", seed=_SEED) if core else []
    group_of = {node: i for i, members in enumerate(found) for node in members}
    groups: dict[object, set[str]] = {}
    for node in undirected:
        anchor = node
        while anchor in joins:
            anchor = joins[anchor]
        groups.setdefault(group_of.get(anchor, anchor), set()).add(node)
    return sorted((frozenset(s) for s in groups.values()), key=lambda s: (-len(s), min(s)))


@settings(max_examples=60, deadline=None)
@given(_EDGES)
def test_communities_same_as_through_networkx_views(edges: _Edges) -> None:
    g = _graph(edges)
    assert communities(g) == _communities_through_networkx(g)


@settings(max_examples=60, deadline=None)
@given(_EDGES)
def test_degrees_same_as_networkx_degree(edges: _Edges) -> None:
    g = _graph(edges)  # parallel edges and self-loops included
    assert degrees(g) == dict(g.degree())
