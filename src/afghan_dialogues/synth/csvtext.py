"""CSV text of Arrow tables, in exactly the form `exports.csv.write_csv` gives the same rows.

The exporter writes row by row with the csv module, which is right for a few thousand records
and far too slow for a million. Here each column is turned into cell text with Arrow compute
(dates ISO, booleans `true`/`false`, list items joined with ",", null as an empty cell), quoted
where the csv module would quote (a comma, a double quote, CR or LF in the cell), and the rows
are joined without leaving Arrow. `tests/test_synth_package.py` holds the two writers to the
same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

_NEEDS_QUOTES = r'[,"\r\n]'


def cells(array: Any) -> Any:
    """One column as CSV cell text (a string array with no nulls)."""
    kind = array.type
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        text = pc.binary_join(array, ",")
    elif pa.types.is_boolean(kind):
        text = pc.if_else(array, "true", "false")
    elif pa.types.is_string(kind) or pa.types.is_large_string(kind):
        text = array
    else:
        text = pc.cast(array, pa.string())
    text = pc.fill_null(text, "")
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(text, '"', '""'), '"', "")
    return pc.if_else(pc.match_substring_regex(text, _NEEDS_QUOTES), quoted, text)


def _quote_header(name: str) -> str:
    return f'"{name}"' if any(c in name for c in ',"\r\n') else name


def _text_bytes(array: Any) -> bytes:
    """The values of a string array without nulls, back to back, straight from its buffers."""
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    offsets = pa.Array.from_buffers(
        pa.int32(), len(array) + 1, [None, array.buffers()[1]], offset=array.offset
    )
    first, last = offsets[0].as_py(), offsets[len(array)].as_py()
    data: bytes = array.buffers()[2].slice(first, last - first).to_pybytes()
    return data


def csv_bytes(batch: Any) -> bytes:
    """The lines of one record batch (no header), each ending in CRLF."""
    if batch.num_rows == 0:
        return b""
    columns = [cells(batch.column(i)) for i in range(batch.num_columns)]
    lines = pc.binary_join_element_wise(*columns, ",")
    return _text_bytes(pc.binary_join_element_wise(lines, "", "\r\n"))


def write_csv(batches: Iterable[Any], names: list[str], path: Path) -> None:
    """Header plus every batch's rows, UTF-8 without BOM, CRLF line ends."""
    with path.open("wb") as handle:
        handle.write((",".join(_quote_header(n) for n in names) + "\r\n").encode("utf-8"))
        for batch in batches:
            handle.write(csv_bytes(batch))
