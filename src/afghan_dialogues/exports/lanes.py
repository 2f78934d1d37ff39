"""Threads for an export: lanes that run jobs in the order given, and a pool that renders.

A lane takes its jobs in the order they were queued, on as many threads as it has: Parquet
files go to a lane of one thread, CSV and JSON files to a lane of two, so that whichever of
its threads is free takes the next file and both have work until the end (with one lane per
format, the last half second of a 1M-claim export was the JSON lane writing alone). A file's
bytes are written in order by the thread that took it; all lanes share one pool that renders
batches of text. Arrow, zstd, hashlib and file writes release the GIL, which is what lets the
threads use every core. The first job to fail stops its lane and the others: jobs not yet
started raise `StoppedError` instead of running, and the caller gets the first failure.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import TypeVar

from afghan_dialogues.exports.textfile import Render, ahead

T = TypeVar("T")


class StoppedError(Exception):
    """A job not run because an earlier one failed."""


class Lanes:
    """Named lanes of jobs and a shared rendering pool, as a context manager."""

    def __init__(self, lanes: Mapping[str, int], workers: int, depth: int) -> None:
        """`lanes`: each lane's name and number of threads."""
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self.failure: BaseException | None = None
        """The first exception a job raised."""
        self._lanes = {
            name: ThreadPoolExecutor(threads, thread_name_prefix=f"export-{name}")
            for name, threads in lanes.items()
        }
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="export-render")
        self.render: Render = ahead(self._pool, depth)
        """Renders batches on the pool, `depth` ahead of the one being written."""

    def submit(self, lane: str, job: Callable[[], T]) -> Future[T]:
        """Queue `job` on `lane`: started after the jobs queued there before."""

        def run() -> T:
            if self._stop.is_set():
                raise StoppedError("an earlier step of the export failed")
            try:
                return job()
            except BaseException as exc:
                self.fail(exc)
                raise

        return self._lanes[lane].submit(run)

    def result(self, future: Future[T]) -> T:
        """A job's result; for a job that was stopped, the failure that stopped it."""
        try:
            return future.result()
        except StoppedError:
            if self.failure is None:
                raise
            raise self.failure from None

    def fail(self, exc: BaseException) -> None:
        """Stop every lane; the first failure is the one kept."""
        with self._lock:
            if self.failure is None:
                self.failure = exc
        self._stop.set()

    def __enter__(self) -> Lanes:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if error is not None:
            self.fail(error)
        for executor in (*self._lanes.values(), self._pool):
            executor.shutdown(wait=True, cancel_futures=error is not None)
