"""`kg push`: send a built graph to a SPARQL 1.1 Graph Store Protocol endpoint.

Part of the command line (kg/cli.py registers it by importing this module); like cli.py, the
only code that prints. Credentials come from the environment, never from options, so they stay
out of shell history and process lists.
"""

from __future__ import annotations

import os
import time
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from kg.cli import DEFAULT_GRAPH, GraphOption, app, call_reported, console, counts_table

_LISTED = 20  # graphs named one by one in the summary; beyond that, only the counts


@app.command()
def push(
    url: Annotated[
        str,
        typer.Argument(
            metavar="URL",
            help="Graph Store endpoint, e.g. http://localhost:8890/sparql-graph-crud-auth.",
        ),
    ],
    graph_dir: GraphOption = DEFAULT_GRAPH,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds to wait for each request.")] = (
        60.0
    ),
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be sent; change nothing.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Send every graph, even those the server has.")
    ] = False,
    scope: Annotated[
        str | None,
        typer.Option(
            help="Push under this name, apart from other builds on the same server (one name"
            " per corpus or shard); without it, the push replaces what the last unscoped push sent."
        ),
    ] = None,
) -> None:
    """Send the graph, one named graph per document, replacing only what changed.

    Log in with KG_PUSH_USER and KG_PUSH_PASSWORD (HTTP Basic or Digest, as the server asks)
    or KG_PUSH_TOKEN (a bearer token).
    """
    from kg.push import Action, PushReport, auth_from_env, push_graph

    def run() -> PushReport:
        auth = auth_from_env(os.environ)
        return push_graph(
            graph_dir, url, auth=auth, timeout=timeout, dry_run=dry_run, force=force, scope=scope
        )

    started = time.perf_counter()
    report = call_reported(run)
    seconds = time.perf_counter() - started
    verb = "would be " if report.dry_run else ""
    changes = [g for g in report.graphs if g.action is not Action.UNCHANGED]
    if changes and len(changes) <= _LISTED:
        table = Table("graph", "action", "triples", title_justify="left")
        for change in changes:
            table.add_row(
                Text(change.iri), f"{verb}{change.action.value}", str(change.triples or "–")
            )
        console.print(table)
    counts = counts_table("kg push (dry run)" if report.dry_run else "kg push")
    for action in Action:
        label = action.value if action is Action.UNCHANGED else f"{verb}{action.value}"
        counts.add_row(f"graphs {label}", str(report.count(action)))
    counts.add_row(f"triples {verb}sent", str(report.triples_sent))
    counts.add_row("seconds", f"{seconds:.1f}")
    console.print(counts)
    done = "dry run: nothing was sent to" if report.dry_run else "pushed to"
    console.print(Text(f"{done} {report.url}"))
