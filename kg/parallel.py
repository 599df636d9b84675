"""Parse and extract in worker processes, so that only plain results come back.

Each worker loads the spaCy pipeline once and turns whole batches of Documents into
DocExtractions (or Skipped): the parent never receives a Doc, and extraction runs beside the
parse in every worker instead of after it in the parent. `--workers N` runs the batches on a
local process pool; kg/distributed.py runs the same batches on Dask. Results come back in input
order, and a batch holds the same documents as spaCy's own batches in one process, so the output
does not depend on the number of workers.
Must not import rdflib.
"""

from __future__ import annotations

import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice

from kg import extract
from kg.errors import KGError
from kg.model import DocExtraction, Document, Skipped
from kg.nlp import load_nlp, parse_documents

Result = DocExtraction | Skipped


@dataclass(frozen=True, slots=True)
class BatchResult:
    """One batch's results in input order, and the seconds its worker spent on each stage."""

    results: tuple[Result, ...]
    parse_seconds: float
    extract_seconds: float


@dataclass(slots=True)
class WorkerSeconds:
    """Parse and extract seconds added up over every batch, whichever worker ran it."""

    parse: float = 0.0
    extract: float = 0.0

    def add(self, batch: BatchResult) -> None:
        self.parse += batch.parse_seconds
        self.extract += batch.extract_seconds

    def extract_share(self, wall: float) -> float:
        """Return the part of `wall` seconds that went to extraction.

        Workers run side by side, so their seconds add up to more than the wall clock; the
        build's stages must add up to its wall time, so the wall time is split between parse
        and extract as the workers' own seconds were.
        """
        busy = self.parse + self.extract
        return wall * self.extract / busy if busy > 0 else 0.0


def extract_batch(
    documents: list[Document], model: str | None, names: tuple[str, ...], batch_size: int
) -> BatchResult:
    """Parse and extract one batch in this process (a worker); the pipeline is cached."""
    nlp = load_nlp(model, extract.required_pipes(names))
    nlp.max_length = max(nlp.max_length, max((len(d.text) for d in documents), default=0) + 1)
    started, extracting = time.perf_counter(), 0.0
    results: list[Result] = []
    for doc, document in parse_documents(nlp, documents, batch_size=batch_size):
        clock = time.perf_counter()
        results.append(extract.extract_safely(doc, document, names))
        extracting += time.perf_counter() - clock
    return BatchResult(tuple(results), time.perf_counter() - started - extracting, extracting)


Pending = Callable[[], BatchResult]  # waits for a submitted batch and returns it


def in_order(
    documents: Iterable[Document],
    submit: Callable[[list[Document]], Pending],
    *,
    batch_size: int,
    in_flight: int,
    seconds: WorkerSeconds,
) -> Iterator[Result]:
    """Submit batches of documents and yield their results in input order.

    At most `in_flight` batches are out at a time, so memory stays bounded however large the
    corpus; the documents are read only as batches are submitted.
    """
    stream = iter(documents)
    pending: deque[Pending] = deque()

    def submit_next() -> bool:
        batch = list(islice(stream, batch_size))
        if batch:
            pending.append(submit(batch))
        return bool(batch)

    while len(pending) < in_flight and submit_next():
        pass
    while pending:
        batch = pending.popleft()()
        submit_next()
        seconds.add(batch)
        yield from batch.results


def _start_worker(model: str | None, names: tuple[str, ...]) -> None:
    # Ctrl-C reaches every process of the terminal's group: the parent stops the workers
    # itself, so they must not each die mid-batch with a traceback of their own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    load_nlp(model, extract.required_pipes(names))


def extract_in_processes(
    documents: Iterable[Document],
    *,
    workers: int,
    model: str | None,
    names: tuple[str, ...],
    batch_size: int,
    seconds: WorkerSeconds,
) -> Iterator[Result]:
    """Parse and extract documents in `workers` local processes, yielding results in order.

    Ctrl-C or an error in the parent stops the workers at once.

    Raises:
        KGError: a worker process died (killed, out of memory); the build ends instead of
            waiting for it.
    """
    executor = ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(model, names))

    def submit(batch: list[Document]) -> Pending:
        with _interrupts_deferred():  # the first submit forks the workers
            future: Future[BatchResult] = executor.submit(
                extract_batch, batch, model, names, batch_size
            )
        return future.result

    finished = False
    try:
        yield from in_order(
            documents, submit, batch_size=batch_size, in_flight=2 * workers, seconds=seconds
        )
        finished = True
    except BrokenProcessPool as exc:
        raise KGError(
            "a worker process died while parsing (out of memory, or killed)",
            hint="build again with fewer --workers or a smaller --batch-size",
        ) from exc
    finally:
        if not finished:
            _stop_now(executor)
        executor.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Hold a Ctrl-C that comes during the block and raise it at the block's end.

    Forking runs Python hooks in the parent (logging's lock release), and an interrupt raised
    inside one is printed as "Exception ignored" and lost: the build went on to the end as if
    Ctrl-C had never been pressed. Only the main thread may set a signal handler; elsewhere
    the block runs as it is.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, _: caught.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught and callable(previous):
        previous(signal.SIGINT, None)  # Python's own handler raises KeyboardInterrupt
    elif caught and previous == signal.SIG_DFL:
        signal.raise_signal(signal.SIGINT)


def _stop_now(executor: ProcessPoolExecutor) -> None:
    # The executor has no public way to stop a running task (before Python 3.14): without
    # this, Ctrl-C would still wait for each worker to finish its batch.
    processes = list((executor._processes or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
