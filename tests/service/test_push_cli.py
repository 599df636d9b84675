"""`kg push` on the command line, over real HTTP to the in-process Graph Store."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg.cli_push  # noqa: F401 - registers `kg push` until kg/cli.py imports it
from kg.cli import app
from kg.push import CORPUS_GRAPH, STATE_GRAPH
from tests.service.gsp_fake import Bearer, FakeGraphStore, serve_fake
from tests.service.test_push import DOC, write_graphs

NO_LOGIN = {"KG_PUSH_USER": None, "KG_PUSH_PASSWORD": None, "KG_PUSH_TOKEN": None}


@pytest.fixture
def graph_dir(tmp_path: Path) -> Path:
    return write_graphs(
        tmp_path / "out",
        {CORPUS_GRAPH: [("entity/a", "A")], DOC + "a.txt": [("statement/1", "x"), ("doc/a", "a")]},
    )


def kg_push(*args: str, env: dict[str, str | None] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["push", *args], env={**NO_LOGIN, **(env or {})})
    return result.exit_code, result.output


def test_cli_push_with_token_then_nothing_to_send(graph_dir: Path) -> None:
    server = FakeGraphStore(login=Bearer("s3cret"))
    with serve_fake(server) as url:
        code, out = kg_push(url, "--graph", str(graph_dir), env={"KG_PUSH_TOKEN": "s3cret"})
        assert code == 0, out
        assert f"pushed to {url}" in out and "s3cret" not in out
        assert "graphs sent      │   2" in out and "triples sent     │   3" in out
        assert set(server.graphs) == {CORPUS_GRAPH, DOC + "a.txt", STATE_GRAPH}
        code, out = kg_push(url, "-g", str(graph_dir), env={"KG_PUSH_TOKEN": "s3cret"})
    assert code == 0, out
    assert "graphs unchanged │   2" in out and "graphs sent      │   0" in out


def test_cli_push_dry_run_lists_changes_and_sends_nothing(graph_dir: Path) -> None:
    server = FakeGraphStore()
    with serve_fake(server) as url:
        code, out = kg_push(url, "-g", str(graph_dir), "--dry-run")
    assert code == 0, out
    assert "would be sent" in out and f"dry run: nothing was sent to {url}" in out
    assert server.graphs == {} and [r.method for r in server.requests] == ["GET"]


def test_cli_push_refused_token_exits_1_with_status(graph_dir: Path) -> None:
    server = FakeGraphStore(login=Bearer("right"))
    with serve_fake(server) as url:
        code, out = kg_push(url, "-g", str(graph_dir), env={"KG_PUSH_TOKEN": "wrong-guess"})
    assert code == 1
    assert f"error: GET {url}?graph={STATE_GRAPH}: HTTP 401" in out and "hint:" in out
    assert "wrong-guess" not in out and "Traceback" not in out


def test_cli_push_half_set_login_fails_before_any_request(graph_dir: Path) -> None:
    server = FakeGraphStore()
    with serve_fake(server) as url:
        code, out = kg_push(url, "-g", str(graph_dir), env={"KG_PUSH_USER": "ann"})
    assert code == 1 and "KG_PUSH_PASSWORD is not set" in out
    assert server.requests == []


def test_cli_push_missing_graph_says_build_first(tmp_path: Path) -> None:
    code, out = kg_push("http://127.0.0.1:9/gsp", "-g", str(tmp_path / "none"))
    assert code == 1 and "no graph store here" in out and "kg build" in out
