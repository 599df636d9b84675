"""Reading stage: a .jsonl file -> one record per line, streamed with bounded memory.

Must not import spaCy, rdflib or any later kg stage.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import BinaryIO

from kg.read.decode import normalize_text

_OPTIONAL_FIELDS = ("title", "date", "url")
_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class Record:
    """One valid line: its text and metadata, not yet normalised."""

    line: int
    raw: bytes
    text: str
    key: str  # the record's `id`, or its line number
    explicit: bool  # True when `key` is the record's own `id`
    title: str | None
    date: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class BadLine:
    """A line that is not a usable record, and why."""

    line: int
    reason: str


def iter_lines(fh: BinaryIO, max_line_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """Yield (line number, bytes without the newline), or None for a line over the limit.

    An over-long line is read past in chunks, never held whole in memory.
    """
    number = 0
    while True:
        chunk = fh.readline(max_line_bytes + 1)
        if not chunk:
            return
        number += 1
        if chunk.endswith(b"\n"):
            yield number, chunk[:-1]
        elif len(chunk) <= max_line_bytes:
            yield number, chunk  # the last line, without a final newline
        else:
            while not chunk.endswith(b"\n"):
                chunk = fh.readline(_CHUNK)
                if not chunk:
                    break
            yield number, None


def parse_record(number: int, raw: bytes) -> Record | BadLine | None:
    """Check one line; None for a blank line (ignored, as most JSON Lines tools do).

    >>> parse_record(3, b'{"text": "Hi.", "id": 7}').key
    '7'
    >>> parse_record(4, b'[1]').reason
    'not a JSON object (got an array)'
    """
    raw = raw.removeprefix(b"\xef\xbb\xbf").strip()
    if not raw:
        return None
    try:
        value = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return BadLine(number, f"not valid UTF-8 at byte {exc.start}")
    except json.JSONDecodeError as exc:
        return BadLine(number, f"not valid JSON ({exc.msg} at column {exc.colno})")
    except RecursionError:
        return BadLine(number, "not valid JSON (nested too deeply)")
    except ValueError:  # the one other failure: an integer over Python's digit limit
        return BadLine(number, "not valid JSON (a number with too many digits)")
    if not isinstance(value, dict):
        return BadLine(number, f"not a JSON object (got {_kind(value)})")
    text = value.get("text")
    if text is None:
        return BadLine(number, "no 'text' field")
    if not isinstance(text, str):
        return BadLine(number, f"'text' must be a string, got {_kind(text)}")
    if not text.strip():
        return BadLine(number, "'text' is empty")
    fields: dict[str, str | None] = {}
    for name in _OPTIONAL_FIELDS:
        field = value.get(name)
        if field is not None and not isinstance(field, str):
            return BadLine(number, f"'{name}' must be a string, got {_kind(field)}")
        fields[name] = field.strip() or None if isinstance(field, str) else None
    record_id = value.get("id")
    if record_id is None:
        key, explicit = str(number), False
    elif isinstance(record_id, str) and normalize_text(record_id).strip():
        # ids reach IRIs, CSV and messages: no controls, no lone surrogates
        key, explicit = " ".join(normalize_text(record_id).split()), True
    elif isinstance(record_id, int) and not isinstance(record_id, bool):
        key, explicit = str(record_id), True
    else:
        return BadLine(number, f"'id' must be a non-empty string or an integer, got {record_id!r}")
    day = fields["date"]
    if day is not None:
        parsed = to_iso_date(day)
        if parsed is None:
            return BadLine(number, f"'date' is not an ISO 8601 date: {day!r}")
        day = parsed
    return Record(number, raw, text, key, explicit, fields["title"], day, fields["url"])


class RecordKeys:
    """Make record keys unique within one file while remembering as little as possible.

    A key taken already gets a `~N` suffix. Keys from line numbers cannot repeat among
    themselves, so they cost one bit each; only the records' own ids are kept as strings.

    >>> keys = RecordKeys()
    >>> keys.claim("2", line=1, explicit=True), keys.claim("2", line=2, explicit=False)
    ('2', '2~2')
    """

    def __init__(self) -> None:
        self._explicit: set[str] = set()
        self._numbered = bytearray()  # bit n: line n's key is its line number

    def claim(self, key: str, *, line: int, explicit: bool) -> str:
        """Return `key`, or `key~N` when it is taken already, and mark the result taken."""
        if explicit and not self._taken(key):
            self._explicit.add(key)
            return key
        if not explicit:
            byte = line >> 3
            if byte >= len(self._numbered):
                self._numbered.extend(bytes(byte + 1 - len(self._numbered)))
            self._numbered[byte] |= 1 << (line & 7)
            if key not in self._explicit:
                return key
        number = 2
        while self._taken(f"{key}~{number}"):
            number += 1
        self._explicit.add(f"{key}~{number}")
        return f"{key}~{number}"

    def _taken(self, key: str) -> bool:
        if key in self._explicit:
            return True
        # Only the canonical spelling of a line number ("7", not "07") is a numbered key.
        if not (key.isascii() and key.isdigit() and len(key) < 19 and key == str(int(key))):
            return False
        line = int(key)
        byte = line >> 3
        return byte < len(self._numbered) and bool(self._numbered[byte] >> (line & 7) & 1)


def to_iso_date(value: str) -> str | None:
    """Return the calendar date of an ISO 8601 date or date-time, or None.

    >>> to_iso_date("2020-06-11T10:00:00Z"), to_iso_date("June 11")
    ('2020-06-11', None)
    """
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        return None


def _kind(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)
