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

import os
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
    """Every regular file under root (symlinks and special files left out), sorted."""
    return [entry.path for entry in walk(root) if entry.problem is None]


@dataclass(frozen=True)
class Found:
    """One entry of a records folder: a file to read, or something that must not be read."""

    path: Path
    parts: tuple[str, ...]
    """The path below the records folder."""
    problem: str | None = None
    """Why it is not read (a symbolic link, a special file, an unreadable folder), or None."""


def walk(root: Path) -> list[Found]:
    """Every entry under root, in path order: regular files, and what cannot be read as one.

    Symbolic links are never followed (a link to /proc/self/environ would put another file's
    content into findings), special files (FIFOs, devices) never opened, and an unreadable
    folder is one entry with a problem, so a caller reports it once instead of every record
    it would have held.
    """
    found: list[Found] = []
    _walk_folder(root, (), found)
    found.sort(key=lambda entry: entry.parts)
    return found


def _walk_folder(folder: Path, prefix: tuple[str, ...], found: list[Found]) -> None:
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as exc:
        found.append(Found(folder, prefix, f"folder cannot be read ({exc.strerror or exc})"))
        return
    for entry in entries:
        parts = (*prefix, entry.name)
        path = folder / entry.name
        if entry.name == ".gitkeep":
            continue
        if entry.is_symlink():
            found.append(Found(path, parts, "is a symbolic link; records are read only from regular files"))
        elif entry.is_dir(follow_symlinks=False):
            if classify_parts(parts, path) is not None:
                found.append(Found(path, parts, "is a folder where a records file belongs"))
            else:
                _walk_folder(path, parts, found)
        elif entry.is_file(follow_symlinks=False):
            found.append(Found(path, parts))
        else:
            found.append(Found(path, parts, "is not a regular file (a FIFO, socket or device)"))
