"""Shared fixtures: hand-built parses (no model), the real pipeline, a small graph."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from click.testing import Result
from rdflib import Graph
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab
from typer.testing import CliRunner

from kg.model import Document

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite golden files from current output"
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


MakeDoc = Callable[..., tuple[Doc, Document]]


@pytest.fixture
def make_doc() -> MakeDoc:
    """Build a parsed Doc by hand: words, heads (absolute indices), deps, optional tags,
    lemmas, POS, entities as (start, end, label) token spans and sentence starts."""

    def build(
        words: Sequence[str],
        heads: Sequence[int],
        deps: Sequence[str],
        *,
        tags: Sequence[str] | None = None,
        pos: Sequence[str] | None = None,
        lemmas: Sequence[str] | None = None,
        ents: Sequence[tuple[int, int, str]] = (),
        spaces: Sequence[bool] | None = None,
        doc_id: str = "doc.txt",
    ) -> tuple[Doc, Document]:
        doc = Doc(
            Vocab(),
            words=list(words),
            spaces=list(spaces) if spaces is not None else None,
            heads=list(heads),
            deps=list(deps),
            tags=list(tags) if tags is not None else None,
            pos=list(pos) if pos is not None else None,
            lemmas=list(lemmas) if lemmas is not None else [w.lower() for w in words],
        )
        doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
        return doc, Document(id=doc_id, text=doc.text, source=doc_id)

    return build


def build_with_cli(inputs: Path, output: Path) -> Result:
    """Run `kg build INPUTS -o OUTPUT` in-process and require success."""
    from kg.cli import app

    result = CliRunner().invoke(app, ["build", str(inputs), "-o", str(output), "--quiet"])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="session")
def seed_graph_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed article built once per session through the real CLI."""
    out = tmp_path_factory.mktemp("seed") / "output"
    build_with_cli(SEEDS, out)
    return out


@pytest.fixture(scope="session")
def seed_graph(seed_graph_dir: Path) -> Graph:
    return Graph().parse(seed_graph_dir / "graph.ttl", format="turtle")


@pytest.fixture(scope="session")
def small_graph() -> Graph:
    """A hand-made graph in kg's data model, modelled on the seed article (no model needed)."""
    return Graph().parse(ROOT / "tests" / "fixtures" / "small_graph.ttl", format="turtle")


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def small_graph_on_each_store(request: pytest.FixtureRequest) -> Iterator[Graph]:
    """small_graph.ttl loaded into rdflib's own store and into Oxigraph, in turn."""
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    if request.param == "oxigraph":
        graph = Graph(store="Oxigraph", identifier=DATASET_DEFAULT_GRAPH_ID)
    else:
        graph = Graph()
    graph.parse(ROOT / "tests" / "fixtures" / "small_graph.ttl", format="turtle")
    yield graph
    graph.close()


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The pinned English pipeline; a missing model fails loudly, never skips."""
    from kg.nlp import load_nlp

    return load_nlp(None)
