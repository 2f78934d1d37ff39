"""The model layer for tables: every cell against its column's type and constraints.

Cells are converted to the column's type first (text from CSV; anything Parquet holds that is
not the declared type is read as text too, as a producer writing dates as strings would have
it), then checked column by column with Arrow compute. A row that fails any check here is an
invalid record, exactly like a YAML record that fails its Pydantic model: the cross-record
checks skip it.

Dates are parsed strictly: `pyarrow.compute.strptime` accepts 2020-02-30 (as 2020-03-01) and
leading spaces, so every parsed value is formatted back and must equal the text it came from.
An empty CSV cell is a missing value (the schema's only `missingValues`); for lists and
booleans that means the default (no items, false), as a key left out of a record does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.ids import diagnose_id
from afghan_dialogues.findings import Finding
from afghan_dialogues.validate.tabular.located import Place, record_ids, rows_where
from afghan_dialogues.validate.tabular.rules import Rule, date_groups, date_part_required, rules

LIST = pa.list_(pa.string())
_ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_NULLS = {"string": pa.string(), "date": pa.date32(), "boolean": pa.bool_(), "list": LIST}
_EXPECTED = {"date": "a valid date", "boolean": "true or false", "list": "a list", "string": "text"}
_TYPE_HINTS = {
    "date": "dates are ISO 8601 YYYY-MM-DD and must exist in the calendar",
    "boolean": "write true or false",
    "list": "a list column holds a list (an empty one when there are no items)",
    "string": "",
}

Diagnosis = Callable[[str], tuple[str, str, str | None]]
"""value -> (code, message, hint) for one failing cell or list item."""


@dataclass
class Checked:
    """One batch after the model layer: typed columns, which rows are invalid, and why."""

    place: Place
    columns: dict[str, Any]
    invalid: Any
    findings: list[Finding] = field(default_factory=list)

    @property
    def valid(self) -> Any:
        """Rows that passed every check of the model layer."""
        return pc.invert(self.invalid)

    def flag(self, mask: Any, rule: Rule, diagnose: Diagnosis, values: Any = None) -> None:
        """One finding per row where `mask` holds; those rows become invalid records."""
        positions = rows_where(mask)
        if not positions:
            return
        shown = self._shown(values if values is not None else self.columns[rule.name], positions)
        self._report(positions, shown, rule, diagnose)

    def flag_items(self, items: Any, parents: Any, mask: Any, rule: Rule, diagnose: Diagnosis) -> None:
        """One finding per failing list item, located at the row holding it."""
        hits = rows_where(mask)
        if not hits:
            return
        index = pa.array(hits, type=pa.int64())
        rows = [int(r) for r in parents.take(index).to_pylist()]
        self._report(rows, [str(v) for v in items.take(index).to_pylist()], rule, diagnose)

    def _shown(self, values: Any, positions: list[int]) -> list[str]:
        taken = values.take(pa.array(positions, type=pa.int64()))
        if pa.types.is_binary(taken.type):
            return [repr(v) for v in taken.to_pylist()]
        if pa.types.is_list(taken.type) and _is_text(taken.type.value_type):
            return [str(v) for v in pc.binary_join(taken, ",").to_pylist()]
        return [str(v) for v in taken.to_pylist()]

    def _report(self, rows: list[int], shown: list[str], rule: Rule, diagnose: Diagnosis) -> None:
        ids = record_ids(self.place.table, self.columns, rows)
        for row, value, record_id in zip(rows, shown, ids, strict=True):
            code, message, hint = diagnose(value)
            self.findings.append(self.place.at(row, code, message, record_id, field=rule.name, hint=hint))
        hit = pc.is_in(pa.array(range(len(self.invalid)), pa.int64()), value_set=pa.array(rows, pa.int64()))
        self.invalid = pc.or_(self.invalid, hit)


def fixed(code: str, message: str, hint: str | None) -> Diagnosis:
    """The same finding whatever the value."""
    return lambda _: (code, message, hint)


def _text(array: Any) -> Any:
    return array if pa.types.is_string(array.type) else pc.cast(array, pa.string())


def _is_text(kind: Any) -> bool:
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def _as_date(array: Any) -> tuple[Any, Any]:
    """(date32 values, mask of cells that are not dates)."""
    if pa.types.is_date32(array.type):
        return array, None
    if pa.types.is_timestamp(array.type) or pa.types.is_date64(array.type):
        return pc.cast(array, pa.date32()), None
    if not _is_text(array.type):
        raise _WrongTypeError
    text = _text(array)
    shaped = pc.match_substring_regex(text, _ISO_DATE)
    parsed = pc.strptime(pc.if_else(shaped, text, None), format="%Y-%m-%d", unit="s", error_is_null=True)
    dates = pc.cast(parsed, pa.date32())
    back = pc.strftime(pc.cast(dates, pa.timestamp("s")), format="%Y-%m-%d")
    same = pc.fill_null(pc.equal(back, text), False)
    bad = pc.and_(pc.is_valid(text), pc.invert(same))
    return pc.if_else(same, dates, pa.scalar(None, pa.date32())), bad


def _as_bool(array: Any, csv: bool) -> tuple[Any, Any]:
    if pa.types.is_boolean(array.type):
        return (pc.fill_null(array, False), None) if csv else (array, pc.is_null(array))
    if not _is_text(array.type):
        raise _WrongTypeError
    text = _text(array)
    truth = pc.equal(text, "true")
    known = pc.fill_null(pc.or_(truth, pc.equal(text, "false")), False)
    bad = pc.and_(pc.is_valid(text), pc.invert(known))
    values = pc.if_else(known, truth, pa.scalar(False if csv else None, pa.bool_()))
    return values, bad if csv else pc.or_(bad, pc.is_null(text))


def _as_list(array: Any, csv: bool) -> tuple[Any, Any]:
    if pa.types.is_list(array.type) or pa.types.is_large_list(array.type):
        if not _is_text(array.type.value_type):
            raise _WrongTypeError
        values = pc.cast(array, LIST)
        return (pc.fill_null(values, pa.scalar([], LIST)), None) if csv else (values, pc.is_null(values))
    if not _is_text(array.type):
        raise _WrongTypeError
    values = pc.split_pattern(_text(array), ",")
    return (pc.fill_null(values, pa.scalar([], LIST)), None) if csv else (values, pc.is_null(array))


class _WrongTypeError(Exception):
    """A Parquet column of another type altogether (numbers for text, structs, bytes)."""


def convert(rule: Rule, array: Any, csv: bool) -> tuple[Any, Any]:
    """A column in its declared type, and the mask of cells of the wrong type.

    A column Arrow cannot read as the declared type at all (an integer column for text, a
    struct, bytes that are not UTF-8) makes every value in it a type error; the rest of the
    row is still checked.
    """
    kind = rule.column.type
    try:
        if kind == "date":
            return _as_date(array)
        if kind == "boolean":
            return _as_bool(array, csv)
        if kind == "list":
            return _as_list(array, csv)
        if not _is_text(array.type):
            raise _WrongTypeError
        return _text(array), None
    except (_WrongTypeError, pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        empty = pa.nulls(len(array), _NULLS[kind])
        if kind == "list":
            empty = pc.fill_null(empty, pa.scalar([], LIST))
        return empty, pc.is_valid(array)


def check_batch(place: Place, batch: Any, csv: bool) -> Checked:
    """Convert and check one batch of a table."""
    n = batch.num_rows
    raw = {name: batch.column(name) for name in batch.schema.names}
    columns: dict[str, Any] = {}
    bad_types: dict[str, Any] = {}
    for rule in rules(place.table):
        if rule.name in raw:
            columns[rule.name], bad_types[rule.name] = convert(rule, raw[rule.name], csv)
        elif rule.column.type == "list":
            columns[rule.name] = pc.fill_null(pa.nulls(n, LIST), pa.scalar([], LIST))
        else:
            columns[rule.name] = pa.nulls(n, _NULLS.get(rule.column.type, pa.string()))
    out = Checked(place, columns, pa.array([False] * n, type=pa.bool_()))
    for rule in rules(place.table):
        _check_column(out, rule, raw.get(rule.name), bad_types.get(rule.name))
    _check_dates_present(out)
    return out


def _check_column(out: Checked, rule: Rule, raw: Any, bad_type: Any) -> None:
    column = rule.column
    values = out.columns[rule.name]
    if bad_type is not None:
        expected = _EXPECTED[column.type]

        def wrong_type(value: str) -> tuple[str, str, str | None]:
            return F.MODEL_TYPE, f"Input should be {expected}, found '{value}'", _TYPE_HINTS[column.type]

        out.flag(bad_type, rule, wrong_type, values=raw)
    if column.required:
        absent = pc.is_null(raw if raw is not None else values)
        out.flag(
            absent,
            rule,
            fixed(F.MODEL_MISSING_FIELD, f"required field '{rule.name}' is missing", column.description),
        )
    if column.type == "string":
        _check_text(out, rule, values)
    elif column.type == "list":
        _check_items(out, rule, values)


def _check_text(out: Checked, rule: Rule, values: Any) -> None:
    column = rule.column
    if rule.min_length:
        empty = pc.equal(pc.binary_length(values), 0)
        out.flag(
            empty, rule, fixed(F.MODEL_VALUE, "String should have at least 1 character", column.description)
        )
    if column.enum:
        allowed = pa.array(column.enum, pa.string())
        outside = pc.and_(pc.is_valid(values), pc.invert(pc.is_in(values, value_set=allowed)))
        hint = f"allowed: {', '.join(column.enum)}"
        out.flag(outside, rule, lambda v: (F.MODEL_VALUE, f"'{v}' is not an allowed value", hint))
    if column.pattern:
        mismatch = pc.invert(pc.match_substring_regex(values, column.pattern))
        out.flag(mismatch, rule, _pattern_diagnosis(rule, column.pattern))


def _pattern_diagnosis(rule: Rule, pattern: str) -> Diagnosis:
    if rule.id_field:

        def bad_id(value: str) -> tuple[str, str, str | None]:
            reason, hint = diagnose_id(value, rule.prefix)
            return F.MODEL_BAD_ID, f"id '{value}' {reason}", hint

        return bad_id
    return fixed(F.MODEL_VALUE, f"String should match pattern '{pattern}'", rule.column.description)


def _check_items(out: Checked, rule: Rule, values: Any) -> None:
    column = rule.column
    if rule.min_items:
        short = pc.less(pc.list_value_length(values), rule.min_items)
        message = f"List should have at least {rule.min_items} item"
        out.flag(short, rule, fixed(F.MODEL_VALUE, message, column.description))
    if not column.item_enum and not column.item_pattern:
        return
    items = pc.list_flatten(values)
    if len(items) == 0:
        return
    parents = pc.list_parent_indices(values)
    if column.item_enum:
        allowed = column.item_enum
        outside = pc.invert(pc.fill_null(pc.is_in(items, value_set=pa.array(allowed, pa.string())), False))
        hint = f"allowed: {', '.join(allowed)}"
        out.flag_items(
            items, parents, outside, rule, lambda v: (F.MODEL_VALUE, f"'{v}' is not an allowed value", hint)
        )
    if column.item_pattern:
        mismatch = pc.invert(pc.fill_null(pc.match_substring_regex(items, column.item_pattern), False))
        out.flag_items(items, parents, mismatch, rule, _pattern_diagnosis(rule, column.item_pattern))


def _check_dates_present(out: Checked) -> None:
    """A reported date given at all must have its as_written, precision and certainty."""
    table = out.place.table
    for group in date_groups(table):
        if group.required:
            continue
        parts = [r for r in rules(table) if r.date == group.name]
        present = pc.is_valid(out.columns[parts[0].name])
        for rule in parts[1:]:
            present = pc.or_(present, pc.is_valid(out.columns[rule.name]))
        for rule in parts:
            if rule.part is not None and date_part_required(rule.part):
                missing = pc.and_(present, pc.is_null(out.columns[rule.name]))
                message = f"required field '{rule.part}' is missing"
                out.flag(missing, rule, fixed(F.MODEL_MISSING_FIELD, message, rule.column.description))
