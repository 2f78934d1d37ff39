"""The console command ends its process as soon as its output is out, with the command's exit
status, unless something it started still runs."""

from __future__ import annotations

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


def command_exiting_with(code: object) -> object:
    def command() -> None:
        print("output of the command")
        raise SystemExit(code)

    return command


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (1, 1), (2, 2)])
def test_the_process_ends_with_the_commands_status_and_its_output_flushed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], code: object, status: int
) -> None:
    monkeypatch.setattr(cli, "main", command_exiting_with(code))
    monkeypatch.setattr(os, "_exit", leave)
    with pytest.raises(LeftError) as left:
        cli.run()
    assert left.value.status == status
    assert capsys.readouterr().out == "output of the command\n"


def test_a_message_as_exit_code_is_printed_and_the_status_is_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cli, "main", command_exiting_with("cannot go on"))
    monkeypatch.setattr(os, "_exit", leave)
    with pytest.raises(LeftError) as left:
        cli.run()
    assert left.value.status == 1
    assert capsys.readouterr().err == "cannot go on\n"


def test_while_a_thread_still_runs_the_process_exits_the_ordinary_way(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cli, "main", command_exiting_with(1))
    monkeypatch.setattr(os, "_exit", leave)
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


def test_stats_of_a_folder_that_does_not_exist_is_a_usage_error(tmp_path: Path) -> None:
    from click.testing import CliRunner

    result = CliRunner().invoke(cli.main, ["stats", str(tmp_path / "missing")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_output_still_buffered_when_the_command_ends_is_written(tmp_path: Path) -> None:
    """print() to a pipe is block-buffered; the process must not end with it unwritten."""
    code = (
        "import sys\n"
        "from afghan_dialogues import cli\n"
        "def command():\n"
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
