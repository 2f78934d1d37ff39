"""Write a file so that it is either wholly there or not there at all.

The maintainer commands (`new-source`, `stats --write-readme`) write into the repository a
person is editing: an interrupted write must not leave half a snapshot whose sha256 was
already recorded, or a README cut in the middle. Each file is written to a temporary sibling
(same folder, so the final rename stays on one filesystem), flushed to disk, then moved into
place.

`fmt` replaces several records files at once (`replace_files`): every one is staged before the
first is renamed, so a full disk or a file-size limit changes none of them, and SIGINT, SIGTERM
and SIGHUP are held meanwhile (where the platform can), so an interrupt takes effect before the
first rename or after the last. Nothing can hold SIGKILL or a power cut: then each file is
still its old or its new content, and a hidden `.<name>.*.tmp` file may remain beside it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

_HELD = {signal.SIGINT, signal.SIGTERM} | ({signal.SIGHUP} if hasattr(signal, "SIGHUP") else set())


@contextlib.contextmanager
def _staged(path: Path, data: bytes, mode: int = 0o644) -> Iterator[Path]:
    """A synced temporary sibling of `path` holding `data`; removed if it is still there after."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
        yield temp
    finally:
        temp.unlink(missing_ok=True)


def create_file(path: Path, data: bytes) -> None:
    """Write a new file; raise FileExistsError, changing nothing, when `path` exists.

    The file appears by a hard link of the synced temporary file, which fails instead of
    replacing a file created meanwhile (a rename would silently overwrite it).
    """
    if path.exists() or path.is_symlink():
        raise FileExistsError(f"{path} already exists")
    with _staged(path, data) as temp:
        os.link(temp, path)


def replace_file(path: Path, data: bytes) -> None:
    """Replace (or create) a file in one rename."""
    with _staged(path, data) as temp:
        os.replace(temp, path)


class ReplaceError(Exception):
    """A file could not be replaced; `replaced` says how many were before it (0: none changed)."""

    def __init__(self, path: Path, reason: str, replaced: int) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.replaced = replaced


def replace_files(contents: Mapping[Path, bytes]) -> None:
    """Give existing files new contents, keeping their permissions: all of them, or none.

    Only a rename failing after others succeeded (which needs the folder to change under us)
    leaves some replaced; `ReplaceError.replaced` says how many.
    """
    with _signals_held(), contextlib.ExitStack() as stack:
        staged: dict[Path, Path] = {}
        for path, data in contents.items():
            try:
                if not os.access(path, os.W_OK):
                    raise PermissionError(errno.EACCES, "file is read-only")
                mode = stat.S_IMODE(path.stat().st_mode)
                staged[path] = stack.enter_context(_staged(path, data, mode))
            except OSError as exc:
                raise ReplaceError(path, exc.strerror or str(exc), 0) from None
        for replaced, (path, temp) in enumerate(staged.items()):
            try:
                os.replace(temp, path)
            except OSError as exc:
                raise ReplaceError(path, exc.strerror or str(exc), replaced) from None
        for folder in {path.parent for path in staged}:
            _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Make renames durable; platforms that cannot open a folder skip it."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
