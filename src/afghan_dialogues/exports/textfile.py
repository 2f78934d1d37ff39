"""Writing a table as a text file a batch of rows at a time.

A text format is what comes before the rows, the rows of one batch, and what comes after;
only one batch's text is in memory at a time, however large the table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from afghan_dialogues.exports.batches import BATCH_ROWS, batches


class Writable(Protocol):
    """Where rendered text goes: a binary file, or anything with its `write`."""

    def write(self, data: Any, /) -> Any: ...


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


def write_text(form: TextFormat, table: Any, out: Writable, rows: int = BATCH_ROWS) -> None:
    """Write `table` in `form` to `out`, `rows` rows at a time."""
    out.write(form.head(table))
    last = None
    for batch in batches(table, rows):
        if last is not None:
            out.write(last)
        last = form.body(batch)
    if last is not None:
        out.write(last.slice(0, last.size - form.trim) if form.trim else last)
    out.write(form.tail(table))
