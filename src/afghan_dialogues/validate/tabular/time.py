"""Dates against the calendar of the world: nothing published or held in the future, no
statement after the report quoting it, no held meeting after a report of it.

The first is a check of one row (run on each batch); the others join claims and meetings to the
publication dates of valid sources, as `validate.dates` does record by record.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.enums import MeetingStatus
from afghan_dialogues.findings import Finding
from afghan_dialogues.validate.tabular.cells import Checked
from afghan_dialogues.validate.tabular.located import report, rows_where, values_at
from afghan_dialogues.validate.tabular.store import Kept

Tables = dict[str, Kept]
_HELD = MeetingStatus.held.value


def check_future(checked: Checked, today: dt.date) -> list[Finding]:
    """Sources published, and held meetings dated, after today (one batch)."""
    name = checked.place.table.name
    columns = checked.columns
    if name == "sources":
        start = columns["published_start"]
        late = pc.and_(checked.valid, pc.greater(start, pa.scalar(today, pa.date32())))
        hint = "check the year and the calendar"
        rows = rows_where(late)
        messages = [f"published {d}, after today ({today})" for d in values_at(start, rows)]
        return report(
            checked.place, columns, rows, F.TIME_FUTURE, field="published_start", messages=messages, hint=hint
        )
    if name == "meetings":
        start = columns["date_start"]
        held = pc.equal(columns["status"], _HELD)
        late = pc.and_(pc.and_(checked.valid, held), pc.greater(start, pa.scalar(today, pa.date32())))
        rows = rows_where(late)
        messages = [f"held meeting dated {d}, after today" for d in values_at(start, rows)]
        hint = "a future meeting has status 'planned'"
        return report(
            checked.place, columns, rows, F.TIME_FUTURE, field="date_start", messages=messages, hint=hint
        )
    return []


def _published_end(tables: Tables, source_ids: Any) -> Any:
    """End of publication of the source each id names (the first valid source with that id)."""
    sources = tables["sources"]
    rows = pa.array(rows_where(sources.valid), type=pa.int64())
    ids = sources.columns["id"].take(rows)
    ends = sources.columns["published_end"].take(rows)
    return pc.take(ends, pc.index_in(source_ids, value_set=ids))


def check_time(tables: Tables) -> list[Finding]:
    """Claims stated after their source was published; held meetings after their reports."""
    out: list[Finding] = []
    claims = tables["claims"]
    said = claims.columns["stated_start"]
    published = _published_end(tables, claims.columns["source_id"])
    late = pc.and_(claims.valid, pc.greater(said, published))
    rows = rows_where(late)
    out += report(
        claims.place(),
        claims.columns,
        rows,
        F.TIME_STATED_AFTER_PUBLISHED,
        field="stated_start",
        messages=[
            f"stated {s}, after {source} was published ({p})"
            for s, source, p in zip(
                values_at(said, rows),
                values_at(claims.columns["source_id"], rows),
                values_at(published, rows),
                strict=True,
            )
        ],
        hint="check the year, the calendar and relative dates",
    )
    meetings = tables["meetings"]
    held = pc.and_(meetings.valid, pc.equal(meetings.columns["status"], _HELD))
    held_rows = pa.array(
        rows_where(pc.and_(held, pc.is_valid(meetings.columns["date_start"]))), type=pa.int64()
    )
    lists = meetings.columns["source_ids"].take(held_rows)
    parents = pc.list_parent_indices(lists)
    owner_rows = pc.take(held_rows, parents)
    start = pc.take(meetings.columns["date_start"].take(held_rows), parents)
    sources = pc.list_flatten(lists)
    reported = _published_end(tables, sources)
    hits = rows_where(pc.greater(start, reported))
    out += report(
        meetings.place(),
        meetings.columns,
        [int(r) for r in values_at(owner_rows, hits)],
        F.TIME_HELD_AFTER_REPORT,
        field="source_ids",
        messages=[
            f"held from {s}, after {source} reported it ({p})"
            for s, source, p in zip(
                values_at(start, hits), values_at(sources, hits), values_at(reported, hits), strict=True
            )
        ],
        hint="a date after the report is usually a misread calendar or year",
    )
    return out
