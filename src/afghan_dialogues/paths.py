"""Where the bundled records and schema are, in a source checkout and in an installed wheel.

The wheel carries `records/` and `schema/` inside the package (`_data/`), so `load()` works
with no repository checkout; it leaves out the text snapshots of `records/texts/`, which stay
with their publishers (LICENSE-DATA), so checking quotes against them (`validate`, and `export`,
which validates first) needs a checkout. In a checkout (editable install) the repository's own
folders are used, so maintainers always work on what they edit.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent.parent


def _pick(name: str) -> Path:
    bundled = _PACKAGE / "_data" / name
    if bundled.is_dir():
        return bundled
    return _CHECKOUT / name


def records_dir() -> Path:
    """The bundled records folder."""
    return _pick("records")


def schema_dir_for(records: Path) -> Path | None:
    """The schema/ folder that sits beside a records folder, if any."""
    candidate = records.parent / "schema"
    return candidate if candidate.is_dir() else None


def changelog_for(records: Path) -> Path | None:
    """The CHANGELOG.md beside a records folder, if any."""
    candidate = records.parent / "CHANGELOG.md"
    return candidate if candidate.is_file() else None


def display_path(path: Path) -> str:
    """Path as shown in findings: relative to the working directory when inside it."""
    try:
        return os.path.relpath(path) if not os.path.relpath(path).startswith("..") else str(path)
    except ValueError:
        return str(path)


def outside_problem(root: Path, path: Path) -> str | None:
    """Why `path` must not be read or written as part of the folder `root`, or None.

    A dataset is read only from regular files that are really inside its folder: a symlink to
    `/proc/self/environ` or `/etc/passwd` would otherwise put another file's content into
    findings, and `fmt` would rewrite a file elsewhere. The path is resolved (following every
    link) and must stay below the resolved folder; the file itself must be regular (not a
    symlink, directory, FIFO or device).
    """
    try:
        if path.is_symlink():
            return "is a symbolic link; records and packages are read only from regular files"
        resolved = path.resolve(strict=True)
        if not resolved.is_relative_to(root.resolve(strict=True)):
            return "lies outside the dataset folder"
        if not resolved.is_file():
            return "is not a regular file"
    except OSError as exc:
        return f"cannot be examined ({exc.strerror or exc})"
    return None
