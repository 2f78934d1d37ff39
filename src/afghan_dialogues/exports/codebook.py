"""The codebook: every table and column of a release, written from the models.

It is the page a consumer opening a CSV in a spreadsheet reads first, so it repeats what the
data package says in prose: type, whether a value is always present, what it means, and which
values are allowed, plus the coded vocabularies with their definitions.
"""

from __future__ import annotations

import inspect
from enum import StrEnum

from afghan_dialogues.datamodel import enums
from afghan_dialogues.datamodel.models import DatasetInfo, ReportedDate
from afghan_dialogues.datamodel.tables import DATE_PARTS, TABLES, Column, Table

_TYPE_NOTES = {
    "string": "string",
    "date": "date",
    "boolean": "boolean",
    "integer": "integer",
    "list": "list of string",
}


def _cell(text: str) -> str:
    """Markdown table cells cannot hold pipes or line breaks."""
    return " ".join(text.replace("|", "\\|").split())


def _allowed(column: Column) -> str:
    enum = column.item_enum if column.type == "list" else column.enum
    pattern = column.item_pattern if column.type == "list" else column.pattern
    if enum:
        return ", ".join(f"`{value}`" for value in enum)
    if pattern:
        return f"pattern `{_cell(pattern)}`"
    return ""


def _table_section(table: Table) -> list[str]:
    lines = [f"## {table.name}", "", table.description, ""]
    lines.append(f"Primary key: {', '.join(f'`{k}`' for k in table.primary_key)}.")
    if table.foreign_keys:
        refs = ", ".join(f"`{fk.column}` → `{fk.table}.{fk.target}`" for fk in table.foreign_keys)
        lines.append(f"References: {refs}.")
    lines.append("")
    lines.append(f"Files: `parquet/{table.name}.parquet`, `csv/{table.name}.csv`, `json/{table.name}.json`.")
    lines += ["", "| column | type | required | description | allowed values |", "|---|---|---|---|---|"]
    for column in table.columns:
        required = "yes" if column.required else "no"
        lines.append(
            f"| `{column.name}` | {_TYPE_NOTES[column.type]} | {required} "
            f"| {_cell(column.description)} | {_allowed(column)} |"
        )
    lines.append("")
    return lines


def _coded_values() -> list[str]:
    lines = ["## Coded values", ""]
    vocabularies = [
        obj
        for _, obj in inspect.getmembers(enums, inspect.isclass)
        if issubclass(obj, StrEnum) and obj is not StrEnum and obj.__module__ == enums.__name__
    ]
    for vocabulary in sorted(vocabularies, key=lambda e: e.__name__):
        lines += [f"### {vocabulary.__name__}", "", inspect.cleandoc(vocabulary.__doc__ or ""), ""]
        lines += [f"- `{member.value}`" for member in vocabulary]
        lines.append("")
    return lines


def render_codebook(info: DatasetInfo) -> str:
    """The codebook of a release as Markdown."""
    lines = [f"# {info.title} {info.version}: codebook", "", info.description, ""]
    lines += [
        "Each table is published three times with the same columns: Parquet (typed), CSV (the "
        "Frictionless resources described in `datapackage.json`) and JSON (an array of row "
        "objects). JSON Schemas of the record types are in `schema/`. Parquet files also carry "
        "each column's description and allowed values in the Arrow field metadata (keys "
        "`description`, `required`, `enum`, `pattern`) and the table's in the schema metadata.",
        "",
        "Types: `string`; `date` is ISO 8601 `YYYY-MM-DD` (Arrow date32 in Parquet); `boolean` "
        "is `true`/`false`; `list of string` is an Arrow list in Parquet, a JSON array in JSON, "
        'and the items joined with "," in CSV. An empty CSV cell is a missing value (null in '
        "Parquet and JSON); list columns are never null in Parquet and JSON, only empty. "
        "*Required* means a value is always present.",
        "",
        "### Reported dates",
        "",
        inspect.cleandoc(ReportedDate.__doc__ or ""),
        "",
        "A reported date `x` is published as the columns "
        + ", ".join(f"`x_{part}`" for part in DATE_PARTS)
        + ".",
        "",
        "## Tables",
        "",
    ]
    lines += [f"- [{t.name}](#{t.name}): {t.description}" for t in TABLES]
    lines.append("")
    for table in TABLES:
        lines += _table_section(table)
    lines += _coded_values()
    return "\n".join(lines).rstrip("\n") + "\n"
