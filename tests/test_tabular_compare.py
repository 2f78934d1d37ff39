"""The package validator and the records validator agree on the same data.

Synthetic records with every kind of error are exported (what passes the model layer is all an
export can hold) with their snapshots beside the tables, and both validators run. For the codes
both can see they report the same (code, record id) pairs; the records-only layers (YAML
parsing, the model layer of records the export leaves out) are set aside, as are references to
those left-out records, which the package validator rightly reports as dangling.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from afghan_dialogues import findings as F
from afghan_dialogues.dataset import Dataset
from afghan_dialogues.exports.writer import export_release
from afghan_dialogues.findings import Finding
from afghan_dialogues.synth import synthesize
from afghan_dialogues.validate.report import Report
from afghan_dialogues.validate.runner import validate_records
from afghan_dialogues.validate.tabular import validate_package
from conftest import TODAY

RECORDS_ONLY = {
    code
    for code in F.codes()
    if code.startswith(("parse/", "package/", "release/"))
    and code not in {F.PARSE_INVISIBLE, F.PARSE_NOT_NFC}
} | {F.MODEL_UNKNOWN_FIELD, F.MODEL_MISSING_FIELD, F.MODEL_TYPE, F.MODEL_VALUE, F.MODEL_BAD_ID}


def _left_out(report: Report) -> set[str]:
    """Ids of records that failed their model: the export cannot hold them."""
    assert report.loaded is not None
    return {
        e.data["id"]
        for e in report.loaded.entries
        if e.record is None and isinstance(e.data, dict) and isinstance(e.data.get("id"), str)
    }


def _comparable(findings: list[Finding], left_out: set[str]) -> set[tuple[str, str | None]]:
    out = set()
    for f in findings:
        if f.code in RECORDS_ONLY:
            continue
        if f.code == F.REF_DANGLING and f.message.split("'")[1] in left_out:
            continue
        out.add((f.code, f.record_id))
    return out


@pytest.mark.parametrize("seed", [1, 2])
def test_both_validators_report_the_same_findings_on_the_same_data(tmp_path: Path, seed: int) -> None:
    synthesize(tmp_path / "records", 2500, seed=seed, error_rate=0.05)
    report = validate_records(tmp_path / "records", today=TODAY)
    assert report.loaded is not None
    release = export_release(Dataset.from_loaded(report.loaded), tmp_path / "release").directory
    shutil.copytree(tmp_path / "records" / "texts", release / "texts")
    package = validate_package(release, today=TODAY)
    left_out = _left_out(report)
    expected = _comparable(report.findings, left_out)
    assert len({code for code, _ in expected}) >= 25
    assert _comparable(package.findings, left_out) == expected


def test_a_wikidata_id_is_no_reference_for_either_validator(records: Path, tmp_path: Path) -> None:
    path = records / "actors.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "    description: A news outlet.\n", "    description: A news outlet.\n    wikidata_id: Q42\n"
        ),
        encoding="utf-8",
    )
    report = validate_records(records, today=TODAY)
    assert report.findings == [] and report.loaded is not None
    release = export_release(Dataset.from_loaded(report.loaded), tmp_path / "release").directory
    assert validate_package(release, today=TODAY).findings == []
