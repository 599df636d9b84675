"""kg.read on bad input: each bad document or line becomes a Skipped and the rest are read."""

from __future__ import annotations

import builtins
import errno
import os
import random
import re
import shutil
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kg.read
from kg.errors import InputError
from kg.model import Document, Skipped
from kg.read import find_inputs, read_documents

BBC = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "bbc"
_BAD_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def read_folder(folder: Path, **kwargs: int) -> dict[str, Document | Skipped]:
    """Read a folder; key each result by doc id (Document) or source (Skipped)."""
    out: dict[str, Document | Skipped] = {}
    for item in read_documents(find_inputs([folder]), **kwargs):
        out[item.id if isinstance(item, Document) else item.source] = item
    return out


def reason(results: dict[str, Document | Skipped], key: str) -> str:
    item = results[key]
    assert isinstance(item, Skipped), item
    return item.reason


def test_read_documents_skips_bad_files_and_reads_the_good_ones(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    write(seeds / "good.txt", "Microsoft halts sales\n\nBody text.")
    write(seeds / "empty.txt", b"")
    write(seeds / "blank.md", " \n\t\n")
    write(seeds / "notes.txt", b"Some text " * 100 + b"\x00\x01\x02binary")
    write(seeds / "random.txt", bytes(b for b in random.Random(0).randbytes(2000) if b))
    write(seeds / "scripts.html", "<html><body><script>alert(1)</script><style>b{}</style>")
    results = read_folder(seeds)
    assert isinstance(results["good.txt"], Document)
    assert reason(results, str(seeds / "empty.txt")) == "empty file"
    assert reason(results, str(seeds / "blank.md")) == "no text (only whitespace)"
    notes = reason(results, str(seeds / "notes.txt"))
    assert notes == "binary file, not text (NUL byte at byte 1000)"
    assert reason(results, str(seeds / "random.txt")).startswith(
        "binary file, not text (not valid UTF-8 at byte 0"
    )
    assert reason(results, str(seeds / "scripts.html")) == "no text found in the page"


def test_read_documents_reads_very_long_lines_whole(tmp_path: Path) -> None:
    line = "word " * 200_000
    results = read_folder(write(tmp_path / "s" / "long.txt", line).parent)
    doc = results["long.txt"]
    assert isinstance(doc, Document) and doc.text == line


def test_read_documents_reads_hostile_markdown_in_linear_time(tmp_path: Path) -> None:
    # Each line once took minutes: unpaired openers made lazy regexes rescan the line.
    openers = ["*a ", "[a ", "<!--a ", "_a ", "`a ", "~~a ", "**a ", "![a ", "# a    "]
    write(tmp_path / "s" / "hostile.md", "\n\n".join(o * 20_000 + "x" for o in openers))
    started = time.perf_counter()
    results = read_folder(tmp_path / "s")
    assert isinstance(results["hostile.md"], Document)
    assert time.perf_counter() - started < 5


def test_read_documents_skips_a_file_over_the_limit_with_its_size(tmp_path: Path) -> None:
    write(tmp_path / "s" / "big.txt", "x" * 2001)
    results = read_folder(tmp_path / "s", max_doc_bytes=2000)
    assert reason(results, str(tmp_path / "s" / "big.txt")) == (
        "file is 2,001 bytes, over the limit of 2,000 bytes; raise --max-doc-bytes to read it"
    )


def _deny(monkeypatch: pytest.MonkeyPatch, denied: Path) -> None:
    # Tests run as root, which ignores file modes: refuse the open instead.
    real_open = builtins.open

    def fake_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(file) == denied:
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(kg.read, "open", fake_open, raising=False)


@pytest.mark.parametrize("name", ["locked.txt", "locked.jsonl"])
def test_read_documents_skips_an_unreadable_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    locked = write(tmp_path / "s" / name, '{"text": "secret"}')
    write(tmp_path / "s" / "open.txt", "Readable.")
    _deny(monkeypatch, locked)
    results = read_folder(tmp_path / "s")
    assert reason(results, str(locked)) == "cannot read: permission denied"
    assert isinstance(results["open.txt"], Document)


def test_read_documents_skips_a_broken_link_and_a_fifo(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    write(folder / "ok.txt", "Fine.")
    os.symlink(folder / "gone.txt", folder / "broken.txt")
    os.mkfifo(folder / "pipe.txt")
    results = read_folder(folder)
    assert reason(results, str(folder / "broken.txt")).startswith("cannot read: file not found")
    assert reason(results, str(folder / "pipe.txt")) == "not a regular file"
    assert isinstance(results["ok.txt"], Document)


def test_find_inputs_gives_a_non_utf8_file_name_a_printable_id(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/caf\xe9 \xff.txt", "wb") as fh:
        fh.write(b"Text.")
    [doc] = read_documents(find_inputs([folder]))
    assert isinstance(doc, Document)
    assert doc.id == "caf\ufffd \ufffd.txt" and doc.text == "Text."
    doc.source.encode("utf-8")


def _deny_folder(monkeypatch: pytest.MonkeyPatch, denied: Path) -> None:
    real_scandir = os.scandir

    def fake_scandir(path: Any = ".") -> Any:
        if Path(path) == denied:
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", fake_scandir)


def test_find_inputs_leaves_out_an_unreadable_subfolder_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    write(tmp_path / "s" / "ok.txt", "Fine.")
    write(tmp_path / "s" / "private" / "secret.txt", "Hidden.")
    _deny_folder(monkeypatch, tmp_path / "s" / "private")
    assert [f.doc_id for f in find_inputs([tmp_path / "s"])] == ["ok.txt"]
    assert "private: cannot read folder, skipped: permission denied" in caplog.text


def test_find_inputs_raises_for_an_unreadable_folder_given_directly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "s" / "ok.txt", "Fine.")
    _deny_folder(monkeypatch, tmp_path / "s")
    with pytest.raises(InputError, match="s/: cannot read folder: permission denied"):
        find_inputs([tmp_path / "s"])


def test_read_documents_skips_malformed_jsonl_lines_and_reads_the_rest(tmp_path: Path) -> None:
    lines = [
        '{"text": "Good one."}',
        "{not json",
        "[1, 2]",
        '{"title": "no text"}',
        '{"text": "   "}',
        '{"text": 42}',
        '{"text": "x", "title": ["a"]}',
        '{"text": "x", "id": true}',
        '{"text": "x", "date": "last Tuesday"}',
        '{"text": "' + "y" * 500_000 + '"}',
        '{"text": "Good two.\\u0000\\u0007"}',
        '"just a string"',
        '{"text": "x", "id": ' + "9" * 5000 + "}",
        "[" * 100_000 + "]" * 100_000,
    ]
    path = write(tmp_path / "s" / "feed.jsonl", "\n".join(lines))
    results = read_folder(path.parent, max_doc_bytes=400_000)
    docs = {k: v for k, v in results.items() if isinstance(v, Document)}
    assert {k: v.text for k, v in docs.items()} == {
        "feed.jsonl#1": "Good one.",
        "feed.jsonl#11": "Good two.",
    }
    expected = {
        2: "not valid JSON (Expecting property name enclosed in double quotes at column 2)",
        3: "not a JSON object (got an array)",
        4: "no 'text' field",
        5: "'text' is empty",
        6: "'text' must be a string, got a number",
        7: "'title' must be a string, got an array",
        8: "'id' must be a non-empty string or an integer, got True",
        9: "'date' is not an ISO 8601 date: 'last Tuesday'",
        10: "record over the limit of 400,000 bytes",
        12: "not a JSON object (got a string)",
        13: "not valid JSON (a number with too many digits)",
        14: "not valid JSON (nested too deeply)",
    }
    for line, why in expected.items():
        assert reason(results, f"{path} line {line}") == why


def test_read_documents_skips_binary_and_blank_jsonl_files_whole(tmp_path: Path) -> None:
    write(tmp_path / "s" / "bin.jsonl", b'{"text": "a"}\n\x00\x00\xff')
    write(tmp_path / "s" / "blank.jsonl", "\n\n  \n")
    results = read_folder(tmp_path / "s")
    assert reason(results, str(tmp_path / "s" / "bin.jsonl")).startswith("binary file, not text")
    assert reason(results, str(tmp_path / "s" / "blank.jsonl")) == "no records (only blank lines)"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".jsonl", ".html", ".md"]))
def test_read_documents_turns_arbitrary_bytes_into_documents_or_skipped(
    tmp_path: Path, data: bytes, suffix: str
) -> None:
    folder = tmp_path / "fuzz"
    shutil.rmtree(folder, ignore_errors=True)
    write(folder / f"doc{suffix}", data)
    for item in read_documents(find_inputs([folder])):
        assert isinstance(item, Document | Skipped)
        if isinstance(item, Document):
            assert item.text.strip() and "\r" not in item.text
            assert not _BAD_CONTROL.search(item.text)
            item.text.encode("utf-8")  # no lone surrogates survive


def test_read_documents_does_not_depend_on_the_order_of_inputs(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    write(a / "x.txt", "From a.")
    write(a / "feed.jsonl", '{"id": "1", "text": "A1"}\n{"id": "1", "text": "A2"}\n')
    write(b / "x.txt", "From b.")
    write(b / "feed.jsonl", '{"id": "1", "text": "B1"}\n')
    write(b / "page.html", "<p>Page.</p>")
    first = list(read_documents(find_inputs([a, b])))
    second = list(read_documents(find_inputs([b, a, b])))
    assert first == second
    assert len({d.id for d in first if isinstance(d, Document)}) == 6


def _peak_while(run: Any) -> int:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_read_documents_never_reads_a_50_mb_file_over_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "s" / "huge.txt"
    big.parent.mkdir()
    with open(big, "wb") as fh:
        for _ in range(50):
            fh.write(b"a" * (1 << 20))
    results: list[Document | Skipped] = []
    peak = _peak_while(lambda: results.extend(read_documents(find_inputs([big.parent]))))
    assert results == [
        Skipped(
            str(big),
            "file is 52,428,800 bytes, over the limit of 10,485,760 bytes; "
            "raise --max-doc-bytes to read it",
        )
    ]
    assert peak < 1 << 20


def test_read_documents_streams_a_50_mb_jsonl_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "s" / "stream.jsonl"
    path.parent.mkdir()
    record = ('{"text": "' + "Microsoft halts sales to the police. " * 200 + '"}\n').encode()
    count = (50 << 20) // len(record) + 1
    with open(path, "wb") as fh:
        for start in range(0, count, 1000):
            fh.write(record * min(1000, count - start))
    # One over-long line in the middle, read past in chunks rather than held whole.
    with open(path, "ab") as fh:
        fh.write(b'{"text": "' + b"z" * (3 << 20) + b'"}\n' + record)
    seen = {"docs": 0, "skipped": 0}

    def consume() -> None:
        for item in read_documents(find_inputs([path]), max_doc_bytes=1 << 20):
            seen["docs" if isinstance(item, Document) else "skipped"] += 1

    started = time.perf_counter()
    peak = _peak_while(consume)
    assert seen == {"docs": count + 1, "skipped": 1}
    # At most one line up to the 1 MB limit is held (twice, while readline copies it), plus a
    # bit per line for id uniqueness: nothing grows with the 53 MB read.
    assert peak < 3 << 20
    assert time.perf_counter() - started < 30


@pytest.mark.skipif(not BBC.is_dir(), reason=f"BBC corpus not found at {BBC}")
def test_read_documents_reads_every_bbc_article_with_its_headline() -> None:
    files = [f for f in find_inputs([BBC]) if f.suffix == ".txt"]
    results = list(read_documents(files))
    assert len(results) == 2225
    for doc in results:
        assert isinstance(doc, Document), doc
        assert doc.title is not None and doc.text.startswith(doc.title + "\n\n")
