"""Descriptors are written as the json module writes them, indented by two spaces.

Floating-point numbers are left out: no model field is one, so no descriptor holds one, and
orjson writes some differently (0.00001 where json writes 1e-05).
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from afghan_dialogues.datamodel.descriptors import dumps

scalars = st.none() | st.booleans() | st.integers(min_value=-(2**63), max_value=2**64 - 1) | st.text()
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


def reference(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@settings(max_examples=400)
@given(values)
def test_dumps_writes_what_json_dumps_writes(data: Any) -> None:
    assert dumps(data) == reference(data)


def test_control_characters_quotes_and_non_ascii_are_escaped_as_json_escapes_them() -> None:
    text = "".join(chr(c) for c in range(0x20)) + '"\\/\x7f\u2028\u2029 دوحه 🚩'
    assert dumps({"title": text, "list": [text, {}], "empty": []}) == reference(
        {"title": text, "list": [text, {}], "empty": []}
    )
