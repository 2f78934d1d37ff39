"""JSON tables: an array of row objects per table, lists as arrays, dates as ISO strings.

Every row carries every column (null when empty), so consumers never have to guess whether a
missing key means null or a different schema.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any


def _default(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def write_json(columns: Sequence[str], rows: Iterable[dict[str, Any]], path: Path) -> None:
    """One row object per line inside a JSON array, keys in column order."""
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write("[")
        first = True
        for row in rows:
            handle.write("\n  " if first else ",\n  ")
            handle.write(
                json.dumps({name: row[name] for name in columns}, ensure_ascii=False, default=_default)
            )
            first = False
        handle.write("\n]\n" if not first else "]\n")
