"""`validate --release [--previous DIR]`: what publishing a version requires beyond valid records."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result

from afghan_dialogues import findings as F
from afghan_dialogues.cli import main
from afghan_dialogues.exports.writer import export_release
from afghan_dialogues.validate.release_checks import (
    PreviousRelease,
    check_release,
    check_version,
    parse_version,
)
from afghan_dialogues.validate.runner import validate_records
from conftest import dataset_of
from helpers import Edit

EXTRA_ACTOR = (
    "  - id: act-old-party\n    name: Old Party\n    kind: organization\n    description: A party.\n"
)
WITHDRAWN = (
    "  - id: act-old-party\n    reason: withdrawn\n    retired_in: 0.2.0\n"
    "    note: Not an actor of these events.\n"
)
CHANGELOG = "# Changelog\n\n## [0.2.0] - 2026-11-20\n\n### Data\n\n- Withdrew act-old-party.\n\n## [0.1.0]\n"


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.fixture
def previous(records: Path, edit: Edit, tmp_path: Path) -> Path:
    """Release 0.1.0 with one more actor; afterwards the records are 0.2.0 without that actor."""
    append(records / "actors.yaml", EXTRA_ACTOR)
    out = export_release(dataset_of(records), tmp_path / "previous").directory
    edit("actors.yaml", EXTRA_ACTOR, "")
    edit("dataset.yaml", "version: 0.1.0", "version: 0.2.0")
    (tmp_path / "CHANGELOG.md").write_text(CHANGELOG, encoding="utf-8")
    return out


def release_codes(records: Path, previous: Path | None) -> list[str]:
    return [f.code for f in check_release(validate_records(records), previous)]


def run(records: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["validate", str(records), "--release", *args])


def test_an_id_of_the_previous_release_gone_without_tombstone_fails(records: Path, previous: Path) -> None:
    result = run(records, "--previous", str(previous))
    assert result.exit_code == 1
    assert "release/id-lost" in result.output and "act-old-party" in result.output
    (finding,) = [
        f for f in check_release(validate_records(records), previous) if f.code == F.RELEASE_ID_LOST
    ]
    assert finding.record_id == "act-old-party"
    assert finding.file is not None and finding.file.endswith("tombstones.yaml")


def test_an_id_retired_by_a_tombstone_is_not_lost(records: Path, previous: Path) -> None:
    append(records / "tombstones.yaml", WITHDRAWN)
    result = run(records, "--previous", str(previous))
    assert result.exit_code == 0, result.output


def test_a_tombstone_of_the_previous_release_must_stay(records: Path, previous: Path, edit: Edit) -> None:
    append(records / "tombstones.yaml", WITHDRAWN)
    edit("tombstones.yaml", "  - id: act-ahmad-masoud\n", "  - id: act-ahmad-masud\n")
    lost = [
        f.record_id for f in check_release(validate_records(records), previous) if f.code == F.RELEASE_ID_LOST
    ]
    assert lost == ["act-ahmad-masoud"]


def test_a_record_that_fails_its_model_is_broken_not_lost(records: Path, previous: Path, edit: Edit) -> None:
    append(records / "tombstones.yaml", WITHDRAWN)
    edit("meetings.yaml", "kind: meeting", "kind: gathering")
    assert F.RELEASE_ID_LOST not in release_codes(records, previous)


def test_the_version_must_be_greater_than_the_previous_release(
    records: Path, previous: Path, edit: Edit
) -> None:
    append(records / "tombstones.yaml", WITHDRAWN)
    edit("dataset.yaml", "version: 0.2.0", "version: 0.1.0")
    (records.parent / "CHANGELOG.md").write_text("## [0.1.0]\n", encoding="utf-8")
    result = run(records, "--previous", str(previous))
    assert result.exit_code == 1
    assert "release/version-not-new" in result.output
    assert "0.1.0 is not greater than 0.1.0" in result.output


def test_versions_compare_as_numbers_not_text() -> None:
    before = PreviousRelease(Path("previous"), "0.9.0", frozenset())
    assert check_version("0.10.0", before, None) == []
    assert [f.code for f in check_version("0.9.0", before, None)] == [F.RELEASE_VERSION_NOT_NEW]
    assert parse_version("1.0") is None


def test_the_changelog_needs_a_heading_for_the_version(records: Path, previous: Path) -> None:
    append(records / "tombstones.yaml", WITHDRAWN)
    (records.parent / "CHANGELOG.md").write_text("# Changelog\n\n## [0.1.0]\n", encoding="utf-8")
    assert release_codes(records, previous) == [F.RELEASE_CHANGELOG_MISSING]
    (records.parent / "CHANGELOG.md").unlink()
    assert release_codes(records, previous) == [F.RELEASE_CHANGELOG_MISSING]


def test_a_changelog_heading_with_a_date_counts(records: Path, previous: Path) -> None:
    append(records / "tombstones.yaml", WITHDRAWN)
    assert release_codes(records, previous) == []


def test_any_warning_fails_a_release_even_without_strict(records: Path, previous: Path) -> None:
    append(records / "tombstones.yaml", WITHDRAWN)
    append(records / "actors.yaml", EXTRA_ACTOR.replace("act-old-party", "act-unused"))
    result = run(records, "--previous", str(previous))
    assert result.exit_code == 1
    assert "release/warnings" in result.output
    assert CliRunner().invoke(main, ["validate", str(records)]).exit_code == 0


def test_without_previous_only_the_other_checks_run(records: Path, previous: Path) -> None:
    assert release_codes(records, None) == []
    (records.parent / "CHANGELOG.md").unlink()
    assert release_codes(records, None) == [F.RELEASE_CHANGELOG_MISSING]


def test_a_previous_directory_without_datapackage_is_reported_unreadable(
    records: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run(records, "--previous", str(empty))
    assert result.exit_code == 1
    assert "release/previous-unreadable" in result.output


def test_only_the_id_columns_of_the_previous_release_are_read(records: Path, previous: Path) -> None:
    """An older release written with other columns still serves as the previous release."""
    append(records / "tombstones.yaml", WITHDRAWN)
    path = previous / "parquet" / "actors.parquet"
    table = pq.read_table(path)
    pq.write_table(table.append_column("retired_column", pa.array(["x"] * table.num_rows)), path)
    assert release_codes(records, previous) == []


def test_a_previous_release_with_json_tables_only_is_read(records: Path, previous: Path) -> None:
    for path in (previous / "parquet").iterdir():
        path.unlink()
    assert F.RELEASE_ID_LOST in release_codes(records, previous)


def test_release_findings_appear_in_json_output(records: Path, previous: Path) -> None:
    result = run(records, "--previous", str(previous), "--format", "json")
    assert result.exit_code == 1
    codes = [f["code"] for f in json.loads(result.output)["findings"]]
    assert codes == [F.RELEASE_ID_LOST]


def test_release_checks_do_not_run_without_the_release_flag(records: Path) -> None:
    assert not (records.parent / "CHANGELOG.md").exists()
    assert CliRunner().invoke(main, ["validate", str(records)]).exit_code == 0


def test_previous_without_release_is_a_usage_error(records: Path, previous: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(records), "--previous", str(previous)])
    assert result.exit_code == 2


def test_a_missing_previous_directory_is_a_usage_error(records: Path, tmp_path: Path) -> None:
    assert run(records, "--previous", str(tmp_path / "nowhere")).exit_code == 2


@pytest.mark.parametrize("text", ["[" * 200_000, '{"version": ' + "9" * 5000 + "}"])
def test_a_previous_release_with_a_damaged_descriptor_is_reported_unreadable(
    records: Path, previous: Path, text: str
) -> None:
    (previous / "datapackage.json").write_text(text, encoding="utf-8")
    result = run(records, "--previous", str(previous))
    assert result.exit_code == 1, result.output
    assert "release/previous-unreadable" in result.output and "datapackage.json: cannot read" in result.output


def test_a_previous_release_whose_created_is_no_date_is_still_compared_by_version_and_ids(
    records: Path, previous: Path
) -> None:
    path = previous / "datapackage.json"
    path.write_text(
        path.read_text(encoding="utf-8").replace("{", '{"created": "garbage",', 1), encoding="utf-8"
    )
    result = run(records, "--previous", str(previous))
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)  # an exit with findings, not a crash
    assert "release/id-lost" in result.output and "act-old-party" in result.output
