"""kg.read: finding inputs, document ids, and each format's text, title and metadata."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.model import Document, Skipped
from kg.read import InputFile, find_inputs, read_documents
from kg.read.decode import normalize_text
from kg.read.text import find_txt_title, strip_markdown

SEED = Path(__file__).resolve().parents[2] / "seeds" / "microsoft-facial-recognition.txt"


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def read_all(*paths: Path, **kwargs: int) -> list[Document | Skipped]:
    return list(read_documents(find_inputs(list(paths)), **kwargs))


def only_doc(*paths: Path) -> Document:
    [doc] = read_all(*paths)
    assert isinstance(doc, Document), doc
    return doc


# --- find_inputs -------------------------------------------------------------------------------


def test_find_inputs_walks_folders_recursively_with_relative_posix_ids(tmp_path: Path) -> None:
    write(tmp_path / "seeds" / "b.txt", "b")
    write(tmp_path / "seeds" / "sub" / "deeper" / "a.MD", "a")
    write(tmp_path / "seeds" / "page.htm", "<p>x</p>")
    write(tmp_path / "seeds" / "notes.pdf", "ignored")
    write(tmp_path / "seeds" / ".hidden.txt", "ignored")
    write(tmp_path / "seeds" / ".git" / "x.txt", "ignored")
    found = find_inputs([tmp_path / "seeds"])
    assert [f.doc_id for f in found] == ["b.txt", "page.htm", "sub/deeper/a.MD"]
    assert found[0].source == os.fspath(tmp_path / "seeds" / "b.txt")


def test_find_inputs_names_a_file_given_directly_by_its_name(tmp_path: Path) -> None:
    path = write(tmp_path / "in" / "one.txt", "x")
    assert find_inputs([path]) == [InputFile(path=path, doc_id="one.txt", source=str(path))]


def test_find_inputs_raises_for_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="nope.txt: no such file or folder"):
        find_inputs([tmp_path / "nope.txt"])


def test_find_inputs_raises_for_a_folder_without_supported_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "seeds" / "a.pdf", "x")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as info:
        find_inputs([Path("seeds")])
    assert str(info.value) == "seeds/: no .txt, .md, .html, .htm or .jsonl files"


def test_find_inputs_raises_for_an_unsupported_file_given_directly(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unsupported file type '.pdf'"):
        find_inputs([write(tmp_path / "a.pdf", "x")])


def test_find_inputs_does_not_depend_on_argument_order(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for folder in (a, b):
        write(folder / "same.txt", folder.name)
        write(folder / f"only-{folder.name}.txt", "x")
    first, second = find_inputs([a, b]), find_inputs([b, a])
    assert first == second
    ids = {f.doc_id: f.source for f in first}
    assert ids["same.txt~1"] == str(a / "same.txt")
    assert ids["same.txt~2"] == str(b / "same.txt")
    assert "same.txt" not in ids


def test_find_inputs_lists_a_file_reached_twice_once(tmp_path: Path) -> None:
    path = write(tmp_path / "seeds" / "a.txt", "x")
    os.symlink(path, tmp_path / "seeds" / "link.txt")
    found = find_inputs([tmp_path / "seeds", path])
    assert [f.doc_id for f in found] == ["a.txt"]


def test_find_inputs_survives_symlink_loops_and_links_to_walked_folders(tmp_path: Path) -> None:
    write(tmp_path / "seeds" / "sub" / "a.txt", "x")
    os.symlink(tmp_path / "seeds", tmp_path / "seeds" / "sub" / "loop")
    os.symlink(tmp_path / "seeds" / "sub", tmp_path / "seeds" / "again")
    assert [f.doc_id for f in find_inputs([tmp_path / "seeds"])] == ["again/a.txt"]


def test_find_inputs_keeps_names_with_spaces_quotes_and_non_latin_letters(tmp_path: Path) -> None:
    names = ['it\'s "new" today.txt', "Новости дня.txt", "新闻 1.md"]
    for name in names:
        write(tmp_path / "seeds" / name, "Some words.")
    docs = read_all(tmp_path / "seeds")
    assert sorted(d.id for d in docs if isinstance(d, Document)) == sorted(names)


# --- .txt --------------------------------------------------------------------------------------


def test_read_txt_takes_a_headline_as_title_and_keeps_it_in_the_text(tmp_path: Path) -> None:
    raw = "Ad sales boost Time Warner profit\n\nQuarterly profits rose 76%.\n"
    doc = only_doc(write(tmp_path / "business_001.txt", raw))
    assert doc.title == "Ad sales boost Time Warner profit"
    assert doc.text == raw
    assert doc.sha256 == hashlib.sha256(raw.encode()).hexdigest()


def test_read_txt_gives_the_seed_article_no_title() -> None:
    doc = only_doc(SEED)
    assert doc.title is None
    assert doc.id == "microsoft-facial-recognition.txt"
    assert doc.text.startswith("Microsoft followed in the footsteps")


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Could Yukos be a blessing?\n\nBody.", "Could Yukos be a blessing?"),
        ("Rivals of the £400 Apple...\n\nBody.", "Rivals of the £400 Apple..."),
        ("A headline\nthat runs on\n\nBody.", None),  # not followed by a blank line
        ("Only a headline\n", None),
        ("It said so.\n\nBody.", None),  # a sentence, not a headline
        (" ".join(["word"] * 30) + "\n\nBody.", None),
    ],
)
def test_find_txt_title(text: str, title: str | None) -> None:
    assert find_txt_title(text) == title


def test_read_txt_normalises_line_endings_and_drops_control_characters(tmp_path: Path) -> None:
    raw = "Title\r\n\r\nOne\rtwo\x07 three\x1b\tfour\u00a0five \u2028 😀\x7f\r\n"
    doc = only_doc(write(tmp_path / "a.txt", raw))
    assert doc.text == "Title\n\nOne\ntwo three\tfour\u00a0five \u2028 😀\x7f\n"
    assert doc.title == "Title"


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: b"\xef\xbb\xbf" + s.encode("utf-8"),
        lambda s: s.encode("utf-16"),  # with a BOM, in the machine's byte order
        lambda s: b"\xfe\xff" + s.encode("utf-16-be"),
        lambda s: s.encode("cp1252"),
        lambda s: s.encode("latin-1"),
    ],
    ids=["utf-8-bom", "utf-16", "utf-16-be-bom", "windows-1252", "latin-1"],
)
def test_read_txt_decodes_common_encodings(tmp_path: Path, encode: Callable[[str], bytes]) -> None:
    text = "Café owners in Zürich paid £600m\n\nMüller said: ça va, déjà vu.\n"
    doc = only_doc(write(tmp_path / "a.txt", encode(text)))
    assert doc.text == text
    assert doc.title == "Café owners in Zürich paid £600m"


# --- .md ---------------------------------------------------------------------------------------


def test_read_md_takes_the_first_h1_and_strips_markdown(tmp_path: Path) -> None:
    raw = (
        "## Kicker\n\n# Microsoft *halts* sales\n\nBrad Smith of [Microsoft](https://ms.com) "
        "said **no**.\n\n> Quoted __words__ here\n\n- item one\n* item two\n1. first\n\n"
        "![a chart](c.png) and `code_span` with snake_case_name\n\n---\n\n"
        "```python\nprint('kept')\n```\n\n| A | B |\n|---|:-:|\n| x | y |\n\n[ref]: http://x\n"
    )
    doc = only_doc(write(tmp_path / "a.md", raw))
    assert doc.title == "Microsoft halts sales"
    assert doc.text == (
        "Kicker\n\nMicrosoft halts sales\n\nBrad Smith of Microsoft said no.\n\n"
        "Quoted words here\n\nitem one\nitem two\n1. first\n\n"
        "a chart and code_span with snake_case_name\n\nprint('kept')\n\nA B\nx y"
    )


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("Title\n=====\n\nBody", ("Title\n\nBody", "Title", None)),
        ('---\ntitle: "Front"\ndate: 2020-06-11\n---\n# H\n', ("H", "Front", "2020-06-11")),
        (
            "a \\*literal\\* star, 2*3*4 and a * b",
            ("a *literal* star, 2*3*4 and a * b", None, None),
        ),
        ("**Bold**, _emph_. snake_case ***both***", ("Bold, emph. snake_case both", None, None)),
        ('[Foo](https://w.org/Foo_(bar) "T") `a*b*c`', ("Foo a*b*c", None, None)),
        ("x <!-- gone --> y <!-- open", ("x  y <!-- open", None, None)),
        ("~~gone~~ <b>bold</b> <https://x.org>", ("gone bold https://x.org", None, None)),
        ("# Closed heading ##\ntext", ("Closed heading\ntext", "Closed heading", None)),
    ],
)
def test_strip_markdown(markdown: str, expected: tuple[str, str | None, str | None]) -> None:
    assert strip_markdown(markdown) == expected


# --- .html -------------------------------------------------------------------------------------

ARTICLE = (
    "<html><head><title>Microsoft halts sales - News Site</title>"
    '<meta property="article:published_time" content="2020-06-11T10:00:00Z">'
    "<style>p { color: red }</style><script>var tracking = 1;</script></head><body>"
    "<nav><a href='/'>Home</a> <a href='/w'>World</a></nav><article><h1>Microsoft halts sales</h1>"
    "<p>Microsoft said on Thursday it would not sell facial recognition software to police "
    "departments in the United States until there is a federal law.</p><script>evil()</script>"
    "<p>Brad Smith, the company president, announced it at a Washington Post event. He said "
    "the company would press for a law grounded in human rights.</p><!-- hidden comment -->"
    "</article><footer>Copyright 2020</footer></body></html>"
)


def test_read_html_keeps_the_main_text_and_metadata(tmp_path: Path) -> None:
    doc = only_doc(write(tmp_path / "page.html", ARTICLE))
    assert doc.text.startswith("Microsoft halts sales\n\nMicrosoft said on Thursday")
    assert "\n\nBrad Smith, the company president" in doc.text
    for junk in ("tracking", "evil", "color", "hidden comment", "Home", "Copyright"):
        assert junk not in doc.text
    assert doc.title == "Microsoft halts sales"
    assert doc.date == "2020-06-11"


def test_read_html_falls_back_to_visible_body_text(tmp_path: Path) -> None:
    raw = (
        "<html><head><title>Tiny</title><style>.a{}</style></head><body><div>Hello <b>world"
        "</b>.</div><script>x()</script><div>Second block</div></body></html>"
    )
    doc = only_doc(write(tmp_path / "tiny.htm", raw))
    assert doc.text == "Hello world.\n\nSecond block"
    assert doc.title == "Tiny"


def test_read_html_honours_a_declared_charset(tmp_path: Path) -> None:
    raw = '<html><head><meta charset="iso-8859-1"></head><body><p>Zürich £5</p></body></html>'
    doc = only_doc(write(tmp_path / "p.html", raw.encode("latin-1")))
    assert doc.text == "Zürich £5"


# --- .jsonl ------------------------------------------------------------------------------------


def test_read_jsonl_gives_one_document_per_record(tmp_path: Path) -> None:
    lines = [
        '{"id": "a1", "text": "First.", "title": "One", "date": "2020-06-11T09:00:00Z", '
        '"url": "https://x.org/1"}',
        "",
        '{"text": "Second\\r\\nline.", "id": 7}',
        '{"text": "Third."}',
    ]
    path = write(tmp_path / "feed" / "news.jsonl", "\n".join(lines) + "\n")
    docs = read_all(tmp_path / "feed")
    assert [d.id for d in docs if isinstance(d, Document)] == [
        "news.jsonl#a1",
        "news.jsonl#7",
        "news.jsonl#4",
    ]
    first, second, _ = docs
    assert isinstance(first, Document) and isinstance(second, Document)
    assert (first.title, first.date, first.url) == ("One", "2020-06-11", "https://x.org/1")
    assert first.source == f"{path} line 1"
    assert first.sha256 == hashlib.sha256(lines[0].encode()).hexdigest()
    assert second.text == "Second\nline."


def test_read_jsonl_keeps_repeated_ids_apart(tmp_path: Path) -> None:
    raw = '{"id": "x", "text": "A."}\n{"id": "x", "text": "B."}\n'
    docs = read_all(write(tmp_path / "d.jsonl", raw))
    assert [d.id for d in docs if isinstance(d, Document)] == ["d.jsonl#x", "d.jsonl#x~2"]


def test_read_jsonl_keeps_line_numbers_and_record_ids_apart(tmp_path: Path) -> None:
    raw = '{"text": "A."}\n{"id": 1, "text": "B."}\n{"id": "3", "text": "C."}\n{"text": "D."}\n'
    docs = read_all(write(tmp_path / "d.jsonl", raw))
    assert [d.id for d in docs if isinstance(d, Document)] == [
        "d.jsonl#1",
        "d.jsonl#1~2",
        "d.jsonl#3",
        "d.jsonl#4",
    ]


def test_read_jsonl_ids_never_meet_file_ids_with_a_hash_sign(tmp_path: Path) -> None:
    write(tmp_path / "s" / "a.jsonl", '{"id": "x.txt", "text": "Record."}\n')
    write(tmp_path / "s" / "a.jsonl#x.txt", "File.")
    write(tmp_path / "s" / "a.jsonl#x.jsonl", '{"id": "1", "text": "Inner."}\n')
    write(tmp_path / "s" / "b.jsonl", '{"id": "x.jsonl#1", "text": "Outer."}\n')
    write(tmp_path / "s" / "b.jsonl#x.jsonl", '{"id": "1", "text": "Inner."}\n')
    ids = [d.id for d in read_all(tmp_path / "s") if isinstance(d, Document)]
    assert len(ids) == len(set(ids)) == 5
    assert "a.jsonl#x.txt" in ids and "a.jsonl#x.txt~2" in ids


def test_normalize_text_turns_lone_surrogates_into_replacement_characters() -> None:
    assert normalize_text("a\ud800b") == "a\ufffdb"


def test_find_inputs_skips_a_folders_readme_and_license_but_reads_them_when_named(
    tmp_path: Path,
) -> None:
    for name in ("README.md", "LICENSE.txt", "changelog.md", "readme-notes.txt", "story.txt"):
        (tmp_path / name).write_text("Microsoft said it would not sell the software.")
    walked = {f.doc_id for f in find_inputs([tmp_path])}
    assert walked == {"readme-notes.txt", "story.txt"}
    assert [f.doc_id for f in find_inputs([tmp_path / "README.md"])] == ["README.md"]
