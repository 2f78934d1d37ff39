"""The published tables, derived from the models: names, columns, keys, and row flattening.

Columns are read off each model's JSON Schema (already resolved by Pydantic: types, enums,
patterns, optionality), so the model stays the only place a field is described. A
ReportedDate field `x` becomes the columns `x_start, x_end, x_precision, x_certainty,
x_calendar, x_original, x_as_written, x_note`; an actor's spellings become the `actor_names`
table, because a list of records does not fit a CSV cell.

Table and column names are the public interface of the releases: renaming one is a breaking
change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, get_args

from afghan_dialogues.datamodel.enums import Vocabulary
from afghan_dialogues.datamodel.ids import SLUG
from afghan_dialogues.datamodel.introspect import enum_in, nested_model
from afghan_dialogues.datamodel.models import (
    Actor,
    Affiliation,
    Claim,
    ClaimRelation,
    Meeting,
    Model,
    Name,
    Participation,
    Reference,
    ReportedDate,
    Source,
    Tombstone,
)

CodedValues = type[Vocabulary]
"""A coded vocabulary class (named so: a Column's field called `type` hides the builtin)."""

DATE_PARTS = ("start", "end", "precision", "certainty", "calendar", "original", "as_written", "note")


@dataclass(frozen=True)
class Column:
    """One published column."""

    name: str
    type: str  # string | date | boolean | integer | list
    description: str
    required: bool
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    item_enum: tuple[str, ...] | None = None
    item_pattern: str | None = None
    min_length: int = 0
    """Shortest text allowed (strings) or fewest items (lists)."""
    date: tuple[str, str] | None = None
    """For a part of a reported date: (the date's field, the part), e.g. ('published', 'start')."""
    default: str | None = None
    """The value the model gives a text field left out (a date's calendar: gregorian)."""
    vocabulary: CodedValues | None = None
    """The coded vocabulary of the values (of the items, for list columns), with their definitions."""


@dataclass(frozen=True)
class ForeignKey:
    """A column whose values (or, for a list column, whose items) are ids of another table.

    `table` is None for a column that may point into any table with ids (a tombstone's
    `merged_into`, a reference's `record_id`): the id's prefix says which.
    """

    column: str
    table: str | None
    target: str = "id"


@dataclass(frozen=True)
class Table:
    """One published table, declared once: every reader takes its prefix, keys and reference
    targets from here (like followthemoney's `range`), so adding a table touches its model and
    this declaration only.

    A nested table is unnested from a list field (`nested_field`) of its parent models: each
    item becomes a row carrying its parent's id in `parent_column`.
    """

    name: str
    model: type[Model]
    description: str
    primary_key: tuple[str, ...]
    references: tuple[ForeignKey, ...] = ()
    prefix: str | None = None
    """Id prefix of the table's own `id` column, for tables whose rows own an id."""
    parents: tuple[type[Model], ...] = ()
    nested_field: str | None = None
    parent_column: str | None = None

    @property
    def columns(self) -> tuple[Column, ...]:
        """Columns in published order."""
        return _columns(self)

    @property
    def column_names(self) -> tuple[str, ...]:
        """Column names in published order."""
        return tuple(c.name for c in self.columns)

    @property
    def foreign_keys(self) -> tuple[ForeignKey, ...]:
        """The references a Frictionless descriptor can declare: scalar columns with one target."""
        scalar = {c.name for c in self.columns if c.type != "list"}
        return tuple(fk for fk in self.references if fk.table is not None and fk.column in scalar)

    @property
    def label(self) -> tuple[str, ...]:
        """The columns that name a row in findings: its id, its parent's id for nested rows, or
        else its primary key (values joined by spaces)."""
        if self.prefix is not None:
            return ("id",)
        if self.parent_column is not None:
            return (self.parent_column,)
        return self.primary_key

    def id_column(self, name: str) -> tuple[bool, str | None]:
        """Whether a column holds record ids, and the prefix they must have (None: any table's)."""
        if name == "id":
            return True, self.prefix
        for fk in self.references:
            if fk.column == name:
                return True, TABLE_PREFIXES.get(fk.table) if fk.table else None
        return False, None

    def column(self, name: str) -> Column:
        """One column by name."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"table {self.name} has no column {name!r}")

    def never_null(self, column: Column) -> bool:
        """Whether a value is always present: required columns, and model fields that cannot be None.

        Table Schema calls lists and defaulted booleans optional because an empty CSV cell is
        allowed for them; in Parquet, JSON and SQLite they are never null (an empty list is an
        empty list).
        """
        if column.required:
            return True
        info = self.model.model_fields.get(column.name)
        if info is None:
            return False
        return type(None) not in get_args(info.annotation) and info.annotation is not type(None)

    @property
    def links(self) -> tuple[LinkTable, ...]:
        """The link tables of this table's list columns, in column order."""
        return tuple(LinkTable(self, c) for c in self.columns if c.type == "list")

    def target_of(self, column: str) -> str | None:
        """The table a column's ids (or list items) point into; None for other columns and for
        columns that may point into any table."""
        return next((fk.table for fk in self.references if fk.column == column), None)

    @property
    def nested(self) -> bool:
        """Whether the rows are unnested from a list field of other records."""
        return self.nested_field is not None

    def rows(self, records: Iterable[Model]) -> Iterator[dict[str, Any]]:
        """Flatten records (of `model`, or of a parent model for nested tables) to rows."""
        for record in records:
            if self.nested_field is None:
                yield flatten(record)
            else:
                parent = {str(self.parent_column): getattr(record, "id")}  # noqa: B009
                for item in getattr(record, self.nested_field):
                    yield {**parent, **flatten(item)}


def _is_nested(prop: dict[str, Any], ref: str) -> bool:
    options = prop.get("anyOf", [prop])
    return any(o.get("$ref", "").endswith(f"/{ref}") for o in options)


def _resolve(prop: dict[str, Any], defs: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """Strip `anyOf: [X, null]` and `$ref`; return (schema, nullable)."""
    nullable = False
    if "anyOf" in prop:
        options = [o for o in prop["anyOf"] if o.get("type") != "null"]
        nullable = len(options) < len(prop["anyOf"])
        prop = {**options[0], **{k: v for k, v in prop.items() if k != "anyOf"}}
    if "$ref" in prop:
        target = defs[prop["$ref"].split("/")[-1]]
        prop = {**target, **{k: v for k, v in prop.items() if k != "$ref"}}
    return prop, nullable


def _column(
    name: str,
    prop: dict[str, Any],
    defs: dict[str, Any],
    required: bool,
    description: str | None = None,
    *,
    date: tuple[str, str] | None = None,
    annotation: Any = None,
) -> Column:
    prop, nullable = _resolve(prop, defs)
    desc = description or prop.get("description", "")
    vocabulary = enum_in(annotation)
    coded = vocabulary if vocabulary is not None and issubclass(vocabulary, Vocabulary) else None
    if prop.get("type") == "array":
        item, _ = _resolve(prop.get("items", {}), defs)
        return Column(
            name,
            "list",
            desc,
            False,
            item_enum=tuple(item["enum"]) if "enum" in item else None,
            item_pattern=item.get("pattern"),
            min_length=int(prop.get("minItems", 0)),
            vocabulary=coded,
        )
    kind = {"string": "string", "boolean": "boolean", "integer": "integer"}[prop.get("type", "string")]
    if prop.get("format") == "date":
        kind = "date"
    enum = tuple(prop["enum"]) if "enum" in prop else None
    return Column(
        name,
        kind,
        desc,
        required and not nullable,
        enum=enum,
        pattern=prop.get("pattern"),
        min_length=int(prop.get("minLength", 0)),
        date=date,
        default=prop["default"] if isinstance(prop.get("default"), str) else None,
        vocabulary=coded,
    )


@cache
def _columns(table: Table) -> tuple[Column, ...]:
    model = table.model
    schema = model.model_json_schema()
    defs = schema.get("$defs", {})
    required = set(schema.get("required", []))
    out: list[Column] = []
    if table.parent_column is not None:
        out.append(_parent_column(table))
    for name, prop in schema["properties"].items():
        if _is_nested(prop, ReportedDate.__name__):
            _, nullable = _resolve(prop, defs)
            date_schema = ReportedDate.model_json_schema()
            date_required = set(date_schema["required"])
            label = prop.get("description", name).rstrip(".")
            for part in DATE_PARTS:
                sub = date_schema["properties"][part]
                out.append(
                    _column(
                        f"{name}_{part}",
                        sub,
                        date_schema.get("$defs", {}),
                        name in required and not nullable and part in date_required,
                        f"{label}: {sub.get('description', part)}",
                        date=(name, part),
                        annotation=ReportedDate.model_fields[part].annotation,
                    )
                )
            continue
        if prop.get("type") == "array" and any(
            _is_nested(prop.get("items", {}), t.model.__name__) for t in _NESTED
        ):
            continue
        out.append(
            _column(name, prop, defs, name in required, annotation=model.model_fields[name].annotation)
        )
    return tuple(out)


def flatten(record: Model) -> dict[str, Any]:
    """One record as a flat row: enums as their values, ReportedDates spread over columns."""
    row: dict[str, Any] = {}
    dates = date_fields(type(record))
    for name in type(record).model_fields:
        value = getattr(record, name)
        if name in dates:
            for part in DATE_PARTS:
                row[f"{name}_{part}"] = _plain(getattr(value, part)) if value is not None else None
        elif isinstance(value, list) and value and isinstance(value[0], (Name, Reference)):
            continue
        else:
            row[name] = _plain(value)
    return row


@cache
def date_fields(model: type[Model]) -> tuple[str, ...]:
    """The fields of a model that hold a ReportedDate (worked out once per model: reading
    annotations costs more than flattening a record)."""
    return tuple(
        name for name, info in model.model_fields.items() if nested_model(info.annotation) is ReportedDate
    )


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind is str or value is None or kind is int or kind is bool or kind is dt.date:
        return value  # the common cases first
    if isinstance(value, list):
        return [v if type(v) is str else _plain(v) for v in value]
    return getattr(value, "value", value) if not isinstance(value, (bool, int)) else value


def _parent_column(table: Table) -> Column:
    targets = {p.table for p in table.parents}
    if len(targets) == 1:
        (target,) = targets
        prefix = TABLE_PREFIXES[target]
        return Column(
            str(table.parent_column),
            "string",
            f"Id of the {target.removesuffix('s').replace('_', ' ')} this row belongs to.",
            True,
            pattern=rf"^{prefix}-{SLUG}$",
        )
    prefixes = "|".join(TABLE_PREFIXES[t] for t in sorted(targets))
    return Column(
        str(table.parent_column),
        "string",
        f"Id of the record this row belongs to (one of: {', '.join(sorted(targets))}).",
        True,
        pattern=rf"^(?:{prefixes})-{SLUG}$",
    )


TABLE_PREFIXES = {"sources": "src", "actors": "act", "meetings": "mtg", "claims": "clm"}

RELATION_WORDS = frozenset({"about", "via"})
"""Stems of list columns named for a relation rather than for the things listed (`about_ids`,
`via_ids`): their link tables keep the word (`claim_about`), where a noun takes its plural
(`meeting_ids` → `claim_meetings`)."""


def singular(name: str) -> str:
    """A table's name for one of its rows: `claims` → `claim`, `actor_names` → `actor_name`."""
    return name.removesuffix("s")


@dataclass(frozen=True)
class LinkTable:
    """One row per item of a list column: the table a database joins on instead of splitting
    the list (`claims.meeting_ids` → `claim_meetings`: `claim_id, position, meeting_id`).

    Derived from the list column and the declared reference of its items, so a new list column
    gets its link table without another declaration. `position` (from 1) keeps the list's order,
    which means something for `via_ids` (nearest the speaker first) and `author_ids`.
    """

    table: Table
    column: Column

    @property
    def name(self) -> str:
        stem = self.column.name.removesuffix("_ids")
        if self.column.name.endswith("_ids") and stem not in RELATION_WORDS:
            stem += "s"
        return f"{singular(self.table.name)}_{stem}"

    @property
    def parent_columns(self) -> tuple[str, ...]:
        """The columns naming the row the list belongs to: its table's id, prefixed with the
        table's row name when the table's key is not one `id` (`actor_name_sources`:
        `actor_id, spelling`)."""
        if self.table.primary_key == ("id",):
            return (f"{singular(self.table.name)}_id",)
        return self.table.primary_key

    @property
    def item_column(self) -> str:
        """The column holding one item: the list column's name in the singular (`meeting_id`,
        `topic`, `distinct_from`)."""
        return self.column.name.removesuffix("s")

    @property
    def target(self) -> str | None:
        """The table the items are ids of, or None for coded values."""
        return self.table.target_of(self.column.name)

    @property
    def description(self) -> str:
        what = f"`{self.table.name}.{self.column.name}`"
        return f"One row per item of {what}, in the list's order (`position`, from 1)."


def _refs(**columns: str | None) -> tuple[ForeignKey, ...]:
    return tuple(ForeignKey(column, table) for column, table in columns.items())


_NESTED: tuple[Table, ...] = (
    Table(
        "actor_names",
        Name,
        "Every spelling of every actor, with the sources using it.",
        ("actor_id", "spelling"),
        _refs(actor_id="actors", source_ids="sources"),
        parents=(Actor,),
        nested_field="names",
        parent_column="actor_id",
    ),
    Table(
        "references",
        Reference,
        "Outside evidence cited by sources, actors and meetings for facts their sources do not give.",
        ("record_id", "says"),
        _refs(record_id=None),
        parents=(Source, Actor, Meeting),
        nested_field="references",
        parent_column="record_id",
    ),
)
_NAMES, _REFERENCES = _NESTED

TABLES: tuple[Table, ...] = (
    Table(
        "sources",
        Source,
        "One row per source document.",
        ("id",),
        _refs(publisher_id="actors", author_ids="actors"),
        prefix="src",
    ),
    Table(
        "actors",
        Actor,
        "One row per actor (person, organization, state...).",
        ("id",),
        _refs(distinct_from="actors"),
        prefix="act",
    ),
    _NAMES,
    Table(
        "affiliations",
        Affiliation,
        "Roles actors held in organizations, per source.",
        ("actor_id", "organization_id", "role"),
        _refs(actor_id="actors", organization_id="actors", source_ids="sources"),
    ),
    Table(
        "meetings",
        Meeting,
        "Meetings, conferences, talks and visits.",
        ("id",),
        _refs(part_of_id="meetings", source_ids="sources", distinct_from="meetings"),
        prefix="mtg",
    ),
    Table(
        "participants",
        Participation,
        "Who took part in which meeting, in which role.",
        ("meeting_id", "actor_id", "role"),
        _refs(meeting_id="meetings", actor_id="actors", source_ids="sources"),
    ),
    Table(
        "claims",
        Claim,
        "Statements attributed to speakers, with verbatim quotes.",
        ("id",),
        _refs(
            source_id="sources",
            speaker_id="actors",
            via_ids="actors",
            meeting_ids="meetings",
            about_ids="actors",
        ),
        prefix="clm",
    ),
    Table(
        "claim_relations",
        ClaimRelation,
        "How claims contradict, support or repeat each other.",
        ("claim_id", "other_claim_id", "relation"),
        _refs(claim_id="claims", other_claim_id="claims"),
    ),
    Table("tombstones", Tombstone, "Retired ids and what replaced them.", ("id",), _refs(merged_into=None)),
    _REFERENCES,
)

TABLE_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}
ID_TABLES: tuple[Table, ...] = tuple(t for t in TABLES if t.prefix is not None)
"""Tables whose rows own an id (tombstones retire ids rather than own them)."""


def records_of(table: Table) -> tuple[type[Model], ...]:
    """The models whose records feed a table (its parents, for nested tables)."""
    return table.parents or (table.model,)
