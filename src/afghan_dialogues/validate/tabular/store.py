"""The narrow columns kept from each table for the checks that span rows and tables.

A table is read batch by batch and everything that concerns one row is checked there; what
outlives the batch is only what cross-record checks need (ids, references, a few dates and
codes) plus the row's validity, so memory grows with the ids of a release, not with its text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from afghan_dialogues.datamodel.tables import Table
from afghan_dialogues.validate.tabular.cells import LIST, Checked
from afghan_dialogues.validate.tabular.located import Place
from afghan_dialogues.validate.tabular.rules import record_fields, reference_columns

_EXTRA: dict[str, tuple[str, ...]] = {
    "sources": ("published_start", "published_end", "text_sha256"),
    "actors": ("name", "kind"),
    "actor_names": ("spelling",),
    "meetings": ("status", "date_start"),
    "claims": ("quote_kind", "stated_start", "note"),
}
_EVIDENCE: dict[str, tuple[str, ...]] = {"claims": ("quote",)}


def kept_columns(table: Table, evidence: bool) -> tuple[str, ...]:
    """Column names kept for a table."""
    names = [*record_fields(table), *table.primary_key, *(c.name for c in reference_columns(table))]
    names += _EXTRA.get(table.name, ())
    if evidence:
        names += _EVIDENCE.get(table.name, ())
    if "id" in table.column_names:
        names.append("id")
    return tuple(dict.fromkeys(names))


@dataclass
class Kept:
    """What is left of one table after its batches: kept columns, validity, where it was read."""

    table: Table
    file: str
    names: tuple[str, ...]
    columns: dict[str, Any] = field(default_factory=dict)
    valid: Any = None
    rows: int = 0
    _parts: dict[str, list[Any]] = field(default_factory=dict)
    _valid: list[Any] = field(default_factory=list)

    def add(self, checked: Checked) -> None:
        """Keep the narrow columns of one checked batch."""
        for name in self.names:
            self._parts.setdefault(name, []).append(checked.columns[name])
        self._valid.append(checked.valid)
        self.rows += len(checked.valid)

    def finish(self) -> Kept:
        """Concatenate the kept batches."""
        for name in self.names:
            self.columns[name] = pa.chunked_array(self._parts.pop(name, []), type=_type_of(self.table, name))
        self.valid = pa.chunked_array(self._valid, type=pa.bool_())
        self._valid = []
        return self

    def place(self) -> Place:
        """Where findings about whole-table rows point."""
        return Place(self.table, self.file)


def _type_of(table: Table, name: str) -> Any:
    kind = next(c.type for c in table.columns if c.name == name)
    return {"date": pa.date32(), "boolean": pa.bool_(), "list": LIST}.get(kind, pa.string())
