"""Fixed-size record batches of a table, whatever its chunks.

A table built from records is one chunk; the same table read back from Parquet comes in the
reader's chunks. The writers render and write a batch at a time, and the zip compresses what
they write as it comes, so batches are cut at fixed row counts from the start of the table:
the same rows then make the same writes, and the same bytes, from either table.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

BATCH_ROWS = 16_384
"""Rows rendered at a time: large enough that a kernel call's overhead is spread thin, small
enough that a batch of claims stays a few megabytes. With 65,536 rows a 1M-claim export took
0.4 s longer and 250 MB more memory: every batch's tens of megabytes of intermediate text were
fresh pages the kernel had to zero (1.5-4 s of system time against 1.1-1.9 s)."""


def batches(table: Any, rows: int = BATCH_ROWS) -> Iterator[Any]:
    """Record batches of `rows` rows (the last one shorter), each in one piece."""
    for start in range(0, table.num_rows, rows):
        piece = table.slice(start, rows)
        if any(column.num_chunks > 1 for column in piece.columns):
            piece = piece.combine_chunks()
        yield from piece.to_batches()
