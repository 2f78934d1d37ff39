"""`name_key` and `name_skeleton` of `schema.normalize`, over whole columns of spellings.

A release has a hundred thousand spellings; folding each in Python costs seconds. For ASCII
spellings (nearly all of them) the two functions reduce to lower-casing and a few regular
expression replacements, done here with Arrow compute; every other spelling goes through the
Python functions themselves, so the results are the same as the records validator's.
`tests/test_tabular_names.py` holds the two implementations to equality.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from afghan_dialogues.datamodel.normalize import name_key, name_skeleton, word_skeleton


def _ascii_keys(values: Any) -> Any:
    lowered = pc.ascii_lower(values)
    spaced = pc.replace_substring_regex(lowered, "[^a-z ]+", " ")
    single = pc.replace_substring_regex(spaced, " +", " ")
    return pc.utf8_trim(single, " ")


def _ascii_skeletons(keys: Any) -> Any:
    """Word by word, as `name_skeleton` does: each distinct word is folded once, in Python."""
    words_of = pc.split_pattern(pc.replace_substring(pc.replace_substring(keys, "q", "k"), "ph", "f"), " ")
    words = pc.list_flatten(words_of)
    distinct = pc.unique(words)
    folded = pa.array([word_skeleton(w) for w in distinct.to_pylist()], pa.string())
    kept = pc.take(folded, pc.index_in(words, value_set=distinct))
    rebuilt = pa.ListArray.from_arrays(words_of.offsets, kept)
    return pc.binary_join(rebuilt, " ")


def _mixed(values: Any, vectorised: Any, python: Any) -> Any:
    """Vectorised results for ASCII values, the Python function for the rest."""
    values = pa.array(values, pa.string()) if not isinstance(values, pa.Array) else values
    out = vectorised(pc.fill_null(values, ""))
    ascii_only = pc.fill_null(pc.string_is_ascii(values), True)
    if pc.all(ascii_only).as_py():
        return out
    others = pc.indices_nonzero(pc.invert(ascii_only))
    folded = pa.array([python(v) for v in values.take(others).to_pylist()], pa.string())
    return pc.replace_with_mask(out, pc.invert(ascii_only), folded)


def name_keys(values: Any) -> Any:
    """`name_key` of each value, as a string array."""
    return _mixed(values, _ascii_keys, name_key)


def name_skeletons(values: Any) -> Any:
    """`name_skeleton` of each value, as a string array."""
    return _mixed(values, lambda v: _ascii_skeletons(_ascii_keys(v)), name_skeleton)
