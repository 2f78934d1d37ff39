"""The folder `export --out` writes, replaced so that nothing but an earlier release is lost.

An export replaces only a folder that does not exist or is empty, or a previous release of the
same dataset: its `datapackage.json` names the dataset, and its `SHA256SUMS` lists exactly the
files it holds (besides itself, the release zip and the zip's checksum file). Anything else is
refused and left as it is: a typo in `--out` must not delete someone's folder, even one that
holds a datapackage.json.

Beside the target, in the same folder (so that renames are atomic):

- `.<name>.lock`: locked while an export writes to `<name>`, so that a second one fails at
  once instead of mixing files with the first. The lock goes with the process that holds it,
  however it ends; the empty file stays.
- `.<name>.staging`: the new release, written and synced to disk before it replaces anything.
- `.<name>.previous`: the previous release, for the moment of the swap. The swap renames the
  previous release aside, renames the new one in, then deletes the previous one; when the
  second rename fails, the first is undone.

An export killed while writing leaves its staging folder, which the next export deletes; one
killed between the two renames leaves the previous release aside and no target, and the next
export puts it back before it starts.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from afghan_dialogues.datamodel.descriptors import DESCRIPTOR_FILE
from afghan_dialogues.exports.archive import archive_name
from afghan_dialogues.exports.checksums import CHECKSUMS_FILE, parse_checksums

_SHOWN = 5
SYNC_THREADS = 8

if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


class TargetError(Exception):
    """The target cannot be written: not a release of this dataset, or another export holds it."""


def beside(target: Path, role: str) -> Path:
    """The hidden file or folder next to `target` that plays `role` ('lock', 'staging', 'previous')."""
    return target.parent / f".{target.name}.{role}"


def _listing(paths: set[str]) -> str:
    shown = ", ".join(sorted(paths)[:_SHOWN])
    return shown + (f" and {len(paths) - _SHOWN} more" if len(paths) > _SHOWN else "")


def _contents(folder: Path) -> tuple[set[str], set[str]]:
    """The files (anything but a folder) and the folders under `folder`, as relative paths."""
    files: set[str] = set()
    folders: set[str] = set()
    for top, dirs, names in os.walk(folder):
        base = Path(top).relative_to(folder)
        folders.update((base / d).as_posix() for d in dirs)
        files.update((base / n).as_posix() for n in names)
    return files, folders


def _not_a_release(target: Path, dataset: str) -> str | None:
    """Why `target`, a folder, is neither empty nor a previous release of `dataset`; None if it is."""
    files, folders = _contents(target)
    if not files and not folders:
        return None
    try:
        descriptor = json.loads((target / DESCRIPTOR_FILE).read_text(encoding="utf-8"))
        name, version = descriptor["name"], descriptor["version"]
    except (OSError, ValueError, TypeError, KeyError):
        return f"it is not empty and holds no {DESCRIPTOR_FILE} naming a dataset and its version"
    if name != dataset:
        return f"its {DESCRIPTOR_FILE} names the dataset {name!r}, not {dataset!r}"
    try:
        sums, bad = parse_checksums((target / CHECKSUMS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return f"it holds no readable {CHECKSUMS_FILE}"
    if bad:
        return f"line {bad[0][0]} of its {CHECKSUMS_FILE} is not a checksum line"
    listed = set(sums)
    archive = archive_name(str(name), str(version))
    expected = listed | {CHECKSUMS_FILE, archive, f"{archive}.sha256"}
    if files - expected:
        return f"it holds files its {CHECKSUMS_FILE} does not list: {_listing(files - expected)}"
    if listed - files:
        return f"it lacks files its {CHECKSUMS_FILE} lists: {_listing(listed - files)}"
    parents = {parent.as_posix() for rel in expected for parent in Path(rel).parents} - {"."}
    if folders - parents:
        return f"it holds folders a release does not: {_listing(folders - parents)}"
    return None


def check_target(target: Path, dataset: str) -> None:
    """Refuse a target that is not absent, an empty folder, or a previous release of `dataset`."""
    if target.is_symlink():
        raise TargetError(f"{target} is a symbolic link; give the folder itself as --out")
    if not target.exists():
        return
    if not target.is_dir():
        raise TargetError(f"{target} exists and is not a folder; choose another --out")
    reason = _not_a_release(target, dataset)
    if reason is not None:
        raise TargetError(
            f"refusing to replace {target}: {reason}. An export replaces only an empty folder or a "
            f"previous release of {dataset}; choose another --out, or move this folder away first"
        )


@contextmanager
def _locked(target: Path) -> Iterator[None]:
    lock = beside(target, "lock")
    with lock.open("a+b") as handle:
        try:
            _lock(handle.fileno())
        except (BlockingIOError, PermissionError) as exc:  # held: flock says EWOULDBLOCK, Windows EACCES
            raise TargetError(
                f"another export is writing to {target} (it holds {lock}); wait for it to finish"
            ) from exc
        yield


def _sync(path: Path) -> None:
    """Flush a file's bytes, or a folder's entries, to disk (folders only where they can be
    opened, as on POSIX systems; a file is opened for writing, which Windows needs to flush it)."""
    if path.is_dir():
        if os.name != "posix":
            return
        fd = os.open(path, os.O_RDONLY)
    else:
        fd = os.open(path, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_tree(folder: Path) -> None:
    """Flush every file and folder under `folder`, and itself, to disk.

    Several at once: a filesystem with a journal then commits them together, where one after
    another each waits for a commit of its own.
    """
    paths = [*folder.rglob("*"), folder]
    with ThreadPoolExecutor(SYNC_THREADS, "export-sync") as pool:
        list(pool.map(_sync, paths))


def _recover(target: Path) -> None:
    """Undo what a killed export left: a previous release aside with no target, a staging folder."""
    previous, staging = beside(target, "previous"), beside(target, "staging")
    if previous.is_dir():
        if target.exists() or target.is_symlink():
            shutil.rmtree(previous)
        else:
            previous.rename(target)
    if staging.is_dir():
        shutil.rmtree(staging)


def _swap(staging: Path, target: Path) -> None:
    if not target.exists():
        staging.rename(target)
        _sync(target.parent)
        return
    previous = beside(target, "previous")
    target.rename(previous)
    try:
        staging.rename(target)
    except BaseException:
        previous.rename(target)
        raise
    _sync(target.parent)
    shutil.rmtree(previous, ignore_errors=True)  # else the next export removes it


@contextmanager
def replacing(target: Path, dataset: str) -> Iterator[Path]:
    """Yield an empty staging folder that replaces `target` when the block succeeds.

    The block writes the files; they are synced to disk here, before the swap. When the block
    fails, the staging folder is deleted and `target` is left as it was.
    """
    check_target(target, dataset)  # before the lock file is made beside a folder that is refused
    target.parent.mkdir(parents=True, exist_ok=True)
    with _locked(target):
        _recover(target)
        check_target(target, dataset)  # again: it may have changed, or been put back by _recover
        staging = beside(target, "staging")
        staging.mkdir()
        try:
            yield staging
            sync_tree(staging)
            _swap(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
