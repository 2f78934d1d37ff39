"""`afghan-dialogues fmt`: one canonical form, comments kept, idempotent, data unchanged."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afghan_dialogues.cli import main
from afghan_dialogues.paths import records_dir
from afghan_dialogues.recordfiles.canonical import format_file, yaml_files
from afghan_dialogues.recordfiles.yamlreader import read_document

MESSY = """\
# Meetings registry
meetings:
- title: Opposition gathering in Vienna   # shown to readers
  id: mtg-vienna-2022-10
  source_ids: [src-example-report]
  kind: meeting
  status: held
  description: A gathering of opposition leaders.
  country: AT
  city: Vienna
  date: {certainty: stated, precision: day, end: 2022-10-12, start: 2022-10-12, as_written: 12 October 2022}
"""


def test_fmt_orders_keys_and_keeps_comments(records: Path) -> None:
    path = records / "meetings.yaml"
    path.write_text(MESSY, encoding="utf-8")
    result = format_file(records, path)
    assert result.canonical is not None and result.error is None
    lines = result.canonical.splitlines()
    assert lines[0] == "# Meetings registry"
    assert lines[2] == "  - id: mtg-vienna-2022-10"
    assert "# shown to readers" in result.canonical
    keys = [ln.strip().split(":")[0] for ln in lines if ln.startswith("    ") and not ln.startswith("      ")]
    assert keys[:4] == ["title", "kind", "status", "date"]


def test_fmt_never_changes_the_data(records: Path) -> None:
    path = records / "meetings.yaml"
    path.write_text(MESSY, encoding="utf-8")
    before = read_document(path.read_bytes())[0]
    CliRunner().invoke(main, ["fmt", str(records)])
    after = read_document(path.read_bytes())[0]
    assert before is not None and after is not None and before.data == after.data


def test_fmt_is_idempotent(records: Path) -> None:
    (records / "meetings.yaml").write_text(MESSY, encoding="utf-8")
    assert CliRunner().invoke(main, ["fmt", str(records)]).exit_code == 0
    second = CliRunner().invoke(main, ["fmt", "--check", str(records)])
    assert second.exit_code == 0, second.output


def test_fmt_check_shows_a_diff_and_fails(records: Path) -> None:
    (records / "meetings.yaml").write_text(MESSY, encoding="utf-8")
    result = CliRunner().invoke(main, ["fmt", "--check", str(records)])
    assert result.exit_code == 1
    assert "+  - id: mtg-vienna-2022-10" in result.output
    assert (records / "meetings.yaml").read_text(encoding="utf-8") == MESSY


def test_fmt_refuses_unparseable_files(records: Path) -> None:
    path = records / "meetings.yaml"
    path.write_text("meetings: [\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["fmt", str(records)])
    assert result.exit_code == 1
    assert path.read_text(encoding="utf-8") == "meetings: [\n"


def test_fmt_removes_a_bom(records: Path) -> None:
    path = records / "actors.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    CliRunner().invoke(main, ["fmt", str(records)])
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_bundled_records_are_canonical() -> None:
    root = records_dir()
    stale = [str(p) for p in yaml_files(root) if format_file(root, p).changed]
    assert stale == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x85\u2028\u2029"),
        max_size=40,
    )
)
def test_any_string_value_round_trips_through_fmt(records: Path, text: str) -> None:
    import json

    path = records / "meetings.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(
        original.replace(
            "description: A gathering of opposition leaders.", f"description: {json.dumps(text)}"
        ),
        encoding="utf-8",
    )
    before = read_document(path.read_bytes())[0]
    result = format_file(records, path)
    if before is None:
        return
    assert result.error is None or "would change" not in result.error
    if result.canonical is not None:
        path.write_text(result.canonical, encoding="utf-8")
        after = read_document(path.read_bytes())[0]
        assert after is not None
        assert format_file(records, path).changed is False
    path.write_text(original, encoding="utf-8")
