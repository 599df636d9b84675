"""Golden build report: a hand-built graph must render to exactly the same Markdown.

report/graph.ttl is a small graph in kg's data model with its analytics materialised;
report/expected.md is its report. `pytest --update-golden` rewrites expected.md; review the
diff before committing it.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from kg.rdf import new_graph
from kg.report import render_report_md

CASE = Path(__file__).parent / "report"


def test_report_markdown_matches_golden_file(update_golden: bool) -> None:
    graph = new_graph()
    graph.parse(CASE / "graph.ttl", format="turtle")
    rendered = render_report_md(graph, sentences=9)
    expected_path = CASE / "expected.md"
    if update_golden or not expected_path.exists():
        expected_path.write_bytes(rendered)
        pytest.skip("golden file written; review and commit it")
    expected = expected_path.read_bytes()
    if rendered != expected:
        diff = difflib.unified_diff(
            expected.decode().splitlines(), rendered.decode().splitlines(),
            "expected.md", "rendered", lineterm="",
        )  # fmt: skip
        pytest.fail("report differs from golden file\n" + "\n".join(diff))
