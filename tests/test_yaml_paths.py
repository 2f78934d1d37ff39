"""The fast YAML reader (yaml_rs) gives exactly what the precise reader (libyaml) gives.

`parse_text` takes the fast path only for text that `may_take_fast_path` admits and yaml_rs
accepts; `parse_precise` is the reader findings have always come from. Whatever the text,
both must return the same problems, the same values of the same types, and the same line
table. The documents are generated around the known differences between the two readers
(tests/yamlgen.py), so that a pre-check too lenient by one construct shows up here.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from afghan_dialogues.recordfiles.yamlfast import fast_load, fast_plan, may_take_fast_path
from afghan_dialogues.recordfiles.yamlio import parse_precise, parse_text
from yamlgen import DATES, KEYS, NUMBERS, WORDS, documents, scalar_texts

PATH = Path("records/example.yaml")


def same(a: Any, b: Any) -> bool:
    """Equal and of the same type all the way down (1 is not 1.0, True or a date's text)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(
            same(k, k2) and same(a[k], b[k2]) for k, k2 in zip(a, b, strict=True)
        )
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, dt.datetime):
        return a == b and a.tzinfo == b.tzinfo
    return bool(a == b)


def takes_fast_path(text: str) -> bool:
    plan = fast_plan(text)
    return plan is not None and fast_load(text, plan)[0]


def assert_readers_agree(text: str) -> None:
    """Same problems; and where the fast path is taken, what the precise reader reads."""
    doc, problems = parse_text(PATH, text)
    precise, precise_problems = parse_precise(PATH, text)
    assert problems == precise_problems
    assert (doc is None) == (precise is None)
    if doc is None or precise is None or not takes_fast_path(text):
        return  # parse_text gave the precise reader's own result
    assert same(doc.data, precise.data), (doc.data, precise.data)
    assert doc.lines == precise.lines
    assert doc.plain_ascii == precise.plain_ascii


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_generated_documents_read_alike(text: str) -> None:
    event("fast path" if takes_fast_path(text) else "precise path")
    assert_readers_agree(text)


@settings(max_examples=1500, deadline=None)
@given(scalar_texts(), st.sampled_from(["k: {}\n", "- {}\n", "k:\n  - {}\n", "{}: v\n", "k: {} # c\n"]))
def test_generated_scalars_read_alike(scalar: str, shape: str) -> None:
    assert_readers_agree(shape.format(scalar))


@pytest.mark.parametrize("scalar", NUMBERS + DATES + WORDS)
def test_listed_scalars_read_alike(scalar: str) -> None:
    assert_readers_agree(f"k: {scalar}\n")
    assert_readers_agree(f"- {scalar}\n")


@pytest.mark.parametrize("key", KEYS)
def test_listed_keys_read_alike(key: str) -> None:
    assert_readers_agree(f"{key}: 1\nb: 2\n")
    assert_readers_agree(f"a:\n  {key}: 1\n  {key}: 2\n")


@pytest.mark.parametrize(
    "text",
    [
        "k: 1_000\n",  # yaml_rs: 1000
        "k: 0O17\n",  # yaml_rs: 15
        "k: 0b101\n",  # yaml_rs: 5
        "k: -0x1F\n",  # yaml_rs: -31
        "k: .iNf\n",  # yaml_rs: inf
        "k: 2021-02-30\n",  # yaml_rs: text; precise: a syntax finding
        "k: 2021-02-29\n",
        "k: 0000-01-01\n",
        "k: 10:38:00\n",  # yaml_rs: a time
        "k: 2021-01-01T10:00\n",  # yaml_rs: a datetime
        "k: 2021-01-01  10:00:00\n",  # yaml_rs: text; precise: a datetime
        "k: !foo x\n",  # yaml_rs drops the tag
        "k: !!binary aGk=\n",
        "k: a\n---\nk: b\n",  # yaml_rs: a list of documents
        "? [1]\n: b\n",  # yaml_rs: a tuple key
        ": b\n",  # yaml_rs: a None key
        "1: a\n1.0: b\n",  # one key in Python
        "k: a\u2028b\n",  # a line break to libyaml only
        "k: a\x85b\n",
        "k: a\x07b\n",  # refused by libyaml
        "k: 'a\tb'\n",
        'k: "a\\u00e9"\n',
        "x" * 1100 + ": 1\n",  # longer than libyaml's 1024-character simple keys
        "".join(" " * i + f"k{i}:\n" for i in range(70)),  # deeper than the precise reader allows
        "- - a plain scalar\n   -  '2021-11-14'\n",  # a line that continues the scalar above
        "k: 2021-01-01\n  10:00:00\n",  # a datetime folded over two lines
    ],
)
def test_known_differences_take_the_precise_path(text: str) -> None:
    assert not may_take_fast_path(text)
    assert_readers_agree(text)


@pytest.mark.parametrize(
    "text",
    [
        "k: v\n",
        "a:\n  - 1\n  - 2021-11-14\n  - 'it''s'\n  - \"quoted\"\n  - []\n",
        '- id: src-a\n  quote: He said, "we agree" - twice, then left:now.\n  topics:\n    - security\n',
        "# comment\nk: 2020-02-29  # leap day\nn: -12\nf: 1.5e3\nb: true\nz: null\ne:\n",
        "k: Kabul\u2019s \u201cconsensus\u201d \u2014 \u0627\u0641\u063a\u0627\u0646\n",
        "stated:\n  original: '1400-08-10'\n  times:\n    - \"10:38:00\"\n    - '2021-01-01T10:00'\n",
    ],
)
def test_plain_records_take_the_fast_path(text: str) -> None:
    assert takes_fast_path(text)
    assert_readers_agree(text)


def test_lines_of_a_fast_document_come_from_the_precise_reader() -> None:
    text = "claims:\n  - id: clm-a\n    quote: q\n  - id: clm-b\n    stated:\n      start: 2021-01-01\n"
    doc, problems = parse_text(PATH, text)
    assert doc is not None and problems == []
    assert doc.line_of(("claims", 1, "stated", "start")) == 6
    assert doc.line_of(("claims", 1, "missing")) == 4
    assert doc.line_of(("claims", 0)) == 2
