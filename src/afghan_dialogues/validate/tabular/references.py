"""References across a package: every id a valid row points at is a live record of its kind.

As in `validate.references`: only valid rows are followed and only valid rows are targets;
a retired id is reported as retired, not missing; the id's prefix names the table it must be
in; actors nothing refers to are orphans; speakers are missing only outside the two allowed
cases; and a source cited for a participation or affiliation must record a spelling of the
actor. Each check is a handful of hash joins over whole columns.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from afghan_dialogues import findings as F
from afghan_dialogues.findings import Finding
from afghan_dialogues.schema.enums import ActorKind, QuoteKind
from afghan_dialogues.schema.tables import TABLES
from afghan_dialogues.validate.references import _NOT_ORGANIZATIONS, _OUTLET_KINDS
from afghan_dialogues.validate.tabular.located import report, rows_where, values_at
from afghan_dialogues.validate.tabular.rules import reference_columns
from afghan_dialogues.validate.tabular.store import Kept

Tables = dict[str, Kept]
_PREFIX_TABLE = {"src": "sources", "act": "actors", "mtg": "meetings", "clm": "claims"}


@dataclass(frozen=True)
class Refs:
    """The ids one column of valid rows points at, each with the row holding it."""

    kept: Kept
    column: str
    values: Any
    rows: Any


def references(tables: Tables) -> Iterator[Refs]:
    """Every reference held by a valid row (spellings count only for valid actors)."""
    actor_ids = _valid_ids(tables, "actors")
    for table in TABLES:
        kept = tables[table.name]
        valid = kept.valid
        if table.name == "actor_names":
            valid = pc.and_(valid, pc.is_in(kept.columns["actor_id"], value_set=actor_ids))
        rows = pa.array(rows_where(valid), type=pa.int64())
        for column in reference_columns(table):
            values = kept.columns[column.name].take(rows)
            if column.type == "list":
                parents = pc.list_parent_indices(values)
                yield Refs(kept, column.name, pc.list_flatten(values), pc.take(rows, parents))
            else:
                present = pc.is_valid(values)
                yield Refs(kept, column.name, pc.filter(values, present), pc.filter(rows, present))


def _valid_ids(tables: Tables, name: str) -> Any:
    kept = tables[name]
    return pc.unique(pc.drop_null(pc.filter(kept.columns["id"], kept.valid)))


def check_references(tables: Tables) -> list[Finding]:
    """Dangling, retired and wrong-kind references, self-relations, orphans, speakers, evidence lists."""
    live = {prefix: _valid_ids(tables, name) for prefix, name in _PREFIX_TABLE.items()}
    retired = _valid_ids(tables, "tombstones")
    broken = _invalid_ids(tables)
    out: list[Finding] = []
    referenced: list[Any] = []
    for refs in references(tables):
        referenced.append(refs.values)
        out += _resolve(refs, live, retired, broken)
    out += _kinds(tables)
    out += _speakers(tables)
    out += _self_relations(tables)
    out += _orphans(tables, referenced)
    out += _evidence_lists(tables)
    return out


def _at(refs: Refs, mask: Any) -> tuple[list[int], list[str]]:
    hits = rows_where(mask)
    index = pa.array(hits, type=pa.int64())
    return [int(r) for r in refs.rows.take(index).to_pylist()], [
        str(v) for v in refs.values.take(index).to_pylist()
    ]


def _invalid_ids(tables: Tables) -> Any:
    """Ids carried only by rows that failed the model layer: their own findings say what is wrong,
    so references to them are not reported again as dangling."""
    parts = []
    for name in (*_PREFIX_TABLE.values(), "tombstones"):
        kept = tables[name]
        parts += pc.filter(kept.columns["id"], pc.invert(kept.valid)).chunks
    return pc.unique(pc.drop_null(pa.chunked_array(parts, pa.string())))


def _resolve(refs: Refs, live: dict[str, Any], retired: Any, broken: Any) -> list[Finding]:
    if len(refs.values) == 0:
        return []
    is_retired = pc.is_in(refs.values, value_set=retired)
    exists = pc.is_in(refs.values, value_set=broken)
    for prefix, ids in live.items():
        here = pc.and_(pc.starts_with(refs.values, f"{prefix}-"), pc.is_in(refs.values, value_set=ids))
        exists = pc.or_(exists, here)
    out: list[Finding] = []
    rows, values = _at(refs, is_retired)
    out += report(
        refs.kept.place(),
        refs.kept.columns,
        rows,
        F.REF_RETIRED,
        field=refs.column,
        messages=[f"'{v}' is retired" for v in values],
        hint="use the id it was merged into, or remove the reference",
    )
    rows, values = _at(refs, pc.and_(pc.invert(is_retired), pc.invert(exists)))
    out += report(
        refs.kept.place(),
        refs.kept.columns,
        rows,
        F.REF_DANGLING,
        field=refs.column,
        messages=[f"'{v}' does not exist" for v in values],
        hint="add the record or correct the id",
    )
    return out


def _actor_kinds(tables: Tables) -> dict[str, str]:
    """Kind of each valid actor id (the first row of an id, as the records index keeps it)."""
    actors = tables["actors"]
    rows = pa.array(rows_where(actors.valid), type=pa.int64())
    ids = actors.columns["id"].take(rows).to_pylist()
    kinds = actors.columns["kind"].take(rows).to_pylist()
    out: dict[str, str] = {}
    for actor_id, kind in zip(ids, kinds, strict=True):
        out.setdefault(actor_id, kind)
    return out


def _kind_mask(values: Any, kinds: dict[str, str], wrong: set[str]) -> Any:
    offenders = pa.array([a for a, k in kinds.items() if k in wrong], pa.string())
    return pc.is_in(values, value_set=offenders)


def _kinds(tables: Tables) -> list[Finding]:
    kinds = _actor_kinds(tables)
    out: list[Finding] = []
    affiliations = tables["affiliations"]
    orgs = affiliations.columns["organization_id"]
    people = {k.value for k in _NOT_ORGANIZATIONS}
    rows = rows_where(pc.and_(affiliations.valid, _kind_mask(orgs, kinds, people)))
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
    rows = rows_where(pc.and_(sources.valid, _kind_mask(publishers, kinds, not_outlets)))
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
    valid_rows = pa.array(rows_where(sources.valid), type=pa.int64())
    lists = authors.take(valid_rows)
    items = pc.list_flatten(lists)
    owners = pc.take(valid_rows, pc.list_parent_indices(lists))
    not_people = {k.value for k in ActorKind} - {ActorKind.person.value}
    hits = rows_where(_kind_mask(items, kinds, not_people))
    rows = [int(r) for r in values_at(owners, hits)]
    named = [str(v) for v in values_at(items, hits)]
    out += report(
        sources.place(),
        sources.columns,
        rows,
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
    if not pc.any(pc.fill_null(silent, False)).as_py():
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


def _orphans(tables: Tables, referenced: list[Any]) -> list[Finding]:
    actors = tables["actors"]
    pointed = pc.unique(pa.chunked_array([c for values in referenced for c in _chunks(values)], pa.string()))
    lonely = pc.and_(actors.valid, pc.invert(pc.is_in(actors.columns["id"], value_set=pointed)))
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


def _chunks(values: Any) -> list[Any]:
    return list(values.chunks) if isinstance(values, pa.ChunkedArray) else [values]


def _evidence_lists(tables: Tables) -> list[Finding]:
    """A source listed for a participation or affiliation must record a spelling of its actor."""
    names = tables["actor_names"]
    actors = tables["actors"]
    valid_actor_ids = pc.filter(actors.columns["id"], actors.valid)
    of_valid = pc.and_(names.valid, pc.is_in(names.columns["actor_id"], value_set=valid_actor_ids))
    rows = pa.array(rows_where(of_valid), type=pa.int64())
    lists = names.columns["source_ids"].take(rows)
    owners = pc.take(names.columns["actor_id"].take(rows), pc.list_parent_indices(lists))
    named = pc.unique(pc.binary_join_element_wise(owners, pc.list_flatten(lists), "\x1f"))
    out: list[Finding] = []
    for name in ("participants", "affiliations"):
        kept = tables[name]
        valid_rows = pa.array(rows_where(kept.valid), type=pa.int64())
        lists = kept.columns["source_ids"].take(valid_rows)
        parents = pc.list_parent_indices(lists)
        actor = pc.take(kept.columns["actor_id"].take(valid_rows), parents)
        source = pc.list_flatten(lists)
        pair = pc.binary_join_element_wise(actor, source, "\x1f")
        missing = pc.and_(
            pc.is_in(actor, value_set=valid_actor_ids), pc.invert(pc.is_in(pair, value_set=named))
        )
        hits = rows_where(missing)
        rows_hit = [int(r) for r in values_at(pc.take(valid_rows, parents), hits)]
        pairs = [
            (str(a), str(s)) for a, s in zip(values_at(actor, hits), values_at(source, hits), strict=True)
        ]
        out += report(
            kept.place(),
            kept.columns,
            rows_hit,
            F.REF_SOURCE_LIST,
            field="source_ids",
            messages=[f"{s} is listed as evidence but records no spelling of '{a}'" for a, s in pairs],
            hint=[f"add the spelling {s} uses to the names of '{a}', or drop the source" for a, s in pairs],
        )
    return out
