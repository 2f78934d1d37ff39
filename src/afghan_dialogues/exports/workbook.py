"""`<name>.xlsx`: the tables for spreadsheet users, written with XlsxWriter.

A CSV opened by double-click in a spreadsheet garbles non-ASCII text (it has no byte order
mark), turns Hijri originals such as `1402-09-06` into wrong dates and numbers into numbers;
the workbook types every cell instead. Text columns are text cells in a column formatted as text
(`@`), so nothing typed later is converted either; dates are date cells shown as `yyyy-mm-dd`;
booleans are booleans; lists are their items joined with "; "; a missing value is an empty
cell. No cell is ever a formula. Each table has a sheet with a frozen, filtered header row,
after a first sheet, "About", that explains the tables, columns and coded values (from the
same declarations as the codebook).

XlsxWriter (chosen over openpyxl, which stamps every file with the time it was saved) writes
the same bytes for the same rows: the document's creation time is the release date (1980-01-01
while unreleased), and its zip entries carry a fixed time. It streams each sheet to a temporary
file (`constant_memory`), so a large table does not sit in memory. A sheet holds at most
1,048,575 rows under its header: a longer table continues on sheets `<table> (2)`, ...
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError

from afghan_dialogues.datamodel.enums import vocabularies
from afghan_dialogues.datamodel.models import DatasetInfo
from afghan_dialogues.datamodel.tables import TABLES, Column, Table
from afghan_dialogues.dataset import Dataset
from afghan_dialogues.exports.batches import batches
from afghan_dialogues.exports.codebook import TYPE_NAMES, allowed_values

ABOUT_SHEET = "About"
LIST_SEPARATOR = "; "
SHEET_ROWS = 1_048_575
"""Data rows in one sheet: Excel's 1,048,576 rows less the header."""
MAX_CELL_TEXT = 32_767
"""The most characters a spreadsheet cell holds."""
DATE_FORMAT = "yyyy-mm-dd"
_WIDTHS = {"date": 12, "boolean": 9, "integer": 10}
_TEXT_WIDTH = 36


class CellTooLongError(ValueError):
    """A value longer than a spreadsheet cell holds: written cut, it would be silently lost."""


def workbook_name(name: str) -> str:
    """File name of the workbook of dataset `name`."""
    return f"{name}.xlsx"


def sheet_names(table: Table, rows: int) -> list[str]:
    """The sheets a table of `rows` rows takes: its name, then `<name> (2)`... when it is longer
    than a sheet."""
    count = max(1, -(-rows // SHEET_ROWS))
    return [table.name] + [f"{table.name} ({n})" for n in range(2, count + 1)]


def created(info: DatasetInfo) -> dt.datetime:
    """The document time the workbook carries: the release date, or the zip epoch before it."""
    day = info.released or dt.date(1980, 1, 1)
    return dt.datetime(day.year, day.month, day.day)


class _Formats:
    def __init__(self, book: Any) -> None:
        self.header = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        self.text = book.add_format({"num_format": "@", "valign": "top"})
        self.date = book.add_format({"num_format": DATE_FORMAT, "valign": "top"})
        self.plain = book.add_format({"valign": "top"})
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.bold = book.add_format({"bold": True})
        self.wrapped = book.add_format({"text_wrap": True, "valign": "top"})


def _text(sheet: Any, row: int, col: int, value: str, form: Any, *, where: str) -> None:
    if len(value) > MAX_CELL_TEXT:
        raise CellTooLongError(
            f"{where}: {len(value):,} characters, more than a spreadsheet cell holds ({MAX_CELL_TEXT:,})"
        )
    sheet.write_string(row, col, value, form)


def _about(book: Any, dataset: Dataset, formats: _Formats) -> None:
    info = dataset.info
    sheet = book.add_worksheet(ABOUT_SHEET)
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 28)
    sheet.set_column(2, 2, 12)
    sheet.set_column(3, 3, 12)
    sheet.set_column(4, 4, 80)
    sheet.set_column(5, 5, 40)
    licences = ", ".join(lic.name for lic in info.licenses)
    released = f"Released on {info.released.isoformat()}" if info.released else "Not yet released"
    lines = [
        (f"{info.title} {info.version}", formats.title),
        (info.description, formats.plain),
        (f"{released}. Licence of the data: {licences}. Cite as CITATION.cff says.", formats.plain),
        (
            "One sheet per table, after this one. Text cells are text (a Hijri date such as 1402-09-06 stays "
            "as written), dates are dates (yyyy-mm-dd), lists are their items joined with '; ', and an "
            "empty cell is a missing value. codebook.md and datacard.md in the release say more.",
            formats.plain,
        ),
    ]
    row = 0
    for text, form in lines:
        _text(sheet, row, 0, text, form, where=ABOUT_SHEET)
        row += 1
    row += 1
    _text(sheet, row, 0, "Tables", formats.bold, where=ABOUT_SHEET)
    row += 1
    for col, head in enumerate(("table", "sheet", "rows", "key columns", "one row per")):
        _text(sheet, row, col, head, formats.header, where=ABOUT_SHEET)
    for table in TABLES:
        row += 1
        rows = dataset.to_arrow(table.name).num_rows
        _text(sheet, row, 0, table.name, formats.text, where=ABOUT_SHEET)
        _text(sheet, row, 1, ", ".join(sheet_names(table, rows)), formats.text, where=ABOUT_SHEET)
        sheet.write_number(row, 2, rows)
        _text(sheet, row, 3, ", ".join(table.primary_key), formats.text, where=ABOUT_SHEET)
        _text(sheet, row, 4, table.description, formats.wrapped, where=ABOUT_SHEET)
    row += 2
    _text(sheet, row, 0, "Columns", formats.bold, where=ABOUT_SHEET)
    row += 1
    for col, head in enumerate(
        ("table", "column", "type", "always present", "description", "allowed values")
    ):
        _text(sheet, row, col, head, formats.header, where=ABOUT_SHEET)
    for table in TABLES:
        for column in table.columns:
            row += 1
            cells = (
                table.name,
                column.name,
                TYPE_NAMES[column.type],
                "yes" if table.never_null(column) else "no",
                column.description,
                allowed_values(column),
            )
            for col, value in enumerate(cells):
                if value:
                    _text(sheet, row, col, value, formats.wrapped, where=ABOUT_SHEET)
    row += 2
    _text(sheet, row, 0, "Coded values", formats.bold, where=ABOUT_SHEET)
    row += 1
    for col, head in enumerate(("vocabulary", "value", "", "", "definition")):
        if head:
            _text(sheet, row, col, head, formats.header, where=ABOUT_SHEET)
    for vocabulary in vocabularies():
        for member in vocabulary:
            row += 1
            _text(sheet, row, 0, vocabulary.__name__, formats.text, where=ABOUT_SHEET)
            _text(sheet, row, 1, member.value, formats.text, where=ABOUT_SHEET)
            _text(sheet, row, 4, member.definition, formats.wrapped, where=ABOUT_SHEET)


def _values(array: Any, column: Column) -> list[Any]:
    values = array.to_pylist()
    if column.type == "list":
        return [LIST_SEPARATOR.join(items) if items else None for items in values]
    return values  # type: ignore[no-any-return]


def _rows(arrow: Any, table: Table) -> Iterator[list[Any]]:
    for batch in batches(arrow):
        columns = [_values(batch.column(i), c) for i, c in enumerate(table.columns)]
        yield from (list(row) for row in zip(*columns, strict=True))


def _sheet(book: Any, name: str, table: Table, formats: _Formats) -> Any:
    sheet = book.add_worksheet(name)
    for col, column in enumerate(table.columns):
        form = {"date": formats.date, "boolean": formats.plain, "integer": formats.plain}.get(
            column.type, formats.text
        )
        sheet.set_column(col, col, _WIDTHS.get(column.type, _TEXT_WIDTH), form)
        _text(sheet, 0, col, column.name, formats.header, where=name)
    sheet.freeze_panes(1, 0)
    return sheet


def _table(book: Any, dataset: Dataset, table: Table, formats: _Formats) -> None:
    arrow = dataset.to_arrow(table.name)
    for part, name in enumerate(sheet_names(table, arrow.num_rows)):
        first = part * SHEET_ROWS
        sheet = _sheet(book, name, table, formats)
        row = 0
        for row, values in enumerate(_rows(arrow.slice(first, SHEET_ROWS), table), start=1):
            for col, (column, value) in enumerate(zip(table.columns, values, strict=True)):
                if value is None:
                    continue
                kind = column.type
                if kind == "date":
                    sheet.write_datetime(row, col, value, formats.date)
                elif kind == "boolean":
                    sheet.write_boolean(row, col, value, formats.plain)
                elif kind == "integer":
                    sheet.write_number(row, col, value, formats.plain)
                else:
                    where = f"{table.name} row {first + row}, {column.name}"
                    _text(sheet, row, col, value, formats.text, where=where)
        sheet.autofilter(0, 0, max(row, 1), len(table.columns) - 1)


def write_workbook(dataset: Dataset, path: Path) -> None:
    """Write the workbook of `dataset` to `path` (XlsxWriter's temporary files go in a hidden
    folder beside it, removed once it is written)."""
    with tempfile.TemporaryDirectory(prefix=".xlsx-", dir=path.parent) as scratch:
        book = xlsxwriter.Workbook(
            str(path),
            {
                "constant_memory": True,
                "tmpdir": scratch,
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "default_date_format": DATE_FORMAT,
            },
        )
        book.use_zip64()  # only a workbook over 4 GB needs it; the others are the same bytes
        info = dataset.info
        book.set_properties(
            {
                "title": f"{info.title} {info.version}",
                "subject": info.description,
                "author": ", ".join(c.title for c in info.contributors),
                "created": created(info),
            }
        )
        formats = _Formats(book)
        _about(book, dataset, formats)
        for table in TABLES:
            _table(book, dataset, table, formats)
        try:
            book.close()
        except FileCreateError as exc:  # XlsxWriter's wrapper of the OSError it met
            cause = exc.__cause__ or exc.__context__
            raise OSError(f"cannot write {path.name}: {cause or exc}") from exc
