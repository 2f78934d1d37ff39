"""The release zip as downloaded (`afghan-dialogues-0.1.0.zip`, everything under the folder
`afghan-dialogues-0.1.0/`), for `load()`, `stats`, `diff` and `validate`.

A zip is extracted into a temporary folder, removed afterwards, and that folder is read as
any release folder is: one reader for both, so a zip and its folder cannot give different
answers. What a consumer downloads may have been damaged or tampered with, so every entry is
checked before anything is written, and the zip is refused, naming the entry and the reason,
when an entry
- has an absolute name, a `..` part, a backslash or a colon (it would land outside the folder),
- is a symbolic link or a special file, is encrypted, lies outside the one top folder, or has
  the name of another entry,
- or would expand more than `MAX_RATIO` times (a zip bomb); and when all of them would expand
  beyond `MAX_BYTES` or the free space of the temporary folder.
Files are created exclusively, so that names a case-insensitive file system takes for one
cannot overwrite each other either. Paths in messages and findings name the entry inside the
zip (`afghan-dialogues-0.1.0.zip/afghan-dialogues-0.1.0/csv/claims.csv`), not the temporary
folder.
"""

from __future__ import annotations

import shutil
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from afghan_dialogues.findings import Finding
from afghan_dialogues.load_error import LoadError
from afghan_dialogues.paths import display_path

if TYPE_CHECKING:
    from afghan_dialogues.validate.report import Report

MAX_ENTRIES = 2_000_000
"""Entries a release zip may hold (a release has a few dozen files, its site one page per record)."""
MAX_BYTES = 16 << 30
"""Bytes a release zip may expand to: about ten times a release of a million claims."""
MAX_RATIO = 200
"""How many times smaller than its content an entry over `RATIO_FLOOR` may be stored: the
tables of a release deflate 4-25 times; a zip bomb's entries, about a thousand times."""
RATIO_FLOOR = 1 << 20
_BLOCK = 1 << 20

Select = Callable[[frozenset[str]], Iterable[str]]
"""Given the release's files (paths inside its folder), the ones to extract."""


def is_zip(path: Path) -> bool:
    """A file that is (or is named as) a zip; a folder never is."""
    return path.is_file() and (path.suffix.lower() == ".zip" or zipfile.is_zipfile(path))


def _entry_problem(info: zipfile.ZipInfo) -> str | None:
    """Why one entry must not be extracted, or None."""
    name = info.filename
    if name.startswith("/"):
        return "has an absolute path"
    if any(char in name for char in "\\:\0"):
        return "has a backslash, colon or NUL in its name"
    if any(part in ("", ".", "..") for part in name.rstrip("/").split("/")):
        return "has an empty, '.' or '..' part in its path"
    kind = stat.S_IFMT(info.external_attr >> 16)
    if kind == stat.S_IFLNK:
        return "is a symbolic link"
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        return "is not a regular file or folder"
    if info.flag_bits & 0x1:
        return "is encrypted"
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        return (
            f"would expand {info.file_size // max(info.compress_size, 1)} times "
            f"(more than {MAX_RATIO}: a zip bomb?)"
        )
    return None


@dataclass(frozen=True)
class ReleaseArchive:
    """A release zip whose entries all passed the checks: its one top folder and its files."""

    path: Path
    top: str
    files: dict[str, zipfile.ZipInfo]
    """Entries that are files, by their path inside the top folder."""

    @property
    def shown(self) -> str:
        """How messages name the release folder inside the zip."""
        return f"{display_path(self.path)}/{self.top}"


def open_release(archive: Path) -> ReleaseArchive:
    """The checked entries of a release zip; raises LoadError naming what is refused."""
    shown = display_path(archive)
    try:
        with zipfile.ZipFile(archive) as handle:
            entries = handle.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise LoadError(f"{shown}: not a readable zip file ({exc})") from exc
    if len(entries) > MAX_ENTRIES:
        raise LoadError(f"{shown}: refused: {len(entries)} entries, more than {MAX_ENTRIES} a release holds")
    total = sum(info.file_size for info in entries)
    if total > MAX_BYTES:
        raise LoadError(
            f"{shown}: refused: it would expand to {total:,} bytes, more than the {MAX_BYTES:,} a "
            "release may; extract it yourself and give the folder"
        )
    tops, seen = set(), set()
    files: dict[str, zipfile.ZipInfo] = {}
    for info in entries:
        problem = _entry_problem(info)
        if problem is not None:
            raise LoadError(f"{shown}: refused: entry {info.filename!r} {problem}")
        if info.filename in seen:
            raise LoadError(f"{shown}: refused: two entries write {info.filename!r}")
        seen.add(info.filename)
        top, _, rel = info.filename.partition("/")
        tops.add(top)
        if rel and not info.is_dir():
            files[rel] = info
        elif not info.is_dir():
            raise LoadError(
                f"{shown}: refused: entry {info.filename!r} lies outside the release folder "
                "(a release zip holds everything under one folder)"
            )
    if len(tops) != 1 or not files:
        found = ", ".join(sorted(tops)[:3]) or "none"
        raise LoadError(
            f"{shown}: not a release zip: expected one top folder holding the files, found {found}"
        )
    return ReleaseArchive(archive, tops.pop(), files)


def extract(release: ReleaseArchive, into: Path, wanted: Iterable[str]) -> Path:
    """Write the `wanted` files of the release under `into`; returns the release folder there."""
    folder = into / release.top
    chosen = [release.files[rel] for rel in sorted(set(wanted))]
    needed = sum(info.file_size for info in chosen)
    free = shutil.disk_usage(into).free
    if needed > free:
        raise LoadError(
            f"{release.shown}: needs {needed:,} bytes to extract and {into} has {free:,} free; "
            "extract it where there is room and give the folder"
        )
    try:
        with zipfile.ZipFile(release.path) as handle:
            for info in chosen:
                target = into / info.filename
                target.parent.mkdir(parents=True, exist_ok=True)
                with handle.open(info) as source, target.open("xb") as out:
                    while block := source.read(_BLOCK):
                        out.write(block)
    except FileExistsError as exc:
        raise LoadError(f"{release.shown}: refused: two entries write {exc.filename!r}") from exc
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise LoadError(f"{release.shown}: damaged zip: {exc}") from exc
    except OSError as exc:
        raise LoadError(f"{release.shown}: cannot extract: {exc}") from exc
    return folder


@dataclass(frozen=True)
class Extracted:
    """A release folder extracted from a zip, and how to name its files as the zip's entries."""

    folder: Path
    release: ReleaseArchive

    @property
    def shown(self) -> str:
        """The folder as messages name it."""
        return self.release.shown

    def relabel(self, text: str) -> str:
        """`text` with the temporary folder's path replaced by the zip's name."""
        for form in sorted({str(self.folder), display_path(self.folder)}, key=len, reverse=True):
            text = text.replace(form, self.shown)
        return text

    def relabel_finding(self, finding: Finding) -> Finding:
        """A finding about a file of the folder, about the zip's entry instead."""

        def label(text: str | None) -> str | None:
            return None if text is None else self.relabel(text)

        return replace(
            finding, file=label(finding.file), message=self.relabel(finding.message), hint=label(finding.hint)
        )


@contextmanager
def extracted(archive: Path, select: Select | None = None) -> Iterator[Extracted]:
    """The release folder of `archive` in a temporary folder, removed on leaving the block.

    `select` picks the files to extract (all by default); a LoadError raised inside the block
    names the zip's entries instead of the temporary files.
    """
    release = open_release(archive)
    names = frozenset(release.files)
    with tempfile.TemporaryDirectory(prefix="afghan-dialogues-") as scratch:
        folder = extract(release, Path(scratch), names if select is None else select(names))
        done = Extracted(folder, release)
        try:
            yield done
        except LoadError as exc:
            raise LoadError(done.relabel(str(exc)), [done.relabel_finding(f) for f in exc.findings]) from exc


def validate_zip(archive: Path) -> Report:
    """`validate ZIP`: the package check of its release folder, with findings naming its entries.

    A zip refused before it can be read is one `parse/unreadable` finding.
    """
    from afghan_dialogues import findings as F
    from afghan_dialogues.validate.report import Report
    from afghan_dialogues.validate.runner import validate_package

    try:
        with extracted(archive) as release:
            report = validate_package(release.folder)
            findings = [release.relabel_finding(f) for f in report.findings]
    except LoadError as exc:
        hint = "download the release again, or give the folder of a release"
        return Report(
            root=archive,
            findings=[Finding(F.PARSE_UNREADABLE, str(exc), file=display_path(archive), hint=hint)],
        )
    return replace(report, root=archive, findings=findings)


def release_tables(names: frozenset[str]) -> set[str]:
    """What is read of a trusted release: the descriptor, the checksums and one file per table,
    its Parquet file or else its JSON file (the CSV and JSON of a large release are gigabytes)."""
    from afghan_dialogues.datamodel.tables import TABLES

    wanted = {"datapackage.json", "SHA256SUMS"}
    for table in TABLES:
        parquet = f"parquet/{table.name}.parquet"
        wanted.add(parquet if parquet in names else f"json/{table.name}.json")
    return wanted & names


def with_previous_release(report: Report, previous: Path) -> Report:
    """`validate --release --previous ZIP`: the release checks against the release in a zip."""
    from afghan_dialogues import findings as F
    from afghan_dialogues.validate.release_checks import with_release_checks

    try:
        with extracted(previous, release_tables) as release:
            checked = with_release_checks(report, release.folder)
            return replace(checked, findings=[release.relabel_finding(f) for f in checked.findings])
    except LoadError as exc:
        hint = "give the zip or the folder of a release to --previous"
        problem = Finding(F.RELEASE_PREVIOUS_UNREADABLE, str(exc), file=display_path(previous), hint=hint)
        checked = with_release_checks(report, None)
        return replace(checked, findings=sorted({*checked.findings, problem}, key=Finding.sort_key))
