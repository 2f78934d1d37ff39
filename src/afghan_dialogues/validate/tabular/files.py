"""Where a table's data is in a package directory, and its rows as a stream of record batches.

Parquet is preferred when a release ships it (`parquet/<table>.parquet`: typed, and fast to
read); otherwise the CSV resource the descriptor names is read. CSV cells are all read as text,
never type-inferred: an Arrow reader that guesses a column is a date will happily turn
2020-02-30 into 2020-03-01, so conversion happens later, with a round-trip check. Problems with
a file as a whole (missing, unreadable, not UTF-8, ragged rows, unknown or missing columns) are
findings, and the stream simply ends early.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.tables import Table
from afghan_dialogues.findings import Finding
from afghan_dialogues.paths import display_path

BATCH_ROWS = 65_536
_CSV_BLOCK = 16 << 20


@dataclass
class TableFile:
    """The file holding one table, and the findings about the file itself."""

    table: Table
    path: Path
    format: str  # parquet | csv
    findings: list[Finding] = field(default_factory=list)

    @property
    def shown(self) -> str:
        """The path as findings show it."""
        return display_path(self.path)

    def problem(
        self, code: str, message: str, hint: str, *, line: int | None = None, column: str | None = None
    ) -> None:
        """Record a finding about the file (or one of its columns)."""
        self.findings.append(Finding(code, message, file=self.shown, line=line, field=column, hint=hint))


def locate(root: Path, table: Table, resource_path: str | None, prefer: str) -> TableFile:
    """The file to read for a table: Parquet when present (unless CSV is preferred), else CSV."""
    parquet = root / "parquet" / f"{table.name}.parquet"
    csv_path = root / (resource_path or f"csv/{table.name}.csv")
    if prefer == "csv" and csv_path.is_file():
        return TableFile(table, csv_path, "csv")
    if parquet.is_file():
        return TableFile(table, parquet, "parquet")
    return TableFile(table, csv_path, "csv")


def batches(source: TableFile) -> Iterator[Any]:
    """The table's rows as record batches holding the table's known columns (text for CSV)."""
    if not source.path.is_file():
        source.problem(
            F.PARSE_UNREADABLE,
            f"table '{source.table.name}' has no data file",
            f"a package has csv/{source.table.name}.csv or parquet/{source.table.name}.parquet",
        )
        return
    if source.format == "parquet":
        yield from _parquet(source)
    else:
        yield from _csv(source)


def _columns(source: TableFile, names: list[str]) -> list[str]:
    """The known columns present; unknown and missing ones are reported."""
    expected = source.table.column_names
    for name in names:
        if name not in expected:
            source.problem(
                F.MODEL_UNKNOWN_FIELD,
                f"column '{name}' is not part of table '{source.table.name}'",
                f"known columns: {', '.join(expected)}",
                column=name,
            )
    for name in expected:
        if name not in names:
            source.problem(
                F.MODEL_MISSING_FIELD,
                f"column '{name}' is missing",
                "the table must have every column of its schema, even when empty",
                column=name,
            )
    return [name for name in expected if name in names]


def _parquet(source: TableFile) -> Iterator[Any]:
    try:
        handle = pq.ParquetFile(source.path)
        present = _columns(source, list(handle.schema_arrow.names))
        yield from handle.iter_batches(batch_size=BATCH_ROWS, columns=present)
    except (OSError, pa.ArrowException) as exc:
        source.problem(
            F.PARSE_UNREADABLE, f"cannot read Parquet: {exc}", "rewrite the file with a Parquet writer"
        )


def _header(source: TableFile) -> list[str] | None:
    with source.path.open("rb") as handle:
        head = handle.readline()
    if head.startswith(b"\xef\xbb\xbf"):
        source.problem(
            F.PARSE_BOM, "file starts with a UTF-8 byte order mark (BOM)", "save without BOM", line=1
        )
        head = head[3:]
    try:
        return next(csv.reader(io.StringIO(head.decode("utf-8"))), [])
    except UnicodeDecodeError:
        source.problem(F.PARSE_ENCODING, "header is not valid UTF-8", "save the file as UTF-8", line=1)
        return None


def _csv(source: TableFile) -> Iterator[Any]:
    header = _header(source)
    if header is None:
        return
    present = _columns(source, header)

    def skip(row: Any) -> str:
        source.problem(
            F.PARSE_SYNTAX,
            f"row has {row.actual_columns} cells where the header has {row.expected_columns}",
            "quote cells that contain commas or line breaks",
            line=row.number,
        )
        return "skip"

    try:
        reader = pacsv.open_csv(
            source.path,
            read_options=pacsv.ReadOptions(block_size=_CSV_BLOCK),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=skip),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                include_columns=present,
                null_values=[""],
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )
        for batch in reader:
            yield from batch.to_batches(max_chunksize=BATCH_ROWS) if isinstance(batch, pa.Table) else [batch]
    except (OSError, pa.ArrowException) as exc:
        message = str(exc).splitlines()[0]
        code = F.PARSE_ENCODING if "UTF8" in message or "UTF-8" in message else F.PARSE_SYNTAX
        source.problem(code, f"cannot read CSV: {message}", "save the table as UTF-8 CSV (RFC 4180)")
