"""The package front end: a release or package directory → column checks → the rules' tables.

Each table is read whole from `parquet/<table>.parquet` when present (typed, and what a release
ships first), else from the CSV resource the descriptor names (every cell read as text, never
type-inferred, so conversion happens with the strict checks of `column_checks`). Files are read
only when they are regular files inside the package folder: a resource path escaping it, a
symbolic link or a special file is a finding that names the path and shows nothing of it.
"""

from __future__ import annotations

import csv
import io
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from pydantic import ValidationError

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.descriptors import (
    DESCRIPTOR_FILE,
    DescriptorError,
    info_fields,
    read_descriptor_file,
)
from afghan_dialogues.datamodel.models import DatasetInfo
from afghan_dialogues.datamodel.tables import TABLES, Table
from afghan_dialogues.findings import Finding
from afghan_dialogues.paths import display_path, outside_problem
from afghan_dialogues.validate.checked import Checked, FileRows, rule_schema
from afghan_dialogues.validate.column_checks import check_cells, findings_of, header_findings
from afghan_dialogues.validate.descriptor_check import stale_resources

MAX_HEADER_BYTES = 1 << 20


class PackageReader:
    """Reads one package directory, collecting findings about its files as it goes."""

    def __init__(self, root: Path, prefer: str = "parquet") -> None:
        self.root = root
        self.prefer = prefer
        self.findings: list[Finding] = []
        self.info: DatasetInfo | None = None
        self.unreadable: set[str] = set()

    def read(self) -> Checked:
        """The rules' tables of the package (empty tables where a file cannot be read).

        Tables are read and checked on two threads (Arrow decodes and computes without holding
        the interpreter lock), the largest first.
        """
        descriptor = self._descriptor()
        order = sorted(TABLES, key=lambda t: t.name != "claims")
        with ThreadPoolExecutor(max_workers=2) as pool:
            read = dict(
                zip(
                    [t.name for t in order],
                    pool.map(lambda t: self._table(t, descriptor), order),
                    strict=True,
                )
            )
        tables = {name: typed for name, (typed, _, _) in read.items()}
        invalid_rows = {name: invalid for name, (_, invalid, _) in read.items()}
        invalid_ids: set[str] = set()
        for name, typed in tables.items():
            if "id" in typed.column_names and pc.any(invalid_rows[name]).as_py():
                invalid_ids.update(
                    str(v) for v in pc.filter(typed.column("id"), invalid_rows[name]).to_pylist() if v
                )
        _spread_invalid_nested(tables, invalid_rows, invalid_ids)
        rows: dict[str, FileRows] = {}
        for name, (_, _, shown) in read.items():
            invalid = invalid_rows[name]
            if pc.any(invalid).as_py():
                valid = pc.invert(invalid)
                rows[name] = FileRows(shown, pc.add(pc.indices_nonzero(valid), 1))
                tables[name] = tables[name].filter(valid)
            else:
                rows[name] = FileRows(shown, None)
        return Checked(
            root=self.root,
            tables=tables,
            rows=dict(rows),
            invalid_ids=invalid_ids,
            unreadable=self.unreadable,
            texts=_snapshots(self.root),
        )

    def _table(self, table: Table, descriptor: dict[str, Any]) -> tuple[Any, Any, str]:
        """One table read and its cells checked: (typed columns, invalid rows, file as shown)."""
        path = self._locate(table, descriptor)
        shown = display_path(path) if path is not None else f"{table.name} (no file)"
        raw = self._read(table, path, shown) if path is not None else None
        if raw is None:
            self.unreadable.add(table.name)
            raw = rule_schema(table).empty_table()
        check = check_cells(table, {n: raw.column(n) for n in raw.column_names}, raw.num_rows)
        self.findings += findings_of(check, shown)
        typed = pa.table([check.columns[c.name] for c in table.columns], schema=rule_schema(table))
        return typed, check.invalid, shown

    def _problem(self, code: str, message: str, file: str, hint: str, field: str | None = None) -> None:
        self.findings.append(Finding(code, message, file=file, field=field, hint=hint))

    def _descriptor(self) -> dict[str, Any]:
        path = self.root / DESCRIPTOR_FILE
        shown = display_path(path)
        problem = outside_problem(self.root, path)
        if problem is not None:
            self._problem(
                F.PARSE_UNREADABLE, f"descriptor {problem}", shown, "give the package's own datapackage.json"
            )
            return {}
        try:
            data = read_descriptor_file(path)
        except DescriptorError as exc:
            message = f"descriptor: {exc.message}"
            self.findings.append(Finding(exc.code, message, file=shown, line=exc.line, hint=exc.hint))
            return {}
        self.findings += stale_resources(_resources(data), shown)
        self.info = self._info(data, shown)
        return data

    def _info(self, descriptor: dict[str, Any], shown: str) -> DatasetInfo | None:
        try:
            data = info_fields(descriptor)
        except ValueError as exc:  # `created` is no date: reported, the rest still read
            self._problem(F.MODEL_VALUE, str(exc), shown, "an ISO 8601 date and time", "created")
            data = info_fields({**descriptor, "created": None})
        try:
            return DatasetInfo.model_validate(data, strict=False)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                where = ".".join(str(p) for p in error["loc"])
                self._problem(
                    F.MODEL_VALUE,
                    f"package metadata: {where}: {error['msg']}",
                    shown,
                    "export the package again",
                    where,
                )
            return None

    def _locate(self, table: Table, descriptor: dict[str, Any]) -> Path | None:
        parquet = self.root / "parquet" / f"{table.name}.parquet"
        named = _resources(descriptor).get(table.name, {}).get("path")
        csv_path = self.root / (named if isinstance(named, str) else f"csv/{table.name}.csv")
        choices = [csv_path, parquet] if self.prefer == "csv" else [parquet, csv_path]
        path = next((p for p in choices if p.exists() or p.is_symlink()), csv_path)
        problem = outside_problem(self.root, path)
        if problem is not None:
            missing = not path.exists() and not path.is_symlink()
            message = f"table '{table.name}' has no data file" if missing else f"data file {problem}"
            hint = (
                f"a package has csv/{table.name}.csv or parquet/{table.name}.parquet"
                if missing
                else "resource paths name regular files inside the package folder"
            )
            self._problem(F.PARSE_UNREADABLE, message, display_path(path), hint)
            return None
        return path

    def _read(self, table: Table, path: Path, shown: str) -> Any:
        try:
            if path.suffix != ".parquet":
                return self._read_csv(table, path, shown)
            read = _read_parquet(path)
            return read.select(self._columns(table, read.column_names, shown))
        except (OSError, MemoryError, pa.ArrowException, csv.Error, ValueError) as exc:
            message = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
            code = F.PARSE_ENCODING if "UTF8" in message or "UTF-8" in message else F.PARSE_UNREADABLE
            self._problem(
                code, f"cannot read {path.suffix.lstrip('.').upper()}: {message}", shown, "rewrite the file"
            )
            return None

    def _read_csv(self, table: Table, path: Path, shown: str) -> Any:
        with path.open("rb") as handle:
            head = handle.readline(MAX_HEADER_BYTES + 1)
        if len(head) > MAX_HEADER_BYTES or (
            head and not head.endswith(b"\n") and path.stat().st_size > len(head)
        ):
            self._problem(
                F.PARSE_SYNTAX,
                "the header line is longer than 1 MB",
                shown,
                "save the table as CSV (RFC 4180)",
            )
            return None
        if head.startswith(b"\xef\xbb\xbf"):
            self.findings.append(
                Finding(
                    F.PARSE_BOM,
                    "file starts with a UTF-8 byte order mark (BOM)",
                    file=shown,
                    line=1,
                    hint="save without BOM",
                )
            )
            head = head[3:]
        header = next(csv.reader(io.StringIO(head.decode("utf-8"))), [])
        present = self._columns(table, header, shown)

        def skip(row: Any) -> str:
            self.findings.append(
                Finding(
                    F.PARSE_SYNTAX,
                    f"row has {row.actual_columns} cells where the header has {row.expected_columns}",
                    file=shown,
                    line=row.number,
                    hint="quote cells that contain commas or line breaks",
                )
            )
            return "skip"

        read = pacsv.read_csv(
            path,
            parse_options=pacsv.ParseOptions(newlines_in_values=True, invalid_row_handler=skip),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                include_columns=present,
                null_values=[""],
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )
        return read

    def _columns(self, table: Table, names: list[str], shown: str) -> list[str]:
        self.findings += header_findings(table, names, shown)
        return [name for name in table.column_names if name in names]


def _read_parquet(path: Path) -> Any:
    handle = pq.ParquetFile(path)
    meta = handle.metadata
    in_groups = sum(meta.row_group(i).num_rows for i in range(meta.num_row_groups))
    if meta.num_rows != in_groups:
        raise ValueError(f"footer says {meta.num_rows} rows, its row groups hold {in_groups}")
    return handle.read()


def _resources(descriptor: dict[str, Any]) -> dict[str, dict[str, Any]]:
    resources = descriptor.get("resources")
    if not isinstance(resources, list):
        return {}
    return {r["name"]: r for r in resources if isinstance(r, dict) and isinstance(r.get("name"), str)}


def _spread_invalid_nested(tables: dict[str, Any], invalid: dict[str, Any], invalid_ids: set[str]) -> None:
    """A nested row belongs to its parent record: a bad spelling or reference row makes its
    parent invalid, and the rows of an invalid parent go with it, as one YAML record would."""
    for table in TABLES:
        if not table.nested:
            continue
        parents = pc.filter(tables[table.name].column(str(table.parent_column)), invalid[table.name])
        bad = {str(v) for v in parents.to_pylist() if v}
        for parent in TABLES:
            if parent.model in table.parents and bad:
                hit = pc.is_in(tables[parent.name].column("id"), value_set=pa.array(sorted(bad), pa.string()))
                invalid[parent.name] = pc.or_(invalid[parent.name], pc.fill_null(hit, False))
                invalid_ids.update(bad)
    for table in TABLES:
        if table.nested and invalid_ids:
            orphaned = pc.is_in(
                tables[table.name].column(str(table.parent_column)),
                value_set=pa.array(sorted(invalid_ids), pa.string()),
            )
            invalid[table.name] = pc.or_(invalid[table.name], pc.fill_null(orphaned, False))


def _snapshots(root: Path) -> dict[str, Path] | None:
    folder = root / "texts"
    if not folder.is_dir() or folder.is_symlink():
        return None
    return {p.stem: p for p in sorted(folder.glob("*.txt")) if outside_problem(root, p) is None}
