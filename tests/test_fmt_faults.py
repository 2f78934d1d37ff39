"""`fmt` loses no data when writing fails: a full disk, a file-size limit or a kill leaves every
file as it was (or, for a kill that comes too late to stop it, completely formatted), no
temporary file behind, and one line naming the file that could not be written."""

from __future__ import annotations

import builtins
import errno
import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from afghan_dialogues.cli import main
from afghan_dialogues.paths import records_dir
from afghan_dialogues.recordfiles.yamlreader import read_document

BIG_SOURCE = "sources/src-coffey-support-afghan-opposition.yaml"
"""A bundled source file of about 19 KB."""


def _reversed_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _reversed_keys(v) for k, v in reversed(list(value.items()))}
    if isinstance(value, list):
        return [_reversed_keys(v) for v in value]
    return value


def _make_messy(path: Path) -> None:
    """Rewrite a records file with every mapping's keys in reverse order: same data, not canonical."""
    doc = read_document(path.read_bytes())[0]
    assert doc is not None
    text = yaml.safe_dump(_reversed_keys(doc.data), sort_keys=False, allow_unicode=True, width=10**6)
    path.write_text(text, encoding="utf-8")
    assert read_document(path.read_bytes())[0].data == doc.data  # type: ignore[union-attr]


def _messy_folder(records: Path, big: bool = False) -> dict[Path, bytes]:
    """Make several files of `records` not canonical; return every file's bytes."""
    if big:
        shutil.copy(records_dir() / BIG_SOURCE, records / BIG_SOURCE)
    for name in ("actors.yaml", "meetings.yaml", "sources/src-example-report.yaml"):
        _make_messy(records / name)
    if big:
        _make_messy(records / BIG_SOURCE)
    return _snapshot(records)


def _snapshot(records: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(records.rglob("*")) if p.is_file()}


def _data(files: dict[Path, bytes]) -> dict[Path, Any]:
    out = {}
    for path in files:
        if path.suffix == ".yaml":
            doc = read_document(path.read_bytes())[0]
            out[path] = doc.data if doc is not None else None
    return out


def _one_line_naming(stderr: str, path: Path) -> str:
    lines = [line for line in stderr.splitlines() if "cannot write" in line]
    assert len(lines) == 1, stderr
    assert str(path) in lines[0], stderr
    assert "Traceback" not in stderr
    return lines[0]


def _opens_for_writing(mode: str) -> bool:
    return any(flag in mode for flag in "wax+")


def test_a_full_disk_while_writing_the_second_file_changes_no_file(
    records: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _messy_folder(records)
    real_open = io.open
    opened: list[Any] = []

    class FullDisk:
        """A file on a disk that fills up half-way through the write."""

        def __init__(self, stream: Any) -> None:
            self._stream = stream

        def __enter__(self) -> FullDisk:
            return self

        def __exit__(self, *exc: object) -> None:
            self._stream.close()

        def write(self, data: bytes) -> int:
            self._stream.write(data[: len(data) // 2])
            self._stream.flush()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def __getattr__(self, name: str) -> Any:
            return getattr(self._stream, name)

    def fake_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        stream = real_open(file, mode, *args, **kwargs)
        if _opens_for_writing(mode):
            opened.append(file)
            if len(opened) == 2:
                return FullDisk(stream)
        return stream

    monkeypatch.setattr(io, "open", fake_open)
    monkeypatch.setattr(builtins, "open", fake_open)
    result = CliRunner().invoke(main, ["fmt", str(records)])
    monkeypatch.undo()

    assert len(opened) == 2, "the fault was not reached"
    assert _snapshot(records) == before  # every file as it was, no temporary file left
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    line = _one_line_naming(result.stderr, records / "meetings.yaml")
    assert "No space left on device" in line and "no file was changed" in line


_UNDER_FILE_SIZE_LIMIT = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))
from afghan_dialogues.cli import run
sys.argv = ["afghan-dialogues", "fmt", sys.argv[1]]
run()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_file_size_limit_changes_no_file(records: Path) -> None:
    before = _messy_folder(records, big=True)
    assert len(before[records / BIG_SOURCE]) > 8192
    done = subprocess.run(
        [sys.executable, "-c", _UNDER_FILE_SIZE_LIMIT, str(records)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert _snapshot(records) == before
    assert done.returncode == 2, done.stderr
    assert "File too large" in _one_line_naming(done.stderr, records / BIG_SOURCE)


_KILLED_WHILE_WRITING = """
import builtins, io, os, signal, sys
records, name = sys.argv[1], sys.argv[2]
real_open = io.open
opened = []

class Killed:
    def __init__(self, stream):
        self._stream = stream
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        self._stream.close()
    def write(self, data):
        self._stream.write(data[: len(data) // 2])
        self._stream.flush()
        os.kill(os.getpid(), getattr(signal, name))
        return self._stream.write(data[len(data) // 2 :])
    def __getattr__(self, attribute):
        return getattr(self._stream, attribute)

def fake_open(file, mode="r", *args, **kwargs):
    stream = real_open(file, mode, *args, **kwargs)
    if any(flag in mode for flag in "wax+") and (isinstance(file, int) or str(file).startswith(records)):
        opened.append(file)
        if len(opened) == 2:
            return Killed(stream)
    return stream

io.open = builtins.open = fake_open
from afghan_dialogues.cli import run
sys.argv = ["afghan-dialogues", "fmt", records]
run()
"""


def _killed_while_writing(records: Path, name: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _KILLED_WHILE_WRITING, str(records), name],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigkill_while_writing_leaves_every_file_as_it_was(records: Path) -> None:
    before = _messy_folder(records)
    done = _killed_while_writing(records, "SIGKILL")
    assert done.returncode == -signal.SIGKILL
    after = _snapshot(records)
    assert {p: after[p] for p in before} == before
    # Nothing can clean up after SIGKILL: what may remain is a hidden, named temporary file.
    for extra in set(after) - set(before):
        assert extra.name.startswith(".") and extra.name.endswith(".tmp"), extra


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigterm_while_writing_lets_the_write_finish_whole(records: Path) -> None:
    before = _messy_folder(records)
    data = _data(before)
    done = _killed_while_writing(records, "SIGTERM")
    assert done.returncode == -signal.SIGTERM
    after = _snapshot(records)
    assert set(after) == set(before)  # no temporary file left
    assert _data(after) == data  # every file complete, with its data
    changed = {p for p in before if after[p] != before[p]}
    assert changed == {
        records / "actors.yaml",
        records / "meetings.yaml",
        records / "sources/src-example-report.yaml",
    }
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("delay", [0.5, 1.0, 1.5, 2.5])
def test_sigterm_at_any_moment_leaves_all_files_old_or_all_formatted(tmp_path: Path, delay: float) -> None:
    from conftest import write_records

    records = write_records(tmp_path)
    for number in range(40):
        shutil.copy(records_dir() / BIG_SOURCE, records / f"sources/src-copy-{number:02}.yaml")
        _make_messy(records / f"sources/src-copy-{number:02}.yaml")
    before = _messy_folder(records)
    data = _data(before)
    process = subprocess.Popen(
        [sys.executable, "-m", "afghan_dialogues", "fmt", str(records)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(delay)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=300)
    after = _snapshot(records)
    assert set(after) == set(before)
    assert _data(after) == data
    changed = [p for p in before if after[p] != before[p]]
    assert changed == [] or len(changed) == 43, changed
    assert "Traceback" not in stderr
