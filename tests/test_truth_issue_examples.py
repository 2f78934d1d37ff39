"""The mistakes issue 14 planted in the bundled records, each reported by `validate --strict`."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from afghan_dialogues.paths import records_dir
from afghan_dialogues.validate.runner import validate_records
from conftest import TODAY


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    copy = tmp_path / "records"
    shutil.copytree(records_dir(), copy)
    assert not validate_records(copy, today=TODAY).failed(strict=True)
    return copy


def found(records: Path) -> set[tuple[str, str | None]]:
    report = validate_records(records, today=TODAY)
    assert report.failed(strict=True)
    return {(f.code, f.record_id) for f in report.findings}


def block(text: str, record_id: str) -> str:
    """One record of a registry file, from its `- id:` line to the next record."""
    match = re.search(rf"^  - id: {re.escape(record_id)}\n(?:(?!  - ).*\n)*", text, re.MULTILINE)
    assert match is not None, record_id
    return match.group(0)


def test_the_tehran_talks_recorded_a_second_time_under_a_new_id(bundled: Path) -> None:
    path = bundled / "meetings.yaml"
    text = path.read_text(encoding="utf-8")
    talks = block(text, "mtg-iran-2022-01-taliban-opposition-talks")
    again = talks.replace("mtg-iran-2022-01-taliban-opposition-talks", "mtg-tehran-talks-2022-01")
    path.write_text(text + again.replace("    title: Talks", "    title: Tehran talks"), encoding="utf-8")
    assert ("truth/duplicate-meeting", "mtg-tehran-talks-2022-01") in found(bundled)


def test_a_source_missing_from_a_meeting_its_own_claims_point_to(bundled: Path) -> None:
    path = bundled / "meetings.yaml"
    text = path.read_text(encoding="utf-8")
    talks = block(text, "mtg-iran-2022-01-taliban-opposition-talks")
    path.write_text(
        text.replace(talks, talks.replace("      - src-nationpress-anti-taliban-consensus\n", "", 1)),
        encoding="utf-8",
    )
    assert ("truth/meeting-source-missing", "mtg-iran-2022-01-taliban-opposition-talks") in found(bundled)


def test_a_templates_archived_as_left_in_place_is_another_sources_capture(bundled: Path) -> None:
    path = bundled / "sources" / "src-hosseini-massoud-russia-trip.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("archived_as: 004_5b2b17215af367d2.txt", "archived_as: 001_ac3961389abcd1c8.txt"),
        encoding="utf-8",
    )
    assert ("truth/one-document-two-sources", "src-hosseini-massoud-russia-trip") in found(bundled)


def test_outside_reports_whose_references_were_dropped(bundled: Path) -> None:
    path = bundled / "meetings.yaml"
    text = path.read_text(encoding="utf-8")
    meeting = block(text, "mtg-hsd-dushanbe-2023")
    path.write_text(text.replace(meeting, meeting.split("    references:\n")[0]), encoding="utf-8")
    assert ("truth/outside-knowledge-uncited", "mtg-hsd-dushanbe-2023") in found(bundled)
