"""Crashers the reader fuzzing found, kept as files in crashers/ and read again on every run.

Each file must read as Documents or Skipped with clean text (test_fuzz_read's promises), every
Document field must be clean text too, and every Document must go on through to_graph and every
RDF exporter. A file whose bug is still open is an xfail naming the fault and its place.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.export import EXPORTERS
from kg.model import Corpus, Document
from kg.rdf import to_graph
from kg.read import find_inputs, read_documents
from tests.robustness.test_fuzz_read import check_documents

CRASHERS = Path(__file__).resolve().parent / "crashers"
_RDF_FORMATS = ("turtle", "nt", "nquads", "trig", "jsonld")
_BAD_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
# Crashers whose bug is still open, by file name, with the fault and its place (none now).
OPEN_BUGS: dict[str, str] = {}


def _cases() -> list[object]:
    files = sorted(p for p in CRASHERS.iterdir() if p.is_file())
    assert files, f"no crashers in {CRASHERS}"
    assert set(OPEN_BUGS) <= {p.name for p in files}, "an open bug names a missing file"
    return [
        pytest.param(
            path,
            id=path.name,
            marks=[pytest.mark.xfail(strict=True, reason=OPEN_BUGS[path.name])]
            if path.name in OPEN_BUGS
            else [],
        )
        for path in files
    ]


def _check_fields(document: Document) -> None:
    fields = {
        "id": document.id,
        "source": document.source,
        "title": document.title,
        "date": document.date,
        "url": document.url,
    }
    for name, value in fields.items():
        if value is None:
            continue
        value.encode("utf-8")  # a lone surrogate raises here
        assert not _BAD_CONTROL.search(value) and "\r" not in value, (name, value)


def _check_rdf(document: Document) -> None:
    graph = to_graph(Corpus(documents=(document,), entities=(), triples=()))
    for name in _RDF_FORMATS:
        assert EXPORTERS.get(name).render(graph).endswith(b"\n"), name
    turtle = EXPORTERS.get("turtle").render(graph)
    assert len(list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))) == len(graph)


@pytest.mark.parametrize("crasher", _cases())
def test_crasher_file_reads_cleanly_and_goes_on_to_rdf(crasher: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(crasher, folder / crasher.name)
    items = check_documents(folder)
    for item in items:
        if isinstance(item, Document):
            _check_fields(item)
            _check_rdf(item)


def test_read_html_declaring_utf16_without_bom_keeps_its_text(tmp_path: Path) -> None:
    page = tmp_path / "in" / "page.html"
    page.parent.mkdir()
    page.write_bytes(b'<meta charset="utf-16"><p>Caf\xe9 au lait</p>')  # even length
    (item,) = read_documents(find_inputs([page.parent]))
    assert isinstance(item, Document)
    assert "au lait" in item.text
