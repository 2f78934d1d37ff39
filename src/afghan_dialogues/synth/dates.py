"""Reported dates as sources write them, flattened to the published columns.

Hijri dates are never computed by hand: the Gregorian days of every Hijri month in the
synthetic period come from `schema.calendars.gregorian_bounds` (the same conversion `validate`
re-checks with), and a Gregorian day is looked up in that table to find how an Afghan or
Iranian outlet would have written it.
"""

from __future__ import annotations

import calendar as gregorian_calendar
import datetime as dt
from functools import cache
from typing import Any

from afghan_dialogues.datamodel.calendars import gregorian_bounds
from afghan_dialogues.datamodel.enums import Calendar
from afghan_dialogues.synth import vocabulary as V

DateParts = dict[str, Any]
"""{start, end, precision, certainty, calendar, original, as_written, note}."""

FIRST_DAY = dt.date(2021, 9, 1)
LAST_DAY = dt.date(2025, 6, 30)
_HIJRI_YEARS = {Calendar.solar_hijri: range(1399, 1406), Calendar.lunar_hijri: range(1442, 1449)}
_MONTH_NAMES = {Calendar.solar_hijri: V.SOLAR_HIJRI_MONTHS, Calendar.lunar_hijri: V.LUNAR_HIJRI_MONTHS}


@cache
def _hijri_days(calendar: Calendar) -> dict[dt.date, tuple[int, int, int]]:
    """Gregorian day -> (year, month, day) in `calendar`, for the synthetic period."""
    days: dict[dt.date, tuple[int, int, int]] = {}
    for year in _HIJRI_YEARS[calendar]:
        for month in range(1, 13):
            first, last = gregorian_bounds(calendar, f"{year}-{month:02d}")
            for offset in range((last - first).days + 1):
                days[first + dt.timedelta(days=offset)] = (year, month, offset + 1)
    return days


def hijri(calendar: Calendar, day: dt.date) -> tuple[int, int, int]:
    """The Hijri date of a Gregorian day in the synthetic period."""
    return _hijri_days(calendar)[day]


def parts(
    start: dt.date | None,
    end: dt.date | None,
    precision: str,
    certainty: str,
    as_written: str,
    *,
    note: str | None = None,
    calendar: Calendar = Calendar.gregorian,
    original: str | None = None,
) -> DateParts:
    """A reported date as its eight flat parts."""
    return {
        "start": start,
        "end": end,
        "precision": precision,
        "certainty": certainty,
        "calendar": calendar.value,
        "original": original,
        "as_written": as_written,
        "note": note,
    }


def written(day: dt.date) -> str:
    """'12 October 2022'."""
    return f"{day.day} {V.GREGORIAN_MONTHS[day.month - 1]} {day.year}"


def stated_day(day: dt.date) -> DateParts:
    """A Gregorian day the source states outright."""
    return parts(day, day, "day", "stated", written(day))


def weekday_before(day: dt.date, published: dt.date) -> DateParts:
    """'on Monday': the weekday before publication, resolved against the publication date."""
    name = V.WEEKDAYS[day.weekday()]
    note = f"The {name} before publication ({published.isoformat()})."
    return parts(day, day, "day", "inferred", f"on {name}", note=note)


def hijri_day(calendar: Calendar, day: dt.date, *, inferred: bool) -> DateParts:
    """A day written in a Hijri calendar: '21 Mizan 1401' (stated) or 'on the 21st' (inferred)."""
    year, month, mday = hijri(calendar, day)
    label = calendar.value.replace("_", " ").title()
    original = f"{year:04d}-{month:02d}-{mday:02d}"
    if inferred:
        note = (
            f"{label} day {mday} of {_MONTH_NAMES[calendar][month - 1]} {year}: a Gregorian reading "
            "would fall after the publication date."
        )
        return parts(
            day,
            day,
            "day",
            "inferred",
            f"on the {_ordinal(mday)}",
            note=note,
            calendar=calendar,
            original=original,
        )
    note = f"{label} date as the source prints it."
    as_written = f"{mday} {_MONTH_NAMES[calendar][month - 1]} {year}"
    return parts(day, day, "day", "stated", as_written, note=note, calendar=calendar, original=original)


def hijri_month(calendar: Calendar, day: dt.date) -> DateParts:
    """The Hijri month holding `day`: 'in Mizan 1401'."""
    year, month, _ = hijri(calendar, day)
    original = f"{year:04d}-{month:02d}"
    start, end = gregorian_bounds(calendar, original)
    label = calendar.value.replace("_", " ").title()
    as_written = f"in {_MONTH_NAMES[calendar][month - 1]} {year}"
    return parts(
        start,
        end,
        "month",
        "stated",
        as_written,
        note=f"{label} month.",
        calendar=calendar,
        original=original,
    )


def week_of(day: dt.date, published: dt.date) -> DateParts:
    """'last week': the Monday-to-Sunday week holding `day`, which the caller takes from the
    week before the one of publication (`validate` re-derives it from the publication date)."""
    monday = day - dt.timedelta(days=day.weekday())
    note = f"The week before publication ({published.isoformat()})."
    return parts(monday, monday + dt.timedelta(days=6), "week", "inferred", "last week", note=note)


def week_named(day: dt.date) -> DateParts:
    """'in the week of 10 October 2022': the Monday-to-Sunday week holding `day`."""
    monday = day - dt.timedelta(days=day.weekday())
    return parts(monday, monday + dt.timedelta(days=6), "week", "stated", f"in the week of {written(monday)}")


def month_of(day: dt.date) -> DateParts:
    """'in October 2022'."""
    last = gregorian_calendar.monthrange(day.year, day.month)[1]
    as_written = f"in {V.GREGORIAN_MONTHS[day.month - 1]} {day.year}"
    return parts(day.replace(day=1), day.replace(day=last), "month", "stated", as_written)


def span(first: dt.date, last: dt.date) -> DateParts:
    """A multi-day event: 'from 10 to 12 October 2022'."""
    return parts(first, last, "range", "stated", f"from {written(first)} to {written(last)}")


def since(day: dt.date) -> DateParts:
    """An open-ended period: 'since October 2022'."""
    as_written = f"since {V.GREGORIAN_MONTHS[day.month - 1]} {day.year}"
    note = "Open-ended: the source gives only the beginning."
    return parts(day.replace(day=1), None, "range", "approximate", as_written, note=note)


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
