"""Meetings recorded twice, and meetings missing the sources that speak of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from afghan_dialogues.datamodel.enums import MeetingKind
from afghan_dialogues.validate.rules import meetings as meetings_rule
from afghan_dialogues.validate.rules.meetings import COMPATIBLE_KINDS
from helpers import Edit, assert_finding, codes, findings, line_of, only
from second_source import SECOND, second_source

DUPLICATE = "truth/duplicate-meeting"
SOURCES_END = "    source_ids:\n      - src-example-report\n"


def add_meeting(
    edit: Edit,
    *,
    mid: str = "mtg-vienna-talks",
    kind: str = "talks",
    dates: str = "start: 2022-10-11\n      end: 2022-10-13",
    place: str = "    city: Vienna\n    country: AT\n",
    source: str = "src-example-report",
    extra: str = "",
) -> Path:
    """Append a second meeting to meetings.yaml (after the fixture's Vienna meeting)."""
    bounds = f"      {dates}\n" if dates else ""
    return edit(
        "meetings.yaml",
        SOURCES_END,
        f"{SOURCES_END}  - id: {mid}\n    title: Talks in Vienna\n    kind: {kind}\n    status: held\n"
        f"    date:\n      as_written: mid-October 2022\n{bounds}      precision: range\n"
        f"      certainty: approximate\n      note: Around the gathering.\n{place}"
        f"    description: Talks.\n    source_ids:\n      - {source}\n{extra}",
    )


def test_the_later_of_two_meetings_is_reported_naming_the_first(records: Path, edit: Edit) -> None:
    path = add_meeting(edit)
    finding = assert_finding(
        records, DUPLICATE, path, line_of(path, "- id: mtg-vienna-talks"), record_id="mtg-vienna-talks"
    )
    assert "mtg-vienna-2022-10" in finding.message and "src-example-report" in finding.message
    assert finding.hint is not None and f"{path}:{line_of(path, '- id: mtg-vienna-2022-10')}" in finding.hint


def test_distinct_from_on_either_side_silences_it(records: Path, edit: Edit) -> None:
    add_meeting(edit, extra="    distinct_from:\n      - mtg-vienna-2022-10\n")
    assert DUPLICATE not in codes(records)


def test_distinct_from_on_the_first_meeting_silences_it(records: Path, edit: Edit) -> None:
    add_meeting(edit)
    edit(
        "meetings.yaml",
        "    country: AT\n",
        "    country: AT\n    distinct_from:\n      - mtg-vienna-talks\n",
    )
    assert DUPLICATE not in codes(records)


def test_talks_within_a_visit_are_not_its_duplicate(records: Path, edit: Edit) -> None:
    add_meeting(edit, extra="    part_of_id: mtg-vienna-2022-10\n")
    assert DUPLICATE not in codes(records)


def test_a_meeting_two_levels_down_the_part_of_chain_is_not_a_duplicate(records: Path, edit: Edit) -> None:
    add_meeting(edit, extra="    part_of_id: mtg-vienna-2022-10\n")
    add_meeting(edit, mid="mtg-vienna-side-talks", extra="    part_of_id: mtg-vienna-talks\n")
    assert DUPLICATE not in codes(records)


def test_two_talks_within_one_visit_are_compared(records: Path, edit: Edit) -> None:
    add_meeting(edit, extra="    part_of_id: mtg-vienna-2022-10\n")
    add_meeting(edit, mid="mtg-vienna-talks-again", extra="    part_of_id: mtg-vienna-2022-10\n")
    found = [f for f in findings(records) if f.code == DUPLICATE]  # the second one is written first
    assert [(f.record_id, "'mtg-vienna-talks-again'" in f.message) for f in found] == [
        ("mtg-vienna-talks", True)
    ]


@pytest.mark.parametrize(
    ("kind", "reported"),
    [("meeting", True), ("talks", True), ("conference", True), ("visit", True), ("online_conference", False)],
)
def test_kinds_are_compared_by_the_compatibility_table(
    records: Path, edit: Edit, kind: str, reported: bool
) -> None:
    add_meeting(edit, kind=kind)  # the fixture's meeting is of kind 'meeting'
    assert (DUPLICATE in codes(records)) is reported


def test_a_visit_is_not_a_conference(records: Path, edit: Edit) -> None:
    edit("meetings.yaml", "    kind: meeting\n", "    kind: conference\n")
    add_meeting(edit, kind="visit")
    assert DUPLICATE not in codes(records)


def test_the_compatibility_table_covers_every_kind_and_is_symmetric() -> None:
    assert set(COMPATIBLE_KINDS) == {k.value for k in MeetingKind}
    for kind, others in COMPATIBLE_KINDS.items():
        assert kind in others
        assert all(kind in COMPATIBLE_KINDS[other] for other in others), kind


@pytest.mark.parametrize(
    ("place", "reported"),
    [
        ("    city: vienna\n    country: AT\n", True),  # city names compared without case
        ("    city: Vienna\n", True),  # one country unknown
        ("    country: AT\n", True),  # one city unknown: same country
        ("", True),  # no place at all: cannot be told apart
        ("    city: Graz\n    country: AT\n", False),
        ("    country: DE\n", False),
        ("    city: Vienna\n    country: US\n", False),
        ("    online: true\n", False),
    ],
)
def test_places_are_compared_as_far_as_they_are_known(
    records: Path, edit: Edit, place: str, reported: bool
) -> None:
    add_meeting(edit, place=place)
    assert (DUPLICATE in codes(records)) is reported


def test_two_online_meetings_are_in_one_place(records: Path, edit: Edit) -> None:
    edit("meetings.yaml", "    city: Vienna\n    country: AT\n", "    online: true\n")
    add_meeting(edit, kind="meeting", place="    online: true\n")
    assert DUPLICATE in codes(records)


@pytest.mark.parametrize(
    ("dates", "reported"),
    [
        ("start: 2022-10-12\n      end: 2022-10-12", True),
        ("start: 2022-10-13\n      end: 2022-10-14", False),
        ("start: 2022-10-01\n      end: 2022-10-11", False),
        ("end: 2022-10-20", True),  # open start: overlaps everything before the 20th
        ("start: 2022-10-12", True),  # open end
        ("start: 2022-10-13", False),  # open end, but after the first meeting
        ("end: 2022-10-11", False),
    ],
)
@pytest.mark.parametrize("hub", [meetings_rule._HUB, 1], ids=["joined", "swept"])
def test_dates_overlap_with_open_bounds_read_generously(  # noqa: PLR0917 (pytest parameters)
    records: Path, edit: Edit, dates: str, reported: bool, hub: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(meetings_rule, "_HUB", hub)  # keys shared by more meetings are swept by date
    add_meeting(edit, dates=dates)
    assert (DUPLICATE in codes(records)) is reported


def test_a_meeting_without_any_date_bound_is_not_compared(records: Path, edit: Edit) -> None:
    add_meeting(edit, dates="")
    found = codes(records)
    assert "model/date-bounds" in found and DUPLICATE not in found


def test_meetings_sharing_neither_participant_nor_source_are_not_compared(records: Path, edit: Edit) -> None:
    for rel, text in second_source():
        (records / rel).write_text(text, encoding="utf-8")
    add_meeting(edit, source=SECOND)
    assert DUPLICATE not in codes(records)


def test_a_shared_participant_is_enough(records: Path, edit: Edit) -> None:
    for rel, text in second_source():
        (records / rel).write_text(text, encoding="utf-8")
    add_meeting(edit, source=SECOND)
    edit(
        "participants.yaml",
        "      - src-example-report\n",
        "      - src-example-report\n  - meeting_id: mtg-vienna-talks\n    actor_id: act-ahmad-massoud\n"
        f"    role: attendee\n    source_ids:\n      - {SECOND}\n",
    )
    finding = only(records, DUPLICATE)
    assert "act-ahmad-massoud" in finding.message and "src-" not in finding.message


# -- evidence -----------------------------------------------------------------------------------

MISSING = "truth/meeting-source-missing"
SILENT = "truth/participation-source-silent"


def test_a_source_whose_claims_point_at_a_meeting_must_be_listed(records: Path) -> None:
    for rel, text in second_source(meeting_ids="[mtg-vienna-2022-10]"):
        (records / rel).write_text(text, encoding="utf-8")
    path = records / "meetings.yaml"
    finding = assert_finding(
        records,
        MISSING,
        path,
        line_of(path, "source_ids:"),
        record_id="mtg-vienna-2022-10",
        field="source_ids",
    )
    assert f"{SECOND}'s claims point at this meeting but it does not list {SECOND}" in finding.message
    assert "clm-second-001" in finding.message


def test_listing_the_source_on_the_meeting_settles_it(records: Path, edit: Edit) -> None:
    for rel, text in second_source(meeting_ids="[mtg-vienna-2022-10]"):
        (records / rel).write_text(text, encoding="utf-8")
    edit("meetings.yaml", SOURCES_END, f"{SOURCES_END}      - {SECOND}\n")
    assert MISSING not in codes(records)


def test_a_claim_about_a_meeting_that_does_not_exist_is_left_to_the_reference_check(
    records: Path,
) -> None:
    for rel, text in second_source(meeting_ids="[mtg-nowhere]"):
        (records / rel).write_text(text, encoding="utf-8")
    found = codes(records)
    assert "ref/dangling" in found and MISSING not in found


def test_a_participation_source_must_speak_of_the_meeting(records: Path, edit: Edit) -> None:
    for rel, text in second_source():
        (records / rel).write_text(text, encoding="utf-8")
    path = edit(
        "participants.yaml", "      - src-example-report\n", f"      - src-example-report\n      - {SECOND}\n"
    )
    finding = assert_finding(records, SILENT, path, line_of(path, f"- {SECOND}"), field="source_ids")
    assert "mtg-vienna-2022-10" in finding.message


def test_a_participation_source_with_claims_about_the_meeting_is_the_meetings_omission(
    records: Path, edit: Edit
) -> None:
    for rel, text in second_source(meeting_ids="[mtg-vienna-2022-10]"):
        (records / rel).write_text(text, encoding="utf-8")
    edit(
        "participants.yaml", "      - src-example-report\n", f"      - src-example-report\n      - {SECOND}\n"
    )
    found = codes(records)
    assert MISSING in found and SILENT not in found


def test_a_participation_source_listed_by_the_meeting_is_evidence(records: Path, edit: Edit) -> None:
    for rel, text in second_source():
        (records / rel).write_text(text, encoding="utf-8")
    edit(
        "participants.yaml", "      - src-example-report\n", f"      - src-example-report\n      - {SECOND}\n"
    )
    edit("meetings.yaml", SOURCES_END, f"{SOURCES_END}      - {SECOND}\n")
    assert SILENT not in codes(records)
