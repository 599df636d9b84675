"""The `kg` command line: the only code that prints or exits.

Each command parses its options, makes one library call and prints a summary. A KGError
becomes one line on stderr and exit status 1; anything else is a bug and shows its traceback.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg.errors import KGError

if TYPE_CHECKING:
    from kg.pipeline import BuildReport

app = typer.Typer(
    help="Build a knowledge graph from news text, then query, explore and export it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err = Console(stderr=True)

T = TypeVar("T")
DEFAULT_GRAPH = Path("output")
GraphOption = Annotated[
    Path, typer.Option("--graph", "-g", help="Folder that `kg build` wrote.", show_default=True)
]


@contextmanager
def _reported() -> Iterator[None]:
    try:
        yield
    except KGError as exc:
        err.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False, soft_wrap=True)
        if exc.hint:
            err.print(f"hint: {exc.hint}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        err.print("interrupted: nothing was changed in the output folder", markup=False)
        raise typer.Exit(130) from None


def call_reported(fn: Callable[[], T]) -> T:
    with _reported():
        return fn()


@app.command()
def build(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders to read (default: seeds/).")
    ] = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="Output folder.")] = DEFAULT_GRAPH,
    model: Annotated[
        str | None, typer.Option(help="spaCy pipeline (package or path); default: best installed.")
    ] = None,
    extractor: Annotated[
        list[str] | None, typer.Option("--extractor", "-x", help="Run only these extractors.")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1, help="Parser processes (default: 2 for 128+ documents on 2+ cores, else 1)."
        ),
    ] = None,
    max_doc_bytes: Annotated[
        int | None, typer.Option(min=1, help="Skip documents larger than this.")
    ] = None,
    html_max_nodes: Annotated[
        int, typer.Option(min=1, help="Above this, the page shows the most central entities.")
    ] = 2000,
    aliases: Annotated[
        Path | None, typer.Option(help="CSV of 'surface form,canonical name' rules.")
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(help="Extract on a Dask cluster: scheduler address or 'local[N]'."),
    ] = None,
    incremental: Annotated[
        bool,
        typer.Option(
            "--incremental/--full",
            help="Reuse the last build's extractions of unchanged documents, or parse all.",
        ),
    ] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Read documents, extract entities and relations, write graph.ttl, graph.html and the store."""
    with _reported():  # Ctrl-C while spaCy loads is still a clean stop
        from kg import read
        from kg.pipeline import BuildOptions, build_graph

    options = BuildOptions(
        inputs=tuple(paths or [Path("seeds")]),
        output=output,
        model=model,
        extractors=tuple(extractor) if extractor else None,
        workers=workers,
        max_doc_bytes=max_doc_bytes or read.DEFAULT_MAX_DOC_BYTES,
        html_max_nodes=html_max_nodes,
        aliases=aliases,
        dask=dask,
        incremental=incremental,
    )
    started = time.perf_counter()
    with (
        _reported(),
        Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            disable=quiet or not err.is_terminal,
            transient=True,
        ) as bar,
    ):
        task = bar.add_task("reading", total=None)

        def progress(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total, description="extracting")

        def on_stage(stage: str) -> None:
            bar.update(task, description=_STAGE_NAMES.get(stage, stage))

        report = build_graph(options, progress, on_stage)
    _print_build_summary(report, time.perf_counter() - started)
    if report.stats.skipped:
        raise typer.Exit(2)


# What the progress line says while each stage after extraction runs.
_STAGE_NAMES = {
    "resolve": "resolving entities",
    "rdf": "writing RDF",
    "cache": "saving extractions",
    "analytics": "ranking entities",
    "html": "drawing the page",
    "turtle": "writing Turtle",
    "report": "writing the report",
    "store": "finishing the store",
}


def counts_table(title: str) -> Table:
    """Return an empty two-column table of counts, as the command summaries print them."""
    table = Table(title=title, show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column(justify="right")
    return table


def _print_build_summary(report: BuildReport, seconds: float) -> None:
    stats = report.stats
    table = counts_table(f"kg build → {report.output}")
    table.add_row("documents", str(stats.documents))
    if stats.reused:
        table.add_row("  unchanged, not parsed again", str(stats.reused))
    table.add_row("sentences", str(stats.sentences))
    for kind, count in stats.entities_by_type.items():
        table.add_row(f"entities: {kind}", str(count))
    table.add_row("statements: positive", str(stats.positive))
    table.add_row("statements: negative", str(stats.negative))
    table.add_row("statements: hedged", str(stats.hedged))
    table.add_row("quotes", str(stats.quotes))
    table.add_row("triples", str(stats.triples))
    table.add_row("seconds", f"{seconds:.1f}")
    for stage, spent in stats.seconds_by_stage.items():
        table.add_row(f"  {stage}", f"{spent:.2f}")
    table.add_row("model", report.model)
    console.print(table)
    for skipped in stats.skipped:
        err.print(f"skipped: {skipped.source}: {skipped.reason}", markup=False, highlight=False)
    if stats.empty:
        err.print(f"note: {len(stats.empty)} document(s) yielded no relation", markup=False)
    if report.up_to_date:
        console.print(
            f"{report.output} is up to date: nothing it was built from has changed, so nothing"
            " was written (`kg build --full` rebuilds it)",
            markup=False,
        )
    console.print(f"open {report.output / 'graph.html'} in a browser; query with `kg query --list`")


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="turtle, nt, nquads, trig, jsonld, …")],
    graph_dir: GraphOption = DEFAULT_GRAPH,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
) -> None:
    """Export a built graph in another format."""
    from kg.export import EXPORTERS
    from kg.files import write_bytes
    from kg.store import open_graph

    def render() -> bytes:
        exporter = EXPORTERS.get(fmt)
        return exporter.render(open_graph(graph_dir))

    data = call_reported(render)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        write_bytes(output, data)
        err.print(f"wrote {output} ({len(data):,} bytes)", markup=False)


@app.command()
def stats(
    graph_dir: GraphOption = DEFAULT_GRAPH,
    top: Annotated[
        int, typer.Option(min=1, help="How many entities and communities to show.")
    ] = 10,
) -> None:
    """Print the most central entities, the communities and the counts of a built graph."""
    from kg.analyze import summarize
    from kg.store import open_graph

    summary = call_reported(lambda: summarize(open_graph(graph_dir), top=top))
    counts = counts_table("graph")
    counts.add_row("documents", str(summary.documents))
    counts.add_row("entities", str(summary.entities))
    for kind, count in summary.entities_by_type.items():
        counts.add_row(f"  {kind}", str(count))
    counts.add_row("statements", str(summary.statements))
    counts.add_row("  positive", str(summary.positive))
    counts.add_row("  negative", str(summary.negative))
    counts.add_row("  hedged or reported", str(summary.hedged))
    counts.add_row("quotes", str(summary.quotes))
    counts.add_row("communities", str(summary.community_count))
    counts.add_row("connected components", str(summary.components))
    console.print(counts)
    central = Table(
        "entity", "type", "PageRank", "degree", title="most central", title_justify="left"
    )
    for entity in summary.top_entities:
        central.add_row(entity.label, entity.type, f"{entity.pagerank:.4f}", str(entity.degree))
    console.print(central)
    groups = Table("#", "members", title="largest communities", title_justify="left")
    for community in summary.communities:
        groups.add_row(str(community.number), ", ".join(community.labels))
    console.print(groups)


@app.command()
def serve(
    graph_dir: GraphOption = DEFAULT_GRAPH,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port.")] = 7878,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds a query may run.")] = 10.0,
    max_rows: Annotated[
        int, typer.Option(min=1, help="Rows or triples returned at most.")
    ] = 10_000,
    in_memory: Annotated[
        bool,
        typer.Option(
            "--in-memory/--on-disk",
            help="Copy the graph into memory first (queries run several times faster), "
            "or query the on-disk store (for a graph larger than memory).",
        ),
    ] = True,
) -> None:
    """Serve the graph: a read-only SPARQL endpoint at /sparql and a query page at /."""
    from kg.serve import serve as run_server

    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"warning: {host} is reachable from other machines; kg serve has no login")
    console.print(f"serving {graph_dir} at http://{host}:{port}/ (SPARQL: /sparql); Ctrl-C stops")
    call_reported(
        lambda: run_server(
            graph_dir, host, port, timeout_s=timeout, max_rows=max_rows, in_memory=in_memory
        )
    )


@app.command()
def remove(
    documents: Annotated[
        list[str], typer.Argument(help="Document ids or source paths (see manifest.json).")
    ],
    graph_dir: GraphOption = DEFAULT_GRAPH,
) -> None:
    """Retract documents from a built graph: their statements, and what only they supported."""
    from kg.retract import remove_documents

    started = time.perf_counter()
    report, removed = call_reported(lambda: remove_documents(graph_dir, documents))
    for doc_id in removed:
        console.print(f"removed {doc_id}", markup=False, highlight=False)
    _print_build_summary(report, time.perf_counter() - started)
    err.print("note: a later `kg build` of the same inputs reads removed files again")


# These commands live in their own modules; importing them registers them on `app`.
from kg import cli_eval, cli_push, cli_query  # noqa: E402, F401


def main() -> None:
    """Run the CLI (the `kg` script and `python -m kg`)."""
    app()
