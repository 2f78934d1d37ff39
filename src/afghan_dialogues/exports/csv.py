"""CSV files as the data package's resources describe them.

Written with the csv module from the flat rows rather than pyarrow.csv, which cannot write list
columns: the Table Schema `list` type expects the items joined with ",", booleans are
`true`/`false` (the field's trueValues/falseValues), dates ISO 8601, and null an empty cell
(the schema's only missing value). Ids and coded values never contain a comma, so joining
needs no escaping.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any


def cell(value: Any) -> str:
    """One value as its CSV cell text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(cell(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_csv(columns: Sequence[str], rows: Iterable[dict[str, Any]], path: Path) -> None:
    """Header plus one line per row, UTF-8 without BOM, CRLF line ends (RFC 4180)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([cell(row[name]) for name in columns])
