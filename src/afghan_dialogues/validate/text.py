"""Odd Unicode in record text: invisible characters and un-normalized forms.

Text copied from web pages brings zero-width spaces, soft hyphens and bidi controls that make
two identical-looking spellings different strings. The zero-width non-joiner is allowed: it is
part of correct Persian spelling.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from afghan_dialogues import findings as F
from afghan_dialogues.findings import Finding

if TYPE_CHECKING:
    from afghan_dialogues.recordfiles.loader import Entry

_ALLOWED_FORMAT = {"\u200c"}  # zero-width non-joiner (Persian orthography)


def _strings(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, sub in value.items():
            yield from _strings(sub, (*path, str(key)))
    elif isinstance(value, list):
        for index, sub in enumerate(value):
            yield from _strings(sub, (*path, index))


_ASCII_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
"""The only invisible characters ASCII has: its controls (Cc) other than the line feed."""


def invisible(text: str) -> str | None:
    """The first invisible or control character in text, described, or None."""
    if text.isascii():
        found = _ASCII_CONTROL.search(text)
        return f"U+{ord(found.group()):04X} control character" if found else None
    for ch in text:
        cat = unicodedata.category(ch)
        if (cat == "Cf" and ch not in _ALLOWED_FORMAT) or (cat == "Cc" and ch not in "\n"):
            return f"U+{ord(ch):04X} {unicodedata.name(ch, 'control character')}"
    return None


def _entry_strings(entry: Entry) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """The strings of a record that may hold odd characters.

    A file whose text is printable ASCII yields only printable ASCII strings, which are NFC:
    of such a record only the values the loader added from outside the file need a look.
    """
    if not entry.doc.plain_ascii:
        return _strings(entry.data, ())
    data = entry.data
    return (item for key in entry.added for item in _strings(data.get(key), (key,)))


def check_text(entries: list[Entry]) -> list[Finding]:
    """Warn about invisible characters and non-NFC text in every string field."""
    out: list[Finding] = []
    for entry in entries:
        if entry.doc.plain_ascii and not entry.added:
            continue
        for path, text in _entry_strings(entry):
            if path and path[-1] == "id":
                continue  # ids get the precise model/bad-id finding
            found = invisible(text)
            if not found and unicodedata.is_normalized("NFC", text):
                continue
            common: dict[str, Any] = {
                "file": entry.file,
                "line": entry.line_of(*path),
                "record_id": entry.record_id,
                "field": ".".join(map(str, path)),
            }
            if found:
                out.append(
                    Finding(
                        F.PARSE_INVISIBLE,
                        f"text contains {found}",
                        hint="delete the character; it is invisible in most editors",
                        **common,
                    )
                )
            else:
                out.append(
                    Finding(
                        F.PARSE_NOT_NFC,
                        "text is not NFC-normalized",
                        hint="`afghan-dialogues fmt` writes NFC",
                        **common,
                    )
                )
    return out
