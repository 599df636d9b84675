"""Incremental builds: each document's extraction, kept in the output folder by content key.

A rebuild parses only documents that are new or changed; the others come back from
output/extractions.jsonl, and everything after extraction (resolution, RDF, store, page) runs
over the whole corpus again, so the result is byte-identical to a clean build. Stored as JSON,
not pickle: loading a cache must never run code from a folder someone handed you.
Must not import spaCy or rdflib.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg import __version__
from kg.collector import collector_paused
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

log = logging.getLogger(__name__)

CACHE_FILE = "extractions.jsonl"


def cache_key(document: Document, model: str, extractors: Iterable[str]) -> str:
    """Return what decides a document's extraction: its content, id, model and extractors."""
    parts = [
        __version__,
        extraction_code_digest(),
        model,
        ",".join(extractors),
        document.id,
        document.source,
        document.title or "",
        document.date or "",
        document.url or "",
        hashlib.sha256(document.text.encode("utf-8", "surrogatepass")).hexdigest(),
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


@lru_cache(maxsize=1)
def extraction_code_digest() -> str:
    """Return a hash of the code that turns a parse into an extraction.

    A version number is not enough: a fix to an extractor must not leave the extractions of
    the code before it in the cache of every output folder.
    """
    package = Path(__file__).parent
    sources = [package / "nlp.py", package / "names.py", package / "model.py"]
    sources += sorted((package / "extract").glob("*.py"))
    digest = hashlib.sha256()
    for source in sources:
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


_KINDS = {kind.value: kind for kind in MentionKind}  # a dict lookup; calling the Enum is slower
_MentionKey = tuple[str, int, int, str, str, str, int]


def _mention(data: dict[str, Any] | None, seen: dict[_MentionKey, Mention]) -> Mention | None:
    # A record repeats a mention wherever a relation or quote uses it; building each distinct
    # one once (frozen, so sharing is safe) halves the time and memory of reading a cache.
    if data is None:
        return None
    antecedent = _mention(data["antecedent"], seen)
    key = (
        data["doc_id"], data["start"], data["end"], data["text"], data["label"], data["kind"],
        id(antecedent),  # antecedents are shared too, and kept alive by `seen`
    )  # fmt: skip
    found = seen.get(key)
    if found is None:
        found = seen[key] = Mention(
            key[0], key[1], key[2], key[3], key[4], _KINDS[key[5]], antecedent
        )
    return found


def _mention_dict(mention: Mention | None) -> dict[str, Any] | None:
    if mention is None:
        return None
    return {
        "doc_id": mention.doc_id,
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "label": mention.label,
        "kind": mention.kind.value,
        "antecedent": _mention_dict(mention.antecedent),
    }


def to_record(key: str, extraction: DocExtraction) -> dict[str, Any]:
    """Return a JSON-ready record of one document's extraction."""
    d = extraction.document
    return {
        "key": key,
        "document": {
            "id": d.id, "text": d.text, "source": d.source, "title": d.title,
            "date": d.date, "url": d.url, "sha256": d.sha256,
        },
        "sentences": extraction.sentences,
        "mentions": [_mention_dict(m) for m in extraction.mentions],
        "relations": [
            {
                "subject": _mention_dict(r.subject), "predicate": r.predicate,
                "object": _mention_dict(r.object), "extractor": r.extractor,
                "evidence": [r.evidence_start, r.evidence_end], "polarity": r.polarity.value,
                "modality": r.modality.value if r.modality else None, "time": r.time,
                "attributed_to": _mention_dict(r.attributed_to), "confidence": r.confidence,
                "kind": r.kind.value, "reported_with": r.reported_with,
            }
            for r in extraction.relations
        ],
        "quotes": [
            {"doc_id": q.doc_id, "start": q.start, "end": q.end, "text": q.text,
             "speaker": _mention_dict(q.speaker)}
            for q in extraction.quotes
        ],
    }  # fmt: skip


def from_record(record: dict[str, Any]) -> DocExtraction:
    """Rebuild a document's extraction from its record."""
    d = record["document"]
    seen: dict[_MentionKey, Mention] = {}
    relations = []
    for r in record["relations"]:
        subject, obj = _mention(r["subject"], seen), _mention(r["object"], seen)
        assert subject is not None and obj is not None  # records are written from Relations
        relations.append(
            Relation(
                subject,
                r["predicate"],
                obj,
                r["extractor"],
                r["evidence"][0],
                r["evidence"][1],
                Polarity(r["polarity"]),
                Modality(r["modality"]) if r["modality"] else None,
                r["time"],
                _mention(r["attributed_to"], seen),
                r["confidence"],
                RelationKind(r["kind"]),
                r.get("reported_with"),
            )  # fmt: skip
        )
    mentions = (_mention(m, seen) for m in record["mentions"])
    return DocExtraction(
        document=Document(
            d["id"], d["text"], d["source"], d["title"], d["date"], d["url"], d["sha256"]
        ),
        sentences=record["sentences"],
        mentions=tuple(m for m in mentions if m is not None),
        relations=tuple(relations),
        quotes=tuple(
            Quote(q["doc_id"], q["start"], q["end"], q["text"], _mention(q["speaker"], seen))
            for q in record["quotes"]
        ),
    )


class CachedExtractions(dict[str, DocExtraction]):
    """A previous build's extractions by cache key, and each one's record line as read.

    A rebuild writes an unchanged document's line back as it was, instead of rendering the
    same JSON again (about a second per thousand articles).
    """

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[str, str] = {}


def read_cache(output: Path) -> CachedExtractions:
    """Return the cached extractions of a previous build in `output`, by cache key.

    The cache is only an optimisation: a missing, foreign or damaged file, or a damaged
    line, costs a re-parse, never a failed build.
    """
    path = output / CACHE_FILE
    cached = CachedExtractions()
    try:
        handle = path.open(encoding="utf-8", errors="surrogatepass")  # as render_cache wrote
    except OSError:
        return cached
    with handle, collector_paused():
        for number, line in enumerate(handle, start=1):
            try:
                record = json.loads(line)
                key = record["key"]
                cached[key] = from_record(record)
            except (ValueError, KeyError, TypeError, AssertionError) as exc:
                log.warning("%s line %d: ignored (%s)", path, number, exc)
            else:
                cached.lines[key] = line.rstrip("\n")
    return cached


def render_cache(
    entries: Iterable[tuple[str, DocExtraction]], known: Mapping[str, str] | None = None
) -> bytes:
    """Render the cache file: one JSON record a line, sorted by document id.

    `known` holds record lines already rendered, by key (CachedExtractions.lines): a key
    decides its extraction, so its line is written as it is.
    """
    known = known or {}
    ordered = sorted(entries, key=lambda entry: entry[1].document.id)
    lines = (
        known.get(k) or json.dumps(to_record(k, e), ensure_ascii=False, sort_keys=True)
        for k, e in ordered
    )
    with collector_paused():
        return "".join(line + "\n" for line in lines).encode("utf-8", "surrogatepass")
