"""Is an output folder already what a build of the same inputs would write?

A build records in manifest.json one key of everything its output depends on: each
document's cache key (text, id, source, title, model, extractors, extraction code), the files
it skipped and why, the options of the corpus stages (aliases file, page size), every file of
kg itself and the versions of the libraries that compute and serialise the graph. Running
`kg build` again with the same key, into a folder that still holds every output, has nothing
to do: a make-like check, as the graph of a corpus is a pure function of all of these.
Must not import spaCy.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from kg.cache import CACHE_FILE
from kg.model import BuildStats, Skipped
from kg.store import STORE_DIR

MANIFEST = "manifest.json"
OUTPUT_FILES = (
    "graph.ttl", "graph.html", "report.md", "report.html", "entities.csv", MANIFEST, CACHE_FILE,
)  # fmt: skip
# Distributions whose upgrade can change the bytes of a build from the same extractions.
_LIBRARIES = ("jinja2", "networkx", "oxrdflib", "pyoxigraph", "pyvis", "rdflib", "scipy")


def build_key(
    document_keys: Iterable[str],
    skipped: Iterable[Skipped],
    *,
    aliases: Path | None,
    html_max_nodes: int,
) -> str:
    """Return the key of a build's output, from its inputs and what shapes the stages after them.

    Order-free: a build's bytes do not depend on the order its documents were read in.
    """
    digest = hashlib.sha256()
    for part in (
        code_digest(),
        *sorted(document_keys),
        "skipped",
        *sorted(f"{s.source}\x1e{s.reason}" for s in skipped),
        "aliases",
        str(aliases.resolve()) if aliases else "",
        hashlib.sha256(aliases.read_bytes()).hexdigest() if aliases else "",
        str(html_max_nodes),
    ):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\x1f")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def code_digest() -> str:
    """Return a hash of every file of the kg package and the versions of its output libraries."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\x1f")
            digest.update(path.read_bytes())
    for library in _LIBRARIES:
        try:
            version = metadata.version(library)
        except metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{library}=={version}\x1f".encode())
    return digest.hexdigest()


def previous_build(output: Path) -> dict[str, Any] | None:
    """Return the manifest of the build in `output` if every file it wrote is still there."""
    if not (output / STORE_DIR).is_dir() or not all((output / f).is_file() for f in OUTPUT_FILES):
        return None
    try:
        manifest = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # a damaged manifest costs a rebuild, never a failed one
    return manifest if isinstance(manifest, dict) else None


def stats_of(manifest: dict[str, Any]) -> BuildStats:
    """Return the counts a build recorded in its manifest, every document counted as reused."""
    counts = manifest["counts"]
    statements = counts["statements"]
    return BuildStats(
        documents=counts["documents"],
        reused=counts["documents"],
        sentences=counts["sentences"],
        entities_by_type=dict(counts["entities"]),
        positive=statements["positive"],
        negative=statements["negative"],
        hedged=statements["hedged"],
        quotes=counts["quotes"],
        triples=counts["triples"],
        skipped=[Skipped(s["source"], s["reason"]) for s in manifest["skipped"]],
    )
