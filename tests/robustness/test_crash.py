"""Crash safety: a build killed at any moment leaves the previous output complete and usable."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.store import open_graph
from tests.conftest import ROOT, SEEDS

pytestmark = [pytest.mark.model, pytest.mark.slow]

EXTRA = (
    "IBM said on Monday that it would not sell general purpose facial recognition software. "
    "Arvind Krishna, the chief executive of IBM, wrote to Congress."
)


def _default_sigint() -> None:
    # A job started in the background inherits SIGINT ignored; the build must see Ctrl-C as a
    # user's terminal would deliver it.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _build(inputs: Path, output: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "kg", "build", str(inputs), "-o", str(output), "--quiet"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_default_sigint,
    )


def _complete_build(output: Path) -> bytes:
    """Return graph.ttl of a complete, usable build in `output` (or fail the test)."""
    turtle = (output / "graph.ttl").read_bytes()
    assert (output / "graph.html").stat().st_size > 0
    assert (output / "manifest.json").read_text().endswith("}\n")
    assert len(open_graph(output)) > 0
    return turtle


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, bytes, bytes]:
    base = tmp_path_factory.mktemp("crash")
    v2_inputs = base / "v2"
    v2_inputs.mkdir()
    (v2_inputs / "seed.txt").write_text((SEEDS / "microsoft-facial-recognition.txt").read_text())
    (v2_inputs / "ibm.txt").write_text(EXTRA)
    reference = base / "reference"
    for inputs, name in ((SEEDS, "v1"), (v2_inputs, "v2")):
        assert _build(inputs, reference / name).wait() == 0
    return (
        reference / "v1",
        v2_inputs,
        _complete_build(reference / "v1"),
        _complete_build(reference / "v2"),
    )


@pytest.mark.parametrize("delay", [0.5, 2.0, 3.5, 5.0])
def test_sigkill_at_any_moment_leaves_a_complete_build(
    versions: tuple[Path, Path, bytes, bytes], tmp_path: Path, delay: float
) -> None:
    v1_dir, v2_inputs, v1, v2 = versions
    output = tmp_path / "output"
    assert _build(SEEDS, output).wait() == 0
    process = _build(v2_inputs, output)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    # A kill between the two renames of a non-Linux swap leaves the folder aside; the next
    # kg command repairs it before reading, so look through the same repair.
    from kg.files import recover_output_dir

    recover_output_dir(output)
    assert _complete_build(output) in (v1, v2)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".output.building-")]


def test_ctrl_c_stops_with_a_message_and_keeps_output(tmp_path: Path) -> None:
    output = tmp_path / "output"
    assert _build(SEEDS, output).wait() == 0
    before = (output / "graph.ttl").read_bytes()
    # Enough text that the build is still parsing when Ctrl-C comes, on any machine.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seed = (SEEDS / "microsoft-facial-recognition.txt").read_text()
    for number in range(300):
        (corpus / f"copy{number:03}.txt").write_text(f"Copy {number}.\n\n{seed}")
    process = _build(corpus, output)
    time.sleep(3)
    os.kill(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert b"interrupted" in stderr and b"Traceback" not in stderr
    assert (output / "graph.ttl").read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".output.building-")]
