"""Frictionless and JSON Schema descriptors, generated from the models and committed in schema/.

The committed copies let consumers and reviewers read the schema without running Python; a
test and `validate` fail when a copy differs from what the models generate, and
`afghan-dialogues schema` rewrites them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from afghan_dialogues.datamodel.models import ENTITY_MODELS, DatasetInfo, Model
from afghan_dialogues.datamodel.tables import TABLES, Column, Table

PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
RESOURCE_PROFILE = "https://datapackage.org/profiles/2.0/dataresource.json"
TABLE_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
DESCRIPTOR_FILE = "datapackage.json"
"""The data package descriptor's file name, in schema/ and in every release."""


def _unanchor(pattern: str) -> str:
    """Table Schema patterns are implicitly anchored; Pydantic's carry ^ and $."""
    return pattern.removeprefix("^").removesuffix("$")


def field_descriptor(column: Column) -> dict[str, Any]:
    """A Table Schema field for one column."""
    field: dict[str, Any] = {"name": column.name, "type": column.type, "description": column.description}
    constraints: dict[str, Any] = {}
    if column.required:
        constraints["required"] = True
    if column.enum:
        constraints["enum"] = list(column.enum)
    if column.pattern:
        constraints["pattern"] = _unanchor(column.pattern)
    if column.type == "list":
        field["delimiter"] = ","
        field["itemType"] = "string"
    if column.type == "boolean":
        field["trueValues"] = ["true"]
        field["falseValues"] = ["false"]
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema(table: Table) -> dict[str, Any]:
    """The Table Schema of one table."""
    schema: dict[str, Any] = {
        "$schema": TABLE_PROFILE,
        "fields": [field_descriptor(c) for c in table.columns],
        "primaryKey": list(table.primary_key),
        "missingValues": [""],
    }
    if table.foreign_keys:
        keys = []
        for fk in table.foreign_keys:
            reference = {"resource": fk.table, "fields": [fk.target]}
            keys.append({"fields": [fk.column], "reference": reference})
        schema["foreignKeys"] = keys
    return schema


def resource_descriptor(table: Table) -> dict[str, Any]:
    """The CSV resource of one table."""
    return {
        "$schema": RESOURCE_PROFILE,
        "name": table.name,
        "type": "table",
        "path": f"csv/{table.name}.csv",
        "scheme": "file",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": table.description,
        "schema": table_schema(table),
    }


def package_descriptor(info: DatasetInfo, sources: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The data package: metadata from dataset.yaml, one resource per table."""
    descriptor: dict[str, Any] = {
        "$schema": PACKAGE_PROFILE,
        "name": info.name,
        "title": info.title,
        "description": info.description,
        "version": info.version,
    }
    if info.homepage:
        descriptor["homepage"] = info.homepage
    if info.released:
        descriptor["created"] = f"{info.released.isoformat()}T00:00:00Z"
    descriptor["licenses"] = [lic.model_dump(mode="json") for lic in info.licenses]
    descriptor["contributors"] = [c.model_dump(mode="json") for c in info.contributors]
    if sources is not None:
        descriptor["sources"] = sources
    descriptor["resources"] = [resource_descriptor(t) for t in TABLES]
    return descriptor


def json_schema(model: type[Model]) -> dict[str, Any]:
    """The JSON Schema of one record type, with a stable $id."""
    table = model.table
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{table}.schema.json",
        **model.model_json_schema(),
    }


def dumps(data: Any) -> str:
    """The one JSON formatting used for every committed and exported descriptor: indented by
    two spaces, non-ASCII text as it is, a newline at the end."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def schema_files(info: DatasetInfo) -> dict[str, str]:
    """Relative path -> content of every file under schema/."""
    files = {DESCRIPTOR_FILE: dumps(package_descriptor(info))}
    for model in ENTITY_MODELS:
        files[f"json/{model.table}.schema.json"] = dumps(json_schema(model))
    return files


def stale_schema_files(schema_dir: Path, info: DatasetInfo) -> list[str]:
    """Files under schema_dir that are missing, differ from the models, or are not generated."""
    expected = schema_files(info)
    stale = []
    for rel, content in expected.items():
        path = schema_dir / rel
        if not path.is_file() or path.read_text(encoding="utf-8") != content:
            stale.append(rel)
    if schema_dir.is_dir():
        for path in sorted(schema_dir.rglob("*")):
            rel = path.relative_to(schema_dir).as_posix()
            if path.is_file() and rel not in expected:
                stale.append(rel)
    return stale


def write_schema_files(schema_dir: Path, info: DatasetInfo) -> list[str]:
    """Rewrite schema_dir from the models; returns the files that changed."""
    changed = []
    for rel, content in schema_files(info).items():
        path = schema_dir / rel
        if not path.is_file() or path.read_text(encoding="utf-8") != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
            changed.append(rel)
    return changed
