"""`export`: the release directory's layout, formats, determinism and atomicity."""

from __future__ import annotations

import csv
import hashlib
import json
import zipfile
import zlib
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from afghan_dialogues.datamodel.descriptors import json_schema
from afghan_dialogues.datamodel.models import ENTITY_MODELS
from afghan_dialogues.datamodel.tables import TABLES
from afghan_dialogues.dataset import Dataset
from afghan_dialogues.exports import release as release_module
from afghan_dialogues.exports import sink
from afghan_dialogues.exports.atomic import TargetError
from afghan_dialogues.exports.release import Release, export_release
from afghan_dialogues.exports.sink import HashingFile
from afghan_dialogues.validate.runner import validate_records
from helpers import Edit


def dataset_of(records: Path) -> Dataset:
    report = validate_records(records)
    assert not report.failed(), report.findings
    assert report.loaded is not None
    return Dataset.from_loaded(report.loaded)


def export(records: Path, out: Path) -> Release:
    return export_release(dataset_of(records), out)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def release(records: Path, tmp_path: Path) -> Path:
    return export(records, tmp_path / "release").directory


def test_release_holds_every_table_in_three_formats_and_a_schema_per_record_type(release: Path) -> None:
    files = set(tree(release))
    for table in TABLES:
        assert {f"csv/{table.name}.csv", f"json/{table.name}.json", f"parquet/{table.name}.parquet"} <= files
    for model in ENTITY_MODELS:
        assert f"schema/{model.table}.schema.json" in files
    assert {"datapackage.json", "codebook.md", "SHA256SUMS", "example-dialogues-0.1.0.zip"} <= files


def test_json_schemas_are_the_ones_the_models_generate(release: Path) -> None:
    for model in ENTITY_MODELS:
        written = json.loads((release / "schema" / f"{model.table}.schema.json").read_text(encoding="utf-8"))
        assert written == json_schema(model)


def test_datapackage_carries_the_version_and_one_csv_resource_per_table(release: Path) -> None:
    descriptor = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == "0.1.0"
    assert [r["name"] for r in descriptor["resources"]] == [t.name for t in TABLES]
    assert all(r["path"] == f"csv/{r['name']}.csv" for r in descriptor["resources"])


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
    expected = sorted(p for p in tree(release) if p != "SHA256SUMS" and not p.endswith(".zip"))
    assert listed == expected
    for line in lines:
        digest, rel = line.split("  ", 1)
        assert hashlib.sha256((release / rel).read_bytes()).hexdigest() == digest


def test_zip_holds_the_release_under_one_folder_with_fixed_times_and_permissions(release: Path) -> None:
    with zipfile.ZipFile(release / "example-dialogues-0.1.0.zip") as archive:
        infos = archive.infolist()
        names = [i.filename for i in infos]
        assert names == sorted(names)
        assert {n.split("/", 1)[0] for n in names} == {"example-dialogues-0.1.0"}
        inside = {n.split("/", 1)[1] for n in names}
        assert inside == {p for p in tree(release) if not p.endswith(".zip")}
        assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert {i.external_attr >> 16 for i in infos} == {0o100644}
        assert (
            archive.read("example-dialogues-0.1.0/csv/claims.csv")
            == (release / "csv" / "claims.csv").read_bytes()
        )


def test_zip_deflates_text_and_stores_parquet(release: Path) -> None:
    with zipfile.ZipFile(release / "example-dialogues-0.1.0.zip") as archive:
        methods = {i.filename.split("/", 1)[1]: i.compress_type for i in archive.infolist()}
        assert archive.testzip() is None
    assert methods == {
        rel: zipfile.ZIP_STORED if rel.endswith(".parquet") else zipfile.ZIP_DEFLATED
        for rel in tree(release)
        if not rel.endswith(".zip")
    }


def test_deflated_text_spilled_to_files_gives_the_same_release_and_leaves_no_spill_file(
    records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_memory = tree(export(records, tmp_path / "held").directory)
    monkeypatch.setattr(sink, "HELD_BYTES", 0)
    spilled = tree(export(records, tmp_path / "spilled").directory)
    assert spilled == in_memory


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
    assert first == second


def test_export_over_a_previous_release_replaces_it_entirely(records: Path, tmp_path: Path) -> None:
    out = tmp_path / "release"
    export(records, out)
    (out / "stale.txt").write_text("left from an older export", encoding="utf-8")
    export(records, out)
    assert not (out / "stale.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["records", "release"]


def test_failed_export_leaves_the_previous_release_untouched_and_no_temporary_directory(
    records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "release"
    export(records, out)
    before = tree(out)
    real_writer = release_module.write_parquet
    calls = 0

    def failing_writer(table: object, path: Path) -> None:
        nonlocal calls
        calls += 1
        if calls > 1:
            raise OSError("disk full")
        real_writer(table, path)

    monkeypatch.setattr(release_module, "write_parquet", failing_writer)
    with pytest.raises(OSError, match="disk full"):
        export(records, out)
    assert calls == 2
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["records", "release"]


def test_failed_first_export_leaves_nothing_behind(
    records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_writer(table: object, path: Path) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(release_module, "write_parquet", failing_writer)
    with pytest.raises(OSError):
        export(records, tmp_path / "release")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["records"]


def test_export_refuses_to_replace_a_directory_that_is_not_a_release(records: Path, tmp_path: Path) -> None:
    out = tmp_path / "notes"
    out.mkdir()
    (out / "mine.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(TargetError, match="not a release"):
        export(records, out)
    assert (out / "mine.txt").read_text(encoding="utf-8") == "keep me"


def test_export_writes_into_an_existing_empty_directory(records: Path, tmp_path: Path) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    assert (export(records, out).directory / "datapackage.json").is_file()


def test_export_reports_each_step_to_the_progress_callback(records: Path, tmp_path: Path) -> None:
    steps: list[tuple[int, int, str]] = []
    export_release(dataset_of(records), tmp_path / "release", lambda d, t, label: steps.append((d, t, label)))
    assert [s[0] for s in steps] == list(range(1, len(steps) + 1))
    assert steps[-1][0] == steps[-1][1]
    assert "parquet/claims.parquet" in [s[2] for s in steps]


def test_export_says_how_long_each_kind_of_step_took(records: Path, tmp_path: Path) -> None:
    seconds = export(records, tmp_path / "release").seconds
    assert {"parquet", "csv", "json", "checksums", "zip"} <= set(seconds)
    assert all(value >= 0 for value in seconds.values())


def test_a_failing_text_file_stops_the_export_with_its_own_error(
    records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "release"
    export(records, out)
    before = tree(out)
    real_writer = release_module.write_text

    def failing_writer(
        form: object, table: object, target: HashingFile, *args: object, **kwargs: object
    ) -> None:
        if target.path.suffix == ".json":
            raise OSError("disk full")
        real_writer(form, table, target, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(release_module, "write_text", failing_writer)
    with pytest.raises(OSError, match="disk full"):
        export(records, out)
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["records", "release"]


class _EagerDeflater:
    """Raw deflate that gives out what each write makes of it (a sync flush after it)."""

    def __init__(self) -> None:
        self._stream = zlib.compressobj(1, zlib.DEFLATED, -15)

    def compress(self, data: bytes) -> bytes:
        return self._stream.compress(data) + self._stream.flush(zlib.Z_SYNC_FLUSH)

    def flush(self) -> bytes:
        return self._stream.flush()


@pytest.mark.parametrize("held", [sink.HELD_BYTES, 0], ids=["deflated in memory", "deflated to a spill file"])
def test_a_text_file_failing_midway_leaves_the_previous_release_and_no_spill_file(
    records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, held: int
) -> None:
    monkeypatch.setattr(sink, "HELD_BYTES", held)
    if held == 0:  # every write's deflated bytes given out at once: the failing file has spilled
        monkeypatch.setattr(sink, "deflater", _EagerDeflater)
    out = tmp_path / "release"
    export(records, out)
    before = tree(out)
    real_writer = release_module.write_text
    spills_at_failure: list[Path] = []

    def failing_at_the_tail(
        form: object, table: object, target: HashingFile, *args: object, **kwargs: object
    ) -> None:
        if target.path.name == "claims.json":
            real_write = target.write
            calls: list[object] = []

            def write(data: object) -> None:
                calls.append(data)
                if len(calls) == 3:  # the head and the one batch are written, the tail fails
                    spills_at_failure.extend(target.path.parent.glob(f".{target.path.name}.deflated"))
                    raise OSError("disk full")
                real_write(data)

            monkeypatch.setattr(target, "write", write)
        real_writer(form, table, target, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(release_module, "write_text", failing_at_the_tail)
    with pytest.raises(OSError, match="disk full"):
        export(records, out)
    assert bool(spills_at_failure) == (held == 0)
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["records", "release"]


def test_files_written_around_the_page_cache_or_through_it_are_the_same(
    release: Path, records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from afghan_dialogues.exports import output

    monkeypatch.setattr(output, "DIRECT", not output.DIRECT)
    assert tree(export(records, tmp_path / "other").directory) == tree(release)


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
