"""Errors kg raises: every one is a KGError that the CLI turns into a one-line message.

Must not import any other kg module.
"""

from __future__ import annotations


class KGError(Exception):
    """A problem the user can fix; `hint` says how."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


class InputError(KGError):
    """An input file or folder cannot be read or is not a document."""


class ModelError(KGError):
    """The spaCy pipeline is missing, wrong, or lacks a needed component."""


class ExtractionError(KGError):
    """An extractor failed on a document."""


class QueryError(KGError):
    """A SPARQL query is missing, malformed or cannot run."""


class ExportError(KGError):
    """A graph cannot be rendered or written in the asked format."""


class StoreError(KGError):
    """The graph store under the output folder is missing or unusable."""


class UnknownNameError(KGError):
    """A registry was asked for a name it does not know."""
