"""SHA256SUMS in the format `sha256sum -c` reads: `<hex>  <path>`, one file per line."""

from __future__ import annotations

from collections.abc import Mapping

CHECKSUMS_FILE = "SHA256SUMS"


def render_checksums(digests: Mapping[str, str]) -> str:
    """Checksum lines for files (paths relative to the release, '/'-separated), sorted by path.

    The digests are the ones computed while the files were written (exports.sink).
    """
    return "".join(f"{digests[rel]}  {rel}\n" for rel in sorted(digests))
