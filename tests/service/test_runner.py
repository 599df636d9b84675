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
    release.set()
    assert runner.wait_idle(5)
    assert asyncio.run(runner.run(lambda stop: 2)) == 2
