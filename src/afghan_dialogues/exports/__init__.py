"""Release files written from a validated dataset: Parquet, CSV, JSON, the data package,
JSON Schemas, the codebook, checksums and the zip (exports.writer), into a folder that only an
earlier release of the same dataset may occupy (exports.target).

Every writer here is deterministic (same records, same bytes), so a release can be rebuilt
and checked against its published SHA256SUMS. The modules import pyarrow; nothing imports
them until an export or a conversion is asked for.
"""
