"""Layer 7: schema files in sync with the models, and a valid Frictionless package."""

from __future__ import annotations

import json
from pathlib import Path

from afghan_dialogues.datamodel.descriptors import schema_files, write_schema_files
from afghan_dialogues.datamodel.models import DatasetInfo
from afghan_dialogues.paths import records_dir, schema_dir_for
from afghan_dialogues.validate.descriptor_check import frictionless_errors
from afghan_dialogues.validate.runner import validate_records
from conftest import TODAY
from helpers import codes


def _info(records: Path) -> DatasetInfo:
    report = validate_records(records, today=TODAY)
    assert report.info is not None
    return report.info


def test_committed_schema_files_are_what_the_models_generate() -> None:
    committed = schema_dir_for(records_dir())
    assert committed is not None
    info = _info(records_dir())
    for rel, content in schema_files(info).items():
        assert (committed / rel).read_text(encoding="utf-8") == content, f"schema/{rel} is stale"


def test_stale_schema_file_is_reported(records: Path) -> None:
    schema = records.parent / "schema"
    write_schema_files(schema, _info(records))
    assert "package/stale-schema" not in codes(records)
    target = schema / "records" / "claim.schema.json"
    target.write_text(target.read_text(encoding="utf-8").replace("Verbatim", "verbatim"), encoding="utf-8")
    found = [f for f in validate_records(records, today=TODAY).findings if f.code == "package/stale-schema"]
    assert len(found) == 1 and found[0].file is not None and found[0].file.endswith("claim.schema.json")


def test_unexpected_file_in_schema_folder_is_stale(records: Path) -> None:
    schema = records.parent / "schema"
    write_schema_files(schema, _info(records))
    (schema / "json").mkdir()
    (schema / "json" / "claims.schema.json").write_text("{}", encoding="utf-8")
    assert codes(records).count("package/stale-schema") == 1


def test_generated_descriptor_is_valid_frictionless(records: Path) -> None:
    from afghan_dialogues.datamodel.descriptors import package_descriptor

    assert frictionless_errors(package_descriptor(_info(records))) == []


def test_invalid_descriptor_is_a_finding_not_a_traceback() -> None:
    descriptor = {
        "name": "x",
        "resources": [{"name": "a", "path": "a.csv", "schema": {"fields": [{"name": "f", "type": "strin"}]}}],
    }
    found = frictionless_errors(descriptor)
    assert [f.code for f in found] == ["package/invalid"]
    assert "strin" in found[0].message


def test_every_table_column_is_described_and_keys_exist() -> None:
    from afghan_dialogues.datamodel.tables import TABLES

    for table in TABLES:
        names = set(table.column_names)
        assert all(c.description for c in table.columns), table.name
        assert set(table.primary_key) <= names, table.name
        assert {fk.column for fk in table.foreign_keys} <= names, table.name


def test_every_model_field_reaches_a_published_column() -> None:
    from afghan_dialogues.datamodel.tables import DATE_PARTS, TABLES

    for table in TABLES:
        published = set(table.column_names)
        for name in table.model.model_fields:
            expected = {f"{name}_{p}" for p in DATE_PARTS} if f"{name}_start" in published else {name}
            if name in ("names", "references"):
                continue  # unnested into actor_names and references
            assert expected <= published, (table.name, name)


def test_datapackage_json_is_valid_json_with_all_tables_and_their_parquet_files() -> None:
    committed = schema_dir_for(records_dir())
    assert committed is not None
    data = json.loads((committed / "datapackage.json").read_text(encoding="utf-8"))
    tables = [
        "sources",
        "actors",
        "actor_names",
        "affiliations",
        "meetings",
        "participants",
        "claims",
        "claim_relations",
        "tombstones",
        "references",
    ]
    assert [r["name"] for r in data["resources"]] == tables + [f"{t}-parquet" for t in tables]
    assert {r["path"] for r in data["resources"] if r["type"] == "file"} == {
        f"parquet/{t}.parquet" for t in tables
    }
    assert not any("hash" in r or "bytes" in r for r in data["resources"])


def test_schema_command_removes_what_the_models_no_longer_generate(records: Path) -> None:
    schema = records.parent / "schema"
    (schema / "json").mkdir(parents=True)
    (schema / "json" / "claims.schema.json").write_text("{}", encoding="utf-8")
    removed = write_schema_files(schema, _info(records))
    assert "json/claims.schema.json" in removed
    assert not (schema / "json").exists()
    assert "package/stale-schema" not in codes(records)
