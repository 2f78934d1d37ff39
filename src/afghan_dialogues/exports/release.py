"""Write a whole release directory: data package, tables in three formats, schemas, codebook,
checksums and the zip, then swap it in for the previous one.

The layout is the public interface of a release:

```
datapackage.json            Frictionless data package (resources: the CSV files)
csv/<table>.csv             parquet/<table>.parquet         json/<table>.json
schema/<table>.schema.json  JSON Schema of each record type
codebook.md                 every table and column, from the models
SHA256SUMS                  checksums of every file above
<name>-<version>.zip        all of the above under the folder <name>-<version>/
```

The zip is named after the package name in dataset.yaml rather than a fixed string, so a
fork publishing its own package does not ship files named after this one.

Every table is written from its Arrow table (`Dataset.to_arrow`), on threads (exports.lanes):
the Parquet files one after another on one thread, the CSV and JSON files, largest first, on
two, CSV and JSON rendered a batch at a time by a shared pool and hashed as they are written
(exports.sink), while this thread renders the small files and appends each finished file to
the zip (text deflated as it is written, Parquet stored).
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from afghan_dialogues.datamodel.descriptors import dumps, json_schema
from afghan_dialogues.datamodel.models import ENTITY_MODELS, DatasetInfo
from afghan_dialogues.dataset import Dataset
from afghan_dialogues.exports.archive import ZipWriter
from afghan_dialogues.exports.atomic import replacing
from afghan_dialogues.exports.checksums import CHECKSUMS_FILE, render_checksums
from afghan_dialogues.exports.codebook import render_codebook
from afghan_dialogues.exports.csv import CSV
from afghan_dialogues.exports.datapackage import render_descriptor
from afghan_dialogues.exports.json import JSON
from afghan_dialogues.exports.lanes import Lanes
from afghan_dialogues.exports.parquet import write_parquet
from afghan_dialogues.exports.progress import Step
from afghan_dialogues.exports.sink import HashingFile, Written, hash_file, write_bytes
from afghan_dialogues.exports.textfile import Render, TextFormat, write_text
from afghan_dialogues.exports.timing import Timings

DESCRIPTOR_FILE = "datapackage.json"
CODEBOOK_FILE = "codebook.md"
WORKERS = 2
"""Threads rendering batches: the machines releases are built on have two cores."""
AHEAD = 4
"""Batches of a text file rendered ahead of the one being written (bounds the memory used)."""
_TEXT_FORMATS: tuple[tuple[str, TextFormat], ...] = (("csv", CSV), ("json", JSON))
TEXT_THREADS = 2
"""Threads writing CSV and JSON files (each file's hashing and deflating is on its thread)."""


@dataclass(frozen=True)
class Release:
    """What an export wrote."""

    directory: Path
    archive: Path
    files: tuple[str, ...]
    """Every file listed in SHA256SUMS, relative to `directory`."""
    seconds: dict[str, float] = field(default_factory=dict, compare=False)
    """Seconds per kind of step (exports.timing), added up over threads."""


def release_name(info: DatasetInfo) -> str:
    """`<name>-<version>`: the zip's stem and the folder inside it."""
    return f"{info.name}-{info.version}"


def archive_name(info: DatasetInfo) -> str:
    """File name of the release zip."""
    return f"{release_name(info)}.zip"


def export_release(dataset: Dataset, out: Path, progress: Step | None = None) -> Release:
    """Write the release of `dataset` to `out`, replacing a previous release there atomically."""
    timings = Timings()
    with replacing(out) as staging:
        files = write_release(dataset, staging, progress, timings)
    return Release(out, out / archive_name(dataset.info), files, timings.seconds())


@dataclass
class _Files:
    """The files finished so far: hashed, appended to the zip, reported to the progress callback."""

    archive: ZipWriter
    total: int
    progress: Step | None
    timings: Timings
    digests: dict[str, str] = field(default_factory=dict)
    """SHA-256 of each file kept; nothing else of it is kept (its deflated bytes are in the zip)."""
    done: int = 0

    def keep(self, rel: str, written: Written) -> None:
        self.digests[rel] = written.sha256
        with self.timings.measure("zip"):
            self.archive.add(rel, written)
        self.step(rel)

    def step(self, label: str) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total, label)


def _parquet_file(table: Any, path: Path, timings: Timings) -> Written:
    with timings.measure("parquet"):
        write_parquet(table, path)
    with timings.measure("checksums"):
        return hash_file(path)


def _text_size(kind: str, table: Any) -> int:
    """A rough size of a table's text, to write the largest files first: its cells, twice for
    JSON, which writes every cell's key too. Counted from the rows, not from the bytes Arrow
    holds (which differ between a table built from records and one read back), so that the
    same dataset always gives the same order, and the same zip."""
    cells = int(table.num_rows) * int(table.num_columns)
    return 2 * cells if kind == "json" else cells


def _text_file(
    form: TextFormat, table: Any, path: Path, *, render: Render, timings: Timings, kind: str
) -> Written:
    def body(batch: Any) -> Any:
        with timings.measure(kind):
            return form.body(batch)

    with HashingFile(path, timings, kind, deflate=True) as out:
        write_text(replace(form, body=body), table, out, render)
    return out.written()


def write_release(
    dataset: Dataset, root: Path, progress: Step | None = None, timings: Timings | None = None
) -> tuple[str, ...]:
    """Write every release file into the empty directory `root`; returns the checksummed files.

    Files are appended to the zip (and reported to `progress`, on this thread) in a fixed
    order, whichever lane finishes first: the same dataset always gives the same zip.
    """
    timings = timings if timings is not None else Timings()
    for folder in ("csv", "json", "parquet", "schema"):
        (root / folder).mkdir()
    info = dataset.info
    with timings.measure("other"):
        tables = sorted(
            ((t.name, dataset.to_arrow(t.name)) for t in dataset.tables), key=lambda p: -p[1].num_rows
        )
    archive = ZipWriter(root / archive_name(info), release_name(info), info.released)
    steps = 3 * len(tables) + len(ENTITY_MODELS) + len((DESCRIPTOR_FILE, CODEBOOK_FILE, CHECKSUMS_FILE)) + 1
    files = _Files(archive, steps, progress, timings)
    try:
        with Lanes({"parquet": 1, "text": TEXT_THREADS}, WORKERS, AHEAD) as lanes:
            pending: list[tuple[str, Future[Written]]] = []
            for name, table in tables:
                rel = f"parquet/{name}.parquet"
                job = partial(_parquet_file, table, root / rel, timings)
                pending.append((rel, lanes.submit("parquet", job)))
            texts = [
                (f"{kind}/{name}.{kind}", kind, form, table)
                for kind, form in _TEXT_FORMATS
                for name, table in tables
            ]
            # Largest first: the small files fill in while the last large one is written, and
            # the zip takes the files in about the order they are done.
            for rel, kind, form, table in sorted(texts, key=lambda text: -_text_size(text[1], text[3])):
                job = partial(
                    _text_file, form, table, root / rel, render=lanes.render, timings=timings, kind=kind
                )
                pending.append((rel, lanes.submit("text", job)))
            with timings.measure("other"):
                small = [(DESCRIPTOR_FILE, render_descriptor(dataset))]
                small += [(f"schema/{m.table}.schema.json", dumps(json_schema(m))) for m in ENTITY_MODELS]
                small += [(CODEBOOK_FILE, render_codebook(info))]
            for rel, text in small:
                files.keep(rel, write_bytes(root / rel, text.encode("utf-8"), timings, deflate=True))
            while pending:  # popped, so that a file's deflated bytes are freed once in the zip
                rel, future = pending.pop(0)
                files.keep(rel, lanes.result(future))
        digests = dict(files.digests)
        sums = write_bytes(
            root / CHECKSUMS_FILE, render_checksums(digests).encode("utf-8"), timings, deflate=True
        )
        files.keep(CHECKSUMS_FILE, sums)
        with timings.measure("zip"):
            archive.close()
    except BaseException:
        archive.abort()
        raise
    files.step(archive_name(info))
    return tuple(sorted(digests))
