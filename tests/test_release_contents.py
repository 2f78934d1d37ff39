"""What a release holds beyond the tables, opened the way each consumer would: JSON rows against
their schemas (jsonschema), the database (sqlite3), the workbook (openpyxl), the dataset card,
the codebook, the documents, and `validate` of the folder as downloaded."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import openpyxl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from afghan_dialogues.datamodel.enums import vocabularies
from afghan_dialogues.datamodel.tables import TABLES, Table
from afghan_dialogues.exports import workbook
from afghan_dialogues.exports.datacard import README_CARD, readme_card
from afghan_dialogues.exports.writer import export_release
from afghan_dialogues.loading import load
from afghan_dialogues.paths import records_dir
from afghan_dialogues.validate import release_folder
from afghan_dialogues.validate.runner import validate_package
from conftest import TODAY, dataset_of
from helpers import Edit

REPO = Path(__file__).resolve().parent.parent
FIXTURE_ZIP = "example-dialogues-0.1.0.zip"


@pytest.fixture
def release(exported_release_with_documents: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(exported_release_with_documents, tmp_path / "release"))


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled records exported once, with their documents, as `export` writes them."""
    out = tmp_path_factory.mktemp("bundled") / "release"
    return export_release(load(records_dir()), out, records=records_dir()).directory


def parquet_rows(release: Path, table: Table) -> list[dict[str, Any]]:
    return pq.read_table(release / "parquet" / f"{table.name}.parquet").to_pylist()  # type: ignore[no-any-return]


def codes(release: Path) -> list[str]:
    return [f.code for f in validate_package(release, today=TODAY).findings]


# JSON rows and their schemas


@pytest.mark.parametrize("which", ["fixture", "bundled"])
def test_every_json_row_validates_against_its_row_schema(which: str, release: Path, bundled: Path) -> None:
    root = release if which == "fixture" else bundled
    checked = 0
    for table in TABLES:
        schema = json.loads(
            (root / "schema" / "rows" / f"{table.name}.schema.json").read_text(encoding="utf-8")
        )
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
        for row in json.loads((root / "json" / f"{table.name}.json").read_text(encoding="utf-8")):
            errors = list(validator.iter_errors(row))
            assert not errors, (table.name, errors[0].message)
            checked += 1
    assert checked > 0


def test_a_row_schema_rejects_a_nested_date_an_unknown_column_and_a_value_outside_its_vocabulary(
    release: Path,
) -> None:
    schema = json.loads((release / "schema" / "rows" / "claims.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    row = json.loads((release / "json" / "claims.json").read_text(encoding="utf-8"))[0]
    assert validator.is_valid(row)
    nested = {k: v for k, v in row.items() if not k.startswith("stated_")} | {
        "stated": {"start": "2022-10-12"}
    }
    assert not validator.is_valid(nested)
    assert not validator.is_valid(row | {"quote_kind": "rumour"})
    assert not validator.is_valid(row | {"topics": ["weather"]})
    assert not validator.is_valid(row | {"stated_start": "2022-02-30"})


# The database


def test_the_database_holds_every_table_with_the_parquet_row_counts_keys_and_link_tables(
    release: Path,
) -> None:
    db = sqlite3.connect(release / "example-dialogues.sqlite")
    db.execute("PRAGMA foreign_keys = ON")
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    for table in TABLES:
        rows = parquet_rows(release, table)
        assert db.execute(f'SELECT count(*) FROM "{table.name}"').fetchone() == (len(rows),)
        declared = sorted(
            (pk, name) for _, name, _, _, _, pk in db.execute(f'PRAGMA table_info("{table.name}")') if pk
        )
        assert [name for _, name in declared] == list(table.primary_key)
        keys = {(fk[3], fk[2]) for fk in db.execute(f'PRAGMA foreign_key_list("{table.name}")')}
        assert keys == {(fk.column, fk.table) for fk in table.foreign_keys}
        for link in table.links:
            items = sum(len(row[link.column.name]) for row in rows)
            assert db.execute(f'SELECT count(*) FROM "{link.name}"').fetchone() == (items,), link.name


def test_the_link_tables_are_the_list_columns_named_for_what_they_join() -> None:
    names = {link.name: (link.parent_columns, link.item_column) for t in TABLES for link in t.links}
    assert names == {
        "source_authors": (("source_id",), "author_id"),
        "actor_distinct_from": (("actor_id",), "distinct_from"),
        "actor_name_sources": (("actor_id", "spelling"), "source_id"),
        "affiliation_sources": (("actor_id", "organization_id", "role"), "source_id"),
        "meeting_sources": (("meeting_id",), "source_id"),
        "meeting_distinct_from": (("meeting_id",), "distinct_from"),
        "participant_sources": (("meeting_id", "actor_id", "role"), "source_id"),
        "claim_via": (("claim_id",), "via_id"),
        "claim_meetings": (("claim_id",), "meeting_id"),
        "claim_about": (("claim_id",), "about_id"),
        "claim_topics": (("claim_id",), "topic"),
    }


def test_a_link_table_keeps_the_order_of_its_list_and_joins_to_its_target(bundled: Path) -> None:
    db = sqlite3.connect(bundled / "afghan-dialogues.sqlite")
    claims = {c["id"]: c for c in parquet_rows(bundled, next(t for t in TABLES if t.name == "claims"))}
    via = [c for c in claims.values() if len(c["via_ids"]) >= 1]
    assert via, "the bundled records have intermediaries"
    for claim in via:
        stored = db.execute(
            'SELECT a."id" FROM "claim_via" v JOIN "actors" a ON a."id" = v."via_id" '
            'WHERE v."claim_id" = ? ORDER BY v."position"',
            (claim["id"],),
        ).fetchall()
        assert [r[0] for r in stored] == claim["via_ids"]


def test_the_views_name_speakers_sources_and_participants(bundled: Path) -> None:
    db = sqlite3.connect(bundled / "afghan-dialogues.sqlite")
    actors = {
        a["id"]: a["name"] for a in parquet_rows(bundled, next(t for t in TABLES if t.name == "actors"))
    }
    claims = parquet_rows(bundled, next(t for t in TABLES if t.name == "claims"))
    rows = db.execute(
        "SELECT claim_id, speaker_name, via_names, source_title FROM claims_with_names"
    ).fetchall()
    assert len(rows) == len(claims)
    by_id = {r[0]: r for r in rows}
    for claim in claims:
        _, speaker, via, title = by_id[claim["id"]]
        assert speaker == (actors[claim["speaker_id"]] if claim["speaker_id"] else None)
        assert via == ("; ".join(actors[v] for v in claim["via_ids"]) if claim["via_ids"] else None)
        assert title
    participants = parquet_rows(bundled, next(t for t in TABLES if t.name == "participants"))
    meetings = parquet_rows(bundled, next(t for t in TABLES if t.name == "meetings"))
    alone = {m["id"] for m in meetings} - {p["meeting_id"] for p in participants}
    rows = db.execute("SELECT meeting_id, actor_name, role FROM meeting_participants").fetchall()
    assert len(rows) == len(participants) + len(alone)
    assert {(r[0], r[2]) for r in rows if r[1]} == {(p["meeting_id"], p["role"]) for p in participants}


def test_the_database_says_which_version_it_is(release: Path) -> None:
    db = sqlite3.connect(release / "example-dialogues.sqlite")
    info = dict(db.execute("SELECT key, value FROM dataset_info").fetchall())
    assert info["name"] == "example-dialogues" and info["version"] == "0.1.0"


# The workbook


def test_the_workbook_has_an_about_sheet_then_one_sheet_per_table_with_a_frozen_header(release: Path) -> None:
    book = openpyxl.load_workbook(release / "example-dialogues.xlsx")
    assert book.sheetnames == ["About", *(t.name for t in TABLES)]
    for table in TABLES:
        sheet = book[table.name]
        assert sheet.freeze_panes == "A2"
        assert [c.value for c in sheet[1]] == list(table.column_names)
        assert sheet.max_row - 1 == len(parquet_rows(release, table))
    about = [row[0] for row in book["About"].iter_rows(values_only=True) if row[0]]
    assert {"Tables", "Columns", "Coded values"} <= set(about)
    assert sum(1 for row in book["About"].iter_rows(values_only=True) if row[1] == "editorial") == 1


HIJRI_STATED = """\
    stated:
      as_written: 20 Mehr 1401
      calendar: solar_hijri
      original: 1401-07-20
      start: 2022-10-12
      end: 2022-10-12
      precision: day
      certainty: stated
      note: Solar Hijri, as the source writes it.
"""


def test_workbook_cells_are_typed_text_as_text_dates_as_dates_lists_joined(
    records: Path, edit: Edit, tmp_path: Path
) -> None:
    edit(
        "sources/src-example-report.yaml",
        "    stated:\n      as_written: 12 October 2022\n      start: 2022-10-12\n      end: 2022-10-12\n"
        "      precision: day\n      certainty: stated\n",
        HIJRI_STATED,
    )
    out = export_release(dataset_of(records), tmp_path / "release").directory
    book = openpyxl.load_workbook(out / "example-dialogues.xlsx")
    claims = book["claims"]
    header = [c.value for c in claims[1]]
    parquet = parquet_rows(out, next(t for t in TABLES if t.name == "claims"))
    hijri = [i for i, c in enumerate(parquet) if c["stated_original"]]
    assert [parquet[i]["stated_original"] for i in hijri] == ["1401-07-20"]
    for index in hijri:
        cell = claims.cell(index + 2, header.index("stated_original") + 1)
        assert cell.data_type == "s" and cell.value == parquet[index]["stated_original"]
        assert cell.number_format == "@"
        start = claims.cell(index + 2, header.index("stated_start") + 1)
        assert start.is_date and start.value.date() == parquet[index]["stated_start"]
    topics = header.index("topics") + 1
    for index, claim in enumerate(parquet):
        value = claims.cell(index + 2, topics).value
        assert value == ("; ".join(claim["topics"]) or None)


def test_a_table_longer_than_a_sheet_continues_on_numbered_sheets_and_still_agrees(
    records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workbook, "SHEET_ROWS", 1)
    out = export_release(dataset_of(records), tmp_path / "release").directory
    book = openpyxl.load_workbook(out / "example-dialogues.xlsx", read_only=True)
    assert "claims" in book.sheetnames and "claims (2)" in book.sheetnames
    assert "release/formats-disagree" not in codes(out)


def test_a_value_too_long_for_a_cell_stops_the_export_and_leaves_nothing(
    records: Path, edit: Edit, tmp_path: Path
) -> None:
    long = "word " * (workbook.MAX_CELL_TEXT // 5 + 1)
    edit(
        "sources/src-example-report.yaml",
        "      - meeting_outcome\n",
        f"      - meeting_outcome\n    note: {long}\n",
    )
    with pytest.raises(workbook.CellTooLongError, match="claims row 2, note"):
        export_release(dataset_of(records), tmp_path / "release")
    assert not (tmp_path / "release").exists()


# The dataset card, the codebook and the documents


def test_readme_dataset_card_matches_the_bundled_records() -> None:
    block = README_CARD.read((REPO / "README.md").read_text(encoding="utf-8"))
    assert block == readme_card(load(records_dir())), (
        f"the README's dataset card is stale: run `{README_CARD.command}`"
    )


def test_the_card_gives_the_fill_rate_of_every_column(release: Path) -> None:
    card = (release / "datacard.md").read_text(encoding="utf-8")
    for table in TABLES:
        rows = parquet_rows(release, table)
        for column in table.columns:
            filled = sum(1 for r in rows if r[column.name] not in (None, []))
            share = f"{filled / len(rows):.0%}" if rows else "—"
            assert f"| {table.name} | `{column.name}` | {filled} of {len(rows)} | {share} |" in card


def test_the_card_names_the_actors_most_spoken_about_who_never_speak(bundled: Path) -> None:
    claims = parquet_rows(bundled, next(t for t in TABLES if t.name == "claims"))
    actors = {
        a["id"]: a["name"] for a in parquet_rows(bundled, next(t for t in TABLES if t.name == "actors"))
    }
    voiced = {c["speaker_id"] for c in claims} | {v for c in claims for v in c["via_ids"]}
    about = Counter(a for c in claims for a in c["about_ids"] if a not in voiced)
    (top, count), *_ = sorted(about.items(), key=lambda item: (-item[1], item[0]))
    editorial = sum(1 for c in claims if c["quote_kind"] == "editorial")
    card = (bundled / "datacard.md").read_text(encoding="utf-8")
    assert f"{actors[top]} ({count})" in card
    assert f"{editorial} of {len(claims)}" in card


def test_every_coded_value_is_defined_and_the_codebook_gives_each_definition(release: Path) -> None:
    codebook = (release / "codebook.md").read_text(encoding="utf-8")
    descriptor = (release / "datapackage.json").read_text(encoding="utf-8")
    for vocabulary in vocabularies():
        for member in vocabulary:
            assert member.definition, f"{vocabulary.__name__}.{member.value} has no definition"
            assert f"| `{member.value}` | {' '.join(member.definition.split())} |" in codebook
            assert json.dumps(member.definition.rstrip("."), ensure_ascii=False)[1:-1] in descriptor


def test_the_codebook_draws_every_declared_reference(release: Path) -> None:
    codebook = (release / "codebook.md").read_text(encoding="utf-8")
    diagram = codebook.split("```mermaid\nerDiagram\n", 1)[1].split("```", 1)[0]
    for table in TABLES:
        assert f"    {table.name} {{" in diagram
        for fk in table.references:
            if fk.table is not None:
                assert f' {table.name} : "{fk.column}"' in diagram
                assert diagram.count(f"    {fk.table} ") >= 1


def test_the_codebook_ways_of_reading_the_csv_work(release: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import duckdb
    import pandas as pd

    monkeypatch.chdir(release)
    codebook = (release / "codebook.md").read_text(encoding="utf-8")
    assert 'pd.read_csv("csv/claims.csv", dtype=str, keep_default_na=False, na_values=[""])' in codebook
    claims = pd.read_csv("csv/claims.csv", dtype=str, keep_default_na=False, na_values=[""])
    assert claims["topics"].str.split(",").tolist() == [["negotiations"], ["meeting_outcome"]]
    query = "SELECT * FROM read_csv('csv/claims.csv', header = true, all_varchar = true)"
    assert query in codebook
    assert duckdb.sql(f"SELECT string_split(topics, ',') FROM ({query})").fetchall() == [
        (["negotiations"],),
        (["meeting_outcome"],),
    ]


def test_a_release_carries_the_documents_beside_the_records(bundled: Path) -> None:
    for name in ("LICENSE", "LICENSE-DATA", "CITATION.cff", "CHANGELOG.md"):
        assert (bundled / name).read_bytes() == (REPO / name).read_bytes()
    assert (bundled / "CURATION.md").read_bytes() == (REPO / "records" / "CURATION.md").read_bytes()
    assert "Not included" not in (bundled / "datacard.md").read_text(encoding="utf-8")


def test_a_release_of_records_without_documents_says_which_are_missing(records: Path, tmp_path: Path) -> None:
    written = export_release(dataset_of(records), tmp_path / "release", records=records)
    assert written.missing == ("LICENSE", "LICENSE-DATA", "CITATION.cff", "CHANGELOG.md", "CURATION.md")
    card = (written.directory / "datacard.md").read_text(encoding="utf-8")
    assert (
        "Not included, because the records folder it was exported from had none beside it: `LICENSE`" in card
    )


def test_the_site_is_in_the_release_and_links_to_its_files(release: Path) -> None:
    index = (release / "site" / "index.html").read_text(encoding="utf-8")
    for name in ("../datacard.md", "../codebook.md", f"../{FIXTURE_ZIP}", "../SHA256SUMS"):
        assert f'href="{name}"' in index


# validate of the release folder


@pytest.mark.parametrize("which", ["fixture", "bundled"])
def test_a_release_as_exported_validates_clean(which: str, release: Path, bundled: Path) -> None:
    assert codes(release if which == "fixture" else bundled) == []


def test_a_corrupted_csv_fails_its_checksum_and_disagrees_with_the_parquet(release: Path) -> None:
    path = release / "csv" / "claims.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("a first step", "a last step"), encoding="utf-8")
    found = validate_package(release, today=TODAY).findings
    assert {(f.code, Path(str(f.file)).name) for f in found} >= {
        ("release/checksum-mismatch", "claims.csv"),
        ("release/formats-disagree", "claims.csv"),
        ("release/checksum-mismatch", "datapackage.json"),
    }
    (disagree,) = [f for f in found if f.code == "release/formats-disagree"]
    assert "clm-example-002" in disagree.message and "summary" not in disagree.message


def test_a_csv_quoted_differently_but_holding_the_same_values_agrees(release: Path) -> None:
    path = release / "csv" / "actors.csv"
    header, rest = path.read_bytes().split(b"\r\n", 1)
    quoted = b",".join(b'"' + name + b'"' for name in header.split(b","))
    path.write_bytes(quoted + b"\r\n" + rest)
    assert "release/formats-disagree" not in codes(release)


def test_a_parquet_column_of_another_type_is_compared_value_by_value(release: Path) -> None:
    """`"false"` as text in the boolean `online` column renders the CSV's very bytes, yet is not
    the value the CSV holds: every other format is compared with it row by row."""
    path = release / "parquet" / "meetings.parquet"
    table = pq.read_table(path)
    online = table.column_names.index("online")
    as_text = pc.cast(table.column("online"), pa.string())
    table = table.set_column(online, pa.field("online", pa.string()), as_text)
    pq.write_table(table, path)
    disagree = {
        Path(str(f.file)).name
        for f in validate_package(release, today=TODAY).findings
        if f.code == "release/formats-disagree"
    }
    assert {"meetings.csv", "meetings.json"} <= disagree


def test_files_written_as_the_export_writes_them_are_not_compared_row_by_row(
    release: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def row_by_row(*args: object) -> None:
        raise AssertionError("an unchanged CSV or JSON file was read row by row")

    monkeypatch.setattr(release_folder, "_csv", row_by_row)
    monkeypatch.setattr(release_folder, "_json", row_by_row)
    assert "release/formats-disagree" not in codes(release)


@pytest.mark.parametrize(
    ("statement", "table"),
    [
        ("DELETE FROM \"claim_topics\" WHERE claim_id = 'clm-example-001'", "claims"),
        ('UPDATE "meetings" SET online = 1', "meetings"),
        ("UPDATE \"actor_names\" SET form = 'short' WHERE spelling = 'Ahmad Masoud'", "actor_names"),
    ],
)
def test_a_database_changed_after_the_export_disagrees(release: Path, statement: str, table: str) -> None:
    db = sqlite3.connect(release / "example-dialogues.sqlite")
    db.execute(statement)
    db.commit()
    db.close()
    found = validate_package(release, today=TODAY).findings
    disagree = [f for f in found if f.code == "release/formats-disagree"]
    assert [f.message.split(":")[0] for f in disagree] == [f"table {table}"]


def test_a_workbook_changed_after_the_export_disagrees(release: Path) -> None:
    path = release / "example-dialogues.xlsx"
    book = openpyxl.load_workbook(path)
    book["meetings"]["G2"] = "2022-10-13"  # date_start, now text and another day
    book.save(path)
    disagree = [
        f for f in validate_package(release, today=TODAY).findings if f.code == "release/formats-disagree"
    ]
    assert len(disagree) == 1 and "date_start" in disagree[0].message


def test_a_missing_and_an_unlisted_file_are_findings(release: Path) -> None:
    (release / "codebook.md").unlink()
    (release / "notes.txt").write_text("mine", encoding="utf-8")
    found = {(f.code, Path(str(f.file)).name) for f in validate_package(release, today=TODAY).findings}
    assert ("release/file-missing", "codebook.md") in found
    assert ("release/file-unlisted", "notes.txt") in found


def test_the_zip_checksum_file_must_match_the_zip(release: Path) -> None:
    sums = release / f"{FIXTURE_ZIP}.sha256"
    sums.write_text("0" * 64 + f"  {FIXTURE_ZIP}\n", encoding="utf-8")
    assert codes(release) == ["release/checksum-mismatch"]


def test_a_zip_whose_entry_differs_from_the_folder_is_a_finding(release: Path, tmp_path: Path) -> None:
    import zipfile

    original = release / FIXTURE_ZIP
    rebuilt = tmp_path / "rebuilt.zip"
    with zipfile.ZipFile(original) as source, zipfile.ZipFile(rebuilt, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(
                info, data.replace(b"codebook", b"CODEBOOK") if info.filename.endswith(".md") else data
            )
    shutil.move(rebuilt, original)
    found = [
        f for f in validate_package(release, today=TODAY).findings if f.code == "release/checksum-mismatch"
    ]
    assert found and all(Path(str(f.file)).name in (FIXTURE_ZIP, f"{FIXTURE_ZIP}.sha256") for f in found)
    assert any("in the zip differs" in f.message for f in found)


def test_a_bare_package_gets_no_release_checks(release: Path) -> None:
    (release / "SHA256SUMS").unlink()
    (release / "notes.txt").write_text("mine", encoding="utf-8")
    assert codes(release) == []


# The datacard command


def test_datacard_write_readme_replaces_only_its_block_and_then_changes_nothing(records: Path) -> None:
    from click.testing import CliRunner

    from afghan_dialogues.cli import main

    readme = records.parent / "README.md"
    readme.write_text(
        "# Example\n\n<!-- datacard:start -->\nold\n<!-- datacard:end -->\n\nThe end.\n", "utf-8"
    )
    result = CliRunner().invoke(main, ["datacard", str(records), "--write-readme"])
    assert result.exit_code == 0, result.output
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("# Example\n\n<!-- datacard:start -->\n### What it covers\n")
    assert text.endswith("<!-- datacard:end -->\n\nThe end.\n") and "\nold\n" not in text
    again = CliRunner().invoke(main, ["datacard", str(records), "--write-readme"])
    assert again.exit_code == 0 and "up to date" in again.output
    assert readme.read_text(encoding="utf-8") == text


def test_datacard_without_markers_exits_two_and_leaves_the_readme(records: Path) -> None:
    from click.testing import CliRunner

    from afghan_dialogues.cli import main

    readme = records.parent / "README.md"
    readme.write_text("# Example\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["datacard", str(records), "--write-readme"]).exit_code == 2
    assert readme.read_text(encoding="utf-8") == "# Example\n"


def test_datacard_prints_the_card_a_release_carries(records: Path, release: Path) -> None:
    from click.testing import CliRunner

    from afghan_dialogues.cli import main

    result = CliRunner().invoke(main, ["datacard", str(records)])
    assert result.exit_code == 0, result.output
    assert result.output == (release / "datacard.md").read_text(encoding="utf-8")


def test_each_related_pair_of_claims_is_recorded_once_as_the_codebook_says() -> None:
    relations = load(records_dir()).claim_relations
    pairs = Counter(frozenset((r.claim_id, r.other_claim_id)) for r in relations)
    assert [sorted(pair) for pair, n in pairs.items() if n > 1] == []


def test_a_hidden_file_a_file_browser_leaves_is_not_a_finding(release: Path) -> None:
    (release / "site" / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    assert codes(release) == []
