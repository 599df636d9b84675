"""Time the HTML page on a synthetic 5,000-entity / 15,000-statement graph.

Reports the time render_html takes in Python (target < 5 s) and, in headless Chromium opened
from file:// with the network cut off, the time to the first drawn frame (target < 3 s).
Run: .venv/bin/python bench/html_bench.py [--nodes 5000] [--edges 15000] [--max-nodes 2000]
     [--runs 3] [--screenshot bench/html_bench.png]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for the test fixtures' graph builder

from rdflib import Graph  # noqa: E402

from kg.export.html import render_html  # noqa: E402
from tests.fixtures.analyze_graphs import synthetic_graph  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip


def _oxigraph(graph: Graph) -> Graph:
    # The pipeline hands exporters a graph on the Oxigraph store; measure that case.
    ox = Graph(store="Oxigraph")
    ox.addN((s, p, o, ox) for s, p, o in graph)
    return ox


def time_render(graph: Graph, max_nodes: int, runs: int) -> tuple[list[float], bytes]:
    """Return the wall-clock seconds of each render_html run and the last page."""
    times, page = [], b""
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        page = render_html(graph, max_nodes=max_nodes, title="bench")
        times.append(time.perf_counter() - start)
        print(f"  render_html: {times[-1]:.2f} s wall, {time.process_time() - cpu:.2f} s CPU")
    return times, page


def time_first_draw(page: bytes, runs: int, shot: Path | None) -> list[tuple[float, float]]:
    """Return (ms from navigation start to first draw, wall seconds goto -> drawn) per run."""
    from playwright.sync_api import sync_playwright

    out = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        path = Path(tmp) / "bench.html"
        path.write_bytes(page)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for _ in range(runs):
            tab = browser.new_page(viewport={"width": 1400, "height": 900})
            tab.route(
                "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
            )
            cdp = tab.context.new_cdp_session(tab)
            cdp.send("Performance.enable")
            start = time.perf_counter()
            tab.goto(path.as_uri())
            tab.wait_for_function("window.kgDrawn === true", timeout=120_000)
            wall = time.perf_counter() - start
            # The renderer's main-thread CPU time: on a busy machine, wall time overstates
            # what the page costs; this is what it would take on an idle core.
            metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
            print(f"  renderer main thread CPU to first draw: {metrics['ThreadTime']:.2f} s")
            out.append((float(tab.evaluate("window.kgFirstDrawMs")), wall))
            start_ms = float(tab.evaluate("window.kgStartMs"))
            print(f"  page script started at {start_ms / 1000:.2f} s, first draw at "
                  f"{out[-1][0] / 1000:.2f} s")  # fmt: skip
            if shot is not None:
                tab.screenshot(path=str(shot))
            tab.close()
        browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--edges", type=int, default=15000)
    parser.add_argument("--max-nodes", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--screenshot", type=Path, help="save the drawn page as this PNG")
    args = parser.parse_args()
    start = time.perf_counter()
    graph = _oxigraph(synthetic_graph(args.nodes, args.edges))
    print(f"graph: {len(graph):,} triples, built in {time.perf_counter() - start:.1f} s; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")  # fmt: skip
    times, page = time_render(graph, args.max_nodes, args.runs)
    runs = ", ".join(f"{t:.2f}" for t in times)
    print(f"render_html: median {statistics.median(times):.2f} s (runs: {runs}); "
          f"page {len(page) / 1e6:.1f} MB")  # fmt: skip
    draws = time_first_draw(page, args.runs, args.screenshot)
    print(f"first draw: median {statistics.median(d[0] for d in draws) / 1000:.2f} s after "
          f"navigation start (runs: {', '.join(f'{d[0] / 1000:.2f}' for d in draws)}); "
          f"goto -> drawn wall {statistics.median(d[1] for d in draws):.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
