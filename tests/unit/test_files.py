"""Atomic writes: readers see the old output or the new, never half of one."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.files import MARKER, atomic_dir, atomic_write, is_output_dir, recover_output_dir


def test_atomic_write_leaves_old_file_when_writer_fails(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_write(target) as fh:
        fh.write(b"half")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_atomic_dir_replaces_whole_folder_on_success(tmp_path: Path) -> None:
    target = tmp_path / "output"
    target.mkdir()
    (target / ".gitignore").write_text("*\n")
    (target / "stale.ttl").write_text("stale")
    with atomic_dir(target) as staging:
        (staging / "graph.ttl").write_text("new")
    assert sorted(p.name for p in target.iterdir()) == [".gitignore", MARKER, "graph.ttl"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_atomic_dir_keeps_previous_output_when_build_fails(tmp_path: Path) -> None:
    target = tmp_path / "output"
    with atomic_dir(target) as staging:
        (staging / "graph.ttl").write_text("v1")
    with pytest.raises(KeyboardInterrupt), atomic_dir(target) as staging:
        (staging / "graph.ttl").write_text("v2 half")
        raise KeyboardInterrupt
    assert (target / "graph.ttl").read_text() == "v1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_recover_output_dir_restores_folder_moved_aside_by_a_killed_swap(tmp_path: Path) -> None:
    old = tmp_path / "output.kg-old"
    old.mkdir()
    (old / "graph.ttl").write_text("v1")
    recover_output_dir(tmp_path / "output")
    assert (tmp_path / "output" / "graph.ttl").read_text() == "v1"
    assert not old.exists()


@pytest.mark.parametrize(
    ("entries", "expected"),
    [([], True), ([".gitignore"], True), ([MARKER, "graph.ttl"], True), (["thesis.docx"], False)],
)
def test_is_output_dir_refuses_folders_kg_did_not_make(
    tmp_path: Path, entries: list[str], expected: bool
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    for name in entries:
        (folder / name).write_text("x")
    assert is_output_dir(folder) is expected
