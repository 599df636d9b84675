"""`kg push` against an in-process Graph Store: the diff logic, the state graph and auth."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from kg.errors import ExportError, StoreError
from kg.push import (
    CORPUS_GRAPH,
    STATE_GRAPH,
    Action,
    PushAuth,
    auth_from_env,
    push_graph,
    read_local_graphs,
)
from tests.service.gsp_fake import Basic, Bearer, Digest, FakeGraphStore

DOC = "https://w3id.org/kg/graph/doc/"
URL = "http://gsp.test/store"
Graphs = Mapping[str | None, list[tuple[str, str]]]  # graph (None: default) -> (subject, text)


def write_graphs(out: Path, graphs: Graphs) -> Path:
    """Write a store like `kg build` does: `out/store`, one named graph per key."""
    out.mkdir(parents=True)
    store = ox.Store(str(out / "store"))
    pred = ox.NamedNode("https://w3id.org/kg/ns#evidence")
    for graph, rows in graphs.items():
        name = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
        for subject, text in rows:
            store.add(
                ox.Quad(
                    ox.NamedNode(f"https://w3id.org/kg/{subject}"), pred, ox.Literal(text), name
                )
            )
    store.flush()
    del store  # closes the database so it can be opened read-only
    return out


def three_docs(tmp_path: Path) -> Path:
    return write_graphs(
        tmp_path / "v1",
        {
            CORPUS_GRAPH: [("entity/a", "A"), ("entity/b", "B")],
            DOC + "a.txt": [("statement/1", 'she said "no"\nthen left'), ("doc/a", "a")],
            DOC + "b.txt": [("statement/2", "zürich")],
            DOC + "c.txt": [("statement/3", "c")],
        },
    )


def server_lines(store: FakeGraphStore) -> dict[str, int]:
    return {g: len(lines) for g, lines in store.graphs.items() if g != STATE_GRAPH}


def local_lines(graph_dir: Path) -> dict[str, int]:
    return {g.iri: g.triples for g in read_local_graphs(graph_dir)}


def push(graph_dir: Path, server: FakeGraphStore, **kw: object) -> tuple[Action, ...]:
    report = push_graph(graph_dir, URL, transport=server.transport(), **kw)  # type: ignore[arg-type]
    return tuple(g.action for g in report.graphs)


def test_push_first_time_sends_every_graph_and_records_hashes(tmp_path: Path) -> None:
    graph_dir = three_docs(tmp_path)
    server = FakeGraphStore()
    report = push_graph(graph_dir, URL, auth=None, transport=server.transport())
    assert report.count(Action.SENT) == 4 and report.triples_sent == 6
    assert server_lines(server) == local_lines(graph_dir)
    assert server.sent("PUT")[-1] == STATE_GRAPH  # the state goes last
    state = {line.split(b" ")[0].decode() for line in server.graphs[STATE_GRAPH]}
    assert state == {f"<{g}>" for g in local_lines(graph_dir)}
    local = {g.iri: g.digest for g in read_local_graphs(graph_dir)}
    assert all(f'"{d}"'.encode() in b"".join(server.graphs[STATE_GRAPH]) for d in local.values())


def test_push_again_unchanged_sends_nothing(tmp_path: Path) -> None:
    graph_dir = three_docs(tmp_path)
    server = FakeGraphStore()
    push(graph_dir, server, auth=None)
    server.requests.clear()
    assert push(graph_dir, server, auth=None) == (Action.UNCHANGED,) * 4
    assert [(r.method, r.graph) for r in server.requests] == [("GET", STATE_GRAPH)]


def test_push_sends_only_changed_and_deletes_removed(tmp_path: Path) -> None:
    server = FakeGraphStore()
    push(three_docs(tmp_path), server, auth=None)
    server.requests.clear()
    changed = write_graphs(
        tmp_path / "v2",
        {
            CORPUS_GRAPH: [("entity/a", "A"), ("entity/b", "B")],  # same
            DOC + "a.txt": [("statement/1", 'she said "no"\nthen left'), ("doc/a", "a")],  # same
            DOC + "b.txt": [("statement/2", "Zürich")],  # changed
            DOC + "d.txt": [("statement/4", "d")],  # new; c.txt is gone
        },
    )
    report = push_graph(changed, URL, auth=None, transport=server.transport())
    actions = {g.iri: g.action for g in report.graphs}
    assert actions == {
        CORPUS_GRAPH: Action.UNCHANGED,
        DOC + "a.txt": Action.UNCHANGED,
        DOC + "b.txt": Action.SENT,
        DOC + "d.txt": Action.SENT,
        DOC + "c.txt": Action.DELETED,
    }
    assert server.sent("PUT") == [DOC + "b.txt", DOC + "d.txt", STATE_GRAPH]
    assert server.sent("DELETE") == [DOC + "c.txt"]
    assert server_lines(server) == local_lines(changed)
    assert push(changed, server, auth=None) == (Action.UNCHANGED,) * 4


def test_push_interrupted_is_redone_next_time(tmp_path: Path) -> None:
    server = FakeGraphStore(fail={("PUT", DOC + "b.txt")})
    graph_dir = three_docs(tmp_path)
    with pytest.raises(ExportError) as failure:
        push(graph_dir, server, auth=None)
    message = str(failure.value)
    assert f"PUT {URL}?graph={DOC}b.txt: HTTP 500" in message and "disk full" in message
    assert "<" not in message and "Oops" not in message  # the HTML page is reduced to its text
    assert STATE_GRAPH not in server.graphs  # so nothing is taken as already pushed
    server.fail.clear()
    assert push(graph_dir, server, auth=None) == (Action.SENT,) * 4
    assert server_lines(server) == local_lines(graph_dir)


def test_push_dry_run_reads_state_and_changes_nothing(tmp_path: Path) -> None:
    graph_dir = three_docs(tmp_path)
    server = FakeGraphStore()
    report = push_graph(graph_dir, URL, auth=None, dry_run=True, transport=server.transport())
    assert report.dry_run and report.count(Action.SENT) == 4 and report.triples_sent == 6
    assert server.graphs == {} and [r.method for r in server.requests] == ["GET"]


def test_push_force_resends_unchanged(tmp_path: Path) -> None:
    graph_dir = three_docs(tmp_path)
    server = FakeGraphStore()
    push(graph_dir, server, auth=None)
    server.graphs[DOC + "a.txt"] = set()  # someone emptied it behind kg's back
    assert push(graph_dir, server, auth=None, force=True) == (Action.SENT,) * 4
    assert server_lines(server) == local_lines(graph_dir)


def test_push_default_graph_store_goes_to_corpus_graph(tmp_path: Path) -> None:
    graph_dir = write_graphs(
        tmp_path / "old",
        {None: [("entity/a", "A"), ("entity/b", "B")], CORPUS_GRAPH: [("entity/c", "C")]},
    )
    server = FakeGraphStore()
    push(graph_dir, server, auth=None)
    assert server_lines(server) == {CORPUS_GRAPH: 3}


def test_push_empty_store_drops_everything_pushed(tmp_path: Path) -> None:
    server = FakeGraphStore()
    push(three_docs(tmp_path), server, auth=None)
    empty = write_graphs(tmp_path / "empty", {})
    assert push(empty, server, auth=None) == (Action.DELETED,) * 4
    assert server.graphs == {}


GRAPHS = "https://w3id.org/kg/graph/"
SCOPES = GRAPHS + "scope/"


def test_scoped_pushes_of_two_builds_keep_each_other_on_the_server(tmp_path: Path) -> None:
    server = FakeGraphStore()
    first = three_docs(tmp_path)
    other = write_graphs(
        tmp_path / "other", {CORPUS_GRAPH: [("entity/z", "Z")], DOC + "a.txt": [("doc/z", "z")]}
    )
    push(first, server, auth=None)  # unscoped, as before scopes existed
    assert push(first, server, auth=None, scope="wires") == (Action.SENT,) * 4
    assert push(other, server, auth=None, scope="blogs") == (Action.SENT,) * 2
    graphs = {g: n for g, n in server_lines(server).items() if not g.endswith("/push-state")}
    assert {g: n for g, n in graphs.items() if g.startswith(SCOPES + "blogs/")} == {
        SCOPES + "blogs/corpus": 1,
        SCOPES + "blogs/doc/a.txt": 1,
    }
    wires = {g.removeprefix(SCOPES + "wires/"): n for g, n in graphs.items() if "/wires/" in g}
    built = {g.removeprefix(GRAPHS): n for g, n in local_lines(first).items()}
    assert wires == built
    assert {g: n for g, n in graphs.items() if not g.startswith(SCOPES)} == local_lines(first)
    assert {SCOPES + "wires/push-state", SCOPES + "blogs/push-state", STATE_GRAPH} <= set(
        server.graphs
    )
    # Pushing one scope again only ever touches that scope's graphs.
    server.requests.clear()
    empty = write_graphs(tmp_path / "empty", {})
    assert push(empty, server, auth=None, scope="blogs") == (Action.DELETED,) * 2
    assert all("/blogs/" in r.graph for r in server.requests)
    assert push(first, server, auth=None, scope="wires") == (Action.UNCHANGED,) * 4


@pytest.mark.parametrize("scope", ["", "a/b", "-x", "x y", "é", "a" * 65])
def test_a_bad_scope_fails_before_any_request(tmp_path: Path, scope: str) -> None:
    server = FakeGraphStore()
    with pytest.raises(ExportError, match="bad push scope"):
        push(three_docs(tmp_path), server, auth=None, scope=scope)
    assert server.requests == []


def test_push_missing_graph_dir_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no graph store"):
        push_graph(tmp_path / "nope", URL, auth=None, transport=FakeGraphStore().transport())


def test_push_bearer_token_is_sent_on_every_request(tmp_path: Path) -> None:
    server = FakeGraphStore(login=Bearer("t0k"))
    push(three_docs(tmp_path), server, auth=PushAuth(token="t0k"))
    assert {r.authorization for r in server.requests} == {"Bearer t0k"}
    assert len(server.sent("PUT")) == 5


def test_push_wrong_token_names_status_and_hides_secret(tmp_path: Path) -> None:
    server = FakeGraphStore(login=Bearer("t0k"))
    with pytest.raises(ExportError) as failure:
        push(three_docs(tmp_path), server, auth=PushAuth(token="s3cret-guess"))
    assert "HTTP 401" in str(failure.value) and "bad or missing token" in str(failure.value)
    assert "s3cret" not in str(failure.value) and "s3cret" not in (failure.value.hint or "")
    assert "KG_PUSH_TOKEN" in (failure.value.hint or "")


def test_push_basic_answers_challenge_and_then_sends_preemptively(tmp_path: Path) -> None:
    server = FakeGraphStore(login=Basic("ann", "pw:1"))
    push(three_docs(tmp_path), server, auth=PushAuth(user="ann", password="pw:1"))
    expected = "Basic " + base64.b64encode(b"ann:pw:1").decode()
    assert server.requests[0].authorization is None  # no password before the server asks
    assert {r.authorization for r in server.requests[1:]} == {expected}
    assert len(server.requests) == 1 + 1 + 5  # one challenged GET, then one try per request


def test_push_digest_answers_challenge_like_virtuoso(tmp_path: Path) -> None:
    server = FakeGraphStore(login=Digest("dba", "dba"))
    graph_dir = three_docs(tmp_path)
    push(graph_dir, server, auth=PushAuth(user="dba", password="dba"))
    assert server_lines(server) == local_lines(graph_dir)
    assert all(
        r.authorization.startswith("Digest ") for r in server.requests[1:] if r.authorization
    )


def test_push_wrong_password_is_a_clear_error(tmp_path: Path) -> None:
    server = FakeGraphStore(login=Digest("dba", "dba"))
    with pytest.raises(ExportError) as failure:
        push(three_docs(tmp_path), server, auth=PushAuth(user="dba", password="wrong"))
    assert f"GET {URL}?graph={STATE_GRAPH}: HTTP 401 Unauthorized" in str(failure.value)
    assert "refused the credentials" in (failure.value.hint or "")
    assert server.graphs == {}


def test_push_without_credentials_hints_at_the_variables(tmp_path: Path) -> None:
    server = FakeGraphStore(login=Basic("ann", "pw"))
    with pytest.raises(ExportError) as failure:
        push(three_docs(tmp_path), server, auth=None)
    assert "KG_PUSH_USER" in (failure.value.hint or "")


def test_push_unreachable_server_names_the_url(tmp_path: Path) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Connection refused", request=request)

    with pytest.raises(ExportError, match=r"GET http://gsp.test/store\?graph=.*Connection refused"):
        push_graph(three_docs(tmp_path), URL, auth=None, transport=httpx.MockTransport(refuse))


@pytest.mark.parametrize("url", ["gsp.test/store", "ftp://gsp.test/", "http://", "http://[::1"])
def test_push_rejects_non_http_url(tmp_path: Path, url: str) -> None:
    with pytest.raises(ExportError, match="not an http"):
        push_graph(tmp_path / "never-read", url, auth=None)


def test_push_rejects_credentials_in_url(tmp_path: Path) -> None:
    with pytest.raises(ExportError) as failure:
        push_graph(tmp_path / "never-read", "http://ann:s3cret@gsp.test/x", auth=None)
    assert "s3cret" not in str(failure.value) and "KG_PUSH_PASSWORD" in str(failure.value)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, None),
        ({"KG_PUSH_USER": "ann", "KG_PUSH_PASSWORD": "pw"}, PushAuth(user="ann", password="pw")),
        ({"KG_PUSH_TOKEN": "t", "KG_PUSH_USER": ""}, PushAuth(token="t")),
    ],
)
def test_auth_from_env_reads_variables(env: dict[str, str], expected: PushAuth | None) -> None:
    assert auth_from_env(env) == expected


@pytest.mark.parametrize(
    "env",
    [
        {"KG_PUSH_USER": "ann"},
        {"KG_PUSH_PASSWORD": "pw"},
        {"KG_PUSH_USER": "ann", "KG_PUSH_PASSWORD": "pw", "KG_PUSH_TOKEN": "t"},
    ],
)
def test_auth_from_env_rejects_half_set_credentials(env: dict[str, str]) -> None:
    with pytest.raises(ExportError) as failure:
        auth_from_env(env)
    assert "pw" not in str(failure.value)


def test_push_auth_repr_hides_secrets() -> None:
    assert "pw" not in repr(PushAuth(user="ann", password="pw"))
    assert "tok" not in repr(PushAuth(token="tok"))


def test_push_state_url_answering_html_is_an_error(tmp_path: Path) -> None:
    def web_page(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Type": "text/html"}, content=b"<p>hi</p>")

    with pytest.raises(ExportError, match="answered 'text/html', not an RDF format"):
        push_graph(three_docs(tmp_path), URL, auth=None, transport=httpx.MockTransport(web_page))


def test_push_error_quotes_at_most_300_chars_of_the_server(tmp_path: Path) -> None:
    def verbose(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, content=("x" * 299 + "END" + "y" * 1000).encode())

    with pytest.raises(ExportError) as failure:
        push_graph(three_docs(tmp_path), URL, auth=None, transport=httpx.MockTransport(verbose))
    assert "HTTP 400 Bad Request: " + "x" * 299 + "E…" in str(failure.value)
    assert "y" not in str(failure.value).split("Bad Request")[1]
