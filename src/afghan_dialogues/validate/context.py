"""What the cross-record checks share: the records that passed their models, indexed by id."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar, cast

from afghan_dialogues.datamodel.models import Model, Tombstone
from afghan_dialogues.findings import Finding

if TYPE_CHECKING:
    from afghan_dialogues.recordfiles.loader import Entry, Loaded

M = TypeVar("M", bound=Model)


@dataclass
class Context:
    """Valid records by kind and by id; the first record with an id wins the index."""

    loaded: Loaded
    by_id: dict[str, Entry] = field(default_factory=dict)
    tombstones: dict[str, Entry] = field(default_factory=dict)
    invalid_ids: set[str] = field(default_factory=set)
    """Ids of records that failed their model: references to them are not dangling."""
    by_model: dict[type[Model], list[tuple[Entry, Model]]] = field(default_factory=dict)
    """Valid records of each kind, in file order (each check walks only the kinds it needs)."""

    @classmethod
    def build(cls, loaded: Loaded) -> Context:
        ctx = cls(loaded)
        by_model = ctx.by_model
        for entry in loaded.entries:
            record = entry.record
            if record is None:
                rid = entry.data.get("id") if isinstance(entry.data, dict) else None
                if isinstance(rid, str):
                    ctx.invalid_ids.add(rid)
                continue
            kind = by_model.get(entry.model)
            if kind is None:
                kind = by_model[entry.model] = []
            kind.append((entry, record))
            if isinstance(record, Tombstone):
                ctx.tombstones.setdefault(record.id, entry)
            elif (rid := record.__dict__.get("id")) is not None:  # the field, if the model has one
                ctx.by_id.setdefault(rid, entry)
        return ctx

    def valid(self, model: type[M]) -> Iterator[tuple[Entry, M]]:
        """Entries whose record passed the model, with the typed record."""
        return iter(cast("list[tuple[Entry, M]]", self.by_model.get(model, [])))

    def get(self, model: type[M], rid: str | None) -> M | None:
        """The live record of a kind with this id, if any."""
        entry = self.by_id.get(rid) if rid else None
        if entry is not None and isinstance(entry.record, model):
            return entry.record
        return None

    def finding(
        self,
        entry: Entry,
        code: str,
        message: str,
        field_path: tuple[str | int, ...] = (),
        hint: str | None = None,
    ) -> Finding:
        """A finding located at a field of an entry."""
        return Finding(
            code,
            message,
            file=entry.file,
            line=entry.line_of(*field_path),
            record_id=entry.record_id,
            field=".".join(str(p) for p in field_path) or None,
            hint=hint,
        )

    def where(self, entry: Entry) -> str:
        """`file:line` of an entry, for hints that point at another record."""
        return f"{entry.file}:{entry.line}"
