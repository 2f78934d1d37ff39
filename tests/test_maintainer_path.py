"""The whole path of adding a source, through the command line only, as MAINTAINING.md tells it:
new-source -> fill in -> scan -> record what scan points at -> fmt -> validate -> export -> diff.

It runs on a copy of the bundled records, so the new text meets the real registry: known
actors under known and new spellings, an outlet no actor is yet, and a meeting already recorded
from another source. Edits go through ruamel.yaml, as a person's editor would keep the files.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from ruamel.yaml import YAML

from afghan_dialogues.cli import main
from afghan_dialogues.paths import records_dir

ARTICLE = (
    "Taliban minister meets opposition leaders in Tehran\n"
    "\n"
    "Tehran, 10 January 2022 (Example Wire) - Amir Khan Muttaqi met Ismail Khan and Ahmad Massoud "
    "in Iran over the weekend.\n"
    "Muttaqi told reporters that the exiled leaders were free to return home.\n"
    "Ahmad Massoud said the meetings produced no agreement with the Taliban.\n"
)

MEETING = "mtg-iran-2022-01-taliban-opposition-talks"


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def ok(*args: str) -> Result:
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return result


class Edited:
    """A records YAML file opened for editing and written back on exit."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.yaml = YAML(typ="rt")
        self.data: Any = self.yaml.load(path.read_text(encoding="utf-8"))

    def __enter__(self) -> Any:
        return self.data

    def __exit__(self, *exc: object) -> None:
        with self.path.open("w", encoding="utf-8") as out:
            self.yaml.dump(self.data, out)


def scan(records: Path, source_id: str) -> dict[str, Any]:
    data = json.loads(ok("scan", source_id, "--records", str(records), "--format", "json").output)
    assert isinstance(data, dict)
    return data


def test_adding_a_source_from_new_source_to_diff(tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(records_dir(), records)
    shutil.copytree(records_dir().parent / "schema", tmp_path / "schema")
    shutil.copy(records_dir().parent / "README.md", tmp_path / "README.md")
    ok("export", str(records), "--out", str(tmp_path / "old"))
    text = tmp_path / "article.txt"
    text.write_text(ARTICLE, encoding="utf-8")

    # 1. new-source: snapshot, sha256, id, a file to fill in; the unknown outlet gets an id to add
    before = set((records / "sources").iterdir())
    started = ok(
        "new-source", str(text), "--records", str(records), "--url", "https://wire.test/tehran-talks",
        "--publisher", "Example Wire",
    )  # fmt: skip
    (path,) = set((records / "sources").iterdir()) - before
    source_id = path.stem
    prefix = re.search(r"(clm-[a-z0-9-]+)-001", started.output)
    assert prefix is not None, started.output
    assert "act-example-wire" in started.output
    assert cli("validate", str(records)).exit_code == 1  # not filled in yet

    # 2. scan: what the records already know, and what they do not
    found = scan(records, source_id)
    statuses = {(m["actor_id"], m["written"]): m["status"] for m in found["actors"]}
    assert statuses[("act-amir-khan-muttaqi", "Amir Khan Muttaqi")] == "add-source"
    assert statuses[("act-ahmad-massoud", "Ahmad Massoud")] == "add-source"
    unknown = {u["name"]: u for u in found["unknown_names"]}
    assert unknown["Muttaqi"]["closest"][0]["actor_id"] == "act-amir-khan-muttaqi"
    assert found["meetings"][0]["meeting_id"] == MEETING
    assert len(found["uncovered"]) == found["sentences"] == 4

    # 3. fill in the source and its claims, record what scan pointed at
    fill_in(path, prefix[1])
    record_what_scan_found(records, found, source_id)

    # 4. fmt, validate: clean; scan again: everything recorded, only the title left uncovered
    ok("fmt", str(records))
    ok("validate", str(records), "--strict")
    again = scan(records, source_id)
    assert {m["status"] for m in again["actors"]} == {"recorded"}
    assert again["unknown_names"] == []  # Tehran is the city of recorded meetings, not an actor
    assert [m["recorded"] for m in again["meetings"] if m["meeting_id"] == MEETING] == [True]
    assert [p["line"] for p in again["uncovered"]] == [1]

    # 5. export and diff: the addition, table by table; the README counts follow
    ok("export", str(records), "--out", str(tmp_path / "new"))
    diff = json.loads(ok("diff", str(tmp_path / "old"), str(tmp_path / "new"), "--format", "json").output)
    tables = diff["tables"]
    assert tables["sources"]["added"] == [{"id": source_id}]
    assert len(tables["claims"]["added"]) == 3
    assert tables["actors"]["added"] == [{"id": "act-example-wire"}]
    assert [c["key"] for c in tables["meetings"]["changed"]] == [{"id": MEETING}]
    assert tables["actors"]["removed"] == [] and tables["claims"]["removed"] == []
    ok("stats", str(records), "--write-readme")
    assert "| sources | 6 |" in (tmp_path / "README.md").read_text(encoding="utf-8")


def claim(claim_id: str, speaker: str, quote: str, kind: str) -> dict[str, Any]:
    return {
        "id": claim_id,
        "speaker_id": speaker,
        "quote": quote,
        "quote_kind": kind,
        "summary": "A summary in neutral English.",
        "meeting_ids": [MEETING],
    }


def fill_in(path: Path, prefix: str) -> None:
    """What a person decides on reading the article: its kind, date, cuts and claims."""
    with Edited(path) as data:
        source = data["source"]
        source["kind"] = "news_report"
        # two date objects: ruamel.yaml would write one object used twice as an anchor and alias
        source["published"].update(
            as_written="10 January 2022", calendar="gregorian", start=dt.date(2022, 1, 10),
            end=dt.date(2022, 1, 10), precision="day", certainty="stated",
        )  # fmt: skip
        source["snapshot_note"] = "Nothing removed."
        data["claims"] = [
            claim(f"{prefix}-001", "act-example-wire", "Amir Khan Muttaqi met Ismail Khan and Ahmad "
                  "Massoud in Iran over the weekend.", "editorial"),
            claim(f"{prefix}-002", "act-amir-khan-muttaqi", "told reporters that the exiled leaders "
                  "were free to return home", "indirect"),
            claim(f"{prefix}-003", "act-ahmad-massoud", "said the meetings produced no agreement with "
                  "the Taliban", "indirect"),
        ]  # fmt: skip


def record_what_scan_found(records: Path, found: dict[str, Any], source_id: str) -> None:
    """The spellings scan found unrecorded, the new outlet, a new short spelling, the meeting."""
    with Edited(records / "actors.yaml") as data:
        actors = {actor["id"]: actor for actor in data["actors"]}
        for mention in found["actors"]:
            if mention["status"] == "add-source":
                names = actors[mention["actor_id"]]["names"]
                (name,) = [n for n in names if n["spelling"] == mention["written"]]
                name["source_ids"].append(source_id)
        actors["act-amir-khan-muttaqi"]["names"].append(
            {"spelling": "Muttaqi", "form": "short", "source_ids": [source_id]}
        )
        data["actors"].append(
            {
                "id": "act-example-wire",
                "name": "Example Wire",
                "kind": "media_outlet",
                "names": [{"spelling": "Example Wire", "form": "full", "source_ids": [source_id]}],
                "description": "A news agency.",
            }
        )
    with Edited(records / "meetings.yaml") as data:
        (meeting,) = [m for m in data["meetings"] if m["id"] == MEETING]
        meeting["source_ids"].append(source_id)
