"""`kg push` round trips to a real OpenLink Virtuoso, checked with SPARQL against Virtuoso.

Needs Debian's virtuoso-opensource (`make system-deps` installs it); skipped, saying so,
where /usr/bin/virtuoso-t is absent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

import kg.cli_push  # noqa: F401 - registers `kg push` until kg/cli.py imports it
from kg.cli import app
from kg.push import CORPUS_GRAPH, STATE_GRAPH, Action, PushAuth, push_graph
from tests.service.virtuoso import PASSWORD, USER, Virtuoso, missing_reason, run_virtuoso

pytestmark = [pytest.mark.slow, pytest.mark.virtuoso]
DBA = PushAuth(user=USER, password=PASSWORD)
GRAPHS = "https://w3id.org/kg/graph/"
SCOPES = GRAPHS + "scope/"
EXTRA = (
    "https://w3id.org/kg/graph/doc/news%2Fzürich-extra.txt"  # an encoded / and a non-ASCII letter
)


@pytest.fixture(scope="module")
def virtuoso_server(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Virtuoso]:
    reason = missing_reason()
    if reason is not None:
        pytest.skip(reason)
    # The seed build overlaps Virtuoso's start-up: both take several seconds.
    with run_virtuoso(
        tmp_path_factory.mktemp("virtuoso"),
        meanwhile=lambda: request.getfixturevalue("seed_graph_dir"),
    ) as server:
        yield server


@pytest.fixture
def virtuoso(virtuoso_server: Virtuoso) -> Virtuoso:
    """The module's server, emptied of kg's graphs."""
    virtuoso_server.drop_graphs()
    return virtuoso_server


def local_counts(graph_dir: Path) -> dict[str, int]:
    """Count triples per graph straight from the store (the default graph counts as corpus)."""
    store = ox.Store.read_only(str(graph_dir / "store"))
    counts: dict[str, set[ox.Triple]] = {}
    for quad in store.quads_for_pattern(None, None, None, None):
        graph = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else None
        counts.setdefault(graph or CORPUS_GRAPH, set()).add(quad.triple)
    return {graph: len(triples) for graph, triples in counts.items()}


def copy_store(source: Path, target: Path, extra: list[ox.Quad]) -> Path:
    """Copy a built store to target/store and add `extra` quads."""
    target.mkdir(parents=True)
    store = ox.Store(str(target / "store"))
    store.bulk_extend(ox.Store.read_only(str(source / "store")).quads_for_pattern(None, None, None))
    store.extend(extra)
    store.flush()
    del store
    return target


def fact(graph: str, text: str) -> ox.Quad:
    subject = ox.NamedNode("https://w3id.org/kg/statement/push-test")
    predicate = ox.NamedNode("https://w3id.org/kg/ns#evidence")
    return ox.Quad(subject, predicate, ox.Literal(text), ox.NamedNode(graph))


def test_push_seed_counts_match_virtuoso(virtuoso: Virtuoso, seed_graph_dir: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["push", virtuoso.gsp_url, "--graph", str(seed_graph_dir)],
        env={"KG_PUSH_USER": USER, "KG_PUSH_PASSWORD": PASSWORD, "KG_PUSH_TOKEN": None},
    )
    assert result.exit_code == 0, result.output
    expected = local_counts(seed_graph_dir)
    remote = virtuoso.triples_by_graph()
    state = remote.pop(STATE_GRAPH)
    assert remote == expected
    assert state == len(expected)  # one content hash per graph
    assert virtuoso.total_triples() - state == sum(expected.values())
    assert re.search(rf"graphs sent\s+│\s+{len(expected)}\s+│", result.output), result.output


def test_push_seed_again_sends_nothing(virtuoso: Virtuoso, seed_graph_dir: Path) -> None:
    first = push_graph(seed_graph_dir, virtuoso.gsp_url, auth=DBA, timeout=30)
    second = push_graph(seed_graph_dir, virtuoso.gsp_url, auth=DBA, timeout=30)
    assert first.count(Action.SENT) == len(first.graphs) > 0
    assert second.count(Action.UNCHANGED) == len(second.graphs) == len(first.graphs)
    assert second.triples_sent == 0
    remote = virtuoso.triples_by_graph()
    remote.pop(STATE_GRAPH)
    assert remote == local_counts(seed_graph_dir)


def test_push_change_sends_only_changed_graphs(
    virtuoso: Virtuoso, seed_graph_dir: Path, tmp_path: Path
) -> None:
    before = copy_store(seed_graph_dir, tmp_path / "v1", [fact(EXTRA, "one more document")])
    push_graph(before, virtuoso.gsp_url, auth=DBA, timeout=30)
    assert virtuoso.triples_by_graph()[EXTRA] == 1
    # v2: the extra document is gone and the corpus graph has one more triple.
    after = copy_store(seed_graph_dir, tmp_path / "v2", [fact(CORPUS_GRAPH, "a changed corpus")])
    report = push_graph(after, virtuoso.gsp_url, auth=DBA, timeout=30)
    actions = {g.iri: g.action for g in report.graphs}
    unchanged = set(local_counts(seed_graph_dir)) - {CORPUS_GRAPH}
    assert actions == {
        CORPUS_GRAPH: Action.SENT,
        EXTRA: Action.DELETED,
        **{iri: Action.UNCHANGED for iri in unchanged},
    }
    remote = virtuoso.triples_by_graph()
    remote.pop(STATE_GRAPH)
    assert EXTRA not in remote
    assert remote == local_counts(after)
    assert report.triples_sent == local_counts(after)[CORPUS_GRAPH]


def test_push_wrong_password_is_refused(virtuoso: Virtuoso, seed_graph_dir: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["push", virtuoso.gsp_url, "--graph", str(seed_graph_dir)],
        env={"KG_PUSH_USER": USER, "KG_PUSH_PASSWORD": "not-the-password", "KG_PUSH_TOKEN": None},
    )
    assert result.exit_code == 1
    assert f"error: GET {virtuoso.gsp_url}?graph=" in result.output
    assert "HTTP 401 Unauthorized" in result.output and "refused the credentials" in result.output
    assert "not-the-password" not in result.output and "Traceback" not in result.output
    assert virtuoso.triples_by_graph() == {}


def test_push_anonymous_write_is_forbidden(virtuoso: Virtuoso, seed_graph_dir: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["push", virtuoso.open_gsp_url, "--graph", str(seed_graph_dir)],
        env={"KG_PUSH_USER": None, "KG_PUSH_PASSWORD": None, "KG_PUSH_TOKEN": None},
    )
    assert result.exit_code == 1
    assert "HTTP 403 Forbidden" in result.output and "Permission denied" in result.output
    assert "/sparql-graph-crud-auth" in result.output  # the hint points at the login endpoint
    assert virtuoso.triples_by_graph() == {}


def test_missing_virtuoso_skip_names_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.service import virtuoso

    monkeypatch.setattr(virtuoso, "BINARY", tmp_path / "virtuoso-t")
    reason = missing_reason()
    assert reason is not None and "virtuoso-opensource" in reason and "make system-deps" in reason
    monkeypatch.setattr(virtuoso, "BINARY", Path("/bin/sh"))
    assert missing_reason() is None


def test_two_scoped_builds_share_virtuoso_and_keep_their_counts(
    virtuoso: Virtuoso, seed_graph_dir: Path, tmp_path: Path
) -> None:
    other = copy_store(seed_graph_dir, tmp_path / "other", [fact(EXTRA, "only in the other")])
    push_graph(seed_graph_dir, virtuoso.gsp_url, auth=DBA, timeout=30, scope="seed")
    push_graph(other, virtuoso.gsp_url, auth=DBA, timeout=30, scope="other")
    for scope, built in (("seed", seed_graph_dir), ("other", other)):
        prefix = f"{SCOPES}{scope}/"
        remote = virtuoso.triples_by_graph(prefix)
        state = remote.pop(prefix + "push-state")
        expected = {prefix + g.removeprefix(GRAPHS): n for g, n in local_counts(built).items()}
        assert remote == expected
        assert state == len(expected)
    # Emptying one scope leaves the other as it was.
    empty = tmp_path / "empty"
    empty.mkdir()
    ox.Store(str(empty / "store")).flush()
    push_graph(empty, virtuoso.gsp_url, auth=DBA, timeout=30, scope="other")
    assert virtuoso.triples_by_graph(f"{SCOPES}other/") == {}
    assert len(virtuoso.triples_by_graph(f"{SCOPES}seed/")) == len(local_counts(seed_graph_dir)) + 1
