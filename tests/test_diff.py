"""`diff OLD NEW`: per table, rows added, removed (tombstoned or not) and changed, field by field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from afghan_dialogues.cli import main
from afghan_dialogues.diff import DatasetDiff, TableDiff, diff_datasets, excerpts, render_diff
from afghan_dialogues.exports.writer import export_release
from afghan_dialogues.loading import load
from conftest import dataset_of
from helpers import Edit

EXTRA_ACTOR = (
    "  - id: act-old-party\n    name: Old Party\n    kind: organization\n    description: A party.\n"
)
WITHDRAWN = (
    "  - id: act-old-party\n    reason: withdrawn\n    retired_in: 0.2.0\n"
    "    note: Not an actor of these events.\n"
)
NEW_CLAIM = """\
  - id: clm-example-003
    speaker_id: act-ali-example
    quote: the meeting was a first step
    quote_kind: indirect
    summary: The spokesman called the meeting a first step.
"""


def export_records(records: Path, out: Path) -> Path:
    return export_release(dataset_of(records), out).directory


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.fixture
def releases(records: Path, edit: Edit, tmp_path: Path) -> tuple[Path, Path]:
    """OLD has an extra actor; NEW withdraws it, adds a claim and retitles the meeting."""
    append(records / "actors.yaml", EXTRA_ACTOR)
    old = export_records(records, tmp_path / "old")
    edit("actors.yaml", EXTRA_ACTOR, "")
    append(records / "tombstones.yaml", WITHDRAWN)
    append(records / "sources" / "src-example-report.yaml", NEW_CLAIM)
    edit("meetings.yaml", "title: Opposition gathering in Vienna", "title: Opposition meeting in Vienna")
    edit("dataset.yaml", "version: 0.1.0", "version: 0.2.0")
    new = export_records(records, tmp_path / "new")
    return old, new


def table(diff: DatasetDiff, name: str) -> TableDiff:
    return next(t for t in diff.tables if t.table == name)


@pytest.fixture
def result(releases: tuple[Path, Path]) -> DatasetDiff:
    old, new = releases
    return diff_datasets(load(old), load(new))


def test_an_added_claim_is_listed_as_added(result: DatasetDiff) -> None:
    assert table(result, "claims").added == (("clm-example-003",),)


def test_a_removed_actor_is_listed_with_the_tombstone_that_retired_it(result: DatasetDiff) -> None:
    (removed,) = table(result, "actors").removed
    assert removed.key == ("act-old-party",)
    assert removed.tombstone is not None and removed.tombstone.reason.value == "withdrawn"


def test_a_changed_field_is_listed_with_its_value_before_and_after(result: DatasetDiff) -> None:
    (changed,) = table(result, "meetings").changed
    assert changed.key == ("mtg-vienna-2022-10",)
    assert [(f.column, f.before, f.after) for f in changed.fields] == [
        ("title", "Opposition gathering in Vienna", "Opposition meeting in Vienna")
    ]


def test_the_tombstone_itself_is_an_added_row(result: DatasetDiff) -> None:
    assert table(result, "tombstones").added == (("act-old-party",),)


def test_unchanged_tables_are_empty(result: DatasetDiff) -> None:
    assert table(result, "affiliations").empty and table(result, "participants").empty


def test_a_removed_id_without_tombstone_says_so(records: Path, edit: Edit) -> None:
    append(records / "actors.yaml", EXTRA_ACTOR)
    old = load(records)
    edit("actors.yaml", EXTRA_ACTOR, "")
    (removed,) = table(diff_datasets(old, load(records)), "actors").removed
    assert removed.retirable and removed.tombstone is None
    assert "act-old-party  (no tombstone)" in render_diff(diff_datasets(old, load(records)), "text")


def test_a_changed_reported_date_shows_the_flat_columns_that_changed(records: Path, edit: Edit) -> None:
    old = load(records)
    edit("meetings.yaml", "as_written: 12 October 2022", "as_written: 12 Oct. 2022")
    (changed,) = table(diff_datasets(old, load(records)), "meetings").changed
    assert [f.column for f in changed.fields] == ["date_as_written"]


def test_identical_datasets_have_no_differences(records: Path) -> None:
    assert diff_datasets(load(records), load(records)).empty


def test_text_format_marks_added_removed_and_changed_rows(result: DatasetDiff) -> None:
    text = render_diff(result, "text")
    assert text.startswith("0.1.0 -> 0.2.0\n")
    assert "claims: 1 added, 0 removed, 0 changed\n  + clm-example-003" in text
    assert "  - act-old-party  (withdrawn)" in text
    assert '      title: "Opposition gathering in Vienna" -> "Opposition meeting in Vienna"' in text


def test_markdown_format_is_a_data_section_for_the_changelog(result: DatasetDiff) -> None:
    markdown = render_diff(result, "markdown")
    assert markdown.startswith("### Data\n\n")
    assert "- **claims**: 1 added, 0 removed, 0 changed\n  - added `clm-example-003`" in markdown
    assert "  - removed `act-old-party` (withdrawn)" in markdown
    assert (
        '  - changed `mtg-vienna-2022-10`: `title` `"Opposition gathering in Vienna"` → '
        '`"Opposition meeting in Vienna"`'
    ) in markdown


def test_json_format_holds_every_table_with_keys_and_field_changes(result: DatasetDiff) -> None:
    data = json.loads(render_diff(result, "json"))
    assert (data["old_version"], data["new_version"]) == ("0.1.0", "0.2.0")
    assert set(data["tables"]) >= {"sources", "actor_names", "claims", "tombstones"}
    assert data["tables"]["claims"]["added"] == [{"id": "clm-example-003"}]
    assert data["tables"]["actors"]["removed"] == [
        {"key": {"id": "act-old-party"}, "tombstone": {"reason": "withdrawn", "merged_into": None}}
    ]
    assert data["tables"]["meetings"]["changed"][0]["fields"] == {
        "title": {"before": "Opposition gathering in Vienna", "after": "Opposition meeting in Vienna"}
    }


def test_composite_keys_are_reported_column_by_column(records: Path, edit: Edit) -> None:
    old = load(records)
    edit("participants.yaml", "role: speaker", "role: keynote")
    data = json.loads(render_diff(diff_datasets(old, load(records)), "json"))["tables"]["participants"]
    assert data["removed"] == [
        {"key": {"meeting_id": "mtg-vienna-2022-10", "actor_id": "act-ahmad-massoud", "role": "speaker"}}
    ]


def test_cli_diff_of_two_releases_exits_zero_and_prints_the_format_asked(releases: tuple[Path, Path]) -> None:
    old, new = releases
    result = CliRunner().invoke(main, ["diff", str(old), str(new), "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("### Data")


def test_cli_diff_accepts_a_records_folder_on_either_side(releases: tuple[Path, Path], records: Path) -> None:
    old, _ = releases
    result = CliRunner().invoke(main, ["diff", str(old), str(records), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["tables"]["claims"]["added"] == [{"id": "clm-example-003"}]


def test_cli_diff_exit_code_flag_exits_one_on_differences_and_zero_without(
    releases: tuple[Path, Path],
) -> None:
    old, new = releases
    assert CliRunner().invoke(main, ["diff", str(old), str(new), "--exit-code"]).exit_code == 1
    assert CliRunner().invoke(main, ["diff", str(new), str(new), "--exit-code"]).exit_code == 0


def test_cli_diff_of_a_missing_directory_exits_two(tmp_path: Path, records: Path) -> None:
    assert CliRunner().invoke(main, ["diff", str(tmp_path / "nowhere"), str(records)]).exit_code == 2


def test_cli_diff_of_a_directory_that_is_neither_exits_two(tmp_path: Path, records: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(main, ["diff", str(empty), str(records)])
    assert result.exit_code == 2
    assert "neither a release directory" in result.output


def test_cli_diff_of_records_with_errors_exits_one_and_lists_them(records: Path, edit: Edit) -> None:
    edit("meetings.yaml", "kind: meeting", "kind: gathering")
    result = CliRunner().invoke(main, ["diff", str(records), str(records)])
    assert result.exit_code == 1
    assert "model/value" in result.output


LONG = "A gathering of opposition leaders " + "that the report describes at length, " * 6


def test_markdown_shows_a_change_at_the_end_of_a_long_value_on_both_sides(records: Path, edit: Edit) -> None:
    edit("meetings.yaml", "description: A gathering of opposition leaders.", f"description: {LONG}in Vienna.")
    old = load(records)
    edit("meetings.yaml", f"{LONG}in Vienna.", f"{LONG}in Austria.")
    markdown = render_diff(diff_datasets(old, load(records)), "markdown")
    (line,) = [ln for ln in markdown.splitlines() if ln.startswith("  - changed `mtg-vienna-2022-10`")]
    before, after = line.split(" → ")
    assert before.endswith('in Vienna."`') and after.endswith('in Austria."`')
    assert "`…" in before and "`…" in after  # both cut before the change, not after it


def test_markdown_cuts_a_long_value_around_a_change_in_its_middle() -> None:
    before, after = excerpts("a" * 200 + "OLD" + "z" * 200, "a" * 200 + "NEW" + "z" * 200)
    assert "OLD" in before and "NEW" in after
    assert before.startswith("…") and before.endswith("…") and len(before) < 120
    assert excerpts("short", "also short") == ("short", "also short")
