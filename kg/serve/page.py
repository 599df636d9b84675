"""Serve stage: the offline query page, the entity pages and the built graph page.

Every value from the graph is rendered by Jinja2 with autoescaping (server side) or set with
textContent (page.js): text from news articles is never markup. Pages load only this app's
own CSS and JS, and their Content-Security-Policy forbids anything from elsewhere.
Must not import spaCy or any build stage.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response

from kg.errors import KGError
from kg.query import list_queries
from kg.serve.entity import MAX_FACTS, is_entity_iri, read_entity
from kg.serve.runner import Busy, TimedOut

if TYPE_CHECKING:
    from kg.serve.app import ServeState

__all__ = ["STATIC_DIR", "entity", "graph", "index"]

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
DEFAULT_QUERY = "most-mentioned"
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# graph.html carries its scripts and styles inline; it may still reach nothing but this server.
GRAPH_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; base-uri 'none'"
)
_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)
_ENV.tests["entity_iri"] = is_entity_iri


async def index(request: Request) -> Response:
    """Render the query page: the shipped queries, an editor and a results table."""
    try:
        infos = list_queries()
        texts = {q.name: q.path.read_text(encoding="utf-8") for q in infos}
        problem = None
    except (KGError, OSError, UnicodeDecodeError) as exc:
        infos, texts, problem = [], {}, f"cannot list the shipped queries: {exc}"
    shipped = [
        {
            "name": q.name,
            "purpose": q.purpose,
            "text": texts[q.name],
            # One field each on the page; sent as $name bindings, never pasted into text.
            "params": [{"name": p.name, "description": p.description} for p in q.params],
        }
        for q in infos
    ]
    wanted = request.query_params.get("query", DEFAULT_QUERY)
    selected = wanted if wanted in texts else (DEFAULT_QUERY if DEFAULT_QUERY in texts else None)
    if selected is None and infos:
        selected = infos[0].name
    text = texts.get(selected or "", "SELECT * WHERE {\n  ?s ?p ?o\n}\nLIMIT 20\n")
    state = _state(request)
    return _html(
        "index.html",
        queries=shipped,
        selected=selected,
        text=text,
        problem=problem,
        has_graph=(state.graph_dir / "graph.html").is_file(),
        max_rows=state.max_rows,
    )


async def entity(request: Request) -> Response:
    """Render one entity: names, types, facts with evidence, quotes and documents."""
    iri = request.query_params.get("iri", "")
    if not iri:
        return PlainTextResponse("missing 'iri' parameter\n", status_code=400)
    state = _state(request)
    try:
        view = await state.runner.run(lambda _stop: read_entity(state.store, iri))
    except ValueError as exc:
        return PlainTextResponse(f"not a valid IRI: {exc}\n", status_code=400)
    except (TimedOut, Busy):
        return PlainTextResponse("server busy; try again shortly\n", status_code=503)
    if view is None:
        return _html("missing.html", status=404, iri=iri)
    return _html("entity.html", view=view, max_facts=MAX_FACTS)


async def graph(request: Request) -> Response:
    """Serve the graph page `kg build` wrote, if there is one."""
    path = _state(request).graph_dir / "graph.html"
    if not path.is_file():
        return PlainTextResponse(
            "no graph.html in the graph folder; run `kg build` to write it\n", status_code=404
        )
    return FileResponse(
        path, media_type="text/html", headers={"Content-Security-Policy": GRAPH_POLICY}
    )


def _html(template: str, status: int = 200, **context: object) -> HTMLResponse:
    body = _ENV.get_template(template).render(**context)
    return HTMLResponse(body, status_code=status, headers={"Content-Security-Policy": PAGE_POLICY})


def _state(request: Request) -> ServeState:
    from kg.serve.app import state_of

    return state_of(request)
