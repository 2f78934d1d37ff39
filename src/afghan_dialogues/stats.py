"""Counts per table and per source: the quick picture a reviewer checks a release against."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from afghan_dialogues.dataset import Dataset
from afghan_dialogues.validate.runner import validate_records


@dataclass(frozen=True)
class Stats:
    """Rows per published table, and per source the records that cite it."""

    tables: dict[str, int]
    per_source: dict[str, dict[str, int]]


def dataset_stats(data: Dataset) -> Stats:
    """Compute the counts from a dataset."""
    tables = {t.name: sum(1 for _ in data.table_rows(t)) for t in data.tables}
    per_source: dict[str, dict[str, int]] = {}
    claims = Counter(c.source_id for c in data.claims)
    for source in data.sources:
        sid = source.id
        per_source[sid] = {
            "claims": claims[sid],
            "meetings": sum(sid in m.source_ids for m in data.meetings),
            "participants": sum(sid in p.source_ids for p in data.participants),
            "affiliations": sum(sid in a.source_ids for a in data.affiliations),
            "actor_names": sum(sid in n.source_ids for a in data.actors for n in a.names),
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
