"""`afghan_dialogues.load()`: the dataset from the bundled records, a records folder, or a
release directory, always as the same typed records.

Records folders are validated first: warnings are a curator's business and do not stop a
consumer, errors do, because records that fail validation are not the dataset. A release is
read from its Parquet files (JSON when a table has no Parquet file) and turned back into the
nested models: reported dates from their flat columns, actor spellings from `actor_names`.
Values read from files are validated in lax mode (a date arrives as text in JSON); the models
stay strict for the YAML records people write.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from afghan_dialogues.dataset import Dataset
from afghan_dialogues.findings import Finding, Severity
from afghan_dialogues.schema.introspect import nested_model
from afghan_dialogues.schema.models import DatasetInfo, Model, ReportedDate
from afghan_dialogues.schema.tables import DATE_PARTS, TABLES, Table, source_model

DESCRIPTOR_FILE = "datapackage.json"
DATASET_FILE = "dataset.yaml"
SHOWN_FINDINGS = 5


class LoadError(ValueError):
    """The path holds no usable dataset; the message says why and what to do."""

    def __init__(self, message: str, findings: Sequence[Finding] = ()) -> None:
        super().__init__(message)
        self.findings = tuple(findings)


def is_release(path: Path) -> bool:
    """A release directory is recognised by its data package descriptor."""
    return (path / DESCRIPTOR_FILE).is_file()


def load(path: str | os.PathLike[str] | None = None) -> Dataset:
    """The dataset at `path`: a release directory or a records folder (default: bundled records)."""
    from afghan_dialogues.paths import records_dir

    root = records_dir() if path is None else Path(path)
    if is_release(root):
        return read_release(root)
    if not root.exists():
        raise LoadError(f"{root} does not exist")
    if not (root / DATASET_FILE).is_file():
        raise LoadError(
            f"{root} is neither a release directory (no {DESCRIPTOR_FILE}) "
            f"nor a records folder (no {DATASET_FILE})"
        )
    return read_records(root)


def describe_findings(findings: Sequence[Finding], limit: int = SHOWN_FINDINGS) -> list[str]:
    """The first findings, one line each, as an error message lists them."""
    lines = []
    for f in findings[:limit]:
        subject = " ".join(x for x in (f.record_id, f.field) if x)
        lines.append(f"  {f.where()}: {f.code}: {subject + ': ' if subject else ''}{f.message}")
    if len(findings) > limit:
        lines.append(f"  ... and {len(findings) - limit} more")
    return lines


def read_records(root: Path) -> Dataset:
    """A records folder as a dataset; raises LoadError when it has errors (warnings pass)."""
    from afghan_dialogues.validate.runner import validate_records

    report = validate_records(root)
    errors = [f for f in report.findings if f.level >= Severity.error]
    if errors or report.loaded is None:
        message = "\n".join(
            [
                f"{root}: the records have {len(errors)} error(s):",
                *describe_findings(errors),
                f"run `afghan-dialogues validate {root}` for every finding with hints",
            ]
        )
        raise LoadError(message, errors)
    return Dataset.from_loaded(report.loaded)


def read_release_rows(root: Path, table: str, columns: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """The rows of one table of a release, from Parquet or else JSON, optionally some columns only.

    Only what `columns` names is read, so checks that need a few columns of an older release
    (ids, for instance) do not depend on its other columns matching today's models.
    """
    parquet = root / "parquet" / f"{table}.parquet"
    if parquet.is_file():
        import pyarrow.parquet as pq

        try:
            rows: list[dict[str, Any]] = pq.read_table(parquet, columns=columns).to_pylist()
        except Exception as exc:  # pyarrow raises several unrelated types for bad files
            raise LoadError(f"{parquet}: cannot read: {exc}") from exc
        return rows
    path = root / "json" / f"{table}.json"
    if not path.is_file():
        raise LoadError(f"{root} has no table '{table}' (neither {parquet.name} nor {path.name})")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LoadError(f"{path}: cannot read: {exc}") from exc
    if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
        raise LoadError(f"{path}: expected an array of row objects")
    if columns is None:
        return data
    missing = [c for c in columns if data and c not in data[0]]
    if missing:
        raise LoadError(f"{path}: no column {', '.join(missing)}")
    return [{c: row.get(c) for c in columns} for row in data]


def read_descriptor(root: Path) -> dict[str, Any]:
    """The release's datapackage.json."""
    path = root / DESCRIPTOR_FILE
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LoadError(f"{path}: cannot read: {exc}") from exc
    if not isinstance(descriptor, dict):
        raise LoadError(f"{path}: expected a JSON object")
    return descriptor


def _info(descriptor: dict[str, Any], where: Path) -> DatasetInfo:
    created = descriptor.get("created")
    data = {
        "name": descriptor.get("name"),
        "title": descriptor.get("title"),
        "description": descriptor.get("description"),
        "version": descriptor.get("version"),
        "released": dt.date.fromisoformat(created[:10]) if isinstance(created, str) else None,
        "homepage": descriptor.get("homepage"),
        "licenses": descriptor.get("licenses"),
        "contributors": descriptor.get("contributors"),
    }
    try:
        return DatasetInfo.model_validate(data, strict=False)
    except (ValidationError, ValueError) as exc:
        raise LoadError(f"{where}: package metadata does not fit the dataset model: {exc}") from exc


def _date_fields(model: type[Model]) -> list[str]:
    return [name for name, f in model.model_fields.items() if nested_model(f.annotation) is ReportedDate]


def _nest(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """A flat row back in the shape of its model: date columns folded into ReportedDates."""
    data = dict(row)
    for column in table.columns:
        if column.type == "list" and data.get(column.name) is None:
            data[column.name] = []
    for name in _date_fields(table.model):
        parts = {part: data.pop(f"{name}_{part}", None) for part in DATE_PARTS}
        data[name] = parts if any(v is not None for v in parts.values()) else None
    return data


def _validate(model: type[Model], data: dict[str, Any], where: str) -> Model:
    try:
        return model.model_validate(data, strict=False)
    except ValidationError as exc:
        raise LoadError(f"{where}: {exc}") from exc


def _check_columns(table: Table, rows: list[dict[str, Any]], root: Path) -> None:
    """Columns differ only between versions of the models: say so instead of a model error."""
    if not rows:
        return
    unknown = sorted(set(rows[0]) - set(table.column_names))
    missing = sorted(set(table.column_names) - set(rows[0]))
    problems = [f"unknown columns {', '.join(unknown)}"] if unknown else []
    problems += [f"missing columns {', '.join(missing)}"] if missing else []
    if problems:
        raise LoadError(
            f"{root}: table '{table.name}' does not match this version of afghan-dialogues "
            f"({'; '.join(problems)}); install the version the release was made with"
        )


def read_release(root: Path) -> Dataset:
    """A release directory as typed records."""
    info = _info(read_descriptor(root), root / DESCRIPTOR_FILE)
    rows_by_table: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES:
        rows = read_release_rows(root, table.name)
        _check_columns(table, rows, root)
        rows_by_table[table.name] = rows
    nested: dict[type[Model], dict[str, dict[str, list[dict[str, Any]]]]] = defaultdict(dict)
    for table in TABLES:
        if table.parent_key is None or table.parent_field is None:
            continue
        items: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in rows_by_table[table.name]:
            item = _nest(table, row)
            items[str(item.pop(table.parent_key))].append(item)
        nested[source_model(table)][table.parent_field] = items
    records: dict[str, list[Model]] = {}
    for table in TABLES:
        if table.parent_key is not None:
            continue
        out: list[Model] = []
        for index, row in enumerate(rows_by_table[table.name]):
            data = _nest(table, row)
            rid = data.get("id")
            for field, items in nested.get(table.model, {}).items():
                data[field] = items.get(str(rid), [])
            where = f"{root}: {table.name} row {index + 1}" + (f" ({rid})" if rid else "")
            out.append(_validate(table.model, data, where))
        records[table.name] = out
    return Dataset.build(info, records)
