"""The release zip, written by the standard library's zipfile.

zipfile would stamp each entry with the file's modification time and copy its permissions
from disk; here every entry carries the release date (1980-01-01, the zip epoch, while
unreleased) and mode 0644, and entries are added in the order the caller gives, which is
fixed. Text (CSV, JSON, Markdown, checksums, the site) and the SQLite file are deflated by
zlib; Parquet and the workbook, compressed already, are stored. So the zip's bytes depend only
on the files, the Python and the zlib it links.

Each file is read once, front to back: the same blocks are hashed for SHA256SUMS and written
into the zip.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
import zipfile
from contextlib import suppress
from pathlib import Path
from typing import BinaryIO

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
DEFLATE_LEVEL = 1
"""zlib's fastest level: its default level makes the zip of a large release a little smaller
for several times the work (benchmarks/RESULTS.md)."""
STORED = frozenset({".parquet", ".xlsx"})
"""Suffixes of files compressed already, stored in the zip as they are."""
_FILE_MODE = 0o100644
_BLOCK = 1 << 20


def release_name(name: str, version: str) -> str:
    """`<name>-<version>`: the zip's stem and the folder inside it."""
    return f"{name}-{version}"


def archive_name(name: str, version: str) -> str:
    """File name of the release zip. Named after the package name in dataset.yaml rather than a
    fixed string, so a fork publishing its own package does not ship files named after this one."""
    return f"{release_name(name, version)}.zip"


def entry_time(released: dt.date | None) -> tuple[int, int, int, int, int, int]:
    """The timestamp every entry carries."""
    if released is None:
        return ZIP_EPOCH
    return (released.year, released.month, released.day, 0, 0, 0)


class ReleaseZip:
    """A zip of release files, each under `folder/`, written to `file` (which the caller closes)."""

    def __init__(self, file: BinaryIO, folder: str, released: dt.date | None) -> None:
        self._file = file
        self._zip = zipfile.ZipFile(file, "w")
        self._folder = folder
        self._time = entry_time(released)

    def add(self, rel: str, path: Path) -> str:
        """Append the file at `path` as `folder/rel`; returns its SHA-256 (hex)."""
        entry = zipfile.ZipInfo(f"{self._folder}/{rel}", self._time)
        entry.external_attr = _FILE_MODE << 16
        entry.file_size = path.stat().st_size  # zipfile decides on ZIP64 from it
        if path.suffix in STORED:
            entry.compress_type = zipfile.ZIP_STORED
        else:
            entry.compress_type = zipfile.ZIP_DEFLATED
            if sys.version_info >= (3, 13):
                entry.compress_level = DEFLATE_LEVEL
            else:  # the same attribute, private before Python 3.13
                entry._compresslevel = DEFLATE_LEVEL  # type: ignore[attr-defined]
        sha256 = hashlib.sha256()
        with path.open("rb") as source, self._zip.open(entry, "w") as target:
            while block := source.read(_BLOCK):
                sha256.update(block)
                target.write(block)
        return sha256.hexdigest()

    def finish(self) -> None:
        """Write the central directory (what `unzip -l` lists, in the order of the entries)."""
        self._zip.close()

    def abandon(self) -> None:
        """Give up the zip of a failed export: its file is closed, what is buffered dropped if it
        cannot be written, and zipfile is kept from writing its end records into it later."""
        with suppress(OSError):
            self._file.close()
        with suppress(ValueError):  # zipfile cannot seek in the closed file, and lets it go
            self._zip.close()
