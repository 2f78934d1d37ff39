"""Findings located in a table: the data file, the 1-based data row, the record id and the column.

Checks work on whole columns and only come down to Python for the rows that fail, so a clean
million-row table costs no Python per row. Record ids are named as the records validator names
them (the id, or a relationship's key fields joined by spaces), which is what lets the two
validators be compared finding for finding.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from afghan_dialogues.datamodel.tables import Table
from afghan_dialogues.findings import Finding
from afghan_dialogues.validate.tabular.rules import record_fields


def rows_where(mask: Any) -> list[int]:
    """Positions where a boolean array is true (nulls count as false)."""
    if mask is None:
        return []
    filled = pc.fill_null(mask, False)
    if not pc.any(filled).as_py():
        return []
    return [int(i) for i in pc.indices_nonzero(filled).to_pylist()]


def record_ids(table: Table, columns: dict[str, Any], positions: Sequence[int]) -> list[str | None]:
    """Record ids of some rows, from the id (or key) columns."""
    if not positions:
        return []
    index = pa.array(positions, type=pa.int64())
    parts = [
        columns[name].take(index).to_pylist() if name in columns else [None] * len(positions)
        for name in record_fields(table)
    ]
    out: list[str | None] = []
    for values in zip(*parts, strict=True):
        out.append(" ".join(values) if all(isinstance(v, str) for v in values) else None)
    return out


@dataclass
class Place:
    """Where a batch of rows sits: table, displayed file path, and rows before it."""

    table: Table
    file: str
    offset: int = 0

    def at(
        self,
        position: int,
        code: str,
        message: str,
        record_id: str | None,
        *,
        field: str | None,
        hint: str | None,
    ) -> Finding:
        """A finding at one row of this batch."""
        return Finding(
            code,
            message,
            file=self.file,
            line=self.offset + position + 1,
            record_id=record_id,
            field=field,
            hint=hint,
        )


def report(
    place: Place,
    columns: dict[str, Any],
    positions: Sequence[int],
    code: str,
    *,
    field: str | None,
    messages: Sequence[str],
    hint: str | Sequence[str] | None,
) -> list[Finding]:
    """Findings at given rows of a batch, one message (and optionally one hint) per row."""
    ids = record_ids(place.table, columns, positions)
    hints = [hint] * len(positions) if hint is None or isinstance(hint, str) else list(hint)
    return [
        place.at(position, code, message, record_id, field=field, hint=row_hint)
        for position, message, record_id, row_hint in zip(positions, messages, ids, hints, strict=True)
    ]


def values_at(array: Any, positions: Sequence[int]) -> list[Any]:
    """Python values of an array at some positions."""
    if not positions:
        return []
    return list(array.take(pa.array(positions, type=pa.int64())).to_pylist())
