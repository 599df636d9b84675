"""Fuzzing the readers: any bytes in a file of any supported suffix -> Documents or Skipped.

`read_documents` must never raise, and every Document it yields must be clean text that every
later stage can use: no NUL or other C0 control but \\n and \\t, no \\r, no lone surrogates,
encodable as UTF-8. Crashers found here are kept under crashers/ (see test_fuzz_crashers.py).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.model import Document, Skipped
from kg.read import SUPPORTED_SUFFIXES, find_inputs, read_documents

FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SUFFIXES = sorted(SUPPORTED_SUFFIXES) + [".TXT", ".Html"]
_BAD_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")

# Pieces that readers trip on: line ends, BOMs, NULs, markup, entities, front matter, JSON.
_PIECES = st.sampled_from(
    [
        "\r",
        "\r\n",
        "\n",
        "\n\n",
        "\t",
        "\x00",
        "\x01",
        "\x0b",
        "\x0c",
        "\x1b[31m",
        "\x7f",
        "\x85",
        "\u2028",
        "\ufeff",
        "\ufffe",
        "\U0001f600",
        "\u202e",
        "<p>",
        "</p>",
        "<div",
        "<script>",
        "</script>",
        "<style>",
        "<!--",
        "-->",
        "<![CDATA[",
        "<title>",
        "<meta charset='utf-16'>",
        '<meta charset="x-unknown">',
        "&amp;",
        "&#0;",
        "&#x1;",
        "&#xD800;",
        "&#1114112;",
        "&nbsp",
        "---\n",
        "title: ",
        "date: 2020-02-30\n",
        "# ",
        "**",
        "[a](",
        "`",
        "{",
        "}",
        '"',
        "\\",
        '{"text": "',
        '"}',
        "Microsoft said on Monday.",
    ]
)
TEXTS = st.lists(st.one_of(_PIECES, st.text(max_size=40)), max_size=40).map("".join)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "cp1252"])

# JSON string bodies (between the quotes) with the escapes json.loads turns into bad text.
_JSON_ESCAPES = st.sampled_from(
    ["\\u0000", "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\r", "\\u0085", "\\u2028", '\\"', "\\\\"]
)
JSON_STRINGS = st.lists(
    st.one_of(_JSON_ESCAPES, st.text(max_size=10).map(lambda s: json.dumps(s)[1:-1])),
    max_size=8,
).map(lambda parts: '"' + "".join(parts) + '"')
JSON_SCALARS = st.one_of(
    JSON_STRINGS,
    st.sampled_from(
        ["null", "true", "0", "-1", "1e999", "NaN", "-Infinity", "9" * 5000, "[]", "{}"]
    ),
)


@st.composite
def jsonl_lines(draw: st.DrawFn) -> str:
    """A .jsonl line: usually a record with odd fields, sometimes broken or deep JSON."""
    kind = draw(st.integers(0, 5))
    if kind == 0:
        return draw(TEXTS)
    if kind == 1:
        depth = draw(st.integers(1, 3000))
        return '{"text": ' + "[" * depth + "]" * draw(st.integers(0, depth)) + "}"
    fields = draw(
        st.dictionaries(
            st.sampled_from(["text", "title", "date", "url", "id", "extra"]),
            JSON_SCALARS,
            max_size=6,
        )
    )
    if kind > 2:
        fields.setdefault("text", draw(JSON_STRINGS))
    # The keys must stay valid JSON; the values are raw JSON text.
    return "{" + ", ".join(f'"{k}": {v}' for k, v in fields.items()) + "}"


JSONL = st.lists(jsonl_lines(), max_size=6).flatmap(
    lambda lines: st.sampled_from(["\n", "\r\n", "\r"]).map(lambda sep: sep.join(lines))
)


def check_documents(folder: Path) -> list[Document | Skipped]:
    """Read every file in `folder` and check what the readers promise about each result."""
    items = list(read_documents(find_inputs([folder])))
    assert items, "every file gives at least one Document or Skipped"
    for item in items:
        assert isinstance(item, Document | Skipped), item
        if isinstance(item, Skipped):
            assert item.reason.strip()
            continue
        text = item.text
        assert text.strip(), "a Document has text"
        assert "\r" not in text
        assert not _BAD_CONTROL.search(text), repr(text)
        assert not _SURROGATE.search(text), repr(text)
        text.encode("utf-8")
        if item.title is not None:
            assert not _BAD_CONTROL.search(item.title) and "\r" not in item.title
            item.title.encode("utf-8")
        for field in (item.id, item.url or ""):
            assert not _BAD_CONTROL.search(field) and not _SURROGATE.search(field), repr(field)
            field.encode("utf-8")
    return items


def _write(folder: Path, name: str, data: bytes) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / name).write_bytes(data)


@FUZZ
@given(data=st.binary(max_size=4000), suffix=st.sampled_from(SUFFIXES))
@example(data=b"\xef\xbb\xbf\xef\xbb\xbf", suffix=".txt")  # two BOMs, nothing else
@example(data=b"\xff\xfe\x00\xd8", suffix=".md")  # UTF-16 BOM then a lone surrogate
@example(data=b"\x00\x00\xfe\xff\x00\x00\x00A", suffix=".html")  # UTF-32 BE BOM
@example(data=b"\r" * 50 + b"x", suffix=".jsonl")
def test_read_documents_turns_any_bytes_into_clean_documents_or_skipped(
    tmp_path: Path, data: bytes, suffix: str
) -> None:
    _write(tmp_path / "in", f"doc{suffix}", data)
    check_documents(tmp_path / "in")


@FUZZ
@given(text=TEXTS, suffix=st.sampled_from(SUFFIXES), encoding=ENCODINGS)
@example(text="\ufeff\r\r\n\x00<p>a</p>", suffix=".html", encoding="utf-16")
@example(text="---\ntitle: \x01\r\n---\n# \x7f\n", suffix=".md", encoding="utf-8-sig")
@example(text="<title>\x0b</title><p>&#x1;&#xD800;&#0; b", suffix=".htm", encoding="utf-8")
@example(text="<meta charset='utf-16'><p>caf\xe9</p>", suffix=".html", encoding="cp1252")
def test_read_documents_turns_any_text_into_clean_documents_or_skipped(
    tmp_path: Path, text: str, suffix: str, encoding: str
) -> None:
    _write(tmp_path / "in", f"doc{suffix}", text.encode(encoding, "replace"))
    check_documents(tmp_path / "in")


@FUZZ
@given(content=JSONL)
@example(content='{"text": "a\\u0000b\\ud800\\r\\nc", "title": "\\udc00\\u0001"}')
@example(content='{"text": "x", "id": NaN}\n{"text": "y", "id": 1e999}')
@example(content='{"text": ' + "[" * 100_000 + "}")
@example(content='{"text": "x", "id": ' + "9" * 5000 + "}")
@example(content='\ufeff{"text": "BOM on the first line"}\r\ufeff{"text": "and the second"}')
def test_read_documents_reads_any_jsonl_as_clean_documents_or_skipped_lines(
    tmp_path: Path, content: str
) -> None:
    _write(tmp_path / "in", "doc.jsonl", content.encode("utf-8", "surrogatepass"))
    items = check_documents(tmp_path / "in")
    ids = [i.id for i in items if isinstance(i, Document)]
    assert len(ids) == len(set(ids)), "document ids are unique"


@settings(FUZZ, max_examples=10)
@given(width=st.integers(1, 12), suffix=st.sampled_from(SUFFIXES))
def test_read_documents_reads_a_huge_line_or_skips_it(
    tmp_path: Path, width: int, suffix: str
) -> None:
    line = ("word\x00 " if width % 5 == 0 else "w\u00e9rd\t") * (width * 20_000)
    _write(tmp_path / "in", f"doc{suffix}", line.encode("utf-8"))
    for item in check_documents(tmp_path / "in"):
        if isinstance(item, Document) and suffix != ".jsonl":
            assert len(item.text) >= len(line.strip()) // 2


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_read_documents_reads_unbalanced_html_in_any_suffix(tmp_path: Path, suffix: str) -> None:
    _write(tmp_path / "in", f"doc{suffix}", b"<div><p>Microsoft <b>said<i> no" + b"<div>" * 5000)
    check_documents(tmp_path / "in")
