"""Aliases a user gives to overrule entity resolution: force merges, forbid them.

The file is CSV (it opens in any spreadsheet), one rule per row, `#` starts a comment:

    surface form,canonical name
    MSFT,Microsoft                  <- "MSFT" is the entity named "Microsoft"
    Big Blue,IBM
    Smith,                          <- a bare "Smith" is never merged into a fuller name

Must not import spaCy or rdflib.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError


@dataclass(frozen=True, slots=True)
class Aliases:
    """Forced merges (casefolded surface -> canonical name) and forbidden merges."""

    merges: dict[str, str] = field(default_factory=dict)
    keep_apart: frozenset[str] = frozenset()

    def canonical(self, name: str) -> str | None:
        """Return the name `name` must be merged into, if the user said so."""
        return self.merges.get(name.casefold())

    def kept_apart(self, name: str) -> bool:
        """Tell whether `name` must stay its own entity, whatever its antecedent."""
        return name.casefold() in self.keep_apart


def parse_aliases(text: str, source: str = "<aliases>") -> Aliases:
    """Parse an aliases file's text.

    >>> parse_aliases("MSFT,Microsoft\\nSmith,\\n").canonical("msft")
    'Microsoft'

    Raises:
        InputError: a row is malformed; the message names the file and line.
    """
    merges: dict[str, str] = {}
    apart: set[str] = set()
    rows = csv.reader(io.StringIO(text))
    for number, row in enumerate(rows, start=1):
        cells = [cell.strip() for cell in row]
        if not cells or not cells[0] or cells[0].startswith("#"):
            continue
        if number == 1 and cells[0].casefold() == "surface form":
            continue  # the optional header row
        if len(cells) > 2 and any(cells[2:]):
            raise InputError(
                f"{source} line {number}: expected 'surface form,canonical name', got {row!r}",
                hint="leave the canonical name empty to keep a name apart",
            )
        canonical = cells[1] if len(cells) > 1 else ""
        if canonical:
            merges[cells[0].casefold()] = canonical
        else:
            apart.add(cells[0].casefold())
    return Aliases(merges, frozenset(apart))


def read_aliases(path: Path) -> Aliases:
    """Read and parse an aliases file.

    Raises:
        InputError: the file is missing, unreadable, not UTF-8 or malformed.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the aliases file ({exc})") from exc
    return parse_aliases(text, str(path))
