"""Query stage: page a SPARQL query by rewriting its final LIMIT and OFFSET.

SPARQL cannot take LIMIT or OFFSET as a binding (they are numbers in the grammar, not terms),
so a page is asked for by rewriting the query's own solution modifiers. Only the top-level ones
are touched: by the grammar they are the last clause of a query (only a VALUES block may follow,
and a query ending with one is refused), while a sub-query's LIMIT is always followed by `}`.
Comments, strings and IRIs are skipped while looking, so a `#` or a "LIMIT" inside them never
counts. Must not import spaCy or any build stage; no rdflib.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Slice", "page_query", "read_slice"]

# Longest-match tokens that may hold a "#", a "LIMIT" or a brace that is not syntax.
_SKIP = re.compile(
    r"""
      (?P<comment>\#[^\n\r]*)
    | '''(?:[^'\\]|\\.|'(?!''))*'''
    | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
    | '(?:[^'\\\n\r]|\\.)*'
    | "(?:[^"\\\n\r]|\\.)*"
    | <[^<>"{}|^`\\\x00-\x20]*>
    """,
    re.VERBOSE | re.DOTALL,
)
_TAIL = re.compile(
    r"(?:^|(?<=[\s})]))(?P<clauses>(?:(?:LIMIT|OFFSET)\s+\d+\s*){1,2})$", re.IGNORECASE
)
_CLAUSE = re.compile(r"(LIMIT|OFFSET)\s+(\d+)", re.IGNORECASE)
_VALUES_TAIL = re.compile(r"\bVALUES\b[^{}]*\{[^{}]*\}\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Slice:
    """A query's top-level LIMIT and OFFSET (None when absent) and where they are written."""

    limit: int | None
    offset: int | None
    start: int  # character offsets of the clauses in the query text (start == end: none)
    end: int


def read_slice(text: str) -> Slice:
    """Find the top-level LIMIT and OFFSET of a query.

    >>> read_slice("SELECT * { ?s ?p ?o } LIMIT 10 # first page").limit
    10
    >>> read_slice("SELECT * { { SELECT * { ?s ?p ?o } LIMIT 5 } }").limit is None
    True
    """
    code = _blank_skipped(text)
    body = code.rstrip()
    match = _TAIL.search(body)
    if match is None:
        return Slice(None, None, len(body), len(body))
    values = {k.upper(): int(v) for k, v in _CLAUSE.findall(match.group("clauses"))}
    return Slice(values.get("LIMIT"), values.get("OFFSET"), match.start("clauses"), len(body))


def page_query(text: str, limit: int | None, offset: int | None) -> str:
    """Return the query with its top-level LIMIT and OFFSET replaced by the given ones.

    None keeps what the query says. The text outside those clauses, comments included, is
    kept as it is.

    Args:
        text: the SPARQL query.
        limit: rows to return at most.
        offset: rows to skip first.

    Returns:
        The rewritten query.

    Raises:
        ValueError: a negative number, or a query that ends with a VALUES block (the clauses
            would have to go before it, and the block may hold anything).

    >>> page_query("SELECT * { ?s ?p ?o }\\nLIMIT 100\\n", 100, 200)
    'SELECT * { ?s ?p ?o }\\nLIMIT 100 OFFSET 200\\n'
    """
    if (limit is not None and limit < 0) or (offset is not None and offset < 0):
        raise ValueError(f"LIMIT and OFFSET cannot be negative: {limit}, {offset}")
    found = read_slice(text)
    if found.start == found.end and _VALUES_TAIL.search(_blank_skipped(text).rstrip()):
        raise ValueError("cannot page a query that ends with a VALUES block")
    limit = found.limit if limit is None else limit
    offset = found.offset if offset is None else offset
    clauses = []
    if limit is not None:
        clauses.append(f"LIMIT {limit}")
    if offset:
        clauses.append(f"OFFSET {offset}")
    new = " ".join(clauses)
    if new and found.start == found.end:  # nothing to replace: a line of its own at the end
        new = "\n" + new
    return text[: found.start] + new + text[found.end :]


def _blank_skipped(text: str) -> str:
    # Same length as the text, so offsets found in it hold in the text.
    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    return _SKIP.sub(blank, text)
