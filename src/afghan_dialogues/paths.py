"""Where the bundled records and schema are, in a source checkout and in an installed wheel.

The wheel carries `records/` and `schema/` inside the package (`_data/`), so `validate`,
`export` and `load()` work with no repository checkout; in a checkout (editable install) the
repository's own folders are used, so maintainers always work on what they edit.
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
