"""Release files written once, front to back, with their checksums computed on the way.

SHA256SUMS needs every file's SHA-256 and the zip every file's CRC-32 and size. Computing them
on the buffers as they are written costs no second read of a gigabyte of CSV and JSON, and
spreads the hashing over the threads that write the files (hashlib and zlib release the GIL).
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

from afghan_dialogues.exports.timing import Timings

_BLOCK = 1 << 20


class Writable(Protocol):
    """Where rendered text goes: a binary file, or a file that hashes what passes through it."""

    def write(self, data: Any, /) -> Any: ...


@dataclass(frozen=True)
class Written:
    """A file of the release as the checksums and the zip need it."""

    path: Path
    sha256: str
    crc32: int
    size: int


class HashingFile:
    """A binary file that hashes what is written to it; `written()` once it is closed.

    With `timings`, writing counts as `kind` and hashing as 'checksums'.
    """

    def __init__(self, path: Path, timings: Timings | None = None, kind: str = "other") -> None:
        self.path = path
        self._handle = path.open("wb")
        self._sha256 = hashlib.sha256()
        self._crc32 = 0
        self._size = 0
        self._timings = timings if timings is not None else Timings()
        self._kind = kind

    def write(self, data: Any, /) -> None:
        """Write bytes or any buffer (an Arrow buffer is written without a copy)."""
        view = memoryview(data)
        with self._timings.measure(self._kind):
            self._handle.write(view)
        with self._timings.measure("checksums"):
            self._sha256.update(view)
            self._crc32 = zlib.crc32(view, self._crc32)
        self._size += view.nbytes

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> HashingFile:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def written(self) -> Written:
        """What was written, once the file is complete."""
        return Written(self.path, self._sha256.hexdigest(), self._crc32, self._size)


def write_bytes(path: Path, data: bytes, timings: Timings | None = None) -> Written:
    """A small file written in one go."""
    with HashingFile(path, timings) as out:
        out.write(data)
    return out.written()


def hash_file(path: Path) -> Written:
    """The checksums of a file some other writer produced (Parquet), read in blocks."""
    sha256 = hashlib.sha256()
    crc32 = 0
    size = 0
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(_BLOCK), b""):
            sha256.update(block)
            crc32 = zlib.crc32(block, crc32)
            size += len(block)
    return Written(path, sha256.hexdigest(), crc32, size)
