"""Graph metrics over analyze.to_networkx's multigraph: PageRank, communities, components.

Pure functions on networkx graphs keyed by IRI strings; no RDF, no I/O. Must not import spaCy.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

import networkx as nx
import numpy as np

from kg.collector import collector_paused

__all__ = ["communities", "components", "degree_centrality", "degrees", "pagerank"]

_SEED = 42  # Louvain's seed: the same graph always gives the same communities


def degree_centrality(g: nx.MultiDiGraph) -> dict[str, float]:
    """Return networkx's degree centrality: statements touching a node over (nodes - 1)."""
    return {str(k): float(v) for k, v in nx.degree_centrality(g).items()}


def _edge_pairs(g: nx.MultiDiGraph) -> list[tuple[str, str]]:
    # list(g.edges()), in its order, read from the adjacency dicts: the edge view costs a
    # generator step per edge, and the metrics of a build read every edge several times.
    if g.is_multigraph() and g.is_directed():
        return [(u, v) for u, nbrs in g.adjacency() for v, keys in nbrs.items() for _ in keys]
    return list(g.edges())


def _parallel_edges(g: nx.MultiDiGraph) -> dict[tuple[str, str], int]:
    # Counter(g.edges()): the edges from u to v, for each (u, v) with one, in the same order.
    if g.is_multigraph() and g.is_directed():
        return {(u, v): len(keys) for u, nbrs in g.adjacency() for v, keys in nbrs.items()}
    return Counter(g.edges())


def degrees(g: nx.MultiDiGraph) -> dict[str, int]:
    """Return each node's degree (g.degree): the statements it is subject or object of.

    >>> degrees(nx.MultiDiGraph([("a", "b"), ("a", "b"), ("b", "b")]))
    {'a': 2, 'b': 4}
    """
    found = dict.fromkeys(g, 0)
    for (u, v), count in _parallel_edges(g).items():
        found[u] += count
        found[v] += count
    return found


def pagerank(g: nx.MultiDiGraph, alpha: float = 0.85, tol: float = 1e-10) -> dict[str, float]:
    """Return each node's PageRank over statements read both ways, parallel ones as weight.

    Both ways, because in news the actor is as central as what it acts on: on the directed
    graph a company that announces, sells and bans ranks below each thing it names.

    The algorithm of networkx's nx.pagerank (uniform teleport, dangling nodes spread evenly,
    stop when the L1 change is below n * tol), run with NumPy: nx.pagerank needs SciPy, which
    kg does not depend on, and networkx's pure-Python fallback takes seconds on 15,000 edges.

    >>> g = nx.MultiDiGraph([("a", "b"), ("c", "b")])
    >>> max(pagerank(g).items(), key=lambda kv: kv[1])[0]
    'b'
    """
    nodes = sorted(g.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    at = {node: i for i, node in enumerate(nodes)}
    pairs = np.array([(at[u], at[v]) for u, v in _edge_pairs(g)], dtype=np.int64).reshape(-1, 2)
    src = np.concatenate([pairs[:, 0], pairs[:, 1]])
    dst = np.concatenate([pairs[:, 1], pairs[:, 0]])
    out_weight = np.bincount(src, minlength=n).astype(np.float64)
    share = 1.0 / out_weight[src]  # each edge carries its share of the source's rank
    dangling = out_weight == 0
    x = np.full(n, 1.0 / n)
    for _ in range(1000):
        last = x
        flow = np.bincount(dst, weights=last[src] * share, minlength=n)
        x = alpha * (flow + last[dangling].sum() / n) + (1.0 - alpha) / n
        if np.abs(x - last).sum() < n * tol:
            return {node: float(v) for node, v in zip(nodes, x, strict=True)}
    raise nx.PowerIterationFailedConvergence(1000)


def _ordered(groups: Iterable[Iterable[str]]) -> list[frozenset[str]]:
    sets = [frozenset(group) for group in groups]
    return sorted(sets, key=lambda s: (-len(s), min(s)))


def communities(g: nx.MultiDiGraph) -> list[frozenset[str]]:
    """Return Louvain communities (seeded: deterministic), largest first, ties by smallest IRI.

    Louvain runs on the core left after peeling leaves: an entity linked to one other only
    joins that one's community (the move Louvain itself makes for it), so it is assigned
    afterwards instead of weighing on every pass. In news graphs most entities are such
    leaves or isolated, and networkx's pure-Python Louvain is the build's costliest step.

    >>> communities(nx.MultiDiGraph([("a", "b"), ("c", "d"), ("d", "e")]))[0] == {"c", "d", "e"}
    True
    """
    with collector_paused():  # Louvain makes many small containers and no lasting cycle
        return _communities(g)


def _communities(g: nx.MultiDiGraph) -> list[frozenset[str]]:
    nodes = sorted(g.nodes)
    if not nodes:
        return []
    # The undirected graph as plain dicts (node -> neighbour -> statements between them):
    # networkx's views and edge lookups cost more than the rest of the work. Neighbours are
    # listed as nx.Graph lists them when built node by node in sorted order, then edge by edge
    # in sorted order: Louvain's seeded moves follow that order.
    parallel = _parallel_edges(g)
    adjacency: dict[str, dict[str, int]] = {node: {} for node in nodes}
    for u, v in sorted(parallel):
        if u != v:
            adjacency[u][v] = adjacency[v][u] = adjacency[u].get(v, 0) + parallel[u, v]
    joins = _peel_leaves(adjacency)
    core = _core(adjacency)
    found = (
        nx.community.louvain_communities(core, weight="weight", seed=_SEED)
        if core.number_of_nodes()
        else []
    )
    group_of = {node: i for i, members in enumerate(found) for node in members}
    groups: dict[object, set[str]] = defaultdict(set)
    for node in nodes:
        anchor = node
        while anchor in joins:
            anchor = joins[anchor]
        groups[group_of.get(anchor, anchor)].add(node)
    return _ordered(groups.values())


def _core(adjacency: dict[str, dict[str, int]]) -> nx.Graph:
    # The nodes left with a neighbour, and their edges, in the order nx.Graph's node and edge
    # views would list them. A graph of its own, not a subgraph view: a subgraph view of fewer
    # than half the nodes lists them in the order of a Python set of strings, which changes
    # from one process to the next (hash randomisation), and Louvain's moves follow node order.
    core: nx.Graph = nx.Graph()
    core.add_nodes_from(node for node, neighbours in adjacency.items() if neighbours)
    seen: set[str] = set()
    edges: list[tuple[str, str, dict[str, int]]] = []
    for node, neighbours in adjacency.items():
        edges.extend(
            (node, other, {"weight": weight})
            for other, weight in neighbours.items()
            if other not in seen
        )
        seen.add(node)
    core.add_edges_from(edges)
    return core


def _peel_leaves(adjacency: dict[str, dict[str, int]]) -> dict[str, str]:
    # Removes edges of degree-one nodes until none is left (trees hanging off the core fold
    # onto their root); returns each peeled node's neighbour. A pair linked only to each other
    # ends as one isolated node with the other joined to it.
    joins: dict[str, str] = {}
    leaves = sorted(node for node, neighbours in adjacency.items() if len(neighbours) == 1)
    while leaves:
        upward: list[str] = []
        for leaf in leaves:
            neighbours = adjacency[leaf]
            if len(neighbours) != 1:
                continue  # its last neighbour was peeled first
            (neighbour,) = neighbours
            joins[leaf] = neighbour
            del neighbours[neighbour], adjacency[neighbour][leaf]
            if len(adjacency[neighbour]) == 1:
                upward.append(neighbour)
        leaves = sorted(upward)
    return joins


def components(g: nx.MultiDiGraph) -> list[frozenset[str]]:
    """Return the weakly connected components, largest first, ties by smallest IRI."""
    return _ordered(nx.weakly_connected_components(g))
