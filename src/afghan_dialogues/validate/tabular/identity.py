"""Identity across a package: unique ids and keys, live ids never retired, one actor per spelling.

Uniqueness is decided with hashing over whole columns; rows are only visited when a duplicate
exists. Spelling checks run over the actors and their spellings (a few percent of a release)
with `schema.normalize` exactly as the records validator runs them, in the same order (actors
by row, an actor's own name before its spellings), so the same actor is named in each finding.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from afghan_dialogues import findings as F
from afghan_dialogues.findings import Finding
from afghan_dialogues.schema.normalize import name_key, name_skeleton
from afghan_dialogues.schema.tables import TABLE_BY_NAME
from afghan_dialogues.validate.tabular.located import report, rows_where
from afghan_dialogues.validate.tabular.rules import ID_TABLES
from afghan_dialogues.validate.tabular.store import Kept

Tables = dict[str, Kept]


def check_identity(tables: Tables) -> list[Finding]:
    """All identity findings of a package."""
    first = _first_ids(tables)
    out = _duplicate_ids(tables)
    out += _tombstones_in_use(tables, first)
    out += _duplicate_keys(tables)
    spellings = list(_spellings(tables))
    out += _alias_collisions(tables, spellings)
    out += _likely_duplicates(tables, spellings)
    return out


def _ids(tables: Tables) -> Iterator[tuple[Kept, Any]]:
    for table in ID_TABLES:
        kept = tables[table.name]
        yield kept, kept.columns["id"]


def _first_ids(tables: Tables) -> Any:
    """Every id some row carries (valid or not), as a value set."""
    columns = [column for _, column in _ids(tables)]
    ids = pa.chunked_array([c for column in columns for c in column.chunks], type=pa.string())
    return pc.unique(pc.drop_null(ids))


def _duplicate_ids(tables: Tables) -> list[Finding]:
    """Every row after the first with an id already used (by any record, valid or not)."""
    values = pa.chunked_array([c for _, column in _ids(tables) for c in column.chunks], type=pa.string())
    present = pc.drop_null(values)
    if pc.count_distinct(present).as_py() == len(present):
        return []
    counts = pc.value_counts(present)
    repeated = pc.filter(counts.field("values"), pc.greater(counts.field("counts"), 1))
    seen: dict[str, str] = {}
    out: list[Finding] = []
    for kept, column in _ids(tables):
        positions = rows_where(pc.is_in(column, value_set=repeated))
        ids = column.take(pa.array(positions, type=pa.int64())).to_pylist() if positions else []
        for position, rid in zip(positions, ids, strict=True):
            where = f"{kept.file}:{position + 1}"
            if rid not in seen:
                seen[rid] = where
                continue
            out += report(
                kept.place(),
                kept.columns,
                [position],
                F.ID_DUPLICATE,
                field="id",
                messages=[f"id '{rid}' is already used"],
                hint=f"first defined at {seen[rid]}; ids are unique across all tables",
            )
    return out


def _tombstones_in_use(tables: Tables, first: Any) -> list[Finding]:
    kept = tables["tombstones"]
    ids = kept.columns["id"]
    live = pc.and_(kept.valid, pc.is_in(ids, value_set=first))
    positions = _first_of_each(ids, rows_where(live))
    rids = ids.take(pa.array(positions, type=pa.int64())).to_pylist() if positions else []
    return report(
        kept.place(),
        kept.columns,
        positions,
        F.ID_TOMBSTONE_LIVE,
        field="id",
        messages=[f"retired id '{rid}' is also a live record" for rid in rids],
        hint="remove the tombstone or the live record",
    )


def _first_of_each(ids: Any, positions: list[int]) -> list[int]:
    """Of rows sharing an id, the first (the index of a name keeps its first record)."""
    seen: set[str] = set()
    out = []
    for position, rid in zip(
        positions, ids.take(pa.array(positions, type=pa.int64())).to_pylist(), strict=True
    ):
        if rid not in seen:
            seen.add(rid)
            out.append(position)
    return out


def _keys(kept: Kept, names: tuple[str, ...]) -> Any:
    parts = [pc.cast(kept.columns[n], pa.string()) for n in names]
    return pc.binary_join_element_wise(*parts, "\x1f") if len(parts) > 1 else parts[0]


def _duplicate_keys(tables: Tables) -> list[Finding]:
    """Relationship rows recorded twice; spellings listed twice for one actor."""
    out: list[Finding] = []
    for name in ("affiliations", "participants", "claim_relations", "actor_names"):
        kept = tables[name]
        table = TABLE_BY_NAME[name]
        valid = kept.valid if name != "actor_names" else _names_of_valid_actors(tables)
        keys = pc.if_else(valid, _keys(kept, table.primary_key), pa.scalar(None, pa.string()))
        present = pc.drop_null(keys)
        if pc.count_distinct(present).as_py() == len(present):
            continue
        counts = pc.value_counts(present)
        repeated = pc.filter(counts.field("values"), pc.greater(counts.field("counts"), 1))
        positions = rows_where(pc.is_in(keys, value_set=repeated))
        values = keys.take(pa.array(positions, type=pa.int64())).to_pylist()
        first: dict[str, int] = {}
        later = []
        for position, key in zip(positions, values, strict=True):
            if key in first:
                later.append((position, key))
            else:
                first[key] = position
        if name == "actor_names":
            later = [(p, k) for p, k in later if not _duplicated_actor(tables, k.split("\x1f")[0])]
        out += report(
            kept.place(),
            kept.columns,
            [p for p, _ in later],
            F.ID_DUPLICATE_KEY,
            field=None,
            messages=[f"{name} row {' / '.join(k.split(chr(31)))} is recorded twice" for _, k in later],
            hint=[f"first at {kept.file}:{first[k] + 1}; merge their source_ids" for _, k in later],
        )
    return out


def _duplicated_actor(tables: Tables, actor_id: str) -> bool:
    """A spelling repeated because its whole actor is (already reported as a duplicate id)."""
    ids = tables["actors"].columns["id"]
    return int(pc.sum(pc.equal(ids, actor_id)).as_py() or 0) > 1


def _names_of_valid_actors(tables: Tables) -> Any:
    """Spelling rows belonging to a valid actor: only those are part of a valid record."""
    actors = tables["actors"]
    valid_ids = pc.filter(actors.columns["id"], actors.valid)
    names = tables["actor_names"]
    return pc.and_(names.valid, pc.is_in(names.columns["actor_id"], value_set=valid_ids))


def _spellings(tables: Tables) -> Iterator[tuple[str, list[tuple[str, Kept, int, str]]]]:
    """Valid actors in row order, each with (spelling, table, row, field) of its name and spellings."""
    actors, names = tables["actors"], tables["actor_names"]
    by_actor: dict[str, list[tuple[str, Kept, int, str]]] = defaultdict(list)
    rows = rows_where(_names_of_valid_actors(tables))
    if rows:
        index = pa.array(rows, type=pa.int64())
        owners = names.columns["actor_id"].take(index).to_pylist()
        spelled = names.columns["spelling"].take(index).to_pylist()
        for row, owner, spelling in zip(rows, owners, spelled, strict=True):
            by_actor[owner].append((spelling, names, row, "spelling"))
    rows = rows_where(actors.valid)
    index = pa.array(rows, type=pa.int64())
    ids = actors.columns["id"].take(index).to_pylist()
    canonical = actors.columns["name"].take(index).to_pylist()
    given: set[str] = set()
    for row, actor_id, name in zip(rows, ids, canonical, strict=True):
        own = by_actor[actor_id] if actor_id not in given else []
        given.add(actor_id)
        yield actor_id, [(name, actors, row, "name"), *own]


def _alias_collisions(
    tables: Tables, spellings: list[tuple[str, list[tuple[str, Kept, int, str]]]]
) -> list[Finding]:
    out: list[Finding] = []
    owner: dict[str, tuple[str, Kept, int]] = {}
    keys: dict[str, str] = {}
    for actor_id, written in spellings:
        reported: set[str] = set()
        for spelling, kept, row, field in written:
            key = keys.get(spelling)
            if key is None:
                key = keys[spelling] = name_key(spelling)
            if not key:
                continue
            if key in owner and owner[key][0] != actor_id and key not in reported:
                other_id, other, other_row = owner[key]
                reported.add(key)
                out += report(
                    kept.place(),
                    kept.columns,
                    [row],
                    F.ID_ALIAS_COLLISION,
                    field=field,
                    messages=[f"spelling '{spelling}' is also recorded for '{other_id}'"],
                    hint=f"'{other_id}' at {other.file}:{other_row + 1}: if they are one entity merge them, "
                    "otherwise keep the spelling only on the actor the sources mean",
                )
            owner.setdefault(key, (actor_id, kept, row))
    return out


def _likely_duplicates(
    tables: Tables, spellings: list[tuple[str, list[tuple[str, Kept, int, str]]]]
) -> list[Finding]:
    actors = tables["actors"]
    valid_rows = rows_where(actors.valid)
    index = pa.array(valid_rows, type=pa.int64())
    ids = actors.columns["id"].take(index).to_pylist()
    kinds = dict(zip(ids, actors.columns["kind"].take(index).to_pylist(), strict=True))
    distinct = dict(zip(ids, actors.columns["distinct_from"].take(index).to_pylist(), strict=True))
    rows = dict(zip(reversed(ids), reversed(valid_rows), strict=True))
    groups: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    skeletons: dict[str, str] = {}
    for actor_id, written in spellings:
        for spelling, *_ in written:
            skeleton = skeletons.get(spelling)
            if skeleton is None:
                skeleton = skeletons[spelling] = name_skeleton(spelling)
            if len(skeleton.replace(" ", "")) >= 4:
                groups[(kinds[actor_id], skeleton)].setdefault(actor_id, rows[actor_id])
    out: list[Finding] = []
    reported: set[frozenset[str]] = set()
    for (_, skeleton), members in sorted(groups.items()):
        ordered = sorted(members)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                pair = frozenset((a, b))
                if pair in reported or b in (distinct[a] or []) or a in (distinct[b] or []):
                    continue
                reported.add(pair)
                out += report(
                    actors.place(),
                    actors.columns,
                    [members[b]],
                    F.ID_LIKELY_DUPLICATE,
                    field="name",
                    messages=[f"'{b}' and '{a}' have names that normalize alike ('{skeleton}')"],
                    hint=f"merge them, or list '{a}' in distinct_from if they are different",
                )
    return out
