"""Identity across a package: unique ids and keys, live ids never retired, one actor per spelling.

Uniqueness is decided with hashing over whole columns; rows are only visited when a duplicate
exists. Spelling checks run over the actors and their spellings (a few percent of a release)
with `schema.normalize` exactly as the records validator runs them, in the same order (actors
by row, an actor's own name before its spellings), so the same actor is named in each finding.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.tables import TABLE_BY_NAME
from afghan_dialogues.findings import Finding
from afghan_dialogues.validate.tabular.located import report, rows_where, values_at
from afghan_dialogues.validate.tabular.names import name_keys, name_skeletons
from afghan_dialogues.validate.tabular.rules import ID_TABLES
from afghan_dialogues.validate.tabular.store import Kept

Tables = dict[str, Kept]


def check_identity(tables: Tables) -> list[Finding]:
    """All identity findings of a package."""
    out = _duplicate_ids(tables)
    out += _tombstones_in_use(tables)
    out += _duplicate_keys(tables)
    spelled = _spellings(tables)
    out += _alias_collisions(tables, spelled)
    out += _likely_duplicates(tables, spelled)
    return out


_PREFIXES = {"sources": "src-", "actors": "act-", "meetings": "mtg-", "claims": "clm-"}


def _ids(tables: Tables) -> Iterator[tuple[Kept, Any]]:
    for table in ID_TABLES:
        kept = tables[table.name]
        yield kept, kept.columns["id"]


def _obviously_unique(tables: Tables) -> bool:
    """Ids sorted within each table and prefixed by it (as every release is) cannot repeat."""
    for kept, column in _ids(tables):
        ids = pc.drop_null(column)
        if len(ids) < 2:
            continue
        if not pc.all(pc.starts_with(ids, _PREFIXES[kept.table.name])).as_py():
            return False
        if not pc.all(pc.less(ids.slice(0, len(ids) - 1), ids.slice(1))).as_py():
            return False
    return True


def _duplicate_ids(tables: Tables) -> list[Finding]:
    """Every row after the first with an id already used (by any record, valid or not)."""
    if _obviously_unique(tables):
        return []
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


def _tombstones_in_use(tables: Tables) -> list[Finding]:
    kept = tables["tombstones"]
    ids = kept.columns["id"]
    retired = pc.drop_null(pc.filter(ids, kept.valid))
    used = [pc.filter(column, pc.is_in(column, value_set=retired)).chunks for _, column in _ids(tables)]
    live_retired = pa.chunked_array([c for chunks in used for c in chunks], type=pa.string())
    live = pc.and_(kept.valid, pc.is_in(ids, value_set=live_retired))
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


@dataclass
class Spellings:
    """Every spelling of every valid actor, in the order the records validator visits them:
    actors by row, each actor's own name before the spellings recorded for it."""

    actor: Any
    spelling: Any
    in_names: Any
    """True for a row of actor_names, false for an actor's own name."""
    row: Any
    """Row in actor_names or in actors."""

    def where(self, tables: Tables, i: int) -> tuple[Kept, int, str]:
        """(table, row, column) of spelling i."""
        row = int(self.row[i].as_py())
        if self.in_names[i].as_py():
            return tables["actor_names"], row, "spelling"
        return tables["actors"], row, "name"


def _spellings(tables: Tables) -> Spellings:
    actors, names = tables["actors"], tables["actor_names"]
    actor_rows = _flat(pc.indices_nonzero(pc.fill_null(actors.valid, False)))
    ids = _flat(pc.take(actors.columns["id"], actor_rows))
    name_rows = _flat(pc.indices_nonzero(pc.fill_null(_names_of_valid_actors(tables), False)))
    owners = _flat(pc.take(names.columns["actor_id"], name_rows))
    n, m = len(ids), len(owners)
    order = pa.table(
        {
            "rank": pa.concat_arrays(
                [
                    pa.array(range(n), pa.int64()),
                    pc.cast(_flat(pc.index_in(owners, value_set=ids)), pa.int64()),
                ]
            ),
            "sub": pa.concat_arrays([pa.array([-1] * n, pa.int64()), pc.cast(name_rows, pa.int64())]),
            "actor": pa.concat_arrays([ids, owners]),
            "spelling": pa.concat_arrays(
                [
                    _flat(pc.take(actors.columns["name"], actor_rows)),
                    _flat(pc.take(names.columns["spelling"], name_rows)),
                ]
            ),
            "in_names": pa.array([False] * n + [True] * m, pa.bool_()),
            "row": pa.concat_arrays([pc.cast(actor_rows, pa.int64()), pc.cast(name_rows, pa.int64())]),
        }
    )
    order = order.take(pc.sort_indices(order, sort_keys=[("rank", "ascending"), ("sub", "ascending")]))
    return Spellings(
        _flat(order["actor"]), _flat(order["spelling"]), _flat(order["in_names"]), _flat(order["row"])
    )


def _flat(values: Any) -> Any:
    return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values


def _alias_collisions(tables: Tables, spelled: Spellings) -> list[Finding]:
    """One spelling (folded by name_key) recorded for two actors: reported at the later actor."""
    if len(spelled.spelling) == 0:
        return []
    keys = name_keys(spelled.spelling)
    known = pc.indices_nonzero(pc.greater(pc.utf8_length(keys), 0))
    keys, actor = pc.take(keys, known), pc.take(spelled.actor, known)
    distinct = pc.unique(keys)
    first = pc.index_in(distinct, value_set=keys)
    owner = pc.take(pc.take(actor, first), pc.index_in(keys, value_set=distinct))
    clashes = rows_where(pc.not_equal(owner, actor))
    if not clashes:
        return []
    first_of = dict(zip(distinct.to_pylist(), first.to_pylist(), strict=True))
    out: list[Finding] = []
    reported: set[tuple[str, str]] = set()
    for i in clashes:
        key, actor_id, owner_id = keys[i].as_py(), actor[i].as_py(), owner[i].as_py()
        if (actor_id, key) in reported:
            continue
        reported.add((actor_id, key))
        kept, row, field = spelled.where(tables, int(known[i].as_py()))
        other, other_row, _ = spelled.where(tables, int(known[first_of[key]].as_py()))
        spelling = spelled.spelling[int(known[i].as_py())].as_py()
        out += report(
            kept.place(),
            kept.columns,
            [row],
            F.ID_ALIAS_COLLISION,
            field=field,
            messages=[f"spelling '{spelling}' is also recorded for '{owner_id}'"],
            hint=f"'{owner_id}' at {other.file}:{other_row + 1}: if they are one entity merge them, "
            "otherwise keep the spelling only on the actor the sources mean",
        )
    return out


def _likely_duplicates(tables: Tables, spelled: Spellings) -> list[Finding]:
    """Actors of one kind whose spellings share a skeleton (four letters or more)."""
    actors = tables["actors"]
    if len(spelled.spelling) == 0:
        return []
    skeletons = name_skeletons(spelled.spelling)
    long = pc.indices_nonzero(pc.greater_equal(pc.utf8_length(pc.replace_substring(skeletons, " ", "")), 4))
    valid_rows = pc.indices_nonzero(pc.fill_null(actors.valid, False))
    valid_ids = pc.take(actors.columns["id"], valid_rows)
    kinds = pc.take(
        pc.take(actors.columns["kind"], valid_rows),
        pc.index_in(pc.take(spelled.actor, long), value_set=valid_ids),
    )
    group = pc.binary_join_element_wise(kinds, pc.take(skeletons, long), "\x1f")
    member = pc.take(spelled.actor, long)
    pairs = pc.unique(pc.binary_join_element_wise(group, member, "\x1e"))
    pair_groups = pc.list_element(pc.split_pattern(pairs, "\x1e"), 0)
    counts = pc.value_counts(pair_groups)
    shared = pc.filter(counts.field("values"), pc.greater(counts.field("counts"), 1))
    if len(shared) == 0:
        return []
    groups: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    rows = rows_where(pc.is_in(group, value_set=shared))
    first_row = dict(zip(reversed(valid_ids.to_pylist()), reversed(valid_rows.to_pylist()), strict=True))
    for i in rows:
        kind, skeleton = group[i].as_py().split("\x1f", 1)
        actor_id = member[i].as_py()
        groups[(kind, skeleton)].setdefault(actor_id, first_row[actor_id])
    distinct_from = _distinct_from(actors, {a for members in groups.values() for a in members})
    out: list[Finding] = []
    reported: set[frozenset[str]] = set()
    for (_, skeleton), members in sorted(groups.items()):
        ordered = sorted(members)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                pair = frozenset((a, b))
                if pair in reported or b in distinct_from[a] or a in distinct_from[b]:
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


def _distinct_from(actors: Kept, ids: set[str]) -> dict[str, set[str]]:
    """distinct_from of some valid actors (the last row of an id, as the records' dict keeps it)."""
    rows = rows_where(
        pc.and_(actors.valid, pc.is_in(actors.columns["id"], value_set=pa.array(sorted(ids), pa.string())))
    )
    out: dict[str, set[str]] = {}
    for actor_id, others in zip(
        values_at(actors.columns["id"], rows), values_at(actors.columns["distinct_from"], rows), strict=True
    ):
        out[actor_id] = set(others or [])
    return out
