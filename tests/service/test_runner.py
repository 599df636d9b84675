"""The bounded runner: a deadline per job and no pile-up of runaway threads."""

from __future__ import annotations

import asyncio
import threading

import pytest

from kg.serve.runner import Busy, Runner, TimedOut


def test_runner_returns_the_job_result() -> None:
    runner = Runner(workers=2, timeout_s=5)
    assert asyncio.run(runner.run(lambda stop: 41 + 1)) == 42
    assert runner.wait_idle(5)


def test_runner_passes_the_job_exception_on() -> None:
    def fail(stop: threading.Event) -> int:
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        asyncio.run(Runner(workers=1, timeout_s=5).run(fail))


def test_runner_times_out_stops_the_job_and_refuses_while_it_runs() -> None:
    runner = Runner(workers=1, timeout_s=0.05)
    release = threading.Event()
    saw_stop = threading.Event()

    def runaway(stop: threading.Event) -> None:
        stop.wait(5)
        if stop.is_set():
            saw_stop.set()
        release.wait(5)  # like an Oxigraph step that cannot be interrupted

    with pytest.raises(TimedOut):
        asyncio.run(runner.run(runaway))
    assert saw_stop.wait(5)
    assert runner.running == 1
    with pytest.raises(Busy):  # the runaway still holds the only worker
        asyncio.run(runner.run(lambda stop: 1))
    assert runner.running == 1  # waiting for a worker started no thread
    release.set()
    assert runner.wait_idle(5)
    assert asyncio.run(runner.run(lambda stop: 2)) == 2


def test_runner_queues_requests_for_a_free_worker() -> None:
    runner = Runner(workers=1, timeout_s=5)
    gate = threading.Event()

    async def both() -> list[int]:
        first = asyncio.ensure_future(runner.run(lambda stop: gate.wait(5) and 1))
        second = asyncio.ensure_future(runner.run(lambda stop: 2))
        await asyncio.sleep(0.05)
        assert runner.running == 1 and not second.done()
        gate.set()
        return [await first, await second]

    assert asyncio.run(both()) == [1, 2]
