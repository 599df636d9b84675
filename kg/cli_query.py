"""`kg query`: run a shipped, file or inline SPARQL query on a built graph and print the rows.

Part of the command line (kg/cli.py registers it by importing this module); like cli.py, the
only code here that prints or exits.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from kg.catalog import QueryParam
from kg.cli import DEFAULT_GRAPH, GraphOption, app, call_reported, console, err
from kg.errors import QueryError


class ResultFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"


@app.command()
def query(
    spec: Annotated[
        str | None, typer.Argument(help="A queries/ name, a .rq path, or inline SPARQL.")
    ] = None,
    graph_dir: GraphOption = DEFAULT_GRAPH,
    fmt: Annotated[ResultFormat, typer.Option("--format", "-f")] = ResultFormat.TABLE,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE, bound as ?NAME.")
    ] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the shipped queries.")] = False,
    limit: Annotated[
        int | None, typer.Option(min=0, help="Rows at most (replaces the query's LIMIT).")
    ] = None,
    offset: Annotated[int | None, typer.Option(min=0, help="Rows to skip first (paging).")] = None,
) -> None:
    """Run a SPARQL query against a built graph."""
    from kg import query as q

    if list_:
        table = Table("name", "purpose", "params", "page", title="queries", title_justify="left")
        for info in call_reported(q.list_queries):
            table.add_row(
                info.name,
                info.purpose,
                ", ".join(_shown(p) for p in info.params) or "–",
                str(info.page) if info.page else "all",
            )
        console.print(table)
        return
    if spec is None:
        err.print("error: give a query (name, .rq file or SPARQL text), or --list")
        raise typer.Exit(1)
    params = call_reported(lambda: _parse_params(param or []))

    def run() -> q.QueryResult:
        from kg.store import open_graph

        loaded = q.load_query(spec)
        return q.run_query(open_graph(graph_dir), loaded, params, limit=limit, offset=offset)

    result = call_reported(run)
    if result.graph is not None:  # CONSTRUCT / DESCRIBE
        sys.stdout.write(result.graph.serialize(format="turtle"))
    elif result.boolean is not None:  # ASK
        console.print("true" if result.boolean else "false")
    elif fmt is ResultFormat.TABLE:
        table = Table(*result.vars, title=f"{len(result.rows)} row(s)", title_justify="left")
        for row in result.rows:
            # Text cells: a value such as "[/x]" from a document is shown, never read as markup.
            table.add_row(*(Text("" if v is None else v) for v in row), end_section=False)
        console.print(table, soft_wrap=False)
    else:
        text_format: q.ResultFormat = "json" if fmt is ResultFormat.JSON else "csv"
        if fmt is ResultFormat.TSV:
            text_format = "tsv"
        sys.stdout.write(call_reported(lambda: q.render_result(result, text_format)))


def _parse_params(items: list[str]) -> dict[str, str]:
    params = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param {item!r}: expected NAME=VALUE")
        params[name.strip().lstrip("?$")] = value
    return params


def _shown(param: QueryParam) -> str:
    """ "?speaker (any case, required)": the name and the flags its header declares."""
    marks = (("any case", param.any_case), ("required", param.required))
    flags = [flag for flag, on in marks if on]
    return f"?{param.name}" + (f" ({', '.join(flags)})" if flags else "")
