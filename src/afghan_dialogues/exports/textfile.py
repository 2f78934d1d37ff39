"""Writing a table as a text file a batch at a time, the batches rendered wherever the caller says.

A text format is what comes before the rows, the rows of one batch, and what comes after;
rendering a batch is a pure function of the batch, so an export can render several batches of
a file on other threads while this one writes them out in order.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from typing import Any

from afghan_dialogues.exports.batches import BATCH_ROWS, batches
from afghan_dialogues.exports.sink import Writable

Render = Callable[[Callable[[Any], Any], Iterable[Any]], Iterable[Any]]
"""Applies a batch renderer to batches and gives the results in order, as `map` does."""


@dataclass(frozen=True)
class TextFormat:
    """How one text format lays out a table."""

    head: Callable[[Any], bytes]
    """Bytes before the rows, given the table."""
    body: Callable[[Any], Any]
    """The rows of one record batch, as a buffer."""
    tail: Callable[[Any], bytes]
    """Bytes after the rows, given the table."""
    trim: int = 0
    """Bytes dropped from the end of the last batch (a separator no row follows)."""


def write_text(
    form: TextFormat, table: Any, out: Writable, render: Render = map, rows: int = BATCH_ROWS
) -> None:
    """Write `table` in `form` to `out`, `rows` rows at a time."""
    out.write(form.head(table))
    last = None
    for text in render(form.body, batches(table, rows)):
        if last is not None:
            out.write(last)
        last = text
    if last is not None:
        out.write(last.slice(0, last.size - form.trim) if form.trim else last)
    out.write(form.tail(table))


def ahead(pool: Executor, depth: int) -> Render:
    """A `Render` running up to `depth` batches on `pool` ahead of the one being written.

    Bounded, unlike `Executor.map`, so a table's text is never all in memory at once.
    """

    def render(body: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        pending: deque[Future[Any]] = deque()
        try:
            for item in items:
                pending.append(pool.submit(body, item))
                if len(pending) > depth:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()

    return render
