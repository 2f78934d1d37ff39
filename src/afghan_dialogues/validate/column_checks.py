"""The model layer for packages: every cell against what its column allows, read off the models.

A package's cells are converted to the column's type (CSV holds text; a Parquet column of
another type than declared is read as text too, as a producer writing dates as strings would
have it), then checked column by column with Arrow compute: required, type, enum, pattern,
length, list items. Each column's constraints come from `datamodel.tables.Column`, which is
read off the Pydantic models, and a property test holds these checks to accepting and
rejecting exactly what the models do. A row failing any check is an invalid record, like a
YAML record failing its model: the cross-record rules skip it.

Dates are parsed strictly: `pyarrow.compute.strptime` accepts 2020-02-30 (as 2020-03-01) and
leading spaces, so every parsed value is formatted back and must equal the text it came from.
An empty CSV cell or a Parquet null is a missing value; for lists and booleans that means the
default (no items, false), as a key left out of a record does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.ids import diagnose_id
from afghan_dialogues.datamodel.models import ReportedDate
from afghan_dialogues.datamodel.tables import Column, Table
from afghan_dialogues.findings import Finding
from afghan_dialogues.validate.checked import ARROW_TYPES, positions

LIST = ARROW_TYPES["list"]
_DATE_REQUIRED = frozenset(name for name, f in ReportedDate.model_fields.items() if f.is_required())
"""Parts a reported date cannot lack once it is given at all (as_written, precision, certainty)."""
_EXPECTED = {
    "date": "a valid date",
    "boolean": "true or false",
    "list": "a list",
    "string": "text",
    "integer": "a whole number",
}
_TYPE_HINTS = {
    "date": "dates are ISO 8601 YYYY-MM-DD and must exist in the calendar",
    "boolean": "write true or false",
    "list": "a list column holds a list (an empty one when there are no items)",
    "string": "",
    "integer": "write a whole number without sign or decimals other than a leading '-'",
}

Diagnose = Callable[[str], tuple[str, str, str | None]]
"""A failing value -> (code, message, hint)."""


class _WrongTypeError(Exception):
    """A Parquet column of another type altogether (numbers for text, structs, bytes)."""


@dataclass
class CellCheck:
    """One table's cells after conversion: typed columns, invalid rows, and the findings."""

    table: Table
    columns: dict[str, Any]
    invalid: Any
    found: list[tuple[int, str, Diagnose, str]] = field(default_factory=list)
    """(row, column, diagnose, shown value) of each failure, turned into findings by the caller."""

    def flag(self, mask: Any, column: str, diagnose: Diagnose, values: Any) -> None:
        """Every row where `mask` holds fails; `values` shows the failing value."""
        rows = positions(mask)
        if rows:
            self._fail(rows, column, diagnose, _shown(values, rows))

    def flag_items(self, items: Any, parents: Any, mask: Any, column: str, diagnose: Diagnose) -> None:
        """Every list item where `mask` holds fails, located at the row holding it."""
        hits = positions(mask)
        if hits:
            index = pa.array(hits, pa.int64())
            rows = [int(r) for r in parents.take(index).to_pylist()]
            self._fail(rows, column, diagnose, [str(v) for v in items.take(index).to_pylist()])

    def _fail(self, rows: list[int], column: str, diagnose: Diagnose, shown: list[str]) -> None:
        self.found.extend((row, column, diagnose, value) for row, value in zip(rows, shown, strict=True))
        hit = pc.is_in(pa.array(np.arange(len(self.invalid))), value_set=pa.array(rows, pa.int64()))
        self.invalid = pc.or_(self.invalid, hit)


def _shown(values: Any, rows: list[int]) -> list[str]:
    taken = values.take(pa.array(rows, pa.int64()))
    if pa.types.is_list(taken.type) and pa.types.is_string(taken.type.value_type):
        return [str(v) for v in pc.binary_join(taken, ",").to_pylist()]
    return [repr(v) if isinstance(v, bytes) else str(v) for v in taken.to_pylist()]


def fixed(code: str, message: str, hint: str | None) -> Diagnose:
    """The same finding whatever the value."""
    return lambda _: (code, message, hint)


def _is_text(kind: Any) -> bool:
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def _text(array: Any) -> Any:
    if not _is_text(array.type):
        raise _WrongTypeError
    return pc.cast(array, pa.string()) if not pa.types.is_string(array.type) else array


def _as_date(array: Any) -> tuple[Any, Any]:
    if pa.types.is_date32(array.type):
        return array, None
    if pa.types.is_date64(array.type):
        return pc.cast(array, pa.date32()), None
    text = _text(array)
    shaped = pc.match_substring_regex(text, r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    parsed = pc.strptime(pc.if_else(shaped, text, None), format="%Y-%m-%d", unit="s", error_is_null=True)
    dates = pc.cast(parsed, pa.date32())
    back = pc.strftime(pc.cast(dates, pa.timestamp("s")), format="%Y-%m-%d")
    same = pc.fill_null(pc.equal(back, text), False)
    return pc.if_else(same, dates, pa.scalar(None, pa.date32())), pc.and_(pc.is_valid(text), pc.invert(same))


def _as_integer(array: Any) -> tuple[Any, Any]:
    if pa.types.is_integer(array.type):
        return pc.cast(array, pa.int64()), None
    text = _text(array)
    shaped = pc.fill_null(pc.match_substring_regex(text, r"^-?[0-9]{1,18}$"), False)
    values = pc.cast(pc.if_else(shaped, text, None), pa.int64())
    return values, pc.and_(pc.is_valid(text), pc.invert(shaped))


def _as_bool(array: Any) -> tuple[Any, Any]:
    if pa.types.is_boolean(array.type):
        return pc.fill_null(array, False), None
    text = _text(array)
    truth = pc.equal(text, "true")
    known = pc.fill_null(pc.or_(truth, pc.equal(text, "false")), False)
    bad = pc.and_(pc.is_valid(text), pc.invert(known))
    return pc.if_else(known, truth, pa.scalar(False, pa.bool_())), bad


def _as_list(array: Any) -> tuple[Any, Any]:
    if pa.types.is_list(array.type) or pa.types.is_large_list(array.type):
        if not _is_text(array.type.value_type):
            raise _WrongTypeError
        values = pc.cast(array, LIST)
    else:
        values = pc.split_pattern(_text(array), ",")
    return pc.fill_null(values, pa.scalar([], LIST)), None


def convert(column: Column, array: Any) -> tuple[Any, Any]:
    """A column in its rule type, and the mask of cells of the wrong type (None: none)."""
    try:
        if column.type == "date":
            return _as_date(array)
        if column.type == "integer":
            return _as_integer(array)
        if column.type == "boolean":
            return _as_bool(array)
        if column.type == "list":
            return _as_list(array)
        return _text(array), None
    except (_WrongTypeError, pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        empty = pa.nulls(len(array), ARROW_TYPES[column.type])
        if column.type == "list":
            empty = pc.fill_null(empty, pa.scalar([], LIST))
        return empty, pc.is_valid(array)


def check_cells(table: Table, raw: dict[str, Any], rows: int) -> CellCheck:
    """Convert and check every column of a table (`raw`: the columns present, by name)."""
    columns: dict[str, Any] = {}
    wrong: dict[str, Any] = {}
    for column in table.columns:
        if column.name in raw:
            columns[column.name], wrong[column.name] = convert(column, raw[column.name])
        elif column.type == "list":
            columns[column.name] = pc.fill_null(pa.nulls(rows, LIST), pa.scalar([], LIST))
        else:
            columns[column.name] = pa.nulls(rows, ARROW_TYPES[column.type])
    out = CellCheck(table, columns, pa.repeat(pa.scalar(False), rows))
    for column in table.columns:
        _check_column(out, column, raw.get(column.name), wrong.get(column.name))
    _check_dates_given_whole(out)
    return out


def _check_column(out: CellCheck, column: Column, raw: Any, wrong: Any) -> None:
    values = out.columns[column.name]
    if wrong is not None:
        expected = _EXPECTED[column.type]
        hint = _TYPE_HINTS[column.type]
        out.flag(
            wrong,
            column.name,
            lambda value: (F.MODEL_TYPE, f"Input should be {expected}, found '{value}'", hint),
            raw,
        )
    if column.required:
        missing = fixed(
            F.MODEL_MISSING_FIELD, f"required field '{column.name}' is missing", column.description
        )
        out.flag(pc.is_null(raw if raw is not None else values), column.name, missing, values)
    if column.type == "string":
        _check_text(out, column, values)
    elif column.type == "list":
        _check_items(out, column, values)


def _check_text(out: CellCheck, column: Column, values: Any) -> None:
    if column.min_length:
        short = pc.less(pc.utf8_length(values), column.min_length)
        message = f"String should have at least {column.min_length} character"
        out.flag(short, column.name, fixed(F.MODEL_VALUE, message, column.description), values)
    if column.enum:
        allowed = pa.array(column.enum, pa.string())
        outside = pc.and_(pc.is_valid(values), pc.invert(pc.is_in(values, value_set=allowed)))
        hint = f"allowed: {', '.join(column.enum)}"
        out.flag(
            outside, column.name, lambda v: (F.MODEL_VALUE, f"'{v}' is not an allowed value", hint), values
        )
    if column.pattern:
        mismatch = pc.invert(pc.match_substring_regex(values, column.pattern))
        out.flag(mismatch, column.name, _pattern_diagnosis(out.table, column, column.pattern), values)


def _pattern_diagnosis(table: Table, column: Column, pattern: str) -> Diagnose:
    is_id, prefix = table.id_column(column.name)
    if is_id or column.name == table.parent_column:

        def bad_id(value: str) -> tuple[str, str, str | None]:
            reason, hint = diagnose_id(value, prefix)
            return F.MODEL_BAD_ID, f"id '{value}' {reason}", hint

        return bad_id
    return fixed(F.MODEL_VALUE, f"String should match pattern '{pattern}'", column.description)


def _check_items(out: CellCheck, column: Column, values: Any) -> None:
    if column.min_length:
        short = pc.less(pc.list_value_length(values), column.min_length)
        message = f"List should have at least {column.min_length} item"
        out.flag(short, column.name, fixed(F.MODEL_VALUE, message, column.description), values)
    if not column.item_enum and not column.item_pattern:
        return
    items = pc.list_flatten(values)
    if len(items) == 0:
        return
    parents = pc.list_parent_indices(values)
    if column.item_enum:
        allowed = pa.array(column.item_enum, pa.string())
        outside = pc.invert(pc.fill_null(pc.is_in(items, value_set=allowed), False))
        hint = f"allowed: {', '.join(column.item_enum)}"
        out.flag_items(
            items,
            parents,
            outside,
            column.name,
            lambda v: (F.MODEL_VALUE, f"'{v}' is not an allowed value", hint),
        )
    if column.item_pattern:
        mismatch = pc.invert(pc.fill_null(pc.match_substring_regex(items, column.item_pattern), False))
        out.flag_items(
            items, parents, mismatch, column.name, _pattern_diagnosis(out.table, column, column.item_pattern)
        )


def _check_dates_given_whole(out: CellCheck) -> None:
    """A reported date given at all has its as_written, precision and certainty; a part the model
    defaults (the calendar) takes its default, as in a record that leaves it out."""
    groups: dict[str, list[Column]] = {}
    for column in out.table.columns:
        if column.date is not None:
            groups.setdefault(column.date[0], []).append(column)
    for parts in groups.values():
        present = pa.repeat(pa.scalar(False), len(out.invalid))
        for column in parts:
            present = pc.or_(present, pc.is_valid(out.columns[column.name]))
        for column in parts:
            if column.default is not None:
                filled = pc.if_else(present, pc.fill_null(out.columns[column.name], column.default), None)
                out.columns[column.name] = pc.coalesce(out.columns[column.name], filled)
        for column in parts:
            assert column.date is not None
            if column.date[1] in _DATE_REQUIRED and not column.required:
                missing = pc.and_(present, pc.is_null(out.columns[column.name]))
                message = f"required field '{column.name}' is missing"
                out.flag(
                    missing,
                    column.name,
                    fixed(F.MODEL_MISSING_FIELD, message, column.description),
                    out.columns[column.name],
                )


def header_findings(table: Table, names: list[str], file: str) -> list[Finding]:
    """The columns a table's file holds (`names`) against the table's: an unknown column is an
    unknown field, a missing one a missing field, as a record's keys are."""
    expected = table.column_names
    out = [
        Finding(
            F.MODEL_UNKNOWN_FIELD,
            f"column '{name[:80]}' is not part of table '{table.name}'",
            file=file,
            field=name[:80],
            hint=f"known columns: {', '.join(expected)}",
        )
        for name in names
        if name not in expected
    ]
    out += [
        Finding(
            F.MODEL_MISSING_FIELD,
            f"column '{name}' is missing",
            file=file,
            field=name,
            hint="the table must have every column of its schema, even when empty",
        )
        for name in expected
        if name not in names
    ]
    return out


def findings_of(check: CellCheck, file: str) -> list[Finding]:
    """The findings of a cell check, at data rows (1-based) of the table's file."""
    out: list[Finding] = []
    label = check.table.label
    for row, column, diagnose, value in check.found:
        code, message, hint = diagnose(value)
        parts = [check.columns[c][row].as_py() for c in label]
        record_id = " ".join(parts) if all(isinstance(p, str) for p in parts) else None
        out.append(
            Finding(code, message, file=file, line=row + 1, record_id=record_id, field=column, hint=hint)
        )
    return out
