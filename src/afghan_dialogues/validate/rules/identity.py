"""Identity: one record per id, one row per key, one actor per spelling.

Every key frictionless checks on the published tables (each table's declared primary key) is
checked here first, on the record, so a release never fails `frictionless validate` for a
key `validate` passed. Duplicates are found by sorting the key columns once (n log n), and
rows are only visited where a key repeats.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.normalize import name_key, name_skeleton
from afghan_dialogues.datamodel.tables import ID_TABLES, TABLES
from afghan_dialogues.findings import Finding
from afghan_dialogues.validate.checked import Checked, positions


def repeated_rows(table: Any, key: tuple[str, ...]) -> list[tuple[int, int]]:
    """(row, first row with the same key) for every row whose key an earlier row already has."""
    if table.num_rows < 2:
        return []
    order = pc.sort_indices(table.select(list(key)), sort_keys=[(k, "ascending") for k in key])
    ordered = table.select(list(key)).take(order)
    same: Any = None
    for name in key:
        column = ordered.column(name)
        equal = pc.equal(column.slice(0, len(column) - 1), column.slice(1))
        same = equal if same is None else pc.and_(same, equal)
    rows = order.to_pylist()
    out: list[tuple[int, int]] = []
    start = previous = -2
    for hit in positions(same):  # a stable sort: the first of a run of equal keys is the earliest row
        if hit != previous + 1:
            start = hit
        out.append((rows[hit + 1], rows[start]))
        previous = hit
    return out


def check_identity(t: Checked) -> list[Finding]:
    """Repeated ids and keys, retired ids still in use, spellings of two actors, look-alikes."""
    return [*_repeated(t), *_retired_in_use(t), *_alias_collisions(t), *_likely_duplicates(t)]


def _repeated(t: Checked) -> list[Finding]:
    out: list[Finding] = []
    for table in TABLES:
        key = table.primary_key
        if not key:
            continue
        for row, first in repeated_rows(t.tables[table.name], key):
            where = t.where(table.name, first)
            if key == ("id",):
                rid = t.record_id(table.name, row)
                out.append(
                    t.finding(
                        table.name,
                        row,
                        F.IDENTITY_DUPLICATE_ID,
                        f"id '{rid}' is already used",
                        "id",
                        hint=f"first defined at {where}; ids are unique across all files",
                    )
                )
            else:
                values = " / ".join(str(t.tables[table.name].column(k)[row].as_py()) for k in key)
                out.append(
                    t.finding(
                        table.name,
                        row,
                        F.IDENTITY_DUPLICATE_KEY,
                        f"{table.name} row {values} is recorded twice",
                        hint=f"first at {where}; {table.name} are unique on {', '.join(key)}: merge the two",
                    )
                )
    return out


def _retired_in_use(t: Checked) -> list[Finding]:
    retired = t.ids("tombstones")
    out: list[Finding] = []
    tombstone_row: dict[str, int] = {}
    for table in ID_TABLES:
        for row in positions(pc.is_in(t.ids(table.name), value_set=retired)):
            if not tombstone_row:
                tombstone_row = {rid: r for r, rid in reversed(list(enumerate(t.values("tombstones", "id"))))}
            rid = str(t.record_id(table.name, row))
            tomb = tombstone_row[rid]
            out.append(
                t.finding(
                    "tombstones",
                    tomb,
                    F.IDENTITY_TOMBSTONE_IN_USE,
                    f"retired id '{rid}' is also a live record",
                    "id",
                    hint=f"live record at {t.where(table.name, row)}; remove one of them",
                )
            )
    return out


def _spellings(t: Checked) -> Any:
    """Every actor's name and recorded spellings as one table, in file order (each actor's
    name, then its spellings): actor, spelling, the table and row each comes from."""
    actors, names = t.tables["actors"], t.tables["actor_names"]
    count, spelled = actors.num_rows, names.num_rows
    both = pa.table(
        {
            "actor": pa.chunked_array(
                [*actors.column("id").chunks, *names.column("actor_id").chunks], pa.string()
            ),
            "spelling": pa.chunked_array(
                [*actors.column("name").chunks, *names.column("spelling").chunks], pa.string()
            ),
            "table": pa.array(["actors"] * count + ["actor_names"] * spelled),
            "row": pa.array(np.concatenate([np.arange(count), np.arange(spelled)])),
            "owner": pa.chunked_array(
                [
                    pa.array(np.arange(count)),
                    *pc.cast(
                        pc.index_in(names.column("actor_id"), value_set=actors.column("id")), pa.int64()
                    ).chunks,
                ],
                pa.int64(),
            ),
            "order": pa.array(np.concatenate([np.zeros(count, np.int64), np.arange(1, spelled + 1)])),
        }
    )
    return both.sort_by([("owner", "ascending"), ("order", "ascending")])


def _folded(values: Any, fold: Any) -> Any:
    """`fold` of every value, computed once per distinct value."""
    distinct = pc.unique(values)
    folded = pa.array([fold(v) for v in distinct.to_pylist()], pa.string())
    return folded.take(pc.index_in(values, value_set=distinct))


def _sharing(spellings: Any, key: str) -> Any:
    """The rows whose key more than one actor shares (the only rows a finding can concern)."""
    counts = spellings.group_by(key).aggregate([("actor", "count_distinct")])
    shared = counts.filter(pc.greater(counts.column("actor_count_distinct"), 1)).column(key)
    return spellings.filter(pc.is_in(spellings.column(key), value_set=shared))


def _alias_collisions(t: Checked) -> list[Finding]:
    spellings = _spellings(t)
    spellings = spellings.append_column("key", _folded(spellings.column("spelling"), name_key))
    spellings = spellings.filter(pc.not_equal(spellings.column("key"), ""))
    out: list[Finding] = []
    owner: dict[str, tuple[str, str, int]] = {}
    reported: set[tuple[str, str]] = set()
    for entry in _sharing(spellings, "key").to_pylist():
        actor, key, table, row = entry["actor"], entry["key"], entry["table"], entry["row"]
        if key in owner and owner[key][0] != actor and (actor, key) not in reported:
            other, other_table, other_row = owner[key]
            reported.add((actor, key))
            out.append(
                t.finding(
                    table,
                    row,
                    F.IDENTITY_ALIAS_COLLISION,
                    f"spelling '{entry['spelling']}' is also recorded for '{other}'",
                    "spelling" if table == "actor_names" else "name",
                    hint=f"'{other}' at {t.where(other_table, other_row)}: if they are one entity merge "
                    "them, otherwise keep the spelling only on the actor the sources mean",
                )
            )
        owner.setdefault(key, (actor, table, row))
    return out


def _likely_duplicates(t: Checked) -> list[Finding]:
    spellings = _spellings(t)
    kinds = t.column("actors", "kind").take(spellings.column("owner"))
    skeletons = _folded(spellings.column("spelling"), name_skeleton)
    spellings = spellings.append_column("skeleton", skeletons)
    spellings = spellings.append_column("key", pc.binary_join_element_wise(kinds, skeletons, "\x1f"))
    letters = pc.utf8_length(pc.replace_substring(skeletons, " ", ""))
    spellings = spellings.filter(pc.greater_equal(letters, 4))
    rows = {actor: row for row, actor in reversed(list(enumerate(t.values("actors", "id"))))}
    distinct = {
        actor: set(others or ())
        for actor, others in zip(t.values("actors", "id"), t.values("actors", "distinct_from"), strict=True)
    }
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for entry in _sharing(spellings, "key").to_pylist():
        members = groups[(entry["key"], entry["skeleton"])]
        if entry["actor"] not in members:
            members.append(entry["actor"])
    out: list[Finding] = []
    reported: set[frozenset[str]] = set()
    for (_, skeleton), members in sorted(groups.items()):
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                pair = frozenset((a, b))
                if pair in reported or b in distinct[a] or a in distinct[b]:
                    continue
                reported.add(pair)
                out.append(
                    t.finding(
                        "actors",
                        rows[b],
                        F.IDENTITY_LIKELY_DUPLICATE_ACTOR,
                        f"'{b}' and '{a}' have names that normalize alike ('{skeleton}')",
                        "name",
                        hint=f"merge them, or list '{a}' in distinct_from if they are different",
                    )
                )
    return out
