"""HTML exporter: Graph -> one self-contained, offline, explorable page (pyvis + vis-network).

pyvis builds the network; our own Jinja template (kg/export/templates/) renders it, because
pyvis's fetches vis-network, Bootstrap and tom-select from CDNs and turns tooltips into HTML.
vis-network's JS and CSS are inlined from pyvis's bundled copy. Every text from a document
travels as JSON in a <script type="application/json"> block and reaches the page through
textContent or vis-network's text tooltips, never as markup. Only this module imports pyvis.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from functools import cache
from importlib import resources
from typing import Any

import networkx as nx
from jinja2 import Environment, Template
from rdflib import Graph

from kg.analyze import to_networkx
from kg.errors import ExportError
from kg.export.layout import spring_positions
from kg.metrics import pagerank

_VIS = "lib/vis-9.1.2"
PHYSICS_LIMIT = 300  # above this many nodes the layout is computed in Python, physics off
# (colour, vis-network shape, legend glyph) by entity type, in legend order
TYPE_STYLE: dict[str, tuple[str, str, str]] = {
    "Person": ("#4e79a7", "dot", "\u25cf"),
    "Organization": ("#f28e2b", "square", "\u25a0"),
    "Place": ("#59a14f", "triangle", "\u25b2"),
    "Event": ("#e15759", "star", "\u2605"),
    "Product": ("#76b7b2", "diamond", "\u25c6"),
    "CreativeWork": ("#edc948", "triangleDown", "\u25bc"),
    "Legislation": ("#b07aa1", "hexagon", "\u2b22"),
    "Language": ("#9c755f", "triangleDown", "\u25bc"),
    "Group": ("#ff9da7", "diamond", "\u25c6"),
    "Concept": ("#8cd17d", "dot", "\u25cf"),
    "Thing": ("#bab0ac", "dot", "\u25cf"),
}
# (colour, dashes, width) by edge style
EDGE_STYLE: dict[str, tuple[str, bool | list[int], float]] = {
    "positive": ("#6b6b6b", False, 1.5),
    "role": ("#7b3fa0", False, 3.0),
    "negative": ("#d62728", [8, 5], 1.5),
    "hedged": ("#e69f00", [3, 4], 1.5),
}
_MAX_LABEL = 40
_MAX_EVIDENCE = 240


def render_html(
    graph: Graph,
    *,
    max_nodes: int = 2000,
    title: str = "kg",
    network: nx.MultiDiGraph | None = None,
) -> bytes:
    """Render a kg graph as a self-contained HTML page; the same graph gives the same bytes.

    Above `max_nodes` entities, only the top ones by PageRank are drawn, with the relations
    among them, and the page says how many are hidden. `network` is to_networkx(graph), when
    the caller has it already.

    Raises:
        ExportError: max_nodes is below 1, or the bundled page assets cannot be inlined.

    >>> render_html(Graph(), title="empty").rstrip().endswith(b"</html>")
    True
    """
    if max_nodes < 1:
        raise ExportError(f"max_nodes must be at least 1, not {max_nodes}")
    from pyvis.network import Network  # imported late: it pulls in IPython (half a second)

    g = network if network is not None else to_networkx(graph)
    ranks = pagerank(g)
    order = sorted(g.nodes, key=lambda n: (-ranks[n], n))
    shown = set(order[:max_nodes])
    every = list(g.edges(keys=True, data=True))  # networkx's number_of_edges() sums degrees
    kept = [e for e in every if e[0] in shown and e[1] in shown]
    fixed = len(shown) > PHYSICS_LIMIT or len(shown) < g.number_of_nodes()
    positions = spring_positions(
        [n for n in order if n in shown], [(e[0], e[1]) for e in kept]
    ) if fixed else {}  # fmt: skip
    top = max(ranks.values(), default=1.0) or 1.0
    net = Network(directed=True, heading=title)
    net.nodes = [_node(n, g.nodes[n], ranks[n], top, g, positions) for n in sorted(shown)]
    net.node_ids = [n["id"] for n in net.nodes]
    net.node_map = {n["id"]: n for n in net.nodes}
    net.edges = _edges(kept, dict(g.nodes(data="label")), fixed)
    net.options = _options(fixed, len(shown))
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    documents = g.graph["documents"]
    data = {
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
        "physics": not fixed,
        "documents": [{"id": d, "name": name} for d, name in sorted(documents.items())],
        "types": [
            {"name": t, "color": c, "glyph": glyph, "count": count}
            for t, (c, _shape, glyph) in TYPE_STYLE.items()
            if (count := sum(1 for n in net.nodes if n["type"] == t))
        ],
        "edgeStyles": {k: v[0] for k, v in EDGE_STYLE.items()},
    }
    hidden = (g.number_of_nodes() - len(shown), len(every) - len(kept))
    page = _template().render(
        title=title,
        data_json=script_json(data),
        counts=(len(shown), len(kept), len(documents)),
        hidden=hidden if hidden[0] else None,
        totals=(g.number_of_nodes(), len(every)),
        vis_css=_asset("pyvis", f"{_VIS}/vis-network.css", "</style"),
        vis_js=_asset("pyvis", f"{_VIS}/vis-network.min.js", "</script"),
        page_css=_asset("kg.export", "templates/page.css", "</style"),
        page_js=_asset("kg.export", "templates/page.js", "</script"),
    )
    return page.encode("utf-8")


class HtmlExporter:
    """The "html" export format: an offline page to explore the graph in a browser."""

    name = "html"
    suffix = ".html"

    def __init__(self, max_nodes: int = 2000, title: str = "kg") -> None:
        self.max_nodes = max_nodes
        self.title = title

    def render(self, graph: Graph) -> bytes:
        """Return the page's bytes (UTF-8)."""
        return render_html(graph, max_nodes=self.max_nodes, title=self.title)


def script_json(value: object) -> str:
    """Return JSON that is safe inside a <script> element: no <, >, & or line separators.

    >>> script_json({"a": "</script><b>&\\u2028"})
    '{"a":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026\\\\u2028"}'
    """
    text = json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    # ensure_ascii already escapes U+2028/2029; these three could end the element or open
    # a comment; JSON.parse turns the escapes back into the same characters.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _node(
    iri: str,
    attrs: dict[str, object],
    rank: float,
    top: float,
    g: nx.MultiDiGraph,
    positions: dict[str, tuple[int, int]],
) -> dict[str, object]:
    kind = str(attrs["type"])
    color, shape, _glyph = TYPE_STYLE.get(kind, TYPE_STYLE["Thing"])
    label = str(attrs["label"])
    alts = list(attrs["alt_labels"])  # type: ignore[call-overload]
    docs = list(attrs["documents"])  # type: ignore[call-overload]
    names = g.graph["documents"]
    tip = [label, kind]
    if alts:
        tip.append("also: " + _short(", ".join(alts), _MAX_EVIDENCE))
    if docs:
        shown = [names.get(d, d) for d in docs[:5]]
        more = f" and {len(docs) - 5} more" if len(docs) > 5 else ""
        tip.append("in: " + "; ".join(_short(s, 80) for s in shown) + more)
    node: dict[str, object] = {
        "id": iri,
        "label": _short(label, _MAX_LABEL),
        "fullLabel": label,
        "title": "\n".join(tip),
        "type": kind,
        "alt": alts,
        "docs": docs,
        "shape": shape,
        "color": color,
        "size": round(8 + 30 * math.sqrt(rank / top), 2),
        "rank": round(rank, 6),
        "degree": int(g.degree(iri)),
    }
    if iri in positions:
        node["x"], node["y"] = positions[iri]
    return node


_Edge = tuple[str, str, str, dict[str, Any]]


def _edges(kept: list[_Edge], label: dict[str, str], fixed: bool) -> list[dict[str, object]]:
    by_pair: dict[tuple[str, str], list[str]] = defaultdict(list)
    for u, v, key, _ in kept:
        by_pair[(min(u, v), max(u, v))].append(key)
    rank = {key: i for keys in by_pair.values() for i, key in enumerate(sorted(keys))}
    crowded = {key for keys in by_pair.values() if len(keys) > 1 for key in keys}
    out = []
    for u, v, key, a in sorted(kept, key=lambda e: e[2]):
        style = a["category"] if a["category"] != "positive" or not a["role"] else "role"
        color, dashes, width = EDGE_STYLE[style]
        text = ("not " if a["polarity"] == "negative" else "") + a["label"]
        if a["modality"]:
            text += f" ({a['modality']})"
        edge: dict[str, object] = {
            "id": key,
            "from": u,
            "to": v,
            "arrows": "to",
            "label": _short(text, _MAX_LABEL),
            "title": f"{label[u]} \u2192 {text} \u2192 {label[v]}\n"
            + _short(str(a["evidence"]), _MAX_EVIDENCE),
            "color": {"color": color, "highlight": color, "hover": color, "inherit": False},
            "dashes": dashes,
            "width": width,
            "category": a["category"],
            "role": a["role"],
            "relation": a["label"],
            "polarity": a["polarity"],
            "modality": a["modality"],
            "evidence": a["evidence"],
            "doc": a["document"],
        }
        i = rank[key]
        if u == v:  # parallel self-loops get growing circles
            edge["selfReference"] = {"size": 18 + 10 * i, "angle": round(0.6 * i, 2)}
        elif key in crowded:  # parallel edges between one pair: curves of growing roundness
            edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.1 + 0.15 * i}
        elif fixed:
            edge["smooth"] = False  # straight lines draw much faster on big graphs
        out.append(edge)
    return out


def _options(fixed: bool, count: int) -> dict[str, object]:
    physics: dict[str, object] = {"enabled": False}
    if not fixed:
        physics = {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -6000, "springLength": 140, "avoidOverlap": 0.3},
            "stabilization": {"enabled": True, "iterations": 300, "updateInterval": 25},
        }
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": count <= 100},
        "physics": physics,
        "nodes": {"font": {"size": 14, "face": "sans-serif"}, "borderWidth": 1},
        "edges": {
            "font": {"size": 11, "align": "top", "face": "sans-serif", "strokeWidth": 3},
            "smooth": {"enabled": not fixed, "type": "continuous", "roundness": 0.2},
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": fixed,
            "hideEdgesOnZoom": fixed,
            "multiselect": False,
        },
    }


@cache
def _asset(package: str, path: str, closer: str) -> str:
    text = resources.files(package).joinpath(path).read_text(encoding="utf-8")
    if closer in text.lower():
        # Inlined, the asset would end its own element early and spill into the page.
        raise ExportError(f"{package}/{path} contains {closer!r} and cannot be inlined")
    return text


@cache
def _template() -> Template:
    text = resources.files("kg.export").joinpath("templates/page.html").read_text("utf-8")
    return Environment(autoescape=True, keep_trailing_newline=True).from_string(text)
