"""Layer 3: one record per id, one row per relationship key, one actor per spelling."""

from __future__ import annotations

from pathlib import Path

from helpers import Edit, assert_finding, codes, findings, line_of

EXTRA_ACTOR = """\
  - id: {id}
    name: {name}
    kind: person
    names:
      - spelling: {spelling}
        source_ids:
          - src-example-report
    description: Someone.
"""


def _add_actor(records: Path, **fields: str) -> Path:
    path = records / "actors.yaml"
    path.write_text(path.read_text(encoding="utf-8") + EXTRA_ACTOR.format(**fields), encoding="utf-8")
    return path


def test_duplicate_id_within_a_registry(records: Path) -> None:
    path = records / "meetings.yaml"
    meetings = path.read_text(encoding="utf-8")
    block = meetings[meetings.index("  - id:") :]
    path.write_text(meetings + block, encoding="utf-8")
    finding = assert_finding(
        records, "identity/duplicate-id", path, line_of(path, "- id: mtg-vienna-2022-10", 2)
    )
    assert f"meetings.yaml:{line_of(path, '- id: mtg-vienna-2022-10')}" in str(finding.hint)


def test_duplicate_relationship_key(records: Path) -> None:
    path = records / "participants.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + text[text.index("  - meeting_id") :], encoding="utf-8")
    assert_finding(records, "identity/duplicate-key", path, line_of(path, "- meeting_id", 2))


def test_one_spelling_for_two_actors(records: Path) -> None:
    path = _add_actor(records, id="act-ahmad-other", name="Ahmad Other", spelling="Ahmad Masoud")
    finding = assert_finding(
        records, "identity/alias-collision", path, line_of(path, "spelling: Ahmad Masoud", 2)
    )
    assert "act-ahmad-massoud" in finding.message


def test_actors_whose_names_normalize_alike(records: Path) -> None:
    path = _add_actor(records, id="act-aly-exampel", name="Aly Exampel", spelling="Aly Exampel")
    finding = assert_finding(
        records, "identity/likely-duplicate-actor", path, line_of(path, "name: Aly Exampel")
    )
    assert "act-ali-example" in finding.message and "act-aly-exampel" in finding.message


def test_distinct_from_silences_a_known_lookalike(records: Path) -> None:
    path = _add_actor(records, id="act-aly-exampel", name="Aly Exampel", spelling="Aly Exampel")
    path.write_text(
        path.read_text(encoding="utf-8") + "    distinct_from:\n      - act-ali-example\n", encoding="utf-8"
    )
    assert "identity/likely-duplicate-actor" not in codes(records)


def test_duplicate_id_across_files(records: Path) -> None:
    first = records / "sources" / "src-example-report.yaml"
    second = records / "sources" / "src-example-second.yaml"
    second.write_text(
        first.read_text(encoding="utf-8").replace("id: src-example-report", "id: src-example-second"),
        encoding="utf-8",
    )
    (records / "texts" / "src-example-second.txt").write_bytes(
        (records / "texts" / "src-example-report.txt").read_bytes()
    )
    found = [f for f in findings(records) if f.code == "identity/duplicate-id"]
    assert [(f.record_id, f.line) for f in found] == [
        ("clm-example-001", line_of(second, "- id: clm-example-001")),
        ("clm-example-002", line_of(second, "- id: clm-example-002")),
    ]
    assert all(Path(str(f.file)).resolve() == second.resolve() for f in found)
    assert f"src-example-report.yaml:{line_of(first, '- id: clm-example-001')}" in str(found[0].hint)


def test_an_id_whose_prefix_names_another_table_is_a_bad_id_not_a_duplicate(records: Path) -> None:
    path = records / "actors.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "  - id: mtg-vienna-2022-10\n    name: Wrong\n    kind: person\n    description: Wrong.\n",
        encoding="utf-8",
    )
    assert codes(records) == ["model/bad-id"]


def test_retired_id_still_used_as_a_live_record(records: Path, edit: Edit) -> None:
    path = edit("tombstones.yaml", "  - id: act-ahmad-masoud", "  - id: act-ali-example")
    assert_finding(records, "identity/tombstone-in-use", path, line_of(path, "- id: act-ali-example"))
