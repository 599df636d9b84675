"""build_graph(): the only code that knows the order of the stages.

read -> parse (spaCy) -> extract, then kg/outputs.py: resolve -> rdf -> analytics -> store +
exports, with every check done before anything is written, and the output folder replaced whole
at the end.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from itertools import chain
from typing import TYPE_CHECKING

from kg import extract, read
from kg.aliases import read_aliases
from kg.cache import CachedExtractions, cache_key, read_cache
from kg.distributed import extract_on_dask
from kg.errors import InputError
from kg.files import is_output_dir
from kg.freshness import build_key, previous_build, stats_of
from kg.model import BuildStats, DocExtraction, Document, Skipped
from kg.nlp import describe_model, load_nlp, parse_documents, release_nlp
from kg.outputs import (
    DEFAULT_HTML_MAX_NODES,
    BuildOptions,
    BuildReport,
    Timer,
    render_manifest,
    render_merges,
    write_outputs,
)
from kg.parallel import WorkerSeconds, extract_in_processes

if TYPE_CHECKING:
    from spacy.language import Language

Progress = Callable[[int, int | None], None]  # (documents done, total if known)
# A corpus this large has corpus stages that want the pipeline's memory back; a few documents
# do not, and a process that builds again (a notebook, the tests) would load it again.
_RELEASE_MODEL_AFTER = 128

__all__ = [
    "DEFAULT_HTML_MAX_NODES",
    "BuildOptions",
    "BuildReport",
    "Progress",
    "Timer",
    "build_graph",
    "default_workers",
    "render_manifest",
    "render_merges",
    "write_outputs",
]


def build_graph(
    options: BuildOptions,
    progress: Progress | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> BuildReport:
    """Read the inputs, extract, resolve and write graph, store and page to options.output.

    `progress` is told how many documents are done; `on_stage` the name of each stage after
    extraction as it starts ("resolve", "rdf", "cache", "analytics", "html", "turtle",
    "report", "store"), as BuildStats.seconds_by_stage names them.

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
    if options.workers is None:
        options = replace(options, workers=default_workers(len(files), options.batch_size))
    if options.aliases:
        read_aliases(options.aliases)  # a bad aliases file fails here, before any parsing
    # Named from its meta.json: the pipeline itself is loaded only if a document needs parsing.
    report = BuildReport(output=options.output, model=describe_model(options.model))
    if options.incremental:
        clock = time.perf_counter()
        unchanged = _unchanged_build(options, files, report, names)
        if unchanged is not None:
            unchanged.seconds_by_stage["check"] = time.perf_counter() - clock
            report.stats, report.up_to_date = unchanged, True
            return report
    stats, timer = report.stats, Timer(report.stats, on_stage)
    nlp = _PipelineLoader(options, pipes, timer)

    clock = time.perf_counter()
    cached = read_cache(options.output) if options.incremental else CachedExtractions()
    timer.add("read cache", time.perf_counter() - clock)
    started = time.perf_counter()
    extractions = list(
        _extract_all(options, files, nlp, names, stats, timer, progress, cached, report.model)
    )
    spent = sum(stats.seconds_by_stage.get(s, 0.0) for s in ("read", "extract", "load model"))
    timer.add("parse", time.perf_counter() - started - spent)
    del nlp
    if len(extractions) >= _RELEASE_MODEL_AFTER:
        release_nlp()
    if not extractions:
        reasons = "; ".join(f"{s.source}: {s.reason}" for s in stats.skipped[:3])
        raise InputError(f"no document could be read ({reasons})")

    keyed = [(cache_key(e.document, report.model, names), e) for e in extractions]
    known = {key: line for key, _ in keyed if (line := cached.lines.get(key))}
    del extractions, cached  # write_outputs lets go of each extraction once it is resolved
    write_outputs(keyed, options, report, timer, cache_lines=known)
    return report


def default_workers(documents: int, batch_size: int, cores: int | None = None) -> int:
    """Return how many processes parse and extract: 2 for a corpus, 1 for a few documents.

    Measured on 2 cores (docs/scaling.md), with extraction still in the main process: 500 BBC
    articles built in 54 s with two processes and 76 s with one. With extraction in the
    workers, on a machine other jobs kept busy: 107 s with two and 113 s with one, beside 104 s
    and 101 s for bare spaCy. A process costs a second or two to start and load the model,
    which only pays off past a few batches. More than two were not measured, so kg does not
    guess.

    >>> default_workers(1, 32, cores=8), default_workers(2225, 32, cores=8)
    (1, 2)
    >>> default_workers(2225, 32, cores=1)
    1
    """
    available = cores if cores is not None else (os.cpu_count() or 1)
    return 2 if available >= 2 and documents >= 4 * batch_size else 1


def _unchanged_build(
    options: BuildOptions, files: list[read.InputFile], report: BuildReport, names: Sequence[str]
) -> BuildStats | None:
    """Return the counts of the build in options.output if it is this build's, else None.

    Reads every input again to hash it (under half a second for the 2,225 BBC articles,
    against half a minute of corpus stages when nothing changed).
    """
    manifest = previous_build(options.output)
    if manifest is None or "build" not in manifest:
        return None
    keys: list[str] = []
    skipped: list[Skipped] = []
    for item in read.read_documents(files, max_doc_bytes=options.max_doc_bytes):
        if isinstance(item, Skipped):
            skipped.append(item)
        else:
            keys.append(cache_key(item, report.model, names))
    key = build_key(keys, skipped, aliases=options.aliases, html_max_nodes=options.html_max_nodes)
    if key != manifest["build"]:
        return None
    try:
        stats = stats_of(manifest)
    except (KeyError, TypeError, ValueError):
        return None  # a damaged manifest costs a rebuild, never a failed one
    report.build_key = key
    return stats


class _PipelineLoader:
    """Loads the spaCy pipeline the first time a document needs parsing, timed as a stage.

    A rebuild whose documents are all unchanged, or whose only change is a removal, never
    loads it (a second or two, and about 100 MB).
    """

    def __init__(self, options: BuildOptions, pipes: frozenset[str], timer: Timer) -> None:
        self.options, self.pipes, self.timer = options, pipes, timer

    def __call__(self) -> Language:
        clock = time.perf_counter()
        nlp = load_nlp(self.options.model, self.pipes)  # cached: loaded once per process
        nlp.max_length = max(nlp.max_length, self.options.max_doc_bytes)
        self.timer.add("load model", time.perf_counter() - clock)
        return nlp


def _names(options: BuildOptions) -> tuple[str, ...]:
    return options.extractors or tuple(extract.EXTRACTORS.names())


def _extract_all(
    options: BuildOptions,
    files: list[read.InputFile],
    nlp: _PipelineLoader,
    names: tuple[str, ...],
    stats: BuildStats,
    timer: Timer,
    progress: Progress | None,
    cached: CachedExtractions,
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
    load: _PipelineLoader,
    names: tuple[str, ...],
    documents: Iterator[Document],
    timer: Timer,
) -> Iterator[DocExtraction | Skipped]:
    first = next(documents, None)
    if first is None:
        return  # every document unchanged since the last build: nothing to parse
    documents = chain([first], documents)
    workers = options.workers or 1
    if not options.dask:
        # Worker processes forked from here inherit the loaded pipeline instead of loading it.
        nlp = load()
    if not options.dask and workers < 2:
        parsed = parse_documents(nlp, documents, batch_size=options.batch_size)
        for doc, document in parsed:
            clock = time.perf_counter()
            yield extract.extract_safely(doc, document, names)
            timer.add("extract", time.perf_counter() - clock)
        return
    # Workers parse and extract; what comes back is already plain data.
    seconds = WorkerSeconds()
    if options.dask:
        results = extract_on_dask(
            options.dask,
            documents,
            model=options.model,
            names=names,
            seconds=seconds,
            batch_size=options.batch_size,
        )
    else:
        results = extract_in_processes(
            documents,
            workers=workers,
            model=options.model,
            names=names,
            batch_size=options.batch_size,
            seconds=seconds,
        )
    started, reading = time.perf_counter(), timer.stats.seconds_by_stage.get("read", 0.0)
    yield from results
    read = timer.stats.seconds_by_stage.get("read", 0.0) - reading
    timer.add("extract", seconds.extract_share(time.perf_counter() - started - read))
