"""A tiny in-memory SPARQL 1.1 Graph Store Protocol server for `kg push` tests.

It keeps graph IRI -> N-Triples lines, logs every request, can demand Bearer, Basic or Digest
credentials (checking a Digest response as RFC 7616 computes it) and can fail chosen requests.
Reachable through an httpx.MockTransport, or over real HTTP on localhost for CLI tests.
"""

from __future__ import annotations

import base64
import hashlib
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Protocol
from urllib.parse import parse_qs, urlsplit

import httpx
import pyoxigraph as ox

Reply = tuple[int, dict[str, str], bytes]


class Login(Protocol):
    def challenge(self, method: str, target: str, authorization: str | None) -> Reply | None:
        """Return a 401 reply unless `authorization` is right for this request."""


@dataclass(frozen=True)
class Bearer:
    token: str

    def challenge(self, method: str, target: str, authorization: str | None) -> Reply | None:
        if authorization == f"Bearer {self.token}":
            return None
        return 401, {"WWW-Authenticate": 'Bearer realm="gsp"'}, b"bad or missing token"


@dataclass(frozen=True)
class Basic:
    user: str
    password: str

    def challenge(self, method: str, target: str, authorization: str | None) -> Reply | None:
        expected = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        if authorization == f"Basic {expected}":
            return None
        return 401, {"WWW-Authenticate": 'Basic realm="gsp"'}, b""


def _md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


@dataclass(frozen=True)
class Digest:
    user: str
    password: str
    realm: str = "SPARQL"
    nonce: str = "0a4f113b"

    def challenge(self, method: str, target: str, authorization: str | None) -> Reply | None:
        if authorization is not None and authorization.startswith("Digest "):
            params = dict(re.findall(r'(\w+)="?([^",]*)"?', authorization[len("Digest ") :]))
            ha1 = _md5(f"{self.user}:{self.realm}:{self.password}")
            ha2 = _md5(f"{method}:{params.get('uri')}")
            fields = (params.get(k) for k in ("nc", "cnonce", "qop"))
            expected = _md5(":".join((ha1, self.nonce, *(f or "" for f in fields), ha2)))
            if (
                params.get("username") == self.user
                and params.get("uri") == target
                and params.get("response") == expected
            ):
                return None
        header = f'Digest realm="{self.realm}", nonce="{self.nonce}", qop="auth", algorithm="MD5"'
        return 401, {"WWW-Authenticate": header}, b""


@dataclass(frozen=True)
class Request:
    method: str
    graph: str
    authorization: str | None
    status: int


@dataclass
class FakeGraphStore:
    """Graph IRI -> set of N-Triples lines, behind the Graph Store Protocol."""

    graphs: dict[str, set[bytes]] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    login: Login | None = None
    fail: set[tuple[str, str]] = field(default_factory=set)  # (method, graph) -> HTTP 500

    def sent(self, method: str) -> list[str]:
        """Return the graphs of the successful requests made with `method`, in order."""
        return [r.graph for r in self.requests if r.method == method and r.status < 300]

    def handle(self, method: str, target: str, headers: httpx.Headers, body: bytes) -> Reply:
        graphs = parse_qs(urlsplit(target).query).get("graph", [])
        graph = graphs[0] if graphs else ""
        authorization = headers.get("authorization")
        reply = self._reply(method, target, graph, authorization, body, headers)
        self.requests.append(Request(method, graph, authorization, reply[0]))
        return reply

    def _reply(
        self,
        method: str,
        target: str,
        graph: str,
        authorization: str | None,
        body: bytes,
        headers: httpx.Headers,
    ) -> Reply:
        if self.login is not None:
            refused = self.login.challenge(method, target, authorization)
            if refused is not None:
                return refused
        if not graph:
            return 400, {}, b"this fake wants ?graph=IRI"
        if (method, graph) in self.fail:
            return (
                500,
                {"Content-Type": "text/html"},
                b"<html><body><h1>disk full</h1></body></html>",
            )
        if method == "GET":
            if graph not in self.graphs:
                return 404, {}, b""
            lines = b"".join(sorted(line + b"\n" for line in self.graphs[graph]))
            return 200, {"Content-Type": "application/n-triples"}, lines
        if method == "PUT":
            if headers.get("content-type") != "application/n-triples":
                return 415, {}, b"N-Triples only"
            triples = [q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
            text = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
            existed = graph in self.graphs
            self.graphs[graph] = {line for line in text.split(b"\n") if line}
            return (204 if existed else 201), {}, b""
        if method == "DELETE":
            return (200, {}, b"") if self.graphs.pop(graph, None) is not None else (404, {}, b"")
        return 405, {}, b""

    def transport(self) -> httpx.MockTransport:
        def reply(request: httpx.Request) -> httpx.Response:
            target = request.url.raw_path.decode("ascii")
            status, headers, body = self.handle(
                request.method, target, request.headers, request.read()
            )
            return httpx.Response(status, headers=headers, content=body)

        return httpx.MockTransport(reply)


@contextmanager
def serve_fake(store: FakeGraphStore) -> Iterator[str]:
    """Serve `store` over HTTP on a free localhost port; yield its endpoint URL."""

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            size = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(size) if size else b""
            headers = httpx.Headers(dict(self.headers.items()))
            status, reply_headers, content = store.handle(self.command, self.path, headers, body)
            self.send_response(status)
            for name, value in reply_headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        do_GET = do_PUT = do_DELETE = _answer  # noqa: N815 - http.server's method names

        def log_message(self, format: str, *args: object) -> None:
            """Keep test output quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/gsp"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
