"""Write a synthetic dataset as a release-like package directory.

```
datapackage.json            from schema.descriptors.package_descriptor
parquet/<table>.parquet     written by exports.parquet (same settings as a release)
csv/<table>.csv             the Frictionless resources
texts/<source-id>.txt       only with snapshots=True (releases carry quotes, not texts)
SHA256SUMS                  every file above, as in a release
```

Rows are buffered as Arrow record batches of the published schema (datamodel.arrow), not as
Python objects, and sorted by primary key at the end, as `Dataset.build` sorts a release: the
same records give the same files whether they were exported or synthesized.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from operator import itemgetter
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from afghan_dialogues.datamodel.arrow import arrow_schema
from afghan_dialogues.datamodel.tables import Table
from afghan_dialogues.exports.csv import write_csv
from afghan_dialogues.exports.parquet import write_parquet

Row = dict[str, Any]
BATCH_ROWS = 65_536


class TableSink:
    """Collects the rows of one table as Arrow batches.

    A value that does not fit its column's type (an injected 'date' of 2023-02-30) turns the
    whole column into text, as a producer writing dates as strings would; the validator must
    then parse it, which is what the injection is for.
    """

    def __init__(self, table: Table, extra_columns: tuple[str, ...] = ()) -> None:
        self.table = table
        self.schema = arrow_schema(table)
        for name in extra_columns:
            self.schema = self.schema.append(pa.field(name, pa.string()))
        self._rows: list[Row] = []
        self._batches: list[Any] = []

    def add(self, row: Row) -> None:
        """Append one flat row."""
        self._rows.append(row)
        if len(self._rows) >= BATCH_ROWS:
            self._flush()

    def _flush(self) -> None:
        if not self._rows:
            return
        names = self.schema.names
        try:
            getter = itemgetter(*names)
            columns: list[Any] = list(zip(*(getter(row) for row in self._rows), strict=True))
        except KeyError:
            columns = [[row.get(name) for row in self._rows] for name in names]
        arrays = []
        for field, values in zip(self.schema, columns, strict=True):
            try:
                arrays.append(pa.array(values, type=field.type))
            except (pa.ArrowInvalid, pa.ArrowTypeError):
                arrays.append(pa.array([None if v is None else str(v) for v in values], type=pa.string()))
        self._batches.append(arrays)
        self._rows = []

    def arrow(self) -> Any:
        """Every row, sorted by primary key, as one Arrow table."""
        self._flush()
        text_columns = {
            i for arrays in self._batches for i, a in enumerate(arrays) if a.type != self.schema.field(i).type
        }
        with_nulls = {i for arrays in self._batches for i, a in enumerate(arrays) if a.null_count}
        fields = [
            (f.with_type(pa.string()) if i in text_columns else f).with_nullable(
                f.nullable or i in with_nulls
            )
            for i, f in enumerate(self.schema)
        ]
        schema = pa.schema(fields, metadata=self.schema.metadata)
        batches = [
            pa.record_batch(
                [pc.cast(a, pa.string()) if i in text_columns else a for i, a in enumerate(arrays)],
                schema=schema,
            )
            for arrays in self._batches
        ]
        self._batches = []
        table = pa.Table.from_batches(batches, schema=schema)
        order = pc.sort_indices(table, sort_keys=[(k, "ascending") for k in self.table.primary_key])
        return table.take(order)


def _write_csv(table: Any, path: Path) -> None:
    with path.open("wb") as handle:
        write_csv(table, handle)


def write_table(root: Path, table: Any, name: str) -> None:
    """One table as parquet/<name>.parquet and csv/<name>.csv, side by side (Arrow releases the GIL).

    Both are written by the exporter's own writers, so a package and a release of the same
    rows hold the same bytes.
    """
    (root / "parquet").mkdir(exist_ok=True)
    (root / "csv").mkdir(exist_ok=True)
    with ThreadPoolExecutor(max_workers=2) as pool:
        parquet = pool.submit(write_parquet, table, root / "parquet" / f"{name}.parquet")
        csv = pool.submit(_write_csv, table, root / "csv" / f"{name}.csv")
        parquet.result()
        csv.result()
