"""Push a built graph to a SPARQL 1.1 Graph Store HTTP Protocol endpoint.

Runs after `kg build`: reads OUTPUT/store and writes nothing locally. Each named graph of the
store (one per document, one for the corpus) is sent with `PUT {url}?graph={iri}`. Only what
changed is sent: a state graph on the server itself records the content hash of every graph
pushed, so a push from any machine knows what the server holds. The state is written last, so
an interrupted push is redone next time, never skipped. A push with a scope keeps its graphs,
and its state, under a name of their own, so the builds of several corpora or shards can share
one server. Must not import spaCy.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

import httpx
import pyoxigraph as ox

from kg.errors import ExportError
from kg.export.rdf import sorted_lines
from kg.push_http import GraphStoreClient, PushAuth
from kg.store import STORE_DIR, open_graph, oxigraph_of
from kg.vocab import BASE, KG
from kg.vocab import CORPUS_GRAPH as _CORPUS_GRAPH

__all__ = [
    "CORPUS_GRAPH",
    "STATE_GRAPH",
    "Action",
    "GraphPush",
    "LocalGraph",
    "PushAuth",
    "PushReport",
    "auth_from_env",
    "content_hash",
    "plan_push",
    "push_graph",
    "read_local_graphs",
    "render_graph",
    "scoped_graph",
    "state_graph",
]

log = logging.getLogger(__name__)

CORPUS_GRAPH = str(_CORPUS_GRAPH)
STATE_GRAPH = BASE + "graph/push-state"
_CONTENT_HASH = ox.NamedNode(str(KG.contentHash))
_GRAPHS = BASE + "graph/"
_SCOPES = _GRAPHS + "scope/"  # no unscoped graph is named under it: documents are under doc/
_SCOPE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


class Action(StrEnum):
    """What a push did (or, in a dry run, would do) with one graph."""

    SENT = "sent"
    UNCHANGED = "unchanged"
    DELETED = "deleted"


@dataclass(frozen=True, slots=True)
class LocalGraph:
    """One named graph of the local store, rendered as canonical (sorted) N-Triples."""

    iri: str
    body: bytes
    triples: int

    @property
    def digest(self) -> str:
        return content_hash(self.body)


@dataclass(frozen=True, slots=True)
class GraphPush:
    """One graph's fate in a push; `triples` is what was sent (0 when nothing was)."""

    iri: str
    action: Action
    triples: int = 0


@dataclass(frozen=True, slots=True)
class PushReport:
    """What a push sent, kept and deleted."""

    url: str
    graphs: tuple[GraphPush, ...]
    dry_run: bool = False

    def count(self, action: Action) -> int:
        """Return how many graphs had `action`."""
        return sum(1 for g in self.graphs if g.action is action)

    @property
    def triples_sent(self) -> int:
        return sum(g.triples for g in self.graphs if g.action is Action.SENT)


def auth_from_env(environ: Mapping[str, str]) -> PushAuth | None:
    """Return the credentials set in KG_PUSH_USER + KG_PUSH_PASSWORD, or KG_PUSH_TOKEN.

    Raises:
        ExportError: only one of user and password is set, or both a token and a user are.

    >>> auth_from_env({"KG_PUSH_TOKEN": "t0k"}) == PushAuth(token="t0k")
    True
    >>> auth_from_env({}) is None
    True
    """
    user = environ.get("KG_PUSH_USER") or None
    password = environ.get("KG_PUSH_PASSWORD") or None
    token = environ.get("KG_PUSH_TOKEN") or None
    hint = "set KG_PUSH_USER and KG_PUSH_PASSWORD for a login, or KG_PUSH_TOKEN for a bearer token"
    if (user is None) != (password is None):
        missing = "KG_PUSH_PASSWORD" if password is None else "KG_PUSH_USER"
        raise ExportError(f"{missing} is not set but its partner is", hint=hint)
    if token is not None and user is not None:
        raise ExportError("both KG_PUSH_TOKEN and KG_PUSH_USER are set; use one", hint=hint)
    if token is not None:
        return PushAuth(token=token)
    if user is not None and password is not None:
        return PushAuth(user=user, password=password)
    return None


def render_graph(triples: Iterable[ox.Triple]) -> LocalGraph:
    """Render triples as sorted, duplicate-free N-Triples lines (the IRI is left empty).

    Sorting makes the bytes, and so the content hash, independent of the store's order.

    >>> s, p = ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p")
    >>> graph = render_graph([ox.Triple(s, p, ox.Literal("b")), ox.Triple(s, p, ox.Literal("a"))])
    >>> graph.body.decode()
    '<http://x/s> <http://x/p> "a" .\\n<http://x/s> <http://x/p> "b" .\\n'
    """
    return _canonical("", [ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) or b""])


def _canonical(iri: str, texts: Iterable[bytes]) -> LocalGraph:
    lines = sorted({line for text in texts for line in text.split(b"\n") if line.strip()})
    return LocalGraph(iri=iri, body=b"".join(line + b"\n" for line in lines), triples=len(lines))


def content_hash(body: bytes) -> str:
    """Return the hash the state graph records for a graph's canonical N-Triples.

    >>> content_hash(b"")
    'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
    """
    return "sha256:" + hashlib.sha256(body).hexdigest()


def read_local_graphs(graph_dir: Path) -> list[LocalGraph]:
    """Read every graph `kg build` wrote to graph_dir/store, sorted by IRI.

    Quads in the default graph (stores built before graphs were split per document) are
    pushed as the corpus graph, since the protocol's default graph is not ours to replace.

    Raises:
        StoreError: there is no built graph in graph_dir.
        ExportError: the store holds a graph with the state graph's IRI.
    """
    store = oxigraph_of(open_graph(graph_dir))
    sources: dict[str, list[ox.NamedNode | ox.DefaultGraph]] = {}
    for name in store.named_graphs():
        if isinstance(name, ox.NamedNode):
            sources.setdefault(name.value, []).append(name)
    if next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
        sources.setdefault(CORPUS_GRAPH, []).append(ox.DefaultGraph())
    if STATE_GRAPH in sources:
        raise ExportError(f"{graph_dir / STORE_DIR}: holds <{STATE_GRAPH}>, kg push's own graph")
    graphs = []
    for iri in sorted(sources):
        lines = [line for name in sources[iri] for line in sorted_lines(store, name)]
        graph = _canonical(iri, [b"\n".join(lines)])
        if graph.triples:
            graphs.append(graph)
    return graphs


def scoped_graph(iri: str, scope: str | None) -> str:
    """Return the name a graph of the build gets on the server when pushed with `scope`.

    Raises:
        ExportError: the scope is not a short name of letters, digits, ".", "_" and "-", or
            the graph is not one of kg's.

    >>> scoped_graph("https://w3id.org/kg/graph/doc/a.txt", "wires-2005")
    'https://w3id.org/kg/graph/scope/wires-2005/doc/a.txt'
    >>> scoped_graph("https://w3id.org/kg/graph/corpus", None)
    'https://w3id.org/kg/graph/corpus'
    """
    if scope is None:
        return iri
    if not _SCOPE_NAME.fullmatch(scope):
        raise ExportError(
            f"bad push scope {scope!r}",
            hint="name it with up to 64 letters, digits, '.', '_' or '-', starting with one of"
            " the first two",
        )
    if not iri.startswith(_GRAPHS) or iri.startswith(_SCOPES):
        raise ExportError(f"<{iri}> is not a graph kg built, so it cannot be scoped")
    return f"{_SCOPES}{scope}/{iri[len(_GRAPHS) :]}"


def state_graph(scope: str | None) -> str:
    """Return the name of the graph that records what was pushed with `scope`."""
    return STATE_GRAPH if scope is None else scoped_graph(STATE_GRAPH, scope)


def plan_push(
    local: Iterable[LocalGraph], remote: Mapping[str, str], *, force: bool = False
) -> list[GraphPush]:
    """Decide what to send: new or changed graphs, and the remote graphs gone locally.

    Args:
        local: the graphs to push.
        remote: graph IRI -> content hash, as the server's state graph records them.
        force: send every local graph, even one the state says is unchanged.

    >>> a = LocalGraph("http://g/a", b"x\\n", 1)
    >>> [(g.iri, g.action.value) for g in plan_push([a], {"http://g/b": "sha256:0"})]
    [('http://g/a', 'sent'), ('http://g/b', 'deleted')]
    >>> plan_push([a], {"http://g/a": a.digest})[0].action.value
    'unchanged'
    """
    plan = []
    names = set()
    for graph in local:
        names.add(graph.iri)
        if not force and remote.get(graph.iri) == graph.digest:
            plan.append(GraphPush(graph.iri, Action.UNCHANGED))
        else:
            plan.append(GraphPush(graph.iri, Action.SENT, graph.triples))
    plan.extend(GraphPush(iri, Action.DELETED) for iri in sorted(set(remote) - names))
    return plan


def push_graph(
    graph_dir: Path,
    url: str,
    *,
    auth: PushAuth | None,
    timeout: float = 60.0,
    dry_run: bool = False,
    force: bool = False,
    scope: str | None = None,
    transport: httpx.BaseTransport | None = None,
) -> PushReport:
    """Send the graph in graph_dir to a Graph Store Protocol endpoint, replacing what changed.

    Args:
        graph_dir: the folder `kg build` wrote.
        url: the endpoint, e.g. `http://localhost:8890/sparql-graph-crud-auth`.
        auth: credentials (see `auth_from_env`), or None for an open endpoint.
        timeout: seconds to wait for each request.
        dry_run: read the server's state and plan, but change nothing.
        force: send every graph, as if the server held none of them.
        scope: push under this name (`graph/scope/NAME/...`, with a state of its own), apart
            from what other builds pushed; None pushes kg's graph names as they are.
        transport: an httpx transport to use instead of the network (tests).

    Raises:
        StoreError: there is no built graph in graph_dir.
        ExportError: the endpoint is unreachable or refused a request; the message names
            the request, the HTTP status and the server's own words.
    """
    state = state_graph(scope)  # a bad scope fails before any request
    # The client checks the URL first: a typo fails before the store is read.
    with GraphStoreClient(url, auth=auth, timeout=timeout, transport=transport) as client:
        local = [replace(g, iri=scoped_graph(g.iri, scope)) for g in read_local_graphs(graph_dir)]
        remote = _read_state(client, state)
        plan = plan_push(local, remote, force=force)
        if not dry_run:
            bodies = {graph.iri: graph.body for graph in local}
            for step in plan:
                if step.action is Action.SENT:
                    client.put(step.iri, bodies[step.iri])
                elif step.action is Action.DELETED:
                    client.delete(step.iri)
            if not local:
                if remote:  # an empty PUT body is not accepted everywhere: drop the state
                    client.delete(state)
            elif any(step.action is not Action.UNCHANGED for step in plan):
                client.put(state, _render_state(local))
    log.info("push to %s: %d graph(s) planned", client.url, len(plan))
    return PushReport(url=client.url, graphs=tuple(plan), dry_run=dry_run)


def _read_state(client: GraphStoreClient, state: str) -> dict[str, str]:
    fetched = client.get(state)
    if fetched is None:  # never pushed to, or the state was dropped: every graph is new
        return {}
    body, fmt = fetched
    try:
        quads = ox.parse(body, format=fmt)
        return {
            quad.subject.value: quad.object.value
            for quad in quads
            if quad.predicate == _CONTENT_HASH
            and isinstance(quad.subject, ox.NamedNode)
            and isinstance(quad.object, ox.Literal)
        }
    except SyntaxError as exc:
        raise ExportError(
            f"{client.url}: cannot read the push state graph <{state}> ({exc})",
            hint="drop that graph on the server to push everything again",
        ) from exc


def _render_state(local: Iterable[LocalGraph]) -> bytes:
    triples = (
        ox.Triple(ox.NamedNode(graph.iri), _CONTENT_HASH, ox.Literal(graph.digest))
        for graph in local
    )
    return render_graph(triples).body
