"""Serve stage: what the SPARQL endpoint refuses before a query reaches the store.

The endpoint is read-only and makes no outbound connections. Oxigraph itself would follow a
`SERVICE <http://…>` clause (it has an HTTP client), so a query is checked before it runs:

- a query that contains the letters "service" anywhere (after expanding `\\uXXXX` escapes) is
  parsed with rdflib and refused if its syntax tree holds a SERVICE pattern, or if it cannot be
  parsed at all (fail closed). A query without those letters cannot hold the keyword, so the
  usual query skips rdflib's parser, which is slow (about half a second for queries/about.rq).
- an update (INSERT, DELETE, LOAD, CLEAR, DROP, …) sent where a query belongs is recognised by
  rdflib's update parser once Oxigraph has rejected the text as a query.

Must not import spaCy or any build stage.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

__all__ = ["MAX_QUERY_CHARS", "Refused", "check_query", "is_update"]

MAX_QUERY_CHARS = 100_000

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE = re.compile("service", re.IGNORECASE)
# rdflib's grammar objects are shared module globals; one parse at a time keeps them sane.
_PARSER_LOCK = threading.Lock()


class Refused(Exception):  # noqa: N818 - a refusal is an answer, not a failure
    """A request the endpoint will not run, with the HTTP status and a message for the client."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def check_query(text: str) -> None:
    """Refuse a query that is too long or would call another endpoint through SERVICE.

    Args:
        text: the SPARQL query as the client sent it.

    Raises:
        Refused: 413 for a query over MAX_QUERY_CHARS, 403 for a SERVICE clause or an update,
            400 for a query that mentions "service" but cannot be parsed to check it.

    >>> check_query("SELECT ?s WHERE { ?s ?p 'customer service' }")
    >>> try:
    ...     check_query("SELECT * WHERE { SERVICE <http://example.org/q> { ?s ?p ?o } }")
    ... except Refused as exc:
    ...     print(exc.status, exc.message)
    403 SERVICE is not allowed: this endpoint makes no outbound connections
    """
    if len(text) > MAX_QUERY_CHARS:
        raise Refused(413, f"query too long: {len(text)} characters, limit {MAX_QUERY_CHARS}")
    if not (_SERVICE.search(text) or _SERVICE.search(_expand_escapes(text))):
        return
    verdict = _service_verdict(text)
    if verdict == "service":
        raise Refused(403, "SERVICE is not allowed: this endpoint makes no outbound connections")
    if verdict == "unparsable":
        if is_update(text):
            raise Refused(403, "SPARQL Update is not allowed: this endpoint is read-only")
        raise Refused(
            400,
            "query mentions SERVICE and cannot be parsed to check it; "
            "SERVICE is not allowed on this endpoint",
        )


def is_update(text: str) -> bool:
    """Return True when the text parses as a SPARQL Update (INSERT, DELETE, LOAD, DROP, …).

    >>> is_update("DROP ALL")
    True
    >>> is_update("SELECT * WHERE { ?s ?p ?o }")
    False
    """
    if len(text) > MAX_QUERY_CHARS or not text.strip():
        return False  # an empty update is valid SPARQL but changes nothing: not worth a 403
    return _parses_as_update(text)


@lru_cache(maxsize=256)
def _service_verdict(text: str) -> str:
    # Cached: the query page sends the same shipped queries again and again.
    try:
        with _PARSER_LOCK:
            tree = parseQuery(text)
    except (ParseBaseException, ValueError, TypeError, RecursionError):
        return "unparsable"
    except Exception:  # rdflib raises bare Exceptions for some malformed input; fail closed
        return "unparsable"
    return "service" if _has_service(tree) else "clean"


@lru_cache(maxsize=256)
def _parses_as_update(text: str) -> bool:
    try:
        with _PARSER_LOCK:
            parseUpdate(text)
    except Exception:  # any parser failure means "not an update"; rdflib's errors vary
        return False
    return True


def _has_service(node: object, depth: int = 0) -> bool:
    if depth > 500:  # deeper than any sane query: treat as suspicious rather than recurse on
        return True
    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            return True
        return any(_has_service(v, depth + 1) for v in node.values())
    if isinstance(node, ParseResults | list | tuple):
        return any(_has_service(v, depth + 1) for v in node)
    return False


def _expand_escapes(text: str) -> str:
    # SPARQL allows \uXXXX escapes anywhere; expanding them first means "\u0053ERVICE" is seen.
    def char(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else ""

    return _ESCAPE.sub(char, text)
