"""The stages after extraction: resolve -> rdf -> analytics -> store + exports.

write_outputs() is shared by `kg build` (kg/pipeline.py) and `kg remove` (kg/retract.py); the
output folder is replaced whole at the end. Must not import spaCy.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg import analyze, read
from kg.aggregate import aggregate_lines
from kg.aliases import read_aliases
from kg.cache import CACHE_FILE, render_cache
from kg.collector import collector_frozen
from kg.export import EXPORTERS
from kg.export.html import render_html
from kg.files import atomic_dir, write_bytes
from kg.freshness import MANIFEST, build_key
from kg.model import BuildStats, Corpus, DocExtraction, Polarity
from kg.network import network_of
from kg.rdf import statement_node, to_named_graphs, unique_statements
from kg.report import render_html_report, render_markdown, to_report
from kg.resolve import resolve
from kg.store import StoreWriter, as_graph, load_named_graphs, oxigraph_of
from kg.vocab import CORPUS_GRAPH

DEFAULT_HTML_MAX_NODES = 2000


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """Everything a build needs to know; the CLI fills it from flags."""

    inputs: tuple[Path, ...] = (Path("seeds"),)
    output: Path = Path("output")
    model: str | None = None
    extractors: tuple[str, ...] | None = None  # None: every registered extractor
    workers: int | None = None  # parser processes; None: pipeline.default_workers decides
    batch_size: int = 32
    max_doc_bytes: int = read.DEFAULT_MAX_DOC_BYTES
    html_max_nodes: int = DEFAULT_HTML_MAX_NODES
    aliases: Path | None = None  # CSV of forced and forbidden merges (kg/aliases.py)
    dask: str | None = None  # a scheduler address or "local[N]": extract on a Dask cluster
    incremental: bool = True  # reuse the previous build's extractions of unchanged documents


@dataclass(slots=True)
class BuildReport:
    """What a build did: counts, timings, skipped documents, where it wrote."""

    output: Path
    model: str
    stats: BuildStats = field(default_factory=BuildStats)
    build_key: str | None = None  # kg.freshness.build_key of what the output was built from
    up_to_date: bool = False  # the output was already this build's: nothing was written


class Timer:
    """Adds up the seconds spent in each stage of a build; tells `on_stage` as each one starts.

    The corpus stages take half a minute on a few thousand articles, after the last one is
    parsed: `kg build` names the one running, so its progress line does not sit still.
    """

    def __init__(self, stats: BuildStats, on_stage: Callable[[str], None] | None = None) -> None:
        self.stats = stats
        self.on_stage = on_stage

    def add(self, stage: str, seconds: float) -> None:
        self.stats.seconds_by_stage[stage] = self.stats.seconds_by_stage.get(stage, 0.0) + seconds


def write_outputs(
    keyed: list[tuple[str, DocExtraction]],
    options: BuildOptions,
    report: BuildReport,
    timer: Timer,
    cache_lines: Mapping[str, str] | None = None,
) -> None:
    """Resolve extractions and replace options.output with the graph, store and pages.

    The stages after extraction, shared by `kg build` and `kg remove`. Empties `keyed` once
    the extractions are resolved and cached, so they do not stay in memory beside the graph.
    `cache_lines` are the previous cache's record lines of unchanged documents, by key.
    """
    stats = report.stats
    report.build_key = build_key(
        (key for key, _ in keyed),
        stats.skipped,
        aliases=options.aliases,
        html_max_nodes=options.html_max_nodes,
    )
    aliases = read_aliases(options.aliases) if options.aliases else None
    with timed(timer, "resolve"):
        corpus = resolve([e for _, e in keyed], aliases)
    _count(corpus, stats)
    with atomic_dir(options.output) as staging, collector_frozen():
        writer = StoreWriter(staging)
        try:
            with timed(timer, "rdf"):
                store = ox.Store()  # in memory while the build reads it: faster than disk
                hashes = load_named_graphs(store, to_named_graphs(corpus), mirror=writer.add)
            # Written once the disk store has its data to work on: the disk copy is the corpus
            # stages' longest task, and this would only delay its start.
            with timed(timer, "cache"):
                write_bytes(staging / CACHE_FILE, render_cache(keyed, cache_lines))
                keyed.clear()
            graph = as_graph(store)
            _write_corpus_files(corpus, graph, hashes, writer, staging, options, report, timer)
            # The corpus, its network and the statement IRIs cached per fact are no longer
            # needed: freed here, the exports that follow do not hold them beside the store.
            del corpus
            statement_node.cache_clear()
            _write_graph_files(graph, staging, report, timer)
            with timed(timer, "store"):
                writer.finish()
        except BaseException:
            writer.cancel()
            raise


def _write_corpus_files(
    corpus: Corpus,
    graph: Graph,
    hashes: dict[str, str],
    writer: StoreWriter,
    staging: Path,
    options: BuildOptions,
    report: BuildReport,
    timer: Timer,
) -> None:
    """Add analytics and aggregates to both stores; write what needs the corpus or its network."""
    stats = report.stats
    with timed(timer, "analytics"):
        network = network_of(corpus)
        analytics = analyze.analytics_rows(network)
        page_rank = {iri: float(rank) for iri, _, _, rank in analytics}
        aggregates = aggregate_lines(corpus, page_rank=page_rank)
        derived = [(str(CORPUS_GRAPH), analyze.render_analytics(analytics) + aggregates)]
        store = oxigraph_of(graph)
        load_named_graphs(store, derived, mirror=writer.add)
    stats.triples = len(store)
    with timed(timer, "html"):
        # The page is drawn from the network alone, so it need not wait for the exports.
        page = render_html(graph, network=network, max_nodes=options.html_max_nodes)
        write_bytes(staging / "graph.html", page)
    write_bytes(staging / "entities.csv", render_merges(corpus))
    write_bytes(staging / MANIFEST, render_manifest(corpus, report, hashes, options))


def _write_graph_files(graph: Graph, staging: Path, report: BuildReport, timer: Timer) -> None:
    with timed(timer, "turtle"):
        write_bytes(staging / "graph.ttl", EXPORTERS.get("turtle").render(graph))
    with timed(timer, "report"):
        rows = to_report(graph, sentences=report.stats.sentences)
        write_bytes(staging / "report.md", render_markdown(rows))
        write_bytes(staging / "report.html", render_html_report(rows))


class timed:  # noqa: N801 - used like a function: `with timed(timer, "rdf"):`
    """Adds the seconds spent in its block to a stage of a Timer."""

    def __init__(self, timer: Timer, stage: str) -> None:
        self.timer, self.stage = timer, stage

    def __enter__(self) -> None:
        if self.timer.on_stage is not None:
            self.timer.on_stage(self.stage)
        self.start = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.timer.add(self.stage, time.perf_counter() - self.start)


def _count(corpus: Corpus, stats: BuildStats) -> None:
    stats.entities_by_type = dict(sorted(Counter(e.type.value for e in corpus.entities).items()))
    for triple in unique_statements(corpus.triples):
        p = triple.provenance
        if p.polarity is Polarity.NEGATIVE:
            stats.negative += 1
        elif p.modality is not None:  # hedged or only reported: never a plain triple
            stats.hedged += 1
        else:
            stats.positive += 1
    stats.quotes = len(corpus.quotes)


def render_merges(corpus: Corpus) -> bytes:
    """Render every entity-resolution decision as CSV, for a person to review."""
    labels = {e.id: e.label for e in corpus.entities}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["entity", "label", "surface form", "document", "reason"])
    for merge in corpus.merges:
        writer.writerow(
            [
                merge.entity_id,
                labels.get(merge.entity_id, ""),
                merge.surface,
                merge.doc_id,
                merge.reason,
            ]
        )
    return buffer.getvalue().encode("utf-8")


def render_manifest(
    corpus: Corpus, report: BuildReport, graphs: dict[str, str], options: BuildOptions
) -> bytes:
    """Render what was built from what: inputs with hashes, skipped files, counts, model.

    `graphs` maps each named graph's IRI to the sha256 of its N-Triples as built (before
    analytics are added to the corpus graph).
    """
    stats = report.stats
    manifest = {
        "build": report.build_key,  # a rebuild with the same key has nothing to do
        "graphs": dict(sorted(graphs.items())),
        "options": {  # what `kg remove` needs to rebuild the rest the same way
            "aliases": str(options.aliases.resolve()) if options.aliases else None,
            "html_max_nodes": options.html_max_nodes,
        },
        "model": report.model,
        "documents": [
            {"id": d.id, "source": d.source, "sha256": d.sha256} for d in corpus.documents
        ],
        "skipped": [{"source": s.source, "reason": s.reason} for s in stats.skipped],
        "counts": {
            "documents": stats.documents,
            "sentences": stats.sentences,
            "entities": stats.entities_by_type,
            "statements": {
                "positive": stats.positive,
                "negative": stats.negative,
                "hedged": stats.hedged,
            },
            "quotes": stats.quotes,
            "triples": stats.triples,
        },
    }
    return (json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode(
        "utf-8"
    )
