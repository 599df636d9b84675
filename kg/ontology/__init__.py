"""kg's ontology and SHACL shapes, and validation of a built graph against the shapes.

The Turtle files ship inside the package: ontology.ttl declares every kg: term, shapes.ttl holds
the shapes every build's output must satisfy (docs/data-model.md is the contract).
Must not import spaCy or any build stage.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from rdflib import Graph

__all__ = ["ONTOLOGY_PATH", "SHAPES_PATH", "load_shapes", "validate"]

ONTOLOGY_PATH = Path(str(resources.files(__name__) / "ontology.ttl"))
SHAPES_PATH = Path(str(resources.files(__name__) / "shapes.ttl"))


def load_shapes() -> Graph:
    """Return the SHACL shapes graph parsed from shapes.ttl."""
    return Graph().parse(SHAPES_PATH, format="turtle")


def validate(graph: Graph) -> tuple[bool, str]:
    """Validate a graph against kg's SHACL shapes, without inference.

    Args:
        graph: a graph in kg's data model (an in-memory or Oxigraph-backed rdflib Graph).

    Returns:
        Whether the graph conforms, and pySHACL's report text naming each violation.
    """
    # pySHACL takes a second to import: only pay for it when validating.
    from pyshacl import validate as shacl_validate

    conforms, _, text = shacl_validate(
        graph, shacl_graph=load_shapes(), inference="none", allow_warnings=False
    )
    return bool(conforms), str(text)
