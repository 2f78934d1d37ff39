"""Validation of a package directory (a release): datapackage.json with Parquet or CSV tables.

The same layers and finding codes as the records validator, computed over whole columns with
`pyarrow.compute` and read in record batches, so a million claims take seconds and memory
grows with the ids of a package rather than its text. A finding's `file` is the table's data
file, its `line` the 1-based data row, its `record_id` the id (or key) the records validator
would name.
"""

from afghan_dialogues.validate.tabular.descriptor import is_package
from afghan_dialogues.validate.tabular.runner import PREFERENCES, validate_package

__all__ = ["PREFERENCES", "is_package", "validate_package"]
