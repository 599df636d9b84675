"""`kg remove`: retract documents from a built graph without parsing anything again.

The build's extraction cache holds every document's extraction, so removing documents is a
rebuild of the stages after extraction over the others: each removed document's named graph
goes, and so do entities, relations and asserted facts that only it gave evidence for. The
result is byte-identical to a clean build without those documents.
Must not import spaCy.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Sequence
from pathlib import Path

from kg.cache import read_cache
from kg.errors import InputError, StoreError
from kg.freshness import MANIFEST
from kg.model import Skipped
from kg.outputs import DEFAULT_HTML_MAX_NODES, BuildOptions, BuildReport, Timer, write_outputs


def remove_documents(graph_dir: Path, names: Sequence[str]) -> tuple[BuildReport, list[str]]:
    """Rebuild the graph in graph_dir without the documents named by id or source path.

    Returns the report of the rebuild and the ids of the documents removed.

    Raises:
        StoreError: graph_dir holds no build to remove from.
        InputError: a name matches no document of the build; nothing was changed.
    """
    try:
        manifest = json.loads((graph_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(
            f"{graph_dir}: no kg build here ({exc})", hint="pass the folder `kg build -o` wrote"
        ) from exc
    cached = read_cache(graph_dir)
    by_name: dict[str, str] = {}
    for extraction in cached.values():
        document = extraction.document
        by_name[document.id] = by_name[document.source] = document.id
    unknown = [n for n in names if n not in by_name]
    if unknown:
        close = difflib.get_close_matches(unknown[0], list(by_name), n=3)
        raise InputError(
            f"{graph_dir}: no document {unknown[0]!r} in this build",
            hint=f"did you mean {', '.join(close)}?" if close else "see manifest.json's documents",
        )
    removed = sorted({by_name[n] for n in names})
    kept = [(k, e) for k, e in cached.items() if e.document.id not in removed]
    known = {key: cached.lines[key] for key, _ in kept if key in cached.lines}
    cached.clear()  # write_outputs lets go of each extraction in `kept` once it is resolved
    if not kept:
        raise InputError(f"{graph_dir}: removing {len(removed)} document(s) would leave none")
    options = manifest.get("options", {})
    aliases = options.get("aliases")
    build = BuildOptions(
        output=graph_dir,
        html_max_nodes=int(options.get("html_max_nodes", DEFAULT_HTML_MAX_NODES)),
        aliases=Path(aliases) if aliases else None,
    )
    report = BuildReport(output=graph_dir, model=str(manifest.get("model", "")))
    stats = report.stats
    stats.documents = len(kept)
    stats.sentences = sum(e.sentences for _, e in kept)
    stats.skipped = [Skipped(s["source"], s["reason"]) for s in manifest.get("skipped", [])]
    write_outputs(kept, build, report, Timer(stats), cache_lines=known)
    return report, removed
