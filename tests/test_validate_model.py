"""Layer 2: every record against its model, with the line of the offending key."""

from __future__ import annotations

from pathlib import Path

from helpers import Edit, assert_finding, codes, line_of


def test_unknown_key_suggests_the_closest_field(records: Path, edit: Edit) -> None:
    path = edit("meetings.yaml", "    city: Vienna\n", "    citty: Vienna\n")
    finding = assert_finding(
        records, "model/unknown-field", path, line_of(path, "citty"), record_id="mtg-vienna-2022-10"
    )
    assert finding.hint == "did you mean 'city'?"


def test_missing_required_field_points_at_the_record(records: Path, edit: Edit) -> None:
    path = edit("meetings.yaml", "    title: Opposition gathering in Vienna\n", "")
    finding = assert_finding(records, "model/missing-field", path, line_of(path, "- id: mtg-vienna"))
    assert finding.field == "title"


def test_wrong_type_names_what_was_found(records: Path, edit: Edit) -> None:
    path = edit("meetings.yaml", "    city: Vienna\n", "    city: 1234\n")
    finding = assert_finding(records, "model/type", path, line_of(path, "city: 1234"), field="city")
    assert "a number" in finding.message


def test_strict_model_does_not_coerce_text_to_boolean(records: Path, edit: Edit) -> None:
    path = edit("meetings.yaml", "    city: Vienna\n", "    city: Vienna\n    online: 'yes'\n")
    assert_finding(records, "model/type", path, line_of(path, "online:"), field="online")


def test_value_outside_an_enum_lists_the_allowed_values(records: Path, edit: Edit) -> None:
    path = edit("meetings.yaml", "    status: held\n", "    status: happened\n")
    finding = assert_finding(records, "model/value", path, line_of(path, "status: happened"))
    assert "planned" in str(finding.hint)


def test_id_with_wrong_prefix(records: Path, edit: Edit) -> None:
    path = edit("meetings.yaml", "  - id: mtg-vienna-2022-10", "  - id: act-vienna-2022-10")
    finding = assert_finding(records, "model/bad-id", path, line_of(path, "id: act-vienna"))
    assert "'mtg-'" in finding.message


def test_id_with_zero_width_character(records: Path, edit: Edit) -> None:
    path = edit("actors.yaml", "  - id: act-ali-example", "  - id: act-ali\u200b-example")
    finding = assert_finding(records, "model/bad-id", path, line_of(path, "act-ali\u200b-example"))
    assert "U+200B" in finding.message and "invisible" in finding.message


def test_id_with_lookalike_cyrillic_letter(records: Path, edit: Edit) -> None:
    path = edit("actors.yaml", "  - id: act-ali-example", "  - id: \u0430ct-ali-example")
    finding = assert_finding(records, "model/bad-id", path, line_of(path, "ct-ali-example"))
    assert "CYRILLIC" in finding.message and "looks like 'a'" in finding.message


def test_reference_with_wrong_prefix_is_a_bad_id(records: Path, edit: Edit) -> None:
    path = edit("participants.yaml", "    actor_id: act-ahmad-massoud", "    actor_id: mtg-ahmad-massoud")
    finding = assert_finding(records, "model/bad-id", path, line_of(path, "actor_id: mtg-"))
    assert "'act-'" in finding.message


def test_claim_without_speaker_in_a_source_with_a_publisher(records: Path, edit: Edit) -> None:
    path = edit("sources/src-example-report.yaml", "    speaker_id: act-ali-example\n", "")
    assert_finding(records, "model/speaker-missing", path, line_of(path, "- id: clm-example-002"))


def test_unnamed_speaker_is_allowed_with_a_note(records: Path, edit: Edit) -> None:
    path = edit(
        "sources/src-example-report.yaml",
        "    speaker_id: act-ali-example\n",
        "    note: The source credits an unnamed participant.\n",
    )
    assert "model/speaker-missing" not in codes(records), path


def test_inferred_date_needs_a_note(records: Path, edit: Edit) -> None:
    path = edit(
        "sources/src-example-report.yaml",
        "    note: Dateline day plus one; the report describes the meeting as past.\n",
        "",
    )
    assert_finding(
        records,
        "model/date-note-missing",
        path,
        line_of(path, "certainty: inferred"),
        field="published_certainty",
    )


def test_week_precision_needs_seven_days(records: Path, edit: Edit) -> None:
    path = edit(
        "meetings.yaml",
        "      end: 2022-10-12\n      precision: day",
        "      end: 2022-10-14\n      precision: week",
    )
    assert_finding(records, "model/date-bounds", path, line_of(path, "precision: week"))


def test_month_precision_needs_whole_month(records: Path, edit: Edit) -> None:
    path = edit("meetings.yaml", "      precision: day", "      precision: month")
    finding = assert_finding(records, "model/date-bounds", path, line_of(path, "precision: month"))
    assert "2022-10-01 to 2022-10-31" in str(finding.hint)


def test_date_without_bounds(records: Path, edit: Edit) -> None:
    path = edit(
        "meetings.yaml",
        "      start: 2022-10-12\n      end: 2022-10-12\n      precision: day",
        "      precision: range",
    )
    assert_finding(records, "model/date-bounds", path, line_of(path, "date:"))
