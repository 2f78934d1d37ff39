"""The package validator: one broken cell of a release, and the finding it must produce, located
at the table's file, the 1-based data row, the record id and the column."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from afghan_dialogues.cli import main
from afghan_dialogues.dataset import Dataset
from afghan_dialogues.exports.writer import export_release
from afghan_dialogues.findings import Finding
from afghan_dialogues.validate.runner import validate_records
from afghan_dialogues.validate.tabular import files as tabular_files
from afghan_dialogues.validate.tabular import validate_package
from conftest import TODAY
from helpers import Edit


@pytest.fixture
def release(records: Path, tmp_path: Path) -> Path:
    """The release of the conftest records: two claims, one meeting, four actors, one tombstone."""
    report = validate_records(records, today=TODAY)
    assert report.loaded is not None and not report.failed()
    return export_release(Dataset.from_loaded(report.loaded), tmp_path / "release").directory


@pytest.fixture
def edit_csv(release: Path) -> Edit:
    """Replace one exact snippet in a table's CSV (the validator is then pointed at the CSV)."""

    def _edit(table: str, old: str, new: str) -> Path:
        path = release / "csv" / f"{table}.csv"
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {table}.csv"
        path.write_text(text.replace(old, new, 1), encoding="utf-8", newline="")
        return path

    return _edit


def csv_findings(release: Path) -> list[Finding]:
    return validate_package(release, today=TODAY, prefer="csv").findings


def only(findings: list[Finding], code: str) -> Finding:
    found = [f for f in findings if f.code == code]
    assert len(found) == 1, f"expected one {code}, got {findings}"
    return found[0]


def at(finding: Finding, path: Path, line: int | None, record_id: str | None, field: str | None) -> None:
    assert finding.file is not None and Path(finding.file).resolve() == path.resolve(), finding
    assert (finding.line, finding.record_id, finding.field) == (line, record_id, field), finding


def set_cell(
    release: Path, table: str, column: str, row: int, value: object, *, kind: pa.DataType | None = None
) -> Path:
    """Rewrite one Parquet cell (0-based row); `kind` retypes the whole column."""
    path = release / "parquet" / f"{table}.parquet"
    data = pq.read_table(path)
    values = data.column(column).to_pylist()
    values[row] = value
    index = data.schema.get_field_index(column)
    field = data.schema.field(index)
    field = field.with_type(kind) if kind is not None else field
    data = data.set_column(index, field.with_nullable(True), pa.array(values, type=field.type))
    pq.write_table(data, path)
    return path


def test_a_clean_release_has_no_findings_in_parquet_or_csv(release: Path) -> None:
    assert validate_package(release, today=TODAY).findings == []
    assert csv_findings(release) == []


def test_an_impossible_date_is_not_rolled_over_to_the_next_month(release: Path, edit_csv: Edit) -> None:
    path = edit_csv("meetings", "2022-10-12,2022-10-12", "2022-02-30,2022-10-12")
    finding = only(csv_findings(release), "model/type")
    at(finding, path, 1, "mtg-vienna-2022-10", "date_start")
    assert "2022-02-30" in finding.message


def test_a_date_with_a_leading_space_is_not_a_date(release: Path, edit_csv: Edit) -> None:
    path = edit_csv("sources", ",2022-10-13,", ", 2022-10-13,")
    at(only(csv_findings(release), "model/type"), path, 1, "src-example-report", "published_start")


def test_a_date_stored_as_text_in_parquet_is_parsed_and_checked(release: Path) -> None:
    path = set_cell(release, "claims", "stated_start", 0, "2022-13-01", kind=pa.string())
    at(
        only(validate_package(release, today=TODAY).findings, "model/type"),
        path,
        1,
        "clm-example-001",
        "stated_start",
    )


def test_a_value_outside_its_vocabulary(release: Path, edit_csv: Edit) -> None:
    path = edit_csv("claims", ",indirect,", ",reported,")
    finding = only(csv_findings(release), "model/value")
    at(finding, path, 2, "clm-example-002", "quote_kind")
    assert "'reported'" in finding.message


def test_an_id_with_the_prefix_of_another_table(release: Path, edit_csv: Edit) -> None:
    path = edit_csv("claims", "clm-example-002,src-example-report", "clam-example-002,src-example-report")
    finding = only(csv_findings(release), "model/bad-id")
    at(finding, path, 2, "clam-example-002", "id")
    assert "prefix 'clam-'" in finding.message


def test_an_id_with_a_zero_width_space_in_a_list(release: Path, edit_csv: Edit) -> None:
    path = edit_csv("claims", ",act-example-front,", ",act-example\u200b-front,")
    findings = csv_findings(release)
    finding = only(findings, "model/bad-id")
    at(finding, path, 1, "clm-example-001", "about_ids")
    assert "U+200B" in finding.message
    at(only(findings, "parse/invisible-character"), path, 1, "clm-example-001", "about_ids")


def test_a_required_cell_left_empty(release: Path, edit_csv: Edit) -> None:
    path = edit_csv("actors", "Ali Example,person,Spokesman of an opposition front.", "Ali Example,person,")
    at(only(csv_findings(release), "model/missing-field"), path, 2, "act-ali-example", "description")


def test_a_boolean_that_is_neither_true_nor_false(release: Path, edit_csv: Edit) -> None:
    path = edit_csv("meetings", ",AT,false,", ",AT,no,")
    at(only(csv_findings(release), "model/type"), path, 1, "mtg-vienna-2022-10", "online")


def test_a_reported_date_given_without_its_precision(release: Path, edit_csv: Edit) -> None:
    path = edit_csv("claims", "2022-10-12,2022-10-12,day,stated", "2022-10-12,2022-10-12,,stated")
    at(only(csv_findings(release), "model/missing-field"), path, 1, "clm-example-001", "stated_precision")


def test_a_ragged_row_is_a_syntax_error_and_the_other_rows_are_still_checked(
    release: Path, edit_csv: Edit
) -> None:
    edit_csv("participants", "speaker,src-example-report,", "speaker,src-example-report")
    findings = csv_findings(release)
    assert [f.code for f in findings if f.code.startswith("parse/")] == ["parse/syntax"]


def test_unknown_and_missing_columns(release: Path) -> None:
    path = set_cell(release, "tombstones", "note", 0, "x")
    data = pq.read_table(path)
    data = data.drop_columns(["retired_in"]).append_column("reviewer", pa.array(["me"]))
    pq.write_table(data, path)
    findings = validate_package(release, today=TODAY).findings
    at(only(findings, "model/unknown-field"), path, None, None, "reviewer")
    at(only(findings, "model/missing-field"), path, None, None, "retired_in")


def test_the_same_id_twice(release: Path, edit_csv: Edit) -> None:
    path = edit_csv("claims", "clm-example-002,src-example-report", "clm-example-001,src-example-report")
    finding = only(csv_findings(release), "identity/duplicate-id")
    at(finding, path, 2, "clm-example-001", "id")
    assert finding.hint is not None and "claims.csv:1" in finding.hint


def test_the_same_relationship_twice(release: Path) -> None:
    path = release / "csv" / "participants.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + text.splitlines()[1] + "\r\n", encoding="utf-8", newline="")
    finding = only(csv_findings(release), "identity/duplicate-key")
    at(finding, path, 2, "mtg-vienna-2022-10 act-ahmad-massoud speaker", None)


def test_a_dangling_id_in_a_list_column(release: Path, edit_csv: Edit) -> None:
    path = edit_csv("claims", ",act-example-front,", ",act-example-fronts,")
    finding = only(csv_findings(release), "ref/dangling")
    at(finding, path, 1, "clm-example-001", "about_ids")
    assert "act-example-fronts" in finding.message


def test_a_reference_to_a_retired_id(release: Path, edit_csv: Edit) -> None:
    path = edit_csv("participants", "act-ahmad-massoud", "act-ahmad-masoud")
    findings = csv_findings(release)
    at(only(findings, "ref/retired"), path, 1, "mtg-vienna-2022-10 act-ahmad-masoud speaker", "actor_id")
    assert not [f for f in findings if f.code == "ref/dangling"]


def test_a_reference_to_an_invalid_row_is_left_to_that_rows_findings(release: Path, edit_csv: Edit) -> None:
    edit_csv("claims", ",indirect,", ",reported,")
    findings = csv_findings(release)
    assert [f.code for f in findings] == ["model/value"]


def test_a_person_as_an_organization(release: Path, edit_csv: Edit) -> None:
    path = edit_csv("affiliations", "act-ali-example,act-example-front", "act-ali-example,act-ahmad-massoud")
    at(
        only(csv_findings(release), "ref/wrong-kind"),
        path,
        1,
        "act-ali-example act-ahmad-massoud",
        "organization_id",
    )


def test_an_actor_nothing_refers_to(release: Path) -> None:
    path = release / "csv" / "actors.csv"
    with path.open("a", encoding="utf-8", newline="") as handle:
        handle.write("act-lonely-council,Lonely Council,organization,Nobody cites it.,,," + "," * 16 + "\r\n")
    at(only(csv_findings(release), "ref/orphan"), path, 5, "act-lonely-council", "id")


def test_a_claim_related_to_itself(release: Path, edit_csv: Edit) -> None:
    path = edit_csv("claim_relations", "clm-example-001,supports", "clm-example-002,supports")
    finding = only(csv_findings(release), "ref/self-relation")
    at(finding, path, 1, "clm-example-002 supports clm-example-002", "other_claim_id")


def test_a_direct_quote_without_speaker_or_note(release: Path, edit_csv: Edit) -> None:
    path = edit_csv("claims", "src-example-report,act-ali-example,", "src-example-report,,")
    at(only(csv_findings(release), "model/speaker-missing"), path, 2, "clm-example-002", "speaker_id")


def test_a_source_cited_for_a_participation_that_never_spells_the_participant(
    release: Path, edit_csv: Edit
) -> None:
    edit_csv(
        "actor_names", "Ahmad Masoud,variant,,,src-example-report", "Ahmad Masoud,variant,,,src-other-report"
    )
    findings = csv_findings(release)
    path = release / "csv" / "participants.csv"
    at(
        only(findings, "ref/source-not-evidence"),
        path,
        1,
        "mtg-vienna-2022-10 act-ahmad-massoud speaker",
        "source_ids",
    )


def test_an_interval_that_ends_before_it_starts(release: Path, edit_csv: Edit) -> None:
    path = edit_csv("claims", "2022-10-12,2022-10-12,day", "2022-10-12,2022-10-11,day")
    at(only(csv_findings(release), "time/end-before-start"), path, 1, "clm-example-001", "stated_end")


def test_a_week_of_four_days(release: Path, edit_csv: Edit) -> None:
    path = edit_csv("claims", "2022-10-12,2022-10-12,day,stated", "2022-10-10,2022-10-13,week,stated")
    at(only(csv_findings(release), "model/date-bounds"), path, 1, "clm-example-001", "stated_precision")


def test_a_solar_hijri_day_converted_one_day_late(release: Path, edit_csv: Edit) -> None:
    path = edit_csv(
        "meetings",
        "2022-10-12,2022-10-12,day,stated,gregorian,,",
        "2022-10-13,2022-10-13,day,inferred,solar_hijri,1401-07-20,",
    )
    edit_csv("meetings", ",12 October 2022,,", ",on the 20th,Mizan.,")
    finding = only(csv_findings(release), "time/calendar-mismatch")
    at(finding, path, 1, "mtg-vienna-2022-10", "date_start")
    assert "2022-10-12..2022-10-12" in finding.message


def test_a_hijri_date_that_does_not_exist(release: Path, edit_csv: Edit) -> None:
    edit_csv(
        "meetings",
        "day,stated,gregorian,,12 October 2022,",
        "day,stated,lunar_hijri,1444-02-30,12 October 2022,Note.",
    )
    finding = only(csv_findings(release), "time/calendar-mismatch")
    assert finding.field == "date_original" and "does not exist" in finding.message


def test_a_statement_dated_after_its_report(release: Path, edit_csv: Edit) -> None:
    path = edit_csv("claims", "2022-10-12,2022-10-12,day,stated", "2022-10-20,2022-10-20,day,stated")
    at(only(csv_findings(release), "time/stated-after-published"), path, 1, "clm-example-001", "stated_start")


def test_a_held_meeting_dated_after_its_report(release: Path, edit_csv: Edit) -> None:
    path = edit_csv("meetings", "2022-10-12,2022-10-12,day,stated", "2022-10-20,2022-10-20,day,stated")
    at(only(csv_findings(release), "time/held-after-report"), path, 1, "mtg-vienna-2022-10", "source_ids")


def test_a_publication_in_the_future(release: Path, edit_csv: Edit) -> None:
    path = edit_csv("sources", "2022-10-13,2022-10-13", "2202-10-13,2202-10-13")
    at(only(csv_findings(release), "time/in-future"), path, 1, "src-example-report", "published_start")


def test_one_spelling_for_two_actors(release: Path) -> None:
    path = release / "csv" / "actor_names.csv"
    with path.open("a", encoding="utf-8", newline="") as handle:
        handle.write("act-ali-example,Ahmad Masoud,misspelling,,,src-example-report\r\n")
    finding = only(csv_findings(release), "identity/alias-collision")
    at(finding, path, 3, "act-ali-example", "spelling")
    assert "act-ahmad-massoud" in finding.message


def test_two_actors_whose_names_transliterate_alike(release: Path, edit_csv: Edit) -> None:
    path = edit_csv("actors", "act-ali-example,Ali Example,person", "act-ali-example,Ahmed Masood,person")
    edit_csv("actor_names", "act-ali-example,Ali Example,", "act-ali-example,Ahmed Masood,")
    findings = csv_findings(release)
    at(only(findings, "identity/likely-duplicate-actor"), path, 2, "act-ali-example", "name")


def test_a_live_id_that_is_also_retired(release: Path, edit_csv: Edit) -> None:
    path = edit_csv("tombstones", "act-ahmad-masoud,merged", "act-example-front,merged")
    at(only(csv_findings(release), "identity/tombstone-in-use"), path, 1, "act-example-front", "id")


def test_invisible_and_decomposed_text(release: Path, edit_csv: Edit) -> None:
    path = edit_csv("claims", "The spokesman called", "The spokesman\u200b called")
    edit_csv("meetings", "A gathering of opposition leaders.", "A gathering in Ve\u0301nna.")
    findings = csv_findings(release)
    at(only(findings, "parse/invisible-character"), path, 2, "clm-example-002", "summary")
    at(
        only(findings, "parse/not-nfc"),
        release / "csv" / "meetings.csv",
        1,
        "mtg-vienna-2022-10",
        "description",
    )


def test_rows_are_numbered_across_batches(release: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular_files, "BATCH_ROWS", 1)
    path = set_cell(release, "actors", "kind", 3, "newspaper")
    at(
        only(validate_package(release, today=TODAY).findings, "model/value"),
        path,
        4,
        "act-example-outlet",
        "kind",
    )


def test_a_stale_descriptor(release: Path) -> None:
    path = release / "datapackage.json"
    path.write_text(path.read_text(encoding="utf-8").replace("Verbatim passage", "Passage"), encoding="utf-8")
    finding = only(validate_package(release, today=TODAY).findings, "package/stale-schema")
    at(finding, path, None, None, "resources.claims")


def test_unreadable_inputs_are_findings_not_tracebacks(release: Path) -> None:
    (release / "datapackage.json").write_text("{", encoding="utf-8")
    (release / "parquet" / "claims.parquet").write_bytes(b"not parquet")
    (release / "parquet" / "meetings.parquet").unlink()
    (release / "csv" / "meetings.csv").write_bytes(b"id,title\r\n\xff\xfe,x\r\n")
    (release / "parquet" / "tombstones.parquet").unlink()
    (release / "csv" / "tombstones.csv").unlink()
    codes = {f.code for f in validate_package(release, today=TODAY).findings}
    assert {"parse/syntax", "parse/unreadable", "parse/encoding"} <= codes


def test_a_byte_order_mark_in_a_csv(release: Path) -> None:
    path = release / "csv" / "tombstones.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    at(only(csv_findings(release), "parse/bom"), path, 1, None, None)


def test_parquet_is_preferred_and_csv_is_read_when_there_is_no_parquet(release: Path, edit_csv: Edit) -> None:
    edit_csv("claims", ",indirect,", ",reported,")
    assert validate_package(release, today=TODAY).findings == []
    (release / "parquet" / "claims.parquet").unlink()
    assert [f.code for f in validate_package(release, today=TODAY).findings] == ["model/value"]


def test_cli_validates_a_package_directory(release: Path, edit_csv: Edit) -> None:
    assert CliRunner().invoke(main, ["validate", str(release)]).exit_code == 0
    (release / "parquet" / "claims.parquet").unlink()
    edit_csv("claims", ",indirect,", ",reported,")
    result = CliRunner().invoke(main, ["validate", "--format", "json", str(release)])
    assert result.exit_code == 1
    assert '"code": "model/value"' in result.output


def test_cli_release_checks_are_for_records_folders(release: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--release", str(release)])
    assert result.exit_code == 2
    assert "records folder" in result.output


def test_today_decides_what_is_in_the_future(release: Path) -> None:
    findings = validate_package(release, today=dt.date(2022, 10, 1)).findings
    assert {f.code for f in findings} == {"time/in-future"}


@pytest.mark.parametrize(
    "values",
    [
        pa.array([{"a": 1}] * 4),
        pa.array([[1]] * 4),
        pa.array([1, 2, 3, 4]),
        pa.array([b"\xff", b"a", b"b", b"c"]),
    ],
    ids=["struct", "list of numbers", "numbers", "bytes"],
)
def test_a_column_of_another_type_altogether_is_a_type_error_in_each_row(
    release: Path, values: pa.Array
) -> None:
    path = release / "parquet" / "actors.parquet"
    data = pq.read_table(path)
    data = data.set_column(data.schema.get_field_index("description"), "description", values)
    pq.write_table(data, path)
    findings = validate_package(release, today=TODAY).findings
    assert {(f.code, f.field, f.line) for f in findings if f.code == "model/type"} == {
        ("model/type", "description", row) for row in (1, 2, 3, 4)
    }


def test_checking_a_package_from_the_command_line_imports_no_yaml_reader(release: Path) -> None:
    """Startup is most of a package check's time at 100k claims; the YAML readers are not needed."""
    script = (
        "import sys\n"
        "from afghan_dialogues.cli import main\n"
        "try:\n"
        f"    main(['validate', {str(release)!r}])\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
        "readers = ('yaml', 'ruamel', 'afghan_dialogues.recordfiles.yaml',\n"
        "           'afghan_dialogues.recordfiles.loader')\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(readers))\n"
        "print(loaded)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
