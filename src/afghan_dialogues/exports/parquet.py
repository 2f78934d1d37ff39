"""Parquet writing with fixed settings, so one install writes the same bytes for the same rows.

Every setting that changes the output is spelled out rather than left to pyarrow's defaults,
which have changed between releases (format version, page version, statistics).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

COMPRESSION = "zstd"
COMPRESSION_LEVEL = 9
ROW_GROUP_SIZE = 1_000_000


def write_parquet(table: Any, path: Path) -> None:
    """Write an Arrow table (schema metadata included) as one zstd-compressed Parquet file."""
    pq.write_table(
        table,
        path,
        compression=COMPRESSION,
        compression_level=COMPRESSION_LEVEL,
        row_group_size=ROW_GROUP_SIZE,
        version="2.6",
        data_page_version="1.0",
        use_dictionary=True,
        write_statistics=True,
        store_schema=True,
        write_page_index=False,
        write_page_checksum=False,
    )
