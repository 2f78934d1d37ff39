"""Whether a reported date falls in a range of days, for `Dataset.meetings_between` and
`Dataset.claims_between`.

A reported date is an interval, `start` to `end`, in which the day lies (a month is its first
to its last day); either bound may be open ("before the Doha agreement"). So "in the range"
has two honest readings, and the caller names one:
- `overlaps`: the date could lie in the range (its interval and the range share a day; an open
  bound reaches as far as needed);
- `within`: the date surely lies in the range (its whole interval is inside; a date with an
  open bound never is).
A date with neither bound, or no date at all, is undated: it is in no range, unless the
caller asks for undated items too.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from afghan_dialogues.datamodel.models import ReportedDate

How = Literal["overlaps", "within"]
HOWS: tuple[How, ...] = ("overlaps", "within")

Day = dt.date | str | None
"""A range bound: a date, an ISO date text ('2023-11-27'), or None for an open bound."""


def day(value: Day, name: str) -> dt.date | None:
    """A range bound as a date."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{name} {value[:40]!r} is not an ISO date such as '2023-11-27'") from None
    raise TypeError(f"{name} must be a date, an ISO date text or None, not {type(value).__name__}")


def check_range(start: dt.date | None, end: dt.date | None, how: str) -> None:
    """Refuse a range that ends before it starts, and an unknown reading."""
    if how not in HOWS:
        raise ValueError(f"how={how!r}: use 'overlaps' or 'within'")
    if start is not None and end is not None and end < start:
        raise ValueError(f"the range ends ({end}) before it starts ({start})")


def in_range(
    date: ReportedDate | None, start: dt.date | None, end: dt.date | None, how: How, include_undated: bool
) -> bool:
    """Whether `date` is in the range from `start` to `end` (both included; None is open)."""
    first = date.start if date is not None else None
    last = date.end if date is not None else None
    if first is None and last is None:
        return include_undated
    if how == "overlaps":
        return (end is None or first is None or first <= end) and (
            start is None or last is None or last >= start
        )
    return (
        first is not None
        and last is not None
        and (start is None or first >= start)
        and (end is None or last <= end)
    )
