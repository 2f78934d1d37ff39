"""A release folder checked as downloaded: its checksums, its zip, and its formats against each other.

It runs for package folders that carry `SHA256SUMS`, which an export writes and a bare package
(`synth --format package`) does not. The rules read one format of each table (Parquet where
there is one); this module makes sure the other formats hold the same rows, so a CSV,
workbook or database corrupted on its own cannot pass unnoticed:

- every file `SHA256SUMS` lists is present with that SHA-256, and no other file is there (beside
  `SHA256SUMS` itself, the zip, the zip's checksum file and hidden files);
- each resource's `bytes` and `hash` in `datapackage.json` are its file's;
- the checksum file beside the zip names the zip and gives its SHA-256, and the zip holds the
  files of the folder, byte for byte;
- the rows of each table in Parquet, CSV, JSON, the SQLite file and the workbook are the same,
  compared as values (a date, a list, a boolean) rather than as text. A CSV or JSON file that
  holds exactly the bytes the export writes from the Parquet table, as every release does, is
  settled by rendering the table and comparing in step, a batch at a time; only a file that
  differs is read row by row to say where.

Files are read only when they are regular files inside the folder (`paths.outside_problem`).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import sqlite3
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.arrow import arrow_schema
from afghan_dialogues.datamodel.descriptors import DESCRIPTOR_FILE
from afghan_dialogues.datamodel.models import DatasetInfo
from afghan_dialogues.datamodel.tables import TABLES, Column, Table
from afghan_dialogues.exports.archive import archive_name, release_name
from afghan_dialogues.exports.checksums import CHECKSUMS_FILE, file_sha256, parse_checksums
from afghan_dialogues.exports.csv import CSV
from afghan_dialogues.exports.json import JSON
from afghan_dialogues.exports.textfile import TextFormat, write_text
from afghan_dialogues.findings import Finding
from afghan_dialogues.paths import display_path, outside_problem

_BLOCK = 1 << 20
_SHOWN = 60
Row = tuple[Any, ...]
Rows = dict[tuple[str, ...], Row]
"""A table's rows by their primary key, each as the values of its columns in order."""


def release_findings(root: Path, info: DatasetInfo | None) -> list[Finding]:
    """Everything wrong with the release folder `root` (one with SHA256SUMS) as a download (see
    the module doc)."""
    out: list[Finding] = []
    listed = _listed(root, out)
    actual = _check_files(root, listed, info, out)
    _check_resources(root, actual, out)
    if info is not None:
        _check_zip(root, info, listed, out)
    out += formats_disagree(root, info)
    return out


def _listed(root: Path, out: list[Finding]) -> dict[str, str]:
    """path → sha256 of every line of SHA256SUMS (a line that is not one is a finding)."""
    path = root / CHECKSUMS_FILE
    shown = display_path(path)
    problem = outside_problem(root, path)
    if problem is not None:
        out.append(Finding(F.PARSE_UNREADABLE, f"{CHECKSUMS_FILE} {problem}", file=shown))
        return {}
    try:
        listed, bad = parse_checksums(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        out.append(
            Finding(F.PARSE_UNREADABLE, f"cannot be read: {exc}", file=shown, hint="download it again")
        )
        return {}
    for number, line in bad:
        out.append(
            Finding(
                F.PARSE_SYNTAX,
                f"not a checksum line: {line[:_SHOWN]!r}",
                file=shown,
                line=number,
                hint="each line is `<sha256>  <path>`, as sha256sum writes it",
            )
        )
    return listed


def _present(root: Path) -> set[str]:
    """Every file (anything but a folder) under `root`, as a '/'-separated relative path, but
    hidden ones (`.DS_Store`, which a file browser leaves in a folder it shows): a release has none."""
    found: set[str] = set()
    for top, _, names in os.walk(root):
        base = Path(top).relative_to(root)
        found.update((base / name).as_posix() for name in names if not name.startswith("."))
    return found


def _check_files(
    root: Path, listed: dict[str, str], info: DatasetInfo | None, out: list[Finding]
) -> dict[str, str]:
    """Each listed file's hash against SHA256SUMS; returns path → sha256 of the files read."""
    actual: dict[str, str] = {}
    for rel, digest in sorted(listed.items()):
        path = root / rel
        shown = display_path(path)
        if not path.exists() and not path.is_symlink():
            out.append(
                Finding(
                    F.RELEASE_FILE_MISSING, f"{CHECKSUMS_FILE} lists {rel}, which is not there", file=shown
                )
            )
            continue
        problem = outside_problem(root, path)
        if problem is not None:
            out.append(Finding(F.PARSE_UNREADABLE, f"listed file {problem}", file=shown))
            continue
        actual[rel] = file_sha256(path)
        if actual[rel] != digest:
            out.append(
                Finding(
                    F.RELEASE_CHECKSUM_MISMATCH,
                    f"SHA-256 is {actual[rel][:12]}..., {CHECKSUMS_FILE} says {digest[:12]}...",
                    file=shown,
                    hint="the file changed after the release was written: download the release again",
                )
            )
    allowed = {CHECKSUMS_FILE}
    if info is not None:
        zip_name = archive_name(info.name, info.version)
        allowed |= {zip_name, f"{zip_name}.sha256"}
    for rel in sorted(_present(root) - set(listed) - allowed):
        out.append(
            Finding(
                F.RELEASE_FILE_UNLISTED,
                f"{rel} is not listed in {CHECKSUMS_FILE}",
                file=display_path(root / rel),
                hint="a release holds only the files its checksums list: remove it, or export again",
            )
        )
    return actual


def _check_resources(root: Path, actual: dict[str, str], out: list[Finding]) -> None:
    """Each resource's `bytes` and `hash` in the descriptor against its file."""
    try:
        descriptor = json.loads((root / DESCRIPTOR_FILE).read_text(encoding="utf-8"))
        resources = [r for r in descriptor.get("resources", []) if isinstance(r, dict)]
    except (OSError, ValueError, AttributeError):
        return  # the package reader reports an unreadable descriptor
    shown = display_path(root / DESCRIPTOR_FILE)
    for resource in resources:
        rel = resource.get("path")
        if not isinstance(rel, str) or rel not in actual:
            continue
        size = (root / rel).stat().st_size
        stated_hash = resource.get("hash")
        if stated_hash is not None and stated_hash != f"sha256:{actual[rel]}":
            message = f"resource '{resource.get('name')}': `hash` is not the SHA-256 of {rel}"
            out.append(
                Finding(
                    F.RELEASE_CHECKSUM_MISMATCH,
                    message,
                    file=shown,
                    field=f"resources.{resource.get('name')}.hash",
                )
            )
        if "bytes" in resource and resource["bytes"] != size:
            message = f"resource '{resource.get('name')}': `bytes` is {resource['bytes']}, {rel} has {size}"
            out.append(
                Finding(
                    F.RELEASE_CHECKSUM_MISMATCH,
                    message,
                    file=shown,
                    field=f"resources.{resource.get('name')}.bytes",
                )
            )


def _check_zip(root: Path, info: DatasetInfo, listed: dict[str, str], out: list[Finding]) -> None:
    """The zip's checksum file, and the zip's entries against SHA256SUMS."""
    zip_name = archive_name(info.name, info.version)
    path = root / zip_name
    sums = root / f"{zip_name}.sha256"
    if sums.exists() or sums.is_symlink():
        shown = display_path(sums)
        problem = outside_problem(root, sums)
        if problem is not None:
            out.append(Finding(F.PARSE_UNREADABLE, f"checksum file {problem}", file=shown))
        else:
            named, _ = parse_checksums(sums.read_text(encoding="utf-8", errors="replace"))
            digest = named.get(zip_name)
            if list(named) != [zip_name]:
                message = f"names {', '.join(named)[:_SHOWN]!r}, not the release zip {zip_name}"
                out.append(
                    Finding(
                        F.RELEASE_CHECKSUM_MISMATCH, message, file=shown, hint="one line: `<sha256>  <zip>`"
                    )
                )
            elif not path.is_file():
                out.append(
                    Finding(F.RELEASE_FILE_MISSING, f"names {zip_name}, which is not there", file=shown)
                )
            elif outside_problem(root, path) is None and file_sha256(path) != digest:
                message = f"{zip_name} does not have the SHA-256 its checksum file gives"
                out.append(
                    Finding(
                        F.RELEASE_CHECKSUM_MISMATCH,
                        message,
                        file=display_path(path),
                        hint="download it again",
                    )
                )
    if not path.is_file() or outside_problem(root, path) is not None:
        return
    shown = display_path(path)
    folder = release_name(info.name, info.version) + "/"
    expected = {**listed}
    sums_file = root / CHECKSUMS_FILE
    if outside_problem(root, sums_file) is None:
        expected[CHECKSUMS_FILE] = file_sha256(sums_file)
    try:
        with zipfile.ZipFile(path) as archive:
            entries = {i.filename.removeprefix(folder): i for i in archive.infolist() if not i.is_dir()}
            for rel in sorted(set(expected) - set(entries)):
                out.append(Finding(F.RELEASE_FILE_MISSING, f"the zip has no {folder}{rel}", file=shown))
            for rel in sorted(set(entries) - set(expected)):
                out.append(
                    Finding(
                        F.RELEASE_FILE_UNLISTED,
                        f"the zip holds {entries[rel].filename}, not listed",
                        file=shown,
                    )
                )
            for rel in sorted(set(entries) & set(expected)):
                hashed = hashlib.sha256()
                with archive.open(entries[rel]) as entry:
                    while block := entry.read(_BLOCK):
                        hashed.update(block)
                if hashed.hexdigest() != expected[rel]:
                    message = f"{folder}{rel} in the zip differs from the release's {rel}"
                    out.append(
                        Finding(
                            F.RELEASE_CHECKSUM_MISMATCH,
                            message,
                            file=shown,
                            hint="download the release again",
                        )
                    )
    except (OSError, zipfile.BadZipFile, EOFError, ValueError) as exc:
        out.append(
            Finding(F.PARSE_UNREADABLE, f"cannot read the zip: {exc}", file=shown, hint="download it again")
        )


# Formats: each read into values of one kind, then compared with the Parquet file's.


def _text_value(column: Column, cell: str) -> Any:
    """A CSV cell as the value it stands for (a cell that is no such value stays text, and so
    differs from the Parquet value)."""
    if column.type == "list":
        return tuple(cell.split(",")) if cell else ()
    if cell == "":
        return None
    if column.type == "boolean":
        return {"true": True, "false": False}.get(cell, cell)
    if column.type == "integer":
        return int(cell) if cell.lstrip("-").isdigit() else cell
    return cell


def _value(column: Column, value: Any) -> Any:
    """A value from Parquet, JSON, SQLite or the workbook in the form rows are compared in:
    lists as tuples, dates as ISO text, 0/1 of a boolean column as booleans, empty as None."""
    if column.type == "list":
        return tuple(value) if isinstance(value, (list, tuple)) else value if value is not None else ()
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if column.type == "date" else value
    if isinstance(value, dt.date):
        return value.isoformat()
    if column.type == "boolean" and type(value) is int and value in (0, 1):
        return bool(value)
    if column.type == "integer" and isinstance(value, float) and value.is_integer():
        return int(value)
    return None if value == "" else value


def _keyed(table: Table, rows: Iterable[Row]) -> tuple[Rows, int]:
    """Rows by primary key, and how many rows there were (more than keys when one repeats)."""
    index = [table.column_names.index(k) for k in table.primary_key]
    keyed: Rows = {}
    count = 0
    for row in rows:
        count += 1
        keyed[tuple(str(row[i]) for i in index)] = row
    return keyed, count


def _rows(read: pa.Table, table: Table) -> Iterator[Row]:
    for row in read.to_pylist():
        yield tuple(_value(c, row[c.name]) for c in table.columns)


class _DiffersError(Exception):
    """Raised by `_SameBytes` at the first batch that differs, to stop the rendering there."""


class _SameBytes:
    """A writable that compares what is written with a file's next bytes, holding one batch."""

    def __init__(self, handle: BinaryIO) -> None:
        self._handle = handle

    def write(self, data: Any) -> int:
        written = data if isinstance(data, bytes) else memoryview(data).tobytes()
        if self._handle.read(len(written)) != written:
            raise _DiffersError
        return len(written)


def _as_exported(path: Path, read: pa.Table, table: Table, form: TextFormat) -> bool:
    """Whether the file holds exactly what the export writes from the Parquet table `read`.

    Only a Parquet file with the release's own column types is rendered: text rendered from a
    column of another type (`"false"` in a boolean column) can match the file while the values
    differ, which the row-by-row comparison sees. (Values the CSV convention cannot hold, such
    as a list item with a comma, fail the cell checks of the package reader instead.)
    """
    if not read.schema.equals(arrow_schema(table), check_metadata=False):
        return False
    try:
        with path.open("rb") as handle:
            write_text(form, read, _SameBytes(handle))
            return handle.read(1) == b""
    except _DiffersError:
        return False
    except (OSError, TypeError, pa.ArrowException):  # unreadable, or a column the writer refuses
        return False


def _csv(root: Path, table: Table) -> Iterator[Row]:
    with (root / "csv" / f"{table.name}.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        if next(reader, None) != list(table.column_names):
            raise ValueError("its header is not the table's columns")
        for cells in reader:
            if len(cells) != len(table.columns):
                raise ValueError(f"line {reader.line_num} has {len(cells)} cells, not {len(table.columns)}")
            yield tuple(_text_value(c, cell) for c, cell in zip(table.columns, cells, strict=True))


def _json(root: Path, table: Table) -> Iterator[Row]:
    with (root / "json" / f"{table.name}.json").open(encoding="utf-8") as handle:
        rows = json.load(handle)
    if not isinstance(rows, list):
        raise ValueError("it is not an array of rows")
    for row in rows:
        if not isinstance(row, dict) or list(row) != list(table.column_names):
            raise ValueError("a row does not have the table's columns, in order")
        yield tuple(_value(c, row[c.name]) for c in table.columns)


def _sqlite(path: Path) -> Callable[[Path, Table], Iterator[Row]]:
    def read(root: Path, table: Table) -> Iterator[Row]:
        from afghan_dialogues.exports.sqlite import scalar_columns

        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            scalars = [c.name for c in scalar_columns(table)]
            select = ", ".join(f'"{n}"' for n in scalars)
            rows = [
                dict(zip(scalars, r, strict=True)) for r in db.execute(f'SELECT {select} FROM "{table.name}"')
            ]
            for link in table.links:
                keys = ", ".join(f'"{c}"' for c in link.parent_columns)
                items: dict[tuple[str, ...], list[str]] = {}
                query = f'SELECT {keys}, "{link.item_column}" FROM "{link.name}" ORDER BY {keys}, "position"'
                for found in db.execute(query):
                    items.setdefault(tuple(str(v) for v in found[:-1]), []).append(found[-1])
                for row in rows:
                    row[link.column.name] = items.get(tuple(str(row[k]) for k in table.primary_key), [])
        except sqlite3.Error as exc:
            raise ValueError(str(exc)) from exc
        finally:
            db.close()
        for row in rows:
            yield tuple(_value(c, row[c.name]) for c in table.columns)

    return read


def _workbook(book: Any) -> Callable[[Path, Table], Iterator[Row]]:
    from afghan_dialogues.exports.workbook import LIST_SEPARATOR

    def read(root: Path, table: Table) -> Iterator[Row]:
        sheets = [table.name] + [f"{table.name} ({n})" for n in range(2, len(book.sheetnames) + 1)]
        present = [name for name in sheets if name in book.sheetnames]
        if not present:
            raise ValueError(f"it has no sheet '{table.name}'")
        for name in present:
            cells = book[name].iter_rows(values_only=True)
            header = next(cells, ())
            if [h for h in header if h is not None] != list(table.column_names):
                raise ValueError(f"the header of sheet '{name}' is not the table's columns")
            for values in cells:
                padded = (*values, *([None] * len(table.columns)))[: len(table.columns)]
                yield tuple(
                    _value(
                        c, tuple(v.split(LIST_SEPARATOR)) if c.type == "list" and isinstance(v, str) else v
                    )
                    for c, v in zip(table.columns, padded, strict=True)
                )

    return read


def _shown(value: Any) -> str:
    text = f"{value!r}"
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def _compare(table: Table, reference: Rows, count: int, rows: Rows, rows_count: int) -> str | None:
    """What differs between the Parquet rows and another format's, or None."""
    if count != rows_count or reference.keys() != rows.keys():
        missing = sorted(reference.keys() - rows.keys())
        extra = sorted(rows.keys() - reference.keys())
        parts = [f"{rows_count} rows where Parquet has {count}"]
        if missing:
            parts.append(f"no row {' '.join(missing[0])}")
        if extra:
            parts.append(f"a row {' '.join(extra[0])} Parquet does not have")
        return "; ".join(parts)
    differing = [key for key in reference if reference[key] != rows[key]]
    if not differing:
        return None
    key = differing[0]
    column = next(c for c, a, b in zip(table.columns, reference[key], rows[key], strict=True) if a != b)
    i = table.columns.index(column)
    return (
        f"{len(differing)} of {count} rows differ from Parquet; the first, {' '.join(key)}, in "
        f"`{column.name}`: {_shown(rows[key][i])} where Parquet has {_shown(reference[key][i])}"
    )


def formats_disagree(root: Path, info: DatasetInfo | None) -> list[Finding]:
    """A finding per table and format whose rows are not the Parquet file's."""
    out: list[Finding] = []
    readers: list[tuple[Path, Callable[[Path, Table], Iterator[Row]]]] = []
    book = None
    if info is not None:
        from afghan_dialogues.exports.sqlite import database_name
        from afghan_dialogues.exports.workbook import workbook_name

        database = root / database_name(info.name)
        if database.exists() and outside_problem(root, database) is None:
            readers.append((database, _sqlite(database)))
        workbook = root / workbook_name(info.name)
        if workbook.exists() and outside_problem(root, workbook) is None:
            from openpyxl import load_workbook

            try:
                book = load_workbook(workbook, read_only=True, data_only=True)
                readers.append((workbook, _workbook(book)))
            except Exception as exc:  # openpyxl raises many kinds for a damaged file
                message = f"cannot be read: {str(exc)[:200]}"
                out.append(Finding(F.RELEASE_FORMATS_DISAGREE, message, file=display_path(workbook)))
    try:
        for table in TABLES:
            out += _table_formats(root, table, readers)
    finally:
        if book is not None:
            book.close()
    return out


def _table_formats(
    root: Path, table: Table, readers: list[tuple[Path, Callable[[Path, Table], Iterator[Row]]]]
) -> list[Finding]:
    parquet = root / "parquet" / f"{table.name}.parquet"
    if not parquet.exists() or outside_problem(root, parquet) is not None:
        return []
    try:
        read = pq.read_table(parquet, columns=list(table.column_names))
    except Exception:  # the package reader reports an unreadable Parquet file
        return []
    keyed: tuple[Rows, int] | None = None
    out: list[Finding] = []
    files = [
        (root / "csv" / f"{table.name}.csv", _csv, CSV),
        (root / "json" / f"{table.name}.json", _json, JSON),
        *((path, reader, None) for path, reader in readers),
    ]
    for path, reader, form in files:
        if not path.exists() or outside_problem(root, path) is not None:
            continue
        if form is not None and _as_exported(path, read, table, form):
            continue
        shown = display_path(path)
        try:
            rows, rows_count = _keyed(table, reader(root, table))
        except (ValueError, OSError, UnicodeDecodeError, csv.Error, KeyError) as exc:
            out.append(
                Finding(F.RELEASE_FORMATS_DISAGREE, f"table {table.name}: cannot be read: {exc}", file=shown)
            )
            continue
        if keyed is None:
            try:
                keyed = _keyed(table, _rows(read, table))
            except Exception:  # a value Python cannot hold; the package reader reports it
                return out
        reference, count = keyed
        problem = _compare(table, reference, count, rows, rows_count)
        if problem is not None:
            out.append(
                Finding(
                    F.RELEASE_FORMATS_DISAGREE,
                    f"table {table.name}: {problem}",
                    file=shown,
                    hint="one format was changed after the export: download the release again",
                )
            )
    return out
