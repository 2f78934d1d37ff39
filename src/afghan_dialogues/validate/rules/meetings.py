"""Meetings: one gathering, one record; and the sources of a meeting are the ones that speak of it.

**Likely duplicates.** The same talks are easily recorded twice, from two articles or twice
from one. Two meetings are reported as a likely duplicate (a warning on the later record, in
the order of the input as `identity/duplicate-id` counts it: file order for records, row order for
a package; the hint names the first) when all of these hold:
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
Pairs are drawn by joining the meetings on what they share (a key that a few thousand meetings
share, such as a host state, is swept by date instead of joined, so it pairs only meetings
that overlap), and kinds, dates and places are compared over all pairs at once; Python sees only
the pairs that pass.

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
from typing import Any

import pyarrow as pa
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


_HUB = 256
"""Keys (a source, a participant) shared by more meetings than this are swept by date instead of
paired by a join, so that a host state at thousands of meetings stays linear."""


def _flat(values: Any) -> Any:
    return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values


def _keys(t: Checked) -> Any:
    """(row, key) of every dated meeting and each of its sources and participants, once."""
    meetings = t.tables["meetings"]
    sources, source_rows = list_items(meetings.column("source_ids"))
    participants = t.tables["participants"]
    rows = pa.concat_arrays(
        [
            _flat(source_rows).cast(pa.int64()),
            _flat(pc.index_in(participants.column("meeting_id"), value_set=meetings.column("id"))).cast(
                pa.int64()
            ),
        ]
    )
    keys = pa.concat_arrays(
        [
            _flat(pc.binary_join_element_wise("source", sources, _SEPARATOR)),
            _flat(pc.binary_join_element_wise("participant", participants.column("actor_id"), _SEPARATOR)),
        ]
    )
    dated = pc.or_(pc.is_valid(meetings.column("date_start")), pc.is_valid(meetings.column("date_end")))
    table = pa.table({"row": rows, "key": keys}).filter(pc.is_valid(rows))
    table = table.filter(_flat(dated).take(table.column("row")))
    return table.group_by(["row", "key"]).aggregate([])


def _pairs(t: Checked) -> Any:
    """(row, later row, shared keys) of meetings that share a key; hubs' pairs overlap in time."""
    keys = _keys(t)
    sizes = keys.group_by("key").aggregate([("row", "count")])
    shared = pc.filter(sizes.column("key"), pc.greater(sizes.column("row_count"), 1))
    hubs = pc.filter(sizes.column("key"), pc.greater(sizes.column("row_count"), _HUB))
    small = keys.filter(
        pc.and_(
            pc.is_in(keys.column("key"), value_set=shared),
            pc.invert(pc.is_in(keys.column("key"), value_set=hubs)),
        )
    )
    joined = small.join(small, keys="key", join_type="inner", right_suffix="_later")
    joined = joined.filter(pc.less(joined.column("row"), joined.column("row_later")))
    parts = [joined.select(["row", "row_later", "key"])]
    if len(hubs):
        parts.append(_hub_pairs(t, keys.filter(pc.is_in(keys.column("key"), value_set=hubs))))
    pairs = pa.concat_tables(parts)
    return pairs.group_by(["row", "row_later"]).aggregate([("key", "list")])


def _hub_pairs(t: Checked, keys: Any) -> Any:
    starts, ends = t.values("meetings", "date_start"), t.values("meetings", "date_end")
    by_key: dict[str, list[int]] = defaultdict(list)
    for row, key in zip(keys.column("row").to_pylist(), keys.column("key").to_pylist(), strict=True):
        by_key[key].append(row)
    out: dict[str, list[Any]] = {"row": [], "row_later": [], "key": []}
    for key, rows in by_key.items():
        active: list[int] = []
        for row in sorted(rows, key=lambda r: (starts[r] or dt.date.min, r)):
            if starts[row] is not None:
                active = [a for a in active if ends[a] is None or ends[a] >= starts[row]]
            for earlier in active:
                out["row"].append(min(earlier, row))
                out["row_later"].append(max(earlier, row))
                out["key"].append(key)
            active.append(row)
    return pa.table(
        out, schema=pa.schema([("row", pa.int64()), ("row_later", pa.int64()), ("key", pa.string())])
    )


def _at(table: Any, name: str, rows: Any) -> Any:
    return _flat(table.column(name)).take(rows)


def _comparable(t: Checked, pairs: Any) -> Any:
    """Which pairs have compatible kinds, overlapping dates and agreeing places."""
    meetings = t.tables["meetings"]
    a, b = pairs.column("row"), pairs.column("row_later")
    start_a, end_a = _at(meetings, "date_start", a), _at(meetings, "date_end", a)
    start_b, end_b = _at(meetings, "date_start", b), _at(meetings, "date_end", b)
    overlap = pc.and_(
        pc.fill_null(pc.less_equal(start_a, end_b), True), pc.fill_null(pc.less_equal(start_b, end_a), True)
    )
    allowed = pa.array(
        sorted(f"{k}{_SEPARATOR}{o}" for k, others in COMPATIBLE_KINDS.items() for o in others)
    )
    kinds = pc.is_in(
        pc.binary_join_element_wise(_at(meetings, "kind", a), _at(meetings, "kind", b), _SEPARATOR),
        value_set=allowed,
    )
    return pc.and_(pc.and_(overlap, kinds), _same_place(meetings, a, b))


def _same_place(meetings: Any, a: Any, b: Any) -> Any:
    """Vectorised `same_place`: both online; or one city (and country where both give one); or,
    when a city is missing, one country; or no place at all on one side."""
    city = pc.utf8_lower(pc.utf8_trim_whitespace(_flat(meetings.column("city"))))
    country, online = _flat(meetings.column("country")), _flat(pc.fill_null(meetings.column("online"), False))
    city_a, city_b = city.take(a), city.take(b)
    country_a, country_b = country.take(a), country.take(b)
    online_a, online_b = online.take(a), online.take(b)

    def placeless(c: Any, n: Any, o: Any) -> Any:
        return pc.and_(pc.and_(pc.is_null(c), pc.is_null(n)), pc.invert(o))

    countries_clash = pc.fill_null(pc.not_equal(country_a, country_b), False)
    both_countries = pc.and_(pc.is_valid(country_a), pc.is_valid(country_b))
    by_city = pc.if_else(
        pc.and_(pc.is_valid(city_a), pc.is_valid(city_b)),
        pc.fill_null(pc.equal(city_a, city_b), False),
        both_countries,
    )
    on_the_ground = pc.and_(
        pc.and_(pc.invert(online_a), pc.invert(online_b)), pc.and_(pc.invert(countries_clash), by_city)
    )
    return pc.or_(
        pc.or_(placeless(city_a, country_a, online_a), placeless(city_b, country_b, online_b)),
        pc.or_(pc.and_(online_a, online_b), on_the_ground),
    )


def _ancestors(t: Checked) -> dict[str, set[str]]:
    """The meetings each meeting is part of, up the `part_of_id` chain."""
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


def _duplicates(t: Checked) -> list[Finding]:
    pairs = _pairs(t)
    if pairs.num_rows == 0:
        return []
    pairs = pairs.filter(_comparable(t, pairs))
    if pairs.num_rows == 0:
        return []
    ids = t.values("meetings", "id")
    kinds = t.values("meetings", "kind")
    distinct = t.values("meetings", "distinct_from")
    ancestors = _ancestors(t)
    out: list[Finding] = []
    for first, later, keys in sorted(
        zip(
            pairs.column("row").to_pylist(),
            pairs.column("row_later").to_pylist(),
            pairs.column("key_list").to_pylist(),
            strict=True,
        )
    ):
        a, b = ids[first], ids[later]
        if (
            a == b  # one id twice is identity/duplicate-id
            or a in (distinct[later] or ())
            or b in (distinct[first] or ())
            or a in ancestors.get(b, ())
            or b in ancestors.get(a, ())
        ):
            continue
        out.append(
            t.finding(
                "meetings",
                later,
                F.TRUTH_DUPLICATE_MEETING,
                f"'{b}' may be the same {kinds[later].replace('_', ' ')} as '{a}': "
                f"dates overlap, places agree, {_shared(keys)}",
                "id",
                hint=f"'{a}' is at {t.where('meetings', first)}: merge the two (keep one id, "
                f"retire the other with a tombstone), or list '{a}' in distinct_from if they "
                "are different gatherings",
            )
        )
    return out


def _shared(keys: list[str]) -> str:
    split = [key.split(_SEPARATOR) for key in keys]
    sources = sorted(v for k, v in split if k == "source")
    people = sorted(v for k, v in split if k == "participant")
    parts = []
    if sources:
        parts.append("both cite " + ", ".join(sources[:_SHOWN]) + (" ..." if len(sources) > _SHOWN else ""))
    if people:
        parts.append("both list " + ", ".join(people[:_SHOWN]) + (" ..." if len(people) > _SHOWN else ""))
    return " and ".join(parts)


def _joined(meetings: Any, sources: Any) -> Any:
    return pc.binary_join_element_wise(meetings, sources, _SEPARATOR)


def _evidence(t: Checked) -> list[Finding]:
    meetings = t.tables["meetings"]
    live = meetings.column("id")
    listed_sources, listed_rows = list_items(meetings.column("source_ids"))
    listed = _joined(live.take(listed_rows), listed_sources)
    claims = t.tables["claims"]
    about, claim_rows = list_items(claims.column("meeting_ids"))
    claimed = _joined(about, claims.column("source_id").take(claim_rows))
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
            pc.invert(pc.is_in(_joined(at, cited), value_set=listed)),
            pc.invert(pc.is_in(_joined(at, cited), value_set=claimed)),
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
                    F.TRUTH_PARTICIPATION_SOURCE_SILENT,
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
                F.TRUTH_MEETING_SOURCE_MISSING,
                f"{source}'s claims point at this meeting but it does not list {source} ({shown})",
                "source_ids",
                hint=f"add {source} to source_ids, or correct the meeting_ids of {shown}",
            )
        )
    return out
