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
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from afghan_dialogues.dataset import Dataset
from afghan_dialogues.exports.archive import write_zip
from afghan_dialogues.exports.arrow import arrow_table
from afghan_dialogues.exports.atomic import replacing
from afghan_dialogues.exports.checksums import CHECKSUMS_FILE, render_checksums
from afghan_dialogues.exports.codebook import render_codebook
from afghan_dialogues.exports.csv import write_csv
from afghan_dialogues.exports.datapackage import render_descriptor
from afghan_dialogues.exports.json import write_json
from afghan_dialogues.exports.parquet import write_parquet
from afghan_dialogues.exports.progress import Step
from afghan_dialogues.schema.descriptors import dumps, json_schema
from afghan_dialogues.schema.models import ENTITY_MODELS, DatasetInfo

DESCRIPTOR_FILE = "datapackage.json"
CODEBOOK_FILE = "codebook.md"


@dataclass(frozen=True)
class Release:
    """What an export wrote."""

    directory: Path
    archive: Path
    files: tuple[str, ...]
    """Every file listed in SHA256SUMS, relative to `directory`."""


def release_name(info: DatasetInfo) -> str:
    """`<name>-<version>`: the zip's stem and the folder inside it."""
    return f"{info.name}-{info.version}"


def archive_name(info: DatasetInfo) -> str:
    """File name of the release zip."""
    return f"{release_name(info)}.zip"


def export_release(dataset: Dataset, out: Path, progress: Step | None = None) -> Release:
    """Write the release of `dataset` to `out`, replacing a previous release there atomically."""
    with replacing(out) as staging:
        files = write_release(dataset, staging, progress)
    return Release(out, out / archive_name(dataset.info), files)


def _write_text(path: Path, content: str) -> None:
    path.write_text(content, encoding="utf-8", newline="\n")


@dataclass
class _Tally:
    """The files written so far, reported to the progress callback as they come."""

    total: int
    progress: Step | None
    files: list[str] = field(default_factory=list)

    def wrote(self, rel: str) -> None:
        self.files.append(rel)
        if self.progress is not None:
            self.progress(len(self.files), self.total, rel)


def write_release(dataset: Dataset, root: Path, progress: Step | None = None) -> tuple[str, ...]:
    """Write every release file into the empty directory `root`; returns the checksummed files."""
    for folder in ("csv", "json", "parquet", "schema"):
        (root / folder).mkdir()
    tally = _Tally(1 + 3 * len(dataset.tables) + len(ENTITY_MODELS) + 1, progress)
    _write_text(root / DESCRIPTOR_FILE, render_descriptor(dataset))
    tally.wrote(DESCRIPTOR_FILE)
    for table in dataset.tables:
        rows = list(dataset.table_rows(table))
        rel = f"csv/{table.name}.csv"
        write_csv(table.column_names, rows, root / rel)
        tally.wrote(rel)
        rel = f"json/{table.name}.json"
        write_json(table.column_names, rows, root / rel)
        tally.wrote(rel)
        rel = f"parquet/{table.name}.parquet"
        write_parquet(arrow_table(table, rows), root / rel)
        tally.wrote(rel)
    for model in ENTITY_MODELS:
        rel = f"schema/{model.table}.schema.json"
        _write_text(root / rel, dumps(json_schema(model)))
        tally.wrote(rel)
    _write_text(root / CODEBOOK_FILE, render_codebook(dataset.info))
    tally.wrote(CODEBOOK_FILE)
    checksummed = tuple(sorted(tally.files))
    _write_text(root / CHECKSUMS_FILE, render_checksums(root, checksummed))
    info = dataset.info
    archived = [*checksummed, CHECKSUMS_FILE]
    write_zip(root, archived, root / archive_name(info), release_name(info), info.released)
    return checksummed
