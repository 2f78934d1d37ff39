"""Reported dates of valid rows: notes, bounds, order, precision and calendar, vectorised.

The rules and their order are those of `validate.dates` for one ReportedDate: a missing note is
reported whatever else is wrong; a date with no bound, or with its end before its start, gets
that one finding and nothing more; otherwise precision and calendar are both checked. Hijri
dates are converted once per distinct `original` (a release repeats the same few hundred days
across a million rows) with the same `schema.calendars.gregorian_bounds` the records use.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.calendars import CalendarError, gregorian_bounds
from afghan_dialogues.datamodel.enums import Calendar
from afghan_dialogues.findings import Finding
from afghan_dialogues.validate.tabular.cells import Checked
from afghan_dialogues.validate.tabular.located import report, rows_where, values_at
from afghan_dialogues.validate.tabular.rules import DateGroup, date_groups

_GREGORIAN = Calendar.gregorian.value


def check_dates(checked: Checked) -> list[Finding]:
    """Every date finding of the valid rows of one batch."""
    out: list[Finding] = []
    for group in date_groups(checked.place.table):
        out += _group(checked, group)
    return out


def _and(*masks: Any) -> Any:
    result = masks[0]
    for mask in masks[1:]:
        result = pc.and_(result, mask)
    return pc.fill_null(result, False)


def _days(dates: Any) -> Any:
    return pc.cast(dates, pa.int32())


def _next_day(dates: Any) -> Any:
    return pc.cast(pc.add(_days(dates), pa.scalar(1, pa.int32())), pa.date32())


class _Date:
    """The columns of one reported date in one batch."""

    def __init__(self, checked: Checked, group: DateGroup) -> None:
        self.checked = checked
        self.group = group
        col = checked.columns
        self.start = col[group.column("start")]
        self.end = col[group.column("end")]
        self.precision = col[group.column("precision")]
        self.certainty = col[group.column("certainty")]
        self.calendar = pc.fill_null(col[group.column("calendar")], _GREGORIAN)
        self.original = col[group.column("original")]
        self.note = col[group.column("note")]
        present = pc.is_valid(col[group.column("as_written")])
        self.rows = _and(checked.valid, present)

    def report(self, mask: Any, code: str, part: str, messages: Any, hint: Any) -> list[Finding]:
        positions = rows_where(mask)
        if not positions:
            return []
        texts = messages(positions) if callable(messages) else [messages] * len(positions)
        hints = hint(positions) if callable(hint) else hint
        return report(
            self.checked.place,
            self.checked.columns,
            positions,
            code,
            field=self.group.column(part),
            messages=texts,
            hint=hints,
        )

    def values(self, array: Any, positions: list[int]) -> list[Any]:
        return values_at(array, positions)


def _group(checked: Checked, group: DateGroup) -> list[Finding]:
    d = _Date(checked, group)
    if not pc.any(d.rows).as_py():
        return []
    out: list[Finding] = []
    gregorian = pc.equal(d.calendar, _GREGORIAN)
    needs_note = pc.or_(pc.not_equal(d.certainty, "stated"), pc.invert(gregorian))
    out += d.report(
        _and(d.rows, needs_note, pc.is_null(d.note)),
        F.MODEL_DATE_NOTE,
        "certainty",
        lambda p: [
            f"{c} {k} date has no note"
            for c, k in zip(d.values(d.certainty, p), d.values(d.calendar, p), strict=True)
        ],
        "say in `note` how the date was derived",
    )
    unbounded = _and(d.rows, pc.is_null(d.start), pc.is_null(d.end))
    out += d.report(
        unbounded,
        F.MODEL_DATE_BOUNDS,
        "start",
        "date has neither start nor end",
        "give at least the bound the evidence supports",
    )
    backwards = _and(d.rows, pc.less(d.end, d.start))
    out += d.report(
        backwards,
        F.TIME_ORDER,
        "end",
        lambda p: [
            f"end {e} is before start {s}"
            for s, e in zip(d.values(d.start, p), d.values(d.end, p), strict=True)
        ],
        "swap the bounds or correct the date",
    )
    rest = _and(d.rows, pc.invert(unbounded), pc.invert(backwards))
    out += _precision(d, rest, gregorian)
    out += _calendar(d, rest, gregorian)
    return out


def _precision(d: _Date, rest: Any, gregorian: Any) -> list[Finding]:
    out: list[Finding] = []
    bounded = pc.not_equal(d.precision, "range")
    one_sided = _and(rest, bounded, pc.or_(pc.is_null(d.start), pc.is_null(d.end)))
    out += d.report(
        one_sided,
        F.MODEL_DATE_BOUNDS,
        "precision",
        lambda p: [f"{v} precision needs both bounds" for v in d.values(d.precision, p)],
        "use precision 'range' for open-ended dates",
    )
    both = _and(rest, bounded, pc.is_valid(d.start), pc.is_valid(d.end))
    span = pc.subtract(_days(d.end), _days(d.start))
    week = _and(both, pc.equal(d.precision, "week"), pc.not_equal(span, 6))
    out += d.report(
        week,
        F.MODEL_DATE_BOUNDS,
        "precision",
        lambda p: [f"a week spans 7 days, not {v + 1}" for v in d.values(span, p)],
        "set end = start + 6 days, or use 'range'",
    )
    same_year = pc.equal(pc.year(d.end), pc.year(d.start))
    whole_month = _and(
        pc.equal(pc.day(d.start), 1),
        same_year,
        pc.equal(pc.month(d.end), pc.month(d.start)),
        pc.not_equal(pc.month(_next_day(d.end)), pc.month(d.end)),
    )
    month = _and(both, gregorian, pc.equal(d.precision, "month"), pc.invert(whole_month))
    out += d.report(
        month,
        F.MODEL_DATE_BOUNDS,
        "precision",
        "month precision needs the first to the last day of one month",
        "use the first and the last day of the month",
    )
    whole_year = _and(
        pc.equal(pc.month(d.start), 1),
        pc.equal(pc.day(d.start), 1),
        pc.equal(pc.month(d.end), 12),
        pc.equal(pc.day(d.end), 31),
        same_year,
    )
    year = _and(both, gregorian, pc.equal(d.precision, "year"), pc.invert(whole_year))
    out += d.report(
        year,
        F.MODEL_DATE_BOUNDS,
        "precision",
        "year precision needs 1 January to 31 December of one year",
        lambda p: [f"use {s.year}-01-01 to {s.year}-12-31" for s in d.values(d.start, p)],
    )
    return out


def _calendar(d: _Date, rest: Any, gregorian: Any) -> list[Finding]:
    out: list[Finding] = []
    out += d.report(
        _and(rest, gregorian, pc.is_valid(d.original)),
        F.TIME_CALENDAR,
        "original",
        "Gregorian dates carry no `original`",
        "remove `original` or set the calendar the date was written in",
    )
    hijri = _and(rest, pc.invert(gregorian))
    out += d.report(
        _and(hijri, pc.is_null(d.original)),
        F.TIME_CALENDAR,
        "original",
        lambda p: [f"{c} date without `original`" for c in d.values(d.calendar, p)],
        "write the year-month-day as the source counts it, e.g. '1402-09-12'",
    )
    convert = _and(hijri, pc.is_valid(d.original))
    if not pc.any(convert).as_py():
        return out
    keys = pc.binary_join_element_wise(d.calendar, d.original, "|")
    wanted = pc.unique(pc.filter(keys, convert))
    starts: list[dt.date | None] = []
    ends: list[dt.date | None] = []
    errors: list[str | None] = []
    for key in wanted.to_pylist():
        calendar, original = key.split("|", 1)
        try:
            first, last = gregorian_bounds(Calendar(calendar), original)
            starts.append(first)
            ends.append(last)
            errors.append(None)
        except CalendarError as exc:
            starts.append(None)
            ends.append(None)
            errors.append(str(exc))
    index = pc.index_in(keys, value_set=wanted)
    first = pc.take(pa.array(starts, pa.date32()), index)
    last = pc.take(pa.array(ends, pa.date32()), index)
    error = pc.take(pa.array(errors, pa.string()), index)
    out += d.report(
        _and(convert, pc.is_valid(error)),
        F.TIME_CALENDAR,
        "original",
        lambda p: [
            f"{c} {o}: {e}"
            for c, o, e in zip(
                d.values(d.calendar, p), d.values(d.original, p), d.values(error, p), strict=True
            )
        ],
        "check the day and month against the calendar",
    )
    converted = _and(convert, pc.is_null(error))
    inside = _and(
        pc.equal(d.precision, "range"),
        pc.or_(pc.is_null(d.start), pc.greater_equal(d.start, first)),
        pc.or_(pc.is_null(d.end), pc.less_equal(d.end, last)),
    )
    exact = _and(pc.equal(d.start, first), pc.equal(d.end, last))
    wrong = _and(converted, pc.invert(inside), pc.invert(exact))
    out += d.report(
        wrong,
        F.TIME_CALENDAR,
        "start",
        lambda p: [
            f"{c} {o} is {f}..{la}, recorded as {s}..{e}"
            for c, o, f, la, s, e in zip(
                d.values(d.calendar, p),
                d.values(d.original, p),
                d.values(first, p),
                d.values(last, p),
                d.values(d.start, p),
                d.values(d.end, p),
                strict=True,
            )
        ],
        lambda p: [
            f"set start: {f} and end: {la}"
            for f, la in zip(d.values(first, p), d.values(last, p), strict=True)
        ],
    )
    return out
