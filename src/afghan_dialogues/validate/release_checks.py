"""Layer 8 (`validate --release`): what publishing a version promises beyond valid records.

A release must carry a new version and a CHANGELOG entry for it, have no warnings at all
(a warning tolerated during curation is a defect once published), and keep every id the
previous release had: an id that disappears breaks every citation and join made with it,
unless a tombstone says it was merged or withdrawn.

The previous release is read through its `id` columns only, so it can have been written by
an older version of the models.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.models import Tombstone
from afghan_dialogues.findings import Finding, Severity
from afghan_dialogues.loading import LoadError, read_descriptor, read_release_rows
from afghan_dialogues.paths import changelog_for, display_path
from afghan_dialogues.recordfiles import layout
from afghan_dialogues.recordfiles.loader import Loaded
from afghan_dialogues.validate.descriptor_check import package_errors
from afghan_dialogues.validate.report import Report

ID_TABLES = ("sources", "actors", "meetings", "claims")
TOMBSTONES_FILE = next(name for name, (_, model) in layout.REGISTRIES.items() if model is Tombstone)
_VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")
_TOMBSTONE_HINT = (
    "restore the record, or retire the id in records/tombstones.yaml: "
    "id, reason (merged or withdrawn), merged_into (for merged), note"
)


@dataclass(frozen=True)
class PreviousRelease:
    """What the release checks need from the previous release."""

    path: Path
    version: str
    ids: frozenset[str]
    """Ids of its sources, actors, meetings and claims, and of its tombstones."""


def parse_version(text: str) -> tuple[int, int, int] | None:
    """`x.y.z` as numbers (so 0.10.0 > 0.9.0), or None when it is not one."""
    match = _VERSION.match(text)
    if match is None:
        return None
    major, minor, patch = (int(g) for g in match.groups())
    return major, minor, patch


def read_previous(path: Path) -> PreviousRelease:
    """Version and ids of a release directory; raises LoadError when it cannot be read."""
    descriptor = read_descriptor(path)
    version = descriptor.get("version")
    if not isinstance(version, str) or parse_version(version) is None:
        raise LoadError(f"{path / 'datapackage.json'}: no x.y.z version")
    ids: set[str] = set()
    for table in (*ID_TABLES, "tombstones"):
        ids.update(str(row["id"]) for row in read_release_rows(path, table, ["id"]) if row["id"] is not None)
    return PreviousRelease(path, version, frozenset(ids))


def check_warnings(report: Report) -> list[Finding]:
    """Any warning fails a release."""
    count = report.count(Severity.warning)
    if not count:
        return []
    return [
        Finding(
            F.RELEASE_WARNINGS,
            f"{count} warning{'s' * (count != 1)}: a release must have none",
            file=display_path(report.root),
            hint="fix every warning listed in this report before tagging",
        )
    ]


def check_changelog(version: str, records: Path) -> list[Finding]:
    """CHANGELOG.md beside the records has a `## [version]` heading."""
    changelog = changelog_for(records)
    expected = records.parent / "CHANGELOG.md"
    hint = f"add a '## [{version}] - YYYY-MM-DD' section with Data, Schema and Tooling entries"
    if changelog is None:
        return [
            Finding(
                F.RELEASE_CHANGELOG_MISSING, "CHANGELOG.md not found", file=display_path(expected), hint=hint
            )
        ]
    text = changelog.read_text(encoding="utf-8", errors="replace")
    if re.search(rf"^## \[{re.escape(version)}\]", text, flags=re.MULTILINE):
        return []
    return [
        Finding(
            F.RELEASE_CHANGELOG_MISSING,
            f"no '## [{version}]' heading for the version in dataset.yaml",
            file=display_path(changelog),
            hint=hint,
        )
    ]


def check_version(version: str, previous: PreviousRelease, dataset_file: str | None) -> list[Finding]:
    """The version is greater than the previous release's."""
    current, before = parse_version(version), parse_version(previous.version)
    if current is None or before is None or current > before:
        return []
    return [
        Finding(
            F.RELEASE_VERSION_NOT_NEW,
            f"version {version} is not greater than {previous.version}, the previous release",
            file=dataset_file,
            field="version",
            hint="bump `version` in records/dataset.yaml (semantic versioning)",
        )
    ]


def check_lost_ids(loaded: Loaded, previous: PreviousRelease) -> list[Finding]:
    """Every id of the previous release is still a record or a tombstone.

    Ids are read from the raw entries, valid or not: a record that fails its model is broken,
    not lost, and the other layers already report it.
    """
    present: set[str] = set()
    for entry in loaded.entries:
        rid = entry.data.get("id") if isinstance(entry.data, dict) else None
        if isinstance(rid, str):
            present.add(rid)
    tombstones = display_path(loaded.root / TOMBSTONES_FILE)
    return [
        Finding(
            F.RELEASE_ID_LOST,
            f"'{rid}' was in release {previous.version} and is gone without a tombstone",
            file=tombstones,
            record_id=rid,
            hint=_TOMBSTONE_HINT,
        )
        for rid in sorted(previous.ids - present)
    ]


def check_release(report: Report, previous: Path | None) -> list[Finding]:
    """The release findings for a validated records folder (and its previous release, if given)."""
    found = check_warnings(report)
    info = report.info
    if info is None:
        return found
    found += check_changelog(info.version, report.root)
    found += package_errors(info)
    if previous is None:
        return found
    try:
        before = read_previous(previous)
    except LoadError as exc:
        found.append(
            Finding(
                F.RELEASE_PREVIOUS_UNREADABLE,
                str(exc),
                file=display_path(previous),
                hint="give the directory of a release (with datapackage.json) to --previous",
            )
        )
        return found
    dataset_file = report.loaded.dataset.file if report.loaded and report.loaded.dataset else None
    found += check_version(info.version, before, dataset_file)
    if report.loaded is not None:
        found += check_lost_ids(report.loaded, before)
    return found


def with_release_checks(report: Report, previous: Path | None) -> Report:
    """The report with the release findings added, in report order."""
    found = set(report.findings) | set(check_release(report, previous))
    return replace(report, findings=sorted(found, key=Finding.sort_key))
