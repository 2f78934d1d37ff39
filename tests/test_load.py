"""`afghan_dialogues.load()`: the same typed records from records folders and release directories."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import afghan_dialogues
from afghan_dialogues.datamodel.models import Actor, Claim, Meeting, Name, Source
from afghan_dialogues.dataset import Dataset
from afghan_dialogues.exports.writer import export_release
from afghan_dialogues.loading import LoadError, load
from afghan_dialogues.paths import records_dir
from afghan_dialogues.validate.runner import validate_records
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


def from_loaded(records: Path) -> Dataset:
    report = validate_records(records)
    assert report.loaded is not None and not report.failed(), report.findings
    return Dataset.from_loaded(report.loaded)


@pytest.fixture
def dataset(records: Path) -> Dataset:
    return from_loaded(records)


@pytest.fixture
def release(dataset: Dataset, tmp_path: Path) -> Path:
    return export_release(dataset, tmp_path / "release").directory


@pytest.mark.parametrize("table", RECORD_TABLES)
def test_release_read_back_gives_the_records_it_was_exported_from(
    dataset: Dataset, release: Path, table: str
) -> None:
    assert load(release).records(table) == dataset.records(table)


def test_release_read_back_keeps_the_package_metadata(dataset: Dataset, release: Path) -> None:
    assert load(release).info == dataset.info


def test_release_date_survives_the_round_trip(records: Path, edit: Edit, tmp_path: Path) -> None:
    edit("dataset.yaml", "released:", "released: 2026-11-01")
    dataset = from_loaded(records)
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
    dataset = from_loaded(records)
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


def test_a_release_read_back_exports_the_same_bytes_without_building_records(
    release: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("afghan_dialogues.unflatten.typed_records", never_built)
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


def rewrite_claims(release: Path, change: object) -> None:
    import pyarrow.parquet as pq

    path = release / "parquet" / "claims.parquet"
    pq.write_table(change(pq.read_table(path)), path)  # type: ignore[operator]


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
