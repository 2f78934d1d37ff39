"""Run every layer over a records folder or a package and collect all findings.

Both inputs go through the same rules: a records folder is read (parse layer), each record
checked against its model, and the valid records turned into tables; a package's files are read
and their cells checked against the same models. Findings of one code are capped per file,
so a million repeated mistakes make a readable report and bounded work.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.descriptors import is_package
from afghan_dialogues.exports.checksums import has_checksums
from afghan_dialogues.findings import Finding
from afghan_dialogues.gc_pause import gc_paused
from afghan_dialogues.paths import display_path, schema_dir_for
from afghan_dialogues.validate.checked import Checked
from afghan_dialogues.validate.descriptor_check import stale_schema
from afghan_dialogues.validate.from_package import PackageReader
from afghan_dialogues.validate.report import Report
from afghan_dialogues.validate.rules import RULES

MAX_PER_CODE_AND_FILE = 100
_UNSET = Path("\0")


def validate_path(path: Path, *, today: dt.date | None = None) -> Report:
    """A package directory (it holds datapackage.json) or a records folder. Reads only."""
    return validate_package(path, today=today) if is_package(path) else validate_records(path, today=today)


def run_rules(checked: Checked) -> list[Finding]:
    """Every cross-record rule over the tables of either front end, two at a time (most of
    their work is Arrow compute, which runs without the interpreter lock)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        return [finding for found in pool.map(lambda rule: rule(checked), RULES) for finding in found]


def validate_records(root: Path, *, today: dt.date | None = None, schema_dir: Path | None = _UNSET) -> Report:
    """Validate a records folder. Reads only; never writes.

    The cyclic garbage collector is paused meanwhile: reading builds many values (parsed YAML,
    one model per record, one row per record) that hold no reference cycles, and its runs over
    them free nothing (benchmarks/RESULTS.md measures what the pause saves).
    """
    with gc_paused():
        return _validate_records(root, today, schema_dir)


def _validate_records(root: Path, today: dt.date | None, schema_dir: Path | None) -> Report:
    from afghan_dialogues.recordfiles.loader import load_folder  # packages need no YAML reader
    from afghan_dialogues.validate.from_records import checked_from_records
    from afghan_dialogues.validate.model_errors import check_models

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
    loaded = load_folder(root)
    report.loaded = loaded
    found = [*loaded.findings, *check_models(loaded.entries)]
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
    if report.info is not None:
        found += stale_schema(schema_dir_for(root) if schema_dir == _UNSET else schema_dir, report.info)
    checked = checked_from_records(loaded)
    if today is not None:
        checked.today = today
    found += run_rules(checked)
    report.findings = capped(found)
    report.counts = dict(Counter(e.model.__name__ for e in loaded.entries if e.record is not None))
    return report


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
    reader = PackageReader(root, prefer)
    checked = reader.read()
    if today is not None:
        checked.today = today
    found = [*reader.findings, *run_rules(checked)]
    if has_checksums(root):
        from afghan_dialogues.validate.release_folder import release_findings

        found += release_findings(root, reader.info)
    report.findings = capped(found)
    report.counts = {name: int(table.num_rows) for name, table in checked.tables.items()}
    report.info = reader.info
    return report


def capped(findings: list[Finding]) -> list[Finding]:
    """Findings in report order, at most `MAX_PER_CODE_AND_FILE` of one code in one file, the
    rest counted in one more finding of that code."""
    kept: list[Finding] = []
    counts: Counter[tuple[str, str | None]] = Counter()
    for finding in sorted(set(findings), key=Finding.sort_key):
        key = (finding.code, finding.file)
        counts[key] += 1
        if counts[key] <= MAX_PER_CODE_AND_FILE:
            kept.append(finding)
    for (code, file), count in sorted(counts.items(), key=lambda item: (item[0][1] or "", item[0][0])):
        if count > MAX_PER_CODE_AND_FILE:
            kept.append(
                Finding(
                    code,
                    f"{count - MAX_PER_CODE_AND_FILE} more findings of this code in this file are not shown",
                    file=file,
                    hint="fix the ones shown and run validate again",
                )
            )
    return sorted(kept, key=Finding.sort_key)
