"""References: every id a record points at is a live record of the table its column names.

The columns and their target tables come from each table's declaration
(`datamodel.tables`): a new reference column is checked as soon as it is declared. A retired id
is reported as retired (with its replacement), a reference to a record that failed its own
checks is left to that record's findings, and references into a table that could not be read
at all are not judged. Membership is tested over whole columns; rows are visited only where a
reference is wrong.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from rapidfuzz import fuzz, process

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.enums import ActorKind, QuoteKind
from afghan_dialogues.datamodel.tables import TABLE_PREFIXES, TABLES, ForeignKey, Table
from afghan_dialogues.findings import Finding
from afghan_dialogues.validate.checked import Checked, item_index, list_items, positions

_NOT_ORGANIZATIONS = {ActorKind.person.value}
_OUTLET_KINDS = {
    ActorKind.media_outlet.value,
    ActorKind.organization.value,
    ActorKind.international_organization.value,
    ActorKind.government.value,
}
_WHERE_TO_ADD = {
    "sources": "add the source (`afghan-dialogues new-source`, records/sources/<id>.yaml)",
    "actors": "add the actor to actors.yaml (see templates/actor.yaml)",
    "meetings": "add the meeting to meetings.yaml (see templates/meeting.yaml)",
    "claims": "add the claim to its source's file (see templates/source.yaml)",
}
_SUGGESTED = 200
"""Dangling ids given a closest-match suggestion; beyond this, only the plain hint."""
_TRAILING_NUMBER = re.compile(r"-[0-9]+$")
_CLOSE_ENOUGH = 60.0
"""Similarity (0-100) from which an id is suggested: difflib's usual cutoff of 0.6."""


def check_references(t: Checked) -> list[Finding]:
    """Dangling and retired references, wrong kinds, self-relations, orphans, missing speakers,
    source lists that do not name the actor, and references without an address."""
    return [
        *_resolve(t),
        *_kinds(t),
        *_self_relations(t),
        *_orphans(t),
        *_speakers(t),
        *_evidence_lists(t),
        *_addresses(t),
    ]


def _targets(fk: ForeignKey) -> list[str]:
    return [fk.table] if fk.table is not None else list(TABLE_PREFIXES)


def _column_values(t: Checked, table: Table, fk: ForeignKey) -> tuple[Any, Any, bool]:
    """(values, row of each value, is a list column)."""
    values = t.column(table.name, fk.column)
    if table.column(fk.column).type == "list":
        items, rows = list_items(values)
        return items, rows, True
    return values, None, False


def _present(distinct: Any, ids: Any) -> Any:
    """The values of `distinct` that are among `ids`, hashing the smaller of the two: relations
    point at a few of a million claims, and hashing a million ids costs more than finding which
    of them are pointed at."""
    if len(ids) > len(distinct):
        return pc.filter(ids, pc.is_in(ids, value_set=distinct))
    return pc.filter(distinct, pc.is_in(distinct, value_set=ids))


def _resolve(t: Checked) -> list[Finding]:
    """Each reference column is reduced to its distinct values, which are looked up; only the
    rows holding a value that is retired or unknown are visited."""
    out: list[Finding] = []
    retired = t.ids("tombstones")
    replacement = dict(zip(t.values("tombstones", "id"), t.values("tombstones", "merged_into"), strict=True))
    broken = pa.array(sorted(t.invalid_ids), pa.string())
    suggested = [0]
    for table in TABLES:
        for fk in table.references:
            values, rows, is_list = _column_values(t, table, fk)
            distinct = pc.drop_null(pc.unique(values))
            if len(distinct) == 0:
                continue
            gone = _present(distinct, retired)
            known = [gone, _present(distinct, broken)]
            for target in _targets(fk):
                known.append(_present(distinct, t.ids(target)))
                if target in t.unreadable:
                    known.append(pc.filter(distinct, pc.starts_with(distinct, TABLE_PREFIXES[target] + "-")))
            fine = pa.chunked_array([c for k in known for c in _chunks(k)], pa.string())
            bad = pc.filter(distinct, pc.invert(pc.is_in(distinct, value_set=fine)))
            if len(bad) == 0 and len(gone) == 0:
                continue
            is_retired = pc.is_in(values, value_set=gone)
            known_mask = pc.invert(pc.is_in(values, value_set=bad))
            known_mask = pc.and_(known_mask, pc.invert(is_retired))
            flagged = set(positions(is_retired))
            hits = sorted(flagged.union(positions(pc.and_(pc.is_valid(values), pc.invert(known_mask)))))
            if not hits:
                continue
            at = pa.array(hits, pa.int64())
            found = [str(v) for v in values.take(at).to_pylist()]
            held_by = [int(r) for r in rows.take(at).to_pylist()] if is_list else hits
            items: list[int | None] = (
                list(item_index(t.column(table.name, fk.column), held_by, hits))
                if is_list
                else [None] * len(hits)
            )
            for flat, value, row, item in zip(hits, found, held_by, items, strict=True):
                if flat in flagged:
                    into = replacement.get(value)
                    hint = f"use '{into}'" if into else "the record was withdrawn; remove the reference"
                    out.append(
                        t.finding(
                            table.name,
                            row,
                            F.REF_RETIRED,
                            f"'{value}' is retired",
                            fk.column,
                            hint=hint,
                            item=item,
                        )
                    )
                else:
                    out.append(_dangling(t, table, row, fk, item, value, suggested))
    return out


def _dangling(  # noqa: PLR0917 (one dangling reference, as _resolve found it)
    t: Checked, table: Table, row: int, fk: ForeignKey, item: int | None, value: str, suggested: list[int]
) -> Finding:
    prefix = value.split("-", 1)[0]
    target = fk.table or next((n for n, p in TABLE_PREFIXES.items() if p == prefix), None)
    advice = _WHERE_TO_ADD.get(target or "", "correct the id")
    close = None
    if target is not None and suggested[0] < _SUGGESTED:
        suggested[0] += 1
        close = closest_id(value, target, t)
    hint = f"did you mean '{close}'? otherwise {advice}" if close else f"correct the id, or {advice}"
    return t.finding(
        table.name, row, F.REF_DANGLING, f"'{value}' does not exist", fk.column, hint=hint, item=item
    )


def closest_id(value: str, target: str, t: Checked) -> str | None:
    """The closest live id of the same table; for claims, only claims of the same source.

    A claim id differs from its neighbours by its number alone, so a closest match from another
    source would look plausible and relate the wrong claims: suggestions stay within the
    source's own claims (ids sharing everything but the trailing number). Ids are compared by
    rapidfuzz's `ratio`, difflib's measure computed in native code: difflib took about a tenth
    of a second per dangling id among the ids of a 100k-claim package.
    """
    ids = t.ids(target)
    if target == "claims":
        stem = _TRAILING_NUMBER.sub("", value)
        ids = pc.filter(ids, pc.starts_with(ids, stem + "-"))
    if len(ids) > 5000:
        ids = pc.filter(ids, pc.starts_with(ids, value[:8]))
    found = process.extract(value, ids.to_pylist(), scorer=fuzz.ratio, score_cutoff=_CLOSE_ENOUGH, limit=None)
    # the highest score, and among equals the greatest id, as difflib.get_close_matches picks
    return str(max(found, key=lambda match: (match[1], match[0]))[0]) if found else None


def _kinds(t: Checked) -> list[Finding]:
    kinds = dict(zip(t.values("actors", "id"), t.values("actors", "kind"), strict=True))
    out: list[Finding] = []
    for row, org in enumerate(t.values("affiliations", "organization_id")):
        if kinds.get(org) in _NOT_ORGANIZATIONS:
            out.append(
                t.finding(
                    "affiliations",
                    row,
                    F.REF_WRONG_KIND,
                    f"'{org}' is a person, not an organization",
                    "organization_id",
                    hint="affiliations point at organizations, governments or states",
                )
            )
    for row, (publisher, authors) in enumerate(
        zip(t.values("sources", "publisher_id"), t.values("sources", "author_ids"), strict=True)
    ):
        kind = kinds.get(publisher)
        if kind is not None and kind not in _OUTLET_KINDS:
            out.append(
                t.finding(
                    "sources",
                    row,
                    F.REF_WRONG_KIND,
                    f"publisher '{publisher}' is a {kind}",
                    "publisher_id",
                    hint="publishers are media outlets or organizations",
                )
            )
        for index, author in enumerate(authors or []):
            kind = kinds.get(author)
            if kind is not None and kind != ActorKind.person.value:
                out.append(
                    t.finding(
                        "sources",
                        row,
                        F.REF_WRONG_KIND,
                        f"author '{author}' is a {kind}",
                        "author_ids",
                        hint="authors are people; outlets go in publisher_id",
                        item=index,
                    )
                )
    return out


def _self_relations(t: Checked) -> list[Finding]:
    relations = t.tables["claim_relations"]
    same = pc.equal(relations.column("claim_id"), relations.column("other_claim_id"))
    return [
        t.finding(
            "claim_relations",
            row,
            F.REF_SELF_RELATION,
            "a claim is related to itself",
            "other_claim_id",
            hint="relate two different claims",
        )
        for row in positions(same)
    ]


def _orphans(t: Checked) -> list[Finding]:
    if t.unreadable:
        return []  # the records that would refer to an actor may be the ones not read
    pointed: list[Any] = []
    for table in TABLES:
        for fk in table.references:
            if fk.column != table.parent_column and "actors" in _targets(fk):
                pointed.append(_column_values(t, table, fk)[0])
    referenced = pc.unique(pa.chunked_array([c for v in pointed for c in _chunks(v)], pa.string()))
    lonely = pc.invert(pc.is_in(t.ids("actors"), value_set=referenced))
    return [
        t.finding(
            "actors",
            row,
            F.REF_ORPHAN,
            f"actor '{t.record_id('actors', row)}' is not referenced by any record",
            "id",
            hint="remove it, or add the claim, meeting or affiliation that needs it",
        )
        for row in positions(lonely)
    ]


def _chunks(values: Any) -> list[Any]:
    return list(values.chunks) if isinstance(values, pa.ChunkedArray) else [values]


def _speakers(t: Checked) -> list[Finding]:
    """A claim lacks a speaker only in two documented cases.

    Editorial claims of a source with neither author nor publisher have no one to belong to;
    statements a source puts in the mouth of an unnamed person ("one of those present") have
    no actor to point at, and their note must say whom the source names.
    """
    claims = t.tables["claims"]
    silent = positions(pc.is_null(claims.column("speaker_id")))
    if not silent:
        return []
    anonymous = {
        sid
        for sid, publisher, authors in zip(
            t.values("sources", "id"),
            t.values("sources", "publisher_id"),
            t.values("sources", "author_ids"),
            strict=True,
        )
        if publisher is None and not authors
    }
    out: list[Finding] = []
    for row in silent:
        source = claims.column("source_id")[row].as_py()
        editorial = claims.column("quote_kind")[row].as_py() == QuoteKind.editorial.value
        if editorial and source not in anonymous:
            hint = "editorial claims belong to the author, or to the outlet when no author is named"
        elif not editorial and claims.column("note")[row].as_py() is None:
            hint = (
                "name the speaker, or say in `note` whom the source credits (e.g. 'an unnamed participant')"
            )
        else:
            continue
        out.append(
            t.finding("claims", row, F.MODEL_SPEAKER_MISSING, "claim has no speaker", "speaker_id", hint=hint)
        )
    return out


def _evidence_lists(t: Checked) -> list[Finding]:
    """A source listed for a participation or affiliation must record a spelling of the actor.

    "Records a spelling" means: the actor has a spelling tied to that source. This keeps the
    spelling registry complete and catches a source id pasted onto the wrong row. The pairs of
    actor and source cited are anti-joined with the pairs the spellings record.
    """
    names = t.tables["actor_names"]
    sources, rows = list_items(names.column("source_ids"))
    named = pa.table({"actor": names.column("actor_id").take(rows), "source": sources})
    live = t.ids("actors")
    out: list[Finding] = []
    for table in ("participants", "affiliations"):
        lists = t.column(table, "source_ids")
        listed, held_by = list_items(lists)
        actors = t.column(table, "actor_id").take(held_by)
        cited = pa.table({"actor": actors, "source": listed, "at": pa.array(np.arange(len(listed)))})
        cited = cited.filter(pc.is_in(cited.column("actor"), value_set=live))
        unnamed = cited.join(named, keys=["actor", "source"], join_type="left anti")
        missing = pc.is_in(pa.array(np.arange(len(listed))), value_set=unnamed.column("at"))
        hits = positions(missing)
        if not hits:
            continue
        at = pa.array(hits, pa.int64())
        rows_hit = [int(r) for r in held_by.take(at).to_pylist()]
        items = item_index(lists, rows_hit, hits)
        for row, item, actor, sid in zip(
            rows_hit, items, actors.take(at).to_pylist(), listed.take(at).to_pylist(), strict=True
        ):
            out.append(
                t.finding(
                    table,
                    row,
                    F.REF_SOURCE_NOT_EVIDENCE,
                    f"{sid} is listed as evidence but records no spelling of '{actor}'",
                    "source_ids",
                    hint=f"add the spelling {sid} uses to the names of '{actor}', or drop the source",
                    item=item,
                )
            )
    return out


def _addresses(t: Checked) -> list[Finding]:
    references = t.tables["references"]
    nowhere = pc.and_(pc.is_null(references.column("url")), pc.is_null(references.column("citation")))
    return [
        t.finding(
            "references",
            row,
            F.REF_NO_ADDRESS,
            "reference has neither url nor citation",
            "url",
            hint="give the page's address, or a citation (publisher, title, date) a reader can find",
        )
        for row in positions(nowhere)
    ]
