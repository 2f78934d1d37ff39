"""Parquet writing with fixed settings, so one install writes the same bytes for the same rows.

Every setting that changes the output is spelled out rather than left to pyarrow's defaults,
which have changed between releases (format version, page version, statistics). The writer
cuts pages where the chunks of its input end, so it is handed every table in chunks of
WRITE_ROWS rows counted from the first row, whatever chunks the table came in: a table built
from records (one chunk) and the same table read back from Parquet (the reader's chunks) then
give the same file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from afghan_dialogues.exports.batches import batches

COMPRESSION = "zstd"
COMPRESSION_LEVEL = 3
"""zstd's own default: higher levels make the claims file a little smaller and take several
times as long to write it."""
ROW_GROUP_SIZE = 1_000_000
WRITE_ROWS = 65_536
"""Rows per chunk handed to the writer: slices of the table's own chunks, copied only where
one crosses a chunk boundary, so the table is never copied whole."""


def write_parquet(table: Any, where: Path | BinaryIO) -> None:
    """Write an Arrow table (schema metadata included) as one zstd-compressed Parquet file, to a
    path or to a binary file open for writing (left open)."""
    with pq.ParquetWriter(
        where,
        table.schema,
        compression=COMPRESSION,
        compression_level=COMPRESSION_LEVEL,
        version="2.6",
        data_page_version="1.0",
        use_dictionary=True,
        write_statistics=True,
        store_schema=True,
        write_page_index=False,
        write_page_checksum=False,
    ) as writer:
        if table.num_rows == 0:
            writer.write_table(table, row_group_size=ROW_GROUP_SIZE)
        for start in range(0, table.num_rows, ROW_GROUP_SIZE):
            group = table.slice(start, ROW_GROUP_SIZE)
            chunks = pa.Table.from_batches(list(batches(group, WRITE_ROWS)), schema=table.schema)
            writer.write_table(chunks, row_group_size=ROW_GROUP_SIZE)
