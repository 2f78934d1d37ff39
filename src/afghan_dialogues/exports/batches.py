"""Fixed-size record batches of a table, whatever its chunks.

A table built from records is one chunk; the same table read back from Parquet comes in the
reader's chunks. Batches are cut at fixed row counts from the start of the table, so the same
rows make the same batches, and the writers the same bytes, from either table.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

BATCH_ROWS = 16_384
"""Rows rendered at a time: enough that a kernel call's overhead is spread thin, few enough
that a batch of claims stays a few megabytes of text."""


def batches(table: Any, rows: int = BATCH_ROWS) -> Iterator[Any]:
    """Record batches of `rows` rows (the last one shorter), each in one piece."""
    for start in range(0, table.num_rows, rows):
        piece = table.slice(start, rows)
        if any(column.num_chunks > 1 for column in piece.columns):
            piece = piece.combine_chunks()
        yield from piece.to_batches()
