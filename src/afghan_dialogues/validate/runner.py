"""Run every layer over a records folder and collect all findings (never stop at the first)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from afghan_dialogues import findings as F
from afghan_dialogues.collector import paused
from afghan_dialogues.findings import Finding
from afghan_dialogues.paths import display_path, schema_dir_for
from afghan_dialogues.recordfiles.loader import load_folder
from afghan_dialogues.recordfiles.readahead import Readahead
from afghan_dialogues.recordfiles.snapshots import digest_snapshots
from afghan_dialogues.validate.context import Context
from afghan_dialogues.validate.dates import check_dates
from afghan_dialogues.validate.evidence import check_evidence
from afghan_dialogues.validate.identity import check_identity
from afghan_dialogues.validate.model import check_models
from afghan_dialogues.validate.package import check_package
from afghan_dialogues.validate.references import check_references
from afghan_dialogues.validate.report import Report
from afghan_dialogues.validate.text import check_text

_UNSET = Path("\0")


def validate_records(root: Path, *, today: dt.date | None = None, schema_dir: Path | None = _UNSET) -> Report:
    """Validate a records folder. Reads only; never writes.

    Cyclic garbage collection is paused meanwhile: validation builds millions of acyclic
    values (parsed YAML, one model per record) that the collector would otherwise traverse
    again and again as they accumulate, for about half of the time on large record sets.
    """
    with paused():
        return _validate(root, today, schema_dir)


def _validate(root: Path, today: dt.date | None, schema_dir: Path | None) -> Report:
    report = Report(root=root)
    if not root.is_dir():
        report.findings.append(
            Finding(
                F.PARSE_UNREADABLE,
                "records folder not found",
                file=display_path(root),
                hint="give the path of a records/ folder",
            )
        )
        return report
    with Readahead() as ahead:
        return _validate_folder(report, ahead, today, schema_dir)


def _validate_folder(
    report: Report, ahead: Readahead, today: dt.date | None, schema_dir: Path | None
) -> Report:
    root = report.root
    found: list[Finding] = []
    # Models are checked file by file as the files are read, while the worker prepares the next.
    loaded = load_folder(root, ahead, visit=lambda entries: found.extend(check_models(entries)))
    # Snapshots are hashed and normalized on the worker while the records are checked here.
    digests = ahead.later(digest_snapshots, dict(loaded.texts))
    report.loaded = loaded
    found += loaded.findings
    found += check_text(loaded.entries)
    if loaded.dataset is None:
        found.append(
            Finding(
                F.PARSE_STRUCTURE,
                "dataset.yaml is missing",
                file=display_path(root / "dataset.yaml"),
                hint="every records folder has dataset.yaml with name, version and licences",
            )
        )
    else:
        found += check_models([loaded.dataset])
        report.info = loaded.dataset.record  # type: ignore[assignment]
    package = None
    if report.info is not None:  # needs only the models: on the worker, while records are checked here
        package = ahead.later(
            check_package, report.info, schema_dir_for(root) if schema_dir == _UNSET else schema_dir
        )
    ctx = Context.build(loaded)
    found += check_identity(ctx)
    found += check_references(ctx)
    found += check_evidence(ctx, digests())
    found += check_dates(ctx, today)
    if package is not None:
        found += package()
    report.findings = sorted(set(found), key=Finding.sort_key)
    report.counts = dict(Counter(e.model.__name__ for e in loaded.entries if e.record is not None))
    return report
