"""Reading a records folder: the YAML every record is written in, and the files that must not be
read (links, special files, files outside the folder), each a located finding, never a traceback
and never another file's content in a message."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from afghan_dialogues.recordfiles.yamlreader import parse_text, read_document
from afghan_dialogues.validate.runner import validate_records
from conftest import TODAY
from helpers import Edit, assert_finding, codes, findings, line_of


def values(text: str) -> object:
    doc, problems = parse_text(text)
    assert doc is not None, problems
    return doc.data


def test_scalars_follow_the_yaml_1_2_core_schema() -> None:
    assert values("a: NO\nb: 10:38\nc: on\nd: 0755\ne: 0o17\nf: ~\ng: 2022-02-03\nh: '5'\n") == {
        "a": "NO",
        "b": "10:38",
        "c": "on",
        "d": 755,
        "e": 15,
        "f": None,
        "g": dt.date(2022, 2, 3),
        "h": "5",
    }


def test_a_date_no_calendar_has_stays_text_for_the_model_to_report(records: Path, edit: Edit) -> None:
    assert values("a: 2022-02-30\n") == {"a": "2022-02-30"}
    path = edit("meetings.yaml", "    end: 2022-10-12", "    end: 2022-02-30")
    assert_finding(records, "model/type", path, line_of(path, "end: 2022-02-30"), field="date_end")
    assert "ref/dangling" not in codes(records)  # the rest of meetings.yaml was read


def test_lines_of_keys_and_items() -> None:
    doc, _ = parse_text("items:\n  - id: a\n    names:\n      - x\n      - y\n")
    assert doc is not None
    assert doc.line_of(("items", 0, "names", 1)) == 5
    assert doc.line_of(("items", 0, "missing")) == 2


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",
        "a: &x [1, 2]\nb: *x\n",
        "a: &a [x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: [*c, *c, *c]\n",
    ],
)
def test_anchors_and_aliases_are_refused(text: str) -> None:
    doc, problems = parse_text(text)
    assert doc is None and [p.kind for p in problems] == ["alias"]


def test_an_alias_bomb_is_refused_at_once() -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    doc, problems = parse_text("\n".join(levels) + "\n")
    assert doc is None and problems[0].kind == "alias" and problems[0].line == 2  # the first alias


@pytest.mark.parametrize(
    "text", ["a: !!python/object:os.system {}\n", "a: !!python/tuple [1]\n", "a: !custom x\n", "!!set {a}\n"]
)
def test_tags_outside_the_core_schema_are_refused(text: str) -> None:
    doc, problems = parse_text(text)
    assert doc is None and problems[0].kind == "syntax" and "tag" in problems[0].message


def test_nesting_deeper_than_any_record_is_refused() -> None:
    doc, problems = parse_text("a: " + "[" * 100 + "]" * 100 + "\n")
    assert doc is None and "nesting" in problems[0].message


def test_a_raw_nul_byte_is_a_located_error(records: Path) -> None:
    path = records / "meetings.yaml"
    path.write_bytes(path.read_bytes().replace(b"kind: meeting", b"kind: meet\x00ing"))
    assert_finding(records, "parse/control-character", path, line_of(path, "kind: meet"))


def test_an_escaped_nul_in_a_value_is_an_error_at_its_field(records: Path, edit: Edit) -> None:
    path = edit(
        "meetings.yaml", "    title: Opposition gathering in Vienna", '    title: "Opposition\\0 gathering"'
    )
    assert_finding(records, "parse/control-character", path, line_of(path, "title:"), field="title")


def test_an_oversized_file_is_refused_without_parsing(records: Path) -> None:
    path = records / "claim_relations.yaml"
    path.write_text("claim_relations:\n" + "# padding\n" * 2_000_000, encoding="utf-8")
    finding = assert_finding(records, "parse/unreadable", path, None)
    assert "larger than" in finding.message


def test_a_snapshot_linked_to_another_file_is_not_read(records: Path, tmp_path: Path) -> None:
    secret = tmp_path / "environ"
    secret.write_text("TOKEN=s3cr3t said the meeting was a first step\n", encoding="utf-8")
    snapshot = records / "texts" / "src-example-report.txt"
    snapshot.unlink()
    snapshot.symlink_to(secret)
    found = findings(records)
    assert "s3cr3t" not in json.dumps([f.to_dict() for f in found])
    assert {"parse/unreadable", "evidence/snapshot-missing"} <= {f.code for f in found}


def test_a_registry_linked_to_a_system_file_is_not_read(records: Path) -> None:
    path = records / "tombstones.yaml"
    path.unlink()
    path.symlink_to("/etc/passwd")
    found = findings(records)
    assert "root:" not in json.dumps([f.to_dict() for f in found])
    assert_finding(records, "parse/unreadable", path, None)


@pytest.mark.parametrize("kind", ["folder", "fifo"])
def test_a_folder_or_fifo_named_like_a_records_file_is_reported(records: Path, kind: str) -> None:
    path = records / "tombstones.yaml"
    path.unlink()
    if kind == "folder":
        path.mkdir()
    else:
        os.mkfifo(path)
    assert_finding(records, "parse/unreadable", path, None)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_an_unreadable_sources_folder_is_one_finding_not_many_dangling_references(records: Path) -> None:
    folder = records / "sources"
    folder.chmod(0)
    try:
        found = findings(records)
    finally:
        folder.chmod(0o755)
    assert [f.code for f in found if f.code in ("parse/unreadable", "ref/dangling")] == ["parse/unreadable"]


def test_an_unreadable_sources_folder_is_judged_as_such(
    records: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same as the chmod test, for runs as root: scanning the folder fails."""
    real = os.scandir

    def refuse(path: object) -> object:
        if str(path).endswith("sources"):
            raise PermissionError(13, "Permission denied")
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", refuse)
    found = validate_records(records, today=TODAY).findings
    assert [f.code for f in found if f.code in ("parse/unreadable", "ref/dangling", "ref/orphan")] == [
        "parse/unreadable"
    ]


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_give_problems_never_exceptions(raw: bytes) -> None:
    doc, problems = read_document(raw)
    assert doc is not None or problems


YAML_PIECES = st.sampled_from(
    [
        "a:",
        " ",
        "\n",
        "- ",
        "&x ",
        "*x",
        "!!str ",
        "!!python/object ",
        "[",
        "]",
        "{",
        "}",
        ", ",
        "'",
        '"',
        "#",
        "\t",
        "2022-02-30",
        "~",
        "é",
        "\u200b",
        "\\0",
        "? ",
        ": ",
        "|",
        ">",
        "key: value",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(YAML_PIECES, max_size=60).map("".join))
def test_random_yaml_structures_give_problems_never_exceptions(text: str) -> None:
    doc, problems = parse_text(text)
    assert doc is not None or problems
