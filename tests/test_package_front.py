"""The package front end: one broken cell or file of a release, and the finding it must produce,
located at the table's file, the 1-based data row, the record id and the column.

Cross-record rules are tested through both front ends in test_rules_both_fronts.py; here are the
package's own layer (cells against the models) and its files, hostile ones included.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from afghan_dialogues.cli import main
from afghan_dialogues.findings import Finding
from afghan_dialogues.validate.runner import validate_package
from conftest import TODAY
from fronts import package_of
from helpers import Edit


@pytest.fixture
def release(records: Path, tmp_path: Path) -> Path:
    """The release of the conftest records: two claims, one meeting, four actors, one tombstone."""
    out = package_of(records, tmp_path / "release")
    return out


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


def findings(release: Path, prefer: str = "parquet") -> list[Finding]:
    return validate_package(release, today=TODAY, prefer=prefer).findings


def csv_findings(release: Path) -> list[Finding]:
    return findings(release, "csv")


def only(found: list[Finding], code: str) -> Finding:
    hits = [f for f in found if f.code == code]
    assert len(hits) == 1, f"expected one {code}, got {found}"
    return hits[0]


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
    assert findings(release) == []
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
    at(only(findings(release), "model/type"), path, 1, "clm-example-001", "stated_start")


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
    finding = only(csv_findings(release), "model/bad-id")
    at(finding, path, 1, "clm-example-001", "about_ids")
    assert "U+200B" in finding.message


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
    assert [f.code for f in csv_findings(release) if f.code.startswith("parse/")] == ["parse/syntax"]


def test_unknown_and_missing_columns(release: Path) -> None:
    path = release / "parquet" / "tombstones.parquet"
    data = pq.read_table(path).drop_columns(["retired_in"]).append_column("reviewer", pa.array(["me"]))
    pq.write_table(data, path)
    found = findings(release)
    at(only(found, "model/unknown-field"), path, None, None, "reviewer")
    at(only(found, "model/missing-field"), path, None, None, "retired_in")


def test_a_reference_to_an_invalid_row_is_left_to_that_rows_findings(release: Path, edit_csv: Edit) -> None:
    edit_csv("claims", ",indirect,", ",reported,")
    assert [f.code for f in csv_findings(release)] == ["model/value"]


def test_a_stale_descriptor(release: Path) -> None:
    path = release / "datapackage.json"
    path.write_text(path.read_text(encoding="utf-8").replace("Verbatim passage", "Passage"), encoding="utf-8")
    at(only(findings(release), "package/stale-schema"), path, None, None, "resources.claims")


def test_unreadable_inputs_are_findings_not_tracebacks(release: Path) -> None:
    (release / "datapackage.json").write_text("{", encoding="utf-8")
    (release / "parquet" / "claims.parquet").write_bytes(b"not parquet")
    (release / "parquet" / "meetings.parquet").unlink()
    (release / "csv" / "meetings.csv").write_bytes(b"id,title\r\n\xff\xfe,x\r\n")
    (release / "parquet" / "tombstones.parquet").unlink()
    (release / "csv" / "tombstones.csv").unlink()
    codes = {f.code for f in findings(release)}
    assert {"parse/syntax", "parse/unreadable", "parse/encoding"} <= codes


def test_a_byte_order_mark_in_a_csv(release: Path) -> None:
    path = release / "csv" / "tombstones.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    at(only(csv_findings(release), "parse/bom"), path, 1, None, None)


def test_parquet_is_preferred_and_csv_is_read_when_there_is_no_parquet(release: Path, edit_csv: Edit) -> None:
    edit_csv("claims", ",indirect,", ",reported,")
    assert findings(release) == []
    (release / "parquet" / "claims.parquet").unlink()
    assert [f.code for f in findings(release)] == ["model/value"]


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
    found = validate_package(release, today=dt.date(2022, 10, 1)).findings
    assert {f.code for f in found} == {"time/in-future"}


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
    assert {(f.code, f.field, f.line) for f in findings(release) if f.code == "model/type"} == {
        ("model/type", "description", row) for row in (1, 2, 3, 4)
    }


def test_checking_a_package_from_the_command_line_imports_no_yaml_reader(release: Path) -> None:
    script = (
        "import sys\n"
        "from afghan_dialogues.cli import main\n"
        "try:\n"
        f"    main(['validate', {str(release)!r}])\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
        "readers = ('yaml', 'ruamel', 'afghan_dialogues.recordfiles')\n"
        "print(sorted(m for m in sys.modules if m.startswith(readers)))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


# Hostile packages: a finding that names the path and shows nothing of what is not the package's.


def test_a_table_linked_to_another_file_is_refused_without_showing_it(release: Path, tmp_path: Path) -> None:
    secret = tmp_path / "environ"
    secret.write_text("TOKEN=s3cr3t-value,another\n", encoding="utf-8")
    path = release / "csv" / "claims.csv"
    (release / "parquet" / "claims.parquet").unlink()
    path.unlink()
    path.symlink_to(secret)
    found = findings(release)
    assert "s3cr3t" not in json.dumps([f.to_dict() for f in found])
    at(only(found, "parse/unreadable"), path, None, None, None)


def test_a_resource_path_escaping_the_package_is_refused(release: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.csv"
    outside.write_text("id\r\nTOKEN=s3cr3t\r\n", encoding="utf-8")
    descriptor = release / "datapackage.json"
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    for resource in data["resources"]:
        if resource["name"] == "tombstones":
            resource["path"] = "../elsewhere.csv"
    descriptor.write_text(json.dumps(data), encoding="utf-8")
    (release / "parquet" / "tombstones.parquet").unlink()
    found = findings(release)
    assert "s3cr3t" not in json.dumps([f.to_dict() for f in found])
    assert any(f.code == "parse/unreadable" and "outside" in f.message for f in found)


@pytest.mark.parametrize(
    ("key", "value"),
    [("version", "banana"), ("created", "garbage"), ("created", 20261101), ("licenses", "none")],
)
def test_bad_package_metadata_is_a_finding(release: Path, key: str, value: object) -> None:
    path = release / "datapackage.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data[key] = value
    path.write_text(json.dumps(data), encoding="utf-8")
    assert any(f.field == key and f.code == "model/value" for f in findings(release))


def test_a_deeply_nested_descriptor_is_a_syntax_finding(release: Path) -> None:
    (release / "datapackage.json").write_text("[" * 200_000, encoding="utf-8")
    assert only(findings(release), "parse/syntax").file is not None


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def test_a_forged_parquet_row_count_is_unreadable(release: Path) -> None:
    """The footer's row count (Thrift field 3 of FileMetaData, an i64) forged to 4e18 rows."""
    path = release / "parquet" / "claims.parquet"
    raw = path.read_bytes()
    length = int.from_bytes(raw[-8:-4], "little")
    footer = raw[-8 - length : -8]
    rows = pq.ParquetFile(path).metadata.num_rows
    honest = b"\x16" + _varint(rows * 2)  # field delta 1, type i64; zigzag-encoded count
    assert footer.count(honest) >= 1
    forged = footer.replace(honest, b"\x16" + _varint(4 * 10**18 * 2), 1)
    path.write_bytes(raw[: -8 - length] + forged + len(forged).to_bytes(4, "little") + b"PAR1")
    found = findings(release)
    assert any(f.code == "parse/unreadable" and f.file and f.file.endswith("claims.parquet") for f in found)


def test_a_header_line_longer_than_a_megabyte_is_refused_quickly(release: Path) -> None:
    path = release / "csv" / "tombstones.csv"
    (release / "parquet" / "tombstones.parquet").unlink()
    path.write_bytes(b"x" * (3 << 20))
    found = findings(release)
    assert any(f.code == "parse/syntax" and "header" in f.message for f in found)


def test_a_million_repeated_ids_take_linear_time_and_capped_findings(release: Path) -> None:
    path = release / "parquet" / "tombstones.parquet"
    data = pq.read_table(path)
    pq.write_table(data.take([0] * 200_000), path)
    found = [f for f in findings(release) if f.code == "identity/duplicate-id"]
    assert len(found) == 101
    assert "199899 more" in found[-1].message or any("more findings" in f.message for f in found)


def test_a_fifo_named_like_a_table_is_refused(release: Path) -> None:
    (release / "parquet" / "tombstones.parquet").unlink()
    path = release / "csv" / "tombstones.csv"
    path.unlink()
    os.mkfifo(path)
    found = findings(release)
    assert any(f.code == "parse/unreadable" and "regular" in f.message for f in found)


def test_a_descriptor_with_an_integer_too_long_to_read_is_a_finding(release: Path) -> None:
    (release / "datapackage.json").write_text('{"version": ' + "9" * 5000 + "}", encoding="utf-8")
    assert only(findings(release), "parse/syntax").file is not None
