"""Gregorian bounds of dates written in the Solar or Lunar Hijri calendar.

Conversions go through `convertdate` (astronomical Solar Hijri, as Afghanistan and Iran reckon
it; arithmetical Lunar Hijri) rather than hand-written arithmetic. A Lunar Hijri day may differ by a
day or two from the locally sighted calendar; records say so in the date's note.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache, lru_cache

from convertdate import islamic, persian

from afghan_dialogues.datamodel.enums import Calendar

# convertdate finds the Solar Hijri new year by computing the March equinox with pymeeus, several
# times per conversion (~40 ms a date). The equinox is a pure function of the Gregorian year, so
# remembering it makes every later conversion in that year ~1000x faster with identical results:
# what lets a package with thousands of distinct Hijri dates validate in seconds.
persian.equinox_jd = cache(persian.equinox_jd)

_Converter = Callable[[int, int, int], tuple[int, int, int]]

_TO_GREGORIAN: dict[Calendar, _Converter] = {
    Calendar.solar_hijri: persian.to_gregorian,
    Calendar.lunar_hijri: islamic.to_gregorian,
}
_MONTH_LENGTH: dict[Calendar, Callable[[int, int], int]] = {
    Calendar.solar_hijri: persian.month_length,
    Calendar.lunar_hijri: islamic.month_length,
}


class CalendarError(ValueError):
    """An original date that does not exist in its calendar."""


def parse_original(original: str) -> tuple[int, int | None, int | None]:
    """Split 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' into integers."""
    parts = [int(p) for p in original.split("-")]
    year = parts[0]
    month = parts[1] if len(parts) > 1 else None
    day = parts[2] if len(parts) > 2 else None
    return year, month, day


@lru_cache(maxsize=65536)
def gregorian_bounds(calendar: Calendar, original: str) -> tuple[dt.date, dt.date]:
    """First and last Gregorian day covered by `original` written in `calendar`.

    Cached: convertdate computes the Solar Hijri new year astronomically (tens of milliseconds
    per date), and datasets repeat the same few hundred dates many times.
    """
    if calendar is Calendar.gregorian:
        raise CalendarError("Gregorian dates have no original to convert")
    try:
        return _bounds(calendar, original)
    except CalendarError:
        raise
    except (ValueError, OverflowError) as exc:
        raise CalendarError(f"{original} falls outside the Gregorian years 1 to 9999") from exc


def _bounds(calendar: Calendar, original: str) -> tuple[dt.date, dt.date]:
    year, month, day = parse_original(original)
    convert = _TO_GREGORIAN[calendar]
    length = _MONTH_LENGTH[calendar]
    if month is not None and not 1 <= month <= 12:
        raise CalendarError(f"month {month} does not exist")
    if month is not None and day is not None and not 1 <= day <= length(year, month):
        raise CalendarError(f"day {day} does not exist in month {month} of {year}")

    def to_date(y: int, m: int, d: int) -> dt.date:
        return dt.date(*convert(y, m, d))

    if month is None:
        first, last = (year, 1, 1), (year, 12, length(year, 12))
    elif day is None:
        first, last = (year, month, 1), (year, month, length(year, month))
    else:
        first = last = (year, month, day)
    start = to_date(*first)
    return start, start if last == first else to_date(*last)
