"""Invisible characters and un-normalized text in every text cell and list item of a batch.

Almost every cell of a release is printable ASCII, which one vectorised test rules out; only
the rest is looked at closely, with the very functions the records validator uses
(`validate.text.invisible`, NFC by `unicodedata`), so the two report the same cells. As there,
the `id` column is left to the model layer's precise bad-id finding.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from afghan_dialogues import findings as F
from afghan_dialogues.findings import Finding
from afghan_dialogues.validate.tabular.cells import Checked
from afghan_dialogues.validate.tabular.located import record_ids, rows_where
from afghan_dialogues.validate.text import invisible

_SUSPECT = r"[\p{Cc}\p{Cf}]"


def check_text(checked: Checked) -> list[Finding]:
    """Warnings for invisible characters and non-NFC text, all rows (valid or not)."""
    out: list[Finding] = []
    for column in checked.place.table.columns:
        if column.name == "id" or column.type not in {"string", "list"}:
            continue
        values = checked.columns[column.name]
        if column.type == "list":
            items = pc.list_flatten(values)
            rows = pc.list_parent_indices(values)
        else:
            items, rows = values, None
        out += _cells(checked, column.name, items, rows)
    return out


def _cells(checked: Checked, name: str, items: Any, rows: Any) -> list[Finding]:
    if len(items) == 0:
        return []
    unusual = pc.invert(pc.fill_null(pc.ascii_is_printable(items), True))
    positions = rows_where(unusual)
    if not positions:
        return []
    index = pa.array(positions, type=pa.int64())
    texts = items.take(index)
    suspect = pc.fill_null(pc.match_substring_regex(texts, _SUSPECT), False).to_pylist()
    changed = pc.fill_null(pc.not_equal(pc.utf8_normalize(texts, "NFC"), texts), False).to_pylist()
    found: list[tuple[int, str, str, str]] = []
    for n, text in enumerate(texts.to_pylist()):
        hidden = invisible(text) if suspect[n] else None
        if hidden:
            found.append(
                (
                    n,
                    F.PARSE_INVISIBLE,
                    f"text contains {hidden}",
                    "delete the character; it is invisible in most editors",
                )
            )
        elif changed[n] and unicodedata.normalize("NFC", text) != text:
            found.append(
                (n, F.PARSE_NOT_NFC, "text is not NFC-normalized", "`afghan-dialogues fmt` writes NFC")
            )
    if not found:
        return []
    row_of = [positions[n] for n, *_ in found]
    if rows is not None:
        row_of = [int(r) for r in rows.take(pa.array(row_of, type=pa.int64())).to_pylist()]
    ids = record_ids(checked.place.table, checked.columns, row_of)
    return [
        checked.place.at(row, code, message, record_id, field=name, hint=hint)
        for row, record_id, (_, code, message, hint) in zip(row_of, ids, found, strict=True)
    ]
