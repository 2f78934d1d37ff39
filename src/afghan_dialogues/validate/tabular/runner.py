"""Validate a package directory: the descriptor, then each table batch by batch, then the checks
that span tables. Returns the same `Report` the records validator returns, so every renderer
and exit code works unchanged.

Arrow compute releases the GIL, so batches are checked on a small thread pool while the next
ones are read (results are taken back in order, and only a few batches are in flight, so
memory stays bounded); the cross-table checks, which only read what the batches kept, also
run side by side.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter, deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pyarrow.compute as pc

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.tables import TABLES
from afghan_dialogues.findings import Finding
from afghan_dialogues.paths import display_path
from afghan_dialogues.validate.report import Report
from afghan_dialogues.validate.tabular.cells import Checked, check_batch
from afghan_dialogues.validate.tabular.dates import check_dates
from afghan_dialogues.validate.tabular.descriptor import (
    dataset_info,
    is_package,
    read_descriptor,
    resource_path,
)
from afghan_dialogues.validate.tabular.evidence import check_evidence, has_snapshots
from afghan_dialogues.validate.tabular.files import batches, locate
from afghan_dialogues.validate.tabular.identity import check_identity
from afghan_dialogues.validate.tabular.located import Place
from afghan_dialogues.validate.tabular.references import check_references
from afghan_dialogues.validate.tabular.store import Kept, kept_columns
from afghan_dialogues.validate.tabular.text import check_text
from afghan_dialogues.validate.tabular.time import check_future, check_time

PREFERENCES = ("parquet", "csv")
WORKERS = min(4, os.cpu_count() or 1)
IN_FLIGHT = 2 * WORKERS


def _check(place: Place, batch: Any, csv: bool, today: dt.date) -> tuple[Checked, list[Finding]]:
    """Everything about one batch that needs no other row."""
    checked = check_batch(place, batch, csv=csv)
    found = [*checked.findings, *check_text(checked), *check_dates(checked), *check_future(checked, today)]
    return checked, found


def validate_package(root: Path, *, today: dt.date | None = None, prefer: str = "parquet") -> Report:
    """Validate the package at `root` (a directory with datapackage.json). Reads only."""
    report = Report(root=root)
    if not is_package(root):
        report.findings.append(
            Finding(
                F.PARSE_UNREADABLE,
                "no datapackage.json",
                file=display_path(root),
                hint="give the path of a release or package directory",
            )
        )
        return report
    today = today or dt.date.today()
    descriptor, found = read_descriptor(root)
    evidence = has_snapshots(root)
    tables: dict[str, Kept] = {}
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        pending: deque[tuple[Kept, Future[tuple[Checked, list[Finding]]]]] = deque()

        def settle(keep: int) -> None:
            while len(pending) > keep:
                kept, future = pending.popleft()
                checked, more = future.result()
                found.extend(more)
                kept.add(checked)

        for table in TABLES:
            source = locate(root, table, resource_path(descriptor, table.name), prefer)
            kept = Kept(table, source.shown, kept_columns(table, evidence))
            tables[table.name] = kept
            offset = 0
            for batch in batches(source):
                place = Place(table, source.shown, offset)
                pending.append((kept, pool.submit(_check, place, batch, source.format == "csv", today)))
                offset += batch.num_rows
                settle(IN_FLIGHT)
            found += source.findings
        settle(0)
        for kept in tables.values():
            kept.finish()
        _invalidate_actors_with_bad_spellings(tables)
        checks: list[Callable[[], list[Finding]]] = [
            lambda: check_identity(tables),
            lambda: check_references(tables),
            lambda: check_time(tables),
        ]
        if evidence:
            checks.append(lambda: check_evidence(root, tables))
        for future in [pool.submit(check) for check in checks]:
            found += future.result()
    report.findings = sorted(set(found), key=Finding.sort_key)
    report.counts = dict(Counter({name: kept.rows for name, kept in tables.items()}))
    report.info = dataset_info(descriptor)
    return report


def _invalidate_actors_with_bad_spellings(tables: dict[str, Kept]) -> None:
    """An actor is one record with its spellings: a bad spelling row makes the actor invalid."""
    names, actors = tables["actor_names"], tables["actors"]
    broken = pc.drop_null(pc.filter(names.columns["actor_id"], pc.invert(names.valid)))
    if len(broken):
        actors.valid = pc.and_(actors.valid, pc.invert(pc.is_in(actors.columns["id"], value_set=broken)))
