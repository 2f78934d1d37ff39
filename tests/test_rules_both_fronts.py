"""Every rule's seeded mistake, through both front ends: the same findings (code, record id,
field) from the records folder and from the same records written as a package.

Each case breaks exactly one thing in the small valid fixture (conftest.py). A new rule adds its
case here; a rule written twice, or a front end that reads a table differently, fails it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from afghan_dialogues.findings import codes
from conftest import SNAPSHOT
from fronts import Mistake, both_fronts
from second_source import SECOND, second_source

SOURCE = "sources/src-example-report.yaml"

MISTAKES = [
    Mistake(
        "a meeting recorded twice under one id",
        "meetings.yaml",
        "    source_ids:\n      - src-example-report\n",
        "    source_ids:\n      - src-example-report\n  - id: mtg-vienna-2022-10\n    title: Again\n"
        "    kind: meeting\n    status: held\n    date:\n      as_written: 12 October 2022\n"
        "      start: 2022-10-12\n      end: 2022-10-12\n      precision: day\n"
        "      certainty: stated\n    description: Again.\n    source_ids:\n"
        "      - src-example-report\n",
        "identity/duplicate-id",
    ),
    Mistake(
        "a participation recorded twice",
        "participants.yaml",
        "    source_ids:\n      - src-example-report\n",
        "    source_ids:\n      - src-example-report\n  - meeting_id: mtg-vienna-2022-10\n"
        "    actor_id: act-ahmad-massoud\n    role: speaker\n    source_ids:\n"
        "      - src-example-report\n",
        "identity/duplicate-key",
    ),
    Mistake(
        "a spelling listed twice under one actor",
        "actors.yaml",
        "      - spelling: Ahmad Masoud\n        form: variant\n        source_ids:\n"
        "          - src-example-report\n",
        "      - spelling: Ahmad Masoud\n        form: variant\n        source_ids:\n"
        "          - src-example-report\n      - spelling: Ahmad Masoud\n        source_ids:\n"
        "          - src-example-report\n",
        "identity/duplicate-key",
    ),
    Mistake(
        "two tombstones with one id",
        "tombstones.yaml",
        "    note: Spelling variant of the same person.\n",
        "    note: Spelling variant of the same person.\n  - id: act-ahmad-masoud\n"
        "    reason: withdrawn\n    note: Again.\n",
        "identity/duplicate-id",
    ),
    Mistake(
        "one spelling for two actors",
        "actors.yaml",
        "      - spelling: Ali Example\n",
        "      - spelling: Ahmad Masoud\n",
        "identity/alias-collision",
    ),
    Mistake(
        "two actors whose names transliterate alike",
        "actors.yaml",
        "  - id: act-example-outlet\n",
        "  - id: act-aly-exampel\n    name: Aly Exampel\n    kind: person\n    description: Someone else.\n"
        "  - id: act-example-outlet\n",
        "identity/likely-duplicate-actor",
    ),
    Mistake(
        "a live id that is also retired",
        "tombstones.yaml",
        "  - id: act-ahmad-masoud",
        "  - id: act-ali-example",
        "identity/tombstone-in-use",
    ),
    Mistake(
        "a reference to an id that does not exist",
        "participants.yaml",
        "    actor_id: act-ahmad-massoud",
        "    actor_id: act-ahmad-masud",
        "ref/dangling",
    ),
    Mistake(
        "a dangling id inside a list",
        SOURCE,
        "    about_ids:\n      - act-example-front",
        "    about_ids:\n      - act-example-fron",
        "ref/dangling",
    ),
    Mistake(
        "a reference to a retired id",
        SOURCE,
        "    speaker_id: act-ahmad-massoud",
        "    speaker_id: act-ahmad-masoud",
        "ref/retired",
    ),
    Mistake(
        "an affiliation to a person",
        "affiliations.yaml",
        "    organization_id: act-example-front",
        "    organization_id: act-ahmad-massoud",
        "ref/wrong-kind",
    ),
    Mistake(
        "an actor nothing refers to",
        "actors.yaml",
        "  - id: act-example-outlet",
        "  - id: act-lonely-council\n    name: Lonely Council\n    kind: organization\n"
        "    description: Nobody cites it.\n  - id: act-example-outlet",
        "ref/orphan",
    ),
    Mistake(
        "a claim related to itself",
        "claim_relations.yaml",
        "    other_claim_id: clm-example-001",
        "    other_claim_id: clm-example-002",
        "ref/self-relation",
    ),
    Mistake(
        "a direct quote without speaker or note",
        SOURCE,
        "    speaker_id: act-ali-example\n",
        "",
        "model/speaker-missing",
    ),
    Mistake(
        "a participation cited to a source that never spells the participant",
        "participants.yaml",
        "    actor_id: act-ahmad-massoud",
        "    actor_id: act-example-front",
        "ref/source-not-evidence",
    ),
    Mistake(
        "a reference with neither url nor citation",
        "meetings.yaml",
        "    country: AT\n",
        "    country: AT\n    references:\n      - says: It was held.\n        supports: date\n",
        "ref/no-address",
    ),
    Mistake(
        "a quote that is not in the snapshot",
        SOURCE,
        "quote: said the meeting was a first step - nothing more",
        "quote: said the meeting was a final step - nothing more",
        "evidence/quote-not-found",
    ),
    Mistake(
        "a quote of two words",
        SOURCE,
        "quote: said the meeting was a first step - nothing more",
        "quote: first step",
        "evidence/quote-too-short",
    ),
    Mistake(
        "a snapshot changed after its hash was recorded",
        "texts/src-example-report.txt",
        "nothing more.",
        "nothing more!",
        "evidence/sha256-mismatch",
    ),
    Mistake(
        "a spelling its source does not use",
        "actors.yaml",
        "      - spelling: Ali Example\n",
        "      - spelling: Ali Exemple\n",
        "evidence/name-not-in-source",
    ),
    Mistake(
        "an inferred date without a note",
        SOURCE,
        "    note: Dateline day plus one; the report describes the meeting as past.\n",
        "",
        "model/date-note-missing",
    ),
    Mistake(
        "a week of four days",
        SOURCE,
        "    start: 2022-10-13\n    end: 2022-10-13\n    precision: day",
        "    start: 2022-10-10\n    end: 2022-10-13\n    precision: week",
        "model/date-bounds",
    ),
    Mistake(
        "precision day over ten months",
        "meetings.yaml",
        "      end: 2022-10-12\n",
        "      end: 2023-08-12\n",
        "model/date-bounds",
    ),
    Mistake(
        "an interval that ends before it starts",
        "meetings.yaml",
        "      end: 2022-10-12\n",
        "      end: 2022-10-11\n",
        "time/end-before-start",
    ),
    Mistake(
        "a Solar Hijri day converted one day late",
        "meetings.yaml",
        "      as_written: 12 October 2022\n      start: 2022-10-12\n      end: 2022-10-12\n"
        "      precision: day\n      certainty: stated\n",
        "      as_written: 20 Mehr 1401\n      calendar: solar_hijri\n      original: 1401-07-20\n"
        "      start: 2022-10-13\n      end: 2022-10-13\n      precision: day\n"
        "      certainty: stated\n      note: Solar Hijri date as written.\n",
        "time/calendar-mismatch",
    ),
    Mistake(
        "a statement dated after its report",
        SOURCE,
        "      start: 2022-10-12\n      end: 2022-10-12\n",
        "      start: 2022-10-14\n      end: 2022-10-14\n",
        "time/stated-after-published",
    ),
    Mistake(
        "a held meeting dated after its report",
        "meetings.yaml",
        "      start: 2022-10-12\n      end: 2022-10-12\n",
        "      start: 2022-10-15\n      end: 2022-10-15\n",
        "time/held-after-report",
    ),
    Mistake(
        "a publication in the future",
        SOURCE,
        "    start: 2022-10-13\n    end: 2022-10-13\n",
        "    start: 2031-10-13\n    end: 2031-10-13\n",
        "time/in-future",
    ),
    Mistake(
        "an undated statement by a man who had died before his source was published",
        "actors.yaml",
        "    description: Spokesman of an opposition front.\n",
        "    description: Spokesman of an opposition front.\n    died:\n      as_written: in 2001\n"
        "      start: 2001-01-01\n      end: 2001-12-31\n      precision: year\n      certainty: stated\n",
        "truth/undated-words-of-the-dead",
    ),
    Mistake(
        "a participant and a speaker recorded as acting after his death",
        "actors.yaml",
        "    description: Leader of an opposition front.\n",
        "    description: Leader of an opposition front.\n    died:\n      as_written: in 2001\n"
        "      start: 2001-01-01\n      end: 2001-12-31\n      precision: year\n      certainty: stated\n",
        "truth/after-death",
    ),
    Mistake(
        "a participant and a speaker recorded as acting before his birth",
        "actors.yaml",
        "    description: Leader of an opposition front.\n",
        "    description: Leader of an opposition front.\n    born:\n      as_written: in 2023\n"
        "      start: 2023-01-01\n      end: 2023-12-31\n      precision: year\n      certainty: stated\n",
        "truth/before-birth",
    ),
    Mistake(
        "a weekday the date does not fall on",
        SOURCE,
        "      as_written: 12 October 2022\n",
        "      as_written: Tuesday, 12 October 2022\n",
        "truth/weekday-mismatch",
    ),
    Mistake(
        "'yesterday' two days before the publication",
        SOURCE,
        "      as_written: 12 October 2022\n      start: 2022-10-12\n      end: 2022-10-12\n",
        "      as_written: yesterday\n      start: 2022-10-11\n      end: 2022-10-11\n",
        "truth/relative-date",
    ),
    Mistake(
        "an ambiguous numeric date without the order read",
        "meetings.yaml",
        "      as_written: 12 October 2022\n",
        "      as_written: 10/12/2022\n",
        "truth/day-month-order",
    ),
    Mistake(
        "a numeric date recorded in the order the note rules out",
        "meetings.yaml",
        "      as_written: 12 October 2022\n      start: 2022-10-12\n      end: 2022-10-12\n"
        "      precision: day\n      certainty: stated\n",
        "      as_written: 10/12/2022\n      start: 2022-10-12\n      end: 2022-10-12\n"
        "      precision: day\n      certainty: stated\n      note: Read day-month, the outlet's order.\n",
        "truth/numeric-date-mismatch",
    ),
    Mistake(
        "a zero-width space in a summary",
        SOURCE,
        "summary: The spokesman called",
        "summary: The spokesman\u200b called",
        "parse/invisible-character",
    ),
    Mistake(
        "a decomposed accent in a description",
        "actors.yaml",
        "    description: A news outlet.",
        "    description: A news outlet from Herat (Herát).",
        "parse/not-nfc",
    ),
    Mistake(
        "an affiliation recorded twice",
        "affiliations.yaml",
        "    source_ids:\n      - src-example-report\n",
        "    source_ids:\n      - src-example-report\n  - actor_id: act-ali-example\n"
        "    organization_id: act-example-front\n    role: spokesman\n    role_kind: member\n"
        "    source_ids:\n      - src-example-report\n",
        "identity/duplicate-key",
    ),
    Mistake(
        "a claim relation recorded twice",
        "claim_relations.yaml",
        "    note: Both describe the meeting as an opening.\n",
        "    note: Both describe the meeting as an opening.\n  - claim_id: clm-example-002\n"
        "    other_claim_id: clm-example-001\n    relation: supports\n    note: Again.\n",
        "identity/duplicate-key",
    ),
    Mistake(
        "one reference cited twice by one meeting",
        "meetings.yaml",
        "    country: AT\n",
        "    country: AT\n    references:\n      - url: https://outlet.test/a\n"
        "        says: Held on 12 October.\n        supports: date\n"
        "      - citation: Outlet, 13 October 2022\n        says: Held on 12 October.\n"
        "        supports: date\n",
        "identity/duplicate-key",
    ),
    Mistake(
        "the same talks recorded a second time under a new id",
        "meetings.yaml",
        "    source_ids:\n      - src-example-report\n",
        "    source_ids:\n      - src-example-report\n  - id: mtg-vienna-talks-2022\n"
        "    title: Talks in Vienna\n    kind: talks\n    status: held\n    date:\n"
        "      as_written: October 2022\n      start: 2022-10-01\n      end: 2022-10-31\n"
        "      precision: month\n      certainty: stated\n    city: Vienna\n"
        "    description: Talks.\n    source_ids:\n      - src-example-report\n",
        "truth/duplicate-meeting",
    ),
    Mistake(
        "a source missing from a meeting its own claims point to",
        "meetings.yaml",
        "    source_ids:\n      - src-example-report\n",
        "    source_ids:\n      - src-example-report\n",
        "truth/meeting-source-missing",
        adds=second_source(meeting_ids="[mtg-vienna-2022-10]"),
    ),
    Mistake(
        "a participation cited to a source that says nothing about the meeting",
        "participants.yaml",
        "      - src-example-report\n",
        f"      - src-example-report\n      - {SECOND}\n",
        "truth/participation-source-silent",
        adds=second_source(),
    ),
    Mistake(
        "another source's raw capture left in place",
        SOURCE,
        "  text_sha256:",
        "  archived_as: 001_ac3961389abcd1c8.txt\n  text_sha256:",
        "truth/one-document-two-sources",
        adds=second_source(header="  archived_as: 001_ac3961389abcd1c8.txt\n"),
    ),
    Mistake(
        "one article recorded as two sources (byte-identical snapshots)",
        SOURCE,
        "  snapshot_note: Nothing removed.",
        "  snapshot_note: Nothing removed at all.",
        "truth/one-document-two-sources",
        adds=second_source(snapshot=SNAPSHOT),
    ),
    Mistake(
        "one address for two sources",
        SOURCE,
        "  kind: news_report",
        "  url: https://outlet.test/vienna\n  kind: news_report",
        "truth/one-document-two-sources",
        adds=second_source(header="  url: http://www.outlet.test/vienna/\n"),
    ),
    Mistake(
        "a template's placeholder description left in place",
        "actors.yaml",
        "    description: A news outlet.",
        "    description: One neutral sentence identifying the actor.",
        "truth/template-leftover",
    ),
    Mistake(
        "a template id left in place",
        "tombstones.yaml",
        "  - id: act-ahmad-masoud",
        "  - id: act-old-id\n    reason: withdrawn\n    note: Gone.\n  - id: act-ahmad-masoud",
        "truth/template-leftover",
    ),
    Mistake(
        "a TODO in a note",
        "participants.yaml",
        "    role: speaker\n",
        "    role: speaker\n    note: TODO check the role\n",
        "truth/template-leftover",
    ),
    Mistake(
        "an example address",
        SOURCE,
        "  kind: news_report",
        "  url: https://www.example.com/article\n  kind: news_report",
        "truth/template-leftover",
    ),
    Mistake(
        "a summary a spreadsheet would run as a formula",
        SOURCE,
        "summary: The spokesman called",
        "summary: =The spokesman called",
        "truth/spreadsheet-formula",
    ),
    Mistake(
        "a meeting note resting on the organiser's page without a reference",
        "meetings.yaml",
        "    country: AT\n",
        "    country: AT\n    notes: The date is from the organiser's website.\n",
        "truth/outside-knowledge-uncited",
    ),
    Mistake(
        "a claim note resting on outside reports its source does not cite",
        SOURCE,
        "    topics:\n      - meeting_outcome\n",
        "    topics:\n      - meeting_outcome\n    note: According to AFP he spoke on the first day.\n",
        "truth/outside-knowledge-uncited",
    ),
    Mistake(
        "an escaped NUL in a note",
        "claim_relations.yaml",
        "    note: Both describe the meeting as an opening.",
        '    note: "Both describe the meeting\\0 as an opening."',
        "parse/control-character",
    ),
]


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.name for m in MISTAKES])
def test_both_front_ends_report_the_same_findings(records: Path, tmp_path: Path, mistake: Mistake) -> None:
    mistake.apply(records)
    from_records, from_package = both_fronts(records, tmp_path, mistake.code)
    assert from_records, f"the records front end missed {mistake.code}"
    assert from_records == from_package


def test_every_rule_code_has_a_seeded_mistake() -> None:
    rule_codes = {
        code
        for code in codes()
        if code.split("/")[0] in {"identity", "ref", "evidence", "time", "truth"}
        or code in {"model/speaker-missing", "model/date-note-missing", "model/date-bounds"}
        or code in {"parse/invisible-character", "parse/not-nfc", "parse/control-character"}
    }
    covered = {m.code for m in MISTAKES}
    file_level = {"evidence/snapshot-missing", "evidence/snapshot-orphan", "evidence/snapshots-absent"}
    assert rule_codes - covered - file_level == set()
