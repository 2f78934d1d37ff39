"""What each published column must hold, read off the models (never written down twice).

`schema.tables.Column` carries the Table Schema view (type, required, enum, pattern); the
model's JSON Schema adds what only Pydantic checks (minimum lengths of text and of lists).
Which pattern failures are "bad ids" rather than plain bad values is decided exactly as the
records validator decides it (`validate.model`), so the two report the same codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from afghan_dialogues.datamodel.models import ReportedDate
from afghan_dialogues.datamodel.tables import DATE_PARTS, TABLES, Column, Table, date_fields
from afghan_dialogues.validate.model import (
    _ID_PREFIX_BY_FIELD,
    _LIST_PREFIX_BY_FIELD,
    _expected_prefix,
)
from afghan_dialogues.validate.references import _NOT_REFERENCES

_DATE_REQUIRED = frozenset(name for name, f in ReportedDate.model_fields.items() if f.is_required())
"""Parts a reported date cannot lack once it is given at all (as_written, precision, certainty)."""


@dataclass(frozen=True)
class Rule:
    """One column and everything a value in it must satisfy."""

    column: Column
    min_length: int = 0
    min_items: int = 0
    id_field: bool = False
    prefix: str | None = None
    date: str | None = None
    """For a part of a reported date: the date's field name (`published` of `published_start`)."""
    part: str | None = None

    @property
    def name(self) -> str:
        """The column name."""
        return self.column.name


@dataclass(frozen=True)
class DateGroup:
    """The columns of one reported date, and whether the record must have the date."""

    name: str
    required: bool

    def column(self, part: str) -> str:
        """Column name of one part."""
        return f"{self.name}_{part}"


def _property(schema: dict[str, Any], name: str) -> dict[str, Any]:
    prop: dict[str, Any] = schema.get("properties", {}).get(name, {})
    if "anyOf" in prop:
        options = [o for o in prop["anyOf"] if o.get("type") != "null"]
        prop = options[0] if options else {}
    return prop


@cache
def rules(table: Table) -> tuple[Rule, ...]:
    """The rules of every column of a table, in published order."""
    schema = table.model.model_json_schema()
    date_schema = ReportedDate.model_json_schema()
    groups = {g.name for g in date_groups(table)}
    out: list[Rule] = []
    for column in table.columns:
        date = next((g for g in groups if column.name.startswith(f"{g}_")), None)
        part = column.name.removeprefix(f"{date}_") if date else None
        if date is not None and part in DATE_PARTS:
            prop = _property(date_schema, str(part))
            out.append(Rule(column, min_length=int(prop.get("minLength", 0)), date=date, part=part))
            continue
        prop = _property(schema, column.name)
        id_field = column.name in _ID_PREFIX_BY_FIELD or column.name in _LIST_PREFIX_BY_FIELD
        prefix = _expected_prefix(table.model, (column.name,)) if id_field else None
        if column.name == table.parent_column:
            id_field, prefix = True, "act"
        out.append(
            Rule(
                column,
                min_length=int(prop.get("minLength", 0)),
                min_items=int(prop.get("minItems", 0)),
                id_field=id_field,
                prefix=prefix,
            )
        )
    return tuple(out)


@cache
def date_groups(table: Table) -> tuple[DateGroup, ...]:
    """The reported dates of a table's model."""
    fields = table.model.model_fields
    return tuple(DateGroup(name, fields[name].is_required()) for name in date_fields(table.model))


def date_part_required(part: str) -> bool:
    """Whether a part must be present whenever its date is."""
    return part in _DATE_REQUIRED


def reference_columns(table: Table) -> tuple[Column, ...]:
    """Columns holding ids of other records, as `validate.references.refs_of` finds them.

    Scalar fields ending in `_id`/`_into`, list fields ending in `_ids`/`_from`; an unnested
    table's parent key is not a reference (in the records the spelling sits inside its actor).
    """
    out = []
    for column in table.columns:
        if column.name in _NOT_REFERENCES or column.name == table.parent_column:
            continue
        suffixes = ("_ids", "_from") if column.type == "list" else ("_id", "_into")
        if column.name.endswith(suffixes):
            out.append(column)
    return tuple(out)


KEY_FIELDS: dict[str, tuple[str, ...]] = {
    "affiliations": ("actor_id", "organization_id"),
    "participants": ("meeting_id", "actor_id", "role"),
    "claim_relations": ("claim_id", "relation", "other_claim_id"),
    "actor_names": ("actor_id",),
    "references": ("record_id",),
}
"""How a row is named in findings: its id, or these fields joined by spaces, as the records
validator names relationship records (and a spelling by the actor it belongs to)."""


def record_fields(table: Table) -> tuple[str, ...]:
    """The columns that make up a row's record id."""
    return KEY_FIELDS.get(table.name, ("id",))


ID_TABLES = tuple(t for t in TABLES if "id" in t.column_names and t.name != "tombstones")
"""Tables whose rows carry an id of their own (tombstones retire ids rather than own them)."""
