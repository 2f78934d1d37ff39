"""A release opened the way its consumers open it, and the README's "Using a release" section run
as written.

The bundled records are exported once; the zip is "downloaded" into a folder of its own and
extracted there, and every block of the README's consumer section runs in the release folder as
the guide's first block leaves the reader: Python blocks with exec, SQL blocks with DuckDB, the
shell block with bash. Then pandas, polars and DuckDB read the tables, and their types, row
counts and a join of claims to speakers and sources are compared with what `load()` gives.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from afghan_dialogues.dataset import Dataset
from afghan_dialogues.exports.writer import export_release
from afghan_dialogues.loading import load
from afghan_dialogues.paths import records_dir
from conftest import dataset_of

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
LATER = {
    ".sqlite": "the SQLite database",
    ".xlsx": "the spreadsheet workbook",
    ".zip.sha256": "the checksum file beside the zip",
}
"""Release files the release-contents work of issue 16 adds; until the exporter writes them, the
blocks that use them are skipped, saying so."""


@dataclass(frozen=True)
class Block:
    heading: str
    language: str
    code: str


def consumer_blocks() -> list[Block]:
    """The fenced code blocks of the README's consumer section, each under its heading."""
    section = README.split("<!-- consumers:start -->", 1)[1].split("<!-- consumers:end -->", 1)[0]
    blocks = []
    for part in re.split(r"^### ", section, flags=re.MULTILINE)[1:]:
        heading = part.splitlines()[0].strip()
        for language, code in re.findall(r"^```(\w+)\n(.*?)^```$", part, flags=re.MULTILINE | re.DOTALL):
            blocks.append(Block(heading, language, code))
    return blocks


BLOCKS = consumer_blocks()
RUN = {"python", "sql", "sh"}
NOT_RUN = {"r": "no R in the test environment"}


@dataclass(frozen=True)
class Download:
    folder: Path
    """Where the zip (and its checksum file) were downloaded."""
    release: Path
    """The release folder extracted from the zip."""
    zip_name: str


@pytest.fixture(scope="module")
def data() -> Dataset:
    return dataset_of(records_dir())


@pytest.fixture(scope="module")
def download(data: Dataset, tmp_path_factory: pytest.TempPathFactory) -> Download:
    exported = export_release(data, tmp_path_factory.mktemp("export") / "release")
    folder = tmp_path_factory.mktemp("download")
    zip_name = exported.archive.name
    for name in (zip_name, f"{zip_name}.sha256"):
        if (exported.directory / name).is_file():
            shutil.copy2(exported.directory / name, folder / name)
    with zipfile.ZipFile(folder / zip_name) as handle:
        handle.extractall(folder)
    return Download(folder, folder / Path(zip_name).stem, zip_name)


def missing_later_files(code: str, where: Path) -> list[str]:
    """The files a block names that the release-contents work adds and this release lacks."""
    named = re.findall(r"[\w./-]+(?:\.zip\.sha256|\.sqlite|\.xlsx)\b", code)
    return [name for name in named if not (where / name).exists()]


def skip_reason(missing: list[str]) -> str:
    kinds = sorted({kind for suffix, kind in LATER.items() for name in missing if name.endswith(suffix)})
    return (
        f"the release has no {', '.join(missing)} yet ({'; '.join(kinds)}: written by the "
        "release-contents work of issue 16); this block runs once the exporter writes it"
    )


def test_the_consumer_section_has_a_block_for_each_way_in() -> None:
    headings = {b.heading for b in BLOCKS}
    for way in ("Download and verify", "pandas", "polars", "DuckDB", "SQLite", "Spreadsheets", "R"):
        assert way in headings, way
    assert any(h.startswith("Python") for h in headings)
    assert {b.language for b in BLOCKS} <= RUN | set(NOT_RUN), "a block in a language the test cannot run"


def test_the_guide_names_the_release_it_downloads(download: Download) -> None:
    assert download.zip_name in README, (
        f"the consumer section should show {download.zip_name}: update the version in README.md"
    )


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.language == "sh"], ids=lambda b: f"{b.heading}-sh")
def test_the_shell_block_verifies_and_unpacks_the_download(
    block: Block, download: Download, tmp_path: Path
) -> None:
    for tool in ("bash", "sha256sum", "unzip"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")
    missing = missing_later_files(block.code, download.folder)
    if missing:
        pytest.skip(skip_reason(missing))
    for path in download.folder.iterdir():
        if path.is_file():
            shutil.copy2(path, tmp_path / path.name)
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", block.code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    checked = [line for line in result.stdout.splitlines() if line.endswith((": OK", ": FAILED"))]
    assert checked and all(line.endswith(": OK") for line in checked), result.stdout
    assert any(line.startswith(download.zip_name) for line in checked)
    assert (tmp_path / Path(download.zip_name).stem / "datapackage.json").is_file()


RUNNABLE = [b for b in BLOCKS if b.language in ("python", "sql")]


@pytest.mark.parametrize("block", RUNNABLE, ids=lambda b: f"{b.heading}-{b.language}")
def test_each_block_runs_in_the_release_folder(
    block: Block, download: Download, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = missing_later_files(block.code, download.release)
    if missing:
        pytest.skip(skip_reason(missing))
    monkeypatch.chdir(download.release)
    printed = io.StringIO()
    if block.language == "sql":
        import duckdb

        rows = duckdb.sql(block.code).fetchall()
        assert rows, "the query gives no rows"
        return
    with contextlib.redirect_stdout(printed):
        exec(compile(block.code, f"README.md ({block.heading})", "exec"), {})
    assert printed.getvalue().strip(), "the block prints nothing"


def test_the_python_guide_names_ids_that_exist(data: Dataset) -> None:
    code = "\n".join(b.code for b in BLOCKS if b.language == "python")
    ids = re.findall(r'data\["([a-z]+-[a-z0-9-]+)"\]', code)
    assert ids and all(data.get(i) is not None for i in ids), ids


# The release opened by each consumer: types, row counts, a join claims -> actors -> sources.


def expected_rows(data: Dataset) -> dict[str, int]:
    rows = {name: len(data.records(name)) for name in ("sources", "actors", "meetings", "claims")}
    rows["actor_names"] = sum(len(actor.names) for actor in data.actors)
    rows["participants"] = len(data.participants)
    rows["claim_relations"] = len(data.claim_relations)
    return rows


def expected_quotes(data: Dataset) -> set[tuple[str, str, str]]:
    """(claim, speaker's name, source's title) for every claim with a speaker, from the records."""
    quotes = set()
    for claim in data.claims:
        speaker = data.speaker_of(claim)
        if speaker is not None:
            quotes.add((claim.id, speaker.name, data.source_of(claim).title))
    return quotes


def a_claim_with_topics_and_a_date(data: Dataset) -> tuple[str, list[str], dt.date]:
    claim = next(c for c in data.claims if c.topics and c.stated is not None and c.stated.start is not None)
    assert claim.stated is not None and claim.stated.start is not None
    return claim.id, [t.value for t in claim.topics], claim.stated.start


def test_pandas_reads_types_counts_and_joins(data: Dataset, download: Download) -> None:
    import pandas as pd

    parquet = download.release / "parquet"
    for table, count in expected_rows(data).items():
        assert len(pd.read_parquet(parquet / f"{table}.parquet")) == count, table
    claims = pd.read_parquet(parquet / "claims.parquet").set_index("id")
    cid, topics, stated = a_claim_with_topics_and_a_date(data)
    assert list(claims.loc[cid, "topics"]) == topics
    assert claims.loc[cid, "stated_start"] == stated and isinstance(claims.loc[cid, "stated_start"], dt.date)
    assert pd.read_parquet(parquet / "meetings.parquet")["online"].dtype == bool
    actors = pd.read_parquet(parquet / "actors.parquet")[["id", "name"]]
    sources = pd.read_parquet(parquet / "sources.parquet")[["id", "title"]]
    joined = (
        claims.reset_index()
        .merge(actors, left_on="speaker_id", right_on="id", suffixes=("", "_actor"))
        .merge(sources, left_on="source_id", right_on="id", suffixes=("", "_source"))
    )
    assert set(zip(joined["id"], joined["name"], joined["title"], strict=True)) == expected_quotes(data)


def test_pandas_reads_the_csv_as_the_guide_says_with_the_parquet_values(download: Download) -> None:
    import pandas as pd

    for table in ("claims", "meetings", "sources"):
        text = pd.read_csv(
            download.release / "csv" / f"{table}.csv", dtype=str, keep_default_na=False, na_values=[""]
        )
        typed = pd.read_parquet(download.release / "parquet" / f"{table}.parquet")
        assert list(text["id"]) == list(typed["id"])
        for column in [c for c in text.columns if c.endswith(("_original", "_as_written", "_note"))]:
            as_text = [None if pd.isna(v) else v for v in text[column]]
            assert as_text == [None if pd.isna(v) else v for v in typed[column]], column


def test_polars_reads_types_counts_and_joins(data: Dataset, download: Download) -> None:
    import polars as pl

    parquet = download.release / "parquet"
    for table, count in expected_rows(data).items():
        assert pl.read_parquet(parquet / f"{table}.parquet").height == count, table
    claims = pl.read_parquet(parquet / "claims.parquet")
    assert claims.schema["stated_start"] == pl.Date and claims.schema["topics"] == pl.List(pl.String)
    assert pl.read_parquet(parquet / "meetings.parquet").schema["online"] == pl.Boolean
    cid, topics, stated = a_claim_with_topics_and_a_date(data)
    row = claims.filter(pl.col("id") == cid).row(0, named=True)
    assert row["topics"] == topics and row["stated_start"] == stated
    speakers = pl.read_parquet(parquet / "actors.parquet").select(speaker_id="id", speaker="name")
    sources = pl.read_parquet(parquet / "sources.parquet").select(source_id="id", source="title")
    joined = claims.join(speakers, on="speaker_id").join(sources, on="source_id")
    assert set(joined.select("id", "speaker", "source").iter_rows()) == expected_quotes(data)
    text = pl.read_csv(download.release / "csv" / "claims.csv", infer_schema=False)
    assert text["id"].to_list() == claims["id"].to_list()


def test_duckdb_reads_types_counts_and_joins(
    data: Dataset, download: Download, monkeypatch: pytest.MonkeyPatch
) -> None:
    import duckdb

    monkeypatch.chdir(download.release)
    db = duckdb.connect()
    for table, count in expected_rows(data).items():
        assert db.sql(f"SELECT count(*) FROM 'parquet/{table}.parquet'").fetchall() == [(count,)], table
    columns = {row[0]: row[1] for row in db.sql("DESCRIBE SELECT * FROM 'parquet/claims.parquet'").fetchall()}
    assert columns["stated_start"] == "DATE" and columns["topics"] == "VARCHAR[]"
    assert db.sql("DESCRIBE SELECT online FROM 'parquet/meetings.parquet'").fetchall()[0][1] == "BOOLEAN"
    joined = db.sql(
        """
        SELECT c.id, a.name, s.title
        FROM 'parquet/claims.parquet' c
        JOIN 'parquet/actors.parquet' a ON a.id = c.speaker_id
        JOIN 'parquet/sources.parquet' s ON s.id = c.source_id
        """
    ).fetchall()
    assert set(joined) == expected_quotes(data)
    text = db.sql("SELECT id FROM read_csv('csv/claims.csv', all_varchar = true)").fetchall()
    assert [row[0] for row in text] == [c.id for c in data.claims]


def test_load_reads_the_download_as_zip_and_folder_alike(data: Dataset, download: Download) -> None:
    assert load(download.folder / download.zip_name) == data
    assert load(download.release) == data
