"""What every cross-record rule reads: the valid rows of each published table, as Arrow tables,
and where each row came from.

Both front ends build a `Checked`: a records folder (YAML → one Pydantic model per record →
flat rows) and a package directory (Parquet or CSV → column checks derived from the models).
Rows that failed the model layer are left out (their own findings say why) but their ids are
kept, so that a reference to them is not reported as dangling. A rule is written once against
these tables and reports a row by its table and position; `finding` turns that into
`file:line` for records and `table file:row` for packages, so both front ends report the same
code, record id, field and message for the same mistake.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa
import pyarrow.compute as pc

from afghan_dialogues.datamodel.tables import TABLE_BY_NAME, TABLES, Table
from afghan_dialogues.findings import Finding

ARROW_TYPES: dict[str, Any] = {
    "string": pa.string(),
    "date": pa.date32(),
    "boolean": pa.bool_(),
    "integer": pa.int64(),
    "list": pa.list_(pa.string()),
}
"""The Arrow type rules see for each column type (plain, without release metadata)."""


def rule_schema(table: Table) -> Any:
    """The schema of a table as rules see it."""
    return pa.schema([pa.field(c.name, ARROW_TYPES[c.type]) for c in table.columns])


class Rows(Protocol):
    """Where the rows of one table came from."""

    def locate(self, position: int, column: str | None, item: int | None) -> tuple[str | None, int | None]:
        """(file, line) of a row, as precisely as the front end knows it."""
        ...


@dataclass(frozen=True)
class FileRows:
    """Rows of a table file: line = the row's number among the data rows (1-based)."""

    file: str
    numbers: Any
    """Data row number of each valid row (an Arrow array), or None when every row is valid."""

    def locate(self, position: int, column: str | None, item: int | None) -> tuple[str | None, int | None]:
        return self.file, position + 1 if self.numbers is None else int(self.numbers[position].as_py())


@dataclass
class Checked:
    """The valid rows of every table, and what the rules need besides them."""

    root: Path
    tables: dict[str, Any]
    """Arrow table per published table name: valid rows only, columns as `rule_schema`."""
    rows: dict[str, Rows]
    invalid_ids: set[str] = field(default_factory=set)
    """Ids carried by rows that failed the model layer."""
    unreadable: set[str] = field(default_factory=set)
    """Tables whose records could not all be read: references into them are not judged."""
    texts: dict[str, Path] | None = None
    """Snapshot files by source id; None when the input has no snapshots (a release)."""
    today: dt.date = field(default_factory=dt.date.today)

    def column(self, table: str, name: str) -> Any:
        """One column of a table's valid rows."""
        return self.tables[table].column(name)

    _python: dict[tuple[str, str], list[Any]] = field(default_factory=dict, repr=False)

    def values(self, table: str, name: str) -> list[Any]:
        """One column as Python values, converted once (for small tables, or columns every
        row of which a rule must look at)."""
        key = (table, name)
        if key not in self._python:
            self._python[key] = self.column(table, name).to_pylist()
        return self._python[key]

    def size(self, table: str) -> int:
        """Number of valid rows."""
        return int(self.tables[table].num_rows)

    def ids(self, table: str) -> Any:
        """The ids of a table's valid rows (an Arrow array)."""
        return self.column(table, "id")

    def record_id(self, table: str, position: int) -> str | None:
        """How findings name a row: its id, its parent's id, or its key values."""
        values = [self.tables[table].column(c)[position].as_py() for c in TABLE_BY_NAME[table].label]
        return " ".join(str(v) for v in values) if all(isinstance(v, str) for v in values) else None

    def finding(
        self,
        table: str,
        position: int,
        code: str,
        message: str,
        column: str | None = None,
        *,
        hint: str | None = None,
        item: int | None = None,
    ) -> Finding:
        """A finding at one row (and column, and list item) of a table."""
        file, line = self.rows[table].locate(position, column, item)
        return Finding(
            code,
            message,
            file=file,
            line=line,
            record_id=self.record_id(table, position),
            field=column,
            hint=hint,
        )

    def findings(
        self,
        table: str,
        rows: Sequence[int],
        code: str,
        message: str,
        column: str | None = None,
        *,
        hint: str | None = None,
    ) -> list[Finding]:
        """The same finding at many rows (record ids read in one pass)."""
        if not rows:
            return []
        taken = self.tables[table].select(list(TABLE_BY_NAME[table].label)).take(pa.array(rows, pa.int64()))
        labels = zip(*(taken.column(c).to_pylist() for c in taken.column_names), strict=True)
        locate = self.rows[table].locate
        out = []
        for row, label in zip(rows, labels, strict=True):
            file, line = locate(row, column, None)
            record_id = " ".join(label) if all(isinstance(v, str) for v in label) else None
            out.append(
                Finding(code, message, file=file, line=line, record_id=record_id, field=column, hint=hint)
            )
        return out

    def where(self, table: str, position: int) -> str:
        """`file:line` of a row, for hints that point at another record."""
        file, line = self.rows[table].locate(position, None, None)
        return f"{file}:{line}" if line is not None else str(file)


def positions(mask: Any) -> list[int]:
    """Positions where a boolean array is true (nulls count as false)."""
    filled = pc.fill_null(mask, False)
    if not pc.any(filled).as_py():
        return []
    return [int(i) for i in pc.indices_nonzero(filled).to_pylist()]


def list_items(values: Any) -> tuple[Any, Any]:
    """The items of a list column and, for each item, the row holding it."""
    return pc.list_flatten(values), pc.list_parent_indices(values)


def item_index(values: Any, rows: Sequence[int], flat_positions: Sequence[int]) -> list[int]:
    """The index of each flattened item within its own row's list."""
    if not rows:
        return []
    lengths = pc.fill_null(pc.list_value_length(values), 0)
    starts = pc.subtract(pc.cumulative_sum(lengths), lengths)
    first = starts.take(pa.array(rows, pa.int64())).to_pylist()
    return [flat - start for flat, start in zip(flat_positions, first, strict=True)]


def empty_tables() -> dict[str, Any]:
    """An empty table of every published table."""
    return {t.name: rule_schema(t).empty_table() for t in TABLES}
