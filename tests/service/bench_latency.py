"""Median latency of each shipped query through the running endpoint (not a test).

Usage: python -m tests.service.bench_latency GRAPH_DIR [RUNS]
Starts the app under uvicorn on 127.0.0.1 (a free port), POSTs each queries/*.rq RUNS times
(after one warm-up) and prints the median and the row count.
"""

from __future__ import annotations

import statistics
import sys
import threading
import time
from pathlib import Path

import httpx
import uvicorn

from kg.query import list_queries
from kg.serve import create_app
from kg.serve.app import bind_socket


def main(graph_dir: Path, runs: int) -> None:
    sock = bind_socket("127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(create_app(graph_dir), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}/sparql"
    with httpx.Client(timeout=60) as client:
        for info in list_queries():
            text = info.path.read_text(encoding="utf-8")
            client.post(url, data={"query": text}).raise_for_status()  # warm-up
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                r = client.post(url, data={"query": text})
                times.append(time.perf_counter() - started)
                r.raise_for_status()
            rows = len(r.json()["results"]["bindings"])
            print(f"{info.name:16} {statistics.median(times) * 1000:8.1f} ms  {rows:5d} rows")
    server.should_exit = True
    thread.join(timeout=10)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 9)
