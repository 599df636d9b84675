"""Extraction on a Dask cluster, for corpora that outgrow one machine.

Workers parse and extract whole batches of documents with kg/parallel.py's `extract_batch`
(the spaCy pipeline is loaded once per worker process and cached) and send back only plain
DocExtractions; resolution, RDF and the store stay on the client, which sees exactly what a
single-process build sees.
Must not import rdflib.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from kg.errors import KGError
from kg.model import Document
from kg.parallel import BatchResult, Pending, Result, WorkerSeconds, extract_batch, in_order

_LOCAL = re.compile(r"local\[(\d+)\]")


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
    seconds: WorkerSeconds,
    batch_size: int = 32,
    in_flight: int = 8,
) -> Iterator[Result]:
    """Parse and extract documents on a Dask cluster, yielding results in input order.

    Args:
        address: a scheduler address ("tcp://host:8786") or "local[N]" for N local processes.
        documents: the documents, streamed; at most `in_flight` batches are out at a time, so
            memory stays bounded however large the corpus.
        model: the spaCy pipeline each worker loads (it must be installed on the workers).
        names: the extractors to run.
        seconds: adds up what the workers spent parsing and extracting.
        batch_size: documents per task.
        in_flight: batches submitted ahead of the one being collected.
    """
    with _client(address) as client:

        def submit(batch: list[Document]) -> Pending:
            future = client.submit(extract_batch, batch, model, names, batch_size, pure=False)  # type: ignore[attr-defined]

            def wait() -> BatchResult:
                result: BatchResult = future.result()
                return result

            return wait

        yield from in_order(
            documents, submit, batch_size=batch_size, in_flight=in_flight, seconds=seconds
        )
