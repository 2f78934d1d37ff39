"""Write a whole release directory, then swap it in for the previous one (exports.target).

The layout is the public interface of a release:

```
datapackage.json                 Frictionless data package (resources: CSV tables, Parquet files)
datacard.md  codebook.md         the dataset card and the codebook, generated from the data
LICENSE  LICENSE-DATA  CITATION.cff  CHANGELOG.md  CURATION.md    (exports.documents)
parquet/<table>.parquet  csv/<table>.csv  json/<table>.json
schema/rows/<table>.schema.json     JSON Schema of one row of json/<table>.json
schema/records/<type>.schema.json   JSON Schema of one YAML record
<name>.sqlite  <name>.xlsx       every table in one database, and in one workbook
site/                            the static site (afghan_dialogues.site)
SHA256SUMS                       checksums of every file above
<name>-<version>.zip             all of the above under the folder <name>-<version>/
<name>-<version>.zip.sha256      the zip's checksum, naming it (for the GitHub release)
```

Every table is written from its Arrow table (`Dataset.to_arrow`). The files are written one
after another in a fixed order, with ordinary buffered writes (exports.target syncs them to
disk before the release replaces anything). One more thread appends each finished file to the
zip, hashing it as it reads it: deflating the text is the largest piece of work of a large
export, and zlib, hashlib and Arrow's kernels let the two threads run side by side
(benchmarks/RESULTS.md). The zip's entries are in the order the files are written, whichever
thread is ahead. The data package, written after the tables, takes their sizes and hashes from
the zip thread.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from afghan_dialogues.datamodel.descriptors import (
    DESCRIPTOR_FILE,
    dumps,
    json_schema_files,
    package_descriptor,
)
from afghan_dialogues.datamodel.tables import TABLES
from afghan_dialogues.dataset import Dataset
from afghan_dialogues.exports.archive import ReleaseZip, archive_name, release_name
from afghan_dialogues.exports.checksums import CHECKSUMS_FILE, file_sha256, render_checksums
from afghan_dialogues.exports.codebook import CODEBOOK_FILE, render_codebook
from afghan_dialogues.exports.csv import CSV
from afghan_dialogues.exports.datacard import DATACARD_FILE, render_datacard
from afghan_dialogues.exports.datapackage import render_descriptor, source_entries
from afghan_dialogues.exports.documents import find_documents
from afghan_dialogues.exports.json import JSON
from afghan_dialogues.exports.parquet import write_parquet
from afghan_dialogues.exports.progress import Step
from afghan_dialogues.exports.sqlite import database_name, write_sqlite
from afghan_dialogues.exports.target import replacing
from afghan_dialogues.exports.textfile import write_text
from afghan_dialogues.exports.workbook import workbook_name, write_workbook

SITE_FOLDER = "site"

Write = Callable[[BinaryIO], None]
"""Writes one file's contents to the file it is given."""


@dataclass(frozen=True)
class Release:
    """What an export wrote."""

    directory: Path
    archive: Path
    files: tuple[str, ...]
    """Every file listed in SHA256SUMS, relative to `directory`."""
    missing: tuple[str, ...] = ()
    """Documents (exports.documents) the records folder had none of, so the release lacks."""


def checksum_name(archive: str) -> str:
    """The file beside the zip that holds its checksum."""
    return f"{archive}.sha256"


def export_release(
    dataset: Dataset,
    out: Path,
    progress: Step | None = None,
    *,
    records: Path | None = None,
    site: bool = True,
) -> Release:
    """Write the release of `dataset` to `out`, replacing an empty folder or a previous release
    of the same dataset there (exports.target), and nothing else. `records` is the records folder
    the dataset was read from, whose documents (LICENSE, CURATION.md...) the release carries;
    `site=False` leaves the site out (a page per record: impractical for synthetic millions)."""
    info = dataset.info
    with replacing(out, info.name) as staging:
        files, missing = write_release(dataset, staging, progress, records=records, site=site)
    return Release(out, out / archive_name(info.name, info.version), files, missing)


def create(path: Path) -> BinaryIO:
    """A new file of a release, open for writing: every file an export writes itself is created
    here (the database, the workbook and the site are written by their libraries)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.open("xb")


def _text(render: Callable[[], str], out: BinaryIO) -> None:
    out.write(render().encode("utf-8"))


def _table(write: Callable[[Any, BinaryIO], None], dataset: Dataset, name: str, out: BinaryIO) -> None:
    write(dataset.to_arrow(name), out)


def _copy(source: Path, out: BinaryIO) -> None:
    out.write(source.read_bytes())


def table_files(dataset: Dataset) -> list[tuple[str, Write]]:
    """The tables as JSON, CSV and Parquet, in the order they are written: the text tables come
    first, because the zip thread deflates each file once it is written, so the largest files
    are best written early."""
    formats: list[tuple[str, Callable[[Any, BinaryIO], None]]] = [
        ("json", partial(write_text, JSON)),
        ("csv", partial(write_text, CSV)),
        ("parquet", write_parquet),
    ]
    return [
        (f"{kind}/{t.name}.{kind}", partial(_table, write, dataset, t.name))
        for kind, write in formats
        for t in TABLES
    ]


def write_package(dataset: Dataset, root: Path) -> None:
    """Write a package, the part of a release `validate DIR` reads: the tables as JSON, CSV and
    Parquet, and `datapackage.json` (without `bytes` and `hash`, as committed in schema/).

    Unlike a release, it needs no valid keys (the SQLite file of a release refuses a repeated
    id), so the package front end of `validate` can be tested on the same tables as a release's.
    """
    for rel, write in table_files(dataset):
        with create(root / rel) as out:
            write(out)
    with create(root / DESCRIPTOR_FILE) as out:
        out.write(dumps(package_descriptor(dataset.info, sources=source_entries(dataset))).encode("utf-8"))


class _Writer:
    """Writes the files of one release into `root`, each handed to the zip once complete."""

    def __init__(self, root: Path, archive: ReleaseZip, zipping: ThreadPoolExecutor, progress: Step | None):
        self.root = root
        self.archive = archive
        self.zipping = zipping
        self.progress = progress
        self.added: dict[str, Future[str]] = {}
        self.pending: list[Future[str]] = []
        """Files handed to the zip whose outcome has not been looked at, oldest first."""
        self.done = 0
        self.total = 0

    def step(self, label: str) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total, label)

    def written(self, rel: str) -> None:
        """Hand a file that is complete on disk to the zip, and raise the error of a file the zip
        could not take, if one has failed yet (the zip takes them in order, so only the oldest
        files not yet looked at can have finished)."""
        future = self.zipping.submit(self.archive.add, rel, self.root / rel)
        self.added[rel] = future
        self.pending.append(future)
        finished = 0
        for earlier in self.pending:
            if not earlier.done():
                break
            earlier.result()
            finished += 1
        del self.pending[:finished]

    def write(self, rel: str, write: Write) -> None:
        with create(self.root / rel) as out:
            write(out)
        self.written(rel)
        self.step(rel)

    def files(self, rels: list[str]) -> dict[str, tuple[int, str]]:
        """(size, sha256) of files already handed to the zip, once it has read them."""
        return {rel: ((self.root / rel).stat().st_size, self.added[rel].result()) for rel in rels}


def write_release(
    dataset: Dataset,
    root: Path,
    progress: Step | None = None,
    *,
    records: Path | None = None,
    site: bool = True,
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Write every release file into the empty folder `root`; returns the checksummed files and
    the documents that could not be included."""
    from afghan_dialogues.site import write_site  # jinja2 and the templates: only for an export

    info = dataset.info
    documents = find_documents(records)
    tables = table_files(dataset)
    texts: list[tuple[str, Write]] = [
        (CODEBOOK_FILE, partial(_text, partial(render_codebook, info))),
        *((f"schema/{rel}", partial(_text, partial(str, text))) for rel, text in json_schema_files().items()),
        *((name, partial(_copy, path)) for name, path in documents.items() if path is not None),
    ]
    zip_name = archive_name(info.name, info.version)
    with create(root / zip_name) as zip_file, ThreadPoolExecutor(1, "export-zip") as zipping:
        archive = ReleaseZip(zip_file, release_name(info.name, info.version), info.released)
        writer = _Writer(root, archive, zipping, progress)
        # tables, database, workbook, site, data package, card, texts, checksums, zip, its checksum
        writer.total = len(tables) + 3 + 2 + len(texts) + 3
        try:
            for rel, write in tables:
                writer.write(rel, write)
            for rel, write_whole in (
                (database_name(info.name), write_sqlite),
                (workbook_name(info.name), write_workbook),
            ):
                write_whole(dataset, root / rel)
                writer.written(rel)
                writer.step(rel)
            for rel in write_site(dataset, root / SITE_FOLDER) if site else ():
                writer.written(f"{SITE_FOLDER}/{rel}")
            writer.step(f"{SITE_FOLDER}/")
            resources = writer.files([rel for rel, _ in tables if not rel.startswith("json/")])
            writer.write(DESCRIPTOR_FILE, partial(_text, partial(render_descriptor, dataset, resources)))
            present = {name: path is not None for name, path in documents.items()}
            writer.write(DATACARD_FILE, partial(_text, partial(render_datacard, dataset, present)))
            for rel, write in texts:
                writer.write(rel, write)
            digests = {rel: future.result() for rel, future in writer.added.items()}
            writer.write(CHECKSUMS_FILE, partial(_text, partial(render_checksums, digests)))
            writer.added[CHECKSUMS_FILE].result()
            archive.finish()
        except BaseException:
            zipping.shutdown(cancel_futures=True)
            archive.abandon()
            raise
    writer.step(zip_name)
    with create(root / checksum_name(zip_name)) as out:
        out.write(f"{file_sha256(root / zip_name)}  {zip_name}\n".encode())
    writer.step(checksum_name(zip_name))
    missing = tuple(name for name, path in documents.items() if path is None)
    return tuple(sorted(digests)), missing
