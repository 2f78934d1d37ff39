"""Layer 3: one record per id, one key per relationship, one actor per spelling."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.models import Actor, Tombstone
from afghan_dialogues.datamodel.normalize import name_key, name_skeleton
from afghan_dialogues.datamodel.tables import TABLE_BY_NAME
from afghan_dialogues.findings import Finding
from afghan_dialogues.validate.context import Context

if TYPE_CHECKING:
    from afghan_dialogues.recordfiles.loader import Entry


def check_identity(ctx: Context) -> list[Finding]:
    """All identity findings."""
    return [
        *_duplicate_ids(ctx),
        *_duplicate_keys(ctx),
        *_alias_collisions(ctx),
        *_likely_duplicates(ctx),
    ]


def _duplicate_ids(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    ided = [
        (rid, entry)
        for entry in ctx.loaded.entries
        if entry.model is not Tombstone
        and isinstance(data := entry.data, dict)
        and isinstance(rid := data.get("id"), str)
    ]
    first = dict(reversed(ided))  # the first record of each id
    if len(first) < len(ided):
        seen: set[str] = set()
        for rid, entry in ided:
            if rid in seen:
                out.append(
                    ctx.finding(
                        entry,
                        F.ID_DUPLICATE,
                        f"id '{rid}' is already used",
                        ("id",),
                        hint=f"first defined at {ctx.where(first[rid])}; ids are unique across all files",
                    )
                )
            seen.add(rid)
    for rid, tomb in ctx.tombstones.items():
        if rid in first:
            out.append(
                ctx.finding(
                    tomb,
                    F.ID_TOMBSTONE_LIVE,
                    f"retired id '{rid}' is also a live record",
                    ("id",),
                    hint=f"live record at {ctx.where(first[rid])}; remove one of them",
                )
            )
    return out


def _duplicate_keys(ctx: Context) -> list[Finding]:
    """Relationship records are unique on their published primary key."""
    out: list[Finding] = []
    for name in ("affiliations", "participants", "claim_relations"):
        table = TABLE_BY_NAME[name]
        seen: dict[tuple[str, ...], Entry] = {}
        for entry, record in ctx.valid(table.model):
            key = tuple(str(getattr(record, k)) for k in table.primary_key)
            if key in seen:
                out.append(
                    ctx.finding(
                        entry,
                        F.ID_DUPLICATE_KEY,
                        f"{name} row {' / '.join(key)} is recorded twice",
                        hint=f"first at {ctx.where(seen[key])}; merge their source_ids",
                    )
                )
            else:
                seen[key] = entry
    return out


def _spellings(actor: Actor) -> list[tuple[str, tuple[str | int, ...]]]:
    found: list[tuple[str, tuple[str | int, ...]]] = [(actor.name, ("name",))]
    found += [(n.spelling, ("names", i, "spelling")) for i, n in enumerate(actor.names)]
    return found


def _alias_collisions(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    owner: dict[str, tuple[str, Entry]] = {}
    for entry, actor in ctx.valid(Actor):
        reported: set[str] = set()
        for spelling, path in _spellings(actor):
            key = name_key(spelling)
            if not key:
                continue
            if key in owner and owner[key][0] != actor.id and key not in reported:
                other_id, other = owner[key]
                reported.add(key)
                out.append(
                    ctx.finding(
                        entry,
                        F.ID_ALIAS_COLLISION,
                        f"spelling '{spelling}' is also recorded for '{other_id}'",
                        path,
                        hint=f"'{other_id}' at {ctx.where(other)}: if they are one entity merge "
                        "them, otherwise keep the spelling only on the actor the sources mean",
                    )
                )
            owner.setdefault(key, (actor.id, entry))
    return out


def _likely_duplicates(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    groups: dict[tuple[str, str], dict[str, Entry]] = defaultdict(dict)
    actors = {a.id: a for _, a in ctx.valid(Actor)}
    for entry, actor in ctx.valid(Actor):
        for spelling, _ in _spellings(actor):
            skeleton = name_skeleton(spelling)
            if len(skeleton.replace(" ", "")) >= 4:
                groups[(actor.kind.value, skeleton)].setdefault(actor.id, entry)
    reported: set[frozenset[str]] = set()
    for (_, skeleton), members in sorted(groups.items()):
        ids = list(members)  # file order: the later actor gets the finding
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                pair = frozenset((a, b))
                if pair in reported or b in actors[a].distinct_from or a in actors[b].distinct_from:
                    continue
                reported.add(pair)
                out.append(
                    ctx.finding(
                        members[b],
                        F.ID_LIKELY_DUPLICATE,
                        f"'{b}' and '{a}' have names that normalize alike ('{skeleton}')",
                        ("name",),
                        hint=f"merge them, or list '{a}' in distinct_from if they are different",
                    )
                )
    return out
