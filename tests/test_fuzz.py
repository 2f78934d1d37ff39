"""Arbitrary text and bytes as a records file produce findings, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afghan_dialogues.validate.runner import validate_records
from conftest import TODAY, write_records

TARGETS = ["actors.yaml", "meetings.yaml", "sources/src-example-report.yaml", "dataset.yaml"]

yaml_like = st.text(
    alphabet=st.sampled_from(list("abc:-[]{}#&*!|>'\"%@` \n\t0123456789.,?\u200b\u0430\ufeff")),
    max_size=200,
)


def _validate_with(tmp: Path, target: str, content: bytes) -> None:
    root = tmp / "case"
    if root.exists():
        shutil.rmtree(root)
    records = write_records(root)
    (records / target).write_bytes(content)
    report = validate_records(records, today=TODAY)
    if content.strip() and content != (records / target).read_bytes():
        raise AssertionError("validate changed a file")
    assert all(f.code and f.message for f in report.findings)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(TARGETS), content=st.binary(max_size=300))
def test_arbitrary_bytes_never_raise(tmp_path: Path, target: str, content: bytes) -> None:
    _validate_with(tmp_path, target, content)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(TARGETS), content=yaml_like)
def test_arbitrary_yaml_like_text_never_raises(tmp_path: Path, target: str, content: str) -> None:
    _validate_with(tmp_path, target, content.encode("utf-8"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    value=st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False),
        st.text(max_size=20),
        st.lists(st.integers(), max_size=3),
        st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    ),
    key=st.sampled_from(["id", "name", "kind", "names", "description"]),
)
def test_any_value_in_any_actor_field_is_a_finding(tmp_path: Path, value: object, key: str) -> None:
    import json

    root = tmp_path / "case"
    if root.exists():
        shutil.rmtree(root)
    records = write_records(root)
    path = records / "actors.yaml"
    text = path.read_text(encoding="utf-8")
    line = next(
        ln for ln in text.splitlines() if ln.startswith(f"    {key}:") or ln.startswith(f"  - {key}:")
    )
    prefix = line[: line.index(key)]
    path.write_text(text.replace(line, f"{prefix}{key}: {json.dumps(value)}", 1), encoding="utf-8")
    validate_records(records, today=TODAY)
