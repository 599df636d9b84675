"""Extraction on a Dask cluster, for corpora that outgrow one machine.

Workers parse and extract whole batches of documents (the spaCy pipeline is loaded once per
worker process and cached) and send back only plain DocExtractions; resolution, RDF and the
store stay on the client, which sees exactly what a single-process build sees.
Must not import rdflib.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice

from kg.errors import KGError
from kg.model import DocExtraction, Document, Skipped

_LOCAL = re.compile(r"local\[(\d+)\]")


def _extract_batch(
    documents: list[Document], model: str | None, names: tuple[str, ...], batch_size: int
) -> list[DocExtraction | Skipped]:
    # Runs on a worker: imports stay inside so the client need not ship spaCy state.
    from kg import extract
    from kg.nlp import load_nlp, parse_documents

    nlp = load_nlp(model, extract.required_pipes(names))
    nlp.max_length = max(nlp.max_length, max((len(d.text) for d in documents), default=0) + 1)
    parsed = parse_documents(nlp, documents, batch_size=batch_size)
    return [extract.extract_safely(doc, document, names) for doc, document in parsed]


@contextmanager
def _client(address: str) -> Iterator[object]:
    from distributed import Client, LocalCluster  # untyped: the calls below say so

    match = _LOCAL.fullmatch(address.strip())
    try:
        if match:
            workers = int(match.group(1))
            with (
                LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=workers, threads_per_worker=1, processes=True
                ) as cluster,
                Client(cluster) as client,  # type: ignore[no-untyped-call]
            ):
                yield client
        else:
            with Client(address, timeout="10s") as client:  # type: ignore[no-untyped-call]
                yield client
    except OSError as exc:
        raise KGError(
            f"cannot reach the Dask scheduler at {address} ({exc})",
            hint="start one with `dask scheduler` and workers with `dask worker ADDRESS`, "
            "or use --dask 'local[N]'",
        ) from exc


def extract_on_dask(
    address: str,
    documents: Iterable[Document],
    *,
    model: str | None,
    names: tuple[str, ...],
    batch_size: int = 32,
    in_flight: int = 8,
) -> Iterator[DocExtraction | Skipped]:
    """Parse and extract documents on a Dask cluster, yielding results in input order.

    Args:
        address: a scheduler address ("tcp://host:8786") or "local[N]" for N local processes.
        documents: the documents, streamed; at most `in_flight` batches are out at a time, so
            memory stays bounded however large the corpus.
        model: the spaCy pipeline each worker loads (it must be installed on the workers).
        names: the extractors to run.
        batch_size: documents per task.
        in_flight: batches submitted ahead of the one being collected.
    """
    stream = iter(documents)
    with _client(address) as client:
        pending: deque[object] = deque()

        def submit_next() -> bool:
            batch = list(islice(stream, batch_size))
            if batch:
                pending.append(
                    client.submit(_extract_batch, batch, model, names, batch_size, pure=False)  # type: ignore[attr-defined]
                )
            return bool(batch)

        while len(pending) < in_flight and submit_next():
            pass
        while pending:
            future = pending.popleft()
            submit_next()
            yield from future.result()  # type: ignore[attr-defined]
