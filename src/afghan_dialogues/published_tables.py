"""A release's tables as Arrow tables of the published schemas (datamodel.arrow), ready to export
again or to turn into records.

Each table is read from its Parquet file, or from its JSON file where a release has no Parquet.
Columns differ only between versions of the models, so a table whose column names are not
this version's is refused with a message saying so, before any value is looked at. Types are
checked on the Arrow schema (a file written by another tool may say large_string where we say
string, which is cast); values are validated when records are built from the table. Rows come
back in key order whatever order the file holds them in, as records are sorted.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from afghan_dialogues.datamodel.arrow import arrow_schema
from afghan_dialogues.datamodel.tables import Table
from afghan_dialogues.load_error import LoadError


def parquet_path(root: Path, table: str) -> Path:
    """Where a release keeps a table's Parquet file."""
    return root / "parquet" / f"{table}.parquet"


def read_parquet(path: Path, columns: Sequence[str] | None = None) -> Any:
    """A Parquet file as an Arrow table, optionally some columns only."""
    try:
        return pq.read_table(path, columns=columns)
    except Exception as exc:  # pyarrow raises several unrelated types for bad files
        raise LoadError(f"{path}: cannot read: {exc}") from exc


def table_file(root: Path, table: str) -> Path:
    """The file a table is read from: its Parquet file, or else its JSON file."""
    parquet = parquet_path(root, table)
    return parquet if parquet.is_file() else root / "json" / f"{table}.json"


def read_json(path: Path) -> Any:
    """A JSON file's value. Every way a file can fail to be JSON is a LoadError: json raises
    RecursionError for deep nesting (`[[[[...`) and a plain ValueError for an integer of more
    digits than Python converts."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except RecursionError as exc:
        raise LoadError(f"{path}: cannot read: JSON nested too deeply") from exc
    except (OSError, ValueError) as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise LoadError(f"{path}: cannot read: {exc}") from exc


def read_json_rows(root: Path, table: str) -> list[dict[str, Any]]:
    """The row objects of a table's JSON file."""
    path = root / "json" / f"{table}.json"
    if not path.is_file():
        raise LoadError(
            f"{root} has no table '{table}' (neither {parquet_path(root, table).name} nor {path.name})"
        )
    data = read_json(path)
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        raise LoadError(f"{path}: expected an array of row objects")
    return data


def check_columns(table: Table, names: Sequence[str], root: Path) -> None:
    """Columns differ only between versions of the models: say so instead of a type error."""
    unknown = sorted(set(names) - set(table.column_names))
    missing = sorted(set(table.column_names) - set(names))
    problems = [f"unknown columns {', '.join(unknown)}"] if unknown else []
    problems += [f"missing columns {', '.join(missing)}"] if missing else []
    if problems:
        raise LoadError(
            f"{root}: table '{table.name}' does not match this version of afghan-dialogues "
            f"({'; '.join(problems)}); install the version the release was made with"
        )


def _json_table(table: Table, rows: list[dict[str, Any]], where: Path) -> Any:
    """JSON rows as an Arrow table: dates arrive as ISO text and are parsed by the cast."""
    schema = arrow_schema(table)
    arrays = []
    for field in schema:
        values = [row.get(field.name) for row in rows]
        as_read = pa.string() if pa.types.is_date32(field.type) else field.type
        try:
            arrays.append(pa.array(values, type=as_read))
        except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
            raise LoadError(f"{where}: column '{field.name}': {exc}") from exc
    return pa.table(arrays, names=schema.names)


def _conform(table: Table, arrow: Any, where: Path) -> Any:
    """The table with exactly the published schema: columns in order, types cast, metadata set."""
    schema = arrow_schema(table)
    if arrow.schema.equals(schema, check_metadata=True):
        return arrow
    columns = []
    for field in schema:
        column = arrow.column(field.name)
        if column.type != field.type:
            try:
                column = column.cast(field.type)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
                raise LoadError(
                    f"{where}: column '{field.name}' holds {column.type}, not {field.type}: {exc}"
                ) from exc
        if not field.nullable and column.null_count:
            if not pa.types.is_list(field.type):
                raise LoadError(
                    f"{where}: column '{field.name}' is empty in {column.null_count} row(s) "
                    "but always has a value"
                )
            column = pc.coalesce(column, pa.scalar([], type=field.type))
        columns.append(column)
    return pa.Table.from_arrays(columns, schema=schema)


def _in_key_order(arrow: Any, keys: Sequence[str]) -> bool:
    """Whether every row's key is at most the next row's, comparing key columns in turn."""
    if arrow.num_rows < 2:
        return True
    head, tail = arrow.slice(0, arrow.num_rows - 1), arrow.slice(1)
    before = same = None
    for key in keys:
        first, second = head.column(key), tail.column(key)
        less, equal = pc.less(first, second), pc.equal(first, second)
        before = less if before is None else pc.or_(before, pc.and_(same, less))
        same = equal if same is None else pc.and_(same, equal)
    ordered: bool = pc.all(pc.or_(before, same)).as_py()
    return ordered


def sorted_by_key(table: Table, arrow: Any) -> Any:
    """The rows in primary-key order (a stable sort, as Python sorts records)."""
    if _in_key_order(arrow, table.primary_key):
        return arrow
    return arrow.take(pc.sort_indices(arrow, sort_keys=[(k, "ascending") for k in table.primary_key]))


def read_table(root: Path, table: Table) -> Any:
    """One table of a release, from Parquet or else JSON, with the published schema, in key order."""
    path = table_file(root, table.name)
    if path.suffix == ".parquet":
        arrow = read_parquet(path)
        check_columns(table, arrow.column_names, root)
    else:
        rows = read_json_rows(root, table.name)
        if rows:
            check_columns(table, list(rows[0]), root)
        arrow = _json_table(table, rows, path)
    return sorted_by_key(table, _conform(table, arrow, path))
