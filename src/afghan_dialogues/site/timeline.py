"""Where each meeting's bar sits on a timeline's axis, and how the timeline is cut into pages.

Positions are percentages of the axis, computed here so that the page draws the bars with
CSS alone and reads the same with JavaScript off. An axis runs from the first of January of
its earliest bound to the end of the year of its latest; a bar covers its date's whole
interval (a day, a week, a month, a range), so its width shows the date's precision, and an
open bound runs to the edge of the axis. A dataset with more meetings than one page holds
gets one timeline per run of whole years, each with its own axis.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby

from afghan_dialogues.datamodel.models import Meeting
from afghan_dialogues.site.dates import sort_key

MIN_WIDTH = 0.3
"""Narrowest bar, in percent of the axis: a single day must stay visible."""
MAX_TICKS = 12
"""Most year marks on an axis; longer axes mark every second, third... year."""
QUARTERS = (1, 4, 7, 10)
QUARTER_TICKS_UP_TO = 3
"""Axes of at most this many years also mark the start of each quarter."""


@dataclass(frozen=True)
class Bar:
    """One meeting on the axis."""

    meeting: Meeting
    left: float
    width: float
    open_start: bool
    open_end: bool


@dataclass(frozen=True)
class Tick:
    """A year mark on the axis."""

    label: str
    left: float


@dataclass(frozen=True)
class Timeline:
    """The meetings of a run of years on one axis."""

    label: str
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]


def _year(meeting: Meeting) -> int:
    """The year a meeting is filed under: that of its first bound."""
    first = meeting.date.start or meeting.date.end
    return first.year if first is not None else 0


def build_timeline(meetings: Iterable[Meeting], label: str | None = None) -> Timeline:
    """The meetings in date order (then by id) on one axis, with its year ticks; labelled
    with the years of the axis unless `label` is given."""
    ordered = sorted(meetings, key=lambda m: (sort_key(m.date), m.id))
    days = [d for m in ordered for d in (m.date.start, m.date.end) if d is not None]
    years = sorted({d.year for d in days}) or [2000]
    first, after = dt.date(years[0], 1, 1), dt.date(years[-1] + 1, 1, 1)
    span = (after - first).days

    def at(day: dt.date) -> float:
        return (day - first).days / span * 100

    bars = []
    for meeting in ordered:
        start, end = meeting.date.start, meeting.date.end
        left = at(start) if start is not None else 0.0
        right = at(end + dt.timedelta(days=1)) if end is not None else 100.0
        width = max(right - left, MIN_WIDTH)
        bars.append(
            Bar(meeting, round(min(left, 100 - width), 2), round(width, 2), start is None, end is None)
        )
    every = range(first.year, after.year)
    step = math.ceil(len(every) / MAX_TICKS)
    months = QUARTERS if len(every) <= QUARTER_TICKS_UP_TO else (1,)
    ticks = tuple(
        Tick(str(year) if month == 1 else f"{year}-{month:02}", round(at(dt.date(year, month, 1)), 2))
        for year in every[::step]
        for month in months
    )
    return Timeline(label or _years(first.year, after.year - 1), tuple(bars), ticks)


def _years(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def build_timelines(meetings: Iterable[Meeting], per_page: int) -> list[Timeline]:
    """One timeline per run of whole years holding at most `per_page` meetings (a single year
    holding more gets a page of its own)."""
    ordered = sorted(meetings, key=lambda m: (sort_key(m.date), m.id))
    runs: list[list[Meeting]] = []
    for _, year in groupby(ordered, key=_year):
        group = list(year)
        if runs and len(runs[-1]) + len(group) <= per_page:
            runs[-1].extend(group)
        else:
            runs.append(group)
    return [build_timeline(run, _years(_year(run[0]), _year(run[-1]))) for run in runs] or [
        build_timeline([])
    ]
