"""String arrays as text to write: the pieces the CSV and JSON writers are built from.

Both writers turn each column of a record batch into the text of its cells with Arrow compute
kernels and join the cells of a row without leaving Arrow, so no Python code runs per row.
Most columns (ids, coded values, dates) never need quoting or escaping; a kernel call per row
just to find that out would cost more than writing them, so `may_hold` first looks at all the
bytes of a column at once, and only columns where it finds something are checked row by row
and rewritten where they match.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

_FIRST_PRINTABLE = 0x20

Rewrite = Callable[[Any], Any]
"""A string array in, a string array of the same length out."""


def values_buffer(array: Any) -> Any:
    """The values of a string array, back to back, as one buffer (no copy).

    Null slots contribute whatever bytes their offsets span (nothing, for the arrays Arrow
    kernels produce); callers give arrays without nulls where the bytes are written out.
    """
    if len(array) == 0:
        return pa.py_buffer(b"")
    offsets = pa.Array.from_buffers(
        pa.int32(), len(array) + 1, [None, array.buffers()[1]], offset=array.offset
    )
    first, last = offsets[0].as_py(), offsets[len(array)].as_py()
    return array.buffers()[2].slice(first, last - first)


def may_hold(array: Any, punctuation: bytes) -> bool:
    """Whether some value of a string array may contain a control character or `punctuation`.

    One pass over the bytes for the smallest (a control character is below 0x20, and UTF-8
    continuation bytes never are) and a memchr-speed search per punctuation byte. A True can
    be wrong (a tab where only CR and LF matter, bytes under a null), never a False.
    """
    data = values_buffer(array)
    if data.size == 0:
        return False
    smallest = pc.min(pa.Array.from_buffers(pa.uint8(), data.size, [None, data])).as_py()
    if smallest < _FIRST_PRINTABLE:
        return True
    raw = data.to_pybytes()
    return any(bytes([byte]) in raw for byte in punctuation)


def rewrite_matching(array: Any, pattern: str, rewrite: Rewrite) -> Any:
    """`array` with `rewrite` applied to the values matching the regex `pattern`, others kept.

    Only the matching values are passed to `rewrite`, so escaping a handful of quotes in a
    column costs a pass over that handful. Nulls stay null.
    """
    matches = pc.fill_null(pc.match_substring_regex(array, pattern), False)
    count = pc.sum(matches).as_py() or 0
    if count == 0:
        return array
    if count == len(array):
        return rewrite(array)
    return pc.replace_with_mask(array, matches, rewrite(array.filter(matches)))


def map_items(array: Any, transform: Rewrite) -> Any:
    """A list array with `transform` applied to its items, lengths and null lists kept."""
    offsets = array.offsets
    first = offsets[0].as_py()
    items = array.values.slice(first, offsets[len(array)].as_py() - first)
    rebased = pc.subtract(offsets, pa.scalar(first, offsets.type))
    mask = pc.is_null(array) if array.null_count else None
    return pa.ListArray.from_arrays(rebased, transform(items), mask=mask)


def template(pieces: list[Any]) -> Any:
    """Each row's pieces concatenated: `pieces` are string arrays (no nulls) and literal strings."""
    merged: list[Any] = []
    for piece in pieces:
        if isinstance(piece, str) and merged and isinstance(merged[-1], str):
            merged[-1] += piece
        else:
            merged.append(piece)
    return pc.binary_join_element_wise(*merged, "")
