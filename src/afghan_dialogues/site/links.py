"""Where a site's pages link to the release files beside it.

In a release the site sits in `site/`, next to the dataset card, the codebook, the data
package, the checksums and the zip, so every page links to them as `../<file>`; a site built
elsewhere links to the files of the release it was built from, wherever they are, or to none.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from afghan_dialogues.datamodel.descriptors import DESCRIPTOR_FILE
from afghan_dialogues.datamodel.models import DatasetInfo
from afghan_dialogues.exports.checksums import CHECKSUMS_FILE
from afghan_dialogues.exports.codebook import CODEBOOK_FILE
from afghan_dialogues.exports.datacard import DATACARD_FILE


@dataclass(frozen=True)
class Link:
    """A release file: what a reader sees, and its address relative to the site's root folder."""

    label: str
    href: str


def _release_files(info: DatasetInfo) -> tuple[tuple[str, str], ...]:
    """(label, file name) of each release file the pages link to, in the order shown."""
    from afghan_dialogues.exports.archive import archive_name

    return (
        ("Dataset card", DATACARD_FILE),
        ("Codebook", CODEBOOK_FILE),
        ("Data package", DESCRIPTOR_FILE),
        ("Whole release (zip)", archive_name(info.name, info.version)),
        ("Checksums", CHECKSUMS_FILE),
    )


def in_release(info: DatasetInfo) -> tuple[Link, ...]:
    """The links of a site written to `site/` inside its release directory."""
    return tuple(Link(label, f"../{name}") for label, name in _release_files(info))


def found_beside(info: DatasetInfo, release: Path, site: Path) -> tuple[Link, ...]:
    """The links from a site written to `site` to those files of `release` that exist."""
    return tuple(
        Link(label, Path(os.path.relpath(release / name, site)).as_posix())
        for label, name in _release_files(info)
        if (release / name).is_file()
    )
