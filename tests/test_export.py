"""`export`: the release directory's layout, formats and determinism (how it replaces a folder,
and what a failure leaves: test_export_target.py)."""

from __future__ import annotations

import csv
import hashlib
import json
import zipfile
from pathlib import Path

import pyarrow.parquet as pq

from afghan_dialogues.datamodel.descriptors import json_schema_files, record_type
from afghan_dialogues.datamodel.models import ENTITY_MODELS
from afghan_dialogues.datamodel.tables import TABLES
from afghan_dialogues.dataset import Dataset
from afghan_dialogues.exports.writer import Release, export_release
from conftest import dataset_of
from helpers import Edit


def export(records: Path, out: Path) -> Release:
    return export_release(dataset_of(records), out)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_release_holds_every_table_in_three_formats_a_row_schema_each_and_a_record_schema_per_type(
    release: Path,
) -> None:
    files = set(tree(release))
    for table in TABLES:
        assert {
            f"csv/{table.name}.csv",
            f"json/{table.name}.json",
            f"parquet/{table.name}.parquet",
            f"schema/rows/{table.name}.schema.json",
        } <= files
    for model in ENTITY_MODELS:
        assert f"schema/records/{record_type(model)}.schema.json" in files
    assert {"datapackage.json", "codebook.md", "SHA256SUMS", "example-dialogues-0.1.0.zip"} <= files


def test_json_schemas_are_the_ones_the_models_generate(release: Path) -> None:
    for rel, text in json_schema_files().items():
        assert (release / "schema" / rel).read_text(encoding="utf-8") == text


def test_datapackage_carries_the_version_one_csv_resource_per_table_and_its_parquet_file(
    release: Path,
) -> None:
    descriptor = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == "0.1.0"
    tables = [r for r in descriptor["resources"] if r["type"] == "table"]
    files = [r for r in descriptor["resources"] if r["type"] == "file"]
    assert [r["name"] for r in tables] == [t.name for t in TABLES]
    assert all(r["path"] == f"csv/{r['name']}.csv" for r in tables)
    assert [r["path"] for r in files] == [f"parquet/{t.name}.parquet" for t in TABLES]
    assert all(r["mediatype"] == "application/vnd.apache.parquet" for r in files)


def test_every_resource_carries_the_size_and_sha256_of_its_file(release: Path) -> None:
    descriptor = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        data = (release / resource["path"]).read_bytes()
        assert resource["bytes"] == len(data)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()


def test_datapackage_sources_name_each_document_with_its_publisher(release: Path) -> None:
    descriptor = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["sources"] == [
        {"title": "Opposition leaders meet in Vienna", "publisher": "Example Outlet"}
    ]


def test_datapackage_sources_give_the_url_as_path_when_a_source_has_one(
    records: Path, edit: Edit, tmp_path: Path
) -> None:
    edit(
        "sources/src-example-report.yaml",
        "  kind: news_report",
        "  url: https://outlet.test/a\n  kind: news_report",
    )
    out = export(records, tmp_path / "release").directory
    sources = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))["sources"]
    assert sources[0]["path"] == "https://outlet.test/a"


def test_csv_joins_lists_with_commas_writes_booleans_as_words_and_null_as_an_empty_cell(
    release: Path,
) -> None:
    with (release / "csv" / "meetings.csv").open(encoding="utf-8", newline="") as handle:
        (meeting,) = list(csv.DictReader(handle))
    assert meeting["online"] == "false"
    assert meeting["series"] == ""
    assert meeting["date_start"] == "2022-10-12"
    assert meeting["source_ids"] == "src-example-report"
    with (release / "csv" / "claims.csv").open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert tuple(header) == next(t for t in TABLES if t.name == "claims").column_names


def test_csv_quotes_cells_holding_quotes_and_round_trips_them(release: Path) -> None:
    with (release / "csv" / "claims.csv").open(encoding="utf-8", newline="") as handle:
        quotes = [row["quote"] for row in csv.DictReader(handle)]
    assert 'Ahmad Masoud told the gathering that the front "will keep the door open to talks"' in quotes


def test_json_tables_are_arrays_of_row_objects_with_lists_as_arrays(release: Path) -> None:
    claims = json.loads((release / "json" / "claims.json").read_text(encoding="utf-8"))
    assert isinstance(claims, list) and [c["id"] for c in claims] == ["clm-example-001", "clm-example-002"]
    assert claims[0]["topics"] == ["negotiations"]
    assert claims[0]["via_ids"] == []
    assert claims[1]["stated_start"] is None
    assert claims[0]["stated_start"] == "2022-10-12"


def test_parquet_field_metadata_documents_descriptions_and_allowed_values(release: Path) -> None:
    schema = pq.read_schema(release / "parquet" / "claims.parquet")
    field = schema.field("quote_kind")
    assert field.metadata[b"description"] == b"How the source renders the statement."
    assert json.loads(field.metadata[b"enum"]) == ["direct", "indirect", "paraphrase", "editorial"]
    topics = schema.field("topics").metadata
    assert "negotiations" in json.loads(topics[b"enum"])
    assert schema.metadata[b"description"] == b"Statements attributed to speakers, with verbatim quotes."


def test_parquet_files_are_zstd_compressed(release: Path) -> None:
    for table in TABLES:
        meta = pq.ParquetFile(release / "parquet" / f"{table.name}.parquet").metadata
        for group in range(meta.num_row_groups):
            for column in range(meta.num_columns):
                assert meta.row_group(group).column(column).compression == "ZSTD"


def test_codebook_documents_every_column_of_every_table(release: Path) -> None:
    codebook = (release / "codebook.md").read_text(encoding="utf-8")
    for table in TABLES:
        assert f"## {table.name}\n" in codebook
        for column in table.columns:
            assert f"| `{column.name}` |" in codebook
    assert "`editorial`" in codebook


def test_checksums_list_every_file_but_themselves_and_the_zip_sorted_in_sha256sum_format(
    release: Path,
) -> None:
    lines = (release / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    listed = [line.split("  ", 1)[1] for line in lines]
    expected = sorted(p for p in tree(release) if p != "SHA256SUMS" and ".zip" not in p)
    assert listed == expected
    for line in lines:
        digest, rel = line.split("  ", 1)
        assert hashlib.sha256((release / rel).read_bytes()).hexdigest() == digest


def test_zip_holds_the_release_under_one_folder_with_fixed_times_and_permissions(release: Path) -> None:
    with zipfile.ZipFile(release / "example-dialogues-0.1.0.zip") as archive:
        infos = archive.infolist()
        names = [i.filename for i in infos]
        assert {n.split("/", 1)[0] for n in names} == {"example-dialogues-0.1.0"}
        inside = [n.split("/", 1)[1] for n in names]
        assert sorted(inside) == sorted(p for p in tree(release) if ".zip" not in p)
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert {i.external_attr >> 16 for i in infos} == {0o100644}
        for rel in inside:
            assert archive.read(f"example-dialogues-0.1.0/{rel}") == (release / rel).read_bytes()


def test_zip_lists_the_tables_first_then_the_small_files_then_the_checksums(release: Path) -> None:
    with zipfile.ZipFile(release / "example-dialogues-0.1.0.zip") as archive:
        groups = [n.split("/", 1)[1].split("/")[0] for n in archive.namelist()]
    order = [g for i, g in enumerate(groups) if i == 0 or groups[i - 1] != g]
    assert order == [
        "json",
        "csv",
        "parquet",
        "example-dialogues.sqlite",
        "example-dialogues.xlsx",
        "site",
        "datapackage.json",
        "datacard.md",
        "codebook.md",
        "schema",
        "SHA256SUMS",
    ]


def test_a_checksum_file_beside_the_zip_names_it(release: Path) -> None:
    line = (release / "example-dialogues-0.1.0.zip.sha256").read_text(encoding="utf-8")
    digest = hashlib.sha256((release / "example-dialogues-0.1.0.zip").read_bytes()).hexdigest()
    assert line == f"{digest}  example-dialogues-0.1.0.zip\n"


def test_zip_deflates_text_and_the_database_and_stores_parquet_and_the_workbook(release: Path) -> None:
    with zipfile.ZipFile(release / "example-dialogues-0.1.0.zip") as archive:
        methods = {i.filename.split("/", 1)[1]: i.compress_type for i in archive.infolist()}
        assert archive.testzip() is None
    assert methods == {
        rel: zipfile.ZIP_STORED if rel.endswith((".parquet", ".xlsx")) else zipfile.ZIP_DEFLATED
        for rel in tree(release)
        if ".zip" not in rel
    }


def test_zip_entries_carry_the_release_date_once_released(records: Path, edit: Edit, tmp_path: Path) -> None:
    edit("dataset.yaml", "released:", "released: 2026-11-01")
    out = export(records, tmp_path / "release")
    with zipfile.ZipFile(out.archive) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2026, 11, 1, 0, 0, 0)}
    created = json.loads((out.directory / "datapackage.json").read_text(encoding="utf-8"))["created"]
    assert created == "2026-11-01T00:00:00Z"


def test_two_exports_of_the_same_records_are_byte_identical_including_the_zip(
    records: Path, tmp_path: Path
) -> None:
    first = tree(export(records, tmp_path / "one").directory)
    second = tree(export(records, tmp_path / "two").directory)
    assert "example-dialogues-0.1.0.zip" in first
    assert first == second


def test_export_reports_each_file_and_the_site_to_the_progress_callback(
    records: Path, tmp_path: Path
) -> None:
    steps: list[tuple[int, int, str]] = []
    export_release(dataset_of(records), tmp_path / "release", lambda d, t, label: steps.append((d, t, label)))
    assert [s[0] for s in steps] == list(range(1, len(steps) + 1))
    assert {s[1] for s in steps} == {len(steps)}
    files = sorted(p for p in tree(tmp_path / "release") if not p.startswith("site/"))
    assert sorted(s[2] for s in steps) == sorted([*files, "site/"])


def test_parquet_bytes_do_not_depend_on_how_the_table_is_chunked(tmp_path: Path) -> None:
    """pyarrow cuts pages where input chunks end: the same rows in other chunks, written as
    they come, would be another file. The rows span three of the writer's chunks."""
    import pyarrow as pa

    from afghan_dialogues.exports.parquet import WRITE_ROWS, write_parquet

    rows = range(2 * WRITE_ROWS + 5_000)
    table = pa.table(
        {
            "id": [f"row-{i:06d}" for i in rows],
            "text": ["x" * (i % 97) + str(i) for i in rows],
            "items": [[str(i)] * (i % 3) for i in rows],
        }
    )
    write_parquet(table, tmp_path / "whole.parquet")
    whole = (tmp_path / "whole.parquet").read_bytes()
    for size in (1_000, 7_777, WRITE_ROWS + 1):
        chunked = pa.Table.from_batches(table.to_batches(max_chunksize=size))
        write_parquet(chunked, tmp_path / f"chunks-{size}.parquet")
        assert (tmp_path / f"chunks-{size}.parquet").read_bytes() == whole, size
    assert pq.read_table(tmp_path / "whole.parquet").equals(table)


def test_a_publisher_named_by_a_retired_id_is_named_as_its_replacement(records: Path) -> None:
    from afghan_dialogues.dataset import RECORD_TABLES
    from afghan_dialogues.exports.datapackage import source_entries

    dataset = dataset_of(records)
    moved = dataset.sources[0].model_copy(update={"publisher_id": "act-ahmad-masoud"})
    tables = {name: list(dataset.records(name)) for name in RECORD_TABLES}
    retired = Dataset.build(dataset.info, {**tables, "sources": [moved]})
    assert retired.get("act-ahmad-masoud") == retired.get("act-ahmad-massoud")
    assert source_entries(retired)[0]["publisher"] == "Ahmad Massoud"
