"""Serve stage: run blocking store work off the event loop, with a deadline and a bound.

Oxigraph evaluates a query in Rust with the GIL released, so a worker thread keeps the server
answering while it runs. Must not import spaCy or any build stage.
"""

from __future__ import annotations

import asyncio
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

__all__ = ["Busy", "Runner", "TimedOut"]

T = TypeVar("T")
_POLL_S = 0.005


class Busy(Exception):  # noqa: N818 - a state the client is told about, not a failure
    """Every worker is still running an earlier query."""


class TimedOut(Exception):  # noqa: N818
    """The work did not finish before the deadline."""


class Runner:
    """Runs at most `workers` jobs at once, each given `timeout_s` seconds to answer.

    A pyoxigraph query cannot be interrupted from outside: a job past its deadline is told to
    stop through its Event (the result writers check it between chunks, so a query that streams
    rows stops soon) but a query still inside one evaluation step, such as a huge GROUP BY or
    ORDER BY, runs to its end. Its thread keeps its slot until then, so runaway queries can
    occupy at most `workers` threads; later requests wait for a free worker (as coroutines,
    not threads) and get Busy when none comes free before their own deadline.
    Threads are daemons: stopping the server does not wait for a runaway query.
    """

    def __init__(self, workers: int, timeout_s: float) -> None:
        self.workers = workers
        self.timeout_s = timeout_s
        self._slots = threading.BoundedSemaphore(workers)
        self._lock = threading.Condition()
        self._running = 0

    @property
    def running(self) -> int:
        """Return how many jobs hold a worker now, finished in time or not."""
        with self._lock:
            return self._running

    def wait_idle(self, timeout_s: float) -> bool:
        """Block until no job holds a worker (runaway ones included); False on timeout."""
        with self._lock:
            return self._lock.wait_for(lambda: self._running == 0, timeout_s)

    async def run(self, job: Callable[[threading.Event], T]) -> T:
        """Run job(stop) in a worker thread and return its result.

        A request that finds every worker taken waits for one (a coroutine, not a thread);
        the wait counts towards its timeout_s.

        Raises:
            Busy: no worker came free within timeout_s.
            TimedOut: the job did not finish within timeout_s; `stop` has been set.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout_s
        while not self._slots.acquire(blocking=False):
            if loop.time() >= deadline:
                raise Busy
            # Slots are freed by worker threads, so poll rather than await an asyncio primitive
            # bound to one loop; a few milliseconds are nothing next to a query.
            await asyncio.sleep(_POLL_S)
        stop = threading.Event()
        future: Future[T] = Future()
        future.set_running_or_notify_cancel()  # so cancelling the waiter cannot cancel it
        with self._lock:
            self._running += 1

        def work() -> None:
            try:
                future.set_result(job(stop))
            except BaseException as exc:  # handed to the waiting request, never lost
                _clear_locals(exc)
                future.set_exception(exc)
            finally:
                self._slots.release()
                with self._lock:
                    self._running -= 1
                    self._lock.notify_all()

        threading.Thread(target=work, name="kg-sparql", daemon=True).start()
        try:
            remaining = max(deadline - loop.time(), 0.001)
            return await asyncio.wait_for(asyncio.wrap_future(future), remaining)
        except TimeoutError:
            stop.set()
            raise TimedOut from None


def _clear_locals(exc: BaseException) -> None:
    # pyoxigraph's result iterators must be dropped by the thread that made them; the frames
    # of a failed job still hold them, so free those locals here before the exception leaves.
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        traceback.clear_frames(current.__traceback__)
        current = current.__cause__ or current.__context__
