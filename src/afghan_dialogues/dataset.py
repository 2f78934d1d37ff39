"""The dataset as typed records, with lookups by id and navigation between records.

A `Dataset` is what `afghan_dialogues.load()` returns and what the exports are written from.
It is built from a records folder (after the model layer) or read back from a release. Each
table exists in two forms: typed records (Pydantic models) for lookups and navigation, and an
Arrow table of the published schema for exports and analysis. A dataset keeps whichever form
it was made from and derives the other on first use, once: a million claims read from a
release are written out again without a million Pydantic objects, and records from YAML are
flattened to Arrow only when a table is exported or converted. Conversions import pyarrow
(and pandas or polars) only when called, so importing the package stays cheap.

Lookups that fail say what would have worked, in a line: the nearest id or name, or the kind
of record expected; a record's repr (hundreds of characters) is never part of a message.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Container, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, TypeVar, cast

from afghan_dialogues.datamodel.enums import ParticipationRole, RelationKind
from afghan_dialogues.datamodel.models import (
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
from afghan_dialogues.datamodel.normalize import name_key
from afghan_dialogues.datamodel.tables import TABLE_BY_NAME, TABLES, Table
from afghan_dialogues.date_ranges import Day, How, check_range, day, in_range

if TYPE_CHECKING:
    import pandas
    import polars
    import pyarrow

    from afghan_dialogues.recordfiles.loader import Loaded  # a release is read without YAML code

R = TypeVar("R", bound=Model)
V = TypeVar("V")

RECORD_TABLES: dict[str, type[Model]] = {
    "sources": Source,
    "actors": Actor,
    "affiliations": Affiliation,
    "meetings": Meeting,
    "participants": Participation,
    "claims": Claim,
    "claim_relations": ClaimRelation,
    "tombstones": Tombstone,
}
"""The tables of typed records, by the attribute holding them."""


Direction = Literal["outgoing", "incoming"]


class Related(NamedTuple):
    """A claim's relation to another claim, seen from the claim: `outgoing` when the claim is
    the relation's `claim_id` (it contradicts, supports, repeats or updates `other`), `incoming`
    when it is the `other_claim_id` (`other` contradicts, supports... it)."""

    relation: ClaimRelation
    other: Claim
    direction: Direction

    @property
    def kind(self) -> RelationKind:
        """contradicts, supports, repeats or updates."""
        return self.relation.relation


class AmbiguousNameError(KeyError):
    """A name that several actors are recorded under; `candidates` are those actors."""

    def __init__(self, name: str, candidates: tuple[Actor, ...]) -> None:
        shown = ", ".join(a.id for a in candidates[:3])
        more = f" and {len(candidates) - 3} more" if len(candidates) > 3 else ""
        super().__init__(f"{_brief(name)} names {len(candidates)} actors: {shown}{more}; use an id")
        self.candidates = candidates


_CLOSE = 75.0
"""rapidfuzz score (0-100) from which an id or name is suggested for a miss."""


def _brief(value: object) -> str:
    """A value as a message shows it: text quoted and cut, a record by its kind and id."""
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else repr(value[:57] + "...")
    rid = getattr(value, "id", None)
    kind = type(value).__name__
    return f"{_article(kind)} {kind}" + (f" ({_brief(rid)})" if isinstance(rid, str) else "")


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _closest(value: str, choices: list[str], *, name: bool = False) -> str | None:
    """The choice nearest to `value`, when one is near enough to be what was meant.

    Ids compare by edit distance (`clm-cofey-001` is `clm-coffey-001`); names by rapidfuzz's
    WRatio, which also finds a surname in a full name ("Muttaqi" in "Amir Khan Muttaqi").
    rapidfuzz rather than difflib: a release can hold a million ids, which difflib compares in
    seconds and rapidfuzz in a blink.
    """
    from rapidfuzz import fuzz, process

    scorer = fuzz.WRatio if name else fuzz.ratio
    found = process.extractOne(value, choices, scorer=scorer, score_cutoff=_CLOSE)
    return str(found[0]) if found is not None else None


def _canonical(record: Model) -> Model:
    """A record's nested items (an actor's spellings, references) in the order of their table.

    A release stores them as rows keyed by (parent id, ...), so the order they were written in
    cannot survive an export; ordering them here makes a record read from the records and the
    same record read back from a release equal.
    """
    update: dict[str, list[Any]] = {}
    for table in TABLES:
        if table.nested_field is not None and isinstance(record, table.parents):
            items = getattr(record, table.nested_field)
            key = table.primary_key[1:]
            ordered = sorted(items, key=lambda item: tuple(str(getattr(item, k)) for k in key))
            if ordered != items:
                update[table.nested_field] = ordered
    return record.model_copy(update=update) if update else record


def _by_key(name: str) -> Callable[[Model], tuple[str, ...]]:
    """Sort key of a record table's records: its primary key, as text."""
    key = TABLE_BY_NAME[name].primary_key
    return lambda record: tuple(str(getattr(record, k)) for k in key)


@dataclass(frozen=True, eq=False)
class Dataset:
    """All records of one dataset version, sorted by key (so every export is deterministic).

    Immutable: the records are frozen models in tuples and Arrow tables cannot be changed.
    Two datasets are equal when their metadata and records are.
    """

    info: DatasetInfo
    _records: dict[str, tuple[Model, ...]] = field(default_factory=dict, repr=False)
    """Typed records per table name, given or built on first use."""
    _arrow: dict[str, pyarrow.Table] = field(default_factory=dict, repr=False)
    """Arrow tables per table name, given or built on first use."""
    _typed: Callable[[str], tuple[Model, ...]] | None = field(default=None, repr=False)
    """Builds one table's records from the Arrow tables (set for datasets read from Arrow)."""

    @classmethod
    def build(cls, info: DatasetInfo, records: Mapping[str, list[Model]]) -> Dataset:
        """Assemble from records per table name, sorting each table by its key."""
        return cls(
            info=info,
            _records={
                name: tuple(sorted(map(_canonical, records.get(name, [])), key=_by_key(name)))
                for name in RECORD_TABLES
            },
        )

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
        return cls.build(info, {name: by_model[m] for name, m in RECORD_TABLES.items()})

    @classmethod
    def from_arrow(
        cls,
        info: DatasetInfo,
        tables: Mapping[str, pyarrow.Table],
        typed: Callable[[Mapping[str, pyarrow.Table], str], tuple[Model, ...]],
    ) -> Dataset:
        """From one Arrow table per published table, of the published schemas, sorted by key.

        `typed(tables, name)` builds the records of one table; it is called the first time
        they are needed, so a dataset that is only exported or converted never builds them.
        """
        arrow = dict(tables)
        return cls(info=info, _arrow=arrow, _typed=lambda name: typed(arrow, name))

    def _cached(self, cache: dict[str, V], name: str, build: Callable[[], V]) -> V:
        """cache[name], built the first time it is asked for."""
        if name not in cache:
            cache[name] = build()
        return cache[name]

    def records(self, name: str) -> tuple[Model, ...]:
        """The records of one entity table ('claims', 'actors', ...)."""
        if name not in RECORD_TABLES:
            raise KeyError(f"no records named {name!r}; the record tables are: {', '.join(RECORD_TABLES)}")
        typed = self._typed
        if typed is None:
            return self._records[name]
        return self._cached(self._records, name, lambda: typed(name))

    def _of(self, name: str, kind: type[R]) -> tuple[R, ...]:
        """The records of a table, typed as the model RECORD_TABLES gives it."""
        return cast(tuple[R, ...], self.records(name))

    @property
    def sources(self) -> tuple[Source, ...]:
        """Source documents, by id."""
        return self._of("sources", Source)

    @property
    def actors(self) -> tuple[Actor, ...]:
        """Actors, by id, each with its spellings."""
        return self._of("actors", Actor)

    @property
    def affiliations(self) -> tuple[Affiliation, ...]:
        """Roles actors held in organizations, by (actor, organization, role)."""
        return self._of("affiliations", Affiliation)

    @property
    def meetings(self) -> tuple[Meeting, ...]:
        """Meetings, by id."""
        return self._of("meetings", Meeting)

    @property
    def participants(self) -> tuple[Participation, ...]:
        """Parts actors played in meetings, by (meeting, actor, role)."""
        return self._of("participants", Participation)

    @property
    def claims(self) -> tuple[Claim, ...]:
        """Attributed statements, by id."""
        return self._of("claims", Claim)

    @property
    def claim_relations(self) -> tuple[ClaimRelation, ...]:
        """Relations between claims, by (claim, other claim, relation)."""
        return self._of("claim_relations", ClaimRelation)

    @property
    def tombstones(self) -> tuple[Tombstone, ...]:
        """Retired ids, by id."""
        return self._of("tombstones", Tombstone)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Dataset):
            return NotImplemented
        return self.info == other.info and all(self.records(n) == other.records(n) for n in RECORD_TABLES)

    __hash__ = None  # type: ignore[assignment]  # equal by contents, which hold lists

    def table_rows(self, table: Table) -> Iterator[dict[str, Any]]:
        """Flat rows of a published table, in key order (from Arrow when the dataset has it)."""
        if table.name in self._arrow:
            for batch in self._arrow[table.name].to_batches():
                yield from batch.to_pylist()
            return
        if table.nested:
            records: tuple[Model, ...] = tuple(
                r for name, m in RECORD_TABLES.items() if m in table.parents for r in self.records(name)
            )
        else:
            records = self.records(table.name)
        rows = table.rows(records)
        if table.nested:
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

    def live_id(self, rid: str, live: Container[str]) -> str | None:
        """The id `rid` stands for now: itself when in `live`, else where its tombstones lead.

        None when a tombstone says the record was withdrawn. `live` is the set of ids to stop
        at (every record's, for `get`; an exporter may pass one table's ids).
        """
        seen: set[str] = set()
        while rid not in live and rid in self._tombstones and rid not in seen:
            seen.add(rid)
            into = self._tombstones[rid].merged_into
            if into is None:
                return None
            rid = into
        return rid

    def get(self, rid: str) -> Model | None:
        """The record with this id; retired ids resolve through their tombstones."""
        current = self.live_id(rid, self._index)
        return self._index.get(current) if current is not None else None

    def __getitem__(self, rid: str) -> Model:
        """The record with this id (retired ids resolve); a miss names the nearest id."""
        if not isinstance(rid, str):
            raise TypeError(f"ids are text such as 'clm-coffey-001', not {_brief(rid)}")
        record = self.get(rid)
        if record is None:
            raise KeyError(self._missing(rid))
        return record

    def _missing(self, rid: str) -> str:
        """Why there is no record `rid`: withdrawn, or absent (with the nearest id of its kind)."""
        stone = self._tombstones.get(rid)
        if stone is not None and stone.merged_into is None:
            return f"{_brief(rid)} was withdrawn: {_brief(stone.note)}"
        if stone is not None:
            return f"{_brief(rid)} was merged into {_brief(stone.merged_into)}, which is not in the dataset"
        prefix = rid.split("-", 1)[0] + "-"
        known = [i for i in (*self._index, *self._tombstones) if i.startswith(prefix)]
        close = _closest(rid, known)
        return f"no record {_brief(rid)}" + (f"; did you mean {close!r}?" if close else "")

    def _resolve(self, ref: R | str, kind: type[R]) -> R:
        """A record given itself or its id (old ids resolve through tombstones)."""
        record = self[ref] if isinstance(ref, str) else ref
        if not isinstance(record, kind):
            kind_of = type(record).__name__
            got = (
                f"{_brief(ref)} is {_article(kind_of)} {kind_of}"
                if isinstance(ref, str)
                else f"got {_brief(ref)}"
            )
            raise TypeError(f"expected {_article(kind.__name__)} {kind.__name__} or its id; {got}")
        return record

    @cached_property
    def _names(self) -> dict[str, list[Actor]]:
        """Actors by every name they are recorded under (canonical name and spellings), folded."""
        names: dict[str, list[Actor]] = defaultdict(list)
        for actor in self.actors:
            for key in dict.fromkeys(name_key(n) for n in (actor.name, *(s.spelling for s in actor.names))):
                names[key].append(actor)
        return dict(names)

    def actor(self, name: str) -> Actor:
        """The actor with this id, canonical name or recorded spelling ("Mottaki"), ignoring
        case, accents and punctuation (`datamodel.normalize.name_key`).

        Raises AmbiguousNameError (a KeyError) listing the actors when several are recorded under
        the name, and KeyError with the nearest name when none is.
        """
        if not isinstance(name, str):
            raise TypeError(f"an actor's name or id is text, not {_brief(name)}")
        record = self.get(name)
        if isinstance(record, Actor):
            return record
        key = name_key(name)
        found = self._names.get(key, [])
        if len(found) == 1:
            return found[0]
        if found:
            raise AmbiguousNameError(name, tuple(found))
        close = _closest(key, list(self._names), name=True) if key else None
        hint = ""
        if close is not None:
            nearest = self._names[close][0]
            hint = f"; did you mean {_brief(nearest.name)} ({nearest.id})?"
        raise KeyError(f"no actor named {_brief(name)}{hint}")

    def _many(self, ids: list[str], kind: type[R]) -> tuple[R, ...]:
        found = (self.get(rid) for rid in ids)
        return tuple(r for r in found if isinstance(r, kind))

    @cached_property
    def _links(self) -> dict[str, dict[str, list[Model]]]:
        """Reverse references: relation name -> id -> records pointing at it, in key order."""
        links: dict[str, dict[str, list[Model]]] = defaultdict(lambda: defaultdict(list))
        for claim in self.claims:
            if claim.speaker_id is not None:
                links["spoken_by"][claim.speaker_id].append(claim)
            links["from_source"][claim.source_id].append(claim)
            for aid in claim.about_ids:
                links["about"][aid].append(claim)
            for mid in claim.meeting_ids:
                links["at_meeting"][mid].append(claim)
        for participation in self.participants:
            links["participation_of"][participation.actor_id].append(participation)
            links["participation_in"][participation.meeting_id].append(participation)
        for affiliation in self.affiliations:
            links["affiliation_of"][affiliation.actor_id].append(affiliation)
            links["affiliation_in"][affiliation.organization_id].append(affiliation)
        for relation in self.claim_relations:
            links["relation_from"][relation.claim_id].append(relation)
            links["relation_to"][relation.other_claim_id].append(relation)
        return links

    def _linked(self, relation: str, rid: str, kind: type[R]) -> tuple[R, ...]:
        return tuple(r for r in self._links[relation].get(rid, []) if isinstance(r, kind))

    # Claim -> the records it points at.

    def speaker_of(self, claim: Claim | str) -> Actor | None:
        """Who made the statement (None only for an editorial claim of an unknown author)."""
        speaker_id = self._resolve(claim, Claim).speaker_id
        return self._resolve(speaker_id, Actor) if speaker_id is not None else None

    def source_of(self, claim: Claim | str) -> Source:
        """The source reporting the statement."""
        return self._resolve(self._resolve(claim, Claim).source_id, Source)

    def meetings_of(self, claim: Claim | str) -> tuple[Meeting, ...]:
        """The meetings the statement is about."""
        return self._many(self._resolve(claim, Claim).meeting_ids, Meeting)

    def intermediaries_of(self, claim: Claim | str) -> tuple[Actor, ...]:
        """The actors the statement passed through, nearest to the speaker first."""
        return self._many(self._resolve(claim, Claim).via_ids, Actor)

    def subjects_of(self, claim: Claim | str) -> tuple[Actor, ...]:
        """The actors the statement is about."""
        return self._many(self._resolve(claim, Claim).about_ids, Actor)

    def relations_of(self, claim: Claim | str) -> tuple[Related, ...]:
        """Every relation the claim takes part in, whichever way it is stored: first those it
        states (`outgoing`: it contradicts... the other claim), then those stated of it
        (`incoming`), each in key order. A relation is stored once, so a contradiction shows
        `outgoing` from one claim and `incoming` to the other."""
        cid = self._resolve(claim, Claim).id
        outgoing = self._linked("relation_from", cid, ClaimRelation)
        incoming = self._linked("relation_to", cid, ClaimRelation)
        return (
            *(Related(r, self._resolve(r.other_claim_id, Claim), "outgoing") for r in outgoing),
            *(Related(r, self._resolve(r.claim_id, Claim), "incoming") for r in incoming),
        )

    # Actor -> the records pointing at it.

    def claims_by(self, actor: Actor | str) -> tuple[Claim, ...]:
        """Statements the actor made."""
        return self._linked("spoken_by", self._resolve(actor, Actor).id, Claim)

    def claims_about(self, actor: Actor | str) -> tuple[Claim, ...]:
        """Statements about the actor."""
        return self._linked("about", self._resolve(actor, Actor).id, Claim)

    def participations_of(self, actor: Actor | str) -> tuple[Participation, ...]:
        """The actor's part in each meeting, with role and sources."""
        return self._linked("participation_of", self._resolve(actor, Actor).id, Participation)

    def meetings_attended(self, actor: Actor | str) -> tuple[Meeting, ...]:
        """Meetings the actor took part in (in any role), each once, in id order."""
        ids = sorted({p.meeting_id for p in self.participations_of(actor)})
        return self._many(ids, Meeting)

    def affiliations_of(self, actor: Actor | str) -> tuple[Affiliation, ...]:
        """Roles the actor held in organizations."""
        return self._linked("affiliation_of", self._resolve(actor, Actor).id, Affiliation)

    def members_of(self, organization: Actor | str) -> tuple[Affiliation, ...]:
        """Roles held in or for the organization."""
        return self._linked("affiliation_in", self._resolve(organization, Actor).id, Affiliation)

    # Source and meeting -> the records pointing at them.

    def claims_from(self, source: Source | str) -> tuple[Claim, ...]:
        """Statements the source reports."""
        return self._linked("from_source", self._resolve(source, Source).id, Claim)

    def claims_at(self, meeting: Meeting | str) -> tuple[Claim, ...]:
        """Statements about the meeting."""
        return self._linked("at_meeting", self._resolve(meeting, Meeting).id, Claim)

    def participants_of(self, meeting: Meeting | str) -> tuple[Participation, ...]:
        """Who took part in the meeting, in which role (with the sources that say so)."""
        return self._linked("participation_in", self._resolve(meeting, Meeting).id, Participation)

    def participants_by_role(self, meeting: Meeting | str) -> dict[ParticipationRole, tuple[Actor, ...]]:
        """The meeting's participants grouped by role (hosts, organizers, attendees...), roles
        in the codebook's order, actors by id; only the roles someone played."""
        grouped: dict[ParticipationRole, list[Actor]] = defaultdict(list)
        for participation in self.participants_of(meeting):
            grouped[participation.role].append(self._resolve(participation.actor_id, Actor))
        return {role: tuple(grouped[role]) for role in ParticipationRole if role in grouped}

    # Dates.

    def meetings_between(
        self, start: Day, end: Day, *, how: How = "overlaps", include_undated: bool = False
    ) -> tuple[Meeting, ...]:
        """Meetings dated in the range from `start` to `end` (dates or ISO texts, both days
        included; None leaves a side open), in id order.

        A meeting's date is an interval (a month runs from its first to its last day), so
        `how` says which meetings count: "overlaps" those that could have taken place in the
        range, "within" those whose whole interval lies inside it (an open-ended date never
        does). Meetings with neither bound are left out unless `include_undated`.
        """
        first, last = day(start, "start"), day(end, "end")
        check_range(first, last, how)
        return tuple(m for m in self.meetings if in_range(m.date, first, last, how, include_undated))

    def claims_between(
        self, start: Day, end: Day, *, how: How = "overlaps", include_undated: bool = False
    ) -> tuple[Claim, ...]:
        """Claims whose `stated` date is in the range, read as `meetings_between` reads it.

        A claim without `stated` is undated (its source's publication date is no evidence of
        when the words were said) and left out unless `include_undated`.
        """
        first, last = day(start, "start"), day(end, "end")
        check_range(first, last, how)
        return tuple(c for c in self.claims if in_range(c.stated, first, last, how, include_undated))

    # Tables.

    def table(self, name: str) -> Table:
        """A published table by name."""
        try:
            return TABLE_BY_NAME[name]
        except KeyError:
            known = ", ".join(t.name for t in TABLES)
            raise KeyError(f"no table named {name!r}; the tables are: {known}") from None

    def to_arrow(self, table_name: str) -> pyarrow.Table:
        """One published table as an Arrow table, with the release's schema and metadata.

        A dataset read from a release gives the table as read; one built from records
        flattens them the first time and keeps the table.
        """
        from afghan_dialogues.datamodel.arrow import arrow_table

        table = self.table(table_name)
        return self._cached(self._arrow, table.name, lambda: arrow_table(table, self.table_rows(table)))

    def to_pandas(self, table_name: str) -> pandas.DataFrame:
        """One published table as a pandas DataFrame (dates as datetime.date, lists as arrays)."""
        try:
            import pandas  # noqa: F401
        except ImportError as exc:
            raise ImportError(
                "to_pandas() needs pandas, which is not installed: "
                "pip install 'afghan-dialogues[pandas]' (or use to_arrow())"
            ) from exc
        return self.to_arrow(table_name).to_pandas()

    def to_polars(self, table_name: str) -> polars.DataFrame:
        """One published table as a polars DataFrame (dates as Date, lists as List)."""
        try:
            import polars
        except ImportError as exc:
            raise ImportError(
                "to_polars() needs polars, which is not installed: "
                "pip install 'afghan-dialogues[polars]' (or use to_arrow())"
            ) from exc
        frame = polars.from_arrow(self.to_arrow(table_name))
        assert isinstance(frame, polars.DataFrame)  # a table gives a frame; only an array gives a Series
        return frame
