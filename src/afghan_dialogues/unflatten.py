"""Typed records from the flat tables of a release: reported dates folded back from their
columns, actor spellings gathered from `actor_names`.

A dataset read from a release calls this the first time a table's records are asked for (see
`Dataset.from_arrow`). Values read from files are validated in lax mode (a date arrives as
text in JSON); the models stay strict for the YAML records people write.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from pydantic import ValidationError

from afghan_dialogues.datamodel.models import Model
from afghan_dialogues.datamodel.tables import (
    DATE_PARTS,
    TABLE_BY_NAME,
    TABLES,
    Table,
    date_fields,
)
from afghan_dialogues.load_error import LoadError


@cache
def _list_columns(table: Table) -> tuple[str, ...]:
    return tuple(column.name for column in table.columns if column.type == "list")


def _nest(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """A flat row back in the shape of its model: date columns folded into ReportedDates.

    What is known of the table's columns is worked out once per table, not once per row."""
    data = dict(row)
    for name in _list_columns(table):
        if data.get(name) is None:
            data[name] = []
    for name in date_fields(table.model):
        parts = {part: data.pop(f"{name}_{part}", None) for part in DATE_PARTS}
        data[name] = parts if any(v is not None for v in parts.values()) else None
    return data


def _validate(model: type[Model], data: dict[str, Any], where: str) -> Model:
    try:
        return model.model_validate(data, strict=False)
    except ValidationError as exc:
        raise LoadError(f"{where}: {exc}") from exc


def _rows(table: Any) -> Iterator[dict[str, Any]]:
    for batch in table.to_batches():
        yield from batch.to_pylist()


def _children(table: Table, arrow: Any) -> dict[str, list[dict[str, Any]]]:
    """Rows of a nested table (actor_names, references) by the id of the record they belong to."""
    items: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _rows(arrow):
        item = _nest(table, row)
        items[str(item.pop(str(table.parent_column)))].append(item)
    return items


def typed_records(tables: Mapping[str, Any], name: str, origin: str) -> tuple[Model, ...]:
    """The records of table `name`, from Arrow tables of the published schemas.

    Raises LoadError naming the row (1-based, as in the file) of a value the model rejects.
    """
    table = TABLE_BY_NAME[name]
    nested = {
        str(child.nested_field): _children(child, tables[child.name])
        for child in TABLES
        if table.model in child.parents
    }
    out: list[Model] = []
    for index, row in enumerate(_rows(tables[name])):
        data = _nest(table, row)
        rid = data.get("id")
        for field, items in nested.items():
            data[field] = items.get(str(rid), [])
        where = f"{origin}: {name} row {index + 1}" + (f" ({rid})" if rid else "")
        out.append(_validate(table.model, data, where))
    return tuple(out)
