"""Valid records mutated along the lines of the truth rules on dates and lifetimes: every mutation
is reported, and the valid record it came from is not.

The correct dates come from small independent calendar sums here (an oracle), not from the
code under test; each mutation is wrong under every convention the rules accept (week starting
Monday or Sunday, a weekday's latest or next occurrence...).
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from afghan_dialogues.validate.runner import validate_records
from conftest import TODAY, write_records

SOURCE = "sources/src-example-report.yaml"
STATED = (
    "    stated:\n      as_written: 12 October 2022\n      start: 2022-10-12\n      end: 2022-10-12\n"
    "      precision: day\n      certainty: stated\n"
)
PUBLISHED = "    start: 2022-10-13\n    end: 2022-10-13\n"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")  # fmt: skip
ENGLISH = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DARI = ("دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه")
ARABIC = ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
SETTINGS = settings(max_examples=25, deadline=None)
days = st.dates(min_value=dt.date(2012, 1, 1), max_value=dt.date(2026, 10, 31))


def codes_of(edits: list[tuple[str, str, str]]) -> set[str]:
    """The codes `validate` reports for the fixture records with these edits."""
    with tempfile.TemporaryDirectory() as tmp:
        records = write_records(Path(tmp))
        for rel, old, new in edits:
            path = records / rel
            text = path.read_text(encoding="utf-8")
            assert old in text, old
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return {f.code for f in validate_records(records, today=TODAY).findings}


def stated(
    as_written: str, first: dt.date, last: dt.date, precision: str, note: str | None = None
) -> tuple[str, str, str]:
    lines = [
        "    stated:",
        f"      as_written: {json.dumps(as_written)}",
        f"      start: {first}",
        f"      end: {last}",
        f"      precision: {precision}",
        "      certainty: inferred",
        f"      note: {json.dumps(note or 'Worked out from the publication date.')}",
    ]
    return SOURCE, STATED, "\n".join(lines) + "\n"


def published(day: dt.date) -> tuple[str, str, str]:
    return SOURCE, PUBLISHED, f"    start: {day}\n    end: {day}\n"


# -- weekdays --------------------------------------------------------------------------------


@SETTINGS
@given(
    day=days,
    names=st.sampled_from([ENGLISH, DARI, ARABIC]),
    shift=st.integers(1, 400).filter(lambda n: n % 7),
)
def test_a_day_moved_off_its_weekday_is_reported(day: dt.date, names: tuple[str, ...], shift: int) -> None:
    written = f"{names[day.weekday()]}, {day.day} {MONTHS[day.month - 1]} {day.year}"
    publication = published(dt.date(2026, 11, 1))
    assert "truth/weekday-mismatch" not in codes_of([publication, stated(written, day, day, "day")])
    moved = day - dt.timedelta(days=shift)
    assert "truth/weekday-mismatch" in codes_of([publication, stated(written, moved, moved, "day")])


# -- relative expressions --------------------------------------------------------------------


def _month(year: int, month: int) -> tuple[dt.date, dt.date]:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return dt.date(year, month, 1), following - dt.timedelta(days=1)


def oracle(expression: str, p: dt.date) -> tuple[dt.date, dt.date, str]:
    """The interval an expression means in a text published on p, by hand."""
    monday = p - dt.timedelta(days=p.weekday())
    if expression == "yesterday":
        return p - dt.timedelta(days=1), p - dt.timedelta(days=1), "day"
    if expression == "today":
        return p, p, "day"
    if expression == "two days ago":
        return p - dt.timedelta(days=2), p - dt.timedelta(days=2), "day"
    if expression in ENGLISH:
        day = p - dt.timedelta(days=(p.weekday() - ENGLISH.index(expression)) % 7)
        return day, day, "day"
    if expression == "last week":
        return monday - dt.timedelta(days=7), monday - dt.timedelta(days=1), "week"
    if expression == "this week":
        return monday, monday + dt.timedelta(days=6), "week"
    if expression == "last month":
        return (*_month(p.year, p.month - 1), "month")
    if expression == "last year":
        return dt.date(p.year - 1, 1, 1), dt.date(p.year - 1, 12, 31), "year"
    month = MONTHS.index(expression.removeprefix("in ")) + 1
    return (*_month(p.year if month <= p.month else p.year - 1, month), "month")


EXPRESSIONS = [
    "yesterday",
    "today",
    "two days ago",
    *ENGLISH,
    "last week",
    "this week",
    "last month",
    "last year",
    *(f"in {m}" for m in MONTHS),
]


def moved(first: dt.date, last: dt.date, precision: str, steps: int) -> tuple[dt.date, dt.date]:
    """The interval moved far enough to be wrong under every accepted convention: days by any
    number of days, weeks by at least two days, months by months and years by years."""
    if precision == "day":
        by = dt.timedelta(days=steps)
        return first + by, last + by
    if precision == "week":
        by = dt.timedelta(days=steps + (2 if steps > 0 else -2))
        return first + by, last + by
    if precision == "month":
        return _month(first.year, first.month + steps)
    return dt.date(first.year + steps, 1, 1), dt.date(first.year + steps, 12, 31)


@SETTINGS
@given(
    p=days,
    expression=st.sampled_from(EXPRESSIONS),
    steps=st.integers(-30, 30).filter(bool),
)
def test_a_relative_date_moved_from_its_reading_is_reported(p: dt.date, expression: str, steps: int) -> None:
    first, last, precision = oracle(expression, p)
    assert "truth/relative-date" not in codes_of([published(p), stated(expression, first, last, precision)])
    wrong_first, wrong_last = moved(first, last, precision, steps)
    mutated = [published(p), stated(expression, wrong_first, wrong_last, precision)]
    assert "truth/relative-date" in codes_of(mutated)


@SETTINGS
@given(p=days, expression=st.sampled_from(EXPRESSIONS), years=st.integers(1, 3))
def test_a_relative_date_in_the_wrong_year_is_reported(p: dt.date, expression: str, years: int) -> None:
    """The NationPress slip: the right weekday or month, another year."""
    first, last, _ = oracle(expression, p)
    earlier = [d.replace(year=d.year - years, day=min(d.day, 28)) for d in (first, last)]
    shifted = [published(p), stated(expression, *earlier, "range")]
    assert "truth/relative-date" in codes_of(shifted)


# -- numeric dates ---------------------------------------------------------------------------


@SETTINGS
@given(day=days.filter(lambda d: d.day <= 12 and d.day != d.month), separator=st.sampled_from("/-."))
def test_an_ambiguous_numeric_date(day: dt.date, separator: str) -> None:
    written = f"{day.day}{separator}{day.month}{separator}{day.year}"
    publication = published(dt.date(2026, 11, 1))
    note = "Read day-month, the outlet's order."
    assert not {"truth/day-month-order", "truth/numeric-date-mismatch"} & codes_of(
        [publication, stated(written, day, day, "day", note)]
    )
    assert "truth/day-month-order" in codes_of([publication, stated(written, day, day, "day", "Inferred.")])
    swapped = dt.date(day.year, day.day, day.month)
    assert "truth/numeric-date-mismatch" in codes_of(
        [publication, stated(written, swapped, swapped, "day", note)]
    )


# -- lifetimes -------------------------------------------------------------------------------

MASSOUD = "    description: Leader of an opposition front.\n"


def lifetime(kind: str, day: dt.date) -> tuple[str, str, str]:
    block = (
        f"    {kind}:\n      as_written: on {day}\n      start: {day}\n      end: {day}\n"
        "      precision: day\n      certainty: stated\n"
    )
    return "actors.yaml", MASSOUD, MASSOUD + block


@SETTINGS
@given(offset=st.integers(-20000, 20000).filter(bool))
def test_acting_outside_a_lifetime_is_reported(offset: int) -> None:
    """The fixture's Massoud attends a meeting and speaks on 12 October 2022; move his death
    or birth around it."""
    event = dt.date(2022, 10, 12)
    bound = event + dt.timedelta(days=offset)
    died = codes_of([lifetime("died", bound)])
    born = codes_of([lifetime("born", bound)])
    assert ("truth/after-death" in died) is (bound < event)
    assert ("truth/before-birth" in born) is (bound > event)
