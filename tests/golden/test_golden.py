"""Golden files: a fixed extraction must serialise to exactly the same Turtle, byte for byte.

Each case folder holds triples.json (documents with the mentions, relations and quotes an
extractor would find, by surface string) and expected.ttl. `pytest --update-golden` rewrites
expected.ttl; review the diff before committing it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic

from kg.export import EXPORTERS
from kg.model import (
    DocExtraction,
    Document,
    Mention,
    MentionKind,
    Modality,
    Polarity,
    Quote,
    Relation,
    RelationKind,
)
from kg.rdf import to_graph
from kg.resolve import resolve

CASES = sorted(p for p in Path(__file__).parent.iterdir() if (p / "triples.json").exists())
DOC_CASES = sorted(p for p in Path(__file__).parent.iterdir() if (p / "doc.txt").exists())


def _mention(doc: Document, spec: list[Any]) -> Mention:
    surface, label = spec[0], spec[1]
    occurrence = spec[2] if len(spec) > 2 else 0
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(surface, start + 1)
    kind = MentionKind.CONCEPT if label == "CONCEPT" else MentionKind.NAME
    return Mention(doc.id, start, start + len(surface), surface, label, kind)


def _sentence_of(text: str, offset: int) -> tuple[int, int]:
    start = max(text.rfind(". ", 0, offset) + 2, text.rfind("\n", 0, offset) + 1, 0)
    end = text.find(". ", offset)
    return start, (end + 1 if end != -1 else len(text))


def load_case(path: Path) -> list[DocExtraction]:
    """Turn a case's triples.json into the extractions a real extractor would yield."""
    spec = json.loads((path / "triples.json").read_text(encoding="utf-8"))
    extractions = []
    for d in spec["documents"]:
        doc = Document(
            d["id"], d["text"], d["source"], d.get("title"), d.get("date"), sha256="0" * 64
        )
        relations = []
        for r in d.get("relations", []):
            subject = _mention(doc, r["subject"])
            start, end = _sentence_of(doc.text, subject.start)
            relations.append(
                Relation(
                    subject,
                    r["predicate"],
                    _mention(doc, r["object"]),
                    "golden",
                    start,
                    end,
                    Polarity(r.get("polarity", "positive")),
                    Modality(r["modality"]) if "modality" in r else None,
                    r.get("time"),
                    _mention(doc, r["attributed_to"]) if "attributed_to" in r else None,
                    r.get("confidence", 0.5),
                    RelationKind(r.get("kind", "action")),
                )
            )
        quotes = []
        for q in d.get("quotes", []):
            start = doc.text.index(q["text"])
            quotes.append(
                Quote(doc.id, start, start + len(q["text"]), q["text"], _mention(doc, q["speaker"]))
            )
        mentions = tuple(_mention(doc, m) for m in d.get("mentions", []))
        extractions.append(DocExtraction(doc, 1, mentions, tuple(relations), tuple(quotes)))
    return extractions


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_turtle_is_byte_identical(case: Path, update_golden: bool) -> None:
    rendered = EXPORTERS.get("turtle").render(to_graph(resolve(load_case(case))))
    _compare(case, rendered, update_golden)


@pytest.mark.model
@pytest.mark.parametrize("case", DOC_CASES, ids=[c.name for c in DOC_CASES])
def test_golden_build_of_a_real_document_is_byte_identical(
    case: Path, update_golden: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole pipeline, model included: a change in extraction shows up as a reviewable diff."""
    from kg.pipeline import BuildOptions, build_graph

    monkeypatch.chdir(case)  # the graph records the path as given: keep it relative
    build_graph(BuildOptions(inputs=(Path("doc.txt"),), output=tmp_path / "out"))
    _compare(case, (tmp_path / "out" / "graph.ttl").read_bytes(), update_golden)


def _compare(case: Path, rendered: bytes, update_golden: bool) -> None:
    expected_path = case / "expected.ttl"
    if update_golden or not expected_path.exists():
        expected_path.write_bytes(rendered)
        pytest.skip("golden file written; review and commit it")
    expected = expected_path.read_bytes()
    if rendered != expected:
        got, want = (
            Graph().parse(data=rendered, format="turtle"),
            Graph().parse(data=expected, format="turtle"),
        )
        _, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
        pytest.fail(
            "Turtle differs from golden file\n--- only in output:\n"
            + only_got.serialize(format="nt")
            + "--- only in expected:\n"
            + only_want.serialize(format="nt")
        )
