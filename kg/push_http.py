"""HTTP for `kg push`: a SPARQL 1.1 Graph Store Protocol client and its authentication.

Graphs are named by indirect identification (`?graph=IRI`), which every Graph Store endpoint
accepts. Credentials never appear in a message or a log line. Must not import spaCy or rdflib.
"""

from __future__ import annotations

import re
from collections.abc import Generator
from dataclasses import dataclass, field
from types import TracebackType
from typing import Literal

import httpx
import pyoxigraph as ox

from kg.errors import ExportError

_NTRIPLES = "application/n-triples"
_ACCEPT = f"{_NTRIPLES}, text/turtle;q=0.9"
_MESSAGE_CHARS = 300


@dataclass(frozen=True, slots=True)
class PushAuth:
    """Credentials for the endpoint: a user and password, or a bearer token."""

    user: str | None = None
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)

    def to_httpx(self) -> httpx.Auth:
        """Return the httpx authentication these credentials call for."""
        if self.token is not None:
            return _BearerAuth(self.token)
        if self.user is None or self.password is None:
            raise ExportError("push credentials need both a user and a password")
        return _PasswordAuth(self.user, self.password)


class _BearerAuth(httpx.Auth):
    def __init__(self, token: str) -> None:
        self._header = f"Bearer {token}"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        yield request


class _PasswordAuth(httpx.Auth):
    """Answer the server's challenge with Basic or Digest, whichever it asks for.

    Nothing is sent until the server asks, so a password never travels in the clear to a
    server that wanted Digest (Virtuoso's /sparql-graph-crud-auth does). The scheme is
    remembered, so only the first request of a push pays for the extra round trip.
    """

    requires_request_body = True  # a challenged PUT is sent again with its body

    def __init__(self, user: str, password: str) -> None:
        self._basic = httpx.BasicAuth(user, password)
        self._digest = httpx.DigestAuth(user, password)
        self._scheme: Literal["basic", "digest"] | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._scheme == "basic":
            yield from self._basic.auth_flow(request)
            return
        if self._scheme == "digest":
            yield from self._digest.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        challenges = [c.lower() for c in response.headers.get_list("www-authenticate")]
        if any(c.startswith("digest ") for c in challenges):
            self._scheme = "digest"
            flow = self._digest.auth_flow(request)
            next(flow)  # the digest flow's own unauthenticated try: we already made it
            retry = flow.send(response)
            final = yield retry
            try:
                flow.send(final)
            except StopIteration:
                pass
            return
        # A Basic challenge, or a 401 with no challenge at all: Basic is all that is left.
        self._scheme = "basic"
        yield from self._basic.auth_flow(request)


class GraphStoreClient:
    """GET, PUT and DELETE named graphs at one Graph Store Protocol endpoint."""

    def __init__(
        self,
        url: str,
        *,
        auth: PushAuth | None,
        timeout: float,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        try:
            parsed: httpx.URL | None = httpx.URL(url) if "://" in url else None
        except httpx.InvalidURL:
            parsed = None
        if parsed is None or parsed.scheme not in ("http", "https") or not parsed.host:
            raise ExportError(
                f"{url!r} is not an http(s) URL",
                hint="give the Graph Store endpoint, e.g. http://localhost:8890/sparql-graph-crud",
            )
        if parsed.userinfo:
            raise ExportError(
                f"{_redact(parsed)}: put the credentials in KG_PUSH_USER and KG_PUSH_PASSWORD,"
                " not in the URL",
                hint="a password in a URL ends up in shell history and logs",
            )
        self.url = str(parsed)
        self._has_auth = auth is not None
        self._client = httpx.Client(
            auth=auth.to_httpx() if auth is not None else None,
            timeout=timeout,
            transport=transport,
            headers={"User-Agent": "kg-push"},
        )

    def __enter__(self) -> GraphStoreClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._client.close()

    def get(self, graph: str) -> tuple[bytes, ox.RdfFormat] | None:
        """Return a graph's serialization and its format, or None when the server has none."""
        response = self._send("GET", graph, headers={"Accept": _ACCEPT})
        if response.status_code == 404 or not response.content.strip():
            return None
        media_type = response.headers.get("content-type", _NTRIPLES).split(";")[0].strip()
        fmt = ox.RdfFormat.from_media_type(media_type)
        if fmt is None:
            raise ExportError(
                f"GET {self.url}?graph={graph}: answered {media_type!r}, not an RDF format"
            )
        return response.content, fmt

    def put(self, graph: str, body: bytes) -> None:
        """Replace a graph with the N-Triples in `body`."""
        self._send("PUT", graph, content=body, headers={"Content-Type": _NTRIPLES})

    def delete(self, graph: str) -> None:
        """Drop a graph; one the server does not hold is already gone."""
        self._send("DELETE", graph)

    def _send(
        self,
        method: str,
        graph: str,
        *,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        where = f"{method} {self.url}?graph={graph}"
        try:
            response = self._client.request(
                method, self.url, params={"graph": graph}, content=content, headers=headers
            )
        except httpx.HTTPError as exc:
            raise ExportError(
                f"{where}: {type(exc).__name__}: {exc}",
                hint="check the URL and that the server is running; raise --timeout if slow",
            ) from exc
        if response.is_success or (response.status_code == 404 and method in ("GET", "DELETE")):
            return response
        raise ExportError(
            f"{where}: HTTP {response.status_code} {response.reason_phrase}: "
            f"{_server_message(response)}",
            hint=self._hint(response.status_code),
        )

    def _hint(self, status: int) -> str | None:
        if status == 401 and self._has_auth:
            return "the server refused the credentials in KG_PUSH_USER/PASSWORD or KG_PUSH_TOKEN"
        if status in (401, 403):
            return (
                "set KG_PUSH_USER and KG_PUSH_PASSWORD (or KG_PUSH_TOKEN) for an account that may"
                " write graphs; on Virtuoso use /sparql-graph-crud-auth"
            )
        if status == 413:
            return "the server limits request size; raise its limit"
        return None


def _server_message(response: httpx.Response) -> str:
    text = response.text
    if "html" in response.headers.get("content-type", ""):
        text = re.sub(r"<(head|script|style)\b.*?</\1>", " ", text, flags=re.S | re.I)
        text = re.sub(r"<[^>]+>", " ", text)
    text = " ".join(text.split())
    if len(text) > _MESSAGE_CHARS:
        text = text[:_MESSAGE_CHARS] + "…"
    return text or "(no message)"


def _redact(url: httpx.URL) -> str:
    return str(url.copy_with(username=None, password=None))
