"""Arrow schemas of the published tables, read off the table columns (and so off the models).

Parquet files embed the Arrow schema, so the descriptions and allowed values written into the
field metadata travel with each file: someone holding only `claims.parquet` can still read
what `quote_kind` means and which values it takes. Metadata keys, all UTF-8 text:

- field: `description`; `type` (the Table Schema type); `required` (`true`/`false`); `enum`
  (JSON array of the allowed values, of the items for list columns); `pattern` (of the items for
  list columns).
- schema: `name`, `description`, `primary_key` (JSON array of column names).

The dataset, the readers of a release and the exports all take their schemas from here, beside
the tables they are read off. Nothing imports this module (or pyarrow) until a table is
converted.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from afghan_dialogues.datamodel.tables import Column, Table

_SCALARS: dict[str, Any] = {
    "string": pa.string(),
    "date": pa.date32(),
    "boolean": pa.bool_(),
    "integer": pa.int64(),
}


def arrow_type(column: Column) -> Any:
    """The Arrow type of a column: list columns are lists of strings, dates are date32.

    List items are named `element`, as Parquet's list encoding names them, so a table from
    `Dataset.to_arrow` and the same table read from a release have equal schemas.
    """
    if column.type == "list":
        return pa.list_(pa.field("element", pa.string()))
    return _SCALARS[column.type]


def field_metadata(column: Column) -> dict[str, str]:
    """The documentation of one column, as Arrow field metadata."""
    meta = {
        "description": column.description,
        "type": column.type,
        "required": "true" if column.required else "false",
    }
    enum = column.item_enum if column.type == "list" else column.enum
    pattern = column.item_pattern if column.type == "list" else column.pattern
    if enum:
        meta["enum"] = json.dumps(list(enum))
    if pattern:
        meta["pattern"] = pattern
    return meta


def arrow_schema(table: Table) -> Any:
    """The Arrow schema of a published table, with its documentation as metadata."""
    fields = [
        pa.field(c.name, arrow_type(c), nullable=not table.never_null(c), metadata=field_metadata(c))
        for c in table.columns
    ]
    metadata = {
        "name": table.name,
        "description": table.description,
        "primary_key": json.dumps(list(table.primary_key)),
    }
    return pa.schema(fields, metadata=metadata)


def arrow_table(table: Table, rows: Iterable[dict[str, Any]]) -> Any:
    """Flat rows (as `Table.rows` yields them) as an Arrow table of the published schema."""
    schema = arrow_schema(table)
    materialized = list(rows)
    arrays = [pa.array([row[f.name] for row in materialized], type=f.type) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)
