"""Validate a package directory: the descriptor, then each table batch by batch, then the checks
that span tables. Returns the same `Report` the records validator returns, so every renderer
and exit code works unchanged."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pyarrow.compute as pc

from afghan_dialogues import findings as F
from afghan_dialogues.findings import Finding
from afghan_dialogues.records.loader import display_path
from afghan_dialogues.schema.tables import TABLES
from afghan_dialogues.validate.runner import Report
from afghan_dialogues.validate.tabular.cells import check_batch
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
    for table in TABLES:
        source = locate(root, table, resource_path(descriptor, table.name), prefer)
        place = Place(table, source.shown)
        kept = Kept(table, source.shown, kept_columns(table, evidence))
        for batch in batches(source):
            checked = check_batch(place, batch, csv=source.format == "csv")
            found += checked.findings
            found += check_text(checked)
            found += check_dates(checked)
            found += check_future(checked, today)
            kept.add(checked)
            place.offset += batch.num_rows
        found += source.findings
        tables[table.name] = kept.finish()
    _invalidate_actors_with_bad_spellings(tables)
    found += check_identity(tables)
    found += check_references(tables)
    found += check_time(tables)
    if evidence:
        found += check_evidence(root, tables)
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
