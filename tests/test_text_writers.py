"""The vectorised CSV and JSON writers give the bytes the standard library writes for the same rows.

The references are `csv.writer` (QUOTE_MINIMAL, CRLF) and `json.dumps(row, ensure_ascii=False)`
called here on the Python values of each row, with the release's conventions for cells (lists
joined with ",", booleans `true`/`false`, dates ISO, null an empty cell) and for the JSON
layout (one row object per line inside an array). Tables are generated with the characters
that need quoting or escaping, in chunks and batches of every size, so every way a value can
straddle a batch or chunk boundary is tried.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afghan_dialogues.exports.csv import CSV
from afghan_dialogues.exports.json import JSON
from afghan_dialogues.exports.textfile import TextFormat, write_text

TRICKY = ',"\\\r\n\t\b\f\x00\x01\x1f\x7f \u00e9\u062f\u06cc\u2028\U0001f600'
"""Quotes, separators, every kind of escape, non-ASCII (Persian, an emoji) and a line separator."""

text = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(codec="utf-8"), max_size=12)
KINDS: dict[str, tuple[Any, st.SearchStrategy[Any]]] = {
    "string": (pa.string(), text),
    "boolean": (pa.bool_(), st.booleans()),
    "date": (pa.date32(), st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))),
    "integer": (pa.int64(), st.integers(min_value=-(2**63), max_value=2**63 - 1)),
    "list": (pa.list_(pa.field("element", pa.string())), st.lists(st.none() | text, max_size=4)),
}
names = st.text(alphabet=st.sampled_from('ab_,"é\n '), min_size=0, max_size=4)


@st.composite
def tables(draw: st.DrawFn) -> tuple[pa.Table, list[dict[str, Any]]]:
    """A table of random columns and rows, cut into random chunks, and its rows as Python."""
    kinds = draw(st.lists(st.sampled_from(sorted(KINDS)), min_size=1, max_size=5))
    columns = draw(st.lists(names, min_size=len(kinds), max_size=len(kinds), unique=True))
    count = draw(st.integers(min_value=0, max_value=12))
    arrays = []
    for kind in kinds:
        arrow_type, values = KINDS[kind]
        column = draw(st.lists(st.none() | values, min_size=count, max_size=count))
        cuts = sorted(draw(st.sets(st.integers(min_value=0, max_value=count), max_size=3)))
        pieces = [column[a:b] for a, b in zip([0, *cuts], [*cuts, count], strict=True)]
        arrays.append(pa.chunked_array([pa.array(p, type=arrow_type) for p in pieces], type=arrow_type))
    table = pa.table(arrays, names=columns)
    skip = draw(st.integers(min_value=0, max_value=2))
    table = table.slice(min(skip, table.num_rows))
    return table, table.to_pylist()


def cell(value: Any) -> str:
    """The release's CSV cell of one Python value (the convention the Table Schema states)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(cell(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def stdlib_csv(names: list[str], rows: list[dict[str, Any]]) -> bytes:
    handle = io.StringIO(newline="")
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([cell(row[name]) for name in names])
    return handle.getvalue().encode("utf-8")


def stdlib_json(names: list[str], rows: list[dict[str, Any]]) -> bytes:
    def iso(value: Any) -> str:
        assert isinstance(value, dt.date)
        return value.isoformat()

    lines = [json.dumps({name: row[name] for name in names}, ensure_ascii=False, default=iso) for row in rows]
    body = "[\n  " + ",\n  ".join(lines) + "\n]\n" if lines else "[]\n"
    return body.encode("utf-8")


def written(form: TextFormat, table: pa.Table, rows: int) -> bytes:
    out = io.BytesIO()
    write_text(form, table, out, rows=rows)
    return out.getvalue()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.integers(min_value=1, max_value=5))
def test_csv_is_what_the_csv_module_writes(
    generated: tuple[pa.Table, list[dict[str, Any]]], rows: int
) -> None:
    table, values = generated
    assert written(CSV, table, rows) == stdlib_csv(table.column_names, values)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.integers(min_value=1, max_value=5))
def test_json_is_what_json_dumps_writes(generated: tuple[pa.Table, list[dict[str, Any]]], rows: int) -> None:
    table, values = generated
    assert written(JSON, table, rows) == stdlib_json(table.column_names, values)


@pytest.mark.parametrize("char", [chr(c) for c in range(0x20)] + ['"', "\\", ",", "\x7f", "\u2028"])
def test_every_character_the_writers_treat_specially_comes_out_as_the_stdlib_writes_it(char: str) -> None:
    values = ["plain", f"a{char}b", char, None, ""]
    table = pa.table({"text": values, "items": [[v] if v is not None else [] for v in values]})
    rows = table.to_pylist()
    assert written(CSV, table, 2) == stdlib_csv(["text", "items"], rows)
    assert written(JSON, table, 2) == stdlib_json(["text", "items"], rows)


def test_a_one_column_row_with_an_empty_cell_is_quoted_as_the_csv_module_quotes_it() -> None:
    table = pa.table({"only": ["", None, "x"]})
    assert written(CSV, table, 2) == b'only\r\n""\r\n""\r\nx\r\n'


def test_an_unsupported_column_type_is_refused_by_name() -> None:
    table = pa.table({"ratio": pa.array([0.5])})
    with pytest.raises(TypeError, match="double"):
        written(CSV, table, 1)
    with pytest.raises(TypeError, match="double"):
        written(JSON, table, 1)
