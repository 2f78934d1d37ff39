"""A zip whose bytes depend only on the files it holds.

zipfile stamps entries with file modification times and copies permissions from disk; here
every entry gets the release date (or 1980-01-01, the zip epoch, while unreleased), mode 0644,
the same compression level, and entries are added in sorted order.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterable
from pathlib import Path

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_FILE_MODE = 0o100644
_UNIX = 3


def entry_time(released: dt.date | None) -> tuple[int, int, int, int, int, int]:
    """The timestamp every entry carries."""
    if released is None:
        return ZIP_EPOCH
    return (released.year, released.month, released.day, 0, 0, 0)


def write_zip(root: Path, files: Iterable[str], target: Path, prefix: str, released: dt.date | None) -> None:
    """Zip files (relative to root) under the folder `prefix/`, deterministically."""
    stamp = entry_time(released)
    with zipfile.ZipFile(target, "w") as archive:
        for rel in sorted(files):
            info = zipfile.ZipInfo(f"{prefix}/{rel}", date_time=stamp)
            info.create_system = _UNIX
            info.external_attr = _FILE_MODE << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, (root / rel).read_bytes(), compresslevel=9)
