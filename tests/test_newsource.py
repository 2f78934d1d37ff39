"""`new-source TEXT_FILE`: stores the snapshot, records its sha256, proposes an id and writes a
source file whose every field to decide is present and empty, refusing to overwrite anything."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

import afghan_dialogues
from afghan_dialogues.cli import main
from afghan_dialogues.newsource import inside_installed_package

ARTICLE = """\
Taliban and opposition leaders meet in Tehran

Tehran, 9 January 2022 - Taliban officials met Ahmad Masoud and Ali Example on Sunday.
Ali Example said the talks "changed nothing at all" for the front.
"""


def article(tmp_path: Path, text: str = ARTICLE, name: str = "article.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def source_data(records: Path, source_id: str) -> dict[str, object]:
    data = yaml.safe_load((records / "sources" / f"{source_id}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def files(records: Path) -> set[str]:
    return {str(p.relative_to(records)) for p in records.rglob("*") if p.is_file()}


def test_the_snapshot_is_stored_byte_for_byte_and_its_sha256_recorded(records: Path, tmp_path: Path) -> None:
    text = article(tmp_path)
    result = run("new-source", str(text), "--records", str(records), "--url", "https://example.org/a")
    assert result.exit_code == 0, result.output
    source_id = "src-taliban-opposition-leaders-meet-tehran"
    snapshot = records / "texts" / f"{source_id}.txt"
    assert snapshot.read_bytes() == text.read_bytes()
    data = source_data(records, source_id)["source"]
    assert isinstance(data, dict)
    assert data["id"] == source_id
    assert data["text_sha256"] == hashlib.sha256(text.read_bytes()).hexdigest()
    assert data["title"] == "Taliban and opposition leaders meet in Tehran"
    assert data["url"] == "https://example.org/a"
    assert "archived_as" not in data


def test_every_field_to_decide_is_an_empty_value_of_its_type(records: Path, tmp_path: Path) -> None:
    assert run("new-source", str(article(tmp_path)), "--records", str(records)).exit_code == 0
    data = source_data(records, "src-taliban-opposition-leaders-meet-tehran")
    source = data["source"]
    assert isinstance(source, dict)
    published = source["published"]
    assert (source["kind"], source["snapshot_note"]) == ("", "")
    assert published == {
        "as_written": "",
        "calendar": "",
        "start": None,
        "end": None,
        "precision": "",
        "certainty": "",
        "note": None,
    }
    assert source["author_ids"] == [] and data["claims"] == []


def test_the_new_file_fails_validation_until_filled_in_and_passes_after(
    records: Path, tmp_path: Path
) -> None:
    assert run("new-source", str(article(tmp_path)), "--records", str(records)).exit_code == 0
    path = records / "sources" / "src-taliban-opposition-leaders-meet-tehran.yaml"
    assert run("validate", str(records)).exit_code == 1
    filled = (
        path.read_text(encoding="utf-8")
        .replace("kind: ''", "kind: news_report")
        .replace("as_written: ''", "as_written: 9 January 2022")
        .replace("calendar: ''", "calendar: gregorian")
        .replace("start:", "start: 2022-01-09", 1)
        .replace("end:", "end: 2022-01-09", 1)
        .replace("precision: ''", "precision: day")
        .replace("certainty: ''", "certainty: stated")
        .replace("snapshot_note: ''", "snapshot_note: Nothing removed.")
    )
    path.write_text(filled, encoding="utf-8")
    result = run("validate", str(records), "--format", "json")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    "title", ["Taliban meet opposition", 'Vienna: the "third" meeting #3', "Talks: what's next, and why:"]
)
def test_the_new_file_is_already_in_canonical_form(records: Path, tmp_path: Path, title: str) -> None:
    assert run("fmt", str(records)).exit_code == 0
    text = article(tmp_path, f"{title}\n\nBody text of the article.\n")
    result = run("new-source", str(text), "--records", str(records), "--url", "https://example.org/a?b=1#c")
    assert result.exit_code == 0, result.output
    check = run("fmt", str(records), "--check")
    assert check.exit_code == 0, check.output


def test_a_title_with_yaml_syntax_is_kept_exactly(records: Path, tmp_path: Path) -> None:
    title = 'Vienna: the "third" meeting #3 - yes'
    result = run("new-source", str(article(tmp_path)), "--records", str(records), "--title", title)
    assert result.exit_code == 0, result.output
    source = source_data(records, "src-vienna-third-meeting-3-yes")["source"]
    assert isinstance(source, dict) and source["title"] == title


def test_a_proposed_id_taken_by_a_source_or_a_tombstone_gets_a_number(records: Path, tmp_path: Path) -> None:
    text = article(tmp_path, "Ahmad Masoud\n\nBody.\n")
    assert run("new-source", str(text), "--records", str(records)).exit_code == 0
    assert run("new-source", str(text), "--records", str(records)).exit_code == 0
    assert {"sources/src-ahmad-masoud.yaml", "sources/src-ahmad-masoud-2.yaml"} <= files(records)
    (records / "tombstones.yaml").write_text(
        (records / "tombstones.yaml").read_text(encoding="utf-8")
        + "  - id: src-old-report\n    reason: withdrawn\n    note: A duplicate.\n",
        encoding="utf-8",
    )
    result = run("new-source", str(article(tmp_path, "Old report\n")), "--records", str(records))
    assert result.exit_code == 0, result.output
    assert "sources/src-old-report-2.yaml" in files(records)


def test_claim_ids_are_proposed_with_a_prefix_no_other_source_uses(records: Path, tmp_path: Path) -> None:
    result = run("new-source", str(article(tmp_path, "Example\n\nBody.\n")), "--records", str(records))
    assert result.exit_code == 0, result.output
    written = (records / "sources" / "src-example.yaml").read_text(encoding="utf-8")
    assert "clm-example-2-001" in written and "clm-example-2-001" in result.output  # clm-example-* is taken


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--id", "src-example-report"),
        ("--id", "src-Bad_Id"),
        ("--id", "act-not-a-source"),
        ("--url", "example.org"),
    ],
)
def test_a_bad_or_used_id_or_address_writes_nothing_and_exits_two(
    records: Path, tmp_path: Path, option: str, value: str
) -> None:
    before = files(records)
    result = run("new-source", str(article(tmp_path)), "--records", str(records), option, value)
    assert result.exit_code == 2
    assert files(records) == before


def test_an_existing_snapshot_is_never_overwritten(records: Path, tmp_path: Path) -> None:
    orphan = records / "texts" / "src-saved-earlier.txt"
    orphan.write_text("Saved earlier.\n", encoding="utf-8")
    result = run("new-source", str(article(tmp_path)), "--records", str(records), "--id", "src-saved-earlier")
    assert result.exit_code == 2
    assert orphan.read_text(encoding="utf-8") == "Saved earlier.\n"
    assert not (records / "sources" / "src-saved-earlier.yaml").exists()


def test_a_text_that_is_not_utf8_writes_nothing_and_exits_two(records: Path, tmp_path: Path) -> None:
    text = tmp_path / "latin1.txt"
    text.write_bytes("Réunion à Téhéran\n".encode("latin-1"))
    before = files(records)
    result = run("new-source", str(text), "--records", str(records))
    assert result.exit_code == 2 and "UTF-8" in result.output
    assert files(records) == before


def test_an_empty_text_writes_nothing_and_exits_two(records: Path, tmp_path: Path) -> None:
    before = files(records)
    assert run("new-source", str(article(tmp_path, "\n\n")), "--records", str(records)).exit_code == 2
    assert files(records) == before


def test_no_temporary_file_is_left_behind(records: Path, tmp_path: Path) -> None:
    assert run("new-source", str(article(tmp_path)), "--records", str(records)).exit_code == 0
    assert not [name for name in files(records) if "/." in name or name.endswith(".tmp")]


def test_a_publisher_name_resolves_to_the_actor_known_by_it(records: Path, tmp_path: Path) -> None:
    result = run(
        "new-source", str(article(tmp_path)), "--records", str(records), "--publisher", "example outlet"
    )
    assert result.exit_code == 0, result.output
    source = source_data(records, "src-taliban-opposition-leaders-meet-tehran")["source"]
    assert isinstance(source, dict) and source["publisher_id"] == "act-example-outlet"


def test_a_publisher_no_actor_has_gets_an_id_to_add_and_a_step_saying_so(
    records: Path, tmp_path: Path
) -> None:
    result = run("new-source", str(article(tmp_path)), "--records", str(records), "--publisher", "Tolo News")
    assert result.exit_code == 0, result.output
    source = source_data(records, "src-taliban-opposition-leaders-meet-tehran")["source"]
    assert isinstance(source, dict) and source["publisher_id"] == "act-tolo-news"
    assert "act-tolo-news" in result.output and "actors.yaml" in result.output


def test_an_unknown_publisher_actor_id_writes_nothing_and_exits_two(records: Path, tmp_path: Path) -> None:
    before = files(records)
    result = run("new-source", str(article(tmp_path)), "--records", str(records), "--publisher", "act-nobody")
    assert result.exit_code == 2
    assert files(records) == before


def test_retrieved_and_archived_as_are_recorded_when_given(records: Path, tmp_path: Path) -> None:
    result = run(
        "new-source",
        str(article(tmp_path)),
        "--records",
        str(records),
        "--retrieved",
        "2022-01-12",
        "--archived-as",
        "005_0123456789abcdef.txt",
    )
    assert result.exit_code == 0, result.output
    loaded = run("validate", str(records), "--format", "json")
    source = source_data(records, "src-taliban-opposition-leaders-meet-tehran")["source"]
    assert isinstance(source, dict)
    assert (str(source["retrieved"]), source["archived_as"]) == ("2022-01-12", "005_0123456789abcdef.txt")
    codes = {f["code"] for f in json.loads(loaded.output)["findings"]}
    assert "model/type" not in codes  # the date and the name have their types


def test_the_records_inside_an_installed_package_are_not_a_place_to_add_sources(records: Path) -> None:
    package = Path(afghan_dialogues.__file__).resolve().parent
    assert inside_installed_package(package / "_data" / "records")
    assert not inside_installed_package(records)


def test_a_byte_order_mark_is_not_part_of_the_title(records: Path, tmp_path: Path) -> None:
    text = tmp_path / "bom.txt"
    text.write_bytes("\ufeffTalks in Doha\n\nBody.\n".encode())
    assert run("new-source", str(text), "--records", str(records)).exit_code == 0
    source = source_data(records, "src-talks-doha")["source"]
    assert isinstance(source, dict) and source["title"] == "Talks in Doha"
    assert (records / "texts" / "src-talks-doha.txt").read_bytes() == text.read_bytes()
