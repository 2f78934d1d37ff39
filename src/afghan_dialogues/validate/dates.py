"""Layer 6: dates that are consistent with themselves, their calendar and their sources.

A date is never more precise than its evidence: the bounds must fit the stated precision, every
derived date says how it was derived, Hijri dates are re-converted with the calendar library,
and nothing is dated after the source that reports it.
"""

from __future__ import annotations

import calendar as gregorian_calendar
import datetime as dt
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.calendars import CalendarError, gregorian_bounds
from afghan_dialogues.datamodel.enums import Calendar, Certainty, MeetingStatus, Precision
from afghan_dialogues.datamodel.models import Claim, Meeting, Model, ReportedDate, Source
from afghan_dialogues.datamodel.tables import date_fields
from afghan_dialogues.findings import Finding
from afghan_dialogues.validate.context import Context

if TYPE_CHECKING:
    from afghan_dialogues.recordfiles.loader import Entry

Make = Callable[[str, str, str, str], Finding]
"""Builds a finding for one date field: (code, message, sub-field, hint)."""


def iter_dates(record: Model) -> Iterator[tuple[str, ReportedDate]]:
    """Every ReportedDate field of a record that is set."""
    for name in date_fields(type(record)):
        value = getattr(record, name)
        if isinstance(value, ReportedDate):
            yield name, value


def check_dates(ctx: Context, today: dt.date | None = None) -> list[Finding]:
    """All time findings; `today` is a parameter so that tests stay deterministic."""
    today = today or dt.date.today()
    out: list[Finding] = []
    for model, records in ctx.by_model.items():
        if date_fields(model):
            for entry, record in records:
                for name, date in iter_dates(record):
                    out.extend(_one_date(ctx, entry, name, date))
    for entry, source in ctx.valid(Source):
        start = source.published.start
        if start is not None and start > today:
            out.append(
                ctx.finding(
                    entry,
                    F.TIME_FUTURE,
                    f"published {start}, after today ({today})",
                    ("published", "start"),
                    hint="check the year and the calendar",
                )
            )
    out.extend(_claims_after_sources(ctx))
    out.extend(_meetings_after_reports(ctx, today))
    return out


def _one_date(ctx: Context, entry: Entry, name: str, date: ReportedDate) -> list[Finding]:
    if (
        date.precision is Precision.day
        and date.calendar is Calendar.gregorian
        and date.certainty is Certainty.stated
        and date.original is None
        and date.start is not None
        and date.start == date.end
    ):
        return []  # a stated Gregorian day, the most common date: nothing below applies to it
    out: list[Finding] = []

    def finding(code: str, message: str, sub: str, hint: str) -> Finding:
        return ctx.finding(entry, code, message, (name, sub), hint=hint)

    needs_note = date.certainty is not Certainty.stated or date.calendar is not Calendar.gregorian
    if needs_note and date.note is None:
        out.append(
            finding(
                F.MODEL_DATE_NOTE,
                f"{date.certainty.value} {date.calendar.value} date has no note",
                "certainty",
                "say in `note` how the date was derived",
            )
        )
    if date.start is None and date.end is None:
        out.append(
            finding(
                F.MODEL_DATE_BOUNDS,
                "date has neither start nor end",
                "start",
                "give at least the bound the evidence supports",
            )
        )
        return out
    if date.start is not None and date.end is not None and date.end < date.start:
        out.append(
            finding(
                F.TIME_ORDER,
                f"end {date.end} is before start {date.start}",
                "end",
                "swap the bounds or correct the date",
            )
        )
        return out
    out.extend(_precision_fit(date, finding))
    out.extend(_calendar(date, finding))
    return out


def _precision_fit(date: ReportedDate, make: Make) -> list[Finding]:
    start, end, p = date.start, date.end, date.precision
    if p is Precision.range:
        return []
    if start is None or end is None:
        return [
            make(
                F.MODEL_DATE_BOUNDS,
                f"{p.value} precision needs both bounds",
                "precision",
                "use precision 'range' for open-ended dates",
            )
        ]
    if p is Precision.week and (end - start).days != 6:
        return [
            make(
                F.MODEL_DATE_BOUNDS,
                f"a week spans 7 days, not {(end - start).days + 1}",
                "precision",
                "set end = start + 6 days, or use 'range'",
            )
        ]
    if date.calendar is not Calendar.gregorian:
        return []
    if p is Precision.month:
        last = gregorian_calendar.monthrange(start.year, start.month)[1]
        if start.day != 1 or end != start.replace(day=last):
            return [
                make(
                    F.MODEL_DATE_BOUNDS,
                    "month precision needs the first to the last day of one month",
                    "precision",
                    f"use {start.replace(day=1)} to {start.replace(day=last)}",
                )
            ]
    if p is Precision.year and (start != dt.date(start.year, 1, 1) or end != dt.date(start.year, 12, 31)):
        return [
            make(
                F.MODEL_DATE_BOUNDS,
                "year precision needs 1 January to 31 December of one year",
                "precision",
                f"use {start.year}-01-01 to {start.year}-12-31",
            )
        ]
    return []


def _calendar(date: ReportedDate, make: Make) -> list[Finding]:
    if date.calendar is Calendar.gregorian:
        if date.original is not None:
            return [
                make(
                    F.TIME_CALENDAR,
                    "Gregorian dates carry no `original`",
                    "original",
                    "remove `original` or set the calendar the date was written in",
                )
            ]
        return []
    if date.original is None:
        return [
            make(
                F.TIME_CALENDAR,
                f"{date.calendar.value} date without `original`",
                "original",
                "write the year-month-day as the source counts it, e.g. '1402-09-12'",
            )
        ]
    try:
        start, end = gregorian_bounds(date.calendar, date.original)
    except CalendarError as exc:
        return [
            make(
                F.TIME_CALENDAR,
                f"{date.calendar.value} {date.original}: {exc}",
                "original",
                "check the day and month against the calendar",
            )
        ]
    if date.precision is Precision.range:
        inside = (date.start is None or date.start >= start) and (date.end is None or date.end <= end)
        if inside:
            return []
    if (date.start, date.end) != (start, end):
        return [
            make(
                F.TIME_CALENDAR,
                f"{date.calendar.value} {date.original} is {start}..{end}, "
                f"recorded as {date.start}..{date.end}",
                "start",
                f"set start: {start} and end: {end}",
            )
        ]
    return []


def _claims_after_sources(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    for entry, claim in ctx.valid(Claim):
        source = ctx.get(Source, claim.source_id)
        if source is None or claim.stated is None:
            continue
        said, published = claim.stated.start, source.published.end
        if said is not None and published is not None and said > published:
            out.append(
                ctx.finding(
                    entry,
                    F.TIME_STATED_AFTER_PUBLISHED,
                    f"stated {said}, after {source.id} was published ({published})",
                    ("stated", "start"),
                    hint="check the year, the calendar and relative dates",
                )
            )
    return out


def _meetings_after_reports(ctx: Context, today: dt.date) -> list[Finding]:
    out: list[Finding] = []
    for entry, meeting in ctx.valid(Meeting):
        if meeting.status is not MeetingStatus.held or meeting.date.start is None:
            continue
        if meeting.date.start > today:
            out.append(
                ctx.finding(
                    entry,
                    F.TIME_FUTURE,
                    f"held meeting dated {meeting.date.start}, after today",
                    ("date", "start"),
                    hint="a future meeting has status 'planned'",
                )
            )
        for i, sid in enumerate(meeting.source_ids):
            source = ctx.get(Source, sid)
            published = source.published.end if source else None
            if published is not None and meeting.date.start > published:
                out.append(
                    ctx.finding(
                        entry,
                        F.TIME_HELD_AFTER_REPORT,
                        f"held from {meeting.date.start}, after {sid} reported it ({published})",
                        ("source_ids", i),
                        hint="a date after the report is usually a misread calendar or year",
                    )
                )
    return out
