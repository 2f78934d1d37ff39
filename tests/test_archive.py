"""The release zip writer lays out its records as zipfile does, byte for byte, ZIP64 included,
for stored entries and for entries its writers deflated."""

from __future__ import annotations

import datetime as dt
import errno
import os
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afghan_dialogues.exports import archive, output, sink
from afghan_dialogues.exports.archive import ZipWriter, entry_time
from afghan_dialogues.exports.output import OutputFile
from afghan_dialogues.exports.sink import hash_file, write_bytes

PREFIX = "example-0.1.0"
Files = dict[str, bytes]

file_names = st.text(alphabet=st.sampled_from("abz/._-é"), min_size=1, max_size=8).filter(
    lambda n: not n.startswith("/") and not n.endswith("/") and "//" not in n
)
files = st.dictionaries(file_names, st.binary(max_size=300), min_size=1, max_size=6)
dates = st.none() | st.dates(min_value=dt.date(1980, 1, 1), max_value=dt.date(2107, 12, 31))


def deflated(rel: str) -> bool:
    """Which entries the tests deflate: text, as an export does (Parquet is stored)."""
    return not rel.endswith(".parquet")


def ours(
    root: Path, content: Files, released: dt.date | None, order: list[str], *, deflate: bool = False
) -> bytes:
    written = {}
    for index, rel in enumerate(sorted(content)):
        path = root / f"file-{index}"
        if deflate and deflated(rel):
            written[rel] = write_bytes(path, content[rel], deflate=True)
        else:
            path.write_bytes(content[rel])
            written[rel] = hash_file(path)
    target = root / "ours.zip"
    writer = ZipWriter(target, PREFIX, released)
    for rel in order:
        writer.add(rel, written[rel])
    writer.close()
    return target.read_bytes()


def reference(root: Path, content: Files, released: dt.date | None, *, deflate: bool = False) -> bytes:
    """What zipfile writes for the same entries, added in name order."""
    target = root / "reference.zip"
    with zipfile.ZipFile(target, "w") as out:
        for rel in sorted(content):
            info = zipfile.ZipInfo(f"{PREFIX}/{rel}", date_time=entry_time(released))
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED if deflate and deflated(rel) else zipfile.ZIP_STORED
            out.writestr(info, content[rel])
    return target.read_bytes()


@pytest.fixture
def zipfiles_deflate(monkeypatch: pytest.MonkeyPatch) -> None:
    """Deflate as zipfile does (zlib at its default level), so the bytes can be compared."""
    level = zlib.Z_DEFAULT_COMPRESSION
    monkeypatch.setattr(sink, "deflater", lambda: zlib.compressobj(level, zlib.DEFLATED, -15))


@pytest.mark.parametrize("deflate", [False, True], ids=["stored", "deflated"])
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=files, released=dates)
def test_the_zip_is_what_zipfile_writes_for_the_same_files(
    tmp_path_factory: pytest.TempPathFactory,
    zipfiles_deflate: None,
    deflate: bool,
    content: Files,
    released: dt.date | None,
) -> None:
    root = tmp_path_factory.mktemp("zip")
    written = ours(root, content, released, sorted(content), deflate=deflate)
    assert written == reference(root, content, released, deflate=deflate)


@pytest.mark.parametrize("deflate", [False, True], ids=["stored", "deflated by ISA-L"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=files, data=st.data())
def test_files_added_in_any_order_are_listed_by_name_and_read_back_intact(
    tmp_path_factory: pytest.TempPathFactory, deflate: bool, content: Files, data: st.DataObject
) -> None:
    root = tmp_path_factory.mktemp("zip")
    order = data.draw(st.permutations(sorted(content)))
    (root / "any.zip").write_bytes(ours(root, content, None, order, deflate=deflate))
    with zipfile.ZipFile(root / "any.zip") as back:
        assert back.testzip() is None
        assert back.namelist() == [f"{PREFIX}/{rel}" for rel in sorted(content)]
        methods = {i.filename.split("/", 1)[1]: i.compress_type for i in back.infolist()}
        assert methods == {
            rel: zipfile.ZIP_DEFLATED if deflate and deflated(rel) else zipfile.ZIP_STORED for rel in content
        }
        assert {n.split("/", 1)[1]: back.read(n) for n in back.namelist()} == content


def test_deflated_bytes_beyond_what_is_held_in_memory_spill_to_a_file_that_the_zip_removes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sink, "HELD_BYTES", 64)
    text = os.urandom(5000)  # incompressible: deflated, it is larger than 64 bytes
    with sink.HashingFile(tmp_path / "a.csv", deflate=True) as out:
        for start in range(0, len(text), 700):
            out.write(text[start : start + 700])
    written = out.written()
    assert written.deflated is not None and written.deflated.spill is not None
    assert written.deflated.spill.stat().st_size == written.deflated.size
    writer = ZipWriter(tmp_path / "out.zip", PREFIX, None)
    writer.add("a.csv", written)
    writer.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "out.zip"]
    with zipfile.ZipFile(tmp_path / "out.zip") as back:
        assert back.read(f"{PREFIX}/a.csv") == text


class _Opened:
    """Every file the export's writers open, to see which are left open; writes to the files
    named `fail_writes_of` fail as on a full disk."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, fail_writes_of: str | None = None) -> None:
        self.files: list[OutputFile] = []
        real_init = OutputFile.__init__
        files = self.files

        def opening(out: OutputFile, path: Path) -> None:
            real_init(out, path)
            files.append(out)
            if fail_writes_of is not None and path.name.endswith(fail_writes_of):
                monkeypatch.setattr(out, "write", _disk_full)

        monkeypatch.setattr(OutputFile, "__init__", opening)

    def left_open(self) -> list[str]:
        return [f.name for f in self.files if not f.closed]


def _disk_full(*args: object) -> int:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_file_that_fails_while_written_leaves_no_file_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sink, "HELD_BYTES", 0)
    opened = _Opened(monkeypatch)
    with (
        pytest.raises(RuntimeError, match="rendering failed"),
        sink.HashingFile(tmp_path / "a.json", deflate=True) as out,
    ):
        out.write(os.urandom(2_000_000))
        raise RuntimeError("rendering failed")
    assert len(opened.files) == 2  # the file and its spill
    assert opened.left_open() == []


def test_a_spill_file_that_cannot_be_written_leaves_no_file_open_and_its_error_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sink, "HELD_BYTES", 0)
    opened = _Opened(monkeypatch, fail_writes_of=".deflated")
    with (
        pytest.raises(OSError, match="No space left"),
        sink.HashingFile(tmp_path / "a.csv", deflate=True) as out,
    ):
        out.write(os.urandom(2_000_000))
    assert opened.left_open() == []


def test_a_file_whose_close_fails_leaves_its_spill_file_closed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sink, "HELD_BYTES", 0)
    opened = _Opened(monkeypatch)
    out = sink.HashingFile(tmp_path / "a.csv", deflate=True)
    out.write(os.urandom(2_000_000))
    real_close = opened.files[0].close

    def failing_close() -> None:
        real_close()
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(opened.files[0], "close", failing_close)
    with pytest.raises(OSError, match="No space left"):
        out.close()
    assert opened.left_open() == []


@pytest.mark.parametrize("direct", [True, False], ids=["direct", "through the page cache"])
@pytest.mark.parametrize("most", [7, output.ALIGN], ids=["7 bytes", "one block"])
def test_short_writes_to_the_zip_are_completed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, direct: bool, most: int
) -> None:
    """The system may take fewer bytes than given (a whole block, which a direct write may
    take, or a few bytes, which it refuses); every byte must still arrive."""
    monkeypatch.setattr(output, "DIRECT", direct)
    content = {"a.csv": b"a,b\r\n1,2\r\n" * 3000, "b.parquet": b"z" * 9000, "c.json": b"[]\n"}
    whole = ours(tmp_path, content, None, sorted(content), deflate=True)
    real_write = os.write

    def trickle(fd: int, data: Any) -> int:
        return real_write(fd, memoryview(data)[:most])

    monkeypatch.setattr(os, "write", trickle)
    monkeypatch.setattr(os, "copy_file_range", _no_kernel_copy)
    assert ours(tmp_path, content, None, sorted(content), deflate=True) == whole


def _no_kernel_copy(*args: object) -> int:
    raise OSError(errno.EXDEV, "cross-device")


def test_large_sizes_offsets_and_counts_use_zip64_as_zipfile_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for module in (archive, zipfile):
        monkeypatch.setattr(module, "ZIP64_LIMIT", 150)
    monkeypatch.setattr(archive, "FILECOUNT_LIMIT", 3)
    monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 3)
    content = {"a.csv": b"x" * 200, "b.json": b"y" * 40, "c/d.parquet": b"z" * 160, "e.md": b""}
    written = ours(tmp_path, content, dt.date(2026, 11, 1), sorted(content))
    assert written == reference(tmp_path, content, dt.date(2026, 11, 1))
    assert b"PK\x06\x06" in written
    with zipfile.ZipFile(tmp_path / "ours.zip") as back:
        assert back.testzip() is None
        assert back.read(f"{PREFIX}/c/d.parquet") == content["c/d.parquet"]


def test_deflated_entries_use_zip64_as_zipfile_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, zipfiles_deflate: None
) -> None:
    """ZIP64 follows the size before compression: 200 bytes deflate to a few, still ZIP64."""
    for module in (archive, zipfile):
        monkeypatch.setattr(module, "ZIP64_LIMIT", 150)
    content = {"a.csv": b"x" * 200, "b.json": b"y" * 40, "c/d.parquet": b"z" * 160}
    written = ours(tmp_path, content, None, sorted(content), deflate=True)
    assert written == reference(tmp_path, content, None, deflate=True)
    with zipfile.ZipFile(tmp_path / "ours.zip") as back:
        assert back.testzip() is None
        assert {n.split("/", 1)[1]: back.read(n) for n in back.namelist()} == content


def test_without_a_kernel_copy_the_bytes_are_copied_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files written through the page cache are appended to the zip by copy_file_range."""
    monkeypatch.setattr(output, "DIRECT", False)
    content = {"a.csv": b"a,b\r\n1,2\r\n" * 50, "b.json": b"[]\n"}
    kernel = ours(tmp_path, content, None, sorted(content))

    monkeypatch.setattr(os, "copy_file_range", _no_kernel_copy)
    assert ours(tmp_path, content, None, sorted(content)) == kernel


def test_a_failing_kernel_copy_is_not_hidden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(output, "DIRECT", False)

    def failing(*args: object) -> int:
        raise OSError(errno.EIO, "input/output error")

    monkeypatch.setattr(os, "copy_file_range", failing)
    with pytest.raises(OSError, match="input/output"):
        ours(tmp_path, {"a.csv": b"1"}, None, ["a.csv"])


@pytest.mark.parametrize("direct", [True, False], ids=["direct", "through the page cache"])
def test_a_file_shorter_than_recorded_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, direct: bool
) -> None:
    monkeypatch.setattr(output, "DIRECT", direct)
    path = tmp_path / "a.csv"
    path.write_bytes(b"12345")
    written = hash_file(path)
    path.write_bytes(b"12")
    writer = ZipWriter(tmp_path / "out.zip", PREFIX, None)
    with pytest.raises(OSError, match="shorter than its recorded size"):
        writer.add("a.csv", written)
    writer.abort()
