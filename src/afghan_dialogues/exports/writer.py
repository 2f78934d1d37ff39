"""Write a whole release directory: data package, tables in three formats, schemas, codebook,
checksums and the zip, then swap it in for the previous one (exports.target).

The layout is the public interface of a release:

```
datapackage.json            Frictionless data package (resources: the CSV files)
csv/<table>.csv             parquet/<table>.parquet         json/<table>.json
schema/<table>.schema.json  JSON Schema of each record type
codebook.md                 every table and column, from the models
SHA256SUMS                  checksums of every file above
<name>-<version>.zip        all of the above under the folder <name>-<version>/
```

Every table is written from its Arrow table (`Dataset.to_arrow`). The files are written one
after another in a fixed order, with ordinary buffered writes (exports.target syncs them to
disk before the release replaces anything). One more thread appends each finished file to the
zip, hashing it as it reads it: deflating the text is the largest piece of work of a large
export, and zlib, hashlib and Arrow's kernels let the two threads run side by side
(benchmarks/RESULTS.md). The zip's entries are in the order the files are written, whichever
thread is ahead.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from afghan_dialogues.datamodel.descriptors import DESCRIPTOR_FILE, dumps, json_schema
from afghan_dialogues.datamodel.models import ENTITY_MODELS, Model
from afghan_dialogues.datamodel.tables import TABLES
from afghan_dialogues.dataset import Dataset
from afghan_dialogues.exports.archive import ReleaseZip, archive_name, release_name
from afghan_dialogues.exports.checksums import CHECKSUMS_FILE, render_checksums
from afghan_dialogues.exports.codebook import render_codebook
from afghan_dialogues.exports.csv import CSV
from afghan_dialogues.exports.datapackage import render_descriptor
from afghan_dialogues.exports.json import JSON
from afghan_dialogues.exports.parquet import write_parquet
from afghan_dialogues.exports.progress import Step
from afghan_dialogues.exports.target import replacing
from afghan_dialogues.exports.textfile import write_text

CODEBOOK_FILE = "codebook.md"
FOLDERS = ("schema", "csv", "json", "parquet")

Write = Callable[[BinaryIO], None]
"""Writes one file's contents to the file it is given."""


@dataclass(frozen=True)
class Release:
    """What an export wrote."""

    directory: Path
    archive: Path
    files: tuple[str, ...]
    """Every file listed in SHA256SUMS, relative to `directory`."""


def export_release(dataset: Dataset, out: Path, progress: Step | None = None) -> Release:
    """Write the release of `dataset` to `out`, replacing an empty folder or a previous release
    of the same dataset there (exports.target), and nothing else."""
    info = dataset.info
    with replacing(out, info.name) as staging:
        files = write_release(dataset, staging, progress)
    return Release(out, out / archive_name(info.name, info.version), files)


def create(path: Path) -> BinaryIO:
    """A new file of a release, open for writing: every file an export writes is created here."""
    return path.open("xb")


def _text(render: Callable[[], str], out: BinaryIO) -> None:
    out.write(render().encode("utf-8"))


def _table(write: Callable[[Any, BinaryIO], None], dataset: Dataset, name: str, out: BinaryIO) -> None:
    write(dataset.to_arrow(name), out)


def release_files(dataset: Dataset) -> list[tuple[str, Write]]:
    """Every file of a release but SHA256SUMS and the zip, in the order they are written.

    The text tables come first and the small files last: the zip thread deflates each file
    once it is written, so the largest files are best written early, and rendering the data
    package descriptor (large for a large release) is best left for while it catches up.
    """
    formats: list[tuple[str, Callable[[Any, BinaryIO], None]]] = [
        ("json", partial(write_text, JSON)),
        ("csv", partial(write_text, CSV)),
        ("parquet", write_parquet),
    ]
    files: list[tuple[str, Write]] = [
        (f"{kind}/{t.name}.{kind}", partial(_table, write, dataset, t.name))
        for kind, write in formats
        for t in TABLES
    ]
    files += [
        (DESCRIPTOR_FILE, partial(_text, partial(render_descriptor, dataset))),
        (CODEBOOK_FILE, partial(_text, partial(render_codebook, dataset.info))),
    ]
    files += [(f"schema/{m.table}.schema.json", partial(_text, partial(_schema, m))) for m in ENTITY_MODELS]
    return files


def _schema(model: type[Model]) -> str:
    return dumps(json_schema(model))


def _first_failure(added: list[tuple[str, Future[str]]]) -> None:
    """Raise the error of the first file the zip could not take, if one has failed yet."""
    for _, future in added:
        if future.done() and future.exception() is not None:
            future.result()


def write_release(dataset: Dataset, root: Path, progress: Step | None = None) -> tuple[str, ...]:
    """Write every release file into the empty folder `root`; returns the checksummed files."""
    info = dataset.info
    for folder in FOLDERS:
        (root / folder).mkdir()
    files = release_files(dataset)
    total = len(files) + 2
    zip_name = archive_name(info.name, info.version)
    with create(root / zip_name) as zip_file, ThreadPoolExecutor(1, "export-zip") as zipping:
        archive = ReleaseZip(zip_file, release_name(info.name, info.version), info.released)
        added: list[tuple[str, Future[str]]] = []
        try:
            for done, (rel, write) in enumerate(files, start=1):
                with create(root / rel) as out:
                    write(out)
                added.append((rel, zipping.submit(archive.add, rel, root / rel)))
                if progress is not None:
                    progress(done, total, rel)
                _first_failure(added)
            digests = {rel: future.result() for rel, future in added}
            with create(root / CHECKSUMS_FILE) as out:
                out.write(render_checksums(digests).encode("utf-8"))
            archive.add(CHECKSUMS_FILE, root / CHECKSUMS_FILE)
            if progress is not None:
                progress(total - 1, total, CHECKSUMS_FILE)
            archive.finish()
        except BaseException:
            zipping.shutdown(cancel_futures=True)
            archive.abandon()
            raise
    if progress is not None:
        progress(total, total, zip_name)
    return tuple(sorted(digests))
