"""Replace several files with new contents, all of them or none.

Writing a file in place truncates it first: a full disk, a file-size limit or a kill then
leaves half a records file, which may even still parse. Here each new content is first
written completely to a temporary file beside its target (same folder, so the same
filesystem), flushed to disk, and only when every one is staged are they renamed over their
targets, a rename being atomic. A failure while staging removes the temporary files and
leaves every target as it was.

While staging and renaming, SIGINT, SIGTERM and SIGHUP are held (where the platform can):
an interrupt takes effect before the first target is replaced or after the last one. Nothing
can hold SIGKILL or a power cut; then every target is still its old or its new content,
never a mix, and a hidden `.<name>.*.fmt-tmp` file may remain beside it.
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

TEMP_SUFFIX = ".fmt-tmp"
_HELD = {signal.SIGINT, signal.SIGTERM} | ({signal.SIGHUP} if hasattr(signal, "SIGHUP") else set())


class RewriteError(Exception):
    """A file could not be replaced; `replaced` says how many were before it failed."""

    def __init__(self, path: Path, reason: str, replaced: int) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.replaced = replaced


def replace_files(contents: Mapping[Path, bytes]) -> None:
    """Give each path its new content: all of them, or (on a RewriteError) none."""
    staged: dict[Path, Path] = {}
    with _signals_held():
        try:
            for path, content in contents.items():
                staged[path] = _stage(path, content)
        except BaseException:
            for temporary in staged.values():
                temporary.unlink(missing_ok=True)
            raise
        for replaced, (path, temporary) in enumerate(staged.items()):
            try:
                os.replace(temporary, path)
            except OSError as exc:
                for left in list(staged.values())[replaced:]:
                    left.unlink(missing_ok=True)
                raise RewriteError(path, _reason(exc), replaced) from None
        for folder in {path.parent for path in staged}:
            _sync_folder(folder)


def _stage(path: Path, content: bytes) -> Path:
    """A complete, flushed copy of `content` beside `path`, with the file's permissions."""
    try:
        if not os.access(path, os.W_OK):
            raise PermissionError(errno.EACCES, "file is read-only")
        mode = stat.S_IMODE(path.stat().st_mode)
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    except OSError as exc:
        raise RewriteError(path, _reason(exc), 0) from None
    temporary = Path(name)
    try:
        with open(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
    except BaseException as exc:
        temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise RewriteError(path, _reason(exc), 0) from None
        raise
    return temporary


def _sync_folder(folder: Path) -> None:
    """Make the renames durable; platforms that cannot open a folder skip it."""
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


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


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
