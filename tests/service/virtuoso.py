"""A throwaway OpenLink Virtuoso for tests: Debian's `virtuoso-opensource`, on free ports.

Each server gets its own database folder and virtuoso.ini, so it never touches a system
instance. A fresh database has the stock `dba`/`dba` login, which Virtuoso's authenticated
Graph Store endpoint (/sparql-graph-crud-auth) checks with HTTP Digest.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

BINARY = Path("/usr/bin/virtuoso-t")
PACKAGE = "virtuoso-opensource"
USER = PASSWORD = "dba"
KG_GRAPHS = "https://w3id.org/kg/graph/"

_INI = """\
[Database]
DatabaseFile       = {db}/virtuoso.db
ErrorLogFile       = {db}/virtuoso.log
LockFile           = {db}/virtuoso.lck
TransactionFile    = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
Striping           = 0
TempStorage        = TempDatabase
[TempDatabase]
DatabaseFile       = {db}/virtuoso-temp.db
TransactionFile    = {db}/virtuoso-temp.trx
Striping           = 0
[Parameters]
ServerPort         = {sql_port}
DisableUnixSocket  = 1
CheckpointInterval = 60
CaseMode           = 2
DirsAllowed        = .
NumberOfBuffers    = 10000
MaxDirtyBuffers    = 6000
ThreadsPerQuery    = 1
[HTTPServer]
ServerPort           = {http_port}
ServerRoot           = {db}
MaxClientConnections = 4
ServerThreads        = 4
EnabledDavVSP        = 0
Charset              = UTF-8
[SPARQL]
ResultSetMaxRows      = 1000000
MaxQueryExecutionTime = 60
"""


def missing_reason() -> str | None:
    """Return why Virtuoso cannot run here, or None when it can."""
    if not os.access(BINARY, os.X_OK):
        return (
            f"{BINARY} not found: install Debian's {PACKAGE} package "
            "(`make system-deps` does, as root; or `apt-get install -y virtuoso-opensource`)"
        )
    return None


@dataclass(frozen=True)
class Virtuoso:
    """A running server: where its endpoints are and how to check what it holds."""

    base: str  # http://127.0.0.1:PORT
    log: Path

    @property
    def gsp_url(self) -> str:
        """The Graph Store endpoint that accepts writes (Digest login)."""
        return f"{self.base}/sparql-graph-crud-auth"

    @property
    def open_gsp_url(self) -> str:
        """The Graph Store endpoint without login: read-only for the anonymous SPARQL user."""
        return f"{self.base}/sparql-graph-crud"

    def select(self, query: str) -> list[dict[str, str]]:
        """Run a SELECT at /sparql; return each row as variable -> lexical value."""
        response = httpx.get(
            f"{self.base}/sparql",
            params={"query": query},
            headers={"Accept": "application/sparql-results+json"},
            timeout=30,
        )
        response.raise_for_status()
        rows = response.json()["results"]["bindings"]
        return [{name: cell["value"] for name, cell in row.items()} for row in rows]

    def triples_by_graph(self, prefix: str = KG_GRAPHS) -> dict[str, int]:
        """Count the triples of every graph whose IRI starts with `prefix`."""
        rows = self.select(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER(STRSTARTS(STR(?g), "{prefix}")) }} GROUP BY ?g'
        )
        return {row["g"]: int(row["n"]) for row in rows}

    def total_triples(self, prefix: str = KG_GRAPHS) -> int:
        """Count the triples in all graphs under `prefix` with one query of its own."""
        rows = self.select(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            f'FILTER(STRSTARTS(STR(?g), "{prefix}")) }}'
        )
        return int(rows[0]["n"])

    def drop_graphs(self, prefix: str = KG_GRAPHS) -> None:
        """Delete every graph under `prefix`, so each test starts from an empty server."""
        auth = httpx.DigestAuth(USER, PASSWORD)
        for graph in self.triples_by_graph(prefix):
            response = httpx.delete(self.gsp_url, params={"graph": graph}, auth=auth, timeout=30)
            response.raise_for_status()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def run_virtuoso(
    folder: Path, *, startup_s: float = 90.0, meanwhile: Callable[[], object] | None = None
) -> Iterator[Virtuoso]:
    """Start Virtuoso on a fresh database in `folder`; stop it when the block ends.

    `meanwhile` runs while the database initialises (several seconds), e.g. a build.

    Raises:
        RuntimeError: the server exited or did not answer within `startup_s`; the message
            ends with its log.
    """
    folder.mkdir(parents=True, exist_ok=True)
    http_port, sql_port = _free_port(), _free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(_INI.format(db=folder, sql_port=sql_port, http_port=http_port))
    log = folder / "console.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(BINARY), "+foreground", "+configfile", str(ini)],
            cwd=folder,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a Ctrl-C meant for pytest must not kill it mid-checkpoint
        )
    server = Virtuoso(base=f"http://127.0.0.1:{http_port}", log=log)
    try:
        if meanwhile is not None:
            meanwhile()
        _wait_until_up(server, process, startup_s)
        yield server
    finally:
        _stop(process)


def _wait_until_up(server: Virtuoso, process: subprocess.Popen[bytes], startup_s: float) -> None:
    # A fresh database takes several seconds to initialise; only then does /sparql answer.
    deadline = time.monotonic() + startup_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited with {process.returncode}:\n{_tail(server)}")
        try:
            if httpx.get(f"{server.base}/sparql", params={"query": "ASK {}"}, timeout=2).is_success:
                return
        except httpx.HTTPError:
            pass  # not listening yet
        time.sleep(0.2)
    raise RuntimeError(f"virtuoso-t did not answer within {startup_s:.0f} s:\n{_tail(server)}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)  # Virtuoso checkpoints and exits
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()  # a throwaway database: nothing to lose
        process.wait(timeout=15)


def _tail(server: Virtuoso) -> str:
    try:
        return "\n".join(server.log.read_text(errors="replace").splitlines()[-20:])
    except OSError:
        return "(no log)"
