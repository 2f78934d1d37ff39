"""The records front end: YAML entries → one Pydantic model per record → the rules' tables.

Every record that passes its model becomes a flat row of its published table (and its
spellings and references rows of the nested tables), remembering the entry it came from, so a
rule's finding about a row and column points at the YAML line of that very field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from afghan_dialogues.datamodel.tables import TABLE_BY_NAME, TABLES, Table, flatten
from afghan_dialogues.recordfiles.layout import TEXTS_DIR
from afghan_dialogues.recordfiles.loader import Entry, Loaded
from afghan_dialogues.recordfiles.yamlreader import FieldPath
from afghan_dialogues.validate.checked import Checked, rule_schema


@dataclass(frozen=True)
class RecordRows:
    """Rows built from records: the entry of each row and the path of the row inside it."""

    table: Table
    origins: list[tuple[Entry, FieldPath]]

    def locate(self, position: int, column: str | None, item: int | None) -> tuple[str | None, int | None]:
        entry, inside = self.origins[position]
        path = inside
        if column is not None and column != self.table.parent_column:
            spec = self.table.column(column)
            path += spec.date if spec.date is not None else (column,)
            if item is not None:
                path += (item,)
        return entry.file, entry.line_of(*path)


def checked_from_records(loaded: Loaded) -> Checked:
    """The rules' tables of a records folder whose entries went through the model layer."""
    rows: dict[str, list[dict[str, Any]]] = {t.name: [] for t in TABLES}
    origins: dict[str, list[tuple[Entry, FieldPath]]] = {t.name: [] for t in TABLES}
    nested_in = {t.model: [n for n in TABLES if t.model in n.parents] for t in TABLES}
    invalid: set[str] = set()
    for entry in loaded.entries:
        record = entry.record
        if record is None:
            rid = entry.data.get("id") if isinstance(entry.data, dict) else None
            if isinstance(rid, str):
                invalid.add(rid)
            continue
        name = type(record).table
        rows[name].append(flatten(record))
        origins[name].append((entry, ()))
        for nested in nested_in.get(type(record), []):
            field = str(nested.nested_field)
            for index, item in enumerate(getattr(record, field)):
                parent = {str(nested.parent_column): getattr(record, "id")}  # noqa: B009
                rows[nested.name].append({**parent, **flatten(item)})
                origins[nested.name].append((entry, (field, index)))
    tables = {
        name: pa.Table.from_pylist(items, schema=rule_schema(TABLE_BY_NAME[name]))
        for name, items in rows.items()
    }
    return Checked(
        root=loaded.root,
        tables=tables,
        rows={name: RecordRows(TABLE_BY_NAME[name], origins[name]) for name in rows},
        invalid_ids=invalid,
        unreadable=set(loaded.unreadable),
        texts=dict(loaded.texts) if (loaded.root / TEXTS_DIR).is_dir() else None,
    )
