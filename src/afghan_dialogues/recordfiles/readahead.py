"""Work on a second core ahead of its use: preparing record files, digesting snapshots.

Before a YAML file is parsed it is read, decoded, checked for layout problems (tabs, no
data) and matched against the fast-path grammar (`yamlfast.may_take_fast_path`, a regular
expression over the whole text). For a large record set that is about half of the reading
time, and none of it needs the parsed data: a worker process does it in chunks of files,
in order, while this process parses the chunks already prepared, and this process parses
exactly the text the worker checked (files are read once). Once the files are read, other
tasks can be handed to the worker with `later` (validation hashes and normalizes the text
snapshots there, and checks the schema files) while this process validates the records.

Small record sets, and platforms or sandboxes where a process cannot be started, do the same
work in-process with the same functions: results are the same either way, only the wall
time differs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from afghan_dialogues.recordfiles.yamlio import Prepared, prepare

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

T = TypeVar("T")

MIN_PARALLEL_FILES = 400
"""Below this many files, starting a process costs more than working in-process saves."""

MAX_CHUNK = 256
"""Files per task at most. Chunks start at one file and double, so parsing starts early."""

_WORKER_GONE = (OSError, RuntimeError)
"""What a pool raises when its process cannot start or has died (BrokenProcessPool is a
RuntimeError)."""


def prepare_many(paths: Sequence[Path]) -> list[Prepared | OSError]:
    """`prepare` of each path (the worker's task)."""
    return [prepare(path) for path in paths]


class Readahead:
    """At most one worker process, started when there is enough work, closed on exit."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._tried = False

    def __enter__(self) -> Readahead:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker, dropping work nobody collected."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _worker(self, files: int) -> ProcessPoolExecutor | None:
        if self._pool is None and not self._tried and files >= MIN_PARALLEL_FILES:
            self._tried = True
            from concurrent.futures import ProcessPoolExecutor  # ~20 ms: only when it pays

            try:
                self._pool = ProcessPoolExecutor(max_workers=1)
            except _WORKER_GONE:
                self._pool = None
        return self._pool

    def prepared(self, paths: Sequence[Path]) -> Iterator[Prepared | OSError]:
        """`prepare(path)` for each path, in order; the work is handed out at once."""
        pool = self._worker(len(paths))
        if pool is None:
            return (prepare(path) for path in paths)
        chunks = list(_chunks(paths))
        try:
            futures = [pool.submit(prepare_many, chunk) for chunk in chunks]
        except _WORKER_GONE:
            return (prepare(path) for path in paths)
        return _collect(chunks, futures)

    def later(self, task: Callable[..., T], *args: Any) -> Callable[[], T]:
        """`task(*args)` started on the worker, if there is one; call the result to get its
        value (computed here at that moment when there is no worker, or it died)."""
        if self._pool is not None:
            try:
                future = self._pool.submit(task, *args)
            except _WORKER_GONE:
                pass
            else:

                def result() -> T:
                    try:
                        return future.result()
                    except _WORKER_GONE:
                        return task(*args)

                return result
        return lambda: task(*args)


def _collect(
    chunks: list[Sequence[Path]], futures: list[Future[list[Prepared | OSError]]]
) -> Iterator[Prepared | OSError]:
    """The chunks' results in order.

    Whenever the next chunk is not ready yet, this process prepares the last chunk nobody has
    started (cancelling it in the worker) instead of waiting: both cores stay busy.
    """
    done_here: dict[int, list[Prepared | OSError]] = {}
    last = len(chunks) - 1
    for index, chunk in enumerate(chunks):
        future = futures[index]
        while index < last and not future.done() and futures[last].cancel():
            done_here[last] = prepare_many(chunks[last])
            last -= 1
        yield from done_here.pop(index) if index in done_here else _result(future, chunk)


def _result(future: Future[list[Prepared | OSError]], chunk: Sequence[Path]) -> list[Prepared | OSError]:
    try:
        return future.result()
    except _WORKER_GONE:  # the worker died: do it here
        return prepare_many(chunk)


def _chunks(paths: Sequence[Path]) -> Iterator[Sequence[Path]]:
    start, size = 0, 1
    while start < len(paths):
        yield paths[start : start + size]
        start += size
        size = min(2 * size, MAX_CHUNK)
