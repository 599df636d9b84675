"""build_graph(): the only code that knows the order of the stages.

read -> parse (spaCy) -> extract -> resolve -> rdf -> analytics -> store + exports, with every
check done before anything is written, and the output folder replaced whole at the end.
"""

from __future__ import annotations

import csv
import io
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph

from kg import analyze, extract, read
from kg.aggregate import aggregate_triples
from kg.aliases import read_aliases
from kg.cache import CACHE_FILE, cache_key, read_cache, render_cache
from kg.distributed import extract_on_dask
from kg.errors import InputError
from kg.export import EXPORTERS
from kg.export.html import render_html
from kg.files import atomic_dir, is_output_dir, write_bytes
from kg.model import BuildStats, Corpus, DocExtraction, Document, Polarity, Skipped
from kg.network import network_of
from kg.nlp import load_nlp, model_description, parse_documents
from kg.ntriples import render_lines
from kg.rdf import to_named_graphs, unique_statements
from kg.report import render_html_report, render_markdown, to_report
from kg.resolve import resolve
from kg.store import StoreWriter, as_graph, load_named_graphs
from kg.vocab import CORPUS_GRAPH

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_HTML_MAX_NODES = 2000
Progress = Callable[[int, int | None], None]  # (documents done, total if known)


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """Everything a build needs to know; the CLI fills it from flags."""

    inputs: tuple[Path, ...] = (Path("seeds"),)
    output: Path = Path("output")
    model: str | None = None
    extractors: tuple[str, ...] | None = None  # None: every registered extractor
    workers: int = 1
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


class Timer:
    """Adds up the seconds spent in each stage of a build."""

    def __init__(self, stats: BuildStats) -> None:
        self.stats = stats

    def add(self, stage: str, seconds: float) -> None:
        self.stats.seconds_by_stage[stage] = self.stats.seconds_by_stage.get(stage, 0.0) + seconds


def build_graph(options: BuildOptions, progress: Progress | None = None) -> BuildReport:
    """Read the inputs, extract, resolve and write graph, store and page to options.output.

    Raises:
        KGError: a bad option, input, model or output folder; nothing was written.
    """
    names = _names(options)
    pipes = extract.required_pipes(names)  # unknown extractor names fail here, before any work
    if not is_output_dir(options.output):
        raise InputError(
            f"{options.output}: exists and was not made by kg; refusing to replace it",
            hint="choose an empty or new folder with -o",
        )
    files = read.find_inputs(list(options.inputs))
    if options.aliases:
        read_aliases(options.aliases)  # a bad aliases file fails here, before any parsing
    clock = time.perf_counter()
    nlp = load_nlp(options.model, pipes)
    nlp.max_length = max(nlp.max_length, options.max_doc_bytes)
    report = BuildReport(output=options.output, model=model_description(nlp))
    stats, timer = report.stats, Timer(report.stats)
    timer.add("load model", time.perf_counter() - clock)

    clock = time.perf_counter()
    cached = read_cache(options.output) if options.incremental else {}
    timer.add("read cache", time.perf_counter() - clock)
    started = time.perf_counter()
    extractions = list(
        _extract_all(options, files, nlp, names, stats, timer, progress, cached, report.model)
    )
    spent = stats.seconds_by_stage.get("read", 0.0) + stats.seconds_by_stage.get("extract", 0.0)
    timer.add("parse", time.perf_counter() - started - spent)
    if not extractions:
        reasons = "; ".join(f"{s.source}: {s.reason}" for s in stats.skipped[:3])
        raise InputError(f"no document could be read ({reasons})")

    keyed = [(cache_key(e.document, report.model, names), e) for e in extractions]
    del extractions, cached  # write_outputs lets go of each extraction once it is resolved
    write_outputs(keyed, options, report, timer)
    return report


def write_outputs(
    keyed: list[tuple[str, DocExtraction]],
    options: BuildOptions,
    report: BuildReport,
    timer: Timer,
) -> None:
    """Resolve extractions and replace options.output with the graph, store and pages.

    The stages after extraction, shared by `kg build` and `kg remove`. Empties `keyed` once
    the extractions are resolved and cached, so they do not stay in memory beside the graph.
    """
    stats = report.stats
    aliases = read_aliases(options.aliases) if options.aliases else None
    with _timed(timer, "resolve"):
        corpus = resolve([e for _, e in keyed], aliases)
    _count(corpus, stats)
    with atomic_dir(options.output) as staging:
        write_bytes(staging / CACHE_FILE, render_cache(keyed))
        keyed.clear()
        _write_graph_files(corpus, staging, options, report, timer)


def _write_graph_files(
    corpus: Corpus,
    staging: Path,
    options: BuildOptions,
    report: BuildReport,
    timer: Timer,
) -> None:
    with _timed(timer, "rdf"):
        store = ox.Store()  # in memory while the build reads it: many times faster than disk
        hashes = load_named_graphs(store, to_named_graphs(corpus))
        graph = as_graph(store)
    writer = StoreWriter(store, staging)
    try:
        _write_files(corpus, graph, store, hashes, staging, options, report, timer, writer)
    except BaseException:
        writer.cancel()
        raise


def _write_files(
    corpus: Corpus,
    graph: Graph,
    store: ox.Store,
    hashes: dict[str, str],
    staging: Path,
    options: BuildOptions,
    report: BuildReport,
    timer: Timer,
    writer: StoreWriter,
) -> None:
    stats = report.stats
    with _timed(timer, "analytics"):
        network = network_of(corpus)
        analytics = analyze.analytics_rows(network)
        page_rank = {iri: float(rank) for iri, _, _, rank in analytics}
        aggregates = render_lines(aggregate_triples(corpus, page_rank=page_rank))
        derived = [(str(CORPUS_GRAPH), analyze.render_analytics(analytics) + aggregates)]
        load_named_graphs(store, derived)
    stats.triples = len(store)
    with _timed(timer, "turtle"):
        write_bytes(staging / "graph.ttl", EXPORTERS.get("turtle").render(graph))
    with _timed(timer, "html"):
        page = render_html(graph, network=network, max_nodes=options.html_max_nodes)
        write_bytes(staging / "graph.html", page)
    with _timed(timer, "report"):
        rows = to_report(graph, sentences=stats.sentences)
        write_bytes(staging / "report.md", render_markdown(rows))
        write_bytes(staging / "report.html", render_html_report(rows))
    write_bytes(staging / "entities.csv", render_merges(corpus))
    write_bytes(staging / "manifest.json", render_manifest(corpus, report, hashes, options))
    with _timed(timer, "store"):
        writer.finish(derived)


def _names(options: BuildOptions) -> tuple[str, ...]:
    return options.extractors or tuple(extract.EXTRACTORS.names())


def _extract_all(
    options: BuildOptions,
    files: list[read.InputFile],
    nlp: Language,
    names: tuple[str, ...],
    stats: BuildStats,
    timer: Timer,
    progress: Progress | None,
    cached: dict[str, DocExtraction],
    model: str,
) -> Iterator[DocExtraction]:
    reused: list[DocExtraction] = []

    def documents() -> Iterator[Document]:
        clock = time.perf_counter()
        for item in read.read_documents(files, max_doc_bytes=options.max_doc_bytes):
            timer.add("read", time.perf_counter() - clock)
            if isinstance(item, Skipped):
                stats.skipped.append(item)
            elif (hit := cached.get(cache_key(item, model, names))) is not None:
                reused.append(hit)  # unchanged since the last build: no need to parse it again
            else:
                yield item
            clock = time.perf_counter()

    def results() -> Iterator[DocExtraction | Skipped]:
        yield from _extract_stream(options, nlp, names, documents(), timer)
        stats.reused = len(reused)
        yield from reused

    done = 0
    for result in results():
        if isinstance(result, Skipped):
            stats.skipped.append(result)
            continue
        done += 1
        stats.documents = done
        stats.sentences += result.sentences
        if not result.relations:
            stats.empty.append(result.document.source)
        if progress is not None:
            progress(done, len(files))
        yield result


def _extract_stream(
    options: BuildOptions,
    nlp: Language,
    names: tuple[str, ...],
    documents: Iterator[Document],
    timer: Timer,
) -> Iterator[DocExtraction | Skipped]:
    if options.dask:
        # Workers parse and extract; what comes back is already plain data.
        yield from extract_on_dask(
            options.dask, documents, model=options.model, names=names, batch_size=options.batch_size
        )
        return
    parsed = parse_documents(nlp, documents, batch_size=options.batch_size, workers=options.workers)
    for doc, document in parsed:
        clock = time.perf_counter()
        yield extract.extract_safely(doc, document, names)
        timer.add("extract", time.perf_counter() - clock)


class _timed:  # noqa: N801 - used like a function: `with _timed(timer, "rdf"):`
    def __init__(self, timer: Timer, stage: str) -> None:
        self.timer, self.stage = timer, stage

    def __enter__(self) -> None:
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
