"""The only code that creates files and folders in an output folder: atomically.

Readers of an output folder see the old content or the new, never a half-written file.
Must not import spaCy, rdflib or any stage module.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

# A folder that kg built carries this file; kg refuses to replace a folder without it, so a
# mistyped `-o ~/Documents` can never wipe somebody's files.
MARKER = ".kg-output"
_OLD_SUFFIX = ".kg-old"


def _umask() -> int:
    # mkstemp/mkdtemp create private (0600/0700) entries; outputs should get the user's
    # usual permissions, as if written with open().
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _umask()


@contextmanager
def atomic_write(path: Path) -> Iterator[IO[bytes]]:
    """Open a temporary file beside `path`; on success rename it over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically."""
    with atomic_write(path) as fh:
        fh.write(data)


def is_output_dir(path: Path) -> bool:
    """Tell whether `path` is a folder that kg built (or an empty one kg may fill)."""
    if not path.exists():
        return True
    if not path.is_dir():
        return False
    entries = {p.name for p in path.iterdir()}
    return not entries or MARKER in entries or entries <= {".gitignore", ".gitkeep"}


def recover_output_dir(target: Path) -> None:
    """Finish a swap that a kill interrupted, so `target` holds a complete build again."""
    old = target.with_name(target.name + _OLD_SUFFIX)
    if old.exists():
        if target.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(old, target)


@contextmanager
def atomic_dir(target: Path) -> Iterator[Path]:
    """Yield a fresh staging folder; on success it replaces `target` whole.

    The staging folder sits beside `target` (same file system, so renames are atomic).
    If the body raises, or the process dies, `target` keeps its previous content.
    """
    recover_output_dir(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.building-"))
    os.chmod(staging, 0o777 & ~_UMASK)
    try:
        yield staging
        (staging / MARKER).write_text("built by kg; the whole folder is replaced on rebuild\n")
        keep = target / ".gitignore"
        if keep.exists() and not (staging / ".gitignore").exists():
            shutil.copy2(keep, staging / ".gitignore")
        old = target.with_name(target.name + _OLD_SUFFIX)
        if target.exists():
            os.replace(target, old)
        os.replace(staging, target)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
