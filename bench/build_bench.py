"""Benchmark: `kg build` against bare spaCy on the same texts, pipes and processes.

Prints, from one run: bare spaCy time and words/s, kg build time, their ratio, peak memory of
each (separate processes), triples produced, time per stage, and the median latency of every
shipped query on the resulting graph.

    python bench/build_bench.py [--corpus DIR] [--limit N] [--workers N]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "bbc"


def _texts(corpus: Path, limit: int | None) -> list[Path]:
    files = sorted(p for p in corpus.glob("*.txt") if p.name != "README.md")
    return files[:limit] if limit else files


def bare_spacy(files: list[str], workers: int, batch_size: int) -> dict[str, float]:
    """Parse the texts with spaCy alone, with the pipes kg's extractors need."""
    from kg import extract
    from kg.nlp import load_nlp

    nlp = load_nlp(None, extract.required_pipes(extract.EXTRACTORS.names()))
    texts = [Path(f).read_text(encoding="utf-8") for f in files]
    words = sum(len(t.split()) for t in texts)
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size, n_process=workers):
        pass
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "words": words, "pipes": len(nlp.pipe_names)}


def kg_build(files: list[str], workers: int, batch_size: int, output: str) -> dict[str, object]:
    """Build the graph of the texts with kg, as `kg build` does."""
    from kg.pipeline import BuildOptions, build_graph

    folder = Path(tempfile.mkdtemp(prefix="kg-bench-in-"))
    for f in files:  # links, so kg reads exactly these files and nothing is copied
        (folder / Path(f).name).symlink_to(Path(f).resolve())
    start = time.perf_counter()
    report = build_graph(
        BuildOptions(inputs=(folder,), output=Path(output), workers=workers, batch_size=batch_size)
    )
    seconds = time.perf_counter() - start
    stats = report.stats
    return {
        "seconds": seconds,
        "triples": stats.triples,
        "documents": stats.documents,
        "stages": stats.seconds_by_stage,
    }


def query_latencies(output: str, repeat: int = 5) -> dict[str, float]:
    """Median latency, in milliseconds, of each shipped query on a built graph."""
    from kg.query import list_queries, load_query, run_query
    from kg.store import open_graph

    graph = open_graph(Path(output))
    first_entity = next(
        iter(graph.query("SELECT ?e WHERE { ?e a <https://schema.org/Organization> } LIMIT 1"))
    )[0]
    params = {"entity": str(first_entity), "label": "BBC"}
    latencies = {}
    for info in list_queries():
        query = load_query(info.name)
        bound = {p.name: params[p.name] for p in query.params if p.name in params}
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            run_query(graph, query, bound)
            times.append((time.perf_counter() - start) * 1000)
        latencies[info.name] = statistics.median(times)
    return latencies


def _child(kind: str, args: argparse.Namespace, files: list[str], output: str) -> dict[str, object]:
    """Run one measurement in a fresh process, so peak memory is its own."""
    payload = json.dumps(
        {
            "kind": kind,
            "files": files,
            "workers": args.workers,
            "batch_size": args.batch_size,
            "output": output,
        }
    )
    done = subprocess.run(
        [sys.executable, __file__, "--child"],
        input=payload,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{kind} measurement failed:\n{done.stderr}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _run_child() -> None:
    job = json.loads(sys.stdin.read())
    if job["kind"] == "spacy":
        result: dict[str, object] = dict(
            bare_spacy(job["files"], job["workers"], job["batch_size"])
        )
    elif job["kind"] == "kg":
        result = kg_build(job["files"], job["workers"], job["batch_size"], job["output"])
    else:
        result = {"latencies": query_latencies(job["output"])}
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result["peak_mb"] = max(own, children) / 1024  # ru_maxrss is in KiB on Linux
    print(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _run_child()
        return
    files = [str(p) for p in _texts(args.corpus, args.limit)]
    output = tempfile.mkdtemp(prefix="kg-bench-out-") + "/graph"
    print(f"corpus: {args.corpus} ({len(files)} articles)")
    print(f"workers {args.workers}, batch {args.batch_size}")
    spacy_run = _child("spacy", args, files, output)
    kg_run = _child("kg", args, files, output)
    query_run = _child("query", args, files, output)
    words = float(spacy_run["words"])  # type: ignore[arg-type]
    bare, built = float(spacy_run["seconds"]), float(kg_run["seconds"])  # type: ignore[arg-type]
    print(f"{'':28}{'bare spaCy':>14}{'kg build':>14}")
    print(f"{'seconds':28}{bare:14.1f}{built:14.1f}")
    print(f"{'words/s':28}{words / bare:14,.0f}{words / built:14,.0f}")
    print(f"{'peak memory (MB)':28}{spacy_run['peak_mb']:14,.0f}{kg_run['peak_mb']:14,.0f}")
    print(f"throughput ratio (kg / bare spaCy): {bare / built:.2f}")
    print(f"triples: {kg_run['triples']:,}   documents: {kg_run['documents']:,}")
    stages = kg_run["stages"]
    assert isinstance(stages, dict)
    print("seconds by stage: " + ", ".join(f"{k} {v:.1f}" for k, v in stages.items()))
    latencies = query_run["latencies"]
    assert isinstance(latencies, dict)
    print(
        "median query latency (ms): "
        + ", ".join(f"{k} {v:.1f}" for k, v in sorted(latencies.items()))
    )


if __name__ == "__main__":
    main()
