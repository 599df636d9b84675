"""Benchmark: the median latency of every shipped query through the SPARQL endpoint.

Serves a built graph as `kg serve` does (uvicorn on 127.0.0.1, a free port, in a thread of
this process), POSTs each queries/*.rq as the query page does (after one warm-up), with the
parameters of its `# example:` line sent as `$name=value` bindings, and prints the median time
of `runs` requests and the rows of the answer.

    python bench/query_bench.py GRAPH_DIR [--runs 20] [--queries DIR] [--timeout 120]

bench/build_bench.py calls measure_query_latency on the graph it built.
"""

from __future__ import annotations

import argparse
import shlex
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))

from kg.catalog import QueryInfo, list_queries  # noqa: E402
from kg.serve import create_app  # noqa: E402
from kg.serve.app import bind_socket  # noqa: E402

_MIN_RUNS = 3
_BUDGET_S = 20.0


def measure_query_latency(
    graph_dir: Path,
    runs: int = 20,
    *,
    queries: Sequence[QueryInfo] | None = None,
    timeout_s: float = 120.0,
    on_result: Callable[[str, float, int], None] | None = None,
    examples: bool = True,
) -> list[tuple[str, float, int]]:
    """Time every shipped query through the endpoint serving graph_dir.

    Args:
        graph_dir: a folder `kg build` wrote.
        runs: requests per query, after one warm-up; a slow query stops after 3 once its
            runs have taken 20 s.
        queries: the queries to time; the shipped ones by default.
        timeout_s: the server's per-query time limit (slow queries still get an answer).
        on_result: called with each query's figures as soon as they are measured.
        examples: send the parameters of each query's `# example:` line; False runs each
            query as shipped, with no parameter bound (skipping those that require one).

    Returns:
        (query name, median milliseconds, rows of the answer) per query, in name order.
    """
    infos = list(queries) if queries is not None else list_queries()
    out = []
    with _serving(graph_dir, timeout_s) as url, httpx.Client(timeout=timeout_s + 5) as client:
        for info in infos:
            data = {"query": info.path.read_text(encoding="utf-8")}
            if examples:
                data.update(_example_bindings(info))
            elif any(param.required for param in info.params):
                continue  # the endpoint refuses it without its parameter
            times = []
            response = client.post(url, data=data)  # warm-up
            for _ in range(runs):
                started = time.perf_counter()
                response = client.post(url, data=data)
                times.append(time.perf_counter() - started)
                if len(times) >= _MIN_RUNS and sum(times) > _BUDGET_S:
                    break  # a query of seconds: a few runs tell its median well enough
            response.raise_for_status()
            rows = len(response.json()["results"]["bindings"])
            out.append((info.name, statistics.median(times) * 1000, rows))
            if on_result is not None:
                on_result(*out[-1])
    return out


def _example_bindings(info: QueryInfo) -> dict[str, str]:
    # "kg query about --param label="Brad Smith"" -> {"$label": "Brad Smith"}
    words = shlex.split(info.example or "")
    return {
        "$" + value.partition("=")[0]: value.partition("=")[2]
        for flag, value in zip(words, words[1:], strict=False)
        if flag == "--param" and "=" in value
    }


@contextmanager
def _serving(graph_dir: Path, timeout_s: float) -> Iterator[str]:
    sock = bind_socket("127.0.0.1", 0)
    app = create_app(graph_dir, timeout_s=timeout_s)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/sparql"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def main(argv: Sequence[str] | None = None) -> None:
    """Print each query's median latency and rows through the endpoint."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graph_dir", type=Path)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--queries", type=Path, help="a folder of .rq files (default: shipped)")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument(
        "--no-examples", action="store_true", help="bind no parameters (queries as shipped)"
    )
    args = parser.parse_args(argv)
    infos = list_queries(args.queries) if args.queries else None

    def show(name: str, ms: float, rows: int) -> None:
        print(f"{name:16} {ms:9.1f} ms {rows:7d} rows", flush=True)

    measure_query_latency(
        args.graph_dir,
        args.runs,
        queries=infos,
        timeout_s=args.timeout,
        on_result=show,
        examples=not args.no_examples,
    )


if __name__ == "__main__":
    main()
