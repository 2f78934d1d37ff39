"""`synth`: deterministic, realistic synthetic datasets that pass `validate --strict`, and
datasets with known errors whose every injection `validate` finds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from afghan_dialogues import findings as F
from afghan_dialogues.cli import main
from afghan_dialogues.datamodel.calendars import gregorian_bounds
from afghan_dialogues.datamodel.descriptors import dumps, package_descriptor
from afghan_dialogues.datamodel.enums import Calendar
from afghan_dialogues.datamodel.normalize import name_skeleton
from afghan_dialogues.datamodel.tables import TABLES
from afghan_dialogues.dataset import Dataset
from afghan_dialogues.exports.writer import export_release
from afghan_dialogues.findings import Finding
from afghan_dialogues.recordfiles.canonical import format_file, yaml_files
from afghan_dialogues.synth import Manifest, OutputError, synthesize
from afghan_dialogues.synth.generate import dataset_info
from afghan_dialogues.synth.plan import applicable_codes
from afghan_dialogues.validate.report import Report
from afghan_dialogues.validate.runner import validate_package, validate_records
from conftest import TODAY


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def clean_records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("clean") / "records"
    synthesize(out, 1500, seed=11)
    return out


@pytest.fixture(scope="module")
def clean_report(clean_records: Path) -> Report:
    return validate_records(clean_records, today=TODAY)


def test_same_seed_gives_byte_identical_output(tmp_path: Path) -> None:
    synthesize(tmp_path / "a", 300, seed=4, error_rate=0.05)
    synthesize(tmp_path / "b", 300, seed=4, error_rate=0.05)
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


def test_another_seed_gives_another_dataset(tmp_path: Path) -> None:
    synthesize(tmp_path / "a", 300, seed=4)
    synthesize(tmp_path / "b", 300, seed=5)
    assert tree(tmp_path / "a") != tree(tmp_path / "b")


def test_records_pass_strict_validation(clean_report: Report) -> None:
    assert clean_report.findings == []
    assert not clean_report.failed(strict=True)


def test_records_hold_exactly_the_requested_claims(clean_report: Report) -> None:
    assert clean_report.counts["Claim"] == 1500


def test_records_are_written_in_canonical_form(clean_records: Path) -> None:
    changed = [f for f in yaml_files(clean_records) if format_file(clean_records, f).changed]
    assert changed == []


def test_hijri_dates_carry_their_original_and_its_converted_bounds(clean_report: Report) -> None:
    assert clean_report.loaded is not None
    data = Dataset.from_loaded(clean_report.loaded)
    hijri = [m.date for m in data.meetings if m.date.calendar is not Calendar.gregorian]
    hijri += [s.published for s in data.sources if s.published.calendar is not Calendar.gregorian]
    assert {d.calendar for d in hijri} == {Calendar.solar_hijri, Calendar.lunar_hijri}
    for date in hijri:
        assert date.original is not None and date.note is not None
        assert (date.start, date.end) == gregorian_bounds(date.calendar, date.original)


def test_actors_are_spelled_in_transliteration_variants_found_in_the_snapshots(clean_report: Report) -> None:
    assert clean_report.loaded is not None
    data = Dataset.from_loaded(clean_report.loaded)
    varied = [a for a in data.actors if len({n.spelling for n in a.names}) > 1]
    assert varied
    for actor in varied:
        assert len({name_skeleton(n.spelling) for n in actor.names}) == 1


def test_package_tables_are_what_export_writes_for_the_same_records(tmp_path: Path) -> None:
    synthesize(tmp_path / "records", 800, seed=2)
    synthesize(tmp_path / "package", 800, seed=2, fmt="package")
    report = validate_records(tmp_path / "records", today=TODAY)
    assert report.loaded is not None
    release = export_release(Dataset.from_loaded(report.loaded), tmp_path / "release").directory
    for table in TABLES:
        for rel in (f"csv/{table.name}.csv", f"parquet/{table.name}.parquet"):
            assert (tmp_path / "package" / rel).read_bytes() == (release / rel).read_bytes(), rel


def test_package_descriptor_is_the_models_descriptor(tmp_path: Path) -> None:
    synthesize(tmp_path / "package", 50, seed=2, fmt="package")
    written = (tmp_path / "package" / "datapackage.json").read_text(encoding="utf-8")
    assert written == dumps(package_descriptor(dataset_info(50, 2)))


def test_clean_package_passes_the_package_validator(tmp_path: Path) -> None:
    synthesize(tmp_path / "package", 600, seed=8, fmt="package", snapshots=True)
    assert validate_package(tmp_path / "package", today=TODAY).findings == []


def _found(findings: list[Finding], root: Path) -> set[tuple[str, str | None, str | None, int | None]]:
    return {
        (
            f.code,
            f.record_id,
            Path(f.file).resolve().relative_to(root.resolve()).as_posix() if f.file else None,
            f.line,
        )
        for f in findings
    }


def test_every_injected_error_is_reported_where_the_manifest_says(tmp_path: Path) -> None:
    out = tmp_path / "records"
    manifest = synthesize(out, 1500, seed=3, error_rate=0.03)
    assert {e.code for e in manifest.injected} == set(applicable_codes("records", True))
    assert manifest.skipped == []
    found = {(c, r, f) for c, r, f, _ in _found(validate_records(out, today=TODAY).findings, out)}
    missing = [e for e in manifest.injected if (e.code, e.record_id, e.file) not in found]
    assert missing == []


@pytest.mark.parametrize("prefer", ["parquet", "csv"])
def test_every_error_injected_in_a_package_is_reported_at_its_row(tmp_path: Path, prefer: str) -> None:
    out = tmp_path / "package"
    manifest = synthesize(out, 1500, seed=6, error_rate=0.03, fmt="package", snapshots=True)
    assert {e.code for e in manifest.injected} == set(applicable_codes("package", True))
    findings = validate_package(out, today=TODAY, prefer=prefer).findings
    by_code_and_id = {(f.code, f.record_id) for f in findings}
    at_rows = {
        (f.code, f.record_id, f.line) for f in findings if f.file and f.file.endswith((".parquet", ".csv"))
    }
    for entry in manifest.injected:
        if entry.row is None:
            assert (entry.code, entry.record_id) in by_code_and_id, entry
        else:
            assert (entry.code, entry.record_id, entry.row) in at_rows, entry


def test_a_package_without_snapshots_gets_no_evidence_errors(tmp_path: Path) -> None:
    manifest = synthesize(tmp_path / "package", 800, seed=6, error_rate=0.01, fmt="package")
    codes = {e.code for e in manifest.injected}
    assert not codes & {
        F.EVIDENCE_QUOTE_NOT_FOUND,
        F.EV_SHA256,
        F.EVIDENCE_SNAPSHOT_MISSING,
        F.EVIDENCE_NAME_NOT_IN_SOURCE,
    }
    assert not (tmp_path / "package" / "texts").exists()


def test_errors_are_injected_into_the_clean_dataset_of_the_same_seed(tmp_path: Path) -> None:
    synthesize(tmp_path / "clean", 600, seed=9)
    manifest = synthesize(tmp_path / "broken", 600, seed=9, error_rate=0.01)
    clean, broken = tree(tmp_path / "clean"), tree(tmp_path / "broken")
    touched = {e.file for e in manifest.injected} | {"sources", "texts"}
    untouched = [rel for rel in clean if not any(rel.startswith(t) for t in touched if t)]
    assert untouched and all(clean[rel] == broken[rel] for rel in untouched)


def test_output_directory_must_be_new_or_empty(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError):
        synthesize(tmp_path / "out", 10)
    assert (tmp_path / "out" / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_cli_writes_the_dataset_and_the_manifest_beside_it(tmp_path: Path) -> None:
    out = tmp_path / "synthetic"
    result = CliRunner().invoke(
        main, ["synth", "--claims", "300", "--seed", "1", "--error-rate", "0.1", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    manifest = Manifest.read(tmp_path / "synthetic.manifest.json")
    assert manifest.claims == 300 and manifest.injected
    assert (
        json.loads((tmp_path / "synthetic.manifest.json").read_text(encoding="utf-8"))["format"] == "records"
    )
    assert (out / "dataset.yaml").is_file()


def test_cli_refuses_a_used_directory_and_bad_sizes_with_exit_2(tmp_path: Path) -> None:
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "x").write_text("x", encoding="utf-8")
    used = CliRunner().invoke(main, ["synth", "--claims", "10", "--out", str(tmp_path / "used")])
    zero = CliRunner().invoke(main, ["synth", "--claims", "0", "--out", str(tmp_path / "new")])
    assert (used.exit_code, zero.exit_code) == (2, 2)
    assert "not an empty directory" in used.output
    assert not (tmp_path / "new").exists()


def test_a_failed_run_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("afghan_dialogues.synth.generate._package", fail)
    with pytest.raises(OSError, match="disk full"):
        synthesize(tmp_path / "out", 10, fmt="package")
    assert list(tmp_path.iterdir()) == []
