"""The extraction cache: records round-trip exactly, and keys change with what matters."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from kg import cache
from kg.cache import CACHE_FILE, cache_key, from_record, read_cache, render_cache, to_record
from kg.model import Document
from tests.golden.test_golden import CASES, load_case


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_records_round_trip_every_field(case: Path, tmp_path: Path) -> None:
    extractions = load_case(case)
    for extraction in extractions:
        assert from_record(to_record("k", extraction)) == extraction
    (tmp_path / CACHE_FILE).write_bytes(
        render_cache((str(i), e) for i, e in enumerate(extractions))
    )
    assert list(read_cache(tmp_path).values()) == extractions


def test_cache_key_changes_with_text_model_and_extractors() -> None:
    doc = Document("a.txt", "IBM left.", "in/a.txt")
    key = cache_key(doc, "en_core_web_sm 3.8.0", ["clauses"])
    assert key == cache_key(doc, "en_core_web_sm 3.8.0", ["clauses"])
    assert key != cache_key(replace(doc, text="IBM stayed."), "en_core_web_sm 3.8.0", ["clauses"])
    assert key != cache_key(doc, "en_core_web_lg 3.8.0", ["clauses"])
    assert key != cache_key(doc, "en_core_web_sm 3.8.0", ["clauses", "roles"])


def test_cache_key_changes_when_the_extraction_code_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    document = Document("a.txt", "Microsoft will not sell it.", "a.txt")
    before = cache_key(document, "en_core_web_sm 3.8.0", ["clauses"])
    assert len(cache.extraction_code_digest()) == 64
    monkeypatch.setattr(cache, "extraction_code_digest", lambda: "an extractor was fixed")
    assert cache_key(document, "en_core_web_sm 3.8.0", ["clauses"]) != before


def test_a_rebuild_writes_unchanged_records_back_as_they_were(tmp_path: Path) -> None:
    extractions = load_case(CASES[0])
    entries = [(str(i), e) for i, e in enumerate(extractions)]
    (tmp_path / CACHE_FILE).write_bytes(render_cache(entries))
    cached = read_cache(tmp_path)
    assert render_cache(entries, cached.lines) == (tmp_path / CACHE_FILE).read_bytes()
    # A line is taken by its key alone: a stale one under a key would be written as it is.
    stale = {"0": cached.lines["0"].replace('"sentences": ', '"sentences":  ')}
    assert b'"sentences":  ' in render_cache(entries[:1], stale)
