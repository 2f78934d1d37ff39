"""`afghan_dialogues.load()`: the same typed records from records folders and release directories."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import afghan_dialogues
from afghan_dialogues.datamodel.models import Actor, Claim, Meeting, Name, Source
from afghan_dialogues.dataset import Dataset
from afghan_dialogues.exports.writer import export_release, write_package
from afghan_dialogues.loading import LoadError, load
from afghan_dialogues.paths import records_dir
from afghan_dialogues.validate.runner import validate_records
from conftest import dataset_of
from helpers import Edit

RECORD_TABLES = (
    "sources",
    "actors",
    "affiliations",
    "meetings",
    "participants",
    "claims",
    "claim_relations",
    "tombstones",
)


@pytest.fixture
def dataset(records: Path) -> Dataset:
    return dataset_of(records)


@pytest.mark.parametrize("table", RECORD_TABLES)
def test_release_read_back_gives_the_records_it_was_exported_from(
    dataset: Dataset, release: Path, table: str
) -> None:
    assert load(release).records(table) == dataset.records(table)


def test_release_read_back_keeps_the_package_metadata(dataset: Dataset, release: Path) -> None:
    assert load(release).info == dataset.info


def test_release_date_survives_the_round_trip(records: Path, edit: Edit, tmp_path: Path) -> None:
    edit("dataset.yaml", "released:", "released: 2026-11-01")
    dataset = dataset_of(records)
    back = load(export_release(dataset, tmp_path / "release").directory)
    assert back.info.released is not None and back.info.released.isoformat() == "2026-11-01"
    assert back.info == dataset.info


@pytest.mark.parametrize("table", RECORD_TABLES)
def test_release_without_parquet_is_read_from_json_with_the_same_records(
    dataset: Dataset, release: Path, table: str
) -> None:
    shutil.rmtree(release / "parquet")
    assert load(release).records(table) == dataset.records(table)


def test_actor_spellings_come_back_from_actor_names_in_spelling_order(
    records: Path, edit: Edit, tmp_path: Path
) -> None:
    edit(
        "actors.yaml",
        "      - spelling: Ahmad Masoud\n",
        "      - spelling: Massoud\n        source_ids:\n          - src-example-report\n"
        "      - spelling: Ahmad Masoud\n",
    )
    dataset = dataset_of(records)
    actor = dataset["act-ahmad-massoud"]
    assert isinstance(actor, Actor)
    assert [n.spelling for n in actor.names] == ["Ahmad Masoud", "Massoud"]
    back = load(export_release(dataset, tmp_path / "release").directory)
    assert back["act-ahmad-massoud"] == actor


def test_reported_dates_are_rebuilt_from_their_flat_columns(release: Path) -> None:
    meeting = load(release)["mtg-vienna-2022-10"]
    assert isinstance(meeting, Meeting)
    assert meeting.date.as_written == "12 October 2022"
    assert meeting.date.start is not None and meeting.date.start.isoformat() == "2022-10-12"
    claim = load(release)["clm-example-002"]
    assert isinstance(claim, Claim) and claim.stated is None


def test_records_folder_loads_to_the_same_dataset_as_the_validated_records(
    records: Path, dataset: Dataset
) -> None:
    assert load(records) == dataset


def test_load_accepts_a_string_path(records: Path, dataset: Dataset) -> None:
    assert load(str(records)) == dataset


def test_load_without_a_path_reads_the_bundled_records() -> None:
    if validate_records(records_dir()).failed():
        with pytest.raises(LoadError):
            afghan_dialogues.load()
        return
    data = afghan_dialogues.load()
    assert data.info.version in (records_dir() / "dataset.yaml").read_text(encoding="utf-8")


def test_records_with_errors_raise_a_load_error_listing_the_first_findings(records: Path, edit: Edit) -> None:
    edit("meetings.yaml", "kind: meeting", "kind: gathering")
    with pytest.raises(LoadError) as caught:
        load(records)
    message = str(caught.value)
    assert "1 error(s)" in message
    assert "model/value" in message and "mtg-vienna-2022-10" in message
    assert [f.code for f in caught.value.findings] == ["model/value"]


def test_records_with_only_warnings_load(records: Path) -> None:
    with (records / "actors.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            "  - id: act-unused\n    name: Unused\n    kind: organization\n    description: Nobody.\n"
        )
    assert load(records).get("act-unused") is not None


def test_a_path_that_is_neither_release_nor_records_raises_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="neither a release directory"):
        load(tmp_path)
    with pytest.raises(LoadError, match="does not exist"):
        load(tmp_path / "missing")


def test_a_release_missing_a_table_raises_a_clear_error(release: Path) -> None:
    (release / "parquet" / "claims.parquet").unlink()
    (release / "json" / "claims.json").unlink()
    with pytest.raises(LoadError, match="no table 'claims'"):
        load(release)


def test_a_release_with_columns_this_version_does_not_know_says_so(release: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = release / "parquet" / "tombstones.parquet"
    table = pq.read_table(path)
    pq.write_table(table.append_column("successor", pa.array(["x"] * table.num_rows)), path)
    resum(release)
    with pytest.raises(LoadError, match="unknown columns successor"):
        load(release)


def test_old_ids_resolve_through_tombstones(release: Path) -> None:
    data = load(release)
    assert data["act-ahmad-masoud"] is data["act-ahmad-massoud"]
    with pytest.raises(KeyError):
        data["act-nobody"]


def test_claim_navigates_to_speaker_source_meetings_and_actors(dataset: Dataset) -> None:
    claim = dataset["clm-example-001"]
    assert isinstance(claim, Claim)
    speaker = dataset.speaker_of(claim)
    assert speaker is not None and speaker.id == "act-ahmad-massoud"
    assert dataset.source_of("clm-example-001").id == "src-example-report"
    assert [m.id for m in dataset.meetings_of(claim)] == ["mtg-vienna-2022-10"]
    assert [a.id for a in dataset.subjects_of(claim)] == ["act-example-front"]
    assert dataset.intermediaries_of(claim) == ()


def test_actor_navigates_to_claims_meetings_and_affiliations(dataset: Dataset) -> None:
    assert [c.id for c in dataset.claims_by("act-ahmad-massoud")] == ["clm-example-001"]
    assert [c.id for c in dataset.claims_by("act-ahmad-masoud")] == ["clm-example-001"]
    assert [m.id for m in dataset.meetings_attended("act-ahmad-massoud")] == ["mtg-vienna-2022-10"]
    assert [p.role.value for p in dataset.participations_of("act-ahmad-massoud")] == ["speaker"]
    assert [a.organization_id for a in dataset.affiliations_of("act-ali-example")] == ["act-example-front"]
    assert [a.actor_id for a in dataset.members_of("act-example-front")] == ["act-ali-example"]
    assert [c.id for c in dataset.claims_about("act-example-front")] == ["clm-example-001"]


def test_source_and_meeting_navigate_to_their_claims_and_participants(dataset: Dataset) -> None:
    source = dataset["src-example-report"]
    assert isinstance(source, Source)
    assert [c.id for c in dataset.claims_from(source)] == ["clm-example-001", "clm-example-002"]
    assert [c.id for c in dataset.claims_at("mtg-vienna-2022-10")] == ["clm-example-001", "clm-example-002"]
    assert [p.actor_id for p in dataset.participants_of("mtg-vienna-2022-10")] == ["act-ahmad-massoud"]


def test_navigation_rejects_an_id_of_the_wrong_kind(dataset: Dataset) -> None:
    with pytest.raises(TypeError, match="expected a Claim or its id; 'act-ahmad-massoud' is an Actor"):
        dataset.speaker_of("act-ahmad-massoud")


def test_to_arrow_gives_each_table_with_the_release_schema(dataset: Dataset, release: Path) -> None:
    import pyarrow.parquet as pq

    for table in dataset.tables:
        arrow = dataset.to_arrow(table.name)
        assert arrow.schema.equals(pq.read_schema(release / "parquet" / f"{table.name}.parquet"), True)
    assert dataset.to_arrow("actor_names").column("spelling").to_pylist() == ["Ahmad Masoud", "Ali Example"]


def test_to_arrow_of_an_unknown_table_names_the_tables(dataset: Dataset) -> None:
    with pytest.raises(KeyError, match="claims"):
        dataset.to_arrow("statements")


def test_to_pandas_gives_a_dataframe_per_table(dataset: Dataset) -> None:
    import pandas  # noqa: F401  (a test dependency: the conversion must work when it is installed)

    frame = dataset.to_pandas("claims")
    assert list(frame["id"]) == ["clm-example-001", "clm-example-002"]
    assert list(frame["topics"][0]) == ["negotiations"]


def test_to_pandas_without_pandas_says_how_to_install_it(
    dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"afghan-dialogues\[pandas\]"):
        dataset.to_pandas("claims")


def test_importing_the_package_loads_neither_pyarrow_nor_frictionless() -> None:
    code = (
        "import sys, afghan_dialogues, afghan_dialogues.dataset, afghan_dialogues.loading; "
        "print(sorted(m for m in ('pyarrow', 'frictionless', 'pandas') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_names_in_the_dataset_are_typed_models(dataset: Dataset) -> None:
    actor = dataset["act-ali-example"]
    assert isinstance(actor, Actor) and all(isinstance(n, Name) for n in actor.names)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def never_built(*args: object) -> tuple[()]:
    raise AssertionError("typed records were built")


def test_a_release_read_back_writes_the_same_tables_without_building_records(
    release: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tables and the data package come from the Arrow tables alone (the site, which a whole
    release also holds, is written from records)."""
    monkeypatch.setattr("afghan_dialogues.unflatten.typed_records", never_built)
    write_package(load(release), tmp_path / "again")
    written = tree(tmp_path / "again")
    assert written.keys() == {
        rel for rel in tree(release) if rel.split("/")[0] in ("csv", "json", "parquet")
    } | {"datapackage.json"}
    assert all(
        written[rel] == data
        for rel, data in tree(release).items()
        if rel in written and rel != "datapackage.json"
    )


def test_a_release_read_back_exports_the_same_bytes(release: Path, tmp_path: Path) -> None:
    again = export_release(load(release), tmp_path / "again").directory
    assert tree(again) == tree(release)


def test_a_release_without_parquet_exports_the_same_bytes_from_its_json(
    release: Path, tmp_path: Path
) -> None:
    original = tree(release)
    shutil.rmtree(release / "parquet")
    again = export_release(load(release), tmp_path / "again").directory
    assert tree(again) == original


def test_a_loaded_release_equals_the_dataset_it_was_exported_from(dataset: Dataset, release: Path) -> None:
    assert load(release) == dataset


def test_the_records_of_a_release_are_built_on_first_use_and_once(
    release: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from afghan_dialogues import unflatten

    built: list[str] = []
    real = unflatten.typed_records

    def counting(tables: object, name: str, origin: str) -> object:
        built.append(name)
        return real(tables, name, origin)  # type: ignore[arg-type]

    monkeypatch.setattr(unflatten, "typed_records", counting)
    data = load(release)
    data.to_arrow("claims")
    assert built == []
    assert data.claims == data.claims
    assert built == ["claims"]


def test_to_arrow_of_a_loaded_release_is_the_table_as_read(release: Path) -> None:
    import pyarrow.parquet as pq

    from afghan_dialogues.datamodel.arrow import arrow_schema
    from afghan_dialogues.datamodel.tables import TABLE_BY_NAME

    table = load(release).to_arrow("claims")
    assert table.equals(pq.read_table(release / "parquet" / "claims.parquet"))
    assert table.schema.equals(arrow_schema(TABLE_BY_NAME["claims"]), check_metadata=True)


def test_to_arrow_of_a_dataset_from_records_is_built_once(dataset: Dataset) -> None:
    assert dataset.to_arrow("claims") is dataset.to_arrow("claims")


def resum(release: Path) -> None:
    """Rewrite SHA256SUMS for the files as they are now: a release another tool or version
    wrote, whose checksums hold, so that what load() checks beyond them is what is tested."""
    lines = []
    for line in (release / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        rel = line.split("  ", 1)[1]
        if (release / rel).is_file():
            lines.append(f"{hashlib.sha256((release / rel).read_bytes()).hexdigest()}  {rel}\n")
    (release / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")


def rewrite_claims(release: Path, change: object) -> None:
    import pyarrow.parquet as pq

    path = release / "parquet" / "claims.parquet"
    pq.write_table(change(pq.read_table(path)), path)  # type: ignore[operator]
    resum(release)


def test_a_value_the_models_reject_is_reported_when_the_records_are_built(release: Path) -> None:
    import pyarrow as pa

    def shout(table: pa.Table) -> pa.Table:
        index = table.schema.get_field_index("quote_kind")
        kinds = pa.array(["shouting"] * table.num_rows, pa.string())
        return table.set_column(index, table.schema.field(index), kinds)

    rewrite_claims(release, shout)
    data = load(release)
    assert data.to_arrow("claims").column("quote_kind").to_pylist() == ["shouting", "shouting"]
    with pytest.raises(LoadError, match=r"(?s)claims row 1 \(clm-example-001\).*quote_kind"):
        _ = data.claims


def test_rows_out_of_key_order_are_read_back_in_key_order(dataset: Dataset, release: Path) -> None:
    import pyarrow as pa

    def reverse(table: pa.Table) -> pa.Table:
        return table.take(pa.array(range(table.num_rows - 1, -1, -1)))

    rewrite_claims(release, reverse)
    data = load(release)
    assert data.to_arrow("claims").column("id").to_pylist() == ["clm-example-001", "clm-example-002"]
    assert data.claims == dataset.claims


def test_a_column_of_another_type_says_which_and_what_it_holds(release: Path) -> None:
    import pyarrow as pa

    def topics_as_text(table: pa.Table) -> pa.Table:
        index = table.schema.get_field_index("topics")
        return table.set_column(index, "topics", pa.array(["negotiations"] * table.num_rows))

    rewrite_claims(release, topics_as_text)
    with pytest.raises(LoadError, match="column 'topics' holds string"):
        load(release)


def test_an_empty_cell_in_a_column_that_always_has_a_value_is_refused(release: Path) -> None:
    import pyarrow as pa

    def no_quotes(table: pa.Table) -> pa.Table:
        index = table.schema.get_field_index("quote")
        return table.set_column(index, "quote", pa.array([None] * table.num_rows, pa.string()))

    rewrite_claims(release, no_quotes)
    with pytest.raises(LoadError, match="column 'quote' is empty in 2 row"):
        load(release)


def test_a_loaded_release_cannot_be_changed(release: Path) -> None:
    import dataclasses

    data = load(release)
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.info = data.info  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.claims = ()  # type: ignore[misc]


def test_every_table_of_a_dataset_is_in_primary_key_order(tmp_path: Path) -> None:
    from afghan_dialogues.datamodel.tables import TABLE_BY_NAME
    from afghan_dialogues.dataset import RECORD_TABLES
    from afghan_dialogues.synth import synthesize

    synthesize(tmp_path / "records", 200, seed=11)
    data = load(tmp_path / "records")
    for name in RECORD_TABLES:
        records = data.records(name)
        key = TABLE_BY_NAME[name].primary_key
        as_sorted = sorted(records, key=lambda r: tuple(str(getattr(r, k)) for k in key))
        assert list(records) == as_sorted, name
        assert len(records) > 0 or name == "tombstones", name


# What load() checks: a release's checksums, a records folder's models; the rest with validate=True.


def test_a_release_file_changed_after_export_is_refused_by_its_checksum(release: Path) -> None:
    path = release / "json" / "claims.json"
    shutil.rmtree(release / "parquet")  # so that the JSON file is the one read
    path.write_text(path.read_text(encoding="utf-8").replace("first step", "last step"), encoding="utf-8")
    with pytest.raises(LoadError, match=r"json/claims\.json differs from SHA256SUMS") as caught:
        load(release)
    assert caught.value.findings == ()


def test_a_file_read_but_not_listed_in_the_checksums_is_refused(release: Path) -> None:
    sums = release / "SHA256SUMS"
    kept = [line for line in sums.read_text(encoding="utf-8").splitlines() if "parquet/actors" not in line]
    sums.write_text("\n".join(kept) + "\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"SHA256SUMS does not list parquet/actors\.parquet"):
        load(release)


def test_a_malformed_checksum_line_is_refused_with_its_line(release: Path) -> None:
    (release / "SHA256SUMS").write_text("not a checksum\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"SHA256SUMS:1: not a '<sha256>  <file>' line"):
        load(release)


def test_a_release_with_checksums_is_trusted_without_running_validate(
    release: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_validation(*args: object, **kwargs: object) -> None:
        raise AssertionError("validate ran")

    monkeypatch.setattr("afghan_dialogues.validate.runner.validate_package", no_validation)
    assert len(load(release).claims) == 2


def dangling_speaker(release: Path) -> None:
    """A claim whose speaker is no actor: cells the models accept, a reference validate rejects."""
    import pyarrow as pa

    def nobody(table: pa.Table) -> pa.Table:
        index = table.schema.get_field_index("speaker_id")
        return table.set_column(index, table.schema.field(index), pa.array(["act-nobody"] * table.num_rows))

    rewrite_claims(release, nobody)


def test_a_trusted_release_is_not_validated_but_validate_true_checks_it_in_full(release: Path) -> None:
    dangling_speaker(release)
    assert {c.speaker_id for c in load(release).claims} == {"act-nobody"}
    with pytest.raises(LoadError, match="the release has") as caught:
        load(release, validate=True)
    # Only the Parquet file was rewritten: the full check also finds the other formats disagreeing
    # and the data package's hash of the file out of date.
    assert {f.code for f in caught.value.findings} == {
        "ref/dangling",
        "release/formats-disagree",
        "release/checksum-mismatch",
    }


def test_a_package_without_checksums_is_validated_in_full(release: Path) -> None:
    dangling_speaker(release)
    (release / "SHA256SUMS").unlink()
    with pytest.raises(LoadError) as caught:
        load(release)
    assert {f.code for f in caught.value.findings} == {"ref/dangling"}


def test_validate_true_still_verifies_the_checksums(release: Path) -> None:
    path = release / "parquet" / "claims.parquet"
    path.write_bytes(path.read_bytes() + b"\0")
    with pytest.raises(LoadError, match="differs from SHA256SUMS"):
        load(release, validate=True)


def test_a_records_folder_is_loaded_after_the_model_layer_only(
    records: Path, edit: Edit, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit("participants.yaml", "actor_id: act-ahmad-massoud", "actor_id: act-nobody")
    data = load(records)
    assert [p.actor_id for p in data.participants] == ["act-nobody"]
    with pytest.raises(LoadError) as caught:
        load(records, validate=True)
    assert "ref/dangling" in {f.code for f in caught.value.findings}


def test_loading_records_runs_no_cross_record_rule(records: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_rules(*args: object) -> None:
        raise AssertionError("the rules ran")

    monkeypatch.setattr("afghan_dialogues.validate.runner.run_rules", no_rules)
    assert len(load(records).claims) == 2


def test_records_without_their_text_snapshots_load_as_in_an_installed_wheel(records: Path) -> None:
    shutil.rmtree(records / "texts")
    assert len(load(records).claims) == 2
    assert len(load(records, validate=True).claims) == 2  # one warning: the evidence went unchecked


# A damaged descriptor is a LoadError for load() and diff (issue 15).


def rewrite_descriptor(release: Path, text: str) -> None:
    (release / "datapackage.json").write_text(text, encoding="utf-8")
    resum(release)


def test_a_descriptor_nested_too_deeply_is_a_load_error(release: Path) -> None:
    rewrite_descriptor(release, "[" * 200_000)
    with pytest.raises(LoadError, match=r"datapackage\.json: cannot read: JSON nested too deeply"):
        load(release)


def test_a_descriptor_with_an_integer_too_long_to_convert_is_a_load_error(release: Path) -> None:
    rewrite_descriptor(release, '{"version": ' + "9" * 5000 + "}")
    with pytest.raises(LoadError, match=r"datapackage\.json: cannot read: Exceeds the limit"):
        load(release)


@pytest.mark.parametrize("created", ['"garbage"', "20261101", '"2026-13-45"', "[]"])
def test_a_created_date_that_is_no_date_is_a_load_error(release: Path, created: str) -> None:
    descriptor = (release / "datapackage.json").read_text(encoding="utf-8")
    rewrite_descriptor(release, descriptor.replace("{", '{"created": ' + created + ",", 1))
    with pytest.raises(LoadError, match=r"'created' is .*, not an ISO 8601 date"):
        load(release)


def test_a_created_date_time_gives_the_release_day(release: Path) -> None:
    descriptor = (release / "datapackage.json").read_text(encoding="utf-8")
    rewrite_descriptor(release, descriptor.replace("{", '{"created": "2026-11-01T10:00:00Z",', 1))
    released = load(release).info.released
    assert released is not None and released.isoformat() == "2026-11-01"


@pytest.mark.parametrize("text", ["[" * 200_000, '{"created": "garbage", "name": "x"}'])
def test_diff_reports_a_damaged_descriptor_in_one_line_and_exits_two(release: Path, text: str) -> None:
    from click.testing import CliRunner

    from afghan_dialogues.cli import main

    rewrite_descriptor(release, text)
    result = CliRunner().invoke(main, ["diff", str(release), str(release)])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)  # an exit with a message, not a crash
    assert "datapackage.json" in result.output and "Traceback" not in result.output


def test_a_synthetic_package_carries_checksums_and_is_trusted_as_a_release(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from afghan_dialogues.synth import synthesize

    synthesize(tmp_path / "package", 60, seed=3, fmt="package")
    listed = {
        line.split("  ", 1)[1] for line in (tmp_path / "package" / "SHA256SUMS").read_text().splitlines()
    }
    assert listed == {
        p.relative_to(tmp_path / "package").as_posix()
        for p in (tmp_path / "package").rglob("*")
        if p.is_file()
    } - {"SHA256SUMS"}

    def no_validation(*args: object, **kwargs: object) -> None:
        raise AssertionError("validate ran")

    monkeypatch.setattr("afghan_dialogues.validate.runner.validate_package", no_validation)
    assert len(load(tmp_path / "package").claims) == 60


def test_loading_a_release_imports_no_yaml_reader(release: Path) -> None:
    script = (
        "import sys\n"
        "import afghan_dialogues\n"
        f"data = afghan_dialogues.load({str(release)!r})\n"
        "assert data.claims and data.actors\n"
        "readers = ('yaml', 'ruamel', 'afghan_dialogues.recordfiles')\n"
        "print(sorted(m for m in sys.modules if m.startswith(readers)))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"
