"""The synthetic dataset, generated meeting by meeting and streamed source by source.

Each meeting is reported by one to five sources published after it (or, for planned meetings,
before it); each source holds up to fifteen claims by the meeting's participants, its author or
its outlet. Sources and their claims are yielded as they are made, so a million claims never
sit in memory at once; the registries (actors, meetings, participants, affiliations, claim
relations, tombstones) are a few percent of that and are returned at the end.

Everything is drawn from one seeded `Dice` (a Mersenne Twister seeded with a string, whose
sequence Python keeps stable), so the same seed and size give the same dataset on every run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from afghan_dialogues.datamodel.enums import Calendar
from afghan_dialogues.datamodel.tables import DATE_PARTS
from afghan_dialogues.synth import dates as D
from afghan_dialogues.synth import text as T
from afghan_dialogues.synth import vocabulary as V
from afghan_dialogues.synth.actors import Actor, ActorRegistry
from afghan_dialogues.synth.dice import Dice, Weighted
from afghan_dialogues.synth.names import ORG_CAPACITY, OUTLET_CAPACITY, PERSON_CAPACITY, slug

Row = dict[str, Any]

MAX_CLAIMS_PER_SOURCE = 15
MAX_SOURCES_PER_MEETING = 5
VERSION = "0.1.0"
_STATE_BY_CODE = {code: name for name, code in V.STATES}


def flat(prefix: str, date: D.DateParts | None) -> Row:
    """A reported date (or None) as the published columns `<prefix>_<part>`."""
    return {f"{prefix}_{part}": (date[part] if date is not None else None) for part in DATE_PARTS}


_STATUS = Weighted(("held", 82), ("planned", 8), ("postponed", 4), ("cancelled", 3), ("unconfirmed", 3))
_MEETING_DATE = Weighted(
    ("day", 45), ("solar", 15), ("lunar", 5), ("range", 15), ("month", 10), ("solar_month", 5), ("week", 5)
)
_SOURCE_KIND = Weighted(
    ("news_report", 70), ("analysis", 10), ("op_ed", 6), ("interview", 6), ("statement", 4), ("transcript", 4)
)
_ORIGINAL_LANGUAGE: Weighted[str | None] = Weighted((None, 70), ("fa", 15), ("ps", 5), ("ru", 5), ("en", 5))
_PUBLISHED = Weighted(("stated", 75), ("solar", 15), ("dateline", 5), ("week", 5))
_QUOTE_KIND = Weighted(("direct", 40), ("indirect", 30), ("paraphrase", 18), ("editorial", 12))


@dataclass
class SourceBlock:
    """One source document: its row, its claims, and its text snapshot."""

    index: int
    source: Row
    claims: list[Row]
    text: str


@dataclass
class Registries:
    """Everything but sources and claims, complete once all blocks have been generated."""

    actors: list[Row]
    affiliations: list[Row]
    meetings: list[Row]
    participants: list[Row]
    claim_relations: list[Row]
    tombstones: list[Row]


@dataclass
class _Meeting:
    row: Row
    held: bool
    first_day: dt.date
    last_day: dt.date
    city: str | None
    state: Actor | None
    participants: list[tuple[Actor, str]]
    people: list[Actor] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    first_claims: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Context:
    """What a claim needs to know about the source it is written into."""

    source_id: str
    meeting: _Meeting
    publisher: Actor | None
    authors: list[Actor]
    published: D.DateParts
    fills: dict[str, str]


@dataclass
class World:
    """Generator of one synthetic dataset of exactly `claims` claims."""

    claims: int
    seed: int = 0
    rng: Dice = field(init=False)
    actors: ActorRegistry = field(init=False)
    _meetings: list[Row] = field(default_factory=list)
    _participants: list[Row] = field(default_factory=list)
    _relations: list[Row] = field(default_factory=list)
    _ids: set[str] = field(default_factory=set)
    _per_series: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    _by_place_month: dict[tuple[str, int, int], list[tuple[Row, dt.date, dt.date]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    _person_cursor: int = 0
    _org_cursor: int = 0
    _outlet_cursor: int = 0
    _finished: bool = False

    def __post_init__(self) -> None:
        if self.claims < 1:
            raise ValueError("a synthetic dataset needs at least one claim")
        self.rng = Dice(f"afghan-dialogues-synth:{self.seed}")
        n_persons = min(PERSON_CAPACITY, max(2, self.claims // 40))
        self.actors = ActorRegistry(
            n_persons=n_persons,
            n_orgs=min(ORG_CAPACITY, max(2, n_persons // 6)),
            n_outlets=min(OUTLET_CAPACITY, max(3, self.claims // 300)),
        )

    # -- streaming ---------------------------------------------------------------------------

    def blocks(self) -> Iterator[SourceBlock]:
        """Every source with its claims; the registries are complete when this is exhausted."""
        left = self.claims
        index = 0
        number = 0
        while left > 0:
            meeting = self._meeting(number)
            number += 1
            for _ in range(self.rng.between(1, MAX_SOURCES_PER_MEETING)):
                if left == 0:
                    break
                count = min(self.rng.between(1, MAX_CLAIMS_PER_SOURCE), left)
                yield self._source(index, meeting, count)
                index += 1
                left -= count
            self._finish(meeting)
        self._finished = True

    def registries(self) -> Registries:
        """The tables that depend on all sources; call after `blocks()` is exhausted."""
        if not self._finished:
            raise RuntimeError("registries() needs every block generated first")
        affiliations = self._affiliations()
        tombstones = self._tombstones()
        return Registries(
            actors=self.actors.rows(),
            affiliations=affiliations,
            meetings=sorted(self._meetings, key=lambda r: str(r["id"])),
            participants=sorted(
                self._participants, key=lambda r: (r["meeting_id"], r["actor_id"], r["role"])
            ),
            claim_relations=sorted(
                self._relations, key=lambda r: (r["claim_id"], r["other_claim_id"], r["relation"])
            ),
            tombstones=tombstones,
        )

    # -- meetings ----------------------------------------------------------------------------

    def _unique(self, base: str) -> str:
        candidate, n = base, 1
        while candidate in self._ids:
            n += 1
            candidate = f"{base}-{n}"
        self._ids.add(candidate)
        return candidate

    def _meeting(self, number: int) -> _Meeting:
        rng = self.rng
        online = rng.random() < 0.08
        city, country = (None, None) if online else rng.choice(V.VENUES)
        series, kind = rng.choice(V.SERIES) if rng.random() < 0.7 and not online else (None, "meeting")
        if online:
            kind = "online_conference"
        elif series is None and rng.random() < 0.3:
            kind = "visit"
        status = rng.pick(_STATUS)
        span_days = (D.LAST_DAY - D.FIRST_DAY).days - 60
        day = D.FIRST_DAY + dt.timedelta(days=30 + rng.below(span_days))
        date = self._meeting_date(day)
        first_day, last_day = date["start"], date["end"]
        month = f"{V.GREGORIAN_MONTHS[first_day.month - 1]} {first_day.year}"
        edition = None
        if series is not None:
            self._per_series[series] += 1
            n = self._per_series[series]
            edition = V.ORDINALS[n - 1] if n <= len(V.ORDINALS) else f"{n}th"
            title = f"{series} in {city}, {month}"
        elif online:
            title = f"Online conference of Afghan opposition figures, {month}"
        else:
            title = f"Meeting of Afghan opposition figures in {city}, {month}"
        place = slug(city) if city else "online"
        meeting_id = self._unique(f"mtg-{place}-{first_day.year}-{first_day.month:02d}")
        state = self.actors.state(_STATE_BY_CODE[country]) if country else None
        previous = self._meetings[-1] if self._meetings and kind == "visit" else None
        row: Row = {
            "id": meeting_id,
            "title": title,
            "kind": kind,
            "series": series,
            "edition": edition,
            "status": status,
            **flat("date", date),
            "city": city,
            "country": country,
            "online": online,
            "part_of_id": previous["id"] if previous is not None and rng.random() < 0.2 else None,
            "description": (
                f"A {kind.replace('_', ' ')} of Afghan opposition figures and foreign envoys"
                + (f" in {city}" if city else " held online")
                + ", as the sources describe it."
            ),
            "source_ids": [],
            "distinct_from": [],
            "notes": None,
        }
        self._meetings.append(row)
        self._tell_apart(row, first_day, last_day, place)
        participants = self._participants_of(status)
        people = [actor for actor, _ in participants if actor.kind == "person"]
        return _Meeting(row, status == "held", first_day, last_day, city, state, participants, people)

    def _tell_apart(self, row: Row, first_day: dt.date, last_day: dt.date, place: str) -> None:
        """List as `distinct_from` the earlier meetings at the same place whose dates overlap, as
        curators do: they share participants by chance and would otherwise look like one
        meeting recorded twice."""
        months = sorted({(first_day.year, first_day.month), (last_day.year, last_day.month)})
        overlapping = {
            str(other["id"])
            for year, month in months
            for other, start, end in self._by_place_month[(place, year, month)]
            if start <= last_day and end >= first_day
        }
        row["distinct_from"] = sorted(overlapping)
        for year, month in months:
            self._by_place_month[(place, year, month)].append((row, first_day, last_day))

    def _meeting_date(self, day: dt.date) -> D.DateParts:
        style = self.rng.pick(_MEETING_DATE)
        if style == "solar":
            return D.hijri_day(Calendar.solar_hijri, day, inferred=self.rng.random() < 0.6)
        if style == "lunar":
            return D.hijri_day(Calendar.lunar_hijri, day, inferred=False)
        if style == "range":
            return D.span(day, day + dt.timedelta(days=self.rng.between(1, 2)))
        if style == "month":
            return D.month_of(day)
        if style == "solar_month":
            return D.hijri_month(Calendar.solar_hijri, day)
        if style == "week":
            return D.week_named(day)
        return D.stated_day(day)

    def _participants_of(self, status: str) -> list[tuple[Actor, str]]:
        rng = self.rng
        people: list[tuple[Actor, str]] = []
        for position in range(rng.between(2, 5)):
            person = self.actors.person(self._person_cursor)
            self._person_cursor += 1
            if status in {"planned", "postponed", "cancelled"}:
                role = "declined" if status == "cancelled" and position == 1 else "invited"
            elif position == 0:
                role = rng.choice(("delegation_head", "speaker", "keynote"))
            else:
                role = rng.choice(("attendee", "attendee", "speaker", "observer"))
            if all(p.id != person.id for p, _ in people):
                people.append((person, role))
        if rng.random() < 0.3:
            people.append((self.actors.organization(self._org_cursor), "organizer"))
            self._org_cursor += 1
        return people

    def _finish(self, meeting: _Meeting) -> None:
        row = meeting.row
        row["source_ids"] = list(meeting.sources)
        for actor, role in meeting.participants:
            self._participants.append(
                {
                    "meeting_id": row["id"],
                    "actor_id": actor.id,
                    "role": role,
                    "source_ids": meeting.sources[:3],
                    "note": None,
                }
            )
        claims = meeting.first_claims
        for later, earlier in zip(claims[1:], claims, strict=False):
            relation = self.rng.choice(("contradicts", "supports", "repeats", "updates"))
            self._relations.append(
                {
                    "claim_id": later,
                    "other_claim_id": earlier,
                    "relation": relation,
                    "note": f"Both report on {row['id']}; the later account {relation} the earlier one.",
                }
            )

    # -- sources and claims -------------------------------------------------------------------

    def _source(self, index: int, meeting: _Meeting, count: int) -> SourceBlock:
        rng = self.rng
        anonymous = rng.random() < 0.03
        publisher = None if anonymous else self.actors.outlet(self._outlet_cursor + rng.below(3))
        self._outlet_cursor += 1
        kind = rng.pick(_SOURCE_KIND)
        authors: list[Actor] = []
        if not anonymous and (kind == "op_ed" or rng.random() < 0.45):
            authors = [self.actors.person(rng.below(self.actors.n_persons))]
        if meeting.held or meeting.row["status"] == "unconfirmed":
            day = meeting.last_day + dt.timedelta(days=rng.between(1, 20))
        else:
            day = meeting.first_day - dt.timedelta(days=rng.between(3, 30))
        published = self._published(day)
        outlet_slug = slug(publisher.name) if publisher else "unknown"
        source_id = self._unique(f"src-{outlet_slug}-{day.isoformat()}")
        dateline_city = meeting.city or "Kabul"
        city = meeting.city or rng.choice(V.VENUES)[0]
        state = meeting.state or self.actors.state(rng.choice(V.STATES)[0])
        fills = {
            "city": city,
            "state": state.name,
            "province": "",
            "series": meeting.row["series"] or "talks",
        }
        title = T.capital(rng.choice(V.HEADLINES).format(**fills))
        paragraphs = [title]
        if published["precision"] == "day":
            paragraphs.append(f"{dateline_city}, {published['as_written']}")
        paragraphs.append(self._who_took_part(meeting, source_id))
        claims: list[Row] = []
        stem = source_id.removeprefix("src-")
        for number in range(1, count + 1):
            fills["province"] = rng.choice(V.PROVINCES)
            context = _Context(source_id, meeting, publisher, authors, published, fills)
            claim, paragraph = self._claim(f"clm-{stem}-{number:03d}", context)
            claims.append(claim)
            paragraphs.append(paragraph)
        text = "\n\n".join(paragraphs) + "\n"
        meeting.sources.append(source_id)
        meeting.first_claims.append(claims[0]["id"])
        source: Row = {
            "id": source_id,
            "title": title,
            "publisher_id": self.actors.use(publisher) if publisher else None,
            "author_ids": [self.actors.use(a) for a in authors],
            "url": (  # `.test` is reserved for testing and is not an example placeholder
                f"https://{outlet_slug}.test/{day:%Y/%m/%d}/{index}-{slug(title)}"
                if rng.random() < 0.8
                else None
            ),
            "kind": kind,
            "language": "en",
            "original_language": rng.pick(_ORIGINAL_LANGUAGE),
            **flat("published", published),
            "retrieved": day + dt.timedelta(days=rng.between(0, 30)) if rng.random() < 0.6 else None,
            "archived_as": f"{index:06d}_{rng.bits(64):016x}.txt" if rng.random() < 0.5 else None,
            "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "snapshot_note": rng.choice(
                (
                    "Removed the site navigation and the comment form.",
                    "Removed the list of related articles.",
                    "Nothing removed.",
                )
            ),
            "notes": "No outlet or author on the page." if anonymous else None,
        }
        return SourceBlock(index, source, claims, text)

    def _published(self, day: dt.date) -> D.DateParts:
        style = self.rng.pick(_PUBLISHED)
        if style == "solar":
            return D.hijri_day(Calendar.solar_hijri, day, inferred=False)
        if style == "dateline":
            note = "The page shows the dateline only; the year is the one of the events it reports."
            return D.parts(day, day, "day", "inferred", D.written(day).rsplit(" ", 1)[0], note=note)
        if style == "week":
            monday = day - dt.timedelta(days=day.weekday())
            note = "No date on the page; the week follows from the events it reports as past."
            return D.parts(
                monday, monday + dt.timedelta(days=6), "week", "inferred", "no date on the page", note=note
            )
        return D.stated_day(day)

    def _spell(self, actor: Actor, source_id: str) -> str:
        spellings = actor.spellings
        choice = (
            spellings[0] if len(spellings) == 1 or self.rng.random() < 0.7 else self.rng.choice(spellings)
        )
        return self.actors.mention(actor, choice, source_id)

    def _who_took_part(self, meeting: _Meeting, source_id: str) -> str:
        people = [self._spell(a, source_id) for a, role in meeting.participants if role != "organizer"]
        held = meeting.held or meeting.row["status"] == "unconfirmed"
        sentence = (
            f"{'Among those taking part were' if held else 'Those invited include'} {T.listing(people)}."
        )
        organizers = [self._spell(a, source_id) for a, role in meeting.participants if role == "organizer"]
        if organizers:
            sentence += f" The meeting {'was' if held else 'is'} organised by {organizers[0]}."
        if meeting.city is None:
            sentence += " It took place online." if held else " It is to take place online."
        return sentence

    def _claim(self, claim_id: str, context: _Context) -> tuple[Row, str]:
        rng = self.rng
        source_id, meeting, publisher = context.source_id, context.meeting, context.publisher
        authors, published, fills = context.authors, context.published, context.fills
        statement, predicate, topics = rng.choice(V.STATEMENTS)
        statement, predicate = statement.format(**fills), predicate.format(**fills)
        people = meeting.people
        owner = authors[0] if authors else publisher
        quote_kind = rng.pick(_QUOTE_KIND)
        via: list[str] = []
        note = None
        speaker: Actor | None = rng.choice(people)
        if quote_kind == "editorial":
            speaker = owner
            passage = T.editorial(rng.choice(V.EDITORIAL_SENTENCES).format(**fills))
            topics = ("meeting_outcome",)
            summary = f"The {'author' if authors else 'outlet'} comments on the meeting."
            if owner is None:
                summary = "The page comments on the meeting."
        elif rng.random() < 0.02:
            speaker = None
            quote_kind = "direct"
            passage = T.unnamed(statement)
            note = "The source credits the statement to an unnamed participant."
            summary = f"An unnamed participant {predicate}."
        else:
            assert speaker is not None
            spelling = self._spell(speaker, source_id)
            if quote_kind == "direct":
                verb = rng.choice(V.ATTRIBUTION_VERBS)
                passage = T.direct(spelling, verb, statement, with_attribution=rng.random() < 0.5)
            elif quote_kind == "indirect":
                relay = self.actors.outlet(rng.below(self.actors.n_outlets)) if rng.random() < 0.3 else None
                if relay is not None and relay is not publisher:
                    via = [self.actors.use(relay)]
                passage = T.indirect(spelling, relay.name if via and relay else None, statement)
            else:
                passage = T.paraphrase(spelling, predicate)
            summary = f"{speaker.name} {predicate}."
        about: list[str] = []
        roll = rng.random()
        if roll < 0.5 and meeting.state is not None:
            about = [self.actors.use(meeting.state)]
        elif roll < 0.65:
            about = [self.actors.use(self.actors.government())]
        elif roll < 0.72:
            about = [self.actors.use(self.actors.international(rng.choice(V.INTERNATIONAL)))]
        row: Row = {
            "id": claim_id,
            "source_id": source_id,
            "speaker_id": self.actors.use(speaker) if speaker is not None else None,
            "via_ids": via,
            "quote": passage.quote,
            "quote_kind": quote_kind,
            "summary": summary,
            "meeting_ids": [meeting.row["id"]] if rng.random() < 0.85 else [],
            "about_ids": about,
            **flat("stated", self._stated(meeting, published)),
            "topics": list(topics),
            "note": note,
        }
        return row, passage.paragraph

    def _stated(self, meeting: _Meeting, published: D.DateParts) -> D.DateParts | None:
        rng = self.rng
        roll = rng.random()
        day: dt.date = published["start"]
        before = day - dt.timedelta(days=rng.between(1, 6))
        if roll < 0.2 and meeting.held:
            return {k: meeting.row[f"date_{k}"] for k in DATE_PARTS}
        if roll < 0.35:
            return D.weekday_before(before, day)
        if roll < 0.45:
            return D.stated_day(before)
        if roll < 0.52:
            return D.hijri_day(Calendar.solar_hijri, before, inferred=False)
        if roll < 0.55:
            return D.week_of(day - dt.timedelta(days=7), day)
        return None

    # -- registries ---------------------------------------------------------------------------

    def _affiliations(self) -> list[Row]:
        rng = Dice(f"afghan-dialogues-synth:{self.seed}:affiliations")
        rows: list[Row] = []
        cursor = 0
        for actor in sorted(self.actors.by_id.values(), key=lambda a: a.id):
            if actor.kind != "person" or not actor.used or rng.random() < 0.3:
                continue
            named = self.actors.named_in(actor.id)
            if not named:
                continue
            if rng.random() < 0.15:
                organization = self.actors.government()
                role, role_kind = rng.choice(V.GOVERNMENT_ROLES)
            else:
                organization = self.actors.organization(cursor)
                cursor += 1
                role, role_kind = rng.choice(V.AFFILIATION_ROLES)
            start = D.FIRST_DAY + dt.timedelta(days=rng.below(400))
            period = D.since(start) if rng.random() < 0.4 else None
            rows.append(
                {
                    "actor_id": actor.id,
                    "organization_id": self.actors.use(organization),
                    "role": role,
                    "role_kind": role_kind,
                    **flat("period", period),
                    "source_ids": named[:2],
                    "note": None,
                }
            )
        return rows

    def _tombstones(self) -> list[Row]:
        rows: list[Row] = []
        persons = [
            a for a in sorted(self.actors.by_id.values(), key=lambda a: a.id) if a.kind == "person" and a.used
        ]
        count = max(1, len(persons) // 400)
        for actor in persons[:: max(1, len(persons) // count)][:count]:
            retired = f"act-{slug(actor.spellings[-1])}"
            if retired in self.actors.by_id or retired == actor.id:
                continue
            rows.append(
                {
                    "id": retired,
                    "reason": "merged",
                    "merged_into": actor.id,
                    "retired_in": VERSION,
                    "note": "Transliteration variant of the same person, created twice and merged.",
                }
            )
        return sorted(rows, key=lambda r: str(r["id"]))
