"""CSV files as the data package's resources describe them, rendered from Arrow tables.

The Table Schema `list` type expects the items joined with ","; booleans are `true`/`false`
(the field's trueValues/falseValues), dates ISO 8601, and null an empty cell (the schema's only
missing value). pyarrow.csv cannot write list columns and quotes every string, so each column
is turned into cell text here, quoted exactly where the csv module's QUOTE_MINIMAL would quote
(a comma, a double quote, CR or LF in the cell; quotes doubled), and the cells of a row joined
with Arrow kernels a batch at a time. `tests/test_text_writers.py` reads what is written back
with the csv module and compares every value, and holds a hand-written example to its bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from afghan_dialogues.exports.arrowtext import map_items, may_hold, rewrite_matching, template, values_buffer
from afghan_dialogues.exports.textfile import TextFormat, Writable, write_text

LINE_END = "\r\n"
_NEEDS_QUOTES = r'[,"\r\n]'


def _quote(text: Any) -> Any:
    return pc.binary_join_element_wise('"', pc.replace_substring(text, '"', '""'), '"', "")


def _blank_items(items: Any) -> Any:
    return pc.fill_null(items, "")


def _text(array: Any) -> Any:
    """Each value as unquoted cell text; nulls stay null."""
    kind = array.type
    if pa.types.is_list(kind):
        items = array.values
        if items.null_count:
            array = map_items(array, _blank_items)
        return pc.binary_join(array, ",")
    if pa.types.is_boolean(kind):
        return pc.if_else(array, "true", "false")
    if pa.types.is_string(kind):
        return array
    if pa.types.is_date32(kind) or pa.types.is_integer(kind):
        return pc.cast(array, pa.string())
    raise TypeError(f"no CSV text for Arrow type {kind}")


def cells(array: Any) -> Any:
    """One column as CSV cells: a string array without nulls, quoted where needed."""
    text = pc.fill_null(_text(array), "")
    if not may_hold(text, b',"'):
        return text
    return rewrite_matching(text, _NEEDS_QUOTES, _quote)


def _header_cell(name: str) -> str:
    return f'"{name.replace(chr(34), chr(34) * 2)}"' if any(c in name for c in ',"\r\n') else name


def header(names: Sequence[str]) -> bytes:
    """The header line."""
    if len(names) == 1 and names[0] == "":
        return b'""' + LINE_END.encode()
    return (",".join(_header_cell(n) for n in names) + LINE_END).encode("utf-8")


def lines(batch: Any) -> Any:
    """The lines of one record batch (no header), each ending in CRLF, as one buffer.

    A line whose only cell is empty is written `""`, as the csv module writes it, so that it
    is not read back as no cell at all.
    """
    if batch.num_rows == 0:
        return pa.py_buffer(b"")
    columns = [cells(column) for column in batch.columns]
    if len(columns) == 1:
        columns[0] = pc.if_else(pc.equal(columns[0], ""), '""', columns[0])
    pieces: list[Any] = []
    for column in columns:
        pieces += [column, ","]
    pieces[-1] = LINE_END
    return values_buffer(template(pieces))


def _header_of(table: Any) -> bytes:
    return header(table.column_names)


def _nothing(table: Any) -> bytes:
    return b""


CSV = TextFormat(head=_header_of, body=lines, tail=_nothing)
"""Header plus one line per row, UTF-8 without BOM, CRLF line ends (RFC 4180)."""


def write_csv(table: Any, out: Writable) -> None:
    """Header plus every row of an Arrow table, UTF-8 without BOM, CRLF line ends."""
    write_text(CSV, table, out)
