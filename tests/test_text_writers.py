"""What the vectorised CSV and JSON writers write reads back as the rows they were given.

A consumer reads the CSV with a CSV parser and the JSON with a JSON parser, so that is the test:
the standard library's `csv.reader` and `json.loads` get back every value, under the release's
conventions for cells (lists joined with ",", booleans `true`/`false`, dates ISO, null an
empty cell). Tables are generated with the characters that need quoting or escaping, in chunks
and batches of every size, so every way a value can straddle a batch or chunk boundary is tried.
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


def read_csv(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8")
    assert text == "" or text.endswith("\r\n"), "every line ends in CRLF"
    return list(csv.reader(io.StringIO(text, newline="")))


def json_value(value: Any) -> Any:
    """A Python value as the JSON file holds it: dates as ISO text, lists item by item."""
    if isinstance(value, list):
        return [json_value(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def written(form: TextFormat, table: pa.Table, rows: int) -> bytes:
    out = io.BytesIO()
    write_text(form, table, out, rows=rows)
    return out.getvalue()


def assert_round_trip(table: pa.Table, values: list[dict[str, Any]], rows: int) -> None:
    names = table.column_names
    header, *lines = read_csv(written(CSV, table, rows))
    assert header == names
    assert lines == [[cell(row[name]) for name in names] for row in values]
    data = written(JSON, table, rows)
    assert json.loads(data) == [{name: json_value(row[name]) for name in names} for row in values]
    assert data.count(b"\n") == (len(values) + 2 if values else 1), "one row per line inside the array"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.integers(min_value=1, max_value=5))
def test_csv_and_json_read_back_as_the_rows_written(
    generated: tuple[pa.Table, list[dict[str, Any]]], rows: int
) -> None:
    table, values = generated
    assert_round_trip(table, values, rows)


@pytest.mark.parametrize("char", [chr(c) for c in range(0x20)] + ['"', "\\", ",", "\x7f", "\u2028"])
def test_every_character_the_writers_treat_specially_reads_back(char: str) -> None:
    values = ["plain", f"a{char}b", char, None, ""]
    table = pa.table({"text": values, "items": [[v] if v is not None else [] for v in values]})
    assert_round_trip(table, table.to_pylist(), 2)


def test_cells_are_quoted_only_where_they_must_be_and_a_lone_empty_cell_is_kept() -> None:
    table = pa.table({"only": ["", None, "x", 'a,"b"']})
    assert written(CSV, table, 2) == b'only\r\n""\r\n""\r\nx\r\n"a,""b"""\r\n'


def test_the_exact_bytes_of_a_small_table() -> None:
    """The exact bytes, written out by hand: RFC 4180 CSV quoting only the cells that need it
    (not spaces, tabs or non-ASCII), one JSON row per line with `json.dumps`'s separators and
    escapes (control characters by name or as lower-case `\\u00XX`, non-ASCII as itself)."""
    table = pa.table(
        {
            "text": ["a b\n\u00e9\x01", "a\tb \u00e9"],
            "items": [["x", "y"], []],
            "day": pa.array([dt.date(2024, 1, 2), None], pa.date32()),
            "flag": [True, False],
            "n": [5, -1],
            "last": pa.array([None, "z"], pa.string()),
        }
    )
    assert (
        written(CSV, table, 1)
        == (
            "text,items,day,flag,n,last\r\n"
            '"a b\n\u00e9\x01","x,y",2024-01-02,true,5,\r\n'
            "a\tb \u00e9,,,false,-1,z\r\n"
        ).encode()
    )
    assert (
        written(JSON, table, 1)
        == (
            "[\n"
            '  {"text": "a b\\n\u00e9\\u0001", "items": ["x", "y"], "day": "2024-01-02", '
            '"flag": true, "n": 5, "last": null},\n'
            '  {"text": "a\\tb \u00e9", "items": [], "day": null, "flag": false, "n": -1, "last": "z"}\n'
            "]\n"
        ).encode()
    )


def test_an_unsupported_column_type_is_refused_by_name() -> None:
    table = pa.table({"ratio": pa.array([0.5])})
    with pytest.raises(TypeError, match="double"):
        written(CSV, table, 1)
    with pytest.raises(TypeError, match="double"):
        written(JSON, table, 1)
