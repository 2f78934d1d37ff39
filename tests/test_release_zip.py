"""The release zip as downloaded: `load()`, `stats`, `diff` and `validate` read it as its folder,
and refuse, with the entry and the reason, a zip that would write outside its folder, hold a
link, or expand beyond the limits (a zip bomb). Nothing is left behind in the temporary folder."""

from __future__ import annotations

import json
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from afghan_dialogues import release_zip
from afghan_dialogues.cli import main
from afghan_dialogues.dataset import Dataset
from afghan_dialogues.loading import LoadError, load
from conftest import dataset_of

TOP = "example-dialogues-0.1.0"


@pytest.fixture(autouse=True)
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A temporary folder of its own for the extraction, checked empty after every test."""
    folder = tmp_path / "scratch"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    yield folder
    assert list(folder.iterdir()) == [], "the extraction left files behind"


@pytest.fixture
def dataset(records: Path) -> Dataset:
    return dataset_of(records)


@pytest.fixture
def archive(release: Path) -> Path:
    path = release / f"{TOP}.zip"
    assert path.is_file()
    return path


def entries(archive: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(archive) as handle:
        return {info.filename: handle.read(info) for info in handle.infolist()}


def write_zip(path: Path, files: dict[str, bytes], *, extra: list[zipfile.ZipInfo] | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as handle:
        for name, data in files.items():
            handle.writestr(name, data)
        for info in extra or []:
            handle.writestr(info, b"target")
    return path


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


# What a consumer does with the zip.


def test_load_of_the_zip_gives_the_dataset_it_was_exported_from(dataset: Dataset, archive: Path) -> None:
    assert load(archive) == dataset
    assert load(str(archive)) == load(archive.parent)


def test_load_of_the_zip_with_validate_checks_it_in_full(dataset: Dataset, archive: Path) -> None:
    assert load(archive, validate=True) == dataset


def test_stats_of_a_release_folder_and_zip_are_the_counts_of_its_records(
    records: Path, release: Path, archive: Path
) -> None:
    expected = invoke("stats", str(records), "--format", "json")
    assert expected[0] == 0, expected[1]
    assert json.loads(expected[1])["tables"]["claims"] == 2
    assert invoke("stats", str(release), "--format", "json") == expected
    assert invoke("stats", str(archive), "--format", "json") == expected


def test_stats_will_not_write_a_readme_for_a_release(archive: Path) -> None:
    code, output = invoke("stats", str(archive), "--write-readme")
    assert code == 2 and "records folder" in output


def test_diff_of_a_release_folder_and_its_zip_finds_no_difference(release: Path, archive: Path) -> None:
    assert invoke("diff", str(release), str(archive)) == (0, "0.1.0 -> 0.1.0\nno differences\n")


def test_validate_of_a_clean_zip_passes(archive: Path) -> None:
    code, output = invoke("validate", str(archive))
    assert code == 0, output
    assert f"({archive})" in output


def rewrite_entry(archive: Path, rel: str, data: bytes, out: Path) -> Path:
    files = entries(archive)
    files[f"{TOP}/{rel}"] = data
    return write_zip(out, files)


def shouting_claims(release: Path) -> bytes:
    table = pq.read_table(release / "parquet" / "claims.parquet")
    index = table.schema.get_field_index("quote_kind")
    shouted = table.set_column(index, table.schema.field(index), pa.array(["shouting"] * table.num_rows))
    sink = pa.BufferOutputStream()
    pq.write_table(shouted, sink)
    return bytes(sink.getvalue().to_pybytes())


def test_validate_of_a_zip_names_the_entry_of_each_finding(
    release: Path, archive: Path, tmp_path: Path
) -> None:
    bad = rewrite_entry(archive, "parquet/claims.parquet", shouting_claims(release), tmp_path / "bad.zip")
    code, output = invoke("validate", str(bad), "--format", "json")
    assert code == 1
    found = json.loads(output)["findings"]
    values = [f for f in found if f["code"] == "model/value"]
    assert {f["file"] for f in values} == {f"{bad}/{TOP}/parquet/claims.parquet"}
    assert "scratch" not in output


def test_load_of_a_zip_whose_table_differs_from_its_checksum_names_the_entry(
    release: Path, archive: Path, tmp_path: Path
) -> None:
    bad = rewrite_entry(archive, "parquet/claims.parquet", shouting_claims(release), tmp_path / "bad.zip")
    with pytest.raises(LoadError) as caught:
        load(bad)
    assert str(caught.value).startswith(f"{bad}/{TOP}: parquet/claims.parquet differs from SHA256SUMS")
    assert "scratch" not in str(caught.value)


def test_release_checks_read_the_previous_release_from_its_zip(
    records: Path, archive: Path, tmp_path: Path
) -> None:
    (records / "actors.yaml").write_text(
        (records / "actors.yaml")
        .read_text(encoding="utf-8")
        .replace("  - id: act-ali-example\n", "  - id: act-ali-other\n"),
        encoding="utf-8",
    )
    (tmp_path / "CHANGELOG.md").write_text("## [0.1.0]\n", encoding="utf-8")
    code, output = invoke(
        "validate", str(records), "--release", "--previous", str(archive), "--format", "json"
    )
    lost = [f["record_id"] for f in json.loads(output)["findings"] if f["code"] == "release/id-lost"]
    assert lost == ["act-ali-example"]
    assert code == 1


def test_a_refused_previous_zip_is_a_release_finding(records: Path, tmp_path: Path) -> None:
    previous = write_zip(tmp_path / "previous.zip", {"../escape.txt": b"x"})
    code, output = invoke("validate", str(records), "--release", "--previous", str(previous))
    assert code == 1
    assert "release/previous-unreadable" in output and "'../escape.txt'" in output
    assert not (tmp_path / "escape.txt").exists()


# Zips that must be refused, with the entry named and nothing written outside.


def link_entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def fifo_entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFIFO | 0o644) << 16
    return info


@pytest.mark.parametrize(
    ("files", "extra", "reason"),
    [
        ({f"{TOP}/../../escape.txt": b"x"}, [], "has an empty, '.' or '..' part"),
        ({"/tmp/escape.txt": b"x"}, [], "has an absolute path"),
        ({f"{TOP}\\..\\escape.txt": b"x"}, [], "backslash"),
        ({f"{TOP}/C:escape.txt": b"x"}, [], "colon"),
        ({f"{TOP}/datapackage.json": b"{}"}, [link_entry(f"{TOP}/parquet")], "is a symbolic link"),
        ({f"{TOP}/datapackage.json": b"{}"}, [fifo_entry(f"{TOP}/pipe")], "is not a regular file"),
        ({f"{TOP}/datapackage.json": b"{}", "other/datapackage.json": b"{}"}, [], "one top folder"),
        ({f"{TOP}/datapackage.json": b"{}", "stray.txt": b"x"}, [], "lies outside the release folder"),
        ({f"{TOP}/csv/claims.csv": b"\0" * (4 << 20)}, [], "would expand"),
        ({}, [], "one top folder"),
    ],
    ids=[
        "dotdot",
        "absolute",
        "backslash",
        "colon",
        "symlink",
        "fifo",
        "two-tops",
        "outside",
        "bomb",
        "empty",
    ],
)
def test_a_dangerous_zip_is_refused_naming_the_entry(
    tmp_path: Path, files: dict[str, bytes], extra: list[zipfile.ZipInfo], reason: str
) -> None:
    bad = write_zip(tmp_path / "bad.zip", files, extra=extra)
    with pytest.raises(LoadError, match=reason):
        load(bad)
    code, output = invoke("validate", str(bad))
    assert code == 1 and "parse/unreadable" in output
    assert not (tmp_path / "escape.txt").exists() and not Path("/tmp/escape.txt").exists()


def test_a_zip_expanding_beyond_the_size_limit_is_refused_before_anything_is_written(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(release_zip, "MAX_BYTES", 1000)
    with pytest.raises(LoadError, match=r"would expand to [\d,]+ bytes, more than the 1,000"):
        load(archive)


def test_a_zip_with_more_entries_than_a_release_holds_is_refused(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(release_zip, "MAX_ENTRIES", 5)
    with pytest.raises(LoadError, match="entries, more than 5"):
        load(archive)


def test_two_entries_of_one_name_are_refused(archive: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as handle, pytest.warns(UserWarning, match="Duplicate name"):
        for name, data in entries(archive).items():
            handle.writestr(name, data)
        handle.writestr(f"{TOP}/datapackage.json", b"{}")
    with pytest.raises(LoadError, match="two entries write"):
        load(bad)


def test_an_encrypted_entry_is_refused(tmp_path: Path) -> None:
    bad = write_zip(tmp_path / "bad.zip", {f"{TOP}/datapackage.json": b"{}"})
    data = bytearray(bad.read_bytes())
    central = data.find(b"PK\x01\x02")  # zipfile reads the flags from the central directory
    data[central + 8] |= 0x1
    bad.write_bytes(bytes(data))
    with pytest.raises(LoadError, match="is encrypted"):
        load(bad)


def test_a_truncated_zip_is_not_a_readable_zip(archive: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    bad.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(LoadError, match="not a readable zip file"):
        load(bad)
    code, output = invoke("validate", str(bad))
    assert code == 1 and "not a readable zip file" in output


def test_a_damaged_entry_is_reported_as_a_damaged_zip(archive: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.zip"
    data = bytearray(archive.read_bytes())
    with zipfile.ZipFile(archive) as handle:
        info = handle.getinfo(f"{TOP}/parquet/claims.parquet")  # stored: its bytes are the file's
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 100
    data[start] ^= 0xFF
    bad.write_bytes(bytes(data))
    with pytest.raises(LoadError, match="damaged zip: Bad CRC-32"):
        load(bad)


def test_a_zip_is_extracted_no_further_than_load_reads(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extracted: list[str] = []
    real = release_zip.extract

    def spy(release: release_zip.ReleaseArchive, into: Path, wanted: object) -> Path:
        chosen = sorted(wanted)  # type: ignore[call-overload]
        extracted.extend(chosen)
        return real(release, into, chosen)

    monkeypatch.setattr(release_zip, "extract", spy)
    load(archive)
    assert "datapackage.json" in extracted and "SHA256SUMS" in extracted
    assert not [
        rel for rel in extracted if rel.startswith(("csv/", "json/", "schema/")) or rel == "codebook.md"
    ]


def test_a_file_that_is_not_a_zip_is_refused_by_validate_as_a_usage_error(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not a release", encoding="utf-8")
    code, _ = invoke("validate", str(text))
    assert code == 2
    with pytest.raises(LoadError, match="neither a release directory"):
        load(text)


def test_a_table_without_parquet_is_extracted_from_its_json(
    archive: Path, tmp_path: Path, dataset: Dataset
) -> None:
    files = {name: data for name, data in entries(archive).items() if name != f"{TOP}/parquet/claims.parquet"}
    assert load(write_zip(tmp_path / "json-claims.zip", files)) == dataset
