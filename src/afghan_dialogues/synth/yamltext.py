"""YAML text of records, written directly in the canonical form `afghan-dialogues fmt` produces.

Dumping a hundred thousand claims through ruamel.yaml takes minutes; the records here have a
fixed shape (mappings, lists, strings, dates, booleans), so they are written line by line with
ruamel's quoting rules for scalars: plain when the text cannot be read as anything else,
single-quoted otherwise, double-quoted only for control characters. A test holds the output
to `fmt --check`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

_FIRST_INDICATORS = frozenset("#,[]{}&*!|>'\"%@`")
_RESOLVES = re.compile(
    r"""^(?:~|null|Null|NULL
    |true|True|TRUE|false|False|FALSE
    |[-+]?[0-9][0-9_]*|0o[0-7_]+|0x[0-9a-fA-F_]+
    |[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)
    |[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}.*)?
    |<<|=)$""",
    re.VERBOSE,
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x84\x86-\x9f\ufeff\ud800-\udfff\ufffe\uffff]")


def _plain_allowed(text: str) -> bool:
    if not text or text != text.strip(" ") or _RESOLVES.match(text):
        return False
    first = text[0]
    if first in _FIRST_INDICATORS:
        return False
    if first in "?:-" and (len(text) == 1 or text[1] == " "):
        return False
    return ": " not in text and " #" not in text and not text.endswith(":")


def scalar(value: Any) -> str:
    """One scalar as ruamel.yaml writes it in block context."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _CONTROL.search(text) or "\n" in text or "\t" in text:
        return json.dumps(text, ensure_ascii=False)
    if _plain_allowed(text):
        return text
    return "'" + text.replace("'", "''") + "'"


def lines(data: Mapping[str, Any], indent: int = 0) -> Iterator[str]:
    """A mapping as block YAML lines; None values and empty lists are left out."""
    pad = " " * indent
    for key, value in data.items():
        if value is None or (isinstance(value, list) and not value):
            continue
        if isinstance(value, Mapping):
            yield f"{pad}{key}:"
            yield from lines(value, indent + 2)
        elif isinstance(value, list):
            yield f"{pad}{key}:"
            yield from items(value, indent + 2)
        else:
            yield f"{pad}{key}: {scalar(value)}"


def items(values: Sequence[Any], indent: int) -> Iterator[str]:
    """A list as block YAML lines, dashes at `indent`."""
    pad = " " * indent
    for value in values:
        if isinstance(value, Mapping):
            inner = list(lines(value, indent + 2))
            yield f"{pad}- {inner[0].lstrip()}"
            yield from inner[1:]
        else:
            yield f"{pad}- {scalar(value)}"


def document(data: Mapping[str, Any], comment: str | None = None) -> str:
    """A whole file: optional comment line, then the mapping."""
    head = [f"# {comment}"] if comment else []
    return "\n".join([*head, *lines(data)]) + "\n"
