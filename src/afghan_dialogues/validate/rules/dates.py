"""Dates consistent with themselves, their calendar and their sources.

A date is never more precise than its evidence: the bounds must fit the stated precision (a
`day` is one day, a `month` one calendar month...), every derived date says how it was derived,
Hijri dates are re-converted with the calendar library and their precision is the one their
original gives, and nothing is dated after the source that reports it or after today.
"""

from __future__ import annotations

import calendar as gregorian_calendar
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.calendars import CalendarError, gregorian_bounds, parse_original
from afghan_dialogues.datamodel.enums import Calendar, MeetingStatus
from afghan_dialogues.datamodel.tables import TABLES, date_fields
from afghan_dialogues.findings import Finding
from afghan_dialogues.validate.checked import Checked, positions


class Problem(NamedTuple):
    """What is wrong with a date, and which of its parts the finding points at."""

    code: str
    message: str
    part: str
    hint: str


Report = Callable[[str, str, str, str], Problem]


_GRANULARITY = {1: "year", 2: "month", 3: "day"}


@dataclass(frozen=True)
class Date:
    """One reported date as the rules read it from its columns."""

    as_written: str
    calendar: str
    original: str | None
    start: dt.date | None
    end: dt.date | None
    precision: str
    certainty: str
    note: str | None


def distinct_dates(t: Checked, table: str, name: str) -> Iterator[tuple[Date, list[int]]]:
    """Each distinct value a reported-date field takes, with the rows holding it.

    Dates repeat a great deal (a source's publication date in all its claims, "last week" in a
    week's reports), and every check below depends on the date's values alone: each distinct
    date is checked once, and its findings go to every row holding it.
    """
    parts = list(Date.__dataclass_fields__)
    given = t.tables[table].select([f"{name}_{part}" for part in parts]).rename_columns(parts)
    given = given.append_column("row", pa.array(np.arange(given.num_rows)))
    given = given.filter(pc.is_valid(given.column("as_written")))
    for values in given.group_by(parts, use_threads=False).aggregate([("row", "list")]).to_pylist():
        rows = values.pop("row_list")
        yield Date(**values), rows


def check_dates(t: Checked) -> list[Finding]:
    """Every date field of every table, then dates against their sources and today."""
    out: list[Finding] = []
    for table in TABLES:
        for name in date_fields(table.model):
            for date, rows in distinct_dates(t, table.name, name):
                for problem in _one_date(date, Problem):
                    column = f"{name}_{problem.part}"
                    out += t.findings(
                        table.name, rows, problem.code, problem.message, column, hint=problem.hint
                    )
    out += _published_in_future(t)
    out += _stated_after_published(t)
    out += _meetings_after_reports(t)
    return out


def _one_date(date: Date, report: Report) -> list[Problem]:
    out: list[Problem] = []
    needs_note = date.certainty != "stated" or date.calendar != Calendar.gregorian.value
    if needs_note and date.note is None:
        out.append(
            report(
                F.MODEL_DATE_NOTE_MISSING,
                f"{date.certainty} {date.calendar} date has no note",
                "certainty",
                "say in `note` how the date was derived",
            )
        )
    if date.start is None and date.end is None:
        return [
            *out,
            report(
                F.MODEL_DATE_BOUNDS,
                "date has neither start nor end",
                "start",
                "give at least the bound the evidence supports",
            ),
        ]
    if date.start is not None and date.end is not None and date.end < date.start:
        return [
            *out,
            report(
                F.TIME_END_BEFORE_START,
                f"end {date.end} is before start {date.start}",
                "end",
                "swap the bounds or correct the date",
            ),
        ]
    out += _precision_fit(date, report)
    out += _calendar(date, report)
    return out


def _precision_fit(date: Date, report: Report) -> list[Problem]:
    start, end, precision = date.start, date.end, date.precision
    if precision == "range":
        return []
    if start is None or end is None:
        return [
            report(
                F.MODEL_DATE_BOUNDS,
                f"{precision} precision needs both bounds",
                "precision",
                "use precision 'range' for open-ended dates",
            )
        ]
    days = (end - start).days + 1
    if precision == "day" and days != 1:
        return [
            report(
                F.MODEL_DATE_BOUNDS,
                f"day precision over {days} days",
                "precision",
                "a day has start = end; use 'week', 'month' or 'range' for a span",
            )
        ]
    if precision == "week" and days != 7:
        return [
            report(
                F.MODEL_DATE_BOUNDS,
                f"a week spans 7 days, not {days}",
                "precision",
                "set end = start + 6 days, or use 'range'",
            )
        ]
    if date.calendar != Calendar.gregorian.value:
        return []  # the calendar check compares Hijri months and years with their conversion
    if precision == "month":
        last = gregorian_calendar.monthrange(start.year, start.month)[1]
        if start.day != 1 or end != start.replace(day=last):
            return [
                report(
                    F.MODEL_DATE_BOUNDS,
                    "month precision needs the first to the last day of one month",
                    "precision",
                    f"use {start.replace(day=1)} to {start.replace(day=last)}",
                )
            ]
    if precision == "year" and (start != dt.date(start.year, 1, 1) or end != dt.date(start.year, 12, 31)):
        return [
            report(
                F.MODEL_DATE_BOUNDS,
                "year precision needs 1 January to 31 December of one year",
                "precision",
                f"use {start.year}-01-01 to {start.year}-12-31",
            )
        ]
    return []


def _calendar(date: Date, report: Report) -> list[Problem]:
    if date.calendar == Calendar.gregorian.value:
        if date.original is not None:
            return [
                report(
                    F.TIME_CALENDAR_MISMATCH,
                    "Gregorian dates carry no `original`",
                    "original",
                    "remove `original` or set the calendar the date was written in",
                )
            ]
        return []
    if date.original is None:
        return [
            report(
                F.TIME_CALENDAR_MISMATCH,
                f"{date.calendar} date without `original`",
                "original",
                "write the year-month-day as the source counts it, e.g. '1402-09-12'",
            )
        ]
    calendar = Calendar(date.calendar)
    try:
        start, end = gregorian_bounds(calendar, date.original)
        parts = sum(p is not None for p in parse_original(date.original))
    except CalendarError as exc:
        return [
            report(
                F.TIME_CALENDAR_MISMATCH,
                f"{date.calendar} {date.original}: {exc}",
                "original",
                "check the day and month against the calendar",
            )
        ]
    if date.precision == "range":
        if (date.start is None or date.start >= start) and (date.end is None or date.end <= end):
            return []
    elif date.precision != _GRANULARITY[parts]:
        return [
            report(
                F.MODEL_DATE_BOUNDS,
                f"{date.calendar} {date.original} is a {_GRANULARITY[parts]}, "
                f"recorded with precision {date.precision}",
                "precision",
                f"use precision '{_GRANULARITY[parts]}' (or 'range' for a part of it)",
            )
        ]
    if (date.start, date.end) != (start, end):
        return [
            report(
                F.TIME_CALENDAR_MISMATCH,
                f"{date.calendar} {date.original} is {start}..{end}, recorded as {date.start}..{date.end}",
                "start",
                f"set start: {start} and end: {end}",
            )
        ]
    return []


def _published_in_future(t: Checked) -> list[Finding]:
    published = t.column("sources", "published_start")
    return [
        t.finding(
            "sources",
            row,
            F.TIME_IN_FUTURE,
            f"published {published[row].as_py()}, after today ({t.today})",
            "published_start",
            hint="check the year and the calendar",
        )
        for row in positions(pc.greater(published, t.today))
    ]


def _published(t: Checked) -> dict[str, dt.date]:
    return {
        sid: end
        for sid, end in zip(t.values("sources", "id"), t.values("sources", "published_end"), strict=True)
        if end is not None
    }


def _stated_after_published(t: Checked) -> list[Finding]:
    claims, sources = t.tables["claims"], t.tables["sources"]
    published = sources.column("published_end").take(
        pc.index_in(claims.column("source_id"), value_set=sources.column("id"))
    )
    stated = claims.column("stated_start")
    return [
        t.finding(
            "claims",
            row,
            F.TIME_STATED_AFTER_PUBLISHED,
            f"stated {stated[row].as_py()}, after {claims.column('source_id')[row].as_py()} "
            f"was published ({published[row].as_py()})",
            "stated_start",
            hint="check the year, the calendar and relative dates",
        )
        for row in positions(pc.greater(stated, published))
    ]


def _meetings_after_reports(t: Checked) -> list[Finding]:
    """A held meeting dated after a source reporting it is usually a misread calendar or year,
    unless outside references date it: then the source announced a meeting later held."""
    published = _published(t)
    referenced = set(t.values("references", "record_id"))
    out: list[Finding] = []
    for row, (meeting, status, start, sources) in enumerate(
        zip(
            t.values("meetings", "id"),
            t.values("meetings", "status"),
            t.values("meetings", "date_start"),
            t.values("meetings", "source_ids"),
            strict=True,
        )
    ):
        if status != MeetingStatus.held.value or start is None:
            continue
        if start > t.today:
            out.append(
                t.finding(
                    "meetings",
                    row,
                    F.TIME_IN_FUTURE,
                    f"held meeting dated {start}, after today",
                    "date_start",
                    hint="a future meeting has status 'planned'",
                )
            )
        for index, source in enumerate(sources or []):
            if source in published and start > published[source] and meeting not in referenced:
                out.append(
                    t.finding(
                        "meetings",
                        row,
                        F.TIME_HELD_AFTER_REPORT,
                        f"held from {start}, after {source} reported it ({published[source]})",
                        "source_ids",
                        hint="a date after the report is usually a misread calendar or year",
                        item=index,
                    )
                )
    return out
