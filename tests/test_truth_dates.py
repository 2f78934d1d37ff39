"""Truth rules about dates as written (issue 14): weekdays, relative expressions, numeric dates.

The fixture's source is published on Thursday 13 October 2022; its meeting and first claim are
dated Wednesday 12 October 2022. Expected dates below are worked out by hand from a calendar.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from afghan_dialogues.validate.date_words import (
    fold,
    note_explains_reading,
    numeric_dates,
    orders_stated,
    relative_expressions,
    weekday_mentions,
)
from helpers import Edit, findings

SOURCE = "sources/src-example-report.yaml"
STATED = (
    "    stated:\n      as_written: 12 October 2022\n      start: 2022-10-12\n      end: 2022-10-12\n"
    "      precision: day\n      certainty: stated\n"
)
MEETING_DATE = (
    "    date:\n      as_written: 12 October 2022\n      start: 2022-10-12\n      end: 2022-10-12\n"
    "      precision: day\n      certainty: stated\n"
)
PUBLISHED = "    start: 2022-10-13\n    end: 2022-10-13\n    precision: day\n"


def block(
    key: str,
    as_written: str,
    start: str | None,
    end: str | None,
    *,
    precision: str = "day",
    certainty: str = "inferred",
    note: str | None = "Worked out from the publication date.",
) -> str:
    lines = [f"    {key}:", f"      as_written: {json.dumps(as_written)}"]
    lines += [f"      start: {start}"] if start else []
    lines += [f"      end: {end}"] if end else []
    lines += [f"      precision: {precision}", f"      certainty: {certainty}"]
    lines += [f"      note: {json.dumps(note)}"] if note else []
    return "\n".join(lines) + "\n"


def stated(
    edit: Edit, as_written: str, start: str | None, end: str | None = "same", **kw: str | None
) -> Path:
    """Replace the first claim's `stated`."""
    return edit(SOURCE, STATED, block("stated", as_written, start, start if end == "same" else end, **kw))  # type: ignore[arg-type]


def meeting_date(
    edit: Edit, as_written: str, start: str | None, end: str | None = "same", **kw: str | None
) -> Path:
    return edit(
        "meetings.yaml",
        MEETING_DATE,
        block("date", as_written, start, start if end == "same" else end, **kw),  # type: ignore[arg-type]
    )


def found(records: Path, code: str) -> list[tuple[str | None, str | None, str]]:
    return [(f.record_id, f.field, f.message) for f in findings(records) if f.code == code]


def weekdays(text: str) -> list[int]:
    return [day for day, _ in weekday_mentions(fold(text))]


# -- reading weekday names ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on Monday", [0]),
        ("TUESDAY night", [1]),
        ("Tues., 11 October", [1]),
        ("Wed 12 October", [2]),
        ("Thurs. 13 Oct.", [3]),
        ("on Saturday and Sunday", [5, 6]),
        ("The Sun reported it", []),
        ("they wed in spring", []),
        ("on Mondays", []),
        ("the day after Monday", []),
        ("before Tuesday", []),
        ("Monday's talks", []),
        ("سه‌شنبه", [1]),
        ("سه شنبه", [1]),
        ("سهشنبه", [1]),
        ("يکشنبه", [6]),
        ("یک‌شنبه", [6]),
        ("پنج‌شنبه ۲۱ میزان", [3]),
        ("شنبه", [5]),
        ("جمعه", [4]),
        ("روز دوشنبه", [0]),
        ("دوشنبه گذشته", [0]),
        ("پس از دوشنبه", []),
        ("يوم الثلاثاء", [1]),
        ("الأربعاء", [2]),
        ("الاربعاء", [2]),
        ("الإثنين", [0]),
        ("والخميس", [3]),
        ("الأحد عشر", []),
        ("اثنين", []),
    ],
)
def test_weekday_names_in_english_dari_and_arabic(text: str, expected: list[int]) -> None:
    assert weekdays(text) == expected


@pytest.mark.parametrize(
    "text", ["نشست در دوشنبه", "کنفرانس دوشنبه", "دوشنبه، تاجیکستان", "دوشنبه پایتخت تاجیکستان", "في دوشنبه"]
)
def test_dushanbe_is_a_city_not_a_monday(text: str) -> None:
    assert weekdays(text) == []


# -- reading numeric dates and notes -----------------------------------------------------------


def test_numeric_dates_and_their_readings() -> None:
    (ambiguous,) = numeric_dates(fold("Monday (10/1/2022)"))
    assert ambiguous.ambiguous
    assert ambiguous.readings == {"day-month": (2022, 1, 10), "month-day": (2022, 10, 1)}
    (plain,) = numeric_dates("13-10-2022")
    assert plain.readings == {"day-month": (2022, 10, 13)} and not plain.ambiguous
    (same,) = numeric_dates("5.5.2022")
    assert not same.ambiguous
    (iso,) = numeric_dates("2023/09/09")
    assert iso.readings == {"year-month-day": (2023, 9, 9)}
    (short,) = numeric_dates("12.10.22")
    assert short.short_year and short.ambiguous
    (persian,) = numeric_dates(fold("۱۰/۱/۱۴۰۱"))
    assert persian.readings["day-month"] == (1401, 1, 10)
    assert numeric_dates("version 1.2.3, at 09:30") == []


@pytest.mark.parametrize(
    ("note", "orders"),
    [
        ("Read as day-month-year, the outlet's date order.", {"day-month"}),
        ("Day first, as the outlet writes dates.", {"day-month"}),
        ("DD/MM by the outlet's convention.", {"day-month"}),
        ("Month-day: a US outlet.", {"month-day"}),
        ("MM-DD, the weekday agrees.", {"month-day"}),
        ("Read day-month, not month-day.", {"day-month", "month-day"}),
        ("The first day of the month.", set()),
        (None, set()),
    ],
)
def test_the_orders_a_note_states(note: str | None, orders: set[str]) -> None:
    assert orders_stated(note) == orders


@pytest.mark.parametrize(
    ("note", "explains"),
    [
        ("Not the week of the page's publication (10-16 January 2022).", True),
        ("Relative to the interview, not to the publication.", True),
        ("as_written quotes Kabul Now (see references).", True),
        ("Read from the publication on 13 October.", False),
        ("Not certain. The publication is undated.", False),
        (None, False),
    ],
)
def test_which_notes_explain_another_reading(note: str | None, explains: bool) -> None:
    assert note_explains_reading(note) is explains


# -- the table of relative expressions ----------------------------------------------------------


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


WED = d("2025-12-10")  # Wednesday 10 December 2025


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("yesterday", WED, [("2025-12-09", "2025-12-09")]),
        ("the day before yesterday", WED, [("2025-12-08", "2025-12-08")]),
        ("today", WED, [("2025-12-10", "2025-12-10")]),
        ("tomorrow", WED, [("2025-12-11", "2025-12-11")]),
        ("last night", WED, [("2025-12-09", "2025-12-10")]),
        ("three days ago", WED, [("2025-12-07", "2025-12-07")]),
        ("on Tuesday", WED, [("2025-12-09", "2025-12-09"), ("2025-12-16", "2025-12-16")]),
        ("on Wednesday", WED, [("2025-12-10", "2025-12-10"), ("2025-12-17", "2025-12-17")]),
        ("last Tuesday", WED, [("2025-12-09", "2025-12-09"), ("2025-12-02", "2025-12-02")]),
        ("next Monday", WED, [("2025-12-15", "2025-12-15"), ("2025-12-15", "2025-12-15")]),
        ("this week", WED, [("2025-12-08", "2025-12-14"), ("2025-12-07", "2025-12-13")]),
        ("earlier this week", WED, [("2025-12-08", "2025-12-10"), ("2025-12-07", "2025-12-10")]),
        ("last week", WED, [("2025-12-01", "2025-12-07"), ("2025-11-30", "2025-12-06")]),
        ("next week", WED, [("2025-12-15", "2025-12-21"), ("2025-12-14", "2025-12-20")]),
        ("last month", WED, [("2025-11-01", "2025-11-30")]),
        ("last month", d("2025-01-15"), [("2024-12-01", "2024-12-31")]),
        ("this month", WED, [("2025-12-01", "2025-12-31")]),
        ("earlier this month", WED, [("2025-12-01", "2025-12-10")]),
        ("last year", WED, [("2024-01-01", "2024-12-31")]),
        ("this year", WED, [("2025-01-01", "2025-12-31")]),
        ("in October", WED, [("2025-10-01", "2025-10-31"), ("2026-10-01", "2026-10-31")]),
        ("in December", WED, [("2025-12-01", "2025-12-31"), ("2026-12-01", "2026-12-31")]),
        ("in January", WED, [("2025-01-01", "2025-01-31"), ("2026-01-01", "2026-01-31")]),
        ("in October 2022", WED, [("2022-10-01", "2022-10-31")]),
        ("December 9", WED, [("2025-12-09", "2025-12-09"), ("2026-12-09", "2026-12-09")]),
        ("the 12th of December", WED, [("2024-12-12", "2024-12-12"), ("2025-12-12", "2025-12-12")]),
        (
            "on the 12th",
            WED,
            [("2025-11-12", "2025-11-12"), ("2025-12-12", "2025-12-12"), ("2026-01-12", "2026-01-12")],
        ),
        ("on the 31st", WED, [("2025-12-31", "2025-12-31"), ("2026-01-31", "2026-01-31")]),
        ("دیروز", WED, [("2025-12-09", "2025-12-09")]),
        ("هفته‌ی گذشته", WED, [("2025-11-29", "2025-12-05")]),
        ("سه‌شنبه گذشته", WED, [("2025-12-09", "2025-12-09"), ("2025-12-02", "2025-12-02")]),
        ("أمس", WED, [("2025-12-09", "2025-12-09")]),
        ("الأسبوع الماضي", WED, [("2025-11-29", "2025-12-05"), ("2025-11-30", "2025-12-06")]),
    ],
)
def test_each_relative_expression_read_from_a_publication_day(
    text: str, published: dt.date, expected: list[tuple[str, str]]
) -> None:
    (relative,) = relative_expressions(text)
    assert relative.candidates(published) == tuple((d(a), d(b)) for a, b in expected)


@pytest.mark.parametrize(
    "text",
    [
        "12 October 2022",
        "from December 3rd to 5th, 2023",
        "Monday (10/1/2022)",
        "2023/09/09",
        "no date given",
    ],
)
def test_absolute_dates_hold_no_relative_expression(text: str) -> None:
    assert relative_expressions(text) == ()


def test_a_weekday_next_to_another_expression_only_qualifies_it() -> None:
    assert [r.words for r in relative_expressions("on Monday last week")] == ["last week"]
    assert [r.words for r in relative_expressions("yesterday, Tuesday")] == ["yesterday"]
    assert [r.words for r in relative_expressions("on Saturday and Sunday")] == ["Saturday", "Sunday"]


# -- weekdays against the recorded dates -------------------------------------------------------


def test_a_day_on_its_named_weekday_passes(records: Path, edit: Edit) -> None:
    stated(edit, "on Wednesday", "2022-10-12")
    assert found(records, "truth/weekday-mismatch") == []
    assert found(records, "truth/relative-date") == []


def test_a_day_off_its_named_weekday(records: Path, edit: Edit) -> None:
    stated(edit, "سه‌شنبه", "2022-10-12")
    ((record, field, message),) = found(records, "truth/weekday-mismatch")
    assert (record, field) == ("clm-example-001", "stated_start")
    assert "Tuesday" in message and "2022-10-12 is a Wednesday" in message


def test_a_span_must_hold_every_weekday_it_names(records: Path, edit: Edit) -> None:
    meeting_date(edit, "on Saturday and Sunday", "2022-10-08", "2022-10-09", precision="range")
    assert found(records, "truth/weekday-mismatch") == []


def test_a_span_without_a_weekday_it_names(records: Path, edit: Edit) -> None:
    meeting_date(edit, "on Saturday and Sunday", "2022-10-09", "2022-10-10", precision="range")
    ((_, _, message),) = found(records, "truth/weekday-mismatch")
    assert "2022-10-09..2022-10-10 holds no Saturday" in message


def test_an_open_span_is_not_judged(records: Path, edit: Edit) -> None:
    stated(edit, "Monday", None, "2022-10-12", precision="range")
    assert found(records, "truth/weekday-mismatch") == []


def test_a_note_that_calls_the_weekday_a_misprint(records: Path, edit: Edit) -> None:
    note = "The source's Tuesday is wrong: 12 October 2022 was a Wednesday (see the report of the day)."
    stated(edit, "Tuesday, 12 October 2022", "2022-10-12", note=note)
    assert found(records, "truth/weekday-mismatch") == []


def test_a_weekday_as_landmark_is_not_the_date(records: Path, edit: Edit) -> None:
    stated(edit, "the day after Monday", "2022-10-11")
    assert found(records, "truth/weekday-mismatch") == []
    assert found(records, "truth/relative-date") == []


def test_dushanbe_in_a_date_is_no_weekday(records: Path, edit: Edit) -> None:
    meeting_date(edit, "نشست در دوشنبه", "2022-10-12", note="The source names the city only.")
    assert found(records, "truth/weekday-mismatch") == []


# -- the examples ----------------------------------------------------------------------


def test_monday_10_1_2022_read_month_first(records: Path, edit: Edit) -> None:
    stated(edit, "Monday (10/1/2022)", "2022-10-01")
    ((_, _, weekday),) = found(records, "truth/weekday-mismatch")
    assert "2022-10-01 is a Saturday" in weekday
    ((_, field, order),) = found(records, "truth/day-month-order")
    assert field == "stated_note" and "2022-01-10 read day-month" in order


def test_monday_10_1_2022_read_day_first_and_said_so(records: Path, edit: Edit) -> None:
    stated(edit, "Monday (10/1/2022)", "2022-01-10", note="Read day-month: 10 January 2022 was the Monday.")
    codes = {f.code for f in findings(records)}
    assert not codes & {"truth/weekday-mismatch", "truth/day-month-order", "truth/numeric-date-mismatch"}


def test_a_year_inferred_from_weekday_reasoning(records: Path, edit: Edit) -> None:
    """NationPress: "on Tuesday" in a report of Wednesday 10 December 2025 is 9 December 2025,
    not Tuesday 10 December 2024."""
    edit(SOURCE, PUBLISHED, PUBLISHED.replace("2022-10-13", "2025-12-10"))
    meeting_date(edit, "on Tuesday", "2024-12-10")
    assert found(records, "truth/weekday-mismatch") == []  # 10 December 2024 was a Tuesday
    ((record, field, message),) = found(records, "truth/relative-date")
    assert (record, field) == ("mtg-vienna-2022-10", "date_start")
    assert "published 2025-12-10 means 2025-12-09" in message and "2024-12-10" in message


def test_the_tuesday_before_the_report_passes(records: Path, edit: Edit) -> None:
    edit(SOURCE, PUBLISHED, PUBLISHED.replace("2022-10-13", "2025-12-10"))
    meeting_date(edit, "on Tuesday", "2025-12-09")
    assert found(records, "truth/relative-date") == []


# -- relative expressions against the recorded dates ---------------------------------------------


@pytest.mark.parametrize(
    "case",
    [
        ("2022-10-03", "2022-10-09", "week", True),  # Monday to Sunday before Thursday 13 October
        ("2022-10-02", "2022-10-08", "week", True),  # Sunday to Saturday (US weeks)
        ("2022-10-05", "2022-10-06", "range", True),  # narrowed by other evidence
        ("2022-10-04", "2022-10-10", "week", False),  # a week shifted by a day
        ("2022-09-26", "2022-10-02", "week", False),  # two weeks before
        ("2021-10-04", "2021-10-10", "week", False),  # the year before
    ],
)
def test_last_week(records: Path, edit: Edit, case: tuple[str, str, str, bool]) -> None:
    start, end, precision, ok = case
    stated(edit, "last week", start, end, precision=precision)
    assert (found(records, "truth/relative-date") == []) is ok


def test_a_publication_week_accepts_any_of_its_days(records: Path, edit: Edit) -> None:
    published = "    start: 2022-10-10\n    end: 2022-10-16\n    precision: week\n"
    edit(SOURCE, PUBLISHED, published)
    stated(edit, "yesterday", "2022-10-12")
    assert found(records, "truth/relative-date") == []


def test_outside_a_publication_week(records: Path, edit: Edit) -> None:
    published = "    start: 2022-10-10\n    end: 2022-10-16\n    precision: week\n"
    edit(SOURCE, PUBLISHED, published)
    stated(edit, "yesterday", "2022-10-08")
    ((_, _, message),) = found(records, "truth/relative-date")
    assert "published 2022-10-10..2022-10-16" in message and "read from 2022-10-10" in message


def test_a_statement_is_not_read_forward(records: Path, edit: Edit) -> None:
    stated(edit, "on Friday", "2022-10-14")
    assert found(records, "truth/relative-date")


def test_a_planned_meeting_may_be_read_forward(records: Path, edit: Edit) -> None:
    meeting_date(edit, "on Friday", "2022-10-14")
    edit("meetings.yaml", "status: held", "status: planned")
    assert found(records, "truth/relative-date") == []


def test_a_held_meeting_is_not_read_forward(records: Path, edit: Edit) -> None:
    meeting_date(edit, "on Friday", "2022-10-14")
    assert found(records, "truth/relative-date")


@pytest.mark.parametrize(
    "note",
    [
        "Not the week of the publication: the page copies an earlier report of 3 October.",
        "as_written quotes an earlier report (see references).",
    ],
)
def test_a_note_that_explains_another_reading(records: Path, edit: Edit, note: str) -> None:
    stated(edit, "this week", "2022-10-03", note=note)
    assert found(records, "truth/relative-date") == []


def test_a_note_that_does_not_explain(records: Path, edit: Edit) -> None:
    stated(edit, "this week", "2022-10-03", note="Read from the publication on 13 October.")
    assert found(records, "truth/relative-date")


def test_in_october_of_the_wrong_year(records: Path, edit: Edit) -> None:
    stated(edit, "in October", "2021-10-01", "2021-10-31", precision="month")
    assert found(records, "truth/relative-date")


def test_in_october_of_the_publication_year(records: Path, edit: Edit) -> None:
    stated(edit, "in October", "2022-10-01", "2022-10-31", precision="month")
    assert found(records, "truth/relative-date") == []


def test_on_the_nth_in_gregorian_and_in_solar_hijri(records: Path, edit: Edit) -> None:
    stated(edit, "on the 20th", "2022-10-12")
    ((_, _, message),) = found(records, "truth/relative-date")
    assert "means 2022-09-20" in message


def test_a_hijri_day_of_the_month_is_left_to_the_calendar_check(records: Path, edit: Edit) -> None:
    hijri = (
        "    stated:\n      as_written: on the 20th\n      calendar: solar_hijri\n"
        "      original: '1401-07-20'\n"
        "      start: 2022-10-12\n      end: 2022-10-12\n      precision: day\n      certainty: inferred\n"
        "      note: Solar Hijri day of the publication month.\n"
    )
    edit(SOURCE, STATED, hijri)
    codes = {f.code for f in findings(records)}
    assert "truth/relative-date" not in codes and "time/calendar-mismatch" not in codes


def test_relative_words_in_dari(records: Path, edit: Edit) -> None:
    stated(edit, "دیروز", "2022-10-11")
    assert found(records, "truth/relative-date")


# -- numeric dates against the recorded dates ------------------------------------------------------


@pytest.mark.parametrize(
    "case",
    [
        ("10/12/2022", "2022-12-10", "stated", "Day-month, the outlet's order.", set()),
        ("10/12/2022", "2022-10-12", "stated", "Month-day: a US outlet.", set()),
        (
            "10/12/2022",
            "2022-10-12",
            "stated",
            "Read day-month (DD/MM), the outlet's order.",
            {"truth/numeric-date-mismatch"},
        ),
        ("10/12/2022", "2022-10-12", "stated", None, {"truth/day-month-order"}),
        ("10/12/2022", "2022-10-12", "stated", "Day-month or month-day; the text decides.", set()),
        ("13/10/2022", "2022-10-13", "stated", None, set()),
        ("13/10/2022", "2022-10-12", "stated", None, {"truth/numeric-date-mismatch"}),
        ("13/10/2022", "2022-10-12", "inferred", "The dateline day; the event was the day before.", set()),
        ("2022/10/12", "2022-10-12", "stated", None, set()),
        ("12.10.22", "2022-10-12", "stated", "Day first, as the outlet writes.", set()),
    ],
)
def test_numeric_dates(records: Path, edit: Edit, case: tuple[str, str, str, str | None, set[str]]) -> None:
    written, start, certainty, note, codes = case
    meeting_date(edit, written, start, certainty=certainty, note=note)
    order_codes = {"truth/day-month-order", "truth/numeric-date-mismatch"}
    assert {f.code for f in findings(records)} & order_codes == codes
