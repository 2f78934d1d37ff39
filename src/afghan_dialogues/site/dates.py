"""Reported dates as the site shows them: the interval as read, in ISO form.

ISO dates read the same in every language and sort as they read; the verbatim text, the
calendar, the precision and the certainty are shown beside them, never folded into them.
"""

from __future__ import annotations

import datetime as dt

from afghan_dialogues.datamodel.enums import Precision
from afghan_dialogues.datamodel.models import ReportedDate


def _whole_month(start: dt.date, end: dt.date) -> bool:
    following = (end + dt.timedelta(days=1)).day == 1
    return start.day == 1 and following and (start.year, start.month) == (end.year, end.month)


def _whole_year(start: dt.date, end: dt.date) -> bool:
    return (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year


def read_as(date: ReportedDate) -> str:
    """The Gregorian interval, as short as its bounds allow: '2023-11-23', '2023-11', '2023',
    '2023-11-27 to 2023-12-03', 'until 2023-12-03', 'from 2023-11-27'."""
    start, end = date.start, date.end
    if start is None and end is None:
        return "unknown"
    if start is None:
        return f"until {end}"
    if end is None:
        return f"from {start}"
    if start == end:
        return start.isoformat()
    if date.precision is Precision.month and _whole_month(start, end):
        return f"{start:%Y-%m}"
    if date.precision is Precision.year and _whole_year(start, end):
        return f"{start:%Y}"
    return f"{start} to {end}"


def sort_key(date: ReportedDate | None) -> tuple[str, str]:
    """Earliest first; undated last, then open bounds by the bound they have."""
    if date is None:
        return ("9", "9")
    first = date.start or date.end
    last = date.end or date.start
    return (str(first), str(last))
