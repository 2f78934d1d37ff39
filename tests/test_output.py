"""Release files are written the same, byte for byte, around the page cache or through it."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afghan_dialogues.exports import output
from afghan_dialogues.exports.output import ALIGN, OutputFile

both_ways = pytest.mark.parametrize("direct", [True, False], ids=["direct", "through the page cache"])

pieces = st.lists(st.binary(max_size=3 * ALIGN + 7), max_size=12)


def accepts_direct(folder: Path) -> bool:
    """Whether the filesystem under `folder` takes O_DIRECT files (tmpfs did not before Linux 6.6)."""
    if not hasattr(os, "O_DIRECT"):
        return False
    try:
        os.close(os.open(folder / "probe", os.O_WRONLY | os.O_CREAT | os.O_DIRECT))
    except OSError:
        return False
    finally:
        (folder / "probe").unlink(missing_ok=True)
    return True


@pytest.fixture
def small_buffers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Buffers of two blocks, so a few kilobytes cross several buffer and block boundaries."""
    monkeypatch.setattr(output, "BUFFER", 2 * ALIGN)


@both_ways
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chunks=pieces)
def test_what_is_written_is_the_file(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    small_buffers: None,
    direct: bool,
    chunks: list[bytes],
) -> None:
    monkeypatch.setattr(output, "DIRECT", direct)
    path = tmp_path_factory.mktemp("out") / "file"
    with OutputFile(path) as out:
        assert out.direct == (direct and accepts_direct(path.parent))
        for count, chunk in enumerate(chunks, 1):
            assert out.write(chunk) == len(chunk)
            assert out.tell() == sum(map(len, chunks[:count]))
    assert path.read_bytes() == b"".join(chunks)


@both_ways
@pytest.mark.parametrize("size", [0, 1, ALIGN - 1, ALIGN, ALIGN + 1, 2 * ALIGN, 5 * ALIGN + 3])
def test_copies_from_a_file_are_appended_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_buffers: None, direct: bool, size: int
) -> None:
    monkeypatch.setattr(output, "DIRECT", direct)
    source = tmp_path / "source"
    source.write_bytes(os.urandom(size))
    with OutputFile(tmp_path / "file") as out, source.open("rb") as handle:
        out.write(b"head")
        out.copy_from(handle, size)
        out.write(b"tail")
        assert out.tell() == size + 8
    assert (tmp_path / "file").read_bytes() == b"head" + source.read_bytes() + b"tail"


@both_ways
def test_a_source_shorter_than_its_size_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, direct: bool
) -> None:
    monkeypatch.setattr(output, "DIRECT", direct)
    source = tmp_path / "source"
    source.write_bytes(b"12")
    with (
        pytest.raises(OSError, match="shorter than its recorded size"),
        OutputFile(tmp_path / "file") as out,
        source.open("rb") as handle,
    ):
        out.copy_from(handle, 5)
    assert out.closed


def test_a_filesystem_refusing_direct_files_gets_them_written_the_ordinary_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open

    def refusing(path: Any, flags: int, *args: Any) -> int:
        if flags & getattr(os, "O_DIRECT", 0):
            raise OSError(errno.EINVAL, "Invalid argument")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refusing)
    text = os.urandom(3 * ALIGN + 5)
    with OutputFile(tmp_path / "file") as out:
        assert not out.direct
        out.write(text)
    assert (tmp_path / "file").read_bytes() == text


@pytest.mark.skipif(not output.DIRECT, reason="the platform has no O_DIRECT")
def test_a_device_refusing_a_direct_write_gets_the_rest_written_the_ordinary_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_buffers: None
) -> None:
    real_write = os.write
    refused: list[int] = []

    def refusing_once(fd: int, data: Any) -> int:
        if not refused:
            refused.append(fd)
            raise OSError(errno.EINVAL, "Invalid argument")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", refusing_once)
    text = os.urandom(5 * ALIGN + 11)
    with OutputFile(tmp_path / "file") as out:
        out.write(text)
        assert refused
        assert not out.direct
    assert (tmp_path / "file").read_bytes() == text


def test_other_errors_opening_a_file_are_not_hidden(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        OutputFile(tmp_path / "missing" / "file")


@both_ways
def test_files_are_created_as_open_creates_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, direct: bool
) -> None:
    monkeypatch.setattr(output, "DIRECT", direct)
    (tmp_path / "plain").write_bytes(b"x")
    with OutputFile(tmp_path / "ours") as out:
        out.write(b"x")
    assert (tmp_path / "ours").stat().st_mode == (tmp_path / "plain").stat().st_mode


@both_ways
def test_an_abandoned_file_is_closed_without_its_buffered_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, direct: bool
) -> None:
    monkeypatch.setattr(output, "DIRECT", direct)
    out = OutputFile(tmp_path / "file")
    out.write(b"x" * 10)
    out.abandon()
    assert out.closed
    assert (tmp_path / "file").stat().st_size == (0 if direct else 10)
    out.abandon()
    out.close()  # closing twice is nothing


def test_a_failed_tail_write_closes_the_file_and_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = OutputFile(tmp_path / "file")
    out.write(b"x" * 10)

    def full(fd: int, data: Any) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(OSError, match="No space left"):
        out.close()
    assert out.closed


def test_buffers_are_reused_while_a_file_is_open_and_freed_after_the_last() -> None:
    buffers = output._Buffers()
    first = buffers.take()
    second = buffers.take()
    buffers.give(second)
    assert buffers.take() is second
    buffers.give(second)
    buffers.give(first)
    assert first.closed and second.closed


def test_a_closed_file_takes_no_more_writes(tmp_path: Path) -> None:
    out = OutputFile(tmp_path / "file")
    out.write(b"x")
    out.close()
    with pytest.raises(ValueError, match="closed"):
        out.write(b"y")
    with pytest.raises(ValueError, match="closed"), (tmp_path / "file").open("rb") as source:
        out.copy_from(source, 1)
    assert (tmp_path / "file").read_bytes() == b"x"


@both_ways
def test_bytes_a_failed_write_left_unwritten_stay_buffered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_buffers: None, direct: bool
) -> None:
    """The system took one block, then failed: what was taken before the failure is all in
    the file once it is closed, the written block not twice."""
    monkeypatch.setattr(output, "DIRECT", direct)
    real_write = os.write
    calls: list[int] = []

    def one_block_then_full(fd: int, data: Any) -> int:
        calls.append(fd)
        if len(calls) == 1:
            return real_write(fd, memoryview(data)[:ALIGN])
        raise OSError(errno.ENOSPC, "No space left on device")

    text = os.urandom(3 * ALIGN + 10)
    out = OutputFile(tmp_path / "file")
    monkeypatch.setattr(os, "write", one_block_then_full)
    with pytest.raises(OSError, match="No space left"):
        out.write(text)
    monkeypatch.setattr(os, "write", real_write)
    taken = out.tell()
    out.close()
    assert (tmp_path / "file").read_bytes() == text[:taken]
    assert taken >= ALIGN


def open_descriptors() -> set[str]:
    return set(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="no /proc/self/fd to count descriptors")
@both_ways
def test_every_way_of_finishing_a_file_closes_its_descriptor_and_returns_its_buffer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, direct: bool
) -> None:
    monkeypatch.setattr(output, "DIRECT", direct)
    before = open_descriptors()

    closed = OutputFile(tmp_path / "closed")
    closed.write(b"x" * 5000)
    closed.close()

    with OutputFile(tmp_path / "abandoned") as abandoned:
        abandoned.write(b"x" * 5000)
    abandoned.abandon()

    dropped = OutputFile(tmp_path / "dropped")
    dropped.write(b"x")
    del dropped

    def failing_write(fd: int, data: Any) -> int:
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(os, "write", failing_write)
    with pytest.raises(OSError, match="I/O error"), OutputFile(tmp_path / "failing") as failing:
        failing.write(b"x" * 5000)  # fails here, or when closed if it was buffered

    assert open_descriptors() == before
    assert output._BUFFERS._lent == 0
