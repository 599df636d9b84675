"""Serve stage: `kg serve`, a read-only SPARQL 1.1 Protocol endpoint and offline query pages.

Must not import spaCy or any build stage; reads the store `kg build` wrote.
"""

from __future__ import annotations

from kg.serve.app import create_app, serve

__all__ = ["create_app", "serve"]
