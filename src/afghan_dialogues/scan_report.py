"""`scan` output: a reading list for a person, or JSON for tools and tests."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from afghan_dialogues.paths import display_path
from afghan_dialogues.scan import ADD_SOURCE, ADD_SPELLING, DATE_WINDOW, RECORDED, ScanResult


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _span(start: dt.date | None, end: dt.date | None) -> str:
    first, last = _day(start) or "?", _day(end) or "?"
    return first if first == last else f"{first}..{last}"


def _lines(lines: tuple[int, ...]) -> str:
    return ("line " if len(lines) == 1 else "lines ") + ", ".join(map(str, lines))


def scan_to_dict(result: ScanResult) -> dict[str, Any]:
    """The scan as plain JSON-ready data."""
    published = result.published
    return {
        "source_id": result.source_id,
        "snapshot": display_path(result.snapshot),
        "published": None if published is None else {"start": _day(published[0]), "end": _day(published[1])},
        "actors": [
            {
                "actor_id": m.actor_id,
                "actor_name": m.actor_name,
                "written": m.written,
                "lines": list(m.lines),
                "status": m.status,
            }
            for m in result.actors
        ],
        "recorded_not_found": [
            {"actor_id": actor_id, "spelling": spelling} for actor_id, spelling in result.recorded_not_found
        ],
        "unknown_names": [
            {
                "name": u.text,
                "lines": list(u.lines),
                "closest": [{"actor_id": c.actor_id, "name": c.name, "score": c.score} for c in u.closest],
            }
            for u in result.unknown_names
        ],
        "meetings": [
            {
                "meeting_id": m.meeting_id,
                "title": m.title,
                "start": _day(m.start),
                "end": _day(m.end),
                "places": [{"name": name, "lines": list(lines)} for name, lines in m.places],
                "in_date_window": m.in_window,
                "participants_named": list(m.participants),
                "recorded": m.recorded,
            }
            for m in result.meetings
        ],
        "uncovered": [{"line": p.line, "text": p.text} for p in result.uncovered],
        "sentences": result.sentences,
        "quotes_not_found": list(result.quotes_not_found),
        "skipped_records": result.skipped,
    }


def render_json(result: ScanResult) -> str:
    """`scan_to_dict` as indented JSON."""
    return json.dumps(scan_to_dict(result), indent=2, ensure_ascii=False) + "\n"


def render_text(result: ScanResult) -> str:
    """For a person reading the article beside it: each section says what to check."""
    sid = result.source_id
    if result.published is None:
        window = "published not filled in yet, so meetings are not matched by date"
    else:
        window = f"published {_span(*result.published)}"
    out = [f"{sid}: {display_path(result.snapshot)}, {window}"]
    if result.skipped:
        skipped = ", ".join(f"{n} {kind}" for kind, n in sorted(result.skipped.items()))
        out.append(f"left out, failing their model (run afghan-dialogues validate): {skipped}")

    todo = sum(m.status != RECORDED for m in result.actors)
    out += [
        "",
        f"Known actors named in the text: {len(result.actors)}, {todo} not recorded for this source",
        f"  {RECORDED}: this source is among the spelling's source_ids",
        f"  {ADD_SOURCE}: a known spelling; add this source to its source_ids if it names the actor here",
        f"  {ADD_SPELLING}: written unlike every recorded spelling; add it to the actor's names if it",
        "                names the actor here (spellings are recorded exactly as written)",
    ]
    width = max((len(m.actor_id) for m in result.actors), default=0)
    written = max((len(m.written) for m in result.actors), default=0)
    out += [
        f"  {m.status:<12}  {m.actor_id:<{width}}  {m.written:<{written}}  {_lines(m.lines)}"
        for m in result.actors
    ]
    if result.recorded_not_found:
        out += ["", "Recorded for this source but not in the text (validate: evidence/name-not-in-source)"]
        out += [f"  {actor_id}  {spelling}" for actor_id, spelling in result.recorded_not_found]

    out += [
        "",
        f"Names that match no actor: {len(result.unknown_names)} (a new actor, a spelling to add, or "
        "neither; closest actors with their similarity out of 100)",
    ]
    width = max((len(u.text) for u in result.unknown_names), default=0)
    for unknown in result.unknown_names:
        closest = ", ".join(f"{c.actor_id} ({c.score})" for c in unknown.closest) or "none"
        out.append(f"  {unknown.text:<{width}}  {_lines(unknown.lines)}; closest: {closest}")

    days = DATE_WINDOW.days
    out += [
        "",
        f"Meetings the text may describe: {len(result.meetings)} "
        f"(evidence: place, date within {days} days, participants)",
    ]
    for meeting in result.meetings:
        listed = "lists this source" if meeting.recorded else "does not list this source yet"
        out.append(f"  {meeting.meeting_id}  {_span(meeting.start, meeting.end)}  {meeting.title} ({listed})")
        evidence = [f"{name} on {_lines(lines)}" for name, lines in meeting.places]
        if meeting.in_window is not None:
            evidence.append("date in the window" if meeting.in_window else "date outside the window")
        if meeting.participants:
            evidence.append("participants named: " + ", ".join(meeting.participants))
        out.append("      " + "; ".join(evidence))

    covered = result.sentences - len(result.uncovered)
    out += [
        "",
        f"Passages no claim covers: {len(result.uncovered)} of {result.sentences} sentences "
        f"({covered} covered)",
    ]
    out += [f"  line {p.line}: {p.text}" for p in result.uncovered]
    if result.quotes_not_found:
        out += ["", "Claims whose quote is not in the text (run afghan-dialogues validate):"]
        out.append("  " + ", ".join(result.quotes_not_found))
    return "\n".join(out) + "\n"
