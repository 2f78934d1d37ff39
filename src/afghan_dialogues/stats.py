"""Counts per table and per source: the quick picture a reviewer checks a release against."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from afghan_dialogues.atomic_files import replace_file
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


README_START = "<!-- stats:start -->\n"
README_END = "<!-- stats:end -->"
README_COMMAND = "afghan-dialogues stats --write-readme"
"""The command that rewrites the README's counts; the README test names it when they are stale."""


class ReadmeError(Exception):
    """The README cannot be updated: missing, or without exactly one pair of stats markers."""


def readme_block(readme_text: str) -> str:
    """What stands between the stats markers of a README; raise ReadmeError without them."""
    pattern = re.escape(README_START) + r"(.*?)" + re.escape(README_END)
    blocks = re.findall(pattern, readme_text, flags=re.DOTALL)
    if len(blocks) != 1:
        raise ReadmeError(
            f"expected one '{README_START.strip()}' ... '{README_END}' block, found {len(blocks)}"
        )
    return str(blocks[0])


def update_readme(readme: Path, stats: Stats) -> bool:
    """Put the Markdown counts between the README's stats markers; True when that changed it."""
    try:
        text = readme.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReadmeError(f"cannot read {readme}: {exc}") from exc
    try:
        old = readme_block(text)
    except ReadmeError as exc:
        raise ReadmeError(f"{readme}: {exc}") from exc
    new = render_stats(stats, "markdown")
    if old == new:
        return False
    start = text.index(README_START) + len(README_START)
    replace_file(readme, (text[:start] + new + text[start + len(old) :]).encode("utf-8"))
    return True
