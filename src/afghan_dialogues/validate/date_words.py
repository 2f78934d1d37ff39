"""How sources write dates: weekday names, numeric dates and relative expressions, as data.

The truth rules read `as_written` through this module only, so a new spelling or expression is
added here once (a row of a table) and every rule that reads dates sees it. Everything here is a
pure function of text and, for relative expressions, of a publication day.

Text is compared after `fold`: NFC, the Arabic letters that Persian writes differently (ي/ی,
ك/ک, ة/ه, أ/إ/آ/ا) folded to one form, tatweel and vowel marks dropped, the zero-width
non-joiner read as a space (سه‌شنبه, سه شنبه and سهشنبه are one word), Persian and
Arabic-Indic digits read as ASCII digits.
"""

from __future__ import annotations

import calendar as gregorian_calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

Interval = tuple[dt.date, dt.date]
"""First and last day (inclusive)."""

_FOLD = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ك": "ک",
        "ة": "ه",
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ـ": "",
        "\u200c": " ",
        **{chr(0x06F0 + d): str(d) for d in range(10)},
        **{chr(0x0660 + d): str(d) for d in range(10)},
    }
)
_MARKS = re.compile("[\u064b-\u065f\u0670]")


def fold(text: str) -> str:
    """The form in which dates are matched (see the module docstring)."""
    return _MARKS.sub("", unicodedata.normalize("NFC", text).translate(_FOLD))


# -- weekdays ------------------------------------------------------------------------------

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
"""English names, indexed as `datetime.date.weekday()` counts (Monday = 0)."""

WEEKDAY_SPELLINGS: tuple[tuple[int, str], ...] = (
    # English, any case, as whole words ("Mondays" is a habit, not a date).
    *((day, f"(?i:{name})") for day, name in enumerate(WEEKDAY_NAMES)),
    # English abbreviations: capitalised and followed by a dot, a comma or a day number, so that
    # "Sun" the newspaper and "wed" the verb are not read as days.
    (0, r"Mon(?=[.,]|\s+\d)"),
    (1, r"Tues?(?=[.,]|\s+\d)"),
    (2, r"Weds?(?=[.,]|\s+\d)"),
    (3, r"Thu(?:rs?)?(?=[.,]|\s+\d)"),
    (4, r"Fri(?=[.,]|\s+\d)"),
    (5, r"Sat(?=[.,]|\s+\d)"),
    (6, r"Sun(?=[.,]|\s+\d)"),
    # Dari/Persian (folded): the number word joined, spaced or after a non-joiner; the compounds
    # come before the bare شنبه (Saturday) they contain.
    (6, "یک ?شنبه"),
    (0, "دو ?شنبه"),
    (1, "سه ?شنبه"),
    (2, "چهار ?شنبه"),
    (3, "پنج ?شنبه"),
    (5, "شنبه"),
    (4, "جمعه"),
    # Arabic (folded), with the article, optionally after the conjunction و; without the article
    # اثنین is the number two and احد "one".
    (0, "و?الاثنین"),
    (1, "و?الثلاثاء?"),
    (2, "و?الاربعاء?"),
    (3, "و?الخمیس"),
    (4, "و?الجمعه"),
    (5, "و?السبت"),
    (6, "و?الاحد(?! عشر)"),
)
"""(weekday, pattern over folded text) for every spelling read as a weekday."""

_WEEKDAY_GROUPS = {f"w{i}": day for i, (day, _) in enumerate(WEEKDAY_SPELLINGS)}
WEEKDAY = "(?:" + "|".join(f"(?P<w{i}>{p})" for i, (_, p) in enumerate(WEEKDAY_SPELLINGS)) + ")"
"""Any weekday spelling, one named group per spelling (see `weekday_of`)."""
_WEEKDAY_WORD = re.compile(rf"(?<!\w){WEEKDAY}(?!\w)")

_RELATIONAL_BEFORE = re.compile(
    r"(?:\b(?i:before|after|following|preceding|by)\s+(?:the\s+)?"
    r"|(?:پیش|قبل|بعد|پس) از\s+(?:روز\s+)?|(?:قبل|بعد)\s+(?:یوم\s+)?)$"
)
"""Words after which a weekday is another day's landmark ("the day after Monday")."""
_POSSESSIVE = re.compile(r"['’]s\b")
"""'Monday's meeting': the weekday of something else."""

DUSHANBE_PLACE_BEFORE = ("در", "به", "از", "شهر", "نشست", "کنفرانس", "اجلاس", "مذاکرات", "فی", "الی")
DUSHANBE_PLACE_AFTER = ("تاجیکستان", "پایتخت")
"""دوشنبه is both Monday and the city of Dushanbe (in Arabic only the city). It is read as the
city, not a weekday, after a word of place or movement ("در دوشنبه", in Dushanbe; "نشست
دوشنبه", the Dushanbe meeting) or before "Tajikistan" or "capital": no finding is better than
one made from a city's name. Where it stands as a date ("روز دوشنبه", "دوشنبه ۱۰ جدی",
"دوشنبه گذشته") it is Monday."""


def weekday_of(match: re.Match[str]) -> int:
    """The weekday (Monday = 0) a match of `WEEKDAY` spells."""
    return _WEEKDAY_GROUPS[str(match.lastgroup)]


def _is_dushanbe(text: str, start: int, end: int) -> bool:
    before = text[:start].split()
    after = text[end:].replace("،", " ").replace(",", " ").split()
    return bool(before and before[-1] in DUSHANBE_PLACE_BEFORE) or bool(
        after and after[0] in DUSHANBE_PLACE_AFTER
    )


def weekday_mentions(folded: str) -> Iterator[tuple[int, re.Match[str]]]:
    """Each weekday the folded text names as the day of the date: not a landmark ("after
    Monday"), a possessive ("Monday's talks") or the city of Dushanbe."""
    for match in _WEEKDAY_WORD.finditer(folded):
        start, end = match.span()
        if _RELATIONAL_BEFORE.search(folded[:start]) or _POSSESSIVE.match(folded, end):
            continue
        day = weekday_of(match)
        if day == 0 and "شنبه" in match.group() and _is_dushanbe(folded, start, end):
            continue
        yield day, match


_NOTE_SAYS_WRONG = re.compile(
    r"\b(?:wrong|wrongly|error|erroneous|mistake|mistaken|misprint|typo|slip|incorrect)\b", re.IGNORECASE
)


def note_says_weekday_wrong(note: str | None, days: set[int]) -> bool:
    """Whether one sentence of the note names a weekday of `days` and calls it wrong (the source
    misprinted the weekday: the date follows other evidence, `as_written` stays verbatim)."""
    if not note:
        return False
    for sentence in re.split(r"(?<=[.;])\s+", note):
        named = {day for day, _ in weekday_mentions(fold(sentence))}
        if named & days and _NOTE_SAYS_WRONG.search(sentence):
            return True
    return False


# -- numeric dates ---------------------------------------------------------------------------

_NUMERIC = re.compile(r"(?<![\d/.\-])(\d{1,4})([/.\-])(\d{1,2})\2(\d{1,4})(?![\d/\-]|\.\d)")


@dataclass(frozen=True)
class NumericDate:
    """One all-number date in `as_written`, with the (year, month, day) readings it allows."""

    text: str
    readings: dict[str, tuple[int, int, int]]
    """'day-month' / 'month-day' (or 'year-month-day') → (year, month, day)."""
    short_year: bool
    """Written with two year digits: compare years modulo 100."""

    @property
    def ambiguous(self) -> bool:
        """Both orders give a date, and not the same one."""
        return len(self.readings) == 2


def _valid(month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= 31


def numeric_dates(folded: str) -> list[NumericDate]:
    """Every `a/b/yyyy`, `a-b-yyyy`, `a.b.yyyy` (or two-digit year) and `yyyy/mm/dd` date."""
    out: list[NumericDate] = []
    for match in _NUMERIC.finditer(folded):
        first, _, middle, last = match.groups()
        a, b = int(first), int(middle)
        if len(first) == 4 and len(last) <= 2:
            if _valid(b, int(last)):
                out.append(NumericDate(match.group(), {"year-month-day": (a, b, int(last))}, False))
            continue
        if len(first) > 2 or len(last) not in (2, 4):
            continue
        year = int(last)
        readings = {
            order: (year, month, day)
            for order, (day, month) in (("day-month", (a, b)), ("month-day", (b, a)))
            if _valid(month, day)
        }
        if a == b and readings:
            readings = {"day-month": (year, a, a)}
        if readings:
            out.append(NumericDate(match.group(), readings, len(last) == 2))
    return out


_ORDER_STATED = {
    "day-month": re.compile(r"\bday[\s\-–]*(?:month|first)\b|\bdd?[/.\-–]mm?\b", re.IGNORECASE),
    "month-day": re.compile(r"\bmonth[\s\-–]*(?:day|first)\b|\bmm?[/.\-–]dd?\b", re.IGNORECASE),
}


def orders_stated(note: str | None) -> set[str]:
    """The orders the note says a numeric date was read in: 'day-month' ("day-month-year", "day
    first", "DD/MM") and/or 'month-day' ("month-day", "month first", "MM-DD")."""
    if not note:
        return set()
    return {order for order, pattern in _ORDER_STATED.items() if pattern.search(note)}


# -- relative expressions --------------------------------------------------------------------

Derive = Callable[[dt.date, re.Match[str]], tuple[Interval, ...]]
"""(publication day, match) → the intervals the expression can mean on that day."""

_ONE_DAY = dt.timedelta(days=1)


def _days(offset: int) -> Derive:
    def derive(p: dt.date, m: re.Match[str]) -> tuple[Interval, ...]:
        day = p + dt.timedelta(days=offset)
        return ((day, day),)

    return derive


def _day_span(first: int, last: int) -> Derive:
    def derive(p: dt.date, m: re.Match[str]) -> tuple[Interval, ...]:
        return ((p + dt.timedelta(days=first), p + dt.timedelta(days=last)),)

    return derive


def _days_ago(p: dt.date, m: re.Match[str]) -> tuple[Interval, ...]:
    count = m.group("count").lower()
    number = int(count) if count.isdigit() else _NUMBER_WORDS.index(count) + 1
    day = p - dt.timedelta(days=number)
    return ((day, day),)


_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _week_start(p: dt.date, first_day: int) -> dt.date:
    return p - dt.timedelta(days=(p.weekday() - first_day) % 7)


def _week(offset: int, first_days: tuple[int, ...], *, until_publication: bool = False) -> Derive:
    """The calendar week `offset` weeks from the publication week, for each convention of the
    week's first day; "earlier this week" ends on the publication day."""

    def derive(p: dt.date, m: re.Match[str]) -> tuple[Interval, ...]:
        out = []
        for first_day in first_days:
            start = _week_start(p, first_day) + dt.timedelta(weeks=offset)
            out.append((start, p if until_publication else start + dt.timedelta(days=6)))
        return tuple(out)

    return derive


def _month_interval(year: int, month: int) -> Interval:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return dt.date(year, month, 1), dt.date(year, month, gregorian_calendar.monthrange(year, month)[1])


def _month(offset: int, *, until_publication: bool = False) -> Derive:
    def derive(p: dt.date, m: re.Match[str]) -> tuple[Interval, ...]:
        start, end = _month_interval(p.year, p.month + offset)
        return ((start, p if until_publication else end),)

    return derive


def _year(offset: int, *, until_publication: bool = False) -> Derive:
    def derive(p: dt.date, m: re.Match[str]) -> tuple[Interval, ...]:
        year = p.year + offset
        return ((dt.date(year, 1, 1), p if until_publication else dt.date(year, 12, 31)),)

    return derive


def _weekday_near(p: dt.date, day: int, after: int) -> dt.date:
    """The `day` in the seven days starting `after` days from publication."""
    first = p + dt.timedelta(days=after)
    return first + dt.timedelta(days=(day - first.weekday()) % 7)


def _weekday_group(m: re.Match[str]) -> int:
    """The weekday a row's `WEEKDAY` group matched (the last group of every weekday row)."""
    return _WEEKDAY_GROUPS[str(m.lastgroup)]


_WEEKDAY_CHOICES: dict[str, Callable[[dt.date, int], dt.date]] = {
    "latest": lambda p, day: _weekday_near(p, day, -6),
    "before": lambda p, day: _weekday_near(p, day, -7),
    "next": lambda p, day: _weekday_near(p, day, 1),
    "previous-week": lambda p, day: _week_start(p, 0) + dt.timedelta(days=day - 7),
    "this-week": lambda p, day: _week_start(p, 0) + dt.timedelta(days=day),
    "next-week": lambda p, day: _week_start(p, 0) + dt.timedelta(days=day + 7),
}


def _weekday(*choices: str) -> Derive:
    """A named weekday near publication: 'latest' (on or before the publication day), 'before'
    (strictly before), 'next' (strictly after), 'previous-week', 'this-week' and 'next-week'
    (in that Monday-to-Sunday week)."""
    pick = [_WEEKDAY_CHOICES[c] for c in choices]

    def derive(p: dt.date, m: re.Match[str]) -> tuple[Interval, ...]:
        day = _weekday_group(m)
        return tuple((found, found) for found in (choose(p, day) for choose in pick))

    return derive


MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_SPELLINGS = tuple(
    f"{name}|{name[:3]}\\." + ("|Sept\\.?" if name == "September" else "") for name in MONTH_NAMES
)
MONTH = "(?:" + "|".join(f"(?P<m{i + 1}>{p})" for i, p in enumerate(_MONTH_SPELLINGS)) + ")"
"""An English month name, capitalised ('may' and 'march' are words), or its abbreviation with
a dot; one named group per month."""


def _month_group(m: re.Match[str]) -> int:
    return next(int(name[1:]) for name, value in m.groupdict().items() if value and name[0] == "m")


def _named_month_of_year(p: dt.date, m: re.Match[str]) -> tuple[Interval, ...]:
    return (_month_interval(int(m.group("year")), _month_group(m)),)


def _named_month(p: dt.date, m: re.Match[str]) -> tuple[Interval, ...]:
    """The latest such month begun by publication, and the next one."""
    month = _month_group(m)
    latest = p.year if month <= p.month else p.year - 1
    return _month_interval(latest, month), _month_interval(latest + 1, month)


def _day_in_months(
    p: dt.date, day: int, months: tuple[int, ...], offsets: tuple[int, ...]
) -> tuple[Interval, ...]:
    out = []
    for month in months:
        for offset in offsets:
            year, number = p.year + (month + offset - 1) // 12, (month + offset - 1) % 12 + 1
            if day <= gregorian_calendar.monthrange(year, number)[1]:
                out.append((dt.date(year, number, day),) * 2)
    return tuple(out)


def _named_day(p: dt.date, m: re.Match[str]) -> tuple[Interval, ...]:
    """'10 December' without a year: the latest such day on or before publication, the next."""
    month, day = _month_group(m), int(m.group("day"))
    candidates = _day_in_months(p, day, (month,), (-12, 0, 12))
    latest = [c for c in candidates if c[0] <= p][-1:]
    following = [c for c in candidates if c[0] > p][:1]
    return (*latest, *following)


def _nth(p: dt.date, m: re.Match[str]) -> tuple[Interval, ...]:
    """'on the 12th': that day of the publication month, the month before or the month after."""
    return _day_in_months(p, int(m.group("day")), (p.month,), (-1, 0, 1))


_ORDINAL = r"(?P<day>[12]?\d|3[01])(?:st|nd|rd|th)?"
_ENGLISH_WEEK = (0, 6)
"""English weeks: Monday to Sunday (ISO), or Sunday to Saturday (the US convention)."""
_DARI_WEEK = (5,)
"""Afghan and Iranian weeks: Saturday to Friday."""
_ARABIC_WEEK = (5, 6)
"""Arab weeks: Saturday to Friday or Sunday to Saturday, by country."""


@dataclass(frozen=True)
class Expression:
    """One row of the relative expressions: a pattern over folded text, and what it means on a
    publication day. `counts_months` rows read Gregorian months or days of the month, so they
    apply only to dates whose calendar is Gregorian (a Hijri outlet's "last month" is a Hijri
    month: the calendar check re-derives those from `original`). A `fixed` row names its month
    and year and means the same on every publication day."""

    pattern: str
    derive: Derive
    counts_months: bool = False
    fixed: bool = False


def _row(pattern: str, derive: Derive, *, counts_months: bool = False, fixed: bool = False) -> Expression:
    return Expression(pattern, derive, counts_months, fixed)


RELATIVE_EXPRESSIONS: tuple[Expression, ...] = (
    # Earlier rows win: a row's words are not matched again by later rows.
    _row(r"(?i)\bthe day before yesterday\b", _days(-2)),
    _row(r"(?i)\byesterday\b", _days(-1)),
    _row(r"(?i)\blast night\b", _day_span(-1, 0)),
    _row(r"(?i)\b(?:today|tonight|this (?:morning|afternoon|evening))\b", _days(0)),
    _row(r"(?i)\btomorrow\b", _days(1)),
    _row(r"(?i)\b(?P<count>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten) days? ago\b", _days_ago),
    _row(r"(?i)\bearlier this week\b", _week(0, _ENGLISH_WEEK, until_publication=True)),
    _row(r"(?i)\bthis week\b", _week(0, _ENGLISH_WEEK)),
    _row(r"(?i)\b(?:last|previous) week\b", _week(-1, _ENGLISH_WEEK)),
    _row(r"(?i)\bnext week\b", _week(1, _ENGLISH_WEEK)),
    _row(r"(?i)\bearlier this month\b", _month(0, until_publication=True), counts_months=True),
    _row(r"(?i)\bthis month\b", _month(0), counts_months=True),
    _row(r"(?i)\b(?:last|previous) month\b", _month(-1), counts_months=True),
    _row(r"(?i)\bnext month\b", _month(1), counts_months=True),
    _row(r"(?i)\bearlier this year\b", _year(0, until_publication=True), counts_months=True),
    _row(r"(?i)\bthis year\b", _year(0), counts_months=True),
    _row(r"(?i)\b(?:last|previous) year\b", _year(-1), counts_months=True),
    _row(r"(?i)\bnext year\b", _year(1), counts_months=True),
    _row(rf"(?i:\blast\s+){WEEKDAY}(?!\w)", _weekday("before", "previous-week")),
    _row(rf"(?i:\bthis\s+){WEEKDAY}(?!\w)", _weekday("this-week", "latest", "next")),
    _row(rf"(?i:\bnext\s+){WEEKDAY}(?!\w)", _weekday("next", "next-week")),
    _row(rf"\b{MONTH},?\s+(?P<year>(?:19|20)\d\d)\b", _named_month_of_year, counts_months=True, fixed=True),
    _row(rf"\b{MONTH}\s+{_ORDINAL}\b", _named_day, counts_months=True),
    _row(rf"\b{_ORDINAL}\s+(?:of\s+)?{MONTH}", _named_day, counts_months=True),
    _row(rf"\b{MONTH}(?!\w)", _named_month, counts_months=True),
    _row(r"(?i)\bthe (?P<day>[12]?\d|3[01])(?:st|nd|rd|th)\b", _nth, counts_months=True),
    # Dari/Persian (folded): days and Saturday-to-Friday weeks. Months and years are left out:
    # Afghan and Iranian outlets count them in the Solar Hijri calendar.
    _row(r"(?<!\w)پریروز(?!\w)", _days(-2)),
    _row(r"(?<!\w)دیروز(?!\w)", _days(-1)),
    _row(r"(?<!\w)امروز(?!\w)", _days(0)),
    _row(r"(?<!\w)فردا(?!\w)", _days(1)),
    _row(r"(?<!\w)هفته(?: ی)? (?:گذشته|پیش|قبل)(?!\w)", _week(-1, _DARI_WEEK)),
    _row(r"(?<!\w)این هفته(?!\w)", _week(0, _DARI_WEEK)),
    _row(r"(?<!\w)هفته(?: ی)? (?:اینده|بعد)(?!\w)", _week(1, _DARI_WEEK)),
    _row(rf"(?<!\w){WEEKDAY}(?: ی)? گذشته(?!\w)", _weekday("before", "previous-week")),
    _row(rf"(?<!\w){WEEKDAY}(?: ی)? اینده(?!\w)", _weekday("next", "next-week")),
    # Arabic (folded): days and weeks.
    _row(r"(?<!\w)(?:ب?الامس|امس|البارحه)(?!\w)", _days(-1)),
    _row(r"(?<!\w)غدا(?!\w)", _days(1)),
    _row(r"(?<!\w)الاسبوع (?:الماضی|السابق)(?!\w)", _week(-1, _ARABIC_WEEK)),
    _row(r"(?<!\w)هذا الاسبوع(?!\w)", _week(0, _ARABIC_WEEK)),
    _row(r"(?<!\w)الاسبوع (?:المقبل|القادم)(?!\w)", _week(1, _ARABIC_WEEK)),
    _row(rf"(?<!\w){WEEKDAY} (?:الماضی|السابق)(?!\w)", _weekday("before", "previous-week")),
    _row(rf"(?<!\w){WEEKDAY} (?:المقبل|القادم)(?!\w)", _weekday("next", "next-week")),
)
"""The relative expressions `validate` re-derives from the publication date of the source that
writes them. To add one, add a row: a pattern over folded text (`(?i)` for English; `WEEKDAY`
and `MONTH` give named groups the helpers read) and a function of the publication day giving
every interval the expression can mean on that day (several when conventions differ)."""

BARE_WEEKDAY = _weekday("latest", "next")
"""A weekday standing alone ("on Tuesday", "in a tweet Monday"): the latest such day on or
before publication (wire style calls the day of the report by its name too), or the next one.
Applied only when the text holds no other expression: next to one ("Monday last week",
"yesterday, Monday") the weekday only qualifies it, and the weekday check holds the date to it."""

_COMPILED = tuple(re.compile(row.pattern) for row in RELATIVE_EXPRESSIONS)
_FULL_DATE_YEAR = re.compile(r"(?<!\d)(?:1[34]|19|20)\d\d(?!\d)")
_FULL_DATE_DAY = re.compile(r"(?<![\d:])\d{1,2}(?:st|nd|rd|th)?(?![\d:])")


@dataclass(frozen=True)
class Relative:
    """One relative expression found in a text."""

    words: str
    expression: Expression
    match: re.Match[str]

    def candidates(self, published: dt.date) -> tuple[Interval, ...]:
        """What it can mean in a text published on that day."""
        return self.expression.derive(published, self.match)


@lru_cache(maxsize=1 << 14)
def relative_expressions(as_written: str) -> tuple[Relative, ...]:
    """The relative expressions of a date as written, in table order; none when the text names
    a day and a year (an absolute date: "3 to 5 December 2023", "10/1/2022")."""
    text = fold(as_written)
    if _FULL_DATE_YEAR.search(text) and _FULL_DATE_DAY.search(_FULL_DATE_YEAR.sub(" ", text)):
        return ()
    found: list[Relative] = []
    for row, pattern in zip(RELATIVE_EXPRESSIONS, _COMPILED, strict=True):
        for match in pattern.finditer(text):
            found.append(Relative(match.group(), row, match))
            start, end = match.span()
            text = text[:start] + " " * (end - start) + text[end:]
    if not found:
        found += [
            Relative(m.group(), Expression(m.re.pattern, BARE_WEEKDAY), m) for _, m in weekday_mentions(text)
        ]
    return tuple(found)


_QUOTES_ANOTHER = re.compile(r"\bas_written quotes\b", re.IGNORECASE)
_NOT_PUBLICATION = re.compile(r"\bnot\b[^.;]*\bpublication\b", re.IGNORECASE)


def note_explains_reading(note: str | None) -> bool:
    """Whether the note says the expression is not read from the publication date: the date
    `as_written` quotes another document ("as_written quotes Kabul Now"), or one sentence says
    "not" ... "publication" ("Not the week of the page's publication", "relative to the
    interview, not to the publication")."""
    return bool(note) and bool(_QUOTES_ANOTHER.search(str(note)) or _NOT_PUBLICATION.search(str(note)))


def days_of(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    """Every day from start to end."""
    day = start
    while day <= end:
        yield day
        day += _ONE_DAY
