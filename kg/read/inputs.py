"""Reading stage: the paths a user gives -> the input files to read, each with a unique id.

Must not import spaCy, rdflib or any later kg stage.
"""

from __future__ import annotations

import logging
import os
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".html", ".htm", ".jsonl"})
_SUFFIX_LIST = ".txt, .md, .html, .htm or .jsonl"


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file to read.

    `doc_id` is unique among the files of one `find_inputs` call; `source` is the path as the
    user would recognise it (the folder they gave joined with the path inside it).
    """

    path: Path
    doc_id: str
    source: str

    def __post_init__(self) -> None:
        if not self.doc_id:
            raise ValueError(f"{self.source}: an input file needs an id")

    @property
    def suffix(self) -> str:
        """The lower-cased suffix that chooses the reader."""
        return self.path.suffix.lower()


def is_supported(path: Path) -> bool:
    """Return True when kg has a reader for the file's suffix (case-insensitive).

    >>> is_supported(Path("a/B.HTML")), is_supported(Path("a.pdf"))
    (True, False)
    """
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def find_inputs(paths: Sequence[Path]) -> list[InputFile]:
    """List every supported file under `paths`, walking folders recursively.

    Ids are the path relative to the folder given (POSIX separators), or the file name for a
    file given directly. The result does not depend on the order of `paths`: it is sorted by
    id, the same file reached twice (two folders, a symlink) is listed once, and files that
    would share an id get a `~N` suffix numbered in the order of their sources.

    Args:
        paths: Files and folders as the user gave them.

    Returns:
        The input files, sorted by id.

    Raises:
        InputError: A path does not exist, a folder given cannot be listed, a file given
            directly has an unsupported suffix, or there is no supported file at all.
    """
    if not paths:
        raise InputError("no input given", hint=f"give a folder or {_SUFFIX_LIST} files")
    # One candidate per (file identity, id): the same file seen twice is read once.
    by_identity: dict[tuple[int, int] | str, list[InputFile]] = defaultdict(list)
    for root in paths:
        for candidate in _candidates(root):
            by_identity[_identity(candidate.path)].append(candidate)
    if not by_identity:
        where = ", ".join(_display(p) for p in paths)
        raise InputError(
            f"{where}: no {_SUFFIX_LIST} files",
            hint="put the documents to read in that folder, or give another path",
        )
    chosen = [min(group, key=lambda f: (f.doc_id, f.source)) for group in by_identity.values()]
    return _disambiguate(chosen)


def _candidates(root: Path) -> Iterator[InputFile]:
    if not os.path.lexists(root):
        raise InputError(f"{_display(root)}: no such file or folder", hint="check the path")
    if root.is_dir():
        yield from _walk(root)
    elif is_supported(root):
        yield InputFile(path=root, doc_id=_text(root.name), source=_text(os.fspath(root)))
    elif root.exists():
        raise InputError(
            f"{_display(root)}: unsupported file type {root.suffix or '(no suffix)'!r}",
            hint=f"kg reads {_SUFFIX_LIST} files",
        )
    else:
        raise InputError(f"{_display(root)}: broken symbolic link", hint="check the path")


def _walk(root: Path) -> Iterator[InputFile]:
    # Following links lets a seeds folder point at a corpus elsewhere; remembering each folder's
    # (device, inode) stops symlink loops and never walks a folder twice.
    seen: set[tuple[int, int]] = set()

    def report(exc: OSError) -> None:
        if Path(exc.filename or "") == root:
            raise InputError(
                f"{_display(root)}: cannot read folder: {_reason(exc)}",
                hint="check the folder's permissions",
            ) from exc
        # find_inputs can only return files; a folder lost here must at least be visible.
        log.warning("%s: cannot read folder, skipped: %s", exc.filename, _reason(exc))

    for current, dirnames, filenames in os.walk(root, onerror=report, followlinks=True):
        try:
            st = os.stat(current)
        except OSError:
            dirnames[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen:
            dirnames[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        # Hidden entries are tool state (.git, .ipynb_checkpoints, editor swap files), and
        # reading them would add copies of documents.
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        here = Path(current)
        for name in sorted(filenames):
            path = here / name
            if name.startswith(".") or _is_project_file(name) or not is_supported(path):
                continue
            rel = path.relative_to(root).as_posix()
            yield InputFile(path=path, doc_id=_text(rel), source=_text(os.fspath(path)))


# A folder's own README, LICENSE or CHANGELOG describes the collection; it is not an article.
# Given by name on the command line, such a file is read like any other.
_PROJECT_FILES = ("readme", "license", "licence", "changelog", "contributing")


def _is_project_file(name: str) -> bool:
    """Return True for README.md, LICENSE.txt, CHANGELOG.md and the like.

    >>> _is_project_file("README.md"), _is_project_file("readme-2005.txt")
    (True, False)
    """
    return name.casefold().rsplit(".", 1)[0] in _PROJECT_FILES


def _identity(path: Path) -> tuple[int, int] | str:
    try:
        st = path.stat()
    except OSError:
        # A broken link or unreadable entry: keep it so reading reports the problem.
        return os.path.abspath(path)
    return (st.st_dev, st.st_ino)


def _disambiguate(files: list[InputFile]) -> list[InputFile]:
    by_id: dict[str, list[InputFile]] = defaultdict(list)
    for f in files:
        by_id[f.doc_id].append(f)
    taken = set(by_id)
    result: list[InputFile] = []
    for doc_id, group in sorted(by_id.items()):
        if len(group) == 1:
            result.extend(group)
            continue
        number = 0
        for f in sorted(group, key=lambda f: f.source):
            number += 1
            while f"{doc_id}~{number}" in taken:
                number += 1
            new_id = f"{doc_id}~{number}"
            taken.add(new_id)
            result.append(InputFile(path=f.path, doc_id=new_id, source=f.source))
    return sorted(result, key=lambda f: (f.doc_id, f.source))


def _text(name: str) -> str:
    """Return a file name as valid text: bytes that are not UTF-8 become U+FFFD.

    Linux names are bytes; Python smuggles undecodable ones in as lone surrogates, which would
    break every later stage that encodes the id (RDF, HTML, JSON).

    >>> _text("caf\\udce9.txt")
    'caf\ufffd.txt'
    """
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def _display(path: Path) -> str:
    text = _text(os.fspath(path))
    return text + "/" if path.is_dir() and not text.endswith("/") else text
