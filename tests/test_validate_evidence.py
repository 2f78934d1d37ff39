"""Layer 5: quotes are in the snapshot, and the snapshot is the one reviewed."""

from __future__ import annotations

import hashlib
from pathlib import Path

from helpers import Edit, assert_finding, codes, findings, line_of

SOURCE = "sources/src-example-report.yaml"


def test_quote_matches_across_typographic_quotes_and_dashes(records: Path) -> None:
    assert "evidence/quote-not-found" not in codes(records)


def test_quote_absent_from_snapshot_shows_the_closest_passage(records: Path, edit: Edit) -> None:
    path = edit(SOURCE, "said the meeting was a first step", "said the meeting was the first step")
    finding = assert_finding(records, "evidence/quote-not-found", path, line_of(path, "the first step"))
    assert "said the meeting was a first step" in str(finding.hint)


def test_changed_snapshot_fails_its_sha256(records: Path) -> None:
    snapshot = records / "texts" / "src-example-report.txt"
    snapshot.write_text(snapshot.read_text(encoding="utf-8") + "An added line.\n", encoding="utf-8")
    source = records / SOURCE
    finding = assert_finding(records, "evidence/sha256-mismatch", source, line_of(source, "text_sha256"))
    assert hashlib.sha256(snapshot.read_bytes()).hexdigest() in str(finding.hint)


def test_missing_snapshot(records: Path) -> None:
    (records / "texts" / "src-example-report.txt").unlink()
    source = records / SOURCE
    assert_finding(records, "evidence/snapshot-missing", source, line_of(source, "id: src-example-report"))


def test_snapshot_without_source(records: Path) -> None:
    stray = records / "texts" / "src-stray.txt"
    stray.write_text("text", encoding="utf-8")
    assert_finding(records, "evidence/snapshot-orphan", stray, None)


def test_very_short_quote_is_a_warning(records: Path, edit: Edit) -> None:
    path = edit(SOURCE, "quote: said the meeting was a first step - nothing more", "quote: first step")
    assert_finding(records, "evidence/quote-too-short", path, line_of(path, "quote: first step"))


def test_recorded_spelling_must_occur_in_its_source(records: Path, edit: Edit) -> None:
    path = edit("actors.yaml", "spelling: Ali Example", "spelling: Aly Example")
    assert_finding(records, "evidence/name-not-in-source", path, line_of(path, "- src-example-report", 2))


def test_a_records_folder_without_texts_says_the_evidence_went_unchecked(records: Path) -> None:
    import shutil

    shutil.rmtree(records / "texts")
    found = [f for f in findings(records) if f.code.startswith("evidence/")]
    assert [f.code for f in found] == ["evidence/snapshots-absent"]
    assert found[0].level.name == "warning"
