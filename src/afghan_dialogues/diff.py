"""What changed between two versions of the dataset, table by table and field by field.

The comparison runs on the published tables (flat rows keyed by their primary keys), because
that is what consumers hold: a change to a reported date shows as the columns that changed
(`date_start`, `date_note`...), and a changed role in `participants` is a removed and an added
row, as a join on the key would see it. Removed ids are checked against the new version's
tombstones, since an id that vanishes without one breaks every reference made to it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from afghan_dialogues.datamodel.models import Tombstone
from afghan_dialogues.datamodel.tables import TABLES, Table
from afghan_dialogues.dataset import Dataset

FORMATS = ("text", "markdown", "json")
_MARKDOWN_VALUE_LIMIT = 120
_MARKDOWN_CONTEXT = 30
"""Characters kept before the first difference (and after the last) in a cut value."""


@dataclass(frozen=True)
class FieldChange:
    """One column of one row, before and after."""

    column: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Changed:
    """A row present in both versions whose values differ."""

    key: tuple[str, ...]
    fields: tuple[FieldChange, ...]


@dataclass(frozen=True)
class Removed:
    """A row gone from the new version; for id tables, the tombstone that retired it, if any."""

    key: tuple[str, ...]
    retirable: bool
    tombstone: Tombstone | None


@dataclass(frozen=True)
class TableDiff:
    """Differences in one published table."""

    table: str
    key_columns: tuple[str, ...]
    added: tuple[tuple[str, ...], ...]
    removed: tuple[Removed, ...]
    changed: tuple[Changed, ...]

    @property
    def empty(self) -> bool:
        """No row added, removed or changed."""
        return not (self.added or self.removed or self.changed)


@dataclass(frozen=True)
class DatasetDiff:
    """Differences between two versions, one entry per published table."""

    old_version: str
    new_version: str
    tables: tuple[TableDiff, ...]

    @property
    def empty(self) -> bool:
        """The two versions hold the same rows."""
        return all(t.empty for t in self.tables)


def _keyed(table: Table, dataset: Dataset) -> dict[tuple[str, ...], dict[str, Any]]:
    return {tuple(str(row[k]) for k in table.primary_key): row for row in dataset.table_rows(table)}


def diff_table(table: Table, old: Dataset, new: Dataset) -> TableDiff:
    """Rows added, removed and changed in one table."""
    before, after = _keyed(table, old), _keyed(table, new)
    retirable = table.primary_key == ("id",) and table.name != "tombstones"
    tombstones = {t.id: t for t in new.tombstones}
    changed = []
    for key in sorted(before.keys() & after.keys()):
        fields = tuple(
            FieldChange(column, before[key].get(column), after[key].get(column))
            for column in table.column_names
            if before[key].get(column) != after[key].get(column)
        )
        if fields:
            changed.append(Changed(key, fields))
    return TableDiff(
        table=table.name,
        key_columns=table.primary_key,
        added=tuple(sorted(after.keys() - before.keys())),
        removed=tuple(
            Removed(key, retirable, tombstones.get(key[0]) if retirable else None)
            for key in sorted(before.keys() - after.keys())
        ),
        changed=tuple(changed),
    )


def diff_datasets(old: Dataset, new: Dataset) -> DatasetDiff:
    """Differences between two datasets, in published table order."""
    return DatasetDiff(
        old_version=old.info.version,
        new_version=new.info.version,
        tables=tuple(diff_table(table, old, new) for table in TABLES),
    )


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _value(value: Any) -> str:
    """A value as unambiguous text: strings quoted, lists as arrays, null as null."""
    return json.dumps(_plain(value), ensure_ascii=False)


def _key(key: tuple[str, ...]) -> str:
    return " / ".join(key)


def _retirement(removed: Removed) -> str:
    if not removed.retirable:
        return ""
    tombstone = removed.tombstone
    if tombstone is None:
        return "no tombstone"
    if tombstone.merged_into:
        return f"{tombstone.reason.value}: merged into {tombstone.merged_into}"
    return tombstone.reason.value


def _counts(table: TableDiff) -> str:
    return f"{len(table.added)} added, {len(table.removed)} removed, {len(table.changed)} changed"


def render_text(diff: DatasetDiff) -> str:
    """For a terminal: one block per changed table, `+` added, `-` removed, `~` changed."""
    lines = [f"{diff.old_version} -> {diff.new_version}"]
    if diff.empty:
        lines.append("no differences")
    for table in diff.tables:
        if table.empty:
            continue
        lines.append(f"{table.table}: {_counts(table)}")
        lines += [f"  + {_key(key)}" for key in table.added]
        for removed in table.removed:
            note = _retirement(removed)
            lines.append(f"  - {_key(removed.key)}" + (f"  ({note})" if note else ""))
        for changed in table.changed:
            lines.append(f"  ~ {_key(changed.key)}")
            lines += [f"      {f.column}: {_value(f.before)} -> {_value(f.after)}" for f in changed.fields]
    return "\n".join(lines) + "\n"


def _code(text: str) -> str:
    """Inline code that survives backticks inside the text."""
    return f"`` {text} ``" if "`" in text else f"`{text}`"


def _common_length(a: str, b: str) -> int:
    """Length of the longest common prefix."""
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def excerpts(before: str, after: str, limit: int = _MARKDOWN_VALUE_LIMIT) -> tuple[str, str]:
    """Both sides of a change, cut to about `limit` characters around what changed.

    Cutting both at the same place from the start would show two equal beginnings when the
    change lies at the end of a long quote or note; instead both excerpts start a little
    before the first character that differs and run past the last one (as far as `limit`
    allows), with `…` where text was left out.
    """
    if len(before) <= limit and len(after) <= limit:
        return before, after
    prefix = _common_length(before, after)
    suffix = min(_common_length(before[::-1], after[::-1]), min(len(before), len(after)) - prefix)
    start = max(0, prefix - _MARKDOWN_CONTEXT)

    def cut(text: str) -> str:
        end = min(len(text), max(len(text) - suffix + _MARKDOWN_CONTEXT, prefix + 1), start + limit)
        return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")

    return cut(before), cut(after)


def _change(change: FieldChange) -> str:
    before, after = excerpts(_value(change.before), _value(change.after))
    return f"{_code(change.column)} {_code(before)} → {_code(after)}"


def render_markdown(diff: DatasetDiff) -> str:
    """A `### Data` section to paste under the version's heading in CHANGELOG.md."""
    lines = ["### Data", ""]
    if diff.empty:
        lines.append(f"- No changes to the data since {diff.old_version}.")
    for table in diff.tables:
        if table.empty:
            continue
        lines.append(f"- **{table.table}**: {_counts(table)}")
        lines += [f"  - added {_code(_key(key))}" for key in table.added]
        for removed in table.removed:
            note = _retirement(removed)
            lines.append(f"  - removed {_code(_key(removed.key))}" + (f" ({note})" if note else ""))
        for changed in table.changed:
            detail = "; ".join(_change(f) for f in changed.fields)
            lines.append(f"  - changed {_code(_key(changed.key))}: {detail}")
    return "\n".join(lines) + "\n"


def _tombstone_dict(stone: Tombstone | None) -> dict[str, Any] | None:
    return None if stone is None else {"reason": stone.reason.value, "merged_into": stone.merged_into}


def _table_dict(table: TableDiff) -> dict[str, Any]:
    def key_of(key: tuple[str, ...]) -> dict[str, str]:
        return dict(zip(table.key_columns, key, strict=True))

    removed = []
    for item in table.removed:
        entry: dict[str, Any] = {"key": key_of(item.key)}
        if item.retirable:
            entry["tombstone"] = _tombstone_dict(item.tombstone)
        removed.append(entry)
    changed = [
        {
            "key": key_of(item.key),
            "fields": {f.column: {"before": _plain(f.before), "after": _plain(f.after)} for f in item.fields},
        }
        for item in table.changed
    ]
    return {"added": [key_of(key) for key in table.added], "removed": removed, "changed": changed}


def diff_to_dict(diff: DatasetDiff) -> dict[str, Any]:
    """The diff as plain JSON-ready data, every table included (empty ones too)."""
    return {
        "old_version": diff.old_version,
        "new_version": diff.new_version,
        "tables": {table.table: _table_dict(table) for table in diff.tables},
    }


def render_diff(diff: DatasetDiff, fmt: str) -> str:
    """The diff as text, markdown or json."""
    if fmt == "json":
        return json.dumps(diff_to_dict(diff), indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return render_markdown(diff)
    if fmt == "text":
        return render_text(diff)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
