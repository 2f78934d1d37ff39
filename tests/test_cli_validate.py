"""`afghan-dialogues validate` as users and CI call it: exit codes, formats, no writes."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from afghan_dialogues.cli import main


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "afghan_dialogues", *args], capture_output=True, text=True, check=False
    )


def _tree_digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_clean_records_exit_zero(records: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(records)])
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.output


def test_errors_exit_one(records: Path) -> None:
    (records / "meetings.yaml").write_text("meetings: [", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(records)])
    assert result.exit_code == 1
    assert "parse/syntax" in result.output


def test_warnings_fail_only_in_strict_mode(records: Path) -> None:
    (records / "texts" / "src-stray.txt").write_text("stray", encoding="utf-8")
    assert CliRunner().invoke(main, ["validate", str(records)]).exit_code == 0
    assert CliRunner().invoke(main, ["validate", "--strict", str(records)]).exit_code == 1


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "nowhere")])
    assert result.exit_code == 2


def test_unknown_option_is_a_usage_error() -> None:
    assert CliRunner().invoke(main, ["validate", "--no-such-option"]).exit_code == 2


def test_json_report_lists_findings_with_positions(records: Path) -> None:
    (records / "meetings.yaml").write_text("meetings:\n  - id: mtg-x\n    kind: party\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--format", "json", str(records)])
    data = json.loads(result.output)
    assert data["errors"] >= 1
    first = data["findings"][0]
    assert set(first) == {"code", "message", "file", "line", "record_id", "field", "hint", "severity"}
    assert any(f["code"] == "model/value" and f["line"] == 3 for f in data["findings"])


def test_github_format_emits_workflow_annotations(records: Path) -> None:
    (records / "meetings.yaml").write_text("meetings:\n  - id: mtg-x\n    kind: party\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--format", "github", str(records)])
    lines = [ln for ln in result.output.splitlines() if ln.startswith("::error ")]
    assert any("line=3," in ln and "title=model/value" in ln for ln in lines)


def test_validate_never_writes(records: Path) -> None:
    (records / "actors.yaml").write_bytes(b"\xef\xbb\xbfactors:\n\t- broken")
    before = _tree_digest(records.parent)
    CliRunner().invoke(main, ["validate", str(records)])
    CliRunner().invoke(main, ["validate", "--format", "json", str(records)])
    assert _tree_digest(records.parent) == before


def test_bundled_records_validate_strictly_from_any_directory(tmp_path: Path) -> None:
    env_cwd = os.getcwd()
    try:
        os.chdir(tmp_path)
        result = _run("validate", "--strict")
    finally:
        os.chdir(env_cwd)
    assert result.returncode == 0, result.stdout + result.stderr


def test_version_is_the_installed_distribution() -> None:
    from importlib.metadata import version

    import afghan_dialogues

    installed = version("afghan-dialogues")
    assert afghan_dialogues.__version__ == installed
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"afghan-dialogues, version {installed}"


def test_importing_the_package_reads_no_distribution_metadata() -> None:
    """The version is looked up lazily: `import afghan_dialogues` stays cheap for every command."""
    code = "import sys, afghan_dialogues.cli; print('importlib.metadata' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_unknown_package_attribute_is_an_attribute_error() -> None:
    import afghan_dialogues

    assert not hasattr(afghan_dialogues, "no_such_thing")
