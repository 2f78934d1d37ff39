"""Hijri dates convert through the calendar library, and validate re-derives them."""

from __future__ import annotations

import datetime as dt

import pytest
from convertdate import islamic, persian
from hypothesis import given, settings
from hypothesis import strategies as st

from afghan_dialogues.datamodel.calendars import CalendarError, gregorian_bounds
from afghan_dialogues.datamodel.enums import Calendar


@pytest.mark.parametrize(
    ("original", "start", "end"),
    [
        ("1402-09-01", dt.date(2023, 11, 22), dt.date(2023, 11, 22)),  # 1 Azar 1402
        ("1402-09-12", dt.date(2023, 12, 3), dt.date(2023, 12, 3)),
        ("1402-09", dt.date(2023, 11, 22), dt.date(2023, 12, 21)),
        ("1402", dt.date(2023, 3, 21), dt.date(2024, 3, 19)),  # Nowruz to Nowruz
    ],
)
def test_solar_hijri_bounds(original: str, start: dt.date, end: dt.date) -> None:
    assert gregorian_bounds(Calendar.solar_hijri, original) == (start, end)


def test_nonexistent_day_is_refused() -> None:
    with pytest.raises(CalendarError):
        gregorian_bounds(Calendar.solar_hijri, "1402-12-31")
    with pytest.raises(CalendarError):
        gregorian_bounds(Calendar.lunar_hijri, "1445-13")


@settings(max_examples=60, deadline=None)
@given(day=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2050, 12, 31)))
def test_any_gregorian_day_round_trips_through_both_hijri_calendars(day: dt.date) -> None:
    for calendar, module in ((Calendar.solar_hijri, persian), (Calendar.lunar_hijri, islamic)):
        year, month, mday = module.from_gregorian(day.year, day.month, day.day)
        original = f"{year:04d}-{month:02d}-{mday:02d}"
        assert gregorian_bounds(calendar, original) == (day, day)


@settings(max_examples=30, deadline=None)
@given(year=st.integers(1330, 1430), month=st.integers(1, 12))
def test_solar_hijri_month_bounds_are_contiguous(year: int, month: int) -> None:
    start, end = gregorian_bounds(Calendar.solar_hijri, f"{year}-{month:02d}")
    nxt = f"{year + (month == 12)}-{month % 12 + 1:02d}"
    assert gregorian_bounds(Calendar.solar_hijri, nxt)[0] == end + dt.timedelta(days=1)
    assert start <= end
