"""Replace a directory only once its new contents are complete.

An export writes into a temporary sibling of the target (same filesystem, so renames are
atomic) and swaps it in at the end; if anything fails before, the previous release stays as
it was and the temporary directory is removed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MARKER = "datapackage.json"
_DIR_MODE = 0o755


class TargetError(Exception):
    """The target cannot be replaced: it is a file, or a directory that is not a release."""


def check_target(target: Path) -> None:
    """Refuse to replace anything but nothing, an empty directory, or a previous release.

    `export --out ~` must not delete a home directory because of a typo.
    """
    if target.exists() and not target.is_dir():
        raise TargetError(f"{target} exists and is not a directory")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise TargetError(
            f"{target} is not empty and holds no {MARKER}: refusing to replace a directory "
            "that is not a release"
        )


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """Yield an empty staging directory that replaces `target` when the block succeeds."""
    check_target(target)
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".new", dir=parent))
    try:
        os.chmod(staging, _DIR_MODE)
        yield staging
        _swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(staging: Path, target: Path) -> None:
    if not target.exists():
        staging.rename(target)
        return
    holder = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
    previous = holder / target.name
    target.rename(previous)
    try:
        staging.rename(target)
    except BaseException:
        previous.rename(target)
        shutil.rmtree(holder, ignore_errors=True)
        raise
    shutil.rmtree(holder, ignore_errors=True)
