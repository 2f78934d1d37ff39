"""SHA256SUMS in the format `sha256sum -c` reads: `<hex>  <path>`, one file per line."""

from __future__ import annotations

from collections.abc import Mapping

CHECKSUMS_FILE = "SHA256SUMS"


def render_checksums(digests: Mapping[str, str]) -> str:
    """Checksum lines for files (paths relative to the release, '/'-separated), sorted by path."""
    return "".join(f"{digests[rel]}  {rel}\n" for rel in sorted(digests))


def listed_files(text: str) -> set[str]:
    """The paths a SHA256SUMS text lists; ValueError for a line that is not `<hex>  <path>`."""
    paths = set()
    for line in text.splitlines():
        digest, separator, path = line.partition("  ")
        if not separator or not path or len(digest) != 64:
            raise ValueError(f"not a checksum line: {line!r}")
        paths.add(path)
    return paths
