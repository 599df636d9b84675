"""Benchmark: `kg build` against bare spaCy on the same texts, pipes and processes.

Prints, from one run: bare spaCy time and words/s, kg build time, their ratio, peak memory of
each (a fresh process each, its worker processes' memory added), peak memory of kg on the
first --small articles beside the whole corpus (does memory stay flat as the corpus grows?),
triples produced, time per stage, the time of a rebuild after one article changed beside the
full build's, and the median latency of every shipped query through the SPARQL endpoint on the
resulting graph.

    python bench/build_bench.py [--corpus DIR] [--limit N] [--small N] [--workers N]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "bbc"
if str(ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(ROOT))


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


def linked_folder(files: list[str]) -> Path:
    """Return a new folder of links to `files`, so kg reads exactly these and nothing is copied."""
    folder = Path(tempfile.mkdtemp(prefix="kg-bench-in-"))
    for f in files:
        (folder / Path(f).name).symlink_to(Path(f).resolve())
    return folder


def kg_build(
    folder: str, workers: int, batch_size: int, output: str, memory: TreeMemory | None = None
) -> dict[str, object]:
    """Build the graph of a folder with kg, as `kg build` does (incremental if output exists).

    `memory`, when given, is told when the corpus stages start, to tell their peak apart from
    the parse's.
    """
    from kg.pipeline import BuildOptions, build_graph

    def on_stage(_: str) -> None:
        if memory is not None:
            memory.phase = "corpus stages"

    start = time.perf_counter()
    report = build_graph(
        BuildOptions(
            inputs=(Path(folder),), output=Path(output), workers=workers, batch_size=batch_size
        ),
        on_stage=on_stage,
    )
    seconds = time.perf_counter() - start
    stats = report.stats
    return {
        "seconds": seconds,
        "triples": stats.triples,
        "documents": stats.documents,
        "reused": stats.reused,
        "stages": stats.seconds_by_stage,
    }


def change_one_article(folder: Path) -> str:
    """Replace the first article's link with an edited copy; return its name."""
    first = sorted(folder.iterdir())[0]
    text = first.read_text(encoding="utf-8")
    first.unlink()
    first.write_text(text + "\nThe company said on Monday that it would not sell the unit.\n")
    return first.name


def query_latencies(output: str, runs: int = 20) -> list[tuple[str, float, int]]:
    """(query, median ms through the endpoint, rows) for each shipped query."""
    from bench.query_bench import measure_query_latency

    return measure_query_latency(Path(output), runs)


def _child(kind: str, args: argparse.Namespace, job: dict[str, object]) -> dict[str, object]:
    """Run one measurement in a fresh process, so peak memory is its own."""
    payload = json.dumps(
        {"kind": kind, "workers": args.workers, "batch_size": args.batch_size, **job}
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


class TreeMemory:
    """Samples the memory of this process and of all its descendants, summed.

    ru_maxrss tells the peak of one process at a time; with worker processes the whole build
    holds the parent and every worker at once, which only sampling the tree sees. Each process
    counts its proportional set size (PSS) where the system tells it: forked workers share the
    parent's pages until they write to them, and summing resident sizes would count those
    pages once per process.

    Once a second: the kernel walks a process's page tables to tell its PSS, about 15 ms for
    600 MB, while that process's own page faults wait. Sampled every 0.1 s, the three
    processes of a build cost most of half a core: in one run each, `kg build` took 229 s
    sampled so against 219 s unsampled, and bare spaCy 175-180 s against 164 s sampled once a
    second. The peaks that matter, in the corpus stages, last several seconds.
    """

    def __init__(self, interval_s: float = 1.0) -> None:
        self.peak = 0
        self.phase = "parse"  # kg_build moves it on when the corpus stages start
        self.peak_by_phase: dict[str, int] = {}
        self._interval = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for process in [me, *me.children(recursive=True)]:
                try:
                    total += _proportional_size(process)
                except psutil.Error:  # a worker that just ended
                    pass
            self.peak = max(self.peak, total)
            phase = self.phase
            self.peak_by_phase[phase] = max(self.peak_by_phase.get(phase, 0), total)
            self._stop.wait(self._interval)

    def stop(self) -> int:
        """Stop sampling; return the peak in bytes."""
        self._stop.set()
        self._thread.join()
        return self.peak


def _proportional_size(process: psutil.Process) -> int:
    full = process.memory_full_info()
    return int(getattr(full, "pss", full.rss))  # no PSS outside Linux: resident size


def _run_child() -> None:
    job = json.loads(sys.stdin.read())
    memory = TreeMemory()
    if job["kind"] == "spacy":
        result: dict[str, object] = dict(
            bare_spacy(job["files"], job["workers"], job["batch_size"])
        )
    elif job["kind"] == "kg":
        result = kg_build(
            job["folder"], job["workers"], job["batch_size"], job["output"], memory
        )
    else:
        result = {"latencies": query_latencies(job["output"])}
    sampled = memory.stop()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    result["peak_mb"] = max(sampled, own, children) / 2**20
    result["peak_mb_by_phase"] = {k: v / 2**20 for k, v in memory.peak_by_phase.items()}
    print(json.dumps(result))


def _stages(run: dict[str, object]) -> str:
    stages = run["stages"]
    assert isinstance(stages, dict)
    return ", ".join(f"{k} {v:.1f}" for k, v in stages.items())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--small", type=int, default=500, help="articles of the memory check")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _run_child()
        return
    files = [str(p) for p in _texts(args.corpus, args.limit)]
    folder = linked_folder(files)
    small_folder = linked_folder(files[: args.small])
    scratch = Path(tempfile.mkdtemp(prefix="kg-bench-out-"))
    output, small_output = str(scratch / "graph"), str(scratch / "small")
    print(f"corpus: {args.corpus} ({len(files)} articles); workers {args.workers}, ", end="")
    print(f"batch {args.batch_size}; {time.strftime('%Y-%m-%d %H:%M')}")
    spacy_run = _child("spacy", args, {"files": files})
    kg_run = _child("kg", args, {"folder": str(folder), "output": output})
    small_run = _child("kg", args, {"folder": str(small_folder), "output": small_output})
    changed = change_one_article(folder)
    rebuild = _child("kg", args, {"folder": str(folder), "output": output})
    query_run = _child("query", args, {"output": output})

    words = float(spacy_run["words"])  # type: ignore[arg-type]
    bare, built = float(spacy_run["seconds"]), float(kg_run["seconds"])  # type: ignore[arg-type]
    again = float(rebuild["seconds"])  # type: ignore[arg-type]
    big, small = float(kg_run["peak_mb"]), float(small_run["peak_mb"])  # type: ignore[arg-type]
    print(f"{'':34}{'bare spaCy':>14}{'kg build':>14}")
    print(f"{'seconds':34}{bare:14.1f}{built:14.1f}")
    print(f"{'words/s':34}{words / bare:14,.0f}{words / built:14,.0f}")
    print(f"{'peak memory (MB)':34}{spacy_run['peak_mb']:14,.0f}{big:14,.0f}")
    print(f"throughput ratio (kg / bare spaCy): {bare / built:.2f}")
    print(f"triples: {kg_run['triples']:,}   documents: {kg_run['documents']:,}")
    print(f"seconds by stage: {_stages(kg_run)}")
    print(
        f"peak memory, {small_run['documents']:,} vs {kg_run['documents']:,} articles: "
        f"{small:,.0f} MB vs {big:,.0f} MB ({big / small - 1:+.0%})"
    )
    for run in (small_run, kg_run):
        phases = run["peak_mb_by_phase"]
        assert isinstance(phases, dict)
        by_phase = ", ".join(f"{phase} {mb:,.0f} MB" for phase, mb in phases.items())
        print(f"  {run['documents']:,} articles, sampled peak by phase: {by_phase}")
    print(
        f"rebuild after changing {changed}: {again:.1f} s, {again / built:.1%} of the full build "
        f"({rebuild['reused']:,} of {rebuild['documents']:,} articles reused)"
    )
    print(f"  seconds by stage: {_stages(rebuild)}")
    latencies = query_run["latencies"]
    assert isinstance(latencies, list)
    print("median query latency through the endpoint (ms, rows):")
    for name, median, rows in latencies:
        print(f"  {name:24}{median:10.1f}{rows:8,}")


if __name__ == "__main__":
    main()
