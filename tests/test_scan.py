"""`scan SOURCE_ID`: the known actors, unknown names and existing meetings a source's text
mentions, and the sentences no claim covers; on the bundled texts and on a source in progress."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from afghan_dialogues.cli import main
from afghan_dialogues.paths import records_dir

BUNDLED = sorted(p.stem for p in (records_dir() / "sources").glob("*.yaml"))


def scan(records: Path, source_id: str) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["scan", source_id, "--records", str(records), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert isinstance(data, dict)
    return data


def recorded_spellings(records: Path, source_id: str) -> set[tuple[str, str]]:
    """(actor id, spelling) that actors.yaml records for the source, read without the package."""
    actors = yaml.safe_load((records / "actors.yaml").read_text(encoding="utf-8"))["actors"]
    return {
        (actor["id"], name["spelling"])
        for actor in actors
        for name in actor.get("names") or []
        if source_id in (name.get("source_ids") or [])
    }


def mentions(data: dict[str, Any], status: str) -> set[tuple[str, str]]:
    return {(m["actor_id"], m["written"]) for m in data["actors"] if m["status"] == status}


def test_the_five_bundled_texts_are_scanned() -> None:
    assert len(BUNDLED) == 5


@pytest.mark.parametrize("source_id", BUNDLED)
def test_every_spelling_the_records_give_a_bundled_text_is_found_in_it(source_id: str) -> None:
    data = scan(records_dir(), source_id)
    expected = recorded_spellings(records_dir(), source_id)
    assert expected, source_id
    assert expected <= mentions(data, "recorded")
    assert data["recorded_not_found"] == []


@pytest.mark.parametrize("source_id", BUNDLED)
def test_spellings_a_bundled_text_contains_but_does_not_record_are_reported(
    source_id: str, tmp_path: Path
) -> None:
    records = tmp_path / "records"
    shutil.copytree(records_dir(), records)
    expected = recorded_spellings(records, source_id)
    actors = records / "actors.yaml"
    actors.write_text(
        actors.read_text(encoding="utf-8").replace(f"          - {source_id}\n", ""), encoding="utf-8"
    )
    assert not recorded_spellings(records, source_id)
    data = scan(records, source_id)
    assert expected <= mentions(data, "add-source")
    assert not mentions(data, "recorded")


def test_the_line_of_a_mention_is_its_line_in_the_file(records: Path) -> None:
    data = scan(records, "src-example-report")
    lines = {(m["actor_id"], m["written"]): m["lines"] for m in data["actors"]}
    assert lines[("act-ahmad-massoud", "Ahmad Masoud")] == [3]
    assert lines[("act-ali-example", "Ali Example")] == [4]


NEW_TEXT = """\
Opposition figures gather again in Vienna

However, ahmad masoud did not attend. Ali Example and Ali Exampel spoke for the Example Front.

Ayman al-Zawahiri was not mentioned; Hezb-e Wahdat sent a letter to the Example Outlet.
The front says the talks changed nothing.
"""

NEW_SOURCE = """\
source:
  id: src-new-report
  title: Opposition figures gather again in Vienna
  kind: ''
  language: en
  published:
    as_written: 14 October 2022
    start: 2022-10-14
    end: 2022-10-14
    precision: day
    certainty: stated
  text_sha256: '0'
  snapshot_note: ''
claims:
  - id: clm-new-001
    speaker_id: act-example-front
    quote: The front says the talks changed nothing.
    quote_kind: indirect
    summary: The front said the talks changed nothing.
"""


@pytest.fixture
def in_progress(records: Path) -> Path:
    """A new source whose file still fails validation (empty kind, wrong hash)."""
    (records / "texts" / "src-new-report.txt").write_text(NEW_TEXT, encoding="utf-8")
    (records / "sources" / "src-new-report.yaml").write_text(NEW_SOURCE, encoding="utf-8")
    assert CliRunner().invoke(main, ["validate", str(records)]).exit_code == 1
    return records


def test_a_source_in_progress_with_errors_is_scanned(in_progress: Path) -> None:
    data = scan(in_progress, "src-new-report")
    assert data["published"] == {"start": "2022-10-14", "end": "2022-10-14"}


def test_known_spellings_and_names_are_told_apart_from_recorded_ones(in_progress: Path) -> None:
    data = scan(in_progress, "src-new-report")
    assert mentions(data, "add-source") == {("act-ali-example", "Ali Example")}
    assert mentions(data, "add-spelling") == {
        ("act-ahmad-massoud", "ahmad masoud"),  # a recorded spelling in another case
        ("act-example-front", "Example Front"),  # canonical name, not a recorded spelling
        ("act-example-outlet", "Example Outlet"),
    }
    assert mentions(data, "recorded") == set()


def test_a_spelling_in_capitals_matches_only_in_capitals(records: Path, edit: Any) -> None:
    edit(
        "actors.yaml",
        "  - id: act-example-front\n",
        "  - id: act-example-front\n    names:\n"
        "      - spelling: EF\n        source_ids:\n          - src-example-report\n",
    )
    (records / "texts" / "src-ef.txt").write_text("Ef and ef are not EF.\n", encoding="utf-8")
    data = scan(records, "src-ef")
    assert [(m["written"], m["lines"]) for m in data["actors"]] == [("EF", [1])]


def test_names_that_match_no_actor_are_listed_with_the_closest_actors(in_progress: Path) -> None:
    unknown = {u["name"]: u for u in scan(in_progress, "src-new-report")["unknown_names"]}
    assert set(unknown) == {"Ali Exampel", "Ayman al-Zawahiri", "Hezb-e Wahdat"}
    assert unknown["Ali Exampel"]["lines"] == [3]
    assert unknown["Ali Exampel"]["closest"][0]["actor_id"] == "act-ali-example"
    assert unknown["Ayman al-Zawahiri"]["closest"] == []


def test_an_existing_meeting_the_text_may_describe_is_listed_with_its_evidence(in_progress: Path) -> None:
    (meeting,) = scan(in_progress, "src-new-report")["meetings"]
    assert meeting["meeting_id"] == "mtg-vienna-2022-10"
    assert meeting["places"] == [{"name": "Vienna", "lines": [1]}]
    assert meeting["in_date_window"] is True
    assert meeting["participants_named"] == ["act-ahmad-massoud"]
    assert meeting["recorded"] is False


def test_a_meeting_is_found_by_its_country_name_too(records: Path) -> None:
    text = "Talks in Austria\n\nAhmad Masoud spoke in Austria.\n"
    (records / "texts" / "src-austria.txt").write_text(text, encoding="utf-8")
    (meeting,) = scan(records, "src-austria")["meetings"]
    assert meeting["places"] == [{"name": "Austria", "lines": [1, 3]}]
    assert meeting["in_date_window"] is None  # no source record, so no publication date


def test_sentences_no_claim_quotes_are_listed_with_their_lines(records: Path) -> None:
    data = scan(records, "src-example-report")
    assert [p["line"] for p in data["uncovered"]] == [1, 2]
    assert data["uncovered"][0]["text"] == "Opposition leaders meet in Vienna"
    assert data["sentences"] == 4
    assert data["quotes_not_found"] == []


def test_a_claim_whose_quote_is_not_in_the_text_is_named(in_progress: Path, edit: Any) -> None:
    edit("sources/src-new-report.yaml", "quote: The front says", "quote: The front said")
    data = scan(in_progress, "src-new-report")
    assert data["quotes_not_found"] == ["clm-new-001"]
    assert data["sentences"] == 5 and len(data["uncovered"]) == 5


def test_the_text_report_lists_each_section(in_progress: Path) -> None:
    result = CliRunner().invoke(main, ["scan", "src-new-report", "--records", str(in_progress)])
    assert result.exit_code == 0, result.output
    assert "act-ali-example" in result.output and "Ali Exampel" in result.output
    assert "mtg-vienna-2022-10" in result.output
    assert "line 5: Ayman al-Zawahiri was not mentioned;" in result.output


def test_an_unknown_source_exits_two(records: Path) -> None:
    result = CliRunner().invoke(main, ["scan", "src-nowhere", "--records", str(records)])
    assert result.exit_code == 2
    assert "src-nowhere" in result.output


def test_a_meeting_known_only_to_lie_before_a_day_is_in_the_window_only_when_that_day_is(
    in_progress: Path, edit: Any
) -> None:
    edit("meetings.yaml", "      start: 2022-10-12\n", "")
    assert scan(in_progress, "src-new-report")["meetings"][0]["in_date_window"] is True
    edit("meetings.yaml", "end: 2022-10-12", "end: 2023-10-12")  # "before October 2023"
    assert scan(in_progress, "src-new-report")["meetings"][0]["in_date_window"] is False


def test_a_participant_named_only_by_the_place_is_not_a_second_piece_of_evidence(
    records: Path, edit: Any
) -> None:
    edit(
        "actors.yaml",
        "actors:\n",
        "actors:\n  - id: act-austria\n    name: Austria\n    kind: state\n    description: A state.\n",
    )
    edit(
        "participants.yaml",
        "participants:\n",
        "participants:\n  - meeting_id: mtg-vienna-2022-10\n    actor_id: act-austria\n    role: host\n"
        "    source_ids:\n      - src-example-report\n",
    )
    (records / "texts" / "src-austria.txt").write_text("A week in Austria\n", encoding="utf-8")
    assert scan(records, "src-austria")["meetings"] == []  # the place alone
    (records / "texts" / "src-austria.txt").write_text("Ahmad Masoud in Austria\n", encoding="utf-8")
    (meeting,) = scan(records, "src-austria")["meetings"]
    assert meeting["participants_named"] == ["act-ahmad-massoud"]
