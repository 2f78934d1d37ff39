"""Where records live on disk, and which model each file holds.

```
records/
  dataset.yaml              package metadata and the dataset version
  actors.yaml               actors:          [Actor]
  affiliations.yaml         affiliations:    [Affiliation]
  meetings.yaml             meetings:        [Meeting]
  participants.yaml         participants:    [Participation]
  claim_relations.yaml      claim_relations: [ClaimRelation]
  tombstones.yaml           tombstones:      [Tombstone]
  sources/<source-id>.yaml  source: Source, claims: [Claim]  (claims take the file's source id)
  texts/<source-id>.txt     the article body the claims are quoted from
  *.md                      curation notes for reviewers
```

Registries hold the records that several sources share; a source file holds what belongs to
one document, so adding an article is one new file plus registry entries.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from afghan_dialogues.datamodel.models import (
    Actor,
    Affiliation,
    Claim,
    ClaimRelation,
    Meeting,
    Model,
    Participation,
    Source,
    Tombstone,
)

DATASET_FILE = "dataset.yaml"
SOURCES_DIR = "sources"
TEXTS_DIR = "texts"

REGISTRIES: dict[str, tuple[str, type[Model]]] = {
    "actors.yaml": ("actors", Actor),
    "affiliations.yaml": ("affiliations", Affiliation),
    "meetings.yaml": ("meetings", Meeting),
    "participants.yaml": ("participants", Participation),
    "claim_relations.yaml": ("claim_relations", ClaimRelation),
    "tombstones.yaml": ("tombstones", Tombstone),
}

SOURCE_FILE_KEYS: dict[str, type[Model]] = {"source": Source, "claims": Claim}


@dataclass(frozen=True)
class FileRole:
    """What a file under records/ is: a YAML file of records, a snapshot, or documentation."""

    kind: str  # dataset | registry | source | text | doc
    path: Path


def classify(root: Path, path: Path) -> FileRole | None:
    """Say what a file is, or None for a file outside the known layout."""
    return classify_parts(path.relative_to(root).parts, path)


def classify_parts(parts: tuple[str, ...], path: Path) -> FileRole | None:
    """`classify` for a file given by its path parts below the records folder."""
    if len(parts) == 1:
        name = parts[0]
        if name == DATASET_FILE:
            return FileRole("dataset", path)
        if name in REGISTRIES:
            return FileRole("registry", path)
        if name.endswith(".md"):
            return FileRole("doc", path)
        return None
    if len(parts) == 2 and parts[0] == SOURCES_DIR and parts[1].endswith(".yaml"):
        return FileRole("source", path)
    if len(parts) == 2 and parts[0] == TEXTS_DIR and parts[1].endswith(".txt"):
        return FileRole("text", path)
    return None


def snapshot_path(root: Path, source_id: str) -> Path:
    """The snapshot file of a source."""
    return root / TEXTS_DIR / f"{source_id}.txt"


def source_path(root: Path, source_id: str) -> Path:
    """The YAML file of a source."""
    return root / SOURCES_DIR / f"{source_id}.yaml"


def iter_files(root: Path) -> list[Path]:
    """Every file under root, sorted, skipping only VCS keep-files."""
    return [path for path, _ in walk(root)]


def walk(root: Path) -> list[tuple[Path, tuple[str, ...]]]:
    """Every file under root with its path parts below root, in path order.

    The files `root.rglob("*")` finds and `Path.is_file` accepts (symlinked folders are not
    entered, unreadable subfolders are skipped), read with `os.scandir`, whose cached file
    types spare a `stat` per file on large record sets. Paths sort part by part, as `Path`
    objects do.
    """
    found: list[tuple[str, ...]] = []
    _walk_folder(root, (), found)
    found.sort()
    return [(root.joinpath(*parts), parts) for parts in found]


def _walk_folder(folder: Path | str, prefix: tuple[str, ...], found: list[tuple[str, ...]]) -> None:
    try:
        with os.scandir(folder) as scan:
            entries = list(scan)
    except PermissionError:
        return
    for entry in entries:
        parts = (*prefix, entry.name)
        if entry.name != ".gitkeep" and _test(entry.is_file):
            found.append(parts)
        if _test(entry.is_dir) and not entry.is_symlink():
            _walk_folder(entry.path, parts, found)


_IGNORED_ERRNOS = {errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP}


def _test(check: Callable[[], bool]) -> bool:
    """A file-type test that is False, as pathlib's, where the file vanished or loops."""
    try:
        return check()
    except OSError as exc:
        if exc.errno in _IGNORED_ERRNOS:
            return False
        raise
