"""Errors injected into the registries (actors, meetings, participants, affiliations, claim
relations, tombstones) once every source has been generated.

Targets are chosen among records no other injection touched, and whose evidence (sources,
claims) is itself untouched, so that each injection's finding is reported as planned.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.normalize import normalize_text
from afghan_dialogues.synth import dates as D
from afghan_dialogues.synth import names as N
from afghan_dialogues.synth.actors import ActorRegistry
from afghan_dialogues.synth.manifest import Injected
from afghan_dialogues.synth.world import VERSION, Registries, Row, flat

_FILES = {
    "actors": "actors.yaml",
    "actor_names": "actors.yaml",
    "affiliations": "affiliations.yaml",
    "meetings": "meetings.yaml",
    "participants": "participants.yaml",
    "claim_relations": "claim_relations.yaml",
    "tombstones": "tombstones.yaml",
}


@dataclass
class RegistryEdit:
    """The registries being corrupted, and what is known about the sources behind them."""

    fmt: str
    reg: Registries
    rng: random.Random
    actors: ActorRegistry
    touched_sources: set[str]
    published_end: dict[str, dt.date]
    texts: dict[str, str]
    used: set[int] = field(default_factory=set)

    def entry(
        self,
        code: str,
        table: str,
        key: tuple[str, ...],
        record_id: str,
        field_name: str | None,
        *,
        note: str,
    ) -> Injected:
        """A manifest entry for one registry row."""
        if self.fmt == "records":
            return Injected(code, _FILES[table], record_id, field_name, note)
        return Injected(code, f"parquet/{table}.parquet", record_id, field_name, note, table=table, key=key)

    def pick(self, rows: list[Row], need: Callable[[Row], bool] = lambda _: True) -> Row | None:
        """A random row no injection used yet that meets `need`; marks it used."""
        candidates = [r for r in rows if id(r) not in self.used and need(r)]
        if not candidates:
            return None
        row = self.rng.choice(candidates)
        self.used.add(id(row))
        return row

    def untouched(self, source_ids: list[str]) -> bool:
        """No block injection touched these sources."""
        return all(s in self.published_end for s in source_ids)

    def claim_untouched(self, claim_id: str) -> bool:
        """The claim's source block was not touched (claim ids start with their source's stem)."""
        return f"src-{claim_id.removeprefix('clm-').rsplit('-', 1)[0]}" in self.published_end

    def live_ids(self) -> set[str]:
        """Every id in use, live or retired."""
        ids = {str(r["id"]) for r in self.reg.actors + self.reg.meetings + self.reg.tombstones}
        return ids | set(self.actors.by_id)


RegistryInjector = Callable[[RegistryEdit], Injected | None]


def _persons(edit: RegistryEdit) -> list[Row]:
    return [a for a in edit.reg.actors if a["kind"] == "person" and a["names"]]


def duplicate_key(edit: RegistryEdit) -> Injected | None:
    """A participation recorded twice."""
    row = edit.pick(edit.reg.participants)
    if row is None:
        return None
    edit.reg.participants.insert(edit.reg.participants.index(row) + 1, dict(row))
    key = (str(row["meeting_id"]), str(row["actor_id"]), str(row["role"]))
    return edit.entry(
        F.IDENTITY_DUPLICATE_KEY, "participants", key, " ".join(key), None, note="participation copied"
    )


def alias_collision(edit: RegistryEdit) -> Injected | None:
    """One actor's canonical name recorded as another actor's spelling."""
    full = [a for a in _persons(edit) if any(n["spelling"] == a["name"] for n in a["names"])]
    first = edit.pick(full)
    other = edit.pick(full)
    if first is None or other is None:
        return None
    sources = next(n["source_ids"] for n in other["names"] if n["spelling"] == other["name"])
    spelling = str(other["name"])
    first["names"] = [
        *first["names"],
        {"spelling": spelling, "form": "variant", "lang": None, "script": None, "source_ids": sources[:1]},
    ]
    later = max(str(first["id"]), str(other["id"]))
    if later == other["id"]:
        return edit.entry(
            F.IDENTITY_ALIAS_COLLISION,
            "actors",
            (later,),
            later,
            "name",
            note=f"'{spelling}' also given to {first['id']}",
        )
    key = (later, spelling)
    return edit.entry(
        F.IDENTITY_ALIAS_COLLISION,
        "actor_names",
        key,
        later,
        "names.spelling",
        note=f"'{spelling}' of {other['id']}",
    )


def _two_word_variant(spellings: tuple[str, ...]) -> str | None:
    """A spelling with two words transliterated differently: one no source uses."""
    words = spellings[0].split(" ")
    changed: set[int] = set()
    for spelling in spellings[1:]:
        for i, word in enumerate(spelling.split(" ")):
            if word != words[i] and i not in changed and len(changed) < 2:
                words[i] = word
                changed.add(i)
    return " ".join(words) if len(changed) == 2 else None


def likely_duplicate(edit: RegistryEdit) -> Injected | None:
    """The same person entered a second time under a transliteration variant."""
    person = edit.pick(_persons(edit))
    if person is None:
        return None
    spelling = _two_word_variant(edit.actors.by_id[str(person["id"])].spellings)
    if spelling is None:
        return None
    taken = edit.live_ids()
    new_id = f"act-{N.slug(spelling)}"
    while new_id in taken:
        new_id += "-2"
    edit.reg.actors.append(
        {
            "id": new_id,
            "name": spelling,
            "kind": "person",
            "names": [],
            "description": "Entered a second time under a variant spelling.",
            "wikidata_id": None,
            "distinct_from": [],
            "notes": None,
        }
    )
    later = max(new_id, str(person["id"]))
    return edit.entry(
        F.IDENTITY_LIKELY_DUPLICATE_ACTOR,
        "actors",
        (later,),
        later,
        "name",
        note=f"{new_id} duplicates {person['id']}",
    )


def tombstone_in_use(edit: RegistryEdit) -> Injected | None:
    """A live meeting retired by mistake."""
    meeting = edit.pick(edit.reg.meetings)
    if meeting is None:
        return None
    meeting_id = str(meeting["id"])
    edit.reg.tombstones.append(
        {
            "id": meeting_id,
            "reason": "withdrawn",
            "merged_into": None,
            "retired_in": VERSION,
            "note": "Withdrawn as unconfirmed.",
        }
    )
    return edit.entry(
        F.IDENTITY_TOMBSTONE_IN_USE,
        "tombstones",
        (meeting_id,),
        meeting_id,
        "id",
        note="tombstone for a live meeting",
    )


def wrong_kind(edit: RegistryEdit) -> Injected | None:
    """An affiliation whose 'organization' is a person."""
    row = edit.pick(edit.reg.affiliations)
    people = [a for a in _persons(edit) if a["id"] != (row or {}).get("actor_id")]
    if row is None or not people:
        return None
    row["organization_id"] = str(edit.rng.choice(people)["id"])
    key = (str(row["actor_id"]), str(row["organization_id"]), str(row["role"]))
    record = " ".join(key)
    return edit.entry(
        F.REF_WRONG_KIND,
        "affiliations",
        key,
        record,
        "organization_id",
        note="organization_id names a person",
    )


def orphan(edit: RegistryEdit) -> Injected | None:
    """An organization entered but never referred to."""
    taken = edit.live_ids()
    for index in range(edit.actors.n_orgs, N.ORG_CAPACITY):
        name, kind = N.organization(index)
        actor_id = f"act-{N.slug(name)}"
        if actor_id not in taken:
            break
    else:
        return None
    edit.reg.actors.append(
        {
            "id": actor_id,
            "name": name,
            "kind": kind,
            "names": [],
            "description": "Organization added for an article that was never recorded.",
            "wikidata_id": None,
            "distinct_from": [],
            "notes": None,
        }
    )
    return edit.entry(F.REF_ORPHAN, "actors", (actor_id,), actor_id, "id", note="actor nothing refers to")


def self_relation(edit: RegistryEdit) -> Injected | None:
    """A claim related to itself."""
    row = edit.pick(edit.reg.claim_relations, lambda r: edit.claim_untouched(str(r["claim_id"])))
    if row is None:
        return None
    row["other_claim_id"] = row["claim_id"]
    key = (str(row["claim_id"]), str(row["other_claim_id"]), str(row["relation"]))
    record = " ".join(key)
    return edit.entry(
        F.REF_SELF_RELATION,
        "claim_relations",
        key,
        record,
        "other_claim_id",
        note="other_claim_id = claim_id",
    )


def source_not_evidence(edit: RegistryEdit) -> Injected | None:
    """A participation citing a source that never names the participant."""
    row = edit.pick(edit.reg.participants, lambda r: edit.actors.by_id[str(r["actor_id"])].kind == "person")
    if row is None:
        return None
    named = set(edit.actors.named_in(str(row["actor_id"])))
    others = [s for s in edit.published_end if s not in named]
    if not others:
        return None
    row["source_ids"] = [*row["source_ids"], edit.rng.choice(others)]
    key = (str(row["meeting_id"]), str(row["actor_id"]), str(row["role"]))
    return edit.entry(
        F.REF_SOURCE_NOT_EVIDENCE, "participants", key, " ".join(key), "source_ids", note="source added"
    )


def held_after_report(edit: RegistryEdit) -> Injected | None:
    """A held meeting dated after the reports of it (a misread calendar)."""
    meeting = edit.pick(
        edit.reg.meetings, lambda m: m["status"] == "held" and edit.untouched(list(m["source_ids"]))
    )
    if meeting is None:
        return None
    last = max(edit.published_end[s] for s in meeting["source_ids"])
    meeting.update(flat("date", D.stated_day(last + dt.timedelta(days=5))))
    meeting_id = str(meeting["id"])
    return edit.entry(
        F.TIME_HELD_AFTER_REPORT, "meetings", (meeting_id,), meeting_id, "date", note="date after the reports"
    )


def name_not_in_source(edit: RegistryEdit) -> Injected | None:
    """A spelling credited to a source whose text does not contain it."""
    person = edit.pick(_persons(edit))
    if person is None:
        return None
    name = edit.rng.choice(person["names"])
    spelling = normalize_text(str(name["spelling"]))
    for source_id, text in edit.texts.items():
        if source_id not in name["source_ids"] and spelling not in text:
            name["source_ids"] = [*name["source_ids"], source_id]
            key = (str(person["id"]), str(name["spelling"]))
            return edit.entry(
                F.EVIDENCE_NAME_NOT_IN_SOURCE,
                "actor_names",
                key,
                str(person["id"]),
                "source_ids",
                note=f"{source_id} added",
            )
    return None


REGISTRY_INJECTORS: dict[str, RegistryInjector] = {
    F.IDENTITY_DUPLICATE_KEY: duplicate_key,
    F.IDENTITY_ALIAS_COLLISION: alias_collision,
    F.IDENTITY_LIKELY_DUPLICATE_ACTOR: likely_duplicate,
    F.IDENTITY_TOMBSTONE_IN_USE: tombstone_in_use,
    F.REF_WRONG_KIND: wrong_kind,
    F.REF_ORPHAN: orphan,
    F.REF_SELF_RELATION: self_relation,
    F.REF_SOURCE_NOT_EVIDENCE: source_not_evidence,
    F.TIME_HELD_AFTER_REPORT: held_after_report,
    F.EVIDENCE_NAME_NOT_IN_SOURCE: name_not_in_source,
}
"""Finding code -> how to cause it in the registries."""
