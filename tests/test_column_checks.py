"""The package front end's cell checks are read off the models: they must accept and reject
exactly the rows the Pydantic models accept and reject, for every column type (integers
included, through a model made for this test).

A cell is given to the model as the package format defines its value: typed Parquet values as
they are; text in a date, boolean, integer or list column as the date, boolean, number or
comma-separated items it spells (the CSV contract in the codebook); a null, or an empty CSV
cell, as a missing value, which the model fills with its default where it has one.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import Field, ValidationError

from afghan_dialogues import load
from afghan_dialogues.datamodel.models import Model, ReportedDate
from afghan_dialogues.datamodel.tables import DATE_PARTS, TABLES, Column, Table, date_fields
from afghan_dialogues.paths import records_dir
from afghan_dialogues.validate.checked import ARROW_TYPES
from afghan_dialogues.validate.column_checks import check_cells


class Counted(Model):
    """A model with integer fields, which no published table has yet."""

    table = "counted"

    id: str = Field(pattern=r"^cnt-[a-z]+$", description="Id.")
    count: int = Field(description="A count.")
    limit: int | None = Field(default=None, description="An optional count.")
    stated: ReportedDate | None = Field(default=None, description="A date.")
    tags: list[str] = Field(default_factory=list, description="Tags.")


COUNTED = Table("counted", Counted, "A test table with integers.", ("id",), prefix="cnt")
CHECKED_TABLES = [t for t in TABLES if not t.nested] + [COUNTED]

TEXTS = [
    "",
    " ",
    "x",
    "act-ali",
    "act-Ali",
    "src-a",
    "mtg-b",
    "clm-c",
    "cnt-a",
    "2022-01-31",
    "2022-02-30",
    " 2022-01-31",
    "1402-09-06",
    "true",
    "false",
    "True",
    "12",
    "-3",
    "1.5",
    "a,b",
    "act-a,act-b",
    "https://example.org/x",
    "AT",
    "at",
    "en",
    "Q42",
    "0" * 64,
    "day",
    "stated",
    "gregorian",
]


def candidates(column: Column) -> st.SearchStrategy[Any]:
    """Cell values for a column: right and wrong types, valid and invalid values, nulls."""
    texts = st.sampled_from(TEXTS + list(column.enum or ()) + list(column.item_enum or ()))
    typed: dict[str, st.SearchStrategy[Any]] = {
        "string": texts,
        "date": st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)),
        "boolean": st.booleans(),
        "integer": st.integers(-5, 10**12),
        "list": st.lists(texts, max_size=3),
    }
    return st.one_of(st.none(), typed[column.type], texts)


PYTHON_TYPES: dict[str, type | tuple[type, ...]] = {
    "string": str,
    "date": dt.date,
    "boolean": bool,
    "integer": int,
    "list": list,
}


def arrow_column(column: Column, value: Any) -> Any:
    """A one-row Arrow column holding the value: in the declared type when the value is of it,
    as text otherwise (a producer writing dates or numbers as strings)."""
    fits = value is None or (
        isinstance(value, PYTHON_TYPES[column.type])
        and not (column.type == "integer" and isinstance(value, bool))
    )
    if fits:
        return pa.array([value], type=ARROW_TYPES[column.type])
    return pa.array([str(value)], type=pa.string())


def model_value(column: Column, value: Any, csv: bool) -> Any:
    """What the model receives for a cell (see the module docstring)."""
    if csv and value == "":
        return None
    if value is None:
        return None
    if not isinstance(value, str) or column.type == "string":
        return value
    if column.type == "date" and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    if column.type == "boolean" and value in ("true", "false"):
        return value == "true"
    if column.type == "integer" and re.fullmatch(r"-?[0-9]{1,18}", value):
        return int(value)
    if column.type == "list":
        return value.split(",")
    return value


def record(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """A flat row in the shape of its model: date parts folded into a ReportedDate."""
    data = {k: v for k, v in row.items() if v is not None}
    for name in date_fields(table.model):
        parts = {p: data.pop(f"{name}_{p}") for p in DATE_PARTS if f"{name}_{p}" in data}
        if parts:
            data[name] = parts
    return data


def accepted_by_model(table: Table, row: dict[str, Any]) -> bool:
    try:
        table.model.model_validate(record(table, row))
    except ValidationError:
        return False
    return True


TOMBSTONE = {
    "id": "act-someone-merged",
    "reason": "merged",
    "merged_into": "act-someone",
    "retired_in": "0.1.0",
    "note": "Spelling variant.",
}


@cache
def valid_rows(table: Table) -> list[dict[str, Any]]:
    """Rows of the bundled records (valid by construction), as the release writes them."""
    if table.name == "tombstones":
        return [TOMBSTONE]
    if table is COUNTED:
        return [
            {
                "id": "cnt-a",
                "count": 3,
                "limit": None,
                "tags": ["x"],
                **dict.fromkeys(f"stated_{p}" for p in DATE_PARTS),
            }
        ]
    data = load(records_dir())
    return list(data.table_rows(table))[:40]


@st.composite
def rows(draw: st.DrawFn, table: Table) -> dict[str, Any]:
    """A valid row with one or two cells replaced: most rows are one mistake away from valid, so
    a check that is missing or too strict shows."""
    row = dict(draw(st.sampled_from(valid_rows(table))))
    for column in draw(st.lists(st.sampled_from(table.columns), min_size=1, max_size=2)):
        row[column.name] = draw(candidates(column))
    return row


@pytest.mark.parametrize("csv", [False, True], ids=["parquet", "csv"])
@pytest.mark.parametrize("table", CHECKED_TABLES, ids=[t.name for t in CHECKED_TABLES])
@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_cell_checks_accept_exactly_what_the_model_accepts(
    table: Table, csv: bool, data: st.DataObject
) -> None:
    row = data.draw(rows(table))
    if csv:
        row = {
            k: None
            if v is None
            else ",".join(v)
            if isinstance(v, list)
            else str(v).lower()
            if isinstance(v, bool)
            else str(v)
            for k, v in row.items()
        }
        raw = {name: pa.array([value or None], pa.string()) for name, value in row.items()}  # as read
    else:
        raw = {c.name: arrow_column(c, row[c.name]) for c in table.columns}
    check = check_cells(table, raw, 1)
    model_row = {c.name: model_value(c, row[c.name], csv) for c in table.columns}
    assert (not check.invalid[0].as_py()) == accepted_by_model(table, model_row), (row, check.found)


def test_an_integer_column_is_checked_not_crashed_on() -> None:
    raw = {"id": pa.array(["cnt-a", "cnt-b", "cnt-c"]), "count": pa.array(["3", "three", None])}
    check = check_cells(COUNTED, raw, 3)
    assert check.invalid.to_pylist() == [False, True, True]
