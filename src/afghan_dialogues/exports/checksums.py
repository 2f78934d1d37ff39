"""SHA256SUMS in the format `sha256sum -c` reads: `<hex>  <path>`, one file per line.

The export writes it; `load()`, `validate` and the export's check of a folder it may replace
read it, all through `parse_checksums`, and hash files through `file_sha256`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from pathlib import Path

CHECKSUMS_FILE = "SHA256SUMS"
_LINE = re.compile(r"([0-9a-f]{64}) [ *](.+)")
"""A digest, a space, and a space (text mode) or `*` (binary mode) before the path."""
_BLOCK = 1 << 20


def has_checksums(folder: Path) -> bool:
    """A release folder carries SHA256SUMS beside its data package; a bare package does not."""
    return (folder / CHECKSUMS_FILE).is_file()


def render_checksums(digests: Mapping[str, str]) -> str:
    """Checksum lines for files (paths relative to the release, '/'-separated), sorted by path."""
    return "".join(f"{digests[rel]}  {rel}\n" for rel in sorted(digests))


def parse_checksums(text: str) -> tuple[dict[str, str], list[tuple[int, str]]]:
    """path → sha256 of every checksum line of a SHA256SUMS text, and the lines (number, text)
    that are not one."""
    sums: dict[str, str] = {}
    bad: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _LINE.fullmatch(line)
        if match is None:
            bad.append((number, line))
        else:
            sums[match.group(2)] = match.group(1)
    return sums, bad


def file_sha256(path: Path) -> str:
    """The SHA-256 (hex) of a file, read a megabyte at a time."""
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while block := source.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()
