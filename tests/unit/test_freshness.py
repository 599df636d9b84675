"""The key a build records of what its output depends on (kg.freshness)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.freshness import OUTPUT_FILES, build_key, previous_build
from kg.model import Skipped

_PAGE = 2000


def _key(
    keys: list[str], skipped: list[Skipped], aliases: Path | None = None, page: int = _PAGE
) -> str:
    return build_key(keys, skipped, aliases=aliases, html_max_nodes=page)


def test_the_key_does_not_depend_on_the_order_inputs_were_read_in() -> None:
    bad = [Skipped("x.txt", "binary file"), Skipped("y.txt", "empty")]
    assert _key(["a", "b"], bad) == _key(["b", "a"], bad[::-1])


def test_the_key_changes_with_every_input_and_option(tmp_path: Path) -> None:
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("MSFT,Microsoft\n")
    base = _key(["a", "b"], [Skipped("x.txt", "empty")], aliases)
    changed = [
        _key(["a", "c"], [Skipped("x.txt", "empty")], aliases),
        _key(["a"], [Skipped("x.txt", "empty")], aliases),
        _key(["a", "b"], [Skipped("x.txt", "binary file")], aliases),
        _key(["a", "b"], [], aliases),
        _key(["a", "b"], [Skipped("x.txt", "empty")], None),
        _key(["a", "b"], [Skipped("x.txt", "empty")], aliases, page=10),
    ]
    aliases.write_text("MSFT,Microsoft Corporation\n")
    changed.append(_key(["a", "b"], [Skipped("x.txt", "empty")], aliases))
    assert base not in changed
    assert len(set(changed)) == len(changed)


def _built(folder: Path) -> Path:
    (folder / "store").mkdir(parents=True)
    for name in OUTPUT_FILES:
        (folder / name).write_text("{}")
    (folder / "manifest.json").write_text(json.dumps({"build": "k"}))
    return folder


def test_a_complete_build_is_read_back_and_a_damaged_manifest_is_none(tmp_path: Path) -> None:
    folder = _built(tmp_path / "out")
    assert previous_build(folder) == {"build": "k"}
    (folder / "manifest.json").write_text("{not json")
    assert previous_build(folder) is None


@pytest.mark.parametrize("missing", [*OUTPUT_FILES, "store"])
def test_a_build_missing_an_output_is_not_a_previous_build(tmp_path: Path, missing: str) -> None:
    folder = _built(tmp_path / "out")
    target = folder / missing
    if target.is_dir():
        target.rmdir()
    else:
        target.unlink()
    assert previous_build(folder) is None
