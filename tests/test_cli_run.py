"""The console command's exit codes tell outcomes apart: 0 clean, 1 findings, 2 usage or
environment error, 3 internal error (one line; the traceback only with --debug)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from afghan_dialogues import cli


def command_line(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from afghan_dialogues.cli import run; run()", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )


def test_clean_records_exit_0_and_findings_exit_1(records: Path) -> None:
    assert command_line("validate", str(records)).returncode == 0
    (records / "texts" / "src-example-report.txt").unlink()
    assert command_line("validate", str(records)).returncode == 1


@pytest.mark.parametrize("target", ["/etc/passwd", "/no/such/folder"])
def test_validating_something_that_is_no_folder_is_a_usage_error(target: str) -> None:
    done = command_line("validate", target)
    assert done.returncode == 2
    assert "is not a folder" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_internal_error_exits_3_with_one_line_and_no_traceback(
    records: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from afghan_dialogues.validate import runner

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug in a rule\nsecond line")

    monkeypatch.setattr(runner, "validate_records", broken)
    monkeypatch.setattr(sys, "argv", ["afghan-dialogues", "validate", str(records)])
    with pytest.raises(SystemExit) as ended:
        cli.run()
    assert ended.value.code == cli.EXIT_INTERNAL
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "internal error: RuntimeError: a bug in a rule" in err
    assert "Traceback" not in err


def test_debug_shows_the_traceback_of_an_internal_error(
    records: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from afghan_dialogues.validate import runner

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug in a rule")

    monkeypatch.setattr(runner, "validate_records", broken)
    monkeypatch.setattr(sys, "argv", ["afghan-dialogues", "--debug", "validate", str(records)])
    with pytest.raises(SystemExit) as ended:
        cli.run()
    assert ended.value.code == cli.EXIT_INTERNAL
    assert "Traceback" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "message"), [("missing", "does not exist"), ("file", "is not a records folder")]
)
def test_stats_of_a_path_that_is_no_folder_is_a_usage_error(tmp_path: Path, name: str, message: str) -> None:
    (tmp_path / "file").write_text("not records", encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["stats", str(tmp_path / name)])
    assert result.exit_code == 2
    assert message in result.output


def test_terminal_escapes_in_record_text_are_shown_escaped(records: Path) -> None:
    path = records / "meetings.yaml"
    text = path.read_text(encoding="utf-8")
    fake = "\\e[2J\\e[H0 errors, 0 warnings"
    path.write_text(
        text.replace("description: A gathering", f'description: "{fake} A gathering'), encoding="utf-8"
    )
    path.write_text(
        path.read_text(encoding="utf-8").replace("of opposition leaders.", 'of opposition leaders."')
    )
    done = command_line("validate", str(records))
    assert done.returncode == 1
    assert "\x1b" not in done.stdout
    assert "parse/control-character" in done.stdout


def test_no_process_outlives_a_killed_validate(tmp_path: Path) -> None:
    from afghan_dialogues.synth import synthesize

    synthesize(tmp_path / "records", 3000, seed=3)
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from afghan_dialogues.cli import run; run()",
            "validate",
            str(tmp_path / "records"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(1.0)
    children = _children(process.pid)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert children == [], "validate starts no worker processes"


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found
