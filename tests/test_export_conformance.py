"""A release opens as documented in the tools consumers use: Frictionless, DuckDB, polars, pandas."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from afghan_dialogues.datamodel.tables import TABLES, Table
from afghan_dialogues.exports.writer import export_release
from afghan_dialogues.paths import records_dir
from afghan_dialogues.validate.runner import validate_records
from conftest import dataset_of, write_records

DUCKDB_TYPES = {
    "string": "VARCHAR",
    "date": "DATE",
    "boolean": "BOOLEAN",
    "integer": "BIGINT",
    "list": "VARCHAR[]",
}


def export_records(records: Path, out: Path) -> Path:
    return export_release(dataset_of(records), out).directory


@pytest.fixture(scope="module")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fixture")
    return export_records(write_records(root), root / "release")


def frictionless_errors(descriptor: Path) -> list[list[object]]:
    from frictionless import validate

    report = validate(str(descriptor), limit_errors=1_000_000)
    rows: list[list[object]] = report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
    return rows


def test_exported_fixture_passes_frictionless_validation(release: Path) -> None:
    assert frictionless_errors(release / "datapackage.json") == []


def test_exported_bundled_records_pass_frictionless_validation(tmp_path: Path) -> None:
    bundled = records_dir()
    assert not validate_records(bundled).failed(), "the bundled records have errors"
    assert frictionless_errors(export_records(bundled, tmp_path / "release") / "datapackage.json") == []


def test_frictionless_catches_a_broken_foreign_key_in_the_csv(release: Path, tmp_path: Path) -> None:
    """The descriptor's keys are enforced, so the conformance test can fail."""
    broken = tmp_path / "broken"
    shutil.copytree(release, broken)
    path = broken / "csv" / "claims.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("act-ali-example", "act-nobody"), encoding="utf-8"
    )
    assert any(row[3] == "foreign-key" for row in frictionless_errors(broken / "datapackage.json"))


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_duckdb_reads_every_parquet_file_with_the_documented_types(release: Path, table: Table) -> None:
    import duckdb

    path = release / "parquet" / f"{table.name}.parquet"
    described = duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{path.as_posix()}')").fetchall()
    assert [(row[0], row[1]) for row in described] == [(c.name, DUCKDB_TYPES[c.type]) for c in table.columns]


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_polars_reads_every_parquet_file_with_the_documented_types(release: Path, table: Table) -> None:
    import polars as pl

    expected = {
        "string": pl.String,
        "date": pl.Date,
        "boolean": pl.Boolean,
        "integer": pl.Int64,
        "list": pl.List(pl.String),
    }
    frame = pl.read_parquet(release / "parquet" / f"{table.name}.parquet")
    assert list(frame.schema.items()) == [(c.name, expected[c.type]) for c in table.columns]


def test_duckdb_sees_lists_as_lists_and_dates_as_dates(release: Path) -> None:
    import duckdb

    path = (release / "parquet" / "claims.parquet").as_posix()
    rows = duckdb.sql(f"SELECT id, topics, stated_start FROM read_parquet('{path}') ORDER BY id").fetchall()
    assert rows[0] == ("clm-example-001", ["negotiations"], dt.date(2022, 10, 12))
    assert rows[1][1] == ["meeting_outcome"] and rows[1][2] is None


def test_pandas_reads_the_csv_with_the_same_rows_as_the_parquet(release: Path) -> None:
    import pandas as pd

    for table in TABLES:
        from_csv = pd.read_csv(release / "csv" / f"{table.name}.csv", dtype=str, keep_default_na=False)
        from_parquet = pd.read_parquet(release / "parquet" / f"{table.name}.parquet")
        assert list(from_csv.columns) == list(from_parquet.columns) == list(table.column_names)
        assert len(from_csv) == len(from_parquet)
