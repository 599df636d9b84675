"""Reading stage: raw bytes -> clean text that every character offset in kg refers to.

Must not import spaCy, rdflib or any later kg stage.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

# Checked longest first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# English news without a BOM that is not UTF-8 is nearly always Windows-1252 (a superset of
# Latin-1 for printable text, and what browsers use for "latin-1"). charset-normalizer's
# chaos score cannot tell Western code pages apart on short texts (it reads "ça va, déjà vu" as
# cp1257 "ēa va, déją vu"), so Windows-1252 wins whenever it is a candidate at all; texts in
# Cyrillic, Greek or CJK code pages do not yield it as a candidate.
_PREFERRED_LEGACY = ("cp1252", "latin_1", "iso8859_15")

# C0 controls other than \t and \n; \r is handled first by normalising line endings.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0B, 0x20)])
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


class NotTextError(ValueError):
    """The bytes are not text in any encoding kg can recognise; the message says why."""


def decode_bytes(data: bytes, *, declared: str | None = None) -> str:
    """Decode bytes to text: BOM first, then UTF-8, then `declared`, then detection.

    Args:
        data: The raw bytes of a document.
        declared: An encoding the container names (e.g. an HTML meta charset), tried after UTF-8.

    Returns:
        The decoded text, not yet normalised.

    Raises:
        NotTextError: The bytes are binary data or in no recognisable encoding.

    >>> decode_bytes("café".encode("cp1252"))
    'café'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise NotTextError(
                    f"binary file, not text (not valid {encoding.upper()} at byte "
                    f"{exc.start + len(bom)})"
                ) from exc
    nul = data.find(b"\x00")
    if nul >= 0:
        raise NotTextError(f"binary file, not text (NUL byte at byte {nul})")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    if declared is not None:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration is common; fall through to detection
    return _detect(data, utf8_error)


def _detect(data: bytes, utf8_error: int) -> str:
    # UTF-16/32 without a BOM would have NUL bytes for ASCII text, which were refused already;
    # a NUL-free "UTF-16" guess is really a single-byte text read as CJK.
    results = [
        match
        for match in charset_normalizer.from_bytes(data)
        if not match.encoding.startswith(("utf_16", "utf_32"))
    ]
    if not results:
        raise NotTextError(
            f"binary file, not text (not valid UTF-8 at byte {utf8_error}, "
            "and no other text encoding fits)"
        )
    for preferred in _PREFERRED_LEGACY:
        for match in results:
            # Encodings that decode these bytes to the same text are grouped into one match.
            if preferred in match.could_be_from_charset:
                return data.decode(preferred)
    return str(results[0])


def declared_html_charset(data: bytes) -> str | None:
    """Return the charset an HTML page declares in a <meta> tag near its start, if any.

    >>> declared_html_charset(b'<html><head><meta charset="iso-8859-1">')
    'iso-8859-1'
    """
    found = _HTML_CHARSET.search(data[:4096])
    if not found:
        return None
    charset = found.group(1).decode("ascii").lower()
    # A page whose <meta> could be read as ASCII is not UTF-16/32 whatever it says; the HTML
    # standard reads such a declaration as UTF-8.
    return "utf-8" if charset.startswith(("utf-16", "utf-32", "utf16", "utf32")) else charset


def normalize_text(text: str) -> str:
    """Normalise line endings to LF and drop control characters that are not \\n or \\t.

    Offsets downstream refer to the returned text, so every reader calls this last.
    Lone surrogates (possible from JSON escapes) become U+FFFD so the text can always be
    encoded as UTF-8 later.

    >>> normalize_text("a\\r\\nb\\rc\\x00d\\te\\ud800")
    'a\\nb\\ncd\\te\\ufffd'
    """
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        data = _SURROGATE.sub("\ufffd", text).encode("utf-8")
    # Working on UTF-8 bytes is exact (control characters are single bytes that never occur
    # inside a multi-byte sequence) and several times faster than a regex over the str.
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    data = data.translate(None, _CONTROL_BYTES)
    return data.decode("utf-8")
