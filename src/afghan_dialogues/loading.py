"""`afghan_dialogues.load()`: the dataset from the bundled records, a records folder, or a
release directory, always as the same typed records.

Records folders are validated first: warnings are a curator's business and do not stop a
consumer, errors do, because records that fail validation are not the dataset. A release is
read from its Parquet files (JSON when a table has no Parquet file) into Arrow tables
(published_tables), and its records are built from them, nested back into the models, the first
time they are asked for (unflatten): exporting or converting a release read this way never
builds them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from afghan_dialogues.datamodel.descriptors import DESCRIPTOR_FILE
from afghan_dialogues.datamodel.models import DatasetInfo
from afghan_dialogues.datamodel.tables import TABLES
from afghan_dialogues.dataset import Dataset
from afghan_dialogues.findings import Finding, Severity
from afghan_dialogues.load_error import LoadError

__all__ = ["LoadError", "describe_findings", "load", "read_descriptor", "read_release", "read_release_rows"]

DATASET_FILE = "dataset.yaml"
SHOWN_FINDINGS = 5


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
    from afghan_dialogues.published_tables import parquet_path, read_json_rows, read_parquet

    parquet = parquet_path(root, table)
    if parquet.is_file():
        rows: list[dict[str, Any]] = read_parquet(parquet, columns).to_pylist()
        return rows
    data = read_json_rows(root, table)
    if columns is None:
        return data
    missing = [c for c in columns if data and c not in data[0]]
    if missing:
        raise LoadError(f"{root / 'json' / f'{table}.json'}: no column {', '.join(missing)}")
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


def read_release(root: Path) -> Dataset:
    """A release directory as a dataset backed by its Arrow tables; records are built on first use."""
    from afghan_dialogues.published_tables import read_table
    from afghan_dialogues.unflatten import typed_records

    info = _info(read_descriptor(root), root / DESCRIPTOR_FILE)
    tables = {table.name: read_table(root, table) for table in TABLES}
    return Dataset.from_arrow(info, tables, lambda arrow, name: typed_records(arrow, name, str(root)))
