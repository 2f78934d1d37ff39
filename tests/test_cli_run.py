"""The console command ends its process as soon as its output is out, with the command's exit
status, unless something it started still runs."""

from __future__ import annotations

import atexit
import gc
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from afghan_dialogues import cli


class LeftError(Exception):
    """What the test's os._exit raises instead of ending the test process."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def leave(status: int) -> None:
    raise LeftError(status)


@pytest.fixture
def ending(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The process end, stood in for: os._exit raises LeftError, and the exit handlers (this
    test process's own) are not run but noted."""
    noted: list[str] = []
    monkeypatch.setattr(os, "_exit", leave)
    monkeypatch.setattr(atexit, "_run_exitfuncs", lambda: noted.append("exit handlers"))
    return noted


def command_exiting_with(code: object) -> object:
    def command(**options: object) -> None:
        print("output of the command")
        raise SystemExit(code)

    return command


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (1, 1), (2, 2)])
def test_the_process_ends_with_the_commands_status_and_its_output_flushed(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    ending: list[str],
    code: object,
    status: int,
) -> None:
    monkeypatch.setattr(cli, "main", command_exiting_with(code))
    with pytest.raises(LeftError) as left:
        cli.run()
    assert left.value.status == status
    assert capsys.readouterr().out == "output of the command\n"
    assert ending == ["exit handlers"]


def test_a_message_as_exit_code_is_printed_and_the_status_is_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], ending: list[str]
) -> None:
    monkeypatch.setattr(cli, "main", command_exiting_with("cannot go on"))
    with pytest.raises(LeftError) as left:
        cli.run()
    assert left.value.status == 1
    assert capsys.readouterr().err == "cannot go on\n"


def test_while_a_thread_still_runs_the_process_exits_the_ordinary_way(
    monkeypatch: pytest.MonkeyPatch, ending: list[str]
) -> None:
    monkeypatch.setattr(cli, "main", command_exiting_with(1))
    release = threading.Event()
    running = threading.Thread(target=release.wait)
    running.start()
    try:
        with pytest.raises(SystemExit) as ended:
            cli.run()
    finally:
        release.set()
        running.join()
    assert ended.value.code == 1
    assert ending == []


def test_the_command_line_prints_everything_before_it_ends(tmp_path: Path) -> None:
    """Output to a pipe is buffered: all of it must be written before the process ends."""
    missing = tmp_path / "missing"
    done = subprocess.run(
        [sys.executable, "-m", "afghan_dialogues", "validate", str(missing)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "does not exist" in done.stderr
    bundled = subprocess.run(
        [sys.executable, "-m", "afghan_dialogues", "validate", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bundled.returncode == 0
    assert bundled.stdout.rstrip().endswith("}")


@pytest.mark.parametrize(
    ("name", "message"), [("missing", "does not exist"), ("file", "is not a records folder")]
)
def test_stats_of_a_path_that_is_no_folder_is_a_usage_error(tmp_path: Path, name: str, message: str) -> None:
    from click.testing import CliRunner

    (tmp_path / "file").write_text("not records", encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["stats", str(tmp_path / name)])
    assert result.exit_code == 2
    assert message in result.output


def test_output_still_buffered_when_the_command_ends_is_written(tmp_path: Path) -> None:
    """print() to a pipe is block-buffered; the process must not end with it unwritten."""
    code = (
        "import sys\n"
        "from afghan_dialogues import cli\n"
        "def command(**options):\n"
        "    print('buffered line')\n"
        "    print('buffered error', file=sys.stderr)\n"
        "    sys.exit(3)\n"
        "cli.main = command\n"
        "cli.run()\n"
    )
    buffered = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, env=buffered
    )
    assert (done.returncode, done.stdout, done.stderr) == (3, "buffered line\n", "buffered error\n")


def test_exit_handlers_run_before_the_process_ends() -> None:
    code = (
        "import atexit, sys\n"
        "from afghan_dialogues import cli\n"
        "atexit.register(print, 'exit handler ran')\n"
        "sys.argv = ['afghan-dialogues', '--version']\n"
        "cli.run()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert done.stdout.splitlines()[-1] == "exit handler ran"


@pytest.mark.skipif(sys.platform == "win32", reason="closes a descriptor with a POSIX shell")
def test_a_command_started_with_its_output_closed_ends_as_before() -> None:
    command = f"{sys.executable} -m afghan_dialogues --version >&-"
    done = subprocess.run(["sh", "-c", command], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stderr) == (0, "")


def test_validate_freezes_its_report_only_when_the_process_ends_with_it(
    monkeypatch: pytest.MonkeyPatch, ending: list[str]
) -> None:
    """Frozen, the report is never walked by the collector again; in a process that goes on
    (a test's CliRunner), it is freed instead and nothing is frozen."""
    from click.testing import CliRunner

    assert gc.get_freeze_count() == 0
    assert CliRunner().invoke(cli.main, ["validate"]).exit_code == 0
    assert gc.get_freeze_count() == 0
    monkeypatch.setattr(sys, "argv", ["afghan-dialogues", "validate", "--format", "json"])
    try:
        with pytest.raises(LeftError) as left:
            cli.run()
        assert left.value.status == 0
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
