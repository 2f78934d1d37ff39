"""Counts per table and per source: the quick picture a reviewer checks a release against."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from afghan_dialogues.dataset import Dataset
from afghan_dialogues.readme_blocks import ReadmeBlock
from afghan_dialogues.validate.runner import validate_records


@dataclass(frozen=True)
class Stats:
    """Rows per published table, and per source the records that cite it."""

    tables: dict[str, int]
    per_source: dict[str, dict[str, int]]


def _per_source(column: Any) -> dict[str, int]:
    """How many rows name each source in `column` (a source id, or a list of them: a row listing
    a source twice counts once)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_list(column.type):
        pairs = pa.table({"row": pc.list_parent_indices(column), "source": pc.list_flatten(column)})
        column = pairs.group_by(["row", "source"]).aggregate([]).column("source")
    counts = pc.value_counts(column)
    return dict(zip(counts.field("values").to_pylist(), counts.field("counts").to_pylist(), strict=True))


def dataset_stats(data: Dataset) -> Stats:
    """Compute the counts from a dataset's published tables: a release is counted from the Arrow
    tables it was read into, without building its records, and in one pass over each column."""
    tables = {t.name: data.to_arrow(t.name).num_rows for t in data.tables}
    counted = {
        "claims": _per_source(data.to_arrow("claims").column("source_id")),
        **{
            name: _per_source(data.to_arrow(name).column("source_ids"))
            for name in ("meetings", "participants", "affiliations", "actor_names")
        },
    }
    per_source = {
        str(sid): {name: counts.get(sid, 0) for name, counts in counted.items()}
        for sid in data.to_arrow("sources").column("id").to_pylist()
    }
    return Stats(tables, per_source)


def compute_stats(root: Path) -> Stats | None:
    """Stats of a records folder, or None when it has errors (counts of broken data mislead)."""
    report = validate_records(root)
    if report.failed() or report.loaded is None:
        return None
    return dataset_stats(Dataset.from_loaded(report.loaded))


def render_stats(stats: Stats, fmt: str) -> str:
    """As text, a Markdown table (for the README) or JSON."""
    if fmt == "json":
        return json.dumps({"tables": stats.tables, "per_source": stats.per_source}, indent=2) + "\n"
    columns = ["claims", "meetings", "participants", "affiliations", "actor_names"]
    if fmt == "markdown":
        lines = ["| table | rows |", "|---|---:|"]
        lines += [f"| {name} | {n} |" for name, n in stats.tables.items()]
        lines += ["", "| source | " + " | ".join(columns) + " |", "|---|" + "---:|" * len(columns)]
        lines += [
            f"| {sid} | " + " | ".join(str(c[k]) for k in columns) + " |"
            for sid, c in stats.per_source.items()
        ]
        return "\n".join(lines) + "\n"
    width = max([len(s) for s in stats.per_source] + [len(t) for t in stats.tables] + [6])
    lines = [f"{'table':<{width}}  rows"] + [f"{n:<{width}}  {c:>4}" for n, c in stats.tables.items()]
    lines += ["", f"{'source':<{width}}  " + "  ".join(columns)]
    lines += [
        f"{sid:<{width}}  " + "  ".join(f"{c[k]:>{len(k)}}" for k in columns)
        for sid, c in stats.per_source.items()
    ]
    return "\n".join(lines) + "\n"


README_STATS = ReadmeBlock("stats", "afghan-dialogues stats --write-readme")
"""The README's counts; the README test names the command when they are stale."""


def update_readme(readme: Path, stats: Stats) -> bool:
    """Put the Markdown counts between the README's stats markers; True when that changed it."""
    return README_STATS.write(readme, render_stats(stats, "markdown"))
