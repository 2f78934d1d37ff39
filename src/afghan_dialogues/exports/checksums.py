"""SHA256SUMS in the format `sha256sum -c` reads: `<hex>  <path>`, one file per line."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

CHECKSUMS_FILE = "SHA256SUMS"


def file_sha256(path: Path) -> str:
    """Hex digest of a file, read in blocks so large Parquet files need little memory."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def render_checksums(root: Path, files: Iterable[str]) -> str:
    """Checksum lines for files (paths relative to root, '/'-separated), sorted by path."""
    return "".join(f"{file_sha256(root / rel)}  {rel}\n" for rel in sorted(files))
