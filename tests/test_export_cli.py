"""`afghan-dialogues export` as maintainers and the release workflow call it: exit codes and output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from afghan_dialogues.cli import main


def test_export_writes_the_release_and_exits_zero(records: Path, tmp_path: Path) -> None:
    out = tmp_path / "release"
    result = CliRunner().invoke(main, ["export", str(records), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads((out / "datapackage.json").read_text(encoding="utf-8"))["version"] == "0.1.0"
    assert (out / "example-dialogues-0.1.0.zip").is_file()


def test_export_refuses_records_with_errors_exit_one_and_writes_nothing(
    records: Path, tmp_path: Path
) -> None:
    (records / "meetings.yaml").write_text("meetings: [", encoding="utf-8")
    out = tmp_path / "release"
    result = CliRunner().invoke(main, ["export", str(records), "--out", str(out)])
    assert result.exit_code == 1
    assert "parse/syntax" in result.output
    assert "export refused" in result.output
    assert not out.exists()


def test_export_allows_warnings(records: Path, tmp_path: Path) -> None:
    with (records / "actors.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            "  - id: act-unused\n    name: Unused\n    kind: organization\n    description: Nobody.\n"
        )
    result = CliRunner().invoke(main, ["export", str(records), "--out", str(tmp_path / "release")])
    assert result.exit_code == 0, result.output


def test_export_of_a_missing_records_folder_exits_two(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "not a records folder" in result.output


def test_export_without_out_exits_two(records: Path) -> None:
    assert CliRunner().invoke(main, ["export", str(records)]).exit_code == 2


def test_export_onto_a_directory_that_is_not_a_release_exits_two_and_keeps_it(
    records: Path, tmp_path: Path
) -> None:
    out = tmp_path / "work"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(main, ["export", str(records), "--out", str(out)])
    assert result.exit_code == 2
    assert "refusing to replace" in result.output and "choose another --out" in result.output
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.skipif(sys.platform == "win32", reason="the test holds the lock with fcntl")
def test_export_to_a_folder_another_export_is_writing_to_exits_two(records: Path, tmp_path: Path) -> None:
    import fcntl

    with (tmp_path / ".release.lock").open("a+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = CliRunner().invoke(main, ["export", str(records), "--out", str(tmp_path / "release")])
    assert result.exit_code == 2
    assert "another export is writing to" in result.output
    assert not (tmp_path / "release").exists()


def test_export_prints_no_progress_when_stderr_is_not_a_terminal(records: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "afghan_dialogues", "export", str(records), "--out", str(tmp_path / "r")],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "80"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("wrote ")


def test_export_into_the_records_folder_exits_two(records: Path) -> None:
    result = CliRunner().invoke(main, ["export", str(records), "--out", str(records / "release")])
    assert result.exit_code == 2
    assert "inside the records folder" in result.output
    assert not (records / "release").exists()


def test_exports_in_separate_processes_are_byte_identical(records: Path, tmp_path: Path) -> None:
    """No hash-seed-dependent ordering, no timestamps: a release can be rebuilt and compared."""
    trees = []
    for seed in ("1", "2"):
        out = tmp_path / f"release-{seed}"
        subprocess.run(
            [sys.executable, "-m", "afghan_dialogues", "export", str(records), "--out", str(out)],
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        trees.append({p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert trees[0] == trees[1]


def test_no_site_leaves_the_site_out_of_the_release(records: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from afghan_dialogues.cli import main

    out = tmp_path / "release"
    result = CliRunner().invoke(main, ["export", str(records), "--out", str(out), "--no-site"])
    assert result.exit_code == 0, result.output
    assert not (out / "site").exists()
    assert "site/" not in (out / "SHA256SUMS").read_text(encoding="utf-8")
    assert CliRunner().invoke(main, ["validate", str(out)]).exit_code == 0
