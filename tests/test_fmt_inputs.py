"""`fmt` on hostile or broken input: it touches only regular files inside the records folder,
refuses what it cannot format with the file (and line) and nothing of another file's content,
goes on with the other files, and stays within a bounded time and memory."""

from __future__ import annotations

import builtins
import errno
import io
import os
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from afghan_dialogues.cli import main
from afghan_dialogues.recordfiles import canonical
from afghan_dialogues.recordfiles.canonical import MAX_ENTRIES, MAX_FILE_BYTES, format_file
from conftest import MEETINGS

SECRET = "not-for-your-eyes-4711"

MESSY_MEETINGS = MEETINGS.replace(
    "  - id: mtg-vienna-2022-10\n    title: Opposition gathering in Vienna\n",
    "  - title: Opposition gathering in Vienna\n    id: mtg-vienna-2022-10\n",
)

HANG_GUARD = 30
"""Seconds: a guard against hanging on hostile input, not a speed target (benchmarks/ has those)."""


def _fmt(*args: str) -> Result:
    return CliRunner().invoke(main, ["fmt", *args])


def _clean(result: Result) -> None:
    """No traceback: the command ended by itself, with an exit code."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output


def test_a_symlink_to_a_file_outside_is_reported_and_left_alone(records: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text(MESSY_MEETINGS.replace("Vienna.", f"Vienna. {SECRET}"), encoding="utf-8")
    before = outside.read_bytes()
    link = records / "sources" / "src-linked.yaml"
    link.symlink_to(outside)
    for args in (["--check"], []):
        result = _fmt(*args, str(records))
        _clean(result)
        assert result.exit_code == 1
        assert f"{link}: cannot format: is a symbolic link" in result.stderr
        assert SECRET not in result.output
    assert outside.read_bytes() == before


def test_a_registry_replaced_by_a_symlink_is_not_read(records: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text(f"meetings: [{SECRET}\n", encoding="utf-8")  # a syntax error
    (records / "meetings.yaml").unlink()
    (records / "meetings.yaml").symlink_to(secret)
    result = _fmt(str(records))
    _clean(result)
    assert result.exit_code == 1
    assert "meetings.yaml: cannot format: is a symbolic link" in result.stderr
    assert SECRET not in result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_named_like_a_records_file_is_reported_and_never_opened(records: Path) -> None:
    fifo = records / "sources" / "src-pipe.yaml"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer forever
    result = _fmt("--check", str(records))
    _clean(result)
    assert result.exit_code == 1
    assert f"{fifo}: cannot format: is not a regular file" in result.stderr


def test_an_unreadable_file_is_reported_and_the_others_are_formatted(records: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads files whatever their permissions")
    (records / "meetings.yaml").write_text(MESSY_MEETINGS, encoding="utf-8")
    locked = records / "actors.yaml"
    locked.chmod(0)
    try:
        result = _fmt(str(records))
    finally:
        locked.chmod(0o644)
    _clean(result)
    assert result.exit_code == 1
    assert f"{locked}: cannot format: cannot be read (Permission denied)" in result.stderr
    assert f"formatted {records / 'meetings.yaml'}" in result.stdout
    assert "  - id: mtg-vienna-2022-10" in (records / "meetings.yaml").read_text(encoding="utf-8")


def test_a_file_that_cannot_be_opened_is_reported_and_the_others_are_formatted(
    records: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same as above, for any user: opening the file fails as it would without permission."""
    (records / "meetings.yaml").write_text(MESSY_MEETINGS, encoding="utf-8")
    locked = records / "actors.yaml"
    real_open = io.open

    def fake_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if str(file) == str(locked):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", fake_open)
    monkeypatch.setattr(builtins, "open", fake_open)
    result = _fmt(str(records))
    monkeypatch.undo()
    _clean(result)
    assert result.exit_code == 1
    assert f"{locked}: cannot format: cannot be read (Permission denied)" in result.stderr
    assert f"formatted {records / 'meetings.yaml'}" in result.stdout


@pytest.mark.parametrize("target", ["missing", "dataset.yaml"])
def test_a_path_that_is_not_a_folder_is_a_usage_error(records: Path, target: str) -> None:
    result = _fmt(str(records / target))
    _clean(result)
    assert result.exit_code == 2
    assert "is not a records folder" in result.output


BOMB = "meetings: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"k{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 10)
)
"""About 500 bytes whose aliases expand to ten billion values."""


def test_an_alias_bomb_is_refused_quickly_and_in_little_memory(records: Path) -> None:
    path = records / "meetings.yaml"
    path.write_text(BOMB, encoding="utf-8")
    tracemalloc.start()
    started = time.perf_counter()
    result = format_file(records, path)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert result.canonical is None
    assert result.error == "line 2: anchors and aliases (&name, *name) are not allowed in records"
    assert elapsed < HANG_GUARD and peak < 20 * 2**20


ALIASED = MEETINGS.replace("start: 2022-10-12", "start: &day 2022-10-12").replace(
    "end: 2022-10-12", "end: *day"
)


def test_aliases_are_refused_where_used_and_never_written(records: Path) -> None:
    path = records / "meetings.yaml"
    path.write_text(ALIASED, encoding="utf-8")
    result = _fmt(str(records))
    _clean(result)
    assert result.exit_code == 1
    line = ALIASED.splitlines().index("      end: *day") + 1
    assert f"meetings.yaml: cannot format: line {line}: anchors and aliases" in result.stderr
    assert path.read_text(encoding="utf-8") == ALIASED


def test_an_unused_anchor_is_dropped(records: Path) -> None:
    path = records / "meetings.yaml"
    path.write_text(MEETINGS.replace("city: Vienna", "city: &town Vienna"), encoding="utf-8")
    result = format_file(records, path)
    assert result.canonical is not None
    assert "&town" not in result.canonical and "    city: Vienna\n" in result.canonical


TAGGED = {
    "scalar": ("    city: Vienna\n", "    city: !!python/object:os.system Vienna\n"),
    "mapping": ("    date:\n", "    date: !!python/object:datetime.date\n"),
    "list": ("    source_ids:\n", "    source_ids: !!python/object/apply:os.system\n"),
    "local tag": ("    city: Vienna\n", "    city: !town Vienna\n"),
    "binary": ("    city: Vienna\n", "    city: !!binary Vmllbm5h\n"),
}


@pytest.mark.parametrize("where", sorted(TAGGED))
def test_a_tag_outside_the_core_schema_is_refused_with_file_and_line(records: Path, where: str) -> None:
    old, new = TAGGED[where]
    text = MEETINGS.replace(old, new)
    assert text != MEETINGS
    path = records / "meetings.yaml"
    path.write_text(text, encoding="utf-8")
    result = _fmt(str(records))
    _clean(result)
    assert result.exit_code == 1
    line = text.splitlines().index(new.rstrip("\n")) + 1
    assert f"{path}: cannot format: line {line}: unsupported YAML tag" in result.stderr
    assert path.read_text(encoding="utf-8") == text


def test_a_file_above_the_size_limit_is_refused_unread(records: Path) -> None:
    path = records / "actors.yaml"
    with path.open("r+b") as stream:
        stream.truncate(50 * 2**20)  # 50 MB, sparse: nothing to read but the size
    tracemalloc.start()
    started = time.perf_counter()
    result = format_file(records, path)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert result.error == (
        f"is {50 * 2**20:,} bytes; fmt formats records files of up to {MAX_FILE_BYTES:,} bytes "
        "(records are written by hand, a file is kilobytes)"
    )
    assert elapsed < HANG_GUARD and peak < 2**20


def test_a_file_of_too_many_values_is_refused_before_ruamel_reads_it(records: Path) -> None:
    path = records / "meetings.yaml"
    words = MAX_ENTRIES  # with the key `meetings` itself: one more than the limit
    path.write_text("meetings: [" + ", ".join(["x"] * words) + "]\n", encoding="utf-8")
    assert path.stat().st_size < MAX_FILE_BYTES
    started = time.perf_counter()
    result = format_file(records, path)
    assert result.error == (
        f"holds {MAX_ENTRIES + 1:,} keys and list items; fmt formats files of up to {MAX_ENTRIES:,}"
    )
    assert time.perf_counter() - started < HANG_GUARD


def test_a_file_at_the_limit_of_values_is_formatted_and_one_more_is_not(
    records: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(canonical, "MAX_ENTRIES", 1_000)  # the real limit takes ruamel.yaml 10-20 s
    path = records / "meetings.yaml"
    path.write_text("meetings:\n" + "  - x\n" * 999, encoding="utf-8")  # 999 items + 1 key
    assert format_file(records, path).error is None
    path.write_text("meetings:\n" + "  - x\n" * 1_000, encoding="utf-8")
    assert (
        format_file(records, path).error
        == "holds 1,001 keys and list items; fmt formats files of up to 1,000"
    )


@pytest.mark.parametrize("value", ["2022-02-30", "-_"])
def test_a_value_ruamel_cannot_read_is_refused_not_a_crash(records: Path, value: str) -> None:
    """The records reader keeps both as text; ruamel.yaml raised ValueError and IndexError."""
    path = records / "meetings.yaml"
    text = MEETINGS.replace("    city: Vienna\n", f"    city: Vienna\n    {value}: {value}\n")
    path.write_text(text, encoding="utf-8")
    result = _fmt("--check", str(records))
    _clean(result)
    assert result.exit_code == 1
    assert f"{path}: cannot format: ruamel.yaml cannot rewrite this file (" in result.stderr
    assert path.read_text(encoding="utf-8") == text
