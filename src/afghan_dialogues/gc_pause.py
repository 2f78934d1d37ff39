"""Pausing Python's cyclic garbage collector while many objects are built at once.

The collector runs after every few hundred allocations, and each run of its oldest generation
walks every container object alive. Validating or synthesizing a large dataset builds
millions of values (parsed YAML, one model per record, one dict per row) that hold no
reference cycles, so those runs free nothing and cost more the more is built
(benchmarks/RESULTS.md). Reference counting frees these values either way; only cycles wait
for the collector to run again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic collection inside the block; the collector is resumed after it if it was on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
