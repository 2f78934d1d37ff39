"""Layer 1: files that cannot be read, or that lose data if read naively."""

from __future__ import annotations

from pathlib import Path

from helpers import Edit, assert_finding, findings, line_of


def test_clean_fixture_has_no_findings(records: Path) -> None:
    assert findings(records) == []


def test_malformed_yaml_is_a_syntax_error_at_its_line(records: Path, edit: Edit) -> None:
    path = edit("meetings.yaml", "    kind: meeting\n", "    kind: [meeting\n")
    finding = assert_finding(records, "parse/syntax", path, line_of(path, "status: held"))
    assert finding.hint


def test_duplicate_key_is_an_error_not_last_one_wins(records: Path, edit: Edit) -> None:
    path = edit("meetings.yaml", "    kind: meeting\n", "    kind: meeting\n    kind: talks\n")
    finding = assert_finding(records, "parse/duplicate-key", path, line_of(path, "kind: talks"))
    assert "kind" in finding.message


def test_non_utf8_bytes_name_the_line(records: Path) -> None:
    path = records / "meetings.yaml"
    raw = path.read_bytes().replace(b"Opposition gathering", b"Opposition gath\xe9ring")
    path.write_bytes(raw)
    assert_finding(records, "parse/encoding", path, line_of(path, "Opposition gath"))


def test_byte_order_mark_is_reported(records: Path) -> None:
    path = records / "actors.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert_finding(records, "parse/bom", path, 1)


def test_tab_indentation_is_reported_at_its_line(records: Path, edit: Edit) -> None:
    path = edit("meetings.yaml", "    kind: meeting\n", "\tkind: meeting\n")
    assert_finding(records, "parse/tab", path, line_of(path, "\tkind: meeting"))


def test_empty_file_is_reported(records: Path) -> None:
    path = records / "participants.yaml"
    path.write_text("# nothing here\n", encoding="utf-8")
    assert_finding(records, "parse/empty", path, 1)


def test_file_outside_the_layout_is_reported(records: Path) -> None:
    path = records / "sources" / "notes.txt"
    path.write_text("stray", encoding="utf-8")
    finding = assert_finding(records, "parse/unknown-file", path, None)
    assert "sources/<source-id>.yaml" in str(finding.hint)


def test_registry_with_wrong_top_level_key(records: Path, edit: Edit) -> None:
    path = edit("participants.yaml", "participants:", "participant:")
    assert_finding(records, "parse/structure", path, 1)


def test_source_file_must_be_named_after_its_id(records: Path) -> None:
    old = records / "sources" / "src-example-report.yaml"
    new = records / "sources" / "src-other-name.yaml"
    old.rename(new)
    assert_finding(records, "parse/file-name", new, line_of(new, "id: src-example-report"))


def test_zero_width_space_in_text_is_a_warning(records: Path, edit: Edit) -> None:
    path = edit("meetings.yaml", "A gathering of", "A gathering\u200b of")
    finding = assert_finding(
        records, "parse/invisible-character", path, line_of(path, "description: A gathering")
    )
    assert "U+200B" in finding.message


def test_persian_zero_width_non_joiner_is_allowed(records: Path, edit: Edit) -> None:
    edit("meetings.yaml", "A gathering of", "A gathering (\u0645\u06cc\u200c\u0634\u0648\u062f) of")
    assert [f for f in findings(records) if f.code == "parse/invisible-character"] == []


def test_text_not_in_nfc_is_a_warning(records: Path, edit: Edit) -> None:
    path = edit("meetings.yaml", "Opposition gathering in Vienna", "Opposition gathering in Vie\u0301nna")
    assert_finding(records, "parse/not-nfc", path, line_of(path, "title: Opposition"))
