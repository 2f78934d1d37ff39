"""Odd characters in record text: control characters, invisible characters, un-normalized forms,
and text that spreadsheets would run as a formula.

Text copied from web pages brings zero-width spaces, soft hyphens and bidi controls that make
two identical-looking spellings different strings, and sometimes control characters (a NUL, an
escape sequence) that corrupt files and terminals: those are errors. The zero-width non-joiner
is allowed: it is part of correct Persian spelling. Ids are left to `model/bad-id`.

Spreadsheets (Excel, LibreOffice, Google Sheets) treat a cell starting with `=`, `+`, `-` or `@`
(or a tab or carriage return before one) as a formula and run it when a consumer opens the CSV:
no text value or list item may start with one, so no release carries one. The fix is in the
words, never an escape character that would change the value.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.tables import TABLES, Table
from afghan_dialogues.findings import Finding
from afghan_dialogues.validate.checked import Checked, item_index, list_items, positions

_ALLOWED_FORMAT = {"\u200c"}  # zero-width non-joiner (Persian orthography)
FORMULA_START = r"^[=+\-@\t\r]"
"""First characters that make a spreadsheet read a cell as a formula."""


def text_columns(t: Checked, table: Table) -> Iterator[tuple[str, Any, Any]]:
    """(column, values, row of each value or None) of every text column and list of texts."""
    for column in table.columns:
        if column.type not in ("string", "list") or table.id_column(column.name)[0]:
            continue
        if column.name == table.parent_column:
            continue
        values = t.column(table.name, column.name)
        if column.type == "list":
            items, rows = list_items(values)
            yield column.name, items, rows
        else:
            yield column.name, values, None


def rows_and_items(
    t: Checked, table: Table, column: str, rows: Any, hits: list[int]
) -> list[tuple[int, int | None]]:
    """(row, list item) of each hit among a text column's values."""
    if rows is None:
        return [(hit, None) for hit in hits]
    held_by = [int(r) for r in rows.take(pa.array(hits, pa.int64())).to_pylist()]
    items = item_index(t.column(table.name, column), held_by, hits)
    return list(zip(held_by, items, strict=True))


def check_text(t: Checked) -> list[Finding]:
    """Control characters (errors), invisible characters and non-NFC text (warnings), formulas.

    One vectorised pass finds the values that are not plain printable ASCII; only those (text
    with line breaks, tabs or anything beyond ASCII) are looked at character by character.
    """
    out: list[Finding] = []
    for table in TABLES:
        for column, values, rows in text_columns(t, table):
            if len(values) == 0:
                continue
            out += _formulas(t, table, column, values, rows)
            unusual = positions(pc.invert(pc.ascii_is_printable(values)))
            for (row, item), value in zip(
                rows_and_items(t, table, column, rows, unusual), _at(values, unusual), strict=True
            ):
                found = _odd_character(table.name, column, value)
                if found is not None:
                    code, message, hint = found
                    out.append(t.finding(table.name, row, code, message, column, hint=hint, item=item))
    return out


def _odd_character(table: str, column: str, value: str) -> tuple[str, str, str] | None:
    """The most serious odd character of a value: (code, message, hint), or None."""
    control = next((c for c in value if unicodedata.category(c) == "Cc" and c not in "\t\n"), None)
    if control is not None:
        return (
            F.PARSE_CONTROL_CHARACTER,
            f"text contains the control character U+{ord(control):04X}",
            "delete it: control characters corrupt files and terminals",
        )
    odd = _invisible(value)
    if odd is not None:
        return (
            F.PARSE_INVISIBLE_CHARACTER,
            f"text contains {odd}",
            "delete the character; it is invisible in most editors",
        )
    if not unicodedata.is_normalized("NFC", value):
        return F.PARSE_NOT_NFC, "text is not NFC-normalized", "`afghan-dialogues fmt` writes NFC"
    return None


def _formulas(t: Checked, table: Table, column: str, values: Any, rows: Any) -> list[Finding]:
    spec = table.column(column)
    if spec.enum or spec.item_enum:
        return []  # coded values are declared and start with a letter
    hits = positions(pc.match_substring_regex(values, FORMULA_START))
    out: list[Finding] = []
    for (row, item), value in zip(
        rows_and_items(t, table, column, rows, hits), _at(values, hits), strict=True
    ):
        first = value[0]
        if first in "\t\r":
            shown, hint = "a tab" if first == "\t" else "a carriage return", "remove the leading whitespace"
        elif column == "quote":
            shown = f"'{first}'"
            hint = "start the quote at its first word (a quote need not begin where the sentence does)"
        else:
            shown = f"'{first}'"
            hint = "rephrase so the text starts with a letter, a digit or a quotation mark"
        out.append(
            t.finding(
                table.name,
                row,
                F.TRUTH_SPREADSHEET_FORMULA,
                f"text starts with {shown}: spreadsheets run such a cell as a formula",
                column,
                hint=hint,
                item=item,
            )
        )
    return out


def _at(values: Any, hits: list[int]) -> list[str]:
    return [str(v) for v in values.take(pa.array(hits, pa.int64())).to_pylist()] if hits else []


def _invisible(text: str) -> str | None:
    """The first invisible (format) character in text, described, or None."""
    for char in text:
        if unicodedata.category(char) == "Cf" and char not in _ALLOWED_FORMAT:
            return f"U+{ord(char):04X} {unicodedata.name(char, 'format character')}"
    return None
