"""Release files written front to back, around the kernel's page cache where the system allows.

An export writes gigabytes (1.5 GB of CSV and JSON for a million claims) that nothing reads
back while it runs. Written the ordinary way, every byte is first copied into the page cache.
On the two-core virtual machine the benchmarks run on, that copy cost 0.3 s of system time
for 1.5 GB when the kernel's free pages had just been used and 3 s when they had not (the host
had taken them back and had to provide them again): most of an export's run-to-run variance.
Opened with O_DIRECT, a file goes from this module's page-aligned buffer to the device without
that copy: 0.08 s of system time for the same 1.5 GB, and the export of a million claims went
from 5.3-6.2 s to 4.8-5.1 s. The price: a direct write returns once the device has the data,
so on a slow disk an export takes as long as the disk needs, where the ordinary way would
return with the data still in memory and leave the disk to catch up.

Where there is no O_DIRECT (macOS, Windows), where the filesystem refuses it (the open fails
with EINVAL, as on tmpfs before Linux 6.6), or where the device refuses a write for its
alignment, the file is written the ordinary way, and the bytes are the same. The last, partial
block of a file is padded to the alignment, written, and cut off again with ftruncate.

The buffers are reused from file to file while any file is open, so an export's buffers are
warm memory, and are let go when the last file closes.
"""

from __future__ import annotations

import errno
import io
import mmap
import os
import threading
from abc import ABC, abstractmethod
from contextlib import suppress
from pathlib import Path
from types import TracebackType
from typing import Any, Self

ALIGN = 4096
"""Alignment of direct writes (address, size and file offset): a multiple of the logical
block size of the devices in use (512 or 4096 bytes)."""
BUFFER = 8 << 20
"""Bytes gathered before a direct write: a multiple of ALIGN."""
DIRECT = hasattr(os, "O_DIRECT")
"""Whether files are opened with O_DIRECT at all (the platform has it)."""
_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
_MODE = 0o666
"""As open() creates files: the umask takes its share."""
_COPY_BLOCK = 1 << 24
_NO_KERNEL_COPY = frozenset({errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP})


class _Buffers:
    """Page-aligned buffers lent to open files, freed when no file holds one."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._free: list[mmap.mmap] = []
        self._lent = 0

    def take(self) -> mmap.mmap:
        with self._lock:
            if self._free:
                self._lent += 1
                return self._free.pop()
        buffer = mmap.mmap(-1, BUFFER)
        with self._lock:
            self._lent += 1
        return buffer

    def give(self, buffer: mmap.mmap) -> None:
        with self._lock:
            self._lent -= 1
            self._free.append(buffer)
            idle = self._free if self._lent == 0 else []
            if idle:
                self._free = []
        for spare in idle:
            with suppress(BufferError):  # a view of it still alive (in a traceback): left to GC
                spare.close()


_BUFFERS = _Buffers()


class Finishing(ABC):
    """A file that is closed when its block succeeds and abandoned when it fails: a failed
    export removes its files, so nothing more is written to them then."""

    @abstractmethod
    def close(self) -> None:
        """Finish the file: write what is pending, then close it."""

    @abstractmethod
    def abandon(self) -> None:
        """Close the file without writing more, raising nothing."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if error is None:
            self.close()
        else:
            self.abandon()


def _short(source: io.BufferedIOBase) -> OSError:
    return OSError(errno.EIO, f"{getattr(source, 'name', 'a file')} is shorter than its recorded size")


class OutputFile(Finishing):
    """A new file written front to back; `write` takes all it is given.

    A context manager: closing writes what is buffered; leaving the block with an exception
    closes the file without writing more (the export failed, its directory goes).
    """

    def __init__(self, path: Path) -> None:
        self.name = str(path)
        self._direct = False
        if DIRECT:
            try:
                self._fd = os.open(path, _FLAGS | os.O_DIRECT, _MODE)
                self._direct = True
            except OSError as exc:
                if exc.errno != errno.EINVAL:
                    raise
        if not self._direct:
            self._fd = os.open(path, _FLAGS, _MODE)
        try:
            self._buffer: mmap.mmap | None = _BUFFERS.take() if self._direct else None
        except BaseException:
            os.close(self._fd)
            raise
        self._view = memoryview(self._buffer) if self._buffer is not None else None
        self._used = 0
        """Bytes waiting in the buffer, the next after the `_flushed` already in the file."""
        self._flushed = 0
        self.closed = False

    @property
    def direct(self) -> bool:
        """Whether the file is (still) written around the page cache."""
        return self._direct

    def tell(self) -> int:
        """Bytes written so far."""
        return self._flushed + self._used

    def write(self, data: Any, /) -> int:
        """Write bytes or any buffer; returns its size (all of it is taken)."""
        self._check_open()
        view = memoryview(data).cast("B")
        size = view.nbytes
        if self._view is None:
            self._out(view)
            return size
        while view:
            taken = min(view.nbytes, BUFFER - self._used)
            self._view[self._used : self._used + taken] = view[:taken]
            self._used += taken
            view = view[taken:]
            if self._used == BUFFER:
                self._drain()
        return size

    def copy_from(self, source: io.BufferedIOBase, size: int) -> None:
        """Append `size` bytes read from `source`; an error if it holds fewer."""
        self._check_open()
        if self._view is None:
            self._copy_unbuffered(source, size)
            return
        left = size
        while left:
            space = self._view[self._used : self._used + min(left, BUFFER - self._used)]
            read = source.readinto(space)
            if not read:
                raise _short(source)
            self._used += read
            left -= read
            if self._used == BUFFER:
                self._drain()

    def close(self) -> None:
        """Write what is buffered and close the file; on failure, close it all the same."""
        if self.closed:
            return
        try:
            if self._used:
                self._write_tail()
        except BaseException:
            self.abandon()
            raise
        self._release()
        os.close(self._fd)

    def abandon(self) -> None:
        """Close the file without writing what is buffered, raising nothing: the caller is
        reporting the error that made it give up."""
        if self.closed:
            return
        self._release()
        with suppress(OSError):
            os.close(self._fd)

    def _release(self) -> None:
        self.closed = True
        if self._view is not None:
            self._view.release()
            self._view = None
        if self._buffer is not None:
            _BUFFERS.give(self._buffer)
            self._buffer = None

    def __del__(self) -> None:
        """A file dropped without being closed is closed, as the garbage collector closes
        Python's own files: its buffered bytes are not written."""
        if not getattr(self, "closed", True):
            self.abandon()

    def _check_open(self) -> None:
        if self.closed:
            raise ValueError(f"{self.name} is closed")

    def _drain(self) -> None:
        """Write what the buffer holds; what a failure leaves unwritten stays at its start."""
        assert self._view is not None
        done = 0
        try:
            while done < self._used:
                done += self._write_some(self._view[done : self._used])
        finally:
            if done:
                rest = self._used - done
                self._view[:rest] = self._view[done : self._used]
                self._used = rest
                self._flushed += done

    def _write_tail(self) -> None:
        """Write the last bytes: directly, padded to a whole block and then cut back."""
        assert self._view is not None
        size = self._flushed + self._used
        if self._direct:
            padded = -(-self._used // ALIGN) * ALIGN
            self._view[self._used : padded] = bytes(padded - self._used)
            self._used = padded
        self._drain()
        if self._flushed != size:
            os.ftruncate(self._fd, size)
            self._flushed = size

    def _out(self, view: memoryview) -> None:
        """Write all of `view` straight to the file (no buffer), counting what is written."""
        while view:
            written = self._write_some(view)
            self._flushed += written
            view = view[written:]

    def _write_some(self, view: memoryview) -> int:
        """One write of `view` or of its start, as much as the system takes."""
        while True:
            try:
                written = os.write(self._fd, view)
            except OSError as exc:
                if not (self._direct and exc.errno == errno.EINVAL):
                    raise
                self._stop_direct()
                continue
            if not written:
                raise OSError(errno.EIO, f"could not write to {self.name}")
            return written

    def _stop_direct(self) -> None:
        """The device refused a direct write: write the rest the ordinary way."""
        import fcntl

        flags = fcntl.fcntl(self._fd, fcntl.F_GETFL)
        fcntl.fcntl(self._fd, fcntl.F_SETFL, flags & ~os.O_DIRECT)
        self._direct = False

    def _copy_unbuffered(self, source: io.BufferedIOBase, size: int) -> None:
        """Append with copy_file_range where the platform allows, else read and write."""
        left = size
        if hasattr(os, "copy_file_range"):
            while left:
                try:
                    copied = os.copy_file_range(source.fileno(), self._fd, min(left, _COPY_BLOCK))
                except OSError as exc:
                    if left == size and exc.errno in _NO_KERNEL_COPY:
                        break
                    raise
                if copied == 0:
                    raise _short(source)
                self._flushed += copied
                left -= copied
        while left:
            block = source.read(min(left, _COPY_BLOCK))
            if not block:
                raise _short(source)
            self._out(memoryview(block))
            left -= len(block)
