"""A zip whose bytes depend only on the files it holds.

zipfile stamps entries with file modification times and copies permissions from disk, and it
computes every entry's CRC-32 again while reading the file back. Here every entry gets the
release date (or 1980-01-01, the zip epoch, while unreleased) and mode 0644, and its CRC, size
and deflated bytes come from the writer that produced the file (exports.sink).

Text files (CSV, JSON, Markdown, checksums) are deflated; Parquet, compressed already, is
stored, its bytes copied from the file (the zip is written like the other files, by
exports.output). For a million claims the 1.5 GB of CSV and JSON deflate to about 190 MB,
which makes the export about 0.2 s slower than storing them (zlib's fastest level made it
5.8 s slower).

Entries are appended in the order the export finishes the files, which is fixed, and the
central directory (what `unzip -l` and zipfile list) is sorted by name. The records are laid
out as zipfile lays them out, byte for byte, including its ZIP64 rules for large files;
`tests/test_archive.py` checks this against zipfile itself. The deflated bytes themselves
depend on the ISA-L version, and may depend on the processor (ISA-L picks its code by CPU
features): the same dataset gives the same zip on the same machine and libraries, while the
files inside it, and SHA256SUMS, are the same everywhere.
"""

from __future__ import annotations

import datetime as dt
import struct
from dataclasses import dataclass
from pathlib import Path

from afghan_dialogues.exports.output import OutputFile
from afghan_dialogues.exports.sink import Deflated, Written

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
ZIP64_LIMIT = (1 << 31) - 1
"""Sizes and offsets above this are written in ZIP64 extra fields (zipfile's threshold)."""
FILECOUNT_LIMIT = (1 << 16) - 1

_FILE_MODE = 0o100644
_UNIX = 3
_STORED = 0
_DEFLATED = 8
_VERSION = 20
_ZIP64_VERSION = 45
_UTF8_NAME = 0x800
_ZIP64_EXTRA = 1
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_END64 = struct.Struct("<4sQ2H2L4Q")
_LOCATOR = struct.Struct("<4sLQL")


def entry_time(released: dt.date | None) -> tuple[int, int, int, int, int, int]:
    """The timestamp every entry carries."""
    if released is None:
        return ZIP_EPOCH
    return (released.year, released.month, released.day, 0, 0, 0)


@dataclass(frozen=True)
class _Entry:
    name: bytes
    flags: int
    crc32: int
    size: int
    packed: int
    """Size of the entry's data in the zip (the size, when stored)."""
    method: int
    offset: int
    version: int


def _name(name: str) -> tuple[bytes, int]:
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), _UTF8_NAME


class ZipWriter:
    """Writes a zip of release files, each under `prefix/`, as the files are finished."""

    def __init__(self, path: Path, prefix: str, released: dt.date | None) -> None:
        self._out = OutputFile(path)
        self._prefix = prefix
        stamp = entry_time(released)
        self._date = (stamp[0] - 1980) << 9 | stamp[1] << 5 | stamp[2]
        self._time = stamp[3] << 11 | stamp[4] << 5 | stamp[5] // 2
        self._entries: list[_Entry] = []

    def add(self, rel: str, written: Written) -> None:
        """Append the file `written` describes as `prefix/rel`: deflated when its writer deflated
        it, else stored. A deflated spill file is removed once copied."""
        name, flags = _name(f"{self._prefix}/{rel}")
        size, deflated = written.size, written.deflated
        packed, method = (deflated.size, _DEFLATED) if deflated is not None else (size, _STORED)
        # zipfile decides on ZIP64 from the size before compression, with 5% to spare.
        zip64 = size * 1.05 > ZIP64_LIMIT
        extra = struct.pack("<HHQQ", _ZIP64_EXTRA, 16, size, packed) if zip64 else b""
        version = _ZIP64_VERSION if zip64 else _VERSION
        offset = self._out.tell()
        self._out.write(
            _LOCAL.pack(
                b"PK\x03\x04",
                version,
                0,
                flags,
                method,
                self._time,
                self._date,
                written.crc32,
                0xFFFFFFFF if zip64 else packed,
                0xFFFFFFFF if zip64 else size,
                len(name),
                len(extra),
            )
            + name
            + extra
        )
        if deflated is None:
            with written.path.open("rb") as source:
                self._out.copy_from(source, size)
        else:
            self._append(deflated)
        self._entries.append(_Entry(name, flags, written.crc32, size, packed, method, offset, version))

    def _append(self, deflated: Deflated) -> None:
        if deflated.spill is None:
            self._out.write(deflated.held)
            return
        with deflated.spill.open("rb") as source:
            self._out.copy_from(source, deflated.size)
        deflated.spill.unlink()

    def _central(self, entry: _Entry) -> bytes:
        extra: list[int] = []
        size, packed = entry.size, entry.packed
        if size > ZIP64_LIMIT or packed > ZIP64_LIMIT:
            extra += [size, packed]
            size = packed = 0xFFFFFFFF
        if entry.offset > ZIP64_LIMIT:
            extra.append(entry.offset)
            offset = 0xFFFFFFFF
        else:
            offset = entry.offset
        data = struct.pack(f"<HH{len(extra)}Q", _ZIP64_EXTRA, 8 * len(extra), *extra) if extra else b""
        version = max(entry.version, _ZIP64_VERSION if extra else 0)
        return (
            _CENTRAL.pack(
                b"PK\x01\x02",
                version,
                _UNIX,
                version,
                0,
                entry.flags,
                entry.method,
                self._time,
                self._date,
                entry.crc32,
                packed,
                size,
                len(entry.name),
                len(data),
                0,
                0,
                0,
                _FILE_MODE << 16,
                offset,
            )
            + entry.name
            + data
        )

    def close(self) -> None:
        """Write the central directory, sorted by name, and the end records."""
        start = self._out.tell()
        self._out.write(b"".join(self._central(e) for e in sorted(self._entries, key=lambda e: e.name)))
        end = self._out.tell()
        count, size = len(self._entries), end - start
        if count > FILECOUNT_LIMIT or start > ZIP64_LIMIT or size > ZIP64_LIMIT:
            self._out.write(_END64.pack(b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, size, start))
            self._out.write(_LOCATOR.pack(b"PK\x06\x07", 0, end, 1))
            count, size, start = min(count, 0xFFFF), min(size, 0xFFFFFFFF), min(start, 0xFFFFFFFF)
        self._out.write(_END.pack(b"PK\x05\x06", 0, 0, count, count, size, start, 0))
        self._out.close()

    def abort(self) -> None:
        """Close the file without finishing it (the export failed; its directory goes)."""
        self._out.abandon()
