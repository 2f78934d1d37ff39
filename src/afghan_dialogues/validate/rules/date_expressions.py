"""Dates as written against the dates recorded: weekdays, relative expressions, numeric dates.

A careful analyst re-reads `as_written` against the bounds: a named weekday must be the day
recorded, "on Tuesday" in a report of Wednesday 10 December 2025 is 9 December 2025 whatever
the reader assumed about the year, and "10/1/2022" is 10 January or 1 October depending on an
order someone must have chosen and can say. The vocabulary (weekday names in English,
Dari/Persian and Arabic; the table of relative expressions; numeric dates; what a note must say)
lives in `validate.date_words`; this module holds the rules.

- **Weekdays** (`truth/weekday-mismatch`, error: a calendar fact): a day must fall on a weekday
  its `as_written` names; a closed span must contain every weekday named. Open spans are not
  judged. A note sentence that names the weekday and calls it wrong (the source misprinted it)
  is the one way out. Every date field is checked.
- **Relative expressions** (`truth/relative-date`, warning: conventions differ and texts copy
  one another) are re-derived from the publication date of the source that writes them: a
  claim's `stated` from its source; a meeting's date and an affiliation's period from each of
  their sources (one is enough: the records do not say which source wrote the words). A
  source's own `published`, and actors' birth and death (no source of theirs states them), are
  not relative to anything. Publication ranges are read day by day. The record is consistent
  when, for some publication day, every expression has a reading that contains the recorded
  interval or lies inside it (a source's "last week" narrowed by an organiser to two days is
  fine; a week shifted by a day is not; open bounds reach as far as needed). Statements and held
  meetings cannot be after their report, so for them only readings beginning by the publication
  day count. Expressions that count months or days of a month apply to Gregorian dates only.
  The finding is silenced only by a note saying the words are not read from the publication
  date (`date_words.note_explains_reading`).
- **Numeric dates**: an ambiguous `a/b/yyyy` (both parts 12 or less and different) whose note
  does not say which order was read is `truth/day-month-order` (warning). A recorded date that is
  not the written one, read in the order the note states, is `truth/numeric-date-mismatch`
  (error), as is, for a stated date, one that matches neither order; an inferred date may move
  from the written one (its note says how). Hijri dates are compared through `original`.

Work grows with distinct dates, not with rows: `as_written` is read once per distinct text and
only rows whose text says something are looked at; rows whose weekday is plainly right pass in
one vectorised comparison; relative expressions are judged once per distinct combination of
text, publication and bounds (see `_claims_relative`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field
from functools import lru_cache
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.calendars import parse_original
from afghan_dialogues.datamodel.enums import Calendar, MeetingStatus
from afghan_dialogues.datamodel.tables import TABLES, date_fields
from afghan_dialogues.findings import Finding
from afghan_dialogues.validate.checked import Checked
from afghan_dialogues.validate.date_words import (
    WEEKDAY_NAMES,
    Interval,
    NumericDate,
    Relative,
    days_of,
    fold,
    note_explains_reading,
    note_says_weekday_wrong,
    numeric_dates,
    orders_stated,
    relative_expressions,
    weekday_mentions,
)

Anchor = tuple[dt.date, dt.date]
"""A publication date: first and last possible day."""

_LONGEST_PUBLICATION = 400
"""Publication dates known to less than about a year anchor nothing."""


@dataclass(frozen=True)
class Reading:
    """What one `as_written` text says, read once per distinct text."""

    weekdays: frozenset[int]
    numerics: tuple[NumericDate, ...]
    relatives: tuple[Relative, ...]

    @property
    def weekly(self) -> bool:
        """Every relative expression counts days, weeks or weekdays (see `_claims_relative`)."""
        return bool(self.relatives) and not any(r.expression.counts_months for r in self.relatives)

    @property
    def fixed(self) -> bool:
        """Every relative expression names its month and year."""
        return bool(self.relatives) and all(r.expression.fixed for r in self.relatives)

    @property
    def one_weekday(self) -> int:
        """The weekday when exactly one is named, else -1 (for the vectorised pass)."""
        return next(iter(self.weekdays)) if len(self.weekdays) == 1 else -1


_NOTHING = Reading(frozenset(), (), ())


@lru_cache(maxsize=1 << 14)
def read(as_written: str | None) -> Reading:
    """The weekdays, numeric dates and relative expressions of a date as written."""
    if as_written is None:
        return _NOTHING
    text = fold(as_written)
    return Reading(
        frozenset(day for day, _ in weekday_mentions(text)),
        tuple(numeric_dates(text)),
        relative_expressions(as_written),
    )


@dataclass(frozen=True)
class Field:
    """One date field of one table: the rows whose `as_written` says anything these rules read
    (the others are never looked at), and the reading of each distinct text.

    Vectorised work runs over those rows only: `where` spreads a per-text value to them, `part`
    gives a date part at them, `picked` selects some of them and `rows_of` turns a selection back
    into the table's row positions.
    """

    t: Checked
    table: str
    name: str
    texts: list[str | None]
    """The distinct texts."""
    readings: list[Reading]
    """Reading of each distinct text."""
    rows: Any
    """Table positions of the rows read (an Arrow int64 array)."""
    index: Any
    """For each row read, the position of its text among the distinct texts."""
    _parts: dict[str, Any] = dc_field(default_factory=dict)

    def part(self, name: str) -> Any:
        """One date part at the rows read."""
        if name not in self._parts:
            self._parts[name] = self.t.column(self.table, f"{self.name}_{name}").take(self.rows)
        return self._parts[name]

    def where(self, values: Sequence[Any], arrow_type: Any = None) -> Any:
        """A per-text value (a flag unless told otherwise) at each row read."""
        return pc.take(pa.array(values, arrow_type or pa.bool_()), self.index)

    def rows_of(self, picked: Any) -> list[int]:
        """Table positions of some rows read, given by their place among them."""
        return [int(r) for r in self.rows.take(picked).to_pylist()]

    def take(self, rows: list[int], *parts: str) -> list[tuple[Any, ...]]:
        """The given date parts of the given table rows, as Python values."""
        picked = pa.array(rows, pa.int64())
        columns = [self.t.column(self.table, f"{self.name}_{p}").take(picked).to_pylist() for p in parts]
        return list(zip(*columns, strict=True))

    def finding(self, row: int, code: str, message: str, part: str, hint: str) -> Finding:
        return self.t.finding(self.table, row, code, message, f"{self.name}_{part}", hint=hint)


def picked(mask: Any) -> Any:
    """Places where a boolean array is true (nulls count as false), as an Arrow int64 array."""
    return pc.indices_nonzero(pc.fill_null(mask, False))


def field_of(t: Checked, table: str, name: str) -> Field | None:
    """A field whose texts say anything these rules read; None otherwise."""
    written = t.column(table, f"{name}_as_written")
    if len(written) == 0 or written.null_count == len(written):
        return None
    encoded = pc.dictionary_encode(
        written.combine_chunks() if isinstance(written, pa.ChunkedArray) else written
    )
    texts = encoded.dictionary.to_pylist()
    readings = [read(text) for text in texts]
    said = [bool(r.weekdays or r.numerics or r.relatives) for r in readings]
    if not any(said):
        return None
    rows = picked(pc.take(pa.array(said, pa.bool_()), encoded.indices))
    return Field(t, table, name, texts, readings, rows, encoded.indices.take(rows))


def check_date_expressions(t: Checked) -> list[Finding]:
    """Weekdays, numeric dates and relative expressions of every date field."""
    out: list[Finding] = []
    for table in TABLES:
        for name in date_fields(table.model):
            field = field_of(t, table.name, name)
            if field is None:
                continue
            out += _weekdays(field)
            out += _numerics(field)
            if (table.name, name) in _ANCHORS:
                out += _relatives(field)
    return out


# -- weekdays ------------------------------------------------------------------------------


def _days_text(days: Iterable[int]) -> str:
    return " and ".join(WEEKDAY_NAMES[d] for d in sorted(days))


def _weekdays(field: Field) -> list[Finding]:
    named = field.where([len(r.weekdays) > 0 for r in field.readings])
    start, end = field.part("start"), field.part("end")
    plainly_right = pc.and_(
        pc.equal(start, end),
        pc.equal(field.where([r.one_weekday for r in field.readings], pa.int64()), pc.day_of_week(start)),
    )
    rows = field.rows_of(picked(pc.and_(named, pc.invert(pc.fill_null(plainly_right, False)))))
    out: list[Finding] = []
    for row, (written, first, last, note) in zip(
        rows, field.take(rows, "as_written", "start", "end", "note"), strict=True
    ):
        days = read(written).weekdays
        if first is None or last is None:
            continue
        if first == last:
            if first.weekday() in days:
                continue
            problem = (
                f"'{written}' names {_days_text(days)}, but {first} is a {WEEKDAY_NAMES[first.weekday()]}"
            )
        else:
            held = {day.weekday() for day in days_of(first, min(last, first + dt.timedelta(days=6)))}
            if days <= held:
                continue
            missing = _days_text(days - held)
            problem = f"'{written}' names {_days_text(days)}, but {first}..{last} holds no {missing}"
        if note_says_weekday_wrong(note, set(days)):
            continue
        out.append(
            field.finding(
                row,
                F.TRUTH_WEEKDAY_MISMATCH,
                problem,
                "start",
                "check the day, the order of day and month, and the year against the weekday; "
                "if the source misprinted the weekday, say so in `note`",
            )
        )
    return out


# -- numeric dates ---------------------------------------------------------------------------


def _numerics(field: Field) -> list[Finding]:
    rows = field.rows_of(picked(field.where([bool(r.numerics) for r in field.readings])))
    out: list[Finding] = []
    parts = ("as_written", "start", "end", "calendar", "original", "certainty", "note")
    for row, (written, first, last, calendar, original, certainty, note) in zip(
        rows, field.take(rows, *parts), strict=True
    ):
        numerics = read(written).numerics
        stated = orders_stated(note)
        for numeric in numerics:
            if numeric.ambiguous and not stated & numeric.readings.keys():
                day_month, month_day = (_ymd_text(numeric.readings[o]) for o in ("day-month", "month-day"))
                out.append(
                    field.finding(
                        row,
                        F.TRUTH_DAY_MONTH_ORDER,
                        f"'{numeric.text}' is {day_month} read day-month and {month_day} read "
                        "month-day; the note does not say which order was read",
                        "note",
                        "say in `note` which order was read (day-month or month-day) and why: the "
                        "outlet's convention, a weekday, the text",
                    )
                )
        recorded = _recorded_days(numerics, first, last, calendar, original)
        for numeric, day in recorded:
            problem = _numeric_problem(numeric, day, stated, certainty)
            if problem is not None:
                out.append(field.finding(row, F.TRUTH_NUMERIC_DATE_MISMATCH, *problem))
    return out


def _ymd_text(ymd: tuple[int, int, int]) -> str:
    return f"{ymd[0]:04d}-{ymd[1]:02d}-{ymd[2]:02d}"


def _recorded_days(
    numerics: tuple[NumericDate, ...],
    first: dt.date | None,
    last: dt.date | None,
    calendar: str,
    original: str | None,
) -> list[tuple[NumericDate, tuple[int, int, int]]]:
    """The recorded day each numeric date should be: one date is the day recorded, two are the
    bounds of a span; in a Hijri calendar the day is `original`."""
    if calendar != Calendar.gregorian.value:
        parts = parse_original(original) if original else (None, None, None)
        if len(numerics) == 1 and None not in parts:
            return [(numerics[0], (int(str(parts[0])), int(str(parts[1])), int(str(parts[2]))))]
        return []
    if first is None or last is None:
        return []
    if len(numerics) == 1 and first == last:
        return [(numerics[0], (first.year, first.month, first.day))]
    if len(numerics) == 2 and first < last:
        return [
            (numerics[0], (first.year, first.month, first.day)),
            (numerics[1], (last.year, last.month, last.day)),
        ]
    return []


def _numeric_problem(
    numeric: NumericDate, day: tuple[int, int, int], stated: set[str], certainty: str
) -> tuple[str, str, str] | None:
    """(message, part, hint) when the recorded day is not the written one."""

    def same(reading: tuple[int, int, int]) -> bool:
        year = day[0] % 100 if numeric.short_year else day[0]
        return reading == (year, day[1], day[2])

    allowed = {
        o: r for o, r in numeric.readings.items() if not (stated & numeric.readings.keys()) or o in stated
    }
    if any(same(r) for r in allowed.values()):
        return None
    recorded = _ymd_text(day)
    contrary = [o for o, r in numeric.readings.items() if o not in allowed and same(r)]
    if contrary:
        (order,) = contrary
        return (
            f"'{numeric.text}' is recorded as {recorded}, the {order} reading; the note says it was "
            f"read {' and '.join(sorted(allowed))}",
            "start",
            "record the date in the order the note states, or correct the note",
        )
    if certainty != "stated":
        return None  # an inferred date may move from the written one; its note says how
    readings = " or ".join(f"{_ymd_text(r)} ({o})" for o, r in numeric.readings.items())
    return (
        f"'{numeric.text}' is {readings}, recorded as {recorded}",
        "start",
        "a stated date is the date written: check the day, the month and the year",
    )


# -- relative expressions --------------------------------------------------------------------


_ANCHORS = {("claims", "stated"), ("meetings", "date"), ("affiliations", "period")}
"""The dates a source writes: a claim's statement, a meeting's date, an affiliation's period."""

_EPOCH = dt.date(1970, 1, 1)


def _relatives(field: Field) -> list[Finding]:
    """Rows whose text holds an expression that applies to their calendar, judged in three
    ways that give the same answer: texts that only name a month and year once per distinct
    (text, bounds); claims once per distinct combination (`_claims_relative`); the few meetings
    and affiliations one by one, against each of their sources."""
    readings = field.readings
    weekly = field.where([any(not r.expression.counts_months for r in x.relatives) for x in readings])
    monthly = field.where([any(r.expression.counts_months for r in x.relatives) for x in readings])
    gregorian = pc.equal(field.part("calendar"), Calendar.gregorian.value)
    applies = pc.or_(weekly, pc.and_(monthly, gregorian))
    fixed = field.where([x.fixed for x in readings])
    out = _fixed_relatives(field, picked(pc.and_(applies, fixed)))
    others = picked(pc.and_(applies, pc.invert(fixed)))
    if len(others) == 0:
        return out
    if field.table == "claims":
        return out + _claims_relative(field, others)
    rows = field.rows_of(others)
    t = field.t
    at_rows = pa.array(rows, pa.int64())
    source_lists = t.column(field.table, "source_ids").take(at_rows).to_pylist()
    published = _publications(t, sorted({s for sources in source_lists for s in sources or ()}))
    past = [False] * len(rows)
    if field.table == "meetings":
        held = MeetingStatus.held.value
        past = [s == held for s in t.column("meetings", "status").take(at_rows).to_pylist()]
    parts = ("as_written", "calendar", "start", "end", "note")
    for row, sources, before, (written, calendar, first, last, note) in zip(
        rows, source_lists, past, field.take(rows, *parts), strict=True
    ):
        anchors = tuple(sorted({published[s] for s in sources or () if s in published}))
        problem = _disagreement(written, calendar, past=before, anchors=anchors, bounds=(first, last))
        if problem is not None and not note_explains_reading(note):
            out.append(_relative_finding(field, row, problem, (first, last)))
    return out


def _publications(t: Checked, sources: list[str]) -> dict[str, Anchor]:
    """Publication bounds of the given sources (those with both bounds)."""
    table = t.tables["sources"]
    at = pc.index_in(pa.array(sources, pa.string()), value_set=table.column("id"))
    starts = table.column("published_start").take(at).to_pylist()
    ends = table.column("published_end").take(at).to_pylist()
    return {
        source: (start, end)
        for source, start, end in zip(sources, starts, ends, strict=True)
        if start is not None and end is not None
    }


def _grouped(keys: Any, names: list[str]) -> tuple[list[tuple[Any, ...]], Any]:
    """The distinct combinations of the key columns, and the rows of each (an Arrow list array)."""
    groups = keys.group_by(names).aggregate([("shift", "min"), ("row", "list")])
    columns = [groups.column(name).to_pylist() for name in (*names, "shift_min")]
    return list(zip(*columns, strict=True)), groups.column("row_list")


def _fixed_relatives(field: Field, chosen: Any) -> list[Finding]:
    """Texts that name a month and year ("in October 2022") mean it whenever they were
    published: each distinct (text, calendar, bounds) is judged once. (A statement dated after
    its source is `time/stated-after-published`'s finding, not this one's.)"""
    if len(chosen) == 0:
        return []
    keys = pa.table(
        {
            "text": field.index.take(chosen),
            "calendar": field.part("calendar").take(chosen),
            "start": field.part("start").take(chosen),
            "end": field.part("end").take(chosen),
            "shift": pa.nulls(len(chosen), pa.int32()),
            "row": field.rows.take(chosen),
        }
    )
    combinations, row_lists = _grouped(keys, ["text", "calendar", "start", "end"])
    out: list[Finding] = []
    for index, (text, calendar, first, last, _) in enumerate(combinations):
        problem = _disagreement(
            str(field.texts[text]), calendar, past=False, anchors=((_EPOCH, _EPOCH),), bounds=(first, last)
        )
        if problem is None:
            continue
        failing = sorted(row_lists[index].as_py())
        for row, (note,) in zip(failing, field.take(failing, "note"), strict=True):
            if not note_explains_reading(note):
                out.append(_relative_finding(field, row, problem, (first, last)))
    return out


def _day_numbers(dates: Any) -> Any:
    return pc.cast(dates, pa.int32())


def _date(number: int) -> dt.date:
    return _EPOCH + dt.timedelta(days=number)


def _maybe_date(number: int | None) -> dt.date | None:
    return None if number is None else _date(number)


def _claims_relative(field: Field, chosen: Any) -> list[Finding]:
    """Claims are many: judge each distinct combination once, and look at single rows only in
    the combinations that disagree.

    Expressions that count days, weeks and weekdays (no `counts_months` row) mean the same
    thing, shifted, in every week: for texts made only of them, a combination is the text, the
    publication's weekday and the dates counted from the publication's first day, so "on
    Monday" four days before a Friday publication is judged once for every Friday of the year.
    """
    t = field.t
    rows = field.rows.take(chosen)
    sources = t.tables["sources"]
    at = pc.index_in(t.column("claims", "source_id").take(rows), value_set=sources.column("id"))
    published = sources.column("published_start").take(at)
    weekly = field.where([r.weekly for r in field.readings]).take(chosen)
    shift = pc.if_else(weekly, _day_numbers(published), pa.scalar(0, pa.int32()))
    keys = pa.table(
        {
            "text": field.index.take(chosen),
            "calendar": field.part("calendar").take(chosen),
            "weekday": pc.day_of_week(published),
            "pub_start": pc.subtract(_day_numbers(published), shift),
            "pub_end": pc.subtract(_day_numbers(sources.column("published_end").take(at)), shift),
            "start": pc.subtract(_day_numbers(field.part("start").take(chosen)), shift),
            "end": pc.subtract(_day_numbers(field.part("end").take(chosen)), shift),
            "shift": shift,
            "row": rows,
        }
    )
    names = ["text", "calendar", "weekday", "pub_start", "pub_end", "start", "end"]
    combinations, row_lists = _grouped(keys, names)
    failing: list[int] = []
    for index, (text, calendar, _, pub_first, pub_last, first, last, moved) in enumerate(combinations):
        by = moved or 0
        anchors: tuple[Anchor, ...] = ()
        if pub_first is not None and pub_last is not None:
            anchors = ((_date(pub_first + by), _date(pub_last + by)),)
        bounds = (
            _maybe_date(None if first is None else first + by),
            _maybe_date(None if last is None else last + by),
        )
        if _disagreement(str(field.texts[text]), calendar, past=True, anchors=anchors, bounds=bounds):
            failing += row_lists[index].as_py()
    return _claims_disagreeing(field, sorted(failing))


def _claims_disagreeing(field: Field, rows: list[int]) -> list[Finding]:
    """The findings of claims whose combination disagrees, from each claim's own dates."""
    t = field.t
    picked = pa.array(rows, pa.int64())
    sources = t.tables["sources"]
    at = pc.index_in(t.column("claims", "source_id").take(picked), value_set=sources.column("id"))
    values = zip(
        rows,
        sources.column("published_start").take(at).to_pylist(),
        sources.column("published_end").take(at).to_pylist(),
        field.take(rows, "as_written", "calendar", "start", "end", "note"),
        strict=True,
    )
    out: list[Finding] = []
    for row, pub_first, pub_last, (written, calendar, first, last, note) in values:
        if note_explains_reading(note):
            continue
        anchors = ((pub_first, pub_last),)
        problem = _disagreement(written, calendar, past=True, anchors=anchors, bounds=(first, last))
        if problem is not None:
            out.append(_relative_finding(field, row, problem, (first, last)))
    return out


@dataclass(frozen=True)
class Disagreement:
    """An expression none of whose readings fits the record, on a publication day."""

    relative: Relative
    anchors: tuple[Anchor, ...]
    readings: tuple[Interval, ...]


def _fits(first: dt.date | None, last: dt.date | None, reading: Interval) -> bool:
    """The record lies inside the reading (narrowed by other evidence) or contains it."""
    inside = first is not None and last is not None and reading[0] <= first and last <= reading[1]
    contains = (first is None or first <= reading[0]) and (last is None or reading[1] <= last)
    return inside or contains


def _readings(relative: Relative, day: dt.date, past: bool) -> tuple[Interval, ...]:
    found = relative.candidates(day)
    return tuple(r for r in found if r[0] <= day) if past else found


def _disagreement(
    written: str,
    calendar: str,
    *,
    past: bool,
    anchors: tuple[Anchor, ...],
    bounds: tuple[dt.date | None, dt.date | None],
) -> Disagreement | None:
    """The first expression that fits no reading on any publication day, or None. `past`: the
    date cannot be after the publication (statements, held meetings)."""
    first, last = bounds
    relatives = [
        r
        for r in relative_expressions(written)
        if calendar == Calendar.gregorian.value or not r.expression.counts_months
    ]
    usable = [(a, b) for a, b in anchors if (b - a).days <= _LONGEST_PUBLICATION]
    if not relatives or not usable or (first is None and last is None):
        return None
    for start, end in usable:
        for day in days_of(start, end):
            if all(any(_fits(first, last, r) for r in _readings(rel, day, past)) for rel in relatives):
                return None
    day = usable[0][0]
    failing = next(
        rel for rel in relatives if not any(_fits(first, last, r) for r in _readings(rel, day, past))
    )
    return Disagreement(failing, tuple(usable), _readings(failing, day, past))


def _interval_text(first: dt.date | None, last: dt.date | None) -> str:
    if first == last and first is not None:
        return str(first)
    return f"{first or ''}..{last or ''}"


def _relative_finding(
    field: Field, row: int, problem: Disagreement, bounds: tuple[dt.date | None, dt.date | None]
) -> Finding:
    meaning = " or ".join(_interval_text(a, b) for a, b in problem.readings) or "no date by then"
    if problem.relative.expression.fixed:
        written = f"'{problem.relative.words}' means {meaning}"
    else:
        published = " or ".join(_interval_text(a, b) for a, b in problem.anchors)
        if len(problem.anchors) > 1 or problem.anchors[0][0] != problem.anchors[0][1]:
            meaning += f" (read from {problem.anchors[0][0]})"
        written = f"'{problem.relative.words}' written in a source published {published} means {meaning}"
    return field.finding(
        row,
        F.TRUTH_RELATIVE_DATE,
        f"{written}, but the date is recorded as {_interval_text(*bounds)}",
        "start",
        "re-derive the date from the publication date and check the year; if the words are "
        "relative to another date, say so in `note` ('not the week of the publication', "
        "'as_written quotes ...')",
    )
