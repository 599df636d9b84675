"""Reading stage: files -> Documents. The reader is chosen by file suffix.

Every problem with one document becomes a `Skipped(source, reason)` and the others are read;
a user-facing message is `f"{skipped.source}: {skipped.reason}"`. Only `find_inputs` raises
(InputError), for the paths themselves: missing, unreadable, unsupported, or holding no document.
Must not import spaCy, rdflib or any later kg stage.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterator, Sequence

from kg.model import Document, Skipped
from kg.read.decode import NotTextError, declared_html_charset, decode_bytes, normalize_text
from kg.read.html import extract_html
from kg.read.inputs import SUPPORTED_SUFFIXES, InputFile, find_inputs
from kg.read.jsonl import BadLine, RecordKeys, iter_lines, parse_record, to_iso_date
from kg.read.text import find_txt_title, strip_markdown

__all__ = [
    "DEFAULT_MAX_DOC_BYTES",
    "SUPPORTED_SUFFIXES",
    "InputFile",
    "find_inputs",
    "read_documents",
]

DEFAULT_MAX_DOC_BYTES: int = 10 * 1024 * 1024
# Enough to tell a binary .jsonl file from text without reading all of it.
_SNIFF_BYTES = 8192


def read_documents(
    files: Sequence[InputFile], *, max_doc_bytes: int = DEFAULT_MAX_DOC_BYTES
) -> Iterator[Document | Skipped]:
    """Read each file in turn, yielding its Documents, or a Skipped saying why not.

    Never raises for bad input. Document ids stay unique: a .jsonl record id that repeats one
    already read gets a `~N` suffix. Memory is bounded by one document (or .jsonl line) at a
    time, plus a bit per .jsonl line and the .jsonl records' own ids.

    Args:
        files: Input files, normally from `find_inputs` (which sorts them).
        max_doc_bytes: Largest file (for .jsonl: largest line) to read; larger ones are skipped
            without being read into memory.

    Yields:
        A Document per readable document, a Skipped per file or line that is not.
    """
    # Ids are unique without a set of every id read, which would grow with the corpus: file ids
    # are unique (find_inputs), and a .jsonl id "{file id}#{key}" has keys unique per file
    # (RecordKeys). Ids can only meet when a "#" sits in a file id or a key: those are kept here
    # (see _read_jsonl), starting with the ids of other files that contain a "#".
    claimed = {f.doc_id for f in files if "#" in f.doc_id and f.suffix != ".jsonl"}
    for file in files:
        yield from _read_file(file, max_doc_bytes, claimed)


def _read_file(file: InputFile, max_bytes: int, claimed: set[str]) -> Iterator[Document | Skipped]:
    try:
        st = os.stat(file.path)
    except OSError as exc:
        yield Skipped(file.source, _os_reason(exc))
        return
    if not stat.S_ISREG(st.st_mode):
        # A FIFO or device named *.txt would block or never end.
        yield Skipped(file.source, "not a regular file")
        return
    if st.st_size == 0:
        yield Skipped(file.source, "empty file")
        return
    if file.suffix == ".jsonl":
        yield from _read_jsonl(file, max_bytes, claimed)
        return
    if st.st_size > max_bytes:
        yield Skipped(file.source, _too_big("file", st.st_size, max_bytes))
        return
    try:
        with open(file.path, "rb") as fh:
            data = fh.read(max_bytes + 1)  # bounded even if the file grew since stat
    except OSError as exc:
        yield Skipped(file.source, _os_reason(exc))
        return
    if len(data) > max_bytes:
        yield Skipped(file.source, _too_big("file", len(data), max_bytes))
        return
    yield _to_document(file, data)


def _to_document(file: InputFile, data: bytes) -> Document | Skipped:
    if not data:
        return Skipped(file.source, "empty file")
    declared = declared_html_charset(data) if file.suffix in (".html", ".htm") else None
    try:
        text = normalize_text(decode_bytes(data, declared=declared))
    except NotTextError as exc:
        return Skipped(file.source, str(exc))
    title = date = url = None
    if file.suffix in (".html", ".htm"):
        page = extract_html(text)
        text, title, date, url = normalize_text(page.text), page.title, page.date, page.url
        if not text.strip():
            return Skipped(file.source, "no text found in the page")
    elif file.suffix == ".md":
        text, title, front_date = strip_markdown(text)
        date = to_iso_date(front_date) if front_date else None
    else:
        title = find_txt_title(text)
    if not text.strip():
        return Skipped(file.source, "no text (only whitespace)")
    return Document(
        id=file.doc_id,
        text=text,
        source=file.source,
        title=normalize_text(title) if title else None,
        date=date,
        url=url,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _clean_url(url: str | None) -> str | None:
    # A url reaches an xsd:anyURI literal: no controls, no lone surrogates, no spaces inside.
    cleaned = "".join(normalize_text(url).split()) if url else ""
    return cleaned or None


def _read_jsonl(file: InputFile, max_bytes: int, claimed: set[str]) -> Iterator[Document | Skipped]:
    records = 0
    keys = RecordKeys()
    prefix = f"{file.doc_id}#"
    track_all = "#" in file.doc_id or any(c.startswith(prefix) for c in claimed)
    try:
        with open(file.path, "rb") as fh:
            head = fh.read(_SNIFF_BYTES)
            nul = head.find(b"\x00")
            if nul >= 0:
                yield Skipped(file.source, f"binary file, not text (NUL byte at byte {nul})")
                return
            fh.seek(0)
            for number, raw in iter_lines(fh, max_bytes):
                where = f"{file.source} line {number}"
                if raw is None:
                    yield Skipped(where, f"record over the limit of {max_bytes:,} bytes")
                    continue
                record = parse_record(number, raw)
                if record is None:
                    continue
                records += 1
                if isinstance(record, BadLine):
                    yield Skipped(where, record.reason)
                    continue
                text = normalize_text(record.text)
                if not text.strip():
                    yield Skipped(where, "'text' is empty")
                    continue
                key = keys.claim(record.key, line=number, explicit=record.explicit)
                yield Document(
                    id=_claim(prefix + key, claimed, track_all or "#" in key),
                    text=text,
                    source=where,
                    title=normalize_text(record.title) if record.title else None,
                    date=record.date,
                    url=" ".join(normalize_text(record.url).split()) or None
                    if record.url
                    else None,
                    sha256=hashlib.sha256(record.raw).hexdigest(),
                )
    except OSError as exc:
        yield Skipped(file.source, _os_reason(exc))
        return
    if records == 0:
        yield Skipped(file.source, "no records (only blank lines)")


def _claim(doc_id: str, claimed: set[str], track: bool) -> str:
    if doc_id not in claimed:
        if track:
            claimed.add(doc_id)
        return doc_id
    number = 2
    while f"{doc_id}~{number}" in claimed:
        number += 1
    claimed.add(f"{doc_id}~{number}")
    return f"{doc_id}~{number}"


def _too_big(what: str, size: int, limit: int) -> str:
    return (
        f"{what} is {size:,} bytes, over the limit of {limit:,} bytes; "
        "raise --max-doc-bytes to read it"
    )


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "cannot read: permission denied"
    if isinstance(exc, FileNotFoundError):
        return "cannot read: file not found (moved, deleted or a broken link)"
    if exc.errno == errno.ELOOP:
        return "cannot read: symbolic link loop"
    return f"cannot read: {(exc.strerror or str(exc)).lower()}"
