"""The import rules of STYLE.md section 1, read from the source with ast (nothing is imported).

Only kg/nlp.py and kg/extract/ import spaCy; only kg/export/html.py imports pyvis. An import
inside a function counts; one under `if TYPE_CHECKING:` does not, as it never runs.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "kg"


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            yield from (n for child in node.orelse for n in (child, *_runtime_nodes(child)))
            continue
        yield node
        yield from _runtime_nodes(node)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imported_packages(path: Path) -> set[str]:
    """Return the top-level names of the absolute imports a module runs, wherever they stand."""
    found: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text("utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def _module_name(path: Path) -> str:
    return path.relative_to(PACKAGE.parent).as_posix()


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize(
    ("package", "homes"),
    [("spacy", ("kg/nlp.py", "kg/extract/")), ("pyvis", ("kg/export/html.py",))],
)
def test_layering_only_home_modules_import(package: str, homes: tuple[str, ...]) -> None:
    offenders = [
        _module_name(path)
        for path in MODULES
        if package in imported_packages(path) and not _module_name(path).startswith(homes)
    ]
    assert not offenders, f"{package} imported outside its home by: {', '.join(offenders)}"


def test_layering_check_sees_imports_in_functions_but_not_type_checking(tmp_path: Path) -> None:
    source = tmp_path / "sample.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    import pyvis\n"
        "else:\n"
        "    import json\n"
        "def late():\n"
        "    from spacy.tokens import Doc\n"
        "    import numpy.linalg\n",
        "utf-8",
    )
    assert imported_packages(source) == {"typing", "json", "spacy", "numpy"}
