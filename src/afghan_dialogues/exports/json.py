"""JSON tables: an array of row objects per table, lists as arrays, dates as ISO strings.

Every row carries every column (null when empty), so consumers never have to guess whether a
missing key means null or a different schema. The text is what `json.dumps(row,
ensure_ascii=False)` gives each row, one row per line inside the array, rendered with Arrow
kernels a batch at a time: strings are escaped as the json module escapes them (`"` and `\\`
with a backslash, `\\n \\r \\t \\b \\f` by name, other characters below U+0020 as `\\u00XX`,
nothing else); `tests/test_text_writers.py` reads every value back with json.loads and holds
a hand-written example to its bytes.
"""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from afghan_dialogues.exports.arrowtext import map_items, may_hold, rewrite_matching, template, values_buffer
from afghan_dialogues.exports.textfile import TextFormat

ROW_END = ",\n  "
"""What follows every row object; the last row of a table gets `\\n]\\n` instead."""

_NEEDS_ESCAPES = r'["\\\x00-\x1f]'
_NAMED = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
_CONTROL = [(chr(c), _NAMED.get(chr(c), f"\\u{c:04x}")) for c in range(0x20)]


def _escape_matching(text: Any) -> Any:
    text = pc.replace_substring_regex(text, r'(["\\])', r"\\\1")
    raw = values_buffer(text).to_pybytes()
    for char, escape in _CONTROL:
        if char.encode() in raw:
            text = pc.replace_substring(text, char, escape)
    return text


def escaped(strings: Any) -> Any:
    """The contents of JSON string literals for a string array (without the quotes); nulls stay."""
    if not may_hold(strings, b'"\\'):
        return strings
    return rewrite_matching(strings, _NEEDS_ESCAPES, _escape_matching)


def _quoted(text: Any) -> Any:
    return pc.binary_join_element_wise('"', text, '"', "")


def _null(text: Any) -> Any:
    return pc.fill_null(text, "null")


def _item_literals(items: Any) -> Any:
    return _null(_quoted(escaped(items)))


def _list_values(array: Any) -> Any:
    """List columns as JSON arrays of strings, `[]` when empty, `null` for a null list."""
    joined = pc.binary_join(map_items(array, _item_literals), ", ")
    return _null(pc.binary_join_element_wise("[", joined, "]", ""))


def values(array: Any) -> list[Any]:
    """Row pieces for one column: literal strings and string arrays without nulls.

    A string or date column without nulls is its text between two literal quotes, so the
    quotes cost nothing beyond the row's one join.
    """
    kind = array.type
    if pa.types.is_string(kind) or pa.types.is_date32(kind):
        text = escaped(array) if pa.types.is_string(kind) else pc.cast(array, pa.string())
        return ['"', text, '"'] if array.null_count == 0 else [_null(_quoted(text))]
    if pa.types.is_boolean(kind):
        return [_null(pc.if_else(array, "true", "false"))]
    if pa.types.is_integer(kind):
        return [_null(pc.cast(array, pa.string()))]
    if pa.types.is_list(kind) and pa.types.is_string(kind.value_type):
        return [_list_values(array)]
    raise TypeError(f"no JSON text for Arrow type {kind}")


def rows(batch: Any) -> Any:
    """The row objects of one record batch, each followed by ROW_END, as one buffer."""
    if batch.num_rows == 0:
        return pa.py_buffer(b"")
    pieces: list[Any] = []
    for index, (name, column) in enumerate(zip(batch.schema.names, batch.columns, strict=True)):
        pieces += [("{" if index == 0 else ", ") + json.dumps(name, ensure_ascii=False) + ": "]
        pieces += values(column)
    pieces += ["}" + ROW_END]
    return values_buffer(template(pieces))


def _opening(table: Any) -> bytes:
    return b"[\n  " if table.num_rows else b"["


def _closing(table: Any) -> bytes:
    return b"\n]\n" if table.num_rows else b"]\n"


JSON = TextFormat(head=_opening, body=rows, tail=_closing, trim=len(ROW_END))
"""One row object per line inside a JSON array, keys in column order."""
