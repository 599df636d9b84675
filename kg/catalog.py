"""Query stage: the shipped queries (queries/*.rq) and the header comments documenting them.

A shipped query starts with comment lines that `kg query --list` shows::

    # purpose: Commitments stated in the negative, with their evidence
    # params: ?entity — an entity IRI; ?label (any case) — a name or alias
    # params: LIMIT 100 — the first page; page on with OFFSET (kg query --limit, --offset)
    # example: kg query negated

Must not import spaCy, rdflib or any build stage; no printing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import kg
from kg.errors import QueryError

__all__ = ["QueryHeader", "QueryInfo", "QueryParam", "list_queries", "queries_dir", "read_header"]

_HEADER_LINE = re.compile(r"^#\s*(\w+)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"^\?(\w+)\s*(?:\(([^()]*)\))?\s*(?:[—–:]|--?)\s*(.*)$")
_FLAGS = frozenset({"any case", "required"})
_PAGE = re.compile(r"^LIMIT\s+(\d+)\s*(?:[—–:]|--?)\s*(.*)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class QueryParam:
    """A value a query accepts, declared in its `# params:` header.

    A parameter declared `?name (any case) — …` is matched case-insensitively: kg lower-cases
    its text before binding it, and the query looks it up among names kept in lower case
    (kg:nameKey, kg:namePart). A value computed inside the query, LCASE(?name), would make
    Oxigraph scan every name instead of reading its index. One declared `(required)` must be
    given: left unbound, the query would list everything once per name it could have matched.
    Flags combine: `?speaker (any case, required) — …`.
    """

    name: str  # without the "?"
    description: str
    any_case: bool = False
    required: bool = False

    def bind(self, text: str) -> str:
        """Return a text value as it is bound: lower-cased when the parameter is any-case.

        >>> QueryParam("label", "a name", any_case=True).bind("Brad Smith")
        'brad smith'
        """
        return text.lower() if self.any_case else text


@dataclass(frozen=True, slots=True)
class QueryInfo:
    """A shipped query as `kg query --list` shows it."""

    name: str
    path: Path
    purpose: str
    params: tuple[QueryParam, ...]
    example: str | None = None
    page: int | None = None  # the LIMIT its header declares: rows of the first page


@dataclass(frozen=True, slots=True)
class QueryHeader:
    """What a query's header comments declare."""

    purpose: str = ""
    params: tuple[QueryParam, ...] = ()
    example: str | None = None
    page: int | None = None


def queries_dir() -> Path:
    """Return the folder of shipped queries: queries/ in a source checkout, else kg/queries."""
    checkout = Path(kg.__file__).resolve().parent.parent / "queries"
    if checkout.is_dir():
        return checkout
    return Path(str(resources.files("kg") / "queries"))


def list_queries(folder: Path | None = None) -> list[QueryInfo]:
    """Return the shipped queries (or those in `folder`), sorted by name, with their headers.

    Raises:
        QueryError: a query has a malformed `# params:` line.
    """
    folder = queries_dir() if folder is None else folder
    if not folder.is_dir():
        return []
    infos = []
    for path in sorted(folder.glob("*.rq"), key=lambda path: path.stem):
        text = path.read_text(encoding="utf-8")
        header = read_header(text, str(path))
        infos.append(
            QueryInfo(path.stem, path, header.purpose, header.params, header.example, header.page)
        )
    return infos


def read_header(text: str, source: str) -> QueryHeader:
    """Read the `# purpose:`, `# params:` and `# example:` comments a query starts with.

    Args:
        text: the query.
        source: where it came from, for messages.

    Returns:
        The header; fields a query leaves out are empty.

    Raises:
        QueryError: a `# params:` entry is malformed, or LIMIT is declared twice.

    >>> read_header("# params: ?who — a name; LIMIT 10 — the first page\\nSELECT …", "q").page
    10
    """
    purpose, example = "", None
    params: list[QueryParam] = []
    pages: list[int] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        match = _HEADER_LINE.match(stripped)
        if match is None:
            continue
        key, value = match.group(1).lower(), match.group(2)
        if key == "purpose":
            purpose = value
        elif key == "example":
            example = value
        elif key == "params" and value.lower() != "none":
            for part in re.split(r";\s*(?=\?\w|LIMIT\b)", value, flags=re.IGNORECASE):
                page = _PAGE.match(part.strip())
                if page is not None:
                    pages.append(int(page.group(1)))
                else:
                    params.append(_read_param(part, source))
    if len(pages) > 1:
        raise QueryError(f"{source}: '# params:' declares LIMIT {len(pages)} times")
    return QueryHeader(purpose, tuple(params), example, pages[0] if pages else None)


def _read_param(part: str, source: str) -> QueryParam:
    match = _PARAM.match(part.strip())
    if match is None:
        raise QueryError(
            f"{source}: bad '# params:' entry {part.strip()!r}",
            hint="write '# params: ?name — meaning' (or '# params: none')",
        )
    flags = {flag.strip().lower() for flag in (match.group(2) or "").split(",") if flag.strip()}
    if not flags <= _FLAGS:
        unknown = ", ".join(sorted(flags - _FLAGS))
        raise QueryError(
            f"{source}: unknown flag {unknown!r} in '# params:' entry {part.strip()!r}",
            hint="flags are (any case), (required) or (any case, required)",
        )
    return QueryParam(
        match.group(1),
        match.group(3),
        any_case="any case" in flags,
        required="required" in flags,
    )
