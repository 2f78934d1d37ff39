"""`afghan_dialogues.load()`: the dataset from the bundled records, a records folder, a release
folder or a release zip, always as the same typed records.

`load()` does not run `validate` on every call: the full check takes about a second even for
the bundled records, and what it would find was found before the data were published.
- A release was validated when it was exported (`export` refuses records with errors); what
  can have happened since is damage or editing. So `load()` checks the sha256 of every file it
  reads against the release's SHA256SUMS and refuses a file that differs, then trusts the
  rest. A package without SHA256SUMS is vouched for by nothing and is validated in full.
- A records folder is read and each record checked against its model: what `load()` needs to
  build typed records, and what a YAML typo breaks. Cross-record checks (references, evidence,
  dates) are `validate`'s: the bundled records passed them before release, and the copy in an
  installed wheel has no text snapshots to check quotes against.
`load(path, validate=True)` runs the full check of `afghan-dialogues validate` first (and still
the checksums); errors raise a LoadError listing the first findings, warnings do not.

A release is read from its Parquet files (JSON when a table has no Parquet file) into Arrow
tables (published_tables), and its records are built from them, nested back into the models,
the first time they are asked for (unflatten): exporting or converting a release read this way
never builds them. A zip is extracted to a temporary folder first (release_zip); only the files
`load()` reads are extracted, unless the whole release is to be validated.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from afghan_dialogues.datamodel.descriptors import (
    DESCRIPTOR_FILE,
    DescriptorError,
    info_fields,
    is_package,
    read_descriptor_file,
)
from afghan_dialogues.datamodel.models import DatasetInfo
from afghan_dialogues.datamodel.tables import TABLES
from afghan_dialogues.dataset import Dataset
from afghan_dialogues.exports.checksums import CHECKSUMS_FILE, file_sha256, has_checksums, parse_checksums
from afghan_dialogues.findings import Finding, Severity
from afghan_dialogues.load_error import LoadError

__all__ = ["LoadError", "describe_findings", "load", "read_descriptor", "read_release", "read_release_rows"]

DATASET_FILE = "dataset.yaml"
SHOWN_FINDINGS = 5
MAX_CHECKSUMS_BYTES = 256 << 20


def load(path: str | os.PathLike[str] | None = None, *, validate: bool = False) -> Dataset:
    """The dataset at `path`: a release folder or zip, or a records folder (default: the records
    bundled with the package). `validate=True` runs the full check first (see the module)."""
    from afghan_dialogues.paths import records_dir
    from afghan_dialogues.release_zip import is_zip

    root = records_dir() if path is None else Path(path)
    if is_zip(root):
        return _load_zip(root, validate)
    if is_package(root):
        return _load_release(root, validate)
    if not root.exists():
        raise LoadError(f"{root} does not exist")
    if not (root / DATASET_FILE).is_file():
        raise LoadError(
            f"{root} is neither a release directory (no {DESCRIPTOR_FILE}) or zip "
            f"nor a records folder (no {DATASET_FILE})"
        )
    return read_records(root, validate)


def describe_findings(findings: Sequence[Finding], limit: int = SHOWN_FINDINGS) -> list[str]:
    """The first findings, one line each, as an error message lists them."""
    lines = []
    for f in findings[:limit]:
        subject = " ".join(x for x in (f.record_id, f.field) if x)
        lines.append(f"  {f.where()}: {f.code}: {subject + ': ' if subject else ''}{f.message}")
    if len(findings) > limit:
        lines.append(f"  ... and {len(findings) - limit} more")
    return lines


def _refuse(root: Path | str, what: str, findings: Sequence[Finding]) -> None:
    """Raise a LoadError listing the errors among `findings`, if there are any."""
    errors = [f for f in findings if f.level >= Severity.error]
    if errors:
        message = "\n".join(
            [
                f"{root}: the {what} has {len(errors)} error(s):",
                *describe_findings(errors),
                f"run `afghan-dialogues validate {root}` for every finding with hints",
            ]
        )
        raise LoadError(message, errors)


def read_records(root: Path, validate: bool = False) -> Dataset:
    """A records folder as a dataset: its records checked against their models, or, with
    `validate`, by every layer of `validate`. Raises LoadError on errors (warnings pass)."""
    from afghan_dialogues.recordfiles.loader import load_folder
    from afghan_dialogues.validate.model_errors import check_models

    if validate:
        from afghan_dialogues.validate.runner import validate_records

        report = validate_records(root)
        _refuse(root, "records folder", report.findings)
        loaded = report.loaded
    else:
        loaded = load_folder(root)
        found = [*loaded.findings, *check_models(loaded.entries)]
        if loaded.dataset is not None:
            found += check_models([loaded.dataset])
        _refuse(root, "records folder", found)
    if loaded is None or loaded.dataset is None or loaded.dataset.record is None:
        raise LoadError(f"{root}: dataset.yaml cannot be read")
    return Dataset.from_loaded(loaded)


def read_release_rows(root: Path, table: str, columns: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """The rows of one table of a release, from Parquet or else JSON, optionally some columns only.

    Only what `columns` names is read, so checks that need a few columns of an older release
    (ids, for instance) do not depend on its other columns matching today's models.
    """
    from afghan_dialogues.published_tables import parquet_path, read_json_rows, read_parquet

    parquet = parquet_path(root, table)
    if parquet.is_file():
        rows: list[dict[str, Any]] = read_parquet(parquet, columns).to_pylist()
        return rows
    data = read_json_rows(root, table)
    if columns is None:
        return data
    missing = [c for c in columns if data and c not in data[0]]
    if missing:
        raise LoadError(f"{root / 'json' / f'{table}.json'}: no column {', '.join(missing)}")
    return [{c: row.get(c) for c in columns} for row in data]


def read_descriptor(root: Path) -> dict[str, Any]:
    """The release's datapackage.json."""
    path = root / DESCRIPTOR_FILE
    try:
        return read_descriptor_file(path)
    except DescriptorError as exc:
        raise LoadError(f"{path}: {exc.message}") from exc


def _info(descriptor: dict[str, Any], where: Path) -> DatasetInfo:
    try:
        return DatasetInfo.model_validate(info_fields(descriptor), strict=False)
    except ValueError as exc:  # a ValidationError is one too
        raise LoadError(f"{where}: package metadata does not fit the dataset model: {exc}") from exc


def read_checksums(root: Path) -> dict[str, str]:
    """The sha256 (hex) of each file SHA256SUMS lists, by its path in the release."""
    path = root / CHECKSUMS_FILE
    try:
        if path.stat().st_size > MAX_CHECKSUMS_BYTES:
            raise LoadError(f"{path}: larger than a checksum file can be")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LoadError(f"{path}: cannot read: {exc}") from exc
    sums, bad = parse_checksums(text)
    if bad:
        raise LoadError(f"{path}:{bad[0][0]}: not a '<sha256>  <file>' line")
    return sums


def verify_checksums(root: Path, files: Sequence[Path]) -> None:
    """Raise a LoadError naming every file of `files` that SHA256SUMS does not list or that
    differs from its checksum."""
    sums = read_checksums(root)
    unlisted, changed = [], []
    for path in files:
        rel = path.relative_to(root).as_posix()
        if rel not in sums:
            unlisted.append(rel)
        else:
            try:
                if file_sha256(path) != sums[rel]:
                    changed.append(rel)
            except OSError as exc:
                raise LoadError(f"{path}: cannot read: {exc}") from exc
    problems = []
    if changed:
        problems.append(f"{', '.join(changed)} differ{'s' * (len(changed) == 1)} from {CHECKSUMS_FILE}")
    if unlisted:
        problems.append(f"{CHECKSUMS_FILE} does not list {', '.join(unlisted)}")
    if problems:
        raise LoadError(
            f"{root}: {'; '.join(problems)}: the release was changed or damaged after it was made; "
            "download it again"
        )


def files_read(root: Path) -> list[Path]:
    """The files `read_release` reads: the descriptor and one file per table."""
    from afghan_dialogues.published_tables import table_file

    tables = [table_file(root, table.name) for table in TABLES]
    return [root / DESCRIPTOR_FILE, *(path for path in tables if path.is_file())]


def _load_release(root: Path, validate: bool, shown: str | None = None) -> Dataset:
    """A release folder, its checksums verified; validated in full when asked or unvouched for."""
    checksummed = has_checksums(root)
    if checksummed:
        verify_checksums(root, files_read(root))
    if validate or not checksummed:
        from afghan_dialogues.validate.runner import validate_package

        _refuse(shown or root, "release", validate_package(root).findings)
    return read_release(root, shown)


def _select(names: frozenset[str]) -> frozenset[str] | set[str]:
    """What to extract of a zip to load it: the tables, unless nothing vouches for them."""
    from afghan_dialogues.release_zip import release_tables

    return release_tables(names) if CHECKSUMS_FILE in names else names


def _load_zip(archive: Path, validate: bool) -> Dataset:
    """A release zip: extracted to a temporary folder (only what is read, unless validating)
    and read as its folder is. The Arrow tables are in memory before the folder is removed."""
    from afghan_dialogues.release_zip import extracted

    with extracted(archive, None if validate else _select) as release:
        return _load_release(release.folder, validate, release.shown)


def read_release(root: Path, shown: str | None = None) -> Dataset:
    """A release directory as a dataset backed by its Arrow tables; records are built on first
    use. `shown` names the release in messages (a zip's entry rather than a temporary folder)."""
    from afghan_dialogues.published_tables import read_table
    from afghan_dialogues.unflatten import typed_records

    info = _info(read_descriptor(root), root / DESCRIPTOR_FILE)
    tables = {table.name: read_table(root, table) for table in TABLES}
    origin = shown or str(root)
    return Dataset.from_arrow(info, tables, lambda arrow, name: typed_records(arrow, name, origin))
