"""Meetings: one gathering, one record; and the sources of a meeting are the ones that speak of it.

**Likely duplicates.** The same talks are easily recorded twice, from two articles or twice
from one. Two meetings are reported as a likely duplicate (a warning on the later record,
naming the first) when all of these hold:
- their kinds are compatible (`COMPATIBLE_KINDS`: a round of talks may be reported as a
  meeting, a conference or part of a visit; an online conference is only ever an online
  conference);
- their dates overlap. A missing bound is open: a meeting dated only "before 9 September 2023"
  overlaps everything before that day, because the evidence does not rule it out. A meeting
  with no bound at all is not compared (there is nothing to compare);
- their places agree: both online; or the same city (and the same country when both give one);
  or, when one gives no city, the same country. A meeting with no place at all (no city, no
  country, not online) agrees with any place, for the same reason as an open bound;
- they share a participant (any role) or a source;
- neither lists the other in `distinct_from`, and neither is part of the other (`part_of_id`,
  followed up the chain): talks held during a visit are not the visit. Two talks within one
  visit can still be one meeting recorded twice, so siblings are compared.
Candidates are found per shared source and per shared participant, sorted by date, so only
pairs that share something and overlap in time are looked at.

**Evidence.** A meeting's `source_ids` list every source whose claims point at it (the claim
is about the meeting, so its source describes it). A participation's sources must say
something about its meeting: each is among the meeting's sources or has a claim about the
meeting (then the meeting misses the source, and that is the finding). Affiliations carry no
meeting, so nothing ties them to one. The claims side is vectorised: one (meeting, source) key
per claim and meeting, tested against the meetings' keys in one pass.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyarrow.compute as pc

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.enums import MeetingKind
from afghan_dialogues.findings import Finding
from afghan_dialogues.validate.checked import Checked, item_index, list_items, positions

_K = MeetingKind
COMPATIBLE_KINDS: dict[str, frozenset[str]] = {
    kind.value: frozenset(other.value for other in others)
    for kind, others in (
        (_K.conference, (_K.conference, _K.meeting, _K.talks)),
        (_K.meeting, (_K.meeting, _K.conference, _K.talks, _K.visit)),
        (_K.talks, (_K.talks, _K.meeting, _K.conference, _K.visit)),
        (_K.visit, (_K.visit, _K.meeting, _K.talks)),
        (_K.online_conference, (_K.online_conference,)),
    )
}
"""Kinds under which one gathering may be recorded by different sources (symmetric)."""

_SEPARATOR = "\x1f"
_SHOWN = 3


def check_meetings(t: Checked) -> list[Finding]:
    """Likely duplicate meetings; sources missing from the meetings their claims are about;
    participations cited to sources that say nothing about the meeting."""
    return [*_duplicates(t), *_evidence(t)]


@dataclass(frozen=True)
class _Meeting:
    row: int
    id: str
    kind: str
    start: dt.date | None
    end: dt.date | None
    city: str | None
    country: str | None
    online: bool
    distinct: frozenset[str]

    @property
    def placeless(self) -> bool:
        return self.city is None and self.country is None and not self.online


def _meetings(t: Checked) -> list[_Meeting]:
    columns = ("id", "kind", "date_start", "date_end", "city", "country", "online", "distinct_from")
    return [
        _Meeting(
            row,
            mid,
            kind,
            start,
            end,
            city.casefold().strip() if city else None,
            country,
            bool(online),
            frozenset(distinct or ()),
        )
        for row, (mid, kind, start, end, city, country, online, distinct) in enumerate(
            zip(*(t.values("meetings", c) for c in columns), strict=True)
        )
    ]


def same_place(a: _Meeting, b: _Meeting) -> bool:
    """Whether the places of two meetings may be one place (see the module docstring)."""
    if a.placeless or b.placeless:
        return True
    if a.online or b.online:
        return a.online and b.online
    if a.country is not None and b.country is not None and a.country != b.country:
        return False
    if a.city is not None and b.city is not None:
        return a.city == b.city
    return a.country is not None and b.country is not None


def _ancestors(t: Checked) -> dict[str, set[str]]:
    parent = {
        mid: up
        for mid, up in zip(t.values("meetings", "id"), t.values("meetings", "part_of_id"), strict=True)
        if up
    }
    out: dict[str, set[str]] = {}
    for mid in parent:
        seen: set[str] = set()
        up = parent.get(mid)
        while up is not None and up not in seen:
            seen.add(up)
            up = parent.get(up)
        out[mid] = seen
    return out


def _overlapping(members: Iterable[_Meeting]) -> Iterable[tuple[_Meeting, _Meeting]]:
    """Pairs of meetings whose date intervals overlap (open bounds overlap), by a sweep."""
    ordered = sorted(members, key=lambda m: (m.start or dt.date.min, m.row))
    active: list[_Meeting] = []
    for meeting in ordered:
        if meeting.start is not None:
            active = [a for a in active if a.end is None or a.end >= meeting.start]
        for earlier in active:
            yield earlier, meeting
        active.append(meeting)


def _duplicates(t: Checked) -> list[Finding]:
    meetings = _meetings(t)
    dated = {m.row for m in meetings if m.start is not None or m.end is not None}
    row_of = {m.id: m.row for m in reversed(meetings)}
    shared: dict[tuple[str, str], set[int]] = defaultdict(set)
    for meeting, sources in zip(meetings, t.values("meetings", "source_ids"), strict=True):
        for source in sources or ():
            shared[("source", source)].add(meeting.row)
    for mid, actor in zip(
        t.values("participants", "meeting_id"), t.values("participants", "actor_id"), strict=True
    ):
        if mid in row_of:
            shared[("participant", actor)].add(row_of[mid])
    common: dict[tuple[int, int], list[tuple[str, str]]] = defaultdict(list)
    for key, members in shared.items():
        candidates = members & dated
        if len(candidates) > 1:
            for a, b in _overlapping(meetings[row] for row in candidates):
                common[(min(a.row, b.row), max(a.row, b.row))].append(key)
    if not common:
        return []
    ancestors = _ancestors(t)
    out: list[Finding] = []
    for (first_row, later_row), keys in sorted(common.items()):
        first, later = meetings[first_row], meetings[later_row]
        if (
            first.id == later.id  # one id twice is identity/duplicate-id
            or later.kind not in COMPATIBLE_KINDS.get(first.kind, ())
            or not same_place(first, later)
            or first.id in later.distinct
            or later.id in first.distinct
            or first.id in ancestors.get(later.id, ())
            or later.id in ancestors.get(first.id, ())
        ):
            continue
        out.append(
            t.finding(
                "meetings",
                later.row,
                F.TRUTH_DUPLICATE_MEETING,
                f"'{later.id}' may be the same {later.kind.replace('_', ' ')} as '{first.id}': "
                f"dates overlap, places agree, {_shared(keys)}",
                "id",
                hint=f"'{first.id}' is at {t.where('meetings', first.row)}: merge the two (keep one id, "
                f"retire the other with a tombstone), or list '{first.id}' in distinct_from if they "
                "are different gatherings",
            )
        )
    return out


def _shared(keys: list[tuple[str, str]]) -> str:
    sources = sorted(v for k, v in keys if k == "source")
    people = sorted(v for k, v in keys if k == "participant")
    parts = []
    if sources:
        parts.append("both cite " + ", ".join(sources[:_SHOWN]) + (" ..." if len(sources) > _SHOWN else ""))
    if people:
        parts.append("both list " + ", ".join(people[:_SHOWN]) + (" ..." if len(people) > _SHOWN else ""))
    return " and ".join(parts)


def _keys(meetings: Any, sources: Any) -> Any:
    return pc.binary_join_element_wise(meetings, sources, _SEPARATOR)


def _evidence(t: Checked) -> list[Finding]:
    meetings = t.tables["meetings"]
    live = meetings.column("id")
    listed_sources, listed_rows = list_items(meetings.column("source_ids"))
    listed = _keys(live.take(listed_rows), listed_sources)
    claims = t.tables["claims"]
    about, claim_rows = list_items(claims.column("meeting_ids"))
    claimed = _keys(about, claims.column("source_id").take(claim_rows))
    out: list[Finding] = []
    missing = pc.and_(pc.invert(pc.is_in(claimed, value_set=listed)), pc.is_in(about, value_set=live))
    hits = positions(missing)
    if hits:
        out += _unlisted(t, [str(claimed[i]) for i in hits], [int(claim_rows[i].as_py()) for i in hits])
    participants = t.tables["participants"]
    cited, cited_rows = list_items(participants.column("source_ids"))
    at = participants.column("meeting_id").take(cited_rows)
    silent = pc.and_(
        pc.and_(
            pc.invert(pc.is_in(_keys(at, cited), value_set=listed)),
            pc.invert(pc.is_in(_keys(at, cited), value_set=claimed)),
        ),
        pc.and_(pc.is_in(at, value_set=live), pc.is_in(cited, value_set=t.ids("sources"))),
    )
    hits = positions(silent)
    if hits:
        held_by = [int(cited_rows[i].as_py()) for i in hits]
        items = item_index(participants.column("source_ids"), held_by, hits)
        for flat, row, item in zip(hits, held_by, items, strict=True):
            source, meeting = str(cited[flat]), str(at[flat])
            out.append(
                t.finding(
                    "participants",
                    row,
                    F.TRUTH_PARTICIPATION_SOURCE,
                    f"{source} is cited for this participation but says nothing about {meeting}: the "
                    "meeting does not list it and none of its claims is about the meeting",
                    "source_ids",
                    hint=f"if {source} describes the meeting, add it to the source_ids of {meeting}; "
                    "otherwise remove it here",
                    item=item,
                )
            )
    return out


def _unlisted(t: Checked, keys: list[str], claim_rows: list[int]) -> list[Finding]:
    claim_ids = t.column("claims", "id")
    by_key: dict[str, list[str]] = defaultdict(list)
    for key, row in zip(keys, claim_rows, strict=True):
        by_key[key].append(str(claim_ids[row]))
    row_of = {mid: row for row, mid in reversed(list(enumerate(t.values("meetings", "id"))))}
    out: list[Finding] = []
    for key, claims in sorted(by_key.items()):
        meeting, source = key.split(_SEPARATOR)
        shown = ", ".join(claims[:_SHOWN]) + (
            f" and {len(claims) - _SHOWN} more" if len(claims) > _SHOWN else ""
        )
        out.append(
            t.finding(
                "meetings",
                row_of[meeting],
                F.TRUTH_MEETING_SOURCE,
                f"{source}'s claims point at this meeting but it does not list {source} ({shown})",
                "source_ids",
                hint=f"add {source} to source_ids, or correct the meeting_ids of {shown}",
            )
        )
    return out
