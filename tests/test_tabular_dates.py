"""Hijri conversions shared by both validators: fast after the first date of a year, identical
to convertdate's own results, and a finding (never a crash) for dates no calendar can hold."""

from __future__ import annotations

from pathlib import Path

import pytest
from convertdate import persian

from afghan_dialogues.datamodel.calendars import CalendarError, gregorian_bounds
from afghan_dialogues.datamodel.enums import Calendar
from afghan_dialogues.dataset import Dataset
from afghan_dialogues.exports.writer import write_package
from afghan_dialogues.validate.runner import validate_package, validate_records
from conftest import TODAY
from helpers import Edit


def test_remembered_equinoxes_give_convertdates_own_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    months = [(year, month) for year in (1399, 1402, 1404) for month in (1, 6, 7, 12)]
    fast = [gregorian_bounds(Calendar.solar_hijri, f"{y}-{m:02d}")[0] for y, m in months]
    monkeypatch.setattr(persian, "equinox_jd", persian.equinox_jd.__wrapped__)
    slow = [persian.to_gregorian(y, m, 1) for y, m in months]
    assert [(d.year, d.month, d.day) for d in fast] == slow


def test_azar_1402_is_the_one_the_records_use() -> None:
    first, last = gregorian_bounds(Calendar.solar_hijri, "1402-09-12")
    assert first.isoformat() == last.isoformat() == "2023-12-03"


@pytest.mark.parametrize("original", ["9999-01-01", "9999"])
@pytest.mark.parametrize("calendar", [Calendar.solar_hijri, Calendar.lunar_hijri])
def test_a_year_beyond_the_gregorian_range_is_a_calendar_error(calendar: Calendar, original: str) -> None:
    with pytest.raises(CalendarError, match="outside the Gregorian years"):
        gregorian_bounds(calendar, original)


def test_both_validators_report_an_impossible_hijri_year_instead_of_crashing(
    records: Path, edit: Edit, tmp_path: Path
) -> None:
    report = validate_records(records, today=TODAY)
    assert report.loaded is not None
    release = tmp_path / "package"
    write_package(Dataset.from_loaded(report.loaded), release)
    edit(
        "meetings.yaml",
        "      as_written: 12 October 2022\n",
        "      as_written: 12 October 2022\n      calendar: solar_hijri\n      original: '9999-01-01'\n"
        "      note: Misread.\n",
    )
    assert [f.code for f in validate_records(records, today=TODAY).findings] == ["time/calendar-mismatch"]
    path = release / "csv" / "meetings.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "day,stated,gregorian,,", "day,stated,solar_hijri,9999-01-01,"
        ),
        encoding="utf-8",
        newline="",
    )
    (release / "parquet" / "meetings.parquet").unlink()
    codes = [f.code for f in validate_package(release, today=TODAY).findings]
    assert codes == ["model/date-note-missing", "time/calendar-mismatch"]
