"""The only code that creates files and folders in an output folder: atomically.

Readers of an output folder see the old content or the new, never a half-written file.
Must not import spaCy, rdflib or any stage module.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

# A folder that kg built carries this file; kg refuses to replace a folder without it, so a
# mistyped `-o ~/Documents` can never wipe somebody's files.
MARKER = ".kg-output"
_OLD_SUFFIX = ".kg-old"
_PID_FILE = ".kg-building-pid"


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


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2 RENAME_EXCHANGE).

    Python has no binding for it; without it a swap takes two renames, and a kill between
    them leaves the folder briefly missing (recover_output_dir repairs that on the next run).
    """
    if sys.platform != "linux":
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return bool(result == 0)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover_output_dir(target: Path) -> None:
    """Repair what a killed build left beside `target`: a half swap, dead staging folders."""
    old = target.with_name(target.name + _OLD_SUFFIX)
    if old.exists():
        if target.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(old, target)
    if not target.parent.is_dir():
        return
    for staging in target.parent.glob(f".{target.name}.building-*"):
        pid_file = staging / _PID_FILE
        try:
            pid = int(pid_file.read_text())
        except (OSError, ValueError):
            pid = 0
        if pid == 0 or not _pid_alive(pid):
            shutil.rmtree(staging, ignore_errors=True)


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
    (staging / _PID_FILE).write_text(str(os.getpid()))
    try:
        yield staging
        (staging / _PID_FILE).unlink()
        (staging / MARKER).write_text("built by kg; the whole folder is replaced on rebuild\n")
        keep = target / ".gitignore"
        if keep.exists() and not (staging / ".gitignore").exists():
            shutil.copy2(keep, staging / ".gitignore")
        if target.exists() and _exchange(staging, target):
            shutil.rmtree(staging, ignore_errors=True)  # now holds the previous build
            return
        old = target.with_name(target.name + _OLD_SUFFIX)
        if target.exists():
            os.replace(target, old)
        os.replace(staging, target)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
