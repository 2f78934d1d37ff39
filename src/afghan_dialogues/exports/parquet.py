"""Parquet writing with fixed settings, so one install writes the same bytes for the same rows.

Every setting that changes the output is spelled out rather than left to pyarrow's defaults,
which have changed between releases (format version, page version, statistics). The writer
cuts pages where the chunks of its input end, so each row group is handed over in one piece:
a table built from records and the same table read back from Parquet (in the reader's chunks)
then give the same file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from afghan_dialogues.exports.batches import batches

COMPRESSION = "zstd"
COMPRESSION_LEVEL = 3
"""zstd's own default. Level 9 made the claims file of a million claims 15% smaller and took
2.5x as long to write it, the longest single step of an export."""
ROW_GROUP_SIZE = 1_000_000


def write_parquet(table: Any, path: Path) -> None:
    """Write an Arrow table (schema metadata included) as one zstd-compressed Parquet file."""
    with pq.ParquetWriter(
        path,
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
        for group in batches(table, ROW_GROUP_SIZE):
            writer.write_table(pa.Table.from_batches([group]), row_group_size=ROW_GROUP_SIZE)
