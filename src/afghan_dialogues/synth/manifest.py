"""What was injected where: the answer key a validator's findings are checked against."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class Injected:
    """One injected error.

    `file` is relative to the output directory: the YAML file of the record (records format)
    or the Parquet file of the table (package format). `row` is the 1-based data row in the
    package tables (resolved from `key` once the tables are sorted); records have no rows.
    `record_id` is written as the validators write it: the id, or the key fields of a
    relationship record joined by spaces; None for problems of a whole file or column.
    """

    code: str
    file: str | None
    record_id: str | None
    field: str | None
    note: str
    table: str | None = None
    row: int | None = None
    key: tuple[str, ...] | None = None


@dataclass
class Manifest:
    """Every injection of one synthetic dataset, plus what could not be placed."""

    format: str
    claims: int
    seed: int
    error_rate: float
    snapshots: bool
    injected: list[Injected] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        """Stable JSON: entries in injection order, `key` left out (it is the row's key)."""
        entries = []
        for item in self.injected:
            data = asdict(item)
            data.pop("key")
            entries.append(data)
        payload = {
            "format": self.format,
            "claims": self.claims,
            "seed": self.seed,
            "error_rate": self.error_rate,
            "snapshots": self.snapshots,
            "injected": entries,
            "skipped": self.skipped,
        }
        return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"

    def write(self, path: Path) -> None:
        """Write the manifest file."""
        path.write_text(self.to_json(), encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> Manifest:
        """Read a manifest written by `write`."""
        data = json.loads(path.read_text(encoding="utf-8"))
        injected = [Injected(**entry) for entry in data.pop("injected")]
        return cls(injected=injected, **data)
