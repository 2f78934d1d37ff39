"""Layer 6: dates consistent with themselves, their calendar and their sources."""

from __future__ import annotations

from pathlib import Path

from helpers import Edit, assert_finding, codes, line_of

SOURCE = "sources/src-example-report.yaml"

HIJRI = """\
    date:
      as_written: on the 12th
      calendar: solar_hijri
      original: '1402-09-12'
      start: {start}
      end: {end}
      precision: day
      certainty: inferred
      note: Solar Hijri day of the publication month.
"""
GREGORIAN = """\
    date:
      as_written: 12 October 2022
      start: 2022-10-12
      end: 2022-10-12
      precision: day
      certainty: stated
"""


def test_end_before_start(records: Path, edit: Edit) -> None:
    path = edit("meetings.yaml", "      end: 2022-10-12", "      end: 2022-10-02")
    assert_finding(records, "time/end-before-start", path, line_of(path, "end: 2022-10-02"))


def test_claim_stated_after_its_source_was_published(records: Path, edit: Edit) -> None:
    stated = "      start: 2022-10-12\n      end: 2022-10-12\n      precision: day\n      certainty: stated"
    path = edit(SOURCE, stated, stated.replace("2022-10-12", "2022-10-20"))
    assert_finding(records, "time/stated-after-published", path, line_of(path, "start: 2022-10-20"))


def test_held_meeting_dated_after_the_source_that_reports_it(records: Path, edit: Edit) -> None:
    path = edit("meetings.yaml", GREGORIAN, GREGORIAN.replace("2022-10-12", "2022-12-12"))
    assert_finding(records, "time/held-after-report", path, line_of(path, "- src-example-report"))


def test_planned_meeting_may_be_after_the_report(records: Path, edit: Edit) -> None:
    edit("meetings.yaml", GREGORIAN, GREGORIAN.replace("2022-10-12", "2022-12-12"))
    edit("meetings.yaml", "status: held", "status: planned")
    assert "time/held-after-report" not in codes(records)


def test_solar_hijri_date_is_reconverted(records: Path, edit: Edit) -> None:
    edit(SOURCE, "start: 2022-10-13\n    end: 2022-10-13", "start: 2023-12-06\n    end: 2023-12-06")
    edit("meetings.yaml", GREGORIAN, HIJRI.format(start="2023-12-03", end="2023-12-03"))
    assert "time/calendar-mismatch" not in codes(records)


def test_hijri_date_whose_gregorian_bounds_do_not_match(records: Path, edit: Edit) -> None:
    edit(SOURCE, "start: 2022-10-13\n    end: 2022-10-13", "start: 2023-12-06\n    end: 2023-12-06")
    path = edit("meetings.yaml", GREGORIAN, HIJRI.format(start="2023-12-12", end="2023-12-12"))
    finding = assert_finding(records, "time/calendar-mismatch", path, line_of(path, "start: 2023-12-12"))
    assert finding.hint == "set start: 2023-12-03 and end: 2023-12-03"


def test_hijri_day_that_does_not_exist(records: Path, edit: Edit) -> None:
    path = edit(
        "meetings.yaml",
        GREGORIAN,
        HIJRI.format(start="2023-12-03", end="2023-12-03").replace("1402-09-12", "1402-12-31"),
    )
    assert_finding(records, "time/calendar-mismatch", path, line_of(path, "original:"))


def test_publication_in_the_future(records: Path, edit: Edit) -> None:
    path = edit(SOURCE, "start: 2022-10-13\n    end: 2022-10-13", "start: 2027-10-13\n    end: 2027-10-13")
    assert_finding(records, "time/in-future", path, line_of(path, "start: 2027-10-13"))
