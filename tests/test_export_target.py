"""`export --out`: what it may replace, the lock, what a killed export leaves for the next one,
and what a failing write leaves (the previous release, byte for byte)."""

from __future__ import annotations

import errno
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import pytest

from afghan_dialogues.exports import writer
from afghan_dialogues.exports.target import TargetError
from afghan_dialogues.exports.writer import Release, export_release
from conftest import dataset_of

ZIP = "example-dialogues-0.1.0.zip"


def export(records: Path, out: Path) -> Release:
    return export_release(dataset_of(records), out)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def beside(tmp_path: Path) -> list[str]:
    """What is in the folder holding `records` and `release`."""
    return sorted(p.name for p in tmp_path.iterdir())


LEFT_ALONE = [".release.lock", "records", "release"]
"""After an export to tmp_path/release, failed or not: the lock file stays, nothing else."""


@pytest.fixture
def previous(records: Path, tmp_path: Path) -> dict[str, bytes]:
    """A first release in tmp_path/release; its files, byte for byte."""
    export(records, tmp_path / "release")
    return tree(tmp_path / "release")


# What may be replaced.


def test_export_replaces_a_previous_release_of_the_same_dataset(
    records: Path, tmp_path: Path, previous: dict[str, bytes]
) -> None:
    (records / "dataset.yaml").write_text(
        (records / "dataset.yaml").read_text(encoding="utf-8").replace("version: 0.1.0", "version: 0.2.0"),
        encoding="utf-8",
    )
    export(records, tmp_path / "release")
    files = tree(tmp_path / "release")
    assert "example-dialogues-0.2.0.zip" in files and ZIP not in files
    assert beside(tmp_path) == LEFT_ALONE


def test_export_writes_into_a_folder_that_does_not_exist_yet(records: Path, tmp_path: Path) -> None:
    out = tmp_path / "new" / "release"
    assert (export(records, out).directory / "datapackage.json").is_file()


def test_export_writes_into_an_existing_empty_folder(records: Path, tmp_path: Path) -> None:
    out = tmp_path / "release"
    out.mkdir()
    assert (export(records, out).directory / "datapackage.json").is_file()


def refused(records: Path, out: Path, message: str) -> None:
    before = tree(out) if out.is_dir() else None
    with pytest.raises(TargetError, match=message):
        export(records, out)
    assert (tree(out) if out.is_dir() else None) == before


def test_export_refuses_a_folder_without_a_data_package(records: Path, tmp_path: Path) -> None:
    out = tmp_path / "notes"
    out.mkdir()
    (out / "mine.txt").write_text("keep me", encoding="utf-8")
    refused(records, out, "holds no datapackage.json")


def test_export_refuses_a_folder_with_an_unrelated_data_package(records: Path, tmp_path: Path) -> None:
    out = tmp_path / "survey"
    (out / "data").mkdir(parents=True)
    (out / "datapackage.json").write_text(
        '{"name": "household-survey", "version": "2.0.0"}', encoding="utf-8"
    )
    (out / "data" / "answers.csv").write_text("id,answer\n1,yes\n", encoding="utf-8")
    refused(records, out, "names the dataset 'household-survey', not 'example-dialogues'")
    assert not (tmp_path / ".survey.lock").exists()


def test_export_refuses_a_release_of_this_dataset_holding_a_file_it_does_not_list(
    records: Path, tmp_path: Path, previous: dict[str, bytes]
) -> None:
    (tmp_path / "release" / "csv" / "my-analysis.csv").write_text("mine\n", encoding="utf-8")
    refused(records, tmp_path / "release", r"does not list: csv/my-analysis.csv")


def test_export_refuses_a_release_of_this_dataset_holding_a_folder_it_does_not_have(
    records: Path, tmp_path: Path, previous: dict[str, bytes]
) -> None:
    (tmp_path / "release" / "figures").mkdir()
    refused(records, tmp_path / "release", "folders a release does not: figures")


def test_export_refuses_a_release_missing_a_file_its_checksums_list(
    records: Path, tmp_path: Path, previous: dict[str, bytes]
) -> None:
    (tmp_path / "release" / "codebook.md").unlink()
    refused(records, tmp_path / "release", "lacks files its SHA256SUMS lists: codebook.md")


def test_export_refuses_a_release_whose_checksums_hold_a_line_that_is_no_checksum(
    records: Path, tmp_path: Path, previous: dict[str, bytes]
) -> None:
    sums = tmp_path / "release" / "SHA256SUMS"
    sums.write_text(sums.read_text(encoding="utf-8") + "not a checksum\n", encoding="utf-8")
    refused(records, tmp_path / "release", "is not a checksum line")


def test_export_refuses_a_data_package_of_this_dataset_without_checksums(
    records: Path, tmp_path: Path, previous: dict[str, bytes]
) -> None:
    (tmp_path / "release" / "SHA256SUMS").unlink()
    refused(records, tmp_path / "release", "holds no readable SHA256SUMS")


def test_export_refuses_a_file(records: Path, tmp_path: Path) -> None:
    out = tmp_path / "release"
    out.write_text("not a folder", encoding="utf-8")
    with pytest.raises(TargetError, match="not a folder"):
        export(records, out)
    assert out.read_text(encoding="utf-8") == "not a folder"


def test_the_refusal_says_what_may_be_replaced_and_what_to_do(records: Path, tmp_path: Path) -> None:
    out = tmp_path / "notes"
    out.mkdir()
    (out / "datapackage.json").write_text(json.dumps({"name": "other", "version": "1.0.0"}), encoding="utf-8")
    with pytest.raises(TargetError) as caught:
        export(records, out)
    assert "only an empty folder or a previous release of example-dialogues" in str(caught.value)
    assert "choose another --out" in str(caught.value)


# Lock and leftovers.


@pytest.mark.skipif(sys.platform == "win32", reason="the test holds the lock with fcntl")
def test_a_second_export_to_the_same_folder_fails_at_once_while_the_first_holds_the_lock(
    records: Path, tmp_path: Path, previous: dict[str, bytes]
) -> None:
    import fcntl

    with (tmp_path / ".release.lock").open("a+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(TargetError, match="another export is writing to"):
            export(records, tmp_path / "release")
        assert tree(tmp_path / "release") == previous
    export(records, tmp_path / "release")  # released: the next export goes ahead


def test_a_staging_folder_left_by_a_killed_export_is_removed_by_the_next(
    records: Path, tmp_path: Path, previous: dict[str, bytes]
) -> None:
    left = tmp_path / ".release.staging"
    (left / "csv").mkdir(parents=True)
    (left / "csv" / "claims.csv").write_bytes(b"half a file")
    export(records, tmp_path / "release")
    assert tree(tmp_path / "release") == previous
    assert beside(tmp_path) == LEFT_ALONE


KILLED_MIDWAY = """
import sys, time
from pathlib import Path
from afghan_dialogues.cli import main
from afghan_dialogues.exports import writer

real = writer.create

def create(path):
    if path.name == "claims.json":
        Path(sys.argv[-1]).write_text("writing claims.json", encoding="utf-8")
        time.sleep(600)
    return real(path)

writer.create = create
main(sys.argv[1:-1])
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_an_export_killed_midway_leaves_the_previous_release_and_the_next_export_goes_ahead(
    records: Path, tmp_path: Path, previous: dict[str, bytes]
) -> None:
    import signal
    import time

    marker = tmp_path / "marker"
    arguments = ["export", str(records), "--out", str(tmp_path / "release"), str(marker)]
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_MIDWAY, *arguments], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "the export never reached claims.json"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    marker.unlink()
    assert (tmp_path / ".release.staging" / "json" / "sources.json").is_file()  # what the kill left
    assert tree(tmp_path / "release") == previous
    export(records, tmp_path / "release")  # the lock went with the process; the staging folder goes
    assert tree(tmp_path / "release") == previous
    assert beside(tmp_path) == LEFT_ALONE


def test_a_release_left_aside_by_an_export_killed_mid_swap_is_put_back_before_anything_else(
    records: Path, tmp_path: Path, previous: dict[str, bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "release").rename(tmp_path / ".release.previous")
    monkeypatch.setattr(writer, "create", failing_create("csv/claims.csv", room=0))
    with pytest.raises(OSError):
        export(records, tmp_path / "release")
    assert tree(tmp_path / "release") == previous
    assert beside(tmp_path) == LEFT_ALONE


def test_a_release_left_aside_next_to_a_new_one_is_removed(
    records: Path, tmp_path: Path, previous: dict[str, bytes]
) -> None:
    (tmp_path / ".release.previous" / "csv").mkdir(parents=True)
    export(records, tmp_path / "release")
    assert beside(tmp_path) == LEFT_ALONE


# Failing writes.


class FullDisk(io.RawIOBase):
    """A new file on a disk with `room` bytes left: a write takes what fits, the next one fails
    with ENOSPC, as write(2) does on a full disk."""

    def __init__(self, path: Path, room: int) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        self._room = room

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        return os.lseek(self._fd, offset, whence)

    def tell(self) -> int:
        return os.lseek(self._fd, 0, os.SEEK_CUR)

    def fileno(self) -> int:
        return self._fd

    def write(self, data: object) -> int:
        if self._room <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written = os.write(self._fd, memoryview(data).cast("B")[: self._room])  # type: ignore[arg-type]
        self._room -= written
        return written

    def close(self) -> None:
        if not self.closed:
            os.close(self._fd)
        super().close()


def failing_create(rel: str, room: int) -> Callable[[Path], BinaryIO]:
    """`writer.create`, but the file `rel` of the staging folder is on a disk with `room` bytes left."""
    real = writer.create

    def create(path: Path) -> BinaryIO:
        if path.as_posix().endswith(f".staging/{rel}"):
            return io.BufferedWriter(FullDisk(path, room), buffer_size=4096)
        return real(path)

    return create


@pytest.mark.parametrize(
    "rel",
    ["datapackage.json", "csv/claims.csv", "json/actors.json", "parquet/claims.parquet", "SHA256SUMS", ZIP],
)
def test_a_full_disk_midway_through_a_file_leaves_the_previous_release_byte_for_byte(
    records: Path, tmp_path: Path, previous: dict[str, bytes], monkeypatch: pytest.MonkeyPatch, rel: str
) -> None:
    monkeypatch.setattr(writer, "create", failing_create(rel, room=len(previous[rel]) // 2))
    with pytest.raises(OSError) as caught:
        export(records, tmp_path / "release")
    assert caught.value.errno == errno.ENOSPC
    assert tree(tmp_path / "release") == previous
    assert beside(tmp_path) == LEFT_ALONE


def test_a_full_disk_on_the_first_export_leaves_no_folder(
    records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "create", failing_create("json/claims.json", room=100))
    with pytest.raises(OSError):
        export(records, tmp_path / "release")
    assert beside(tmp_path) == [".release.lock", "records"]


@pytest.mark.skipif(not hasattr(os, "setpgid"), reason="RLIMIT_FSIZE is a POSIX limit")
def test_a_file_size_limit_hit_by_the_export_command_leaves_the_previous_release_byte_for_byte(
    records: Path, tmp_path: Path, previous: dict[str, bytes]
) -> None:
    """The kernel refuses the write (EFBIG; Python ignores SIGXFSZ) once a file would outgrow
    the limit: the largest files of the release cannot be written, the others can."""
    limit = max(len(data) for data in previous.values()) // 2
    code = (
        "import resource, sys\n"
        "hard = resource.getrlimit(resource.RLIMIT_FSIZE)[1]\n"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, hard))\n"
        "from afghan_dialogues.cli import main\n"
        "main(sys.argv[1:])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "export", str(records), "--out", str(tmp_path / "release")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "export failed" in result.stderr and "left as it was" in result.stderr
    assert tree(tmp_path / "release") == previous
    assert beside(tmp_path) == LEFT_ALONE
