"""kg: build a queryable knowledge graph, with provenance for every fact, from news text.

The stages, in order: read -> nlp -> extract -> resolve -> rdf -> export | query | analyze;
kg.pipeline.build_graph runs them all.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
