"""Layer 4: every reference resolves to a live record of the right kind."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher, get_close_matches
from functools import cache
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.enums import ActorKind, QuoteKind
from afghan_dialogues.datamodel.introspect import nested_model
from afghan_dialogues.datamodel.models import (
    Actor,
    Affiliation,
    Claim,
    ClaimRelation,
    Meeting,
    Model,
    Participation,
    Source,
)
from afghan_dialogues.findings import Finding
from afghan_dialogues.validate.context import Context

if TYPE_CHECKING:
    from afghan_dialogues.recordfiles.loader import Entry

_NOT_REFERENCES = {"id", "wikidata_id"}
"""Fields named like references that hold no record id (a Wikidata QID is external)."""
_TARGET: dict[str, type[Model]] = {"src": Source, "act": Actor, "mtg": Meeting, "clm": Claim}
_NOT_ORGANIZATIONS = {ActorKind.person}
_OUTLET_KINDS = {
    ActorKind.media_outlet,
    ActorKind.organization,
    ActorKind.international_organization,
    ActorKind.government,
}


@dataclass(frozen=True)
class Ref:
    """One reference held by a record: the id and the field path that holds it."""

    target: str
    path: tuple[str | int, ...]


_ONE, _LIST, _NESTED = "one", "list", "nested"


@cache
def _reference_fields(model: type[Model]) -> tuple[tuple[str, str], ...]:
    """The fields of a model that can hold references, in field order, with how they hold them.

    A field named like a reference (`*_id`, `*_into`) holds one id; `*_ids` and `*_from` hold a
    list of ids; any other list of records that have `source_ids` (an actor's names) holds
    ids one level down. Every other field is skipped without being looked at.
    """
    fields: list[tuple[str, str]] = []
    for name, info in model.model_fields.items():
        if name in _NOT_REFERENCES:
            continue
        if name.endswith(("_id", "_into")):
            fields.append((name, _ONE))
        elif name.endswith(("_ids", "_from")):
            fields.append((name, _LIST))
        elif (inner := nested_model(info.annotation)) is not None and "source_ids" in inner.model_fields:
            fields.append((name, _NESTED))
    return tuple(fields)


def refs_of(record: Model) -> Iterator[Ref]:
    """Every id a record points at, with where it sits in the record."""
    for name, how in _reference_fields(type(record)):
        value = getattr(record, name)
        if how is _ONE:
            if isinstance(value, str):
                yield Ref(value, (name,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if how is _LIST:
                    if isinstance(item, str):
                        yield Ref(item, (name, index))
                else:
                    for j, sid in enumerate(getattr(item, "source_ids", ())):
                        yield Ref(sid, (name, index, "source_ids", j))


def check_references(ctx: Context) -> list[Finding]:
    """Dangling, retired and wrong-kind references, self-relations and orphans."""
    out: list[Finding] = []
    referenced: set[str] = set()
    # ids a reference may point at without any finding
    live = {rid for rid, entry in ctx.by_id.items() if entry.model is _TARGET.get(_prefix(rid))}
    live.difference_update(ctx.tombstones)
    known: dict[str, list[str]] = {}  # live ids by prefix, listed when first needed
    for records in ctx.by_model.values():
        for entry, record in records:
            if not _all_live(record, live, referenced):
                for ref in refs_of(record):
                    if ref.target not in live:
                        out.extend(_resolve(ctx, entry, ref, known))
    out.extend(_kinds(ctx))
    out.extend(_speakers(ctx))
    out.extend(_evidence_lists(ctx))
    for entry, rel in ctx.valid(ClaimRelation):
        if rel.claim_id == rel.other_claim_id:
            out.append(
                ctx.finding(
                    entry,
                    F.REF_SELF,
                    "a claim is related to itself",
                    ("other_claim_id",),
                    hint="relate two different claims",
                )
            )
    for entry, actor in ctx.valid(Actor):
        if actor.id not in referenced:
            out.append(
                ctx.finding(
                    entry,
                    F.REF_ORPHAN,
                    f"actor '{actor.id}' is not referenced by any record",
                    ("id",),
                    hint="remove it, or add the claim, meeting or affiliation that needs it",
                )
            )
    return out


def _all_live(record: Model, live: set[str], referenced: set[str]) -> bool:
    """Note every id a record points at; True when they all point at live records.

    The quick pass over whole fields; a record with any other reference is walked again by
    `refs_of`, one reference at a time, to say which one is wrong and where.
    """
    ok = True
    fields = record.__dict__  # the field values of a pydantic model
    for name, how in _reference_fields(type(record)):
        value = fields[name]
        if how is _ONE:
            if isinstance(value, str):
                referenced.add(value)
                ok = ok and value in live
        elif isinstance(value, list) and value:
            ids = (
                value if how is _LIST else [sid for item in value for sid in getattr(item, "source_ids", ())]
            )
            referenced.update(ids)
            ok = ok and live.issuperset(ids)
    return ok


def _prefix(rid: str) -> str:
    return rid.split("-", 1)[0]


def _resolve(ctx: Context, entry: Entry, ref: Ref, known: dict[str, list[str]]) -> list[Finding]:
    if ref.target in ctx.tombstones:
        tomb = ctx.tombstones[ref.target].record
        into = getattr(tomb, "merged_into", None)
        hint = f"use '{into}'" if into else "the record was withdrawn; remove the reference"
        return [ctx.finding(entry, F.REF_RETIRED, f"'{ref.target}' is retired", ref.path, hint=hint)]
    if ref.target in ctx.invalid_ids and ref.target not in ctx.by_id:
        return []  # the target's own findings say what is wrong with it
    prefix = _prefix(ref.target)
    model = _TARGET.get(prefix)
    target = ctx.by_id.get(ref.target)
    if model is None or target is None or target.model is not model:
        if prefix not in known:
            known[prefix] = [rid for rid in ctx.by_id if rid.startswith(prefix + "-")]
        close = closest_match(ref.target, known[prefix])
        hint = f"did you mean '{close}'?" if close else "add the record or correct the id"
        return [ctx.finding(entry, F.REF_DANGLING, f"'{ref.target}' does not exist", ref.path, hint=hint)]
    return []


_CUTOFF = 0.6
"""difflib's default cutoff for a close match."""


def closest_match(word: str, candidates: list[str]) -> str | None:
    """`difflib.get_close_matches(word, candidates, n=1)`, fast on a hundred thousand ids.

    difflib answers the candidate with the highest ratio at or above the cutoff (the larger
    string on a tie). rapidfuzz's ratio, 2 x longest common subsequence / total length, is
    never below difflib's, 2 x characters in matching blocks / total length (the blocks form a
    common subsequence): so candidates are tried in decreasing rapidfuzz ratio, and once that
    bound falls below the best difflib ratio found, no candidate left can beat or tie it.
    """
    if len(candidates) <= _FEW:
        close = get_close_matches(word, candidates, n=1, cutoff=_CUTOFF)
        return close[0] if close else None
    bounded = process.extract(
        word, candidates, scorer=fuzz.ratio, score_cutoff=_CUTOFF * 100 - 0.1, limit=None
    )
    matcher = SequenceMatcher()
    matcher.set_seq2(word)
    best: tuple[float, str] | None = None
    for candidate, bound, _ in bounded:  # highest bound first
        if best is not None and bound / 100 + 1e-9 < best[0]:
            break
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() >= _CUTOFF and matcher.quick_ratio() >= _CUTOFF:
            ratio = matcher.ratio()
            if ratio >= _CUTOFF and (best is None or (ratio, candidate) > best):
                best = (ratio, candidate)
    return best[1] if best is not None else None


_FEW = 200
"""Up to this many candidates, difflib alone is as quick."""


def _kinds(ctx: Context) -> list[Finding]:
    out: list[Finding] = []
    for entry, aff in ctx.valid(Affiliation):
        org = ctx.get(Actor, aff.organization_id)
        if org is not None and org.kind in _NOT_ORGANIZATIONS:
            out.append(
                ctx.finding(
                    entry,
                    F.REF_KIND,
                    f"'{org.id}' is a person, not an organization",
                    ("organization_id",),
                    hint="affiliations point at organizations, governments or states",
                )
            )
    for entry, src in ctx.valid(Source):
        pub = ctx.get(Actor, src.publisher_id)
        if pub is not None and pub.kind not in _OUTLET_KINDS:
            out.append(
                ctx.finding(
                    entry,
                    F.REF_KIND,
                    f"publisher '{pub.id}' is a {pub.kind.value}",
                    ("publisher_id",),
                    hint="publishers are media outlets or organizations",
                )
            )
        for i, aid in enumerate(src.author_ids):
            author = ctx.get(Actor, aid)
            if author is not None and author.kind is not ActorKind.person:
                out.append(
                    ctx.finding(
                        entry,
                        F.REF_KIND,
                        f"author '{aid}' is a {author.kind.value}",
                        ("author_ids", i),
                        hint="authors are people; outlets go in publisher_id",
                    )
                )
    return out


def _speakers(ctx: Context) -> list[Finding]:
    """A claim lacks a speaker only in two documented cases.

    Editorial claims of a source with neither author nor publisher have no one to belong to;
    statements a source puts in the mouth of an unnamed person ("one of those present") have
    no actor to point at, and their note must say whom the source names.
    """
    out: list[Finding] = []
    for entry, claim in ctx.valid(Claim):
        if claim.speaker_id is not None:
            continue
        source = ctx.get(Source, claim.source_id)
        anonymous = source is not None and source.publisher_id is None and not source.author_ids
        if claim.quote_kind is QuoteKind.editorial and not anonymous:
            hint = "editorial claims belong to the author, or to the outlet when no author is named"
        elif claim.quote_kind is not QuoteKind.editorial and claim.note is None:
            hint = (
                "name the speaker, or say in `note` whom the source credits (e.g. 'an unnamed participant')"
            )
        else:
            continue
        out.append(ctx.finding(entry, F.MODEL_SPEAKER, "claim has no speaker", ("speaker_id",), hint=hint))
    return out


def _evidence_lists(ctx: Context) -> list[Finding]:
    """A source listed for a participation or affiliation must name the participant or member.

    "Names" means: the actor has a recorded spelling tied to that source. This keeps the
    spelling registry complete and catches a source id pasted onto the wrong row. Organizations
    are exempt: sources often imply them ("a Taliban minister" for the government).
    """
    out: list[Finding] = []
    named: dict[str, set[str]] = {
        actor.id: {sid for name in actor.names for sid in name.source_ids} for _, actor in ctx.valid(Actor)
    }
    rows: list[tuple[Entry, list[str], list[str]]] = [
        (entry, [p.actor_id], p.source_ids) for entry, p in ctx.valid(Participation)
    ]
    rows += [(entry, [a.actor_id], a.source_ids) for entry, a in ctx.valid(Affiliation)]
    for entry, actor_ids, source_ids in rows:
        for index, sid in enumerate(source_ids):
            for aid in actor_ids:
                if aid in named and sid not in named[aid]:
                    out.append(
                        ctx.finding(
                            entry,
                            F.REF_SOURCE_LIST,
                            f"{sid} is listed as evidence but records no spelling of '{aid}'",
                            ("source_ids", index),
                            hint=f"add the spelling {sid} uses to the names of '{aid}', or drop the source",
                        )
                    )
    return out
