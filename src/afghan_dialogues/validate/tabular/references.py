"""References across a package: every id a valid row points at is a live record of its kind.

As in `validate.references`: only valid rows are followed and only valid rows are targets;
a retired id is reported as retired, not missing; a reference to a row that failed its own
checks is left to that row's findings; actors nothing refers to are orphans; speakers are
missing only outside the two allowed cases; and a source cited for a participation or
affiliation must record a spelling of the actor. Each check is a few hash lookups over whole
columns, done on the columns in place (masks, not copies), which keeps memory flat.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.enums import ActorKind, QuoteKind
from afghan_dialogues.datamodel.tables import TABLES, Column
from afghan_dialogues.findings import Finding
from afghan_dialogues.validate.references import _NOT_ORGANIZATIONS, _OUTLET_KINDS
from afghan_dialogues.validate.tabular.located import report, rows_where, values_at
from afghan_dialogues.validate.tabular.rules import reference_columns
from afghan_dialogues.validate.tabular.store import Kept

Tables = dict[str, Kept]
_PREFIX_TABLE = {"src": "sources", "act": "actors", "mtg": "meetings", "clm": "claims"}
_TARGET_PATTERN = re.compile(r"^\^(src|act|mtg|clm)-")
_RETIRED_HINT = "use the id it was merged into, or remove the reference"
_DANGLING_HINT = "add the record or correct the id"


def _chunks(values: Any) -> list[Any]:
    return list(values.chunks) if isinstance(values, pa.ChunkedArray) else [values]


def _chunked(arrays: list[Any], kind: Any) -> Any:
    return pa.chunked_array([c for a in arrays for c in _chunks(a)], kind)


class ValidIds:
    """Ids of the valid rows of each id table, computed once per run."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self._cache: dict[str, Any] = {}

    def of(self, name: str) -> Any:
        """Ids of the valid rows of a table (nulls dropped; of repeated ids the first comes first)."""
        if name not in self._cache:
            kept = self.tables[name]
            ids = kept.columns["id"]
            if not pc.all(kept.valid).as_py():
                ids = pc.filter(ids, kept.valid)
            self._cache[name] = pc.drop_null(ids)
        return self._cache[name]

    def invalid(self) -> Any:
        """Ids carried by rows that failed the model layer."""
        parts = []
        for name in (*_PREFIX_TABLE.values(), "tombstones"):
            kept = self.tables[name]
            parts.append(pc.filter(kept.columns["id"], pc.invert(kept.valid)))
        return pc.drop_null(_chunked(parts, pa.string()))


@dataclass(frozen=True)
class Refs:
    """The ids one reference column holds, without copying it.

    `values` are the column's cells (scalar columns) or list items (list columns) of every row;
    `rows` maps list items to their rows (None: a value's position is its row); `active`
    marks the values that count: not null, and held by a valid row.
    """

    kept: Kept
    column: str
    values: Any
    rows: Any
    active: Any
    target: str | None
    """The table the column's ids belong to (read off its pattern); None when any table may be."""

    def located(self, mask: Any) -> tuple[list[int], list[str]]:
        """(rows, values) of the active values where `mask` holds."""
        hits = rows_where(pc.and_(self.active, mask))
        if not hits:
            return [], []
        index = pa.array(hits, type=pa.int64())
        rows = hits if self.rows is None else [int(r) for r in self.rows.take(index).to_pylist()]
        return rows, [str(v) for v in self.values.take(index).to_pylist()]

    def report(self, mask: Any, code: str, message: str, hint: str) -> list[Finding]:
        """One finding per active value where `mask` holds."""
        rows, targets = self.located(mask)
        return report(
            self.kept.place(),
            self.kept.columns,
            rows,
            code,
            field=self.column,
            messages=[message.format(t) for t in targets],
            hint=hint,
        )


def target_of(column: Column) -> str | None:
    """The table a reference column points into, read off its id pattern."""
    pattern = column.item_pattern if column.type == "list" else column.pattern
    found = _TARGET_PATTERN.match(pattern or "")
    return _PREFIX_TABLE[found.group(1)] if found else None


def references(tables: Tables, ids: ValidIds) -> Iterator[Refs]:
    """Every reference column (spellings count only when their actor is valid)."""
    for table in TABLES:
        kept = tables[table.name]
        valid = kept.valid
        if table.parent_column is not None:
            valid = pc.and_(valid, pc.is_in(kept.columns[table.parent_column], value_set=ids.of("actors")))
        for column in reference_columns(table):
            values = kept.columns[column.name]
            if column.type == "list":
                parents = pc.list_parent_indices(values)
                items = pc.list_flatten(values)
                active = pc.and_(pc.take(valid, parents), pc.is_valid(items))
                yield Refs(kept, column.name, items, parents, active, target_of(column))
            else:
                yield Refs(
                    kept, column.name, values, None, pc.and_(valid, pc.is_valid(values)), target_of(column)
                )


def check_references(tables: Tables) -> list[Finding]:
    """Dangling, retired and wrong-kind references, self-relations, orphans, speakers, evidence lists."""
    ids = ValidIds(tables)
    out, referenced = _resolve(ids, list(references(tables, ids)))
    out += _kinds(tables)
    out += _speakers(tables)
    out += _self_relations(tables)
    out += _orphans(tables, referenced)
    out += _evidence_lists(tables, ids)
    return out


def _resolve(ids: ValidIds, refs: list[Refs]) -> tuple[list[Finding], Any]:
    """Retired and dangling references, and the actor ids referred to at all.

    References are grouped by the table they point into and each group is looked up as one
    chunked column, so each table's ids are hashed once however many columns point at it.
    """
    retired_ids = ids.of("tombstones")
    broken = ids.invalid()
    groups: dict[str | None, list[Refs]] = {}
    for ref in refs:
        groups.setdefault(ref.target, []).append(ref)
    out: list[Finding] = []
    referenced: list[Any] = []
    for target, members in groups.items():
        values = _chunked([r.values for r in members], pa.string())
        active = _chunked([r.active for r in members], pa.bool_())
        retired = pc.is_in(values, value_set=retired_ids)
        exists = pc.is_in(values, value_set=broken)
        for name in [target] if target is not None else list(_PREFIX_TABLE.values()):
            if name == "actors":
                position = pc.index_in(values, value_set=ids.of(name))
                exists = pc.or_(exists, pc.is_valid(position))
                found = pc.unique(pc.drop_null(pc.filter(position, active)))
                referenced.append(pc.take(ids.of("actors"), found))
            else:
                exists = pc.or_(exists, _member(values, ids.of(name)))
        dangling = pc.and_(pc.invert(retired), pc.invert(exists))
        start = 0
        for ref in members:
            size = len(ref.values)
            out += ref.report(retired.slice(start, size), F.REF_RETIRED, "'{}' is retired", _RETIRED_HINT)
            out += ref.report(
                dangling.slice(start, size), F.REF_DANGLING, "'{}' does not exist", _DANGLING_HINT
            )
            start += size
    return out, _chunked(referenced, pa.string())


def _member(values: Any, ids: Any) -> Any:
    """`is_in(values, ids)`, hashing whichever side is smaller.

    Relations point at a few of a million claims: hashing the million ids costs more than
    finding which of them are pointed at and hashing those.
    """
    if len(ids) <= len(values):
        return pc.is_in(values, value_set=ids)
    pointed = pc.unique(pc.filter(ids, pc.is_in(ids, value_set=pc.drop_null(values))))
    return pc.is_in(values, value_set=pointed)


def _actor_kinds(tables: Tables) -> dict[str, str]:
    """Kind of each valid actor id (the first row of an id, as the records index keeps it)."""
    actors = tables["actors"]
    rows = rows_where(actors.valid)
    out: dict[str, str] = {}
    for actor_id, kind in zip(
        values_at(actors.columns["id"], rows), values_at(actors.columns["kind"], rows), strict=True
    ):
        out.setdefault(actor_id, kind)
    return out


def _of_kind(values: Any, kinds: dict[str, str], wrong: set[str]) -> Any:
    return pc.is_in(values, value_set=pa.array([a for a, k in kinds.items() if k in wrong], pa.string()))


def _kinds(tables: Tables) -> list[Finding]:
    kinds = _actor_kinds(tables)
    out: list[Finding] = []
    affiliations = tables["affiliations"]
    orgs = affiliations.columns["organization_id"]
    people = {k.value for k in _NOT_ORGANIZATIONS}
    rows = rows_where(pc.and_(affiliations.valid, _of_kind(orgs, kinds, people)))
    out += report(
        affiliations.place(),
        affiliations.columns,
        rows,
        F.REF_KIND,
        field="organization_id",
        messages=[f"'{v}' is a person, not an organization" for v in values_at(orgs, rows)],
        hint="affiliations point at organizations, governments or states",
    )
    sources = tables["sources"]
    publishers = sources.columns["publisher_id"]
    not_outlets = {k.value for k in ActorKind} - {k.value for k in _OUTLET_KINDS}
    rows = rows_where(pc.and_(sources.valid, _of_kind(publishers, kinds, not_outlets)))
    out += report(
        sources.place(),
        sources.columns,
        rows,
        F.REF_KIND,
        field="publisher_id",
        messages=[f"publisher '{v}' is a {kinds[v]}" for v in values_at(publishers, rows)],
        hint="publishers are media outlets or organizations",
    )
    authors = sources.columns["author_ids"]
    parents = pc.list_parent_indices(authors)
    items = pc.list_flatten(authors)
    not_people = {k.value for k in ActorKind} - {ActorKind.person.value}
    hits = rows_where(pc.and_(pc.take(sources.valid, parents), _of_kind(items, kinds, not_people)))
    named = [str(v) for v in values_at(items, hits)]
    out += report(
        sources.place(),
        sources.columns,
        [int(r) for r in values_at(parents, hits)],
        F.REF_KIND,
        field="author_ids",
        messages=[f"author '{v}' is a {kinds[v]}" for v in named],
        hint="authors are people; outlets go in publisher_id",
    )
    return out


def _speakers(tables: Tables) -> list[Finding]:
    """A claim lacks a speaker only for anonymous editorials, or with a note naming the unnamed."""
    claims, sources = tables["claims"], tables["sources"]
    silent = pc.and_(claims.valid, pc.is_null(claims.columns["speaker_id"]))
    if not pc.any(silent).as_py():
        return []
    no_owner = pc.and_(
        pc.is_null(sources.columns["publisher_id"]),
        pc.equal(pc.list_value_length(sources.columns["author_ids"]), 0),
    )
    anonymous_ids = pc.filter(sources.columns["id"], pc.and_(sources.valid, no_owner))
    anonymous = pc.is_in(claims.columns["source_id"], value_set=anonymous_ids)
    editorial = pc.equal(claims.columns["quote_kind"], QuoteKind.editorial.value)
    owned_editorial = pc.and_(editorial, pc.invert(anonymous))
    unexplained = pc.and_(pc.invert(editorial), pc.is_null(claims.columns["note"]))
    out: list[Finding] = []
    for mask, hint in (
        (owned_editorial, "editorial claims belong to the author, or to the outlet when no author is named"),
        (
            unexplained,
            "name the speaker, or say in `note` whom the source credits (e.g. 'an unnamed participant')",
        ),
    ):
        rows = rows_where(pc.and_(silent, mask))
        out += report(
            claims.place(),
            claims.columns,
            rows,
            F.MODEL_SPEAKER,
            field="speaker_id",
            messages=["claim has no speaker"] * len(rows),
            hint=hint,
        )
    return out


def _self_relations(tables: Tables) -> list[Finding]:
    relations = tables["claim_relations"]
    same = pc.equal(relations.columns["claim_id"], relations.columns["other_claim_id"])
    rows = rows_where(pc.and_(relations.valid, same))
    return report(
        relations.place(),
        relations.columns,
        rows,
        F.REF_SELF,
        field="other_claim_id",
        messages=["a claim is related to itself"] * len(rows),
        hint="relate two different claims",
    )


def _orphans(tables: Tables, referenced: Any) -> list[Finding]:
    actors = tables["actors"]
    lonely = pc.and_(actors.valid, pc.invert(pc.is_in(actors.columns["id"], value_set=referenced)))
    rows = rows_where(lonely)
    return report(
        actors.place(),
        actors.columns,
        rows,
        F.REF_ORPHAN,
        field="id",
        messages=[
            f"actor '{v}' is not referenced by any record" for v in values_at(actors.columns["id"], rows)
        ],
        hint="remove it, or add the claim, meeting or affiliation that needs it",
    )


def _codes(values: Any, ids: Any) -> Any:
    """Position of each id among `ids` (null when absent), as int64."""
    return pc.cast(pc.index_in(values, value_set=ids), pa.int64())


def _evidence_lists(tables: Tables, ids: ValidIds) -> list[Finding]:
    """A source listed for a participation or affiliation must record a spelling of its actor.

    Pairs (actor, source) are compared as integers (positions among the valid actor ids and
    among every source id cited), which hashes far faster than joined strings.
    """
    actor_ids = ids.of("actors")
    cited = ("actor_names", "participants", "affiliations")
    source_ids = pc.unique(
        _chunked([pc.list_flatten(tables[n].columns["source_ids"]) for n in cited], pa.string())
    )
    width = len(source_ids) + 1
    names = tables["actor_names"]
    owners = _codes(names.columns["actor_id"], actor_ids)
    of_valid = pc.and_(names.valid, pc.is_valid(owners))
    lists = names.columns["source_ids"]
    parents = pc.list_parent_indices(lists)
    sources = _codes(pc.list_flatten(lists), source_ids)
    pairs = pc.add(pc.multiply(pc.take(owners, parents), width), sources)
    named = pc.unique(pc.drop_null(pc.filter(pairs, pc.take(of_valid, parents))))
    out: list[Finding] = []
    for name in ("participants", "affiliations"):
        kept = tables[name]
        lists = kept.columns["source_ids"]
        parents = pc.list_parent_indices(lists)
        actor = pc.take(_codes(kept.columns["actor_id"], actor_ids), parents)
        items = pc.list_flatten(lists)
        listed = _codes(items, source_ids)
        pair = pc.add(pc.multiply(actor, width), listed)
        missing = pc.and_(
            pc.and_(pc.take(kept.valid, parents), pc.is_valid(actor)),
            pc.invert(pc.is_in(pair, value_set=named)),
        )
        hits = rows_where(missing)
        rows = [int(r) for r in values_at(parents, hits)]
        pairs_hit = list(
            zip(
                values_at(pc.take(kept.columns["actor_id"], parents), hits),
                values_at(items, hits),
                strict=True,
            )
        )
        out += report(
            kept.place(),
            kept.columns,
            rows,
            F.REF_SOURCE_LIST,
            field="source_ids",
            messages=[f"{s} is listed as evidence but records no spelling of '{a}'" for a, s in pairs_hit],
            hint=[
                f"add the spelling {s} uses to the names of '{a}', or drop the source" for a, s in pairs_hit
            ],
        )
    return out
