"""End to end: the `kg` commands a new user runs first, on the seed article."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, SDO, Graph, Literal, URIRef
from typer.testing import CliRunner

from kg.cli import app
from kg.vocab import KG, REL
from tests.conftest import ROOT, SEEDS, build_with_cli

runner = CliRunner()
pytestmark = pytest.mark.model


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_build_writes_graph_page_store_and_review_files(seed_graph_dir: Path) -> None:
    for name in (
        "graph.ttl",
        "graph.html",
        "report.md",
        "report.html",
        "entities.csv",
        "manifest.json",
        "store",
    ):
        assert (seed_graph_dir / name).exists(), name
    manifest = json.loads((seed_graph_dir / "manifest.json").read_text())
    assert manifest["documents"][0]["id"] == "microsoft-facial-recognition.txt"
    assert manifest["counts"]["documents"] == 1


def test_build_prints_summary_table(tmp_path: Path) -> None:
    result = build_with_cli(SEEDS, tmp_path / "out")
    for row in ("documents", "sentences", "statements: negative", "quotes", "seconds"):
        assert row in result.output


def _entity(graph: Graph, label: str) -> URIRef:
    from rdflib import RDFS

    found = [s for s in graph.subjects(RDFS.label, Literal(label)) if isinstance(s, URIRef)]
    assert found, f"no entity labelled {label!r}"
    return found[0]


@pytest.mark.parametrize(
    ("label", "cls"),
    [
        ("Microsoft", SDO.Organization),
        ("Amazon", SDO.Organization),
        ("IBM", SDO.Organization),
        ("Brad Smith", SDO.Person),
    ],
)
def test_seed_entities_have_their_types(seed_graph: Graph, label: str, cls: URIRef) -> None:
    assert (_entity(seed_graph, label), RDF.type, cls) in seed_graph


def test_seed_never_asserts_that_microsoft_sells_facial_recognition(seed_graph: Graph) -> None:
    microsoft = _entity(seed_graph, "Microsoft")
    sells = [
        p for p in seed_graph.predicates(microsoft, None) if str(p).startswith(str(REL) + "sell")
    ]
    assert sells == []


def test_seed_has_a_negative_statement_that_microsoft_will_not_sell(seed_graph: Graph) -> None:
    microsoft = _entity(seed_graph, "Microsoft")
    negative_sells = [
        st
        for st in seed_graph.subjects(RDF.subject, microsoft)
        if (st, KG.polarity, KG.Negative) in seed_graph
        and str(seed_graph.value(st, RDF.predicate)).startswith(str(REL) + "sell")
    ]
    assert negative_sells


def test_build_fails_cleanly_on_missing_input_and_leaves_output_alone(seed_graph_dir: Path) -> None:
    before = _snapshot(seed_graph_dir)
    result = runner.invoke(app, ["build", "no/such/folder", "-o", str(seed_graph_dir)])
    assert result.exit_code == 1
    assert "no/such/folder" in result.output and "error:" in result.output
    assert "Traceback" not in result.output
    assert _snapshot(seed_graph_dir) == before


def test_build_unknown_extractor_lists_known_ones(seed_graph_dir: Path) -> None:
    before = _snapshot(seed_graph_dir)
    result = runner.invoke(app, ["build", str(SEEDS), "-o", str(seed_graph_dir), "-x", "sov"])
    assert result.exit_code == 1
    assert "unknown extractor 'sov'; available:" in result.output
    assert _snapshot(seed_graph_dir) == before


def test_build_unknown_model_is_a_clear_error(seed_graph_dir: Path) -> None:
    before = _snapshot(seed_graph_dir)
    result = runner.invoke(
        app, ["build", str(SEEDS), "-o", str(seed_graph_dir), "--model", "en_core_web_nope"]
    )
    assert result.exit_code == 1
    assert "en_core_web_nope" in result.output
    assert _snapshot(seed_graph_dir) == before


def test_build_refuses_to_replace_a_folder_it_did_not_make(tmp_path: Path) -> None:
    folder = tmp_path / "thesis"
    folder.mkdir()
    (folder / "chapter1.docx").write_text("precious")
    result = runner.invoke(app, ["build", str(SEEDS), "-o", str(folder)])
    assert result.exit_code == 1
    assert (folder / "chapter1.docx").read_text() == "precious"


def test_build_skips_bad_document_keeps_good_ones_and_exits_2(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text((SEEDS / "microsoft-facial-recognition.txt").read_text())
    (inputs / "bad.txt").write_bytes(b"\x00\x01\x02binary\x00" * 10)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(inputs), "-o", str(out), "--quiet"])
    assert result.exit_code == 2, result.output
    # rich wraps at 80 columns, and a long temporary path can break the file name over lines
    assert "bad.txt" in result.output.replace("\n", "")
    assert "Microsoft" in (out / "graph.ttl").read_text()


@pytest.mark.parametrize(
    "fmt", ["turtle", "nt", "nquads", "trig", "jsonld", "graphml", "gexf", "html"]
)
def test_export_writes_each_format(seed_graph_dir: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"graph.{fmt}"
    result = runner.invoke(
        app, ["export", "--format", fmt, "--graph", str(seed_graph_dir), "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 1000


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_tool_exports_reopen_in_networkx_with_every_statement(
    seed_graph_dir: Path, seed_graph: Graph, tmp_path: Path, fmt: str
) -> None:
    import networkx as nx

    target = tmp_path / f"graph.{fmt}"
    runner.invoke(app, ["export", "-f", fmt, "--graph", str(seed_graph_dir), "-o", str(target)])
    reopened = nx.read_graphml(target) if fmt == "graphml" else nx.read_gexf(target)
    statements = set(seed_graph.subjects(RDF.type, RDF.Statement))
    assert reopened.number_of_edges() == len(statements)
    labels = {data.get("label") for _, data in reopened.nodes(data=True)}
    assert {"Microsoft", "Brad Smith"} <= labels


def test_export_turtle_matches_build_output(seed_graph_dir: Path) -> None:
    result = runner.invoke(app, ["export", "--format", "turtle", "--graph", str(seed_graph_dir)])
    assert result.exit_code == 0
    assert result.stdout_bytes == (seed_graph_dir / "graph.ttl").read_bytes()


def test_export_unknown_format_lists_known_ones(seed_graph_dir: Path) -> None:
    result = runner.invoke(app, ["export", "--format", "docx", "--graph", str(seed_graph_dir)])
    assert result.exit_code == 1
    assert "available:" in result.output and "turtle" in result.output


def test_query_without_a_built_graph_says_to_build(tmp_path: Path) -> None:
    result = runner.invoke(app, ["query", "SELECT * WHERE { ?s ?p ?o }", "--graph", str(tmp_path)])
    assert result.exit_code == 1
    assert "kg build" in result.output


def test_inline_query_prints_rows(seed_graph_dir: Path) -> None:
    sparql = (
        "PREFIX schema: <https://schema.org/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT ?label WHERE { ?e a schema:Person ; rdfs:label ?label }"
    )
    result = runner.invoke(
        app, ["query", sparql, "--graph", str(seed_graph_dir), "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert "Brad Smith" in result.stdout


def test_python_m_kg_help_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kg", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0
    for command in ("build", "query", "export"):
        assert command in result.stdout


@pytest.mark.model
def test_query_limit_and_offset_page_through_the_rows(seed_graph_dir: Path) -> None:
    def rows(*extra: str) -> list[dict[str, str]]:
        args = ["query", "negated", "--graph", str(seed_graph_dir), "-f", "json", *extra]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        return list(json.loads(result.stdout)["results"]["bindings"])

    everything = rows()
    assert len(everything) >= 3
    assert rows("--limit", "2") == everything[:2]
    assert rows("--limit", "2", "--offset", "1") == everything[1:3]


def test_build_names_each_stage_after_extraction_as_it_starts(tmp_path: Path) -> None:
    from kg.cli import _STAGE_NAMES
    from kg.pipeline import BuildOptions, build_graph

    stages: list[str] = []
    report = build_graph(
        BuildOptions(inputs=(SEEDS,), output=tmp_path / "out"), None, stages.append
    )
    assert stages == [
        "resolve",
        "rdf",
        "cache",
        "analytics",
        "html",
        "turtle",
        "report",
        "store",
    ]
    assert set(stages) <= set(report.stats.seconds_by_stage) and set(stages) <= set(_STAGE_NAMES)
