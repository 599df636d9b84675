"""A force-directed layout for the HTML page's large graphs, computed in Python with NumPy.

networkx's spring_layout needs SciPy above 500 nodes (not a kg dependency) and its dense
version takes ~15 s on 2,000 nodes; this Fruchterman-Reingold variant uses float32 arrays,
gravity (so separate components stay on screen) and a fixed seed, and lays out 2,000 nodes
in about a second. Must not import pyvis, rdflib or spaCy.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

_SEED = 7
_GRAVITY = 1.0  # weak: holds separate components near, without squeezing the graph


def spring_positions(
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str]],
    *,
    spacing: float = 70.0,
) -> dict[str, tuple[int, int]]:
    """Return integer pixel positions for nodes, deterministic for the same input.

    Nodes join the simulation in growing stages (400, 1,000, then all), most important first;
    each new node starts at the centre of its placed neighbours. The early stages are cheap and
    fix the big picture, so the last, all-pairs stage needs only a few steps.

    Args:
        nodes: node ids, most important first (the order also seeds the start positions).
        edges: (source, target) pairs between those nodes; parallel pairs pull harder.
        spacing: roughly the pixel distance between neighbouring nodes.

    Returns:
        Each node's (x, y), centred on (0, 0).

    >>> pos = spring_positions(["a", "b", "c"], [("a", "b")])
    >>> sorted(pos) == ["a", "b", "c"] and pos == spring_positions(["a", "b", "c"], [("a", "b")])
    True
    """
    n = len(nodes)
    if n == 0:
        return {}
    at = {node: i for i, node in enumerate(nodes)}
    pairs = np.array([(at[u], at[v]) for u, v in edges if u != v], dtype=np.int64).reshape(-1, 2)
    neighbours: list[list[int]] = [[] for _ in range(n)]
    for u, v in pairs.tolist():
        neighbours[u].append(v)
        neighbours[v].append(u)
    k = np.float32(1.0 / np.sqrt(n))  # ideal edge length when n nodes fill the unit square
    rng = np.random.default_rng(_SEED)
    pos = np.zeros((n, 2), dtype=np.float32)
    placed = 0
    for size, iterations in _stages(n):
        side = float(np.sqrt(size / n))  # the square `size` nodes fill at their final density
        jitter = rng.random((size - placed, 2)).astype(np.float32)
        for i in range(placed, size):
            around = [j for j in neighbours[i] if j < i]
            if around:
                pos[i] = pos[around].mean(axis=0) + (jitter[i - placed] - 0.5) * k
            else:
                pos[i] = (jitter[i - placed] - 0.5) * side
        placed = size
        inner = pairs[(pairs < size).all(axis=1)]
        _simulate(pos[:size], inner, k, iterations=iterations, step=side / 8)
    pos -= pos.mean(axis=0)
    # Scale to a disc where each node has about spacing² of room: a uniform disc of radius R
    # has a root-mean-square radius of R / sqrt(2).
    rms = float(np.sqrt((pos * pos).sum(axis=1).mean())) or 1.0
    pos *= np.float32(spacing * np.sqrt(n / np.pi) / np.sqrt(2.0) / rms)
    return {
        node: (int(round(float(x))), int(round(float(y))))
        for node, (x, y) in zip(nodes, pos, strict=True)
    }


def _stages(n: int) -> list[tuple[int, int]]:
    # (nodes in the simulation, steps): cheap early stages, few costly all-pairs ones.
    stages = [(size, steps) for size, steps in ((400, 50), (1000, 25)) if size < n]
    return [*stages, (n, 50 if not stages else 15)]


def _simulate(
    pos: np.ndarray, pairs: np.ndarray, k: np.float32, *, iterations: int, step: float
) -> None:
    # Fruchterman-Reingold with linear cooling, plus gravity so separate components stay close.
    cool = step / (iterations + 1)
    for _ in range(iterations):
        disp = _repulsion(pos, k)
        if len(pairs):
            delta = pos[pairs[:, 0]] - pos[pairs[:, 1]]
            dist = np.sqrt((delta * delta).sum(axis=1, keepdims=True)) + np.float32(1e-6)
            pull = delta * (dist / k)
            np.add.at(disp, pairs[:, 0], -pull)
            np.add.at(disp, pairs[:, 1], pull)
        disp -= (pos - pos.mean(axis=0)) * np.float32(_GRAVITY)
        length = np.sqrt((disp * disp).sum(axis=1, keepdims=True)) + np.float32(1e-9)
        pos += disp / length * np.minimum(length, np.float32(step))
        step -= cool


def _repulsion(pos: np.ndarray, k: np.float32, block: int = 512) -> np.ndarray:
    # Every pair pushes apart with force k²/d. Rows go in blocks so the n×n temporaries stay
    # in cache-sized pieces instead of one 30 MB array per step; the blocks' arrays are made
    # once and written in place (the same float32 operations, so the same positions).
    n = len(pos)
    out = np.empty_like(pos)
    kk = k * k
    xs, ys = pos[None, :, 0], pos[None, :, 1]
    dx, dy, d2 = (np.empty((min(block, n), n), dtype=pos.dtype) for _ in range(3))
    for start in range(0, n, block):
        chunk = pos[start : start + block]
        bx, by, b2 = dx[: len(chunk)], dy[: len(chunk)], d2[: len(chunk)]
        np.subtract(chunk[:, None, 0], xs, out=bx)
        np.subtract(chunk[:, None, 1], ys, out=by)
        np.multiply(bx, bx, out=b2)
        b2 += by * by
        np.maximum(b2, np.float32(1e-6), out=b2)
        force = np.divide(kk, b2, out=b2)
        out[start : start + block, 0] = np.multiply(bx, force, out=bx).sum(axis=1)
        out[start : start + block, 1] = np.multiply(by, force, out=by).sum(axis=1)
    return out
