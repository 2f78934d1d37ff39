"""Where an export's time goes: seconds per kind of step, added up over the threads doing it.

The steps run side by side on several threads, so wall-clock marks around them would say
little; each piece of work adds its own duration to its kind instead. The benchmarks report
these next to the wall time.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class Timings:
    """Seconds per kind of step ('parquet', 'csv', 'json', 'checksums', 'zip', 'other')."""

    def __init__(self) -> None:
        self._seconds: dict[str, float] = {}
        self._lock = threading.Lock()

    @contextmanager
    def measure(self, kind: str) -> Iterator[None]:
        """Add the time the block takes to `kind`."""
        start = time.perf_counter()
        try:
            yield
        finally:
            elapsed = time.perf_counter() - start
            with self._lock:
                self._seconds[kind] = self._seconds.get(kind, 0.0) + elapsed

    def seconds(self) -> dict[str, float]:
        """A copy of the totals so far."""
        with self._lock:
            return dict(self._seconds)
