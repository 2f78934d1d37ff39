"""Lifetimes: no actor takes part, holds a role, speaks or relays before its birth or after its
death (for organizations: founding and end).

The commonest way to get this wrong is a namesake: a statement of Ahmad Massoud moved to his
father Ahmad Shah Massoud, killed in 2001. So a finding names the actor's namesakes who were
alive at the time (listed in `distinct_from` either way, or with a similar name), as the
likely intended actor.

Bounds are used conservatively: an event is after a death only when it surely is (its first day
after the last day the death can be) and before a birth only when its last day is before the
first day the birth can be. The events and their dates:
- a participation: the meeting's date;
- an affiliation: its period, for the actor and for the organization;
- a claim's speaker: the date `stated`; before birth, a claim without one was still spoken by its
  source's publication. A source published after a speaker's death may quote old words, so an
  undated claim is not "after death", but it is a warning of its own: the record must say when
  the words were said, or it likely means a namesake;
- a claim's intermediaries (`via_ids`): they relay the words on or after the statement, and by
  the source's publication, so after death is judged from `stated`, before birth from the
  publication.
Statements about an actor (`about_ids`) are not acts of the actor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from rapidfuzz import fuzz

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.enums import ActorKind
from afghan_dialogues.datamodel.normalize import name_key
from afghan_dialogues.findings import Finding
from afghan_dialogues.validate.checked import Checked, item_index, list_items, positions

Bounds = tuple[dt.date | None, dt.date | None]

_SIMILAR_NAME = 90
"""rapidfuzz token-set similarity (0-100) from which two names count as namesakes."""


@dataclass(frozen=True)
class Life:
    """One actor's recorded birth and death bounds."""

    actor: str
    name: str
    kind: str
    born: Bounds
    died: Bounds

    def after_death(self, event: Bounds) -> bool:
        """The event surely began after the death."""
        return event[0] is not None and self.died[1] is not None and event[0] > self.died[1]

    def before_birth(self, event: Bounds) -> bool:
        """The event surely ended before the birth."""
        return event[1] is not None and self.born[0] is not None and event[1] < self.born[0]

    def alive(self, event: Bounds) -> bool:
        return not (self.after_death(event) or self.before_birth(event))


def _dates(first: dt.date | None, last: dt.date | None) -> str:
    if first == last:
        return str(first)
    return f"{first or ''}..{last or ''}"


@dataclass
class Lives:
    """Every actor (for namesakes), and the bounds of those with a birth or a death."""

    t: Checked

    @cached_property
    def everyone(self) -> dict[str, Life]:
        t = self.t
        columns = ("id", "name", "kind", "born_start", "born_end", "died_start", "died_end")
        values = [t.values("actors", c) for c in columns]
        return {
            actor: Life(actor, name, kind, (b0, b1), (d0, d1))
            for actor, name, kind, b0, b1, d0, d1 in zip(*values, strict=True)
        }

    @cached_property
    def bounded(self) -> dict[str, Life]:
        """Actors with a birth or a death bound."""
        return {
            a: life
            for a, life in self.everyone.items()
            if life.born[0] is not None or life.died[1] is not None
        }

    @cached_property
    def ids(self) -> Any:
        return pa.array(sorted(self.bounded), pa.string())

    @cached_property
    def distinct(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for actor, others in zip(
            self.t.values("actors", "id"), self.t.values("actors", "distinct_from"), strict=True
        ):
            for other in others or ():
                out.setdefault(actor, set()).add(other)
                out.setdefault(other, set()).add(actor)
        return out

    def namesakes(self, life: Life, event: Bounds) -> list[str]:
        """Actors alive at the event whom the record may have meant: `distinct_from` first,
        then the most similar names of the same kind."""
        listed = [a for a in sorted(self.distinct.get(life.actor, ())) if a in self.everyone]
        key = name_key(life.name)
        scored = sorted(
            (-fuzz.token_set_ratio(key, name_key(other.name)), other.actor)
            for other in self.everyone.values()
            if other.actor != life.actor and other.kind == life.kind and other.actor not in listed
        )
        similar = [actor for score, actor in scored if -score >= _SIMILAR_NAME]
        return [a for a in (*listed, *similar) if self.everyone[a].alive(event)][:2]

    def finding(
        self,
        table: str,
        row: int,
        column: str,
        life: Life,
        *,
        event: Bounds,
        act: str,
        item: int | None = None,
    ) -> Finding:
        """The finding for one act outside a lifetime: both dates, and the namesakes."""
        person = life.kind == ActorKind.person.value
        if life.after_death(event):
            code, what = F.TRUTH_AFTER_DEATH, ("died" if person else "ended")
            when = _dates(*life.died)
        else:
            code, what = F.TRUTH_BEFORE_BIRTH, ("was born" if person else "was founded")
            when = _dates(*life.born)
        namesakes = self.namesakes(life, event)
        message = f"{life.name} ({life.actor}) {what} {when}, but {act}"
        if namesakes:
            message += f"; did you mean {' or '.join(namesakes)}?"
            hint = (
                f"if the record means {' or '.join(namesakes)}, point it there; "
                "otherwise check the year of the event and of the "
                + ("death" if code == F.TRUTH_AFTER_DEATH else "birth")
            )
        else:
            hint = (
                "check the year of the event and of the "
                + ("death" if code == F.TRUTH_AFTER_DEATH else "birth")
                + ", and whether the record means another actor"
            )
        return self.t.finding(table, row, code, message, column, hint=hint, item=item)


def check_lifetimes(t: Checked) -> list[Finding]:
    """Participations, affiliations, speakers and intermediaries against birth and death."""
    given = [t.column("actors", c) for c in ("born_start", "died_end")]
    if all(column.null_count == len(column) for column in given):
        return []
    lives = Lives(t)
    return [*_participations(lives), *_affiliations(lives), *_claims(lives)]


def _undated_words(lives: Lives, row: int, life: Life, published: dt.date) -> Finding:
    """An undated statement by an actor who had died before the source was published: the source
    may quote old words, but far more often the record means a namesake."""
    namesakes = lives.namesakes(life, (published, published))
    message = (
        f"{life.name} ({life.actor}) died {_dates(*life.died)}, before this claim's source was "
        f"published ({published}), and the claim does not say when the words were said"
    )
    if namesakes:
        message += f"; did you mean {' or '.join(namesakes)}?"
    hint = (
        "if the source quotes words said while alive, record when in `stated`; otherwise correct the speaker"
    )
    return lives.t.finding("claims", row, F.TRUTH_UNDATED_WORDS_OF_THE_DEAD, message, "speaker_id", hint=hint)


def _rows(t: Checked, table: str, rows: list[int], *columns: str) -> list[tuple[Any, ...]]:
    """Some columns of some rows, as Python values."""
    picked = pa.array(rows, pa.int64())
    values = [t.column(table, c).take(picked).to_pylist() for c in columns]
    return list(zip(*values, strict=True))


def _participations(lives: Lives) -> list[Finding]:
    t = lives.t
    rows = positions(pc.is_in(t.column("participants", "actor_id"), value_set=lives.ids))
    if not rows:
        return []
    meetings = {
        m: (start, end)
        for m, start, end in zip(
            t.values("meetings", "id"),
            t.values("meetings", "date_start"),
            t.values("meetings", "date_end"),
            strict=True,
        )
    }
    out: list[Finding] = []
    for row, (actor, meeting, role) in zip(
        rows, _rows(t, "participants", rows, "actor_id", "meeting_id", "role"), strict=True
    ):
        event = meetings.get(meeting, (None, None))
        life = lives.bounded[actor]
        if not life.alive(event):
            act = f"is recorded as {role} of {meeting}, dated {_dates(*event)}"
            out.append(lives.finding("participants", row, "actor_id", life, event=event, act=act))
    return out


def _affiliations(lives: Lives) -> list[Finding]:
    t = lives.t
    out: list[Finding] = []
    columns = ("actor_id", "organization_id", "role", "period_start", "period_end")
    for column in ("actor_id", "organization_id"):
        rows = positions(pc.is_in(t.column("affiliations", column), value_set=lives.ids))
        for row, (member, organization, role, first, last) in zip(
            rows, _rows(t, "affiliations", rows, *columns), strict=True
        ):
            life = lives.bounded[member if column == "actor_id" else organization]
            if life.alive((first, last)):
                continue
            if column == "actor_id":
                act = f"is recorded as {role} of {organization} during {_dates(first, last)}"
            else:
                act = f"{member} is recorded as its {role} during {_dates(first, last)}"
            out.append(lives.finding("affiliations", row, column, life, event=(first, last), act=act))
    return out


def _claims(lives: Lives) -> list[Finding]:
    t = lives.t
    claims = t.tables["claims"]
    speakers = positions(pc.is_in(claims.column("speaker_id"), value_set=lives.ids))
    items, parents = list_items(claims.column("via_ids"))
    flat = positions(pc.is_in(items, value_set=lives.ids))
    if not speakers and not flat:
        return []
    sources = t.tables["sources"]
    published = dict(zip(t.values("sources", "id"), sources.column("published_end").to_pylist(), strict=True))

    def facts(row: int) -> tuple[dt.date | None, dt.date | None, dt.date | None]:
        stated = (claims.column("stated_start")[row].as_py(), claims.column("stated_end")[row].as_py())
        return stated[0], stated[1], published.get(claims.column("source_id")[row].as_py())

    out: list[Finding] = []
    for row in speakers:
        life = lives.bounded[claims.column("speaker_id")[row].as_py()]
        first, last, by = facts(row)
        if first is None and last is None and by is not None and life.after_death((by, by)):
            out.append(_undated_words(lives, row, life, by))
            continue
        spoken: Bounds = (first, last if last is not None else by)
        if not life.alive(spoken):
            act = (
                f"is recorded as speaking on {_dates(first, last)}"
                if first is not None or last is not None
                else f"is recorded as the speaker of a statement its source published by {by}"
            )
            out.append(lives.finding("claims", row, "speaker_id", life, event=spoken, act=act))
    parent_rows = parents.take(pa.array(flat, pa.int64())).to_pylist() if flat else []
    indexes = item_index(claims.column("via_ids"), parent_rows, flat)
    for row, position, index in zip(parent_rows, flat, indexes, strict=True):
        life = lives.bounded[items[position].as_py()]
        first, _, by = facts(row)
        relayed: Bounds = (first, by)
        if not life.alive(relayed):
            act = (
                f"is recorded as relaying a statement made on {_dates(*facts(row)[:2])}"
                if life.after_death(relayed)
                else f"is recorded as relaying a statement its source published by {by}"
            )
            out.append(lives.finding("claims", row, "via_ids", life, event=relayed, act=act, item=index))
    return out
