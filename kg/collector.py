"""The cyclic garbage collector, kept out of stages that make millions of acyclic objects.

Resolution, the extraction cache and the corpus stages allocate hundreds of thousands to
millions of small objects that form no cycles; left on, the cyclic collector walks them all
again and again for nothing (a third to a half of those stages' time). Objects are still freed
by reference counting. Must not import any stage.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_frozen", "collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Turn the cyclic collector off for the block (as it was before, after)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def collector_frozen() -> Iterator[None]:
    """Leave every object alive at the start of the block out of the collector's passes.

    For a long block that keeps a large structure alive throughout (the resolved corpus):
    the collector still runs for what the block makes, but never walks that structure again.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
