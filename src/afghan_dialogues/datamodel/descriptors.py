"""Frictionless and JSON Schema descriptors, generated from the models and committed in schema/.

```
schema/datapackage.json                 the data package, without what depends on the data
schema/rows/<table>.schema.json         JSON Schema of one row of json/<table>.json
schema/records/<type>.schema.json       JSON Schema of one YAML record (source, claim_relation...)
```

The committed copies let consumers and reviewers read the schema without running Python; a
test and `validate` fail when a copy differs from what the models generate, and
`afghan-dialogues schema` rewrites them. A release's `datapackage.json` is the committed one
plus what only the data can give: the source documents, and each resource's `bytes` and `hash`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from afghan_dialogues.datamodel.models import ENTITY_MODELS, DatasetInfo, Model
from afghan_dialogues.datamodel.tables import TABLES, Column, Table

PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
RESOURCE_PROFILE = "https://datapackage.org/profiles/2.0/dataresource.json"
TABLE_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
DESCRIPTOR_FILE = "datapackage.json"
MAX_DESCRIPTOR_BYTES = 256 << 20
"""A descriptor larger than this is refused unread (a release's, with every hash, is far smaller)."""


def is_package(path: Path) -> bool:
    """A data package (a release, or a bare package) is a folder with a descriptor."""
    return (path / DESCRIPTOR_FILE).is_file()


"""The data package descriptor's file name, in schema/ and in every release."""
PARQUET_MEDIATYPE = "application/vnd.apache.parquet"
COMPUTED_KEYS = ("bytes", "hash")
"""Resource properties a release computes from its files, which the committed copy cannot have."""


def _unanchor(pattern: str) -> str:
    """Table Schema patterns are implicitly anchored; Pydantic's carry ^ and $."""
    return pattern.removeprefix("^").removesuffix("$")


def described(column: Column) -> str:
    """A column's description followed, for coded columns, by the definition of every value."""
    if column.vocabulary is None:
        return column.description
    values = "; ".join(f"`{member.value}`: {member.definition.rstrip('.')}" for member in column.vocabulary)
    what = "Items" if column.type == "list" else "Values"
    return f"{column.description.rstrip()} {what}: {values}."


def field_descriptor(column: Column) -> dict[str, Any]:
    """A Table Schema field for one column."""
    field: dict[str, Any] = {"name": column.name, "type": column.type, "description": described(column)}
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
    """The Table Schema of one table.

    Foreign keys are declared for scalar columns with one target table. Table Schema compares
    a key's whole cell with the target's, so it cannot declare one for the items of a list
    column (frictionless-py 5 fails with a TypeError on such a key), nor for a column whose ids
    may point into any table (`tombstones.merged_into`, `references.record_id`): `validate`
    checks those, and the SQLite file declares the list items' keys on its link tables.
    """
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


def parquet_resource_name(table: Table) -> str:
    """The name of a table's Parquet resource."""
    return f"{table.name}-parquet"


def parquet_resource(table: Table) -> dict[str, Any]:
    """The Parquet file of one table, declared as a file: frictionless-py 5 checks its size and
    hash, but reads Arrow list columns as wrong types, so it is not declared as a table (its
    schema is the CSV resource's, and the file carries it in its Arrow metadata)."""
    return {
        "$schema": RESOURCE_PROFILE,
        "name": parquet_resource_name(table),
        "type": "file",
        "path": f"parquet/{table.name}.parquet",
        "scheme": "file",
        "format": "parquet",
        "mediatype": PARQUET_MEDIATYPE,
        "description": (
            f"The rows of `{table.name}` as Parquet, typed (dates, booleans, lists), with the columns "
            f"and schema of the `{table.name}` resource."
        ),
    }


def package_resources() -> list[dict[str, Any]]:
    """Every resource of the package: the CSV tables, then their Parquet files."""
    return [resource_descriptor(t) for t in TABLES] + [parquet_resource(t) for t in TABLES]


class DescriptorError(ValueError):
    """Why a datapackage.json cannot be read: the finding code, a message without the path, a
    hint, and the line when the JSON parser gives one."""

    def __init__(self, code: str, message: str, hint: str, line: int | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.hint, self.line = code, message, hint, line


def read_descriptor_file(path: Path) -> dict[str, Any]:
    """A descriptor's JSON object, read once whatever it holds: `validate` turns a
    DescriptorError into a finding, `load()` into a LoadError."""
    from afghan_dialogues import findings as F

    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_DESCRIPTOR_BYTES + 1)
    except OSError as exc:
        raise DescriptorError(
            F.PARSE_UNREADABLE, f"cannot read: {exc.strerror or exc}", "check permissions"
        ) from exc
    if len(raw) > MAX_DESCRIPTOR_BYTES:
        raise DescriptorError(
            F.PARSE_UNREADABLE,
            f"more than {MAX_DESCRIPTOR_BYTES:,} bytes, too large for a descriptor",
            "check the file",
        )
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise DescriptorError(F.PARSE_ENCODING, "cannot read: not valid UTF-8", "save it as UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise DescriptorError(
            F.PARSE_SYNTAX, f"not valid JSON: {exc.msg}", "fix the JSON", exc.lineno
        ) from exc
    except RecursionError as exc:
        raise DescriptorError(F.PARSE_SYNTAX, "cannot read: JSON nested too deeply", "fix the JSON") from exc
    except ValueError as exc:  # an integer of more digits than Python converts
        raise DescriptorError(F.PARSE_SYNTAX, f"cannot read: {str(exc)[:200]}", "fix the JSON") from exc
    if not isinstance(data, dict):
        raise DescriptorError(F.PARSE_STRUCTURE, "expected a JSON object", "see the data package spec")
    return data


def info_fields(descriptor: Mapping[str, Any]) -> dict[str, Any]:
    """The DatasetInfo fields of a package descriptor, as `package_descriptor` wrote them (to be
    validated by the model); ValueError when `created` is not an ISO 8601 date."""
    return {
        "name": descriptor.get("name"),
        "title": descriptor.get("title"),
        "description": descriptor.get("description"),
        "version": descriptor.get("version"),
        "released": released_on(descriptor.get("created")),
        "homepage": descriptor.get("homepage"),
        "keywords": descriptor.get("keywords", []),
        "licenses": descriptor.get("licenses"),
        "contributors": descriptor.get("contributors"),
    }


def released_on(created: object) -> dt.date | None:
    """The release date of a descriptor's `created` (an ISO 8601 date or date-time), None when
    absent; ValueError for anything else."""
    if created is None:
        return None
    if isinstance(created, str):
        try:
            return dt.date.fromisoformat(created[:10])
        except ValueError:
            pass
    shown = repr(created) if len(repr(created)) <= 40 else repr(created)[:40] + "..."
    raise ValueError(f"'created' is {shown}, not an ISO 8601 date such as 2026-11-01")


def package_descriptor(
    info: DatasetInfo,
    sources: list[dict[str, Any]] | None = None,
    files: Mapping[str, tuple[int, str]] | None = None,
) -> dict[str, Any]:
    """The data package: metadata from dataset.yaml, one resource per table and file.

    `files` gives (size, sha256) by path for the release's `bytes` and `hash` of each resource.
    """
    descriptor: dict[str, Any] = {
        "$schema": PACKAGE_PROFILE,
        "name": info.name,
        "title": info.title,
        "description": info.description,
        "version": info.version,
    }
    if info.homepage:
        descriptor["homepage"] = info.homepage
    if info.keywords:
        descriptor["keywords"] = list(info.keywords)
    if info.released:
        descriptor["created"] = f"{info.released.isoformat()}T00:00:00Z"
    descriptor["licenses"] = [lic.model_dump(mode="json") for lic in info.licenses]
    descriptor["contributors"] = [c.model_dump(mode="json") for c in info.contributors]
    if sources is not None:
        descriptor["sources"] = sources
    resources = package_resources()
    for resource in resources:
        if files is not None and resource["path"] in files:
            size, sha256 = files[resource["path"]]
            resource["bytes"] = size
            resource["hash"] = f"sha256:{sha256}"
    descriptor["resources"] = resources
    return descriptor


def _column_schema(table: Table, column: Column) -> dict[str, Any]:
    """The JSON Schema of one column's value in a JSON row."""
    if column.type == "list":
        item: dict[str, Any] = {"type": "string"}
        if column.item_enum:
            item["enum"] = list(column.item_enum)
        if column.item_pattern:
            item["pattern"] = column.item_pattern
        out: dict[str, Any] = {"type": "array", "description": described(column), "items": item}
        if column.min_length:
            out["minItems"] = column.min_length
        return out
    kind = "string" if column.type == "date" else column.type
    nullable = not table.never_null(column)
    out = {"type": [kind, "null"] if nullable else kind, "description": described(column)}
    if column.type == "date":
        out["format"] = "date"
    if column.enum:
        out["enum"] = [*column.enum, None] if nullable else list(column.enum)
    if column.pattern:
        out["pattern"] = column.pattern
    if column.min_length and column.type == "string":
        out["minLength"] = column.min_length
    return out


def row_schema(table: Table) -> dict[str, Any]:
    """The JSON Schema of one row of `json/<table>.json`: every column present, null when empty
    (never for lists, which are arrays), no other key."""
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": f"{table.name}.schema.json",
        "title": f"A row of {table.name}",
        "description": f"{table.description} One object of the array in json/{table.name}.json.",
        "type": "object",
        "properties": {c.name: _column_schema(table, c) for c in table.columns},
        "required": list(table.column_names),
        "additionalProperties": False,
    }


def record_type(model: type[Model]) -> str:
    """The name of a record type as the templates use it: `ClaimRelation` → `claim_relation`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", model.__name__).lower()


def record_schema(model: type[Model]) -> dict[str, Any]:
    """The JSON Schema of one YAML record type (nested dates and spellings), with a stable $id."""
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": f"{record_type(model)}.schema.json",
        **model.model_json_schema(),
    }


def dumps(data: Any) -> str:
    """The one JSON formatting used for every committed and exported descriptor: indented by
    two spaces, non-ASCII text as it is, a newline at the end."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def json_schema_files() -> dict[str, str]:
    """Relative path -> content of the row and record JSON Schemas (under schema/ in the
    repository and in a release)."""
    files = {f"rows/{t.name}.schema.json": dumps(row_schema(t)) for t in TABLES}
    files.update({f"records/{record_type(m)}.schema.json": dumps(record_schema(m)) for m in ENTITY_MODELS})
    return files


def schema_files(info: DatasetInfo) -> dict[str, str]:
    """Relative path -> content of every file under schema/."""
    return {DESCRIPTOR_FILE: dumps(package_descriptor(info)), **json_schema_files()}


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
    """Rewrite schema_dir from the models, removing files the models no longer generate;
    returns the files that changed or went."""
    changed = []
    expected = schema_files(info)
    for rel, content in expected.items():
        path = schema_dir / rel
        if not path.is_file() or path.read_text(encoding="utf-8") != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
            changed.append(rel)
    for path in sorted(schema_dir.rglob("*"), reverse=True):
        rel = path.relative_to(schema_dir).as_posix()
        if path.is_file() and rel not in expected and path.suffix == ".json":
            path.unlink()
            changed.append(rel)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return changed
