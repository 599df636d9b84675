"""Batches out to workers, results back in input order, stage seconds split honestly."""

from __future__ import annotations

import os
import signal

import pytest

from kg import parallel
from kg.errors import KGError
from kg.model import DocExtraction, Document, Skipped
from kg.parallel import (
    BatchResult,
    Pending,
    WorkerSeconds,
    extract_batch,
    extract_in_processes,
    in_order,
)

NAMES = ("mentions", "quotes", "roles", "clauses")


def _documents(count: int) -> list[Document]:
    return [
        Document(f"d{n}", f"Company {n} said on Monday it would buy Acme Corp.", f"d{n}.txt")
        for n in range(count)
    ]


def _skipped(batch: list[Document]) -> BatchResult:
    return BatchResult(tuple(Skipped(d.source, d.id) for d in batch), 2.0, 1.0)


def test_in_order_yields_results_in_input_order_with_bounded_batches_out() -> None:
    out: list[list[Document]] = []  # submitted, not yet collected
    waits: list[Pending] = []

    def submit(batch: list[Document]) -> Pending:
        out.append(batch)
        assert len(out) <= 2  # never more than in_flight batches at a time

        def wait() -> BatchResult:
            out.remove(batch)
            return _skipped(batch)

        waits.append(wait)
        return wait

    seconds = WorkerSeconds()
    results = list(in_order(_documents(7), submit, batch_size=3, in_flight=2, seconds=seconds))
    assert [r.reason for r in results if isinstance(r, Skipped)] == [f"d{n}" for n in range(7)]
    assert len(waits) == 3  # batches of 3, 3 and 1
    assert (seconds.parse, seconds.extract) == (6.0, 3.0)


def test_extract_share_splits_wall_time_as_the_workers_spent_it() -> None:
    seconds = WorkerSeconds(parse=30.0, extract=10.0)  # two workers side by side: 40 s busy
    assert seconds.extract_share(20.0) == pytest.approx(5.0)
    assert WorkerSeconds().extract_share(3.0) == 0.0


@pytest.mark.model
def test_a_batch_extracts_in_the_worker_and_times_both_stages() -> None:
    batch = extract_batch(_documents(2), None, NAMES, 32)
    assert [r.document.id for r in batch.results if isinstance(r, DocExtraction)] == ["d0", "d1"]
    assert batch.parse_seconds > 0 and batch.extract_seconds > 0


@pytest.mark.model
def test_processes_give_what_one_process_gives_in_order() -> None:
    documents = _documents(5)
    seconds = WorkerSeconds()
    pooled = list(
        extract_in_processes(
            documents, workers=2, model=None, names=NAMES, batch_size=2, seconds=seconds
        )
    )
    assert pooled == list(extract_batch(documents, None, NAMES, 2).results)
    assert seconds.extract > 0


@pytest.mark.model
def test_stopping_early_stops_the_workers() -> None:
    results = extract_in_processes(
        _documents(40), workers=2, model=None, names=NAMES, batch_size=2, seconds=WorkerSeconds()
    )
    next(results)
    results.close()  # what Ctrl-C or an error in the parent does: no wait for the batches out


def _die(documents: list[Document], *args: object) -> BatchResult:
    os._exit(1)  # what the kernel's out-of-memory killer leaves behind


def _no_model(*args: object) -> None:
    pass


def test_a_worker_that_dies_ends_the_build_with_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parallel, "extract_batch", _die)
    monkeypatch.setattr(parallel, "_start_worker", _no_model)
    results = parallel.extract_in_processes(
        _documents(4), workers=2, model=None, names=NAMES, batch_size=2, seconds=WorkerSeconds()
    )
    with pytest.raises(KGError, match="worker process died"):
        list(results)


def test_ctrl_c_while_the_workers_fork_is_raised_once_they_are_forked() -> None:
    # Raised inside a fork hook, the interrupt would be printed as ignored and lost.
    done = []
    with pytest.raises(KeyboardInterrupt):
        with parallel._interrupts_deferred():  # noqa: SLF001
            signal.raise_signal(signal.SIGINT)
            done.append("forked")
    assert done == ["forked"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
