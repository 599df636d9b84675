"""Fixtures for `kg serve`: a small hand-made graph, the seed graph and live servers."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
import uvicorn
from rdflib import RDF, RDFS, SDO, SKOS, Graph, Literal
from rdflib.namespace import PROV
from starlette.applications import Starlette
from starlette.testclient import TestClient

from kg.serve import create_app
from kg.serve.app import ServeState, bind_socket
from kg.store import STORE_DIR
from kg.vocab import CORPUS_GRAPH, KG, REL, document_iri, entity_iri, quote_iri, statement_iri
from tests.conftest import SEEDS

HOSTILE = '<img src=x onerror="window.kgPwned=1">'
MS = entity_iri("organization/microsoft")
EVIL = entity_iri("person/evil")
FRT = entity_iri("concept/facial-recognition-technology")
DOC = document_iri("a.txt")


def small_graph() -> Graph:
    """A few facts, one negated, one quote and a label that is an HTML payload."""
    g = Graph()
    g.add((DOC, RDF.type, SDO.NewsArticle))
    g.add((DOC, KG.sourcePath, Literal("seeds/a.txt")))
    g.add((DOC, SDO.headline, Literal("Microsoft <b>bans</b> sales")))
    for iri, label, cls in (
        (MS, "Microsoft", SDO.Organization),
        (EVIL, HOSTILE, SDO.Person),
        (FRT, "facial recognition technology", SKOS.Concept),
    ):
        g.add((iri, RDF.type, cls))
        g.add((iri, RDFS.label, Literal(label)))
        g.add((DOC, SDO.mentions, iri))
    g.add((FRT, SKOS.altLabel, Literal("FRT")))
    g.add((REL.sell, RDFS.label, Literal("sell")))
    g.add((REL.praise, RDFS.label, Literal("praise")))
    for pred, obj, polarity, evidence in (
        (REL.sell, FRT, KG.Negative, "Microsoft will not sell FRT."),
        (REL.praise, EVIL, KG.Positive, f"Microsoft praised {HOSTILE}."),
    ):
        st = statement_iri("a.txt", 0, 10, str(pred))
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.subject, MS))
        g.add((st, RDF.predicate, pred))
        g.add((st, RDF.object, obj))
        g.add((st, PROV.wasDerivedFrom, DOC))
        g.add((st, KG.polarity, polarity))
        g.add((st, KG.evidence, Literal(evidence)))
        if polarity == KG.Positive:
            g.add((MS, pred, obj))
    q = quote_iri("a.txt", 30, 50)
    g.add((q, RDF.type, SDO.Quotation))
    g.add((q, SDO.text, Literal(f"We said {HOSTILE}")))
    g.add((q, SDO.creator, EVIL))
    g.add((q, PROV.wasDerivedFrom, DOC))
    return g


def _write_store(graph: Graph, out: Path) -> None:
    # As a build does: every quad in a named graph, none in the default graph.
    store = ox.Store(str(out / STORE_DIR))
    data = graph.serialize(format="nt", encoding="utf-8")
    store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(CORPUS_GRAPH)))
    store.flush()
    del store  # closes the database


@pytest.fixture(scope="session")
def small_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("small-graph")
    _write_store(small_graph(), out)
    (out / "graph.html").write_text("<!doctype html><title>graph</title><p>graph page</p>")
    return out


@pytest.fixture(scope="session")
def small_app(small_dir: Path) -> Starlette:
    return create_app(small_dir, timeout_s=5.0, max_rows=3)


@pytest.fixture
def client(small_app: Starlette) -> Iterator[TestClient]:
    with TestClient(small_app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="session")
def seed_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed graph, built once per session through the library."""
    from kg.pipeline import BuildOptions, build_graph

    out = tmp_path_factory.mktemp("serve-seed") / "output"
    build_graph(BuildOptions(inputs=(SEEDS,), output=out))
    return out


@dataclass
class Live:
    """A running server: its base URL and its app's state."""

    url: str
    state: ServeState


@pytest.fixture(scope="session")
def live_server() -> Iterator[Callable[[Starlette], Live]]:
    """Start apps under a real uvicorn on 127.0.0.1 (a free port each); stop them at the end."""
    running: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(app: Starlette) -> Live:
        sock = bind_socket("127.0.0.1", 0)
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        running.append((server, thread))
        started = threading.Event()

        def wait() -> None:
            while not server.started and thread.is_alive():
                started.wait(0.01)

        wait()
        if not server.started:
            pytest.fail("uvicorn did not start")
        port = sock.getsockname()[1]
        return Live(f"http://127.0.0.1:{port}", app.state.kg)

    yield start
    for server, thread in running:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def seed_server(seed_dir: Path, live_server: Callable[[Starlette], Live]) -> Live:
    """The seed graph behind the default limits."""
    return live_server(create_app(seed_dir))
