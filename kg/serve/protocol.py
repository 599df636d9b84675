"""Serve stage: the SPARQL 1.1 Protocol's request forms and content negotiation.

A query arrives as `GET /sparql?query=…`, as a form-encoded POST body, or as an
`application/sparql-query` POST body; `default-graph-uri` and `named-graph-uri` may come with it,
and `$name=value` parameters bind `?name` as RDF4J's protocol does (a value written `<…>` or
starting with http:// or https:// is an IRI, anything else a plain literal, as `kg query
--param` reads it), so a client can fill in a shipped query's parameters without editing it.
Any `update` (parameter or `application/sparql-update` body) is refused with 403: the endpoint
is read-only. Must not import spaCy or any build stage.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar
from urllib.parse import parse_qsl

import pyoxigraph as ox
from starlette.datastructures import QueryParams
from starlette.requests import Request

from kg.serve.guard import MAX_QUERY_CHARS, Refused

__all__ = [
    "GRAPH_FORMATS",
    "RESULT_FORMATS",
    "MediaFormat",
    "SparqlRequest",
    "choose_format",
    "read_request",
]

F = TypeVar("F", ox.QueryResultsFormat, ox.RdfFormat)
# A UTF-8 character takes at most 4 bytes; form encoding triples that at worst.
_MAX_BODY_BYTES = MAX_QUERY_CHARS * 12
_FORM = "application/x-www-form-urlencoded"
_QUERY_BODY = "application/sparql-query"
_UPDATE_BODY = "application/sparql-update"
_READ_ONLY = "SPARQL Update is not allowed: this endpoint is read-only"
_VARIABLE = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class MediaFormat(Generic[F]):
    """A response format: the media type sent back, the names clients ask for it by."""

    media_type: str
    aliases: tuple[str, ...]
    format: F


# The first entry of each list is the default (an absent Accept or */*).
RESULT_FORMATS: tuple[MediaFormat[ox.QueryResultsFormat], ...] = (
    MediaFormat(
        "application/sparql-results+json",
        ("application/sparql-results+json", "application/json"),
        ox.QueryResultsFormat.JSON,
    ),
    MediaFormat(
        "application/sparql-results+xml",
        ("application/sparql-results+xml", "application/xml", "text/xml"),
        ox.QueryResultsFormat.XML,
    ),
    MediaFormat("text/csv; charset=utf-8", ("text/csv",), ox.QueryResultsFormat.CSV),
    MediaFormat(
        "text/tab-separated-values; charset=utf-8",
        ("text/tab-separated-values",),
        ox.QueryResultsFormat.TSV,
    ),
)
GRAPH_FORMATS: tuple[MediaFormat[ox.RdfFormat], ...] = (
    MediaFormat(
        "text/turtle; charset=utf-8", ("text/turtle", "application/turtle"), ox.RdfFormat.TURTLE
    ),
    MediaFormat(
        "application/n-triples", ("application/n-triples", "text/plain"), ox.RdfFormat.N_TRIPLES
    ),
    MediaFormat(
        "application/ld+json",
        ("application/ld+json", "application/x-json+ld"),
        ox.RdfFormat.JSON_LD,
    ),
    MediaFormat("application/rdf+xml", ("application/rdf+xml",), ox.RdfFormat.RDF_XML),
)


@dataclass(frozen=True, slots=True)
class SparqlRequest:
    """One protocol request: the query, its dataset and what the client accepts."""

    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    accept: str = ""
    bindings: tuple[tuple[str, str], ...] = ()  # ($name without the "$", value) pairs


async def read_request(request: Request) -> SparqlRequest:
    """Read a SPARQL Protocol query request (GET, form POST or sparql-query POST).

    Raises:
        Refused: 403 for any update, 415 for another POST body type, 413 for a body that is
            too large, 400 for a missing or repeated query or undecodable text.
    """
    url = request.query_params
    if "update" in url:
        raise Refused(403, _READ_ONLY)
    accept = request.headers.get("accept", "")
    if request.method == "GET":
        return _from_params(list(url.multi_items()), accept)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == _UPDATE_BODY:
        raise Refused(403, _READ_ONLY)
    if content_type == _FORM:
        body = _decode(await _read_body(request))
        try:
            form = parse_qsl(body, keep_blank_values=True, errors="strict")
        except (ValueError, UnicodeDecodeError) as exc:
            raise Refused(400, f"malformed form body: {exc}") from exc
        if any(name == "update" for name, _ in form):
            raise Refused(403, _READ_ONLY)
        return _from_params(list(url.multi_items()) + form, accept)
    if content_type == _QUERY_BODY:
        if "query" in url:
            raise Refused(400, "give the query either in the body or in the URL, not both")
        query = _decode(await _read_body(request))
        return _with_dataset(query, url, accept)
    raise Refused(
        415,
        f"unsupported Content-Type {content_type or '(none)'!r}; "
        f"POST {_FORM} (query=…) or {_QUERY_BODY}",
    )


def choose_format(accept: str, offers: Sequence[MediaFormat[F]]) -> MediaFormat[F] | None:
    """Pick the offer the Accept header likes best; None when it accepts none of them.

    Higher q wins; then the range the client listed first; then the server's order. A more
    specific range overrides a broader one (text/csv;q=0 beats */*).

    >>> choose_format("text/csv, */*;q=0.1", RESULT_FORMATS).media_type
    'text/csv; charset=utf-8'
    >>> choose_format("", GRAPH_FORMATS).media_type
    'text/turtle; charset=utf-8'
    >>> choose_format("image/png", RESULT_FORMATS) is None
    True
    """
    ranges = _parse_accept(accept)
    if not ranges:
        return offers[0]
    best: tuple[float, int, int] | None = None
    chosen: MediaFormat[F] | None = None
    for server_pos, offer in enumerate(offers):
        match = _match(ranges, offer.aliases)
        if match is None or match[0] <= 0:
            continue
        key = (match[0], -match[1], -server_pos)
        if best is None or key > best:
            best, chosen = key, offer
    return chosen


def _parse_accept(accept: str) -> list[tuple[str, float, int]]:
    ranges = []
    for pos, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if media.count("/") != 1 or " " in media:
            continue  # not a media range: ignore it rather than fail the request
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = -1.0
        if 0.0 <= q <= 1.0:
            ranges.append((media, q, pos))
    return ranges


def _match(
    ranges: list[tuple[str, float, int]], aliases: Sequence[str]
) -> tuple[float, int] | None:
    # The most specific matching range decides this offer's quality (RFC 9110 section 12.5.1).
    found: tuple[int, float, int] | None = None
    for media, q, pos in ranges:
        kind, _, sub = media.partition("/")
        for alias in aliases:
            a_kind, _, a_sub = alias.partition("/")
            if media == alias:
                specificity = 2
            elif sub == "*" and (kind == "*" or kind == a_kind):
                specificity = 0 if kind == "*" else 1
            else:
                continue
            if found is None or specificity > found[0]:
                found = (specificity, q, pos)
    return None if found is None else (found[1], found[2])


def _from_params(params: list[tuple[str, str]], accept: str) -> SparqlRequest:
    queries = [value for name, value in params if name == "query"]
    if not queries:
        raise Refused(400, "missing 'query' parameter; the query page is at /")
    if len(queries) > 1:
        raise Refused(400, "give exactly one 'query' parameter")
    return _with_dataset(queries[0], QueryParams(params), accept)


def _with_dataset(query: str, params: QueryParams, accept: str) -> SparqlRequest:
    if len(query) > MAX_QUERY_CHARS:
        raise Refused(413, f"query too long: {len(query)} characters, limit {MAX_QUERY_CHARS}")
    if not query.strip():
        raise Refused(400, "empty query")
    bindings = tuple((k[1:], v) for k, v in params.multi_items() if k.startswith("$"))
    names = [name for name, _ in bindings]
    bad = next((n for n in names if not _VARIABLE.fullmatch(n) or names.count(n) > 1), None)
    if bad is not None:
        raise Refused(400, f"bad binding parameter ${bad}: give each $name once, a SPARQL name")
    return SparqlRequest(
        query=query,
        default_graphs=tuple(params.getlist("default-graph-uri")),
        named_graphs=tuple(params.getlist("named-graph-uri")),
        accept=accept,
        bindings=bindings,
    )


async def _read_body(request: Request) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > _MAX_BODY_BYTES:
            raise Refused(413, f"request body over {_MAX_BODY_BYTES} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refused(400, f"request body is not UTF-8 (byte {exc.start})") from exc
