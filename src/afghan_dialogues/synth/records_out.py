"""Write a synthetic dataset as a records folder (the layout of `records/layout.py`).

Rows arrive flat, as the published tables have them; here they are folded back into the shape
of their models (reported dates as mappings, spellings under their actor, claims under their
source) and written in canonical YAML. Keys with no value are left out, as curators do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from afghan_dialogues.datamodel.enums import Calendar
from afghan_dialogues.datamodel.models import Claim, DatasetInfo, Model, ReportedDate, Source
from afghan_dialogues.datamodel.tables import DATE_PARTS, date_fields
from afghan_dialogues.recordfiles import layout
from afghan_dialogues.synth.yamltext import document

Row = dict[str, Any]
_DATE_ORDER = tuple(ReportedDate.model_fields)


def _date(row: Mapping[str, Any], name: str) -> Row | None:
    parts = {part: row.get(f"{name}_{part}") for part in DATE_PARTS}
    if all(value is None for value in parts.values()):
        return None
    if parts["calendar"] == Calendar.gregorian.value:
        parts["calendar"] = None
    return {part: parts[part] for part in _DATE_ORDER}


def nest(model: type[Model], row: Mapping[str, Any], skip: Iterable[str] = ()) -> Row:
    """A flat row in the key order of its model; keys the model does not know go last."""
    out: Row = {}
    skipped = set(skip)
    used: set[str] = set()
    dates = date_fields(model)
    for name in model.model_fields:
        if name in skipped:
            continue
        if name in dates:
            out[name] = _date(row, name)
            used.update(f"{name}_{part}" for part in DATE_PARTS)
        else:
            out[name] = row.get(name)
            used.add(name)
    out.update({k: v for k, v in row.items() if k not in used and k not in skipped})
    return out


class RecordsWriter:
    """Writes the files of a records folder; the caller decides what goes in them."""

    def __init__(self, root: Path, comment: str) -> None:
        self.root = root
        self.comment = comment
        (root / layout.SOURCES_DIR).mkdir(parents=True, exist_ok=True)
        (root / layout.TEXTS_DIR).mkdir(exist_ok=True)

    def write_bytes(self, rel: str, data: bytes) -> None:
        """Any file under the folder, as given."""
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def yaml(self, data: Mapping[str, Any]) -> bytes:
        """A records file's bytes."""
        return document(data, self.comment).encode("utf-8")

    def dataset(self, info: DatasetInfo) -> None:
        """dataset.yaml."""
        self.write_bytes(layout.DATASET_FILE, self.yaml(info.model_dump(mode="python")))

    def source_file(self, source: Row, claims: list[Row]) -> bytes:
        """The bytes of sources/<id>.yaml: the source and its claims (which take its id)."""
        data: Row = {"source": nest(Source, source)}
        data["claims"] = [nest(Claim, claim, skip=("source_id",)) for claim in claims]
        return self.yaml(data)

    def registry(self, file_name: str, rows: list[Row]) -> bytes:
        """The bytes of one registry file."""
        key, model = layout.REGISTRIES[file_name]
        return self.yaml({key: [nest(model, row) for row in rows]})
