"""Write a file so that it is either wholly there or not there at all.

The maintainer commands (`new-source`, `stats --write-readme`) write into the repository a
person is editing: an interrupted write must not leave half a snapshot whose sha256 was
already recorded, or a README cut in the middle. Each file is written to a temporary sibling
(same folder, so the final rename stays on one filesystem), flushed to disk, then moved into
place.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def _staged(path: Path, data: bytes) -> Iterator[Path]:
    """A synced temporary sibling of `path` holding `data`; removed if it is still there after."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o644)
        yield temp
    finally:
        temp.unlink(missing_ok=True)


def create_file(path: Path, data: bytes) -> None:
    """Write a new file; raise FileExistsError, changing nothing, when `path` exists.

    The file appears by a hard link of the synced temporary file, which fails instead of
    replacing a file created meanwhile (a rename would silently overwrite it).
    """
    if path.exists() or path.is_symlink():
        raise FileExistsError(f"{path} already exists")
    with _staged(path, data) as temp:
        os.link(temp, path)


def replace_file(path: Path, data: bytes) -> None:
    """Replace (or create) a file in one rename."""
    with _staged(path, data) as temp:
        os.replace(temp, path)
