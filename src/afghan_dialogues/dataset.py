"""The dataset as typed records, with lookups by id and navigation between records.

A `Dataset` is what `afghan_dialogues.load()` returns and what the exports are written from.
It is built from a records folder (after the model layer) or read back from a release.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from afghan_dialogues.records.loader import Loaded
from afghan_dialogues.schema.models import (
    Actor,
    Affiliation,
    Claim,
    ClaimRelation,
    DatasetInfo,
    Meeting,
    Model,
    Participation,
    Source,
    Tombstone,
)
from afghan_dialogues.schema.tables import TABLES, Table

_RECORD_FIELDS: dict[str, type[Model]] = {
    "sources": Source,
    "actors": Actor,
    "affiliations": Affiliation,
    "meetings": Meeting,
    "participants": Participation,
    "claims": Claim,
    "claim_relations": ClaimRelation,
    "tombstones": Tombstone,
}


def _sort_key(record: Model) -> tuple[str, ...]:
    rid = getattr(record, "id", None)
    if isinstance(rid, str):
        return (rid,)
    return tuple(
        str(getattr(record, k))
        for k in type(record).model_fields
        if k.endswith("_id") or k in {"role", "relation"}
    )


@dataclass(frozen=True)
class Dataset:
    """All records of one dataset version, sorted by key (so every export is deterministic)."""

    info: DatasetInfo
    sources: tuple[Source, ...] = ()
    actors: tuple[Actor, ...] = ()
    affiliations: tuple[Affiliation, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    participants: tuple[Participation, ...] = ()
    claims: tuple[Claim, ...] = ()
    claim_relations: tuple[ClaimRelation, ...] = ()
    tombstones: tuple[Tombstone, ...] = ()

    @classmethod
    def build(cls, info: DatasetInfo, records: dict[str, list[Model]]) -> Dataset:
        """Assemble from records per table name, sorting each table by its key."""
        kwargs: dict[str, Any] = {
            name: tuple(sorted(records.get(name, []), key=_sort_key)) for name in _RECORD_FIELDS
        }
        return cls(info=info, **kwargs)

    @classmethod
    def from_loaded(cls, loaded: Loaded) -> Dataset:
        """From a records folder whose entries passed the model layer."""
        if loaded.dataset is None or loaded.dataset.record is None:
            raise ValueError(f"{loaded.root}: dataset.yaml is missing or invalid")
        by_model: dict[type[Model], list[Model]] = defaultdict(list)
        for entry in loaded.entries:
            if entry.record is not None:
                by_model[entry.model].append(entry.record)
        info = loaded.dataset.record
        assert isinstance(info, DatasetInfo)
        return cls.build(info, {name: by_model[m] for name, m in _RECORD_FIELDS.items()})

    def records(self, name: str) -> tuple[Model, ...]:
        """The records of one entity table ('claims', 'actors', ...)."""
        value: tuple[Model, ...] = getattr(self, name)
        return value

    def table_rows(self, table: Table) -> Iterator[dict[str, Any]]:
        """Flat rows of a published table, in key order."""
        records = self.actors if table.parent_field == "names" else self.records(table.name)
        rows = table.rows(records)
        if table.parent_field is not None:
            yield from sorted(rows, key=lambda r: tuple(str(r[k]) for k in table.primary_key))
        else:
            yield from rows

    @property
    def tables(self) -> tuple[Table, ...]:
        """The published tables."""
        return TABLES

    @cached_property
    def _index(self) -> dict[str, Model]:
        index: dict[str, Model] = {}
        records: tuple[Source | Actor | Meeting | Claim, ...] = (
            *self.sources,
            *self.actors,
            *self.meetings,
            *self.claims,
        )
        for record in records:
            index[record.id] = record
        return index

    @cached_property
    def _tombstones(self) -> dict[str, Tombstone]:
        return {t.id: t for t in self.tombstones}

    def get(self, rid: str) -> Model | None:
        """The record with this id; retired ids resolve through their tombstones."""
        seen: set[str] = set()
        while rid not in self._index and rid in self._tombstones and rid not in seen:
            seen.add(rid)
            into = self._tombstones[rid].merged_into
            if into is None:
                return None
            rid = into
        return self._index.get(rid)

    def __getitem__(self, rid: str) -> Model:
        record = self.get(rid)
        if record is None:
            raise KeyError(rid)
        return record
