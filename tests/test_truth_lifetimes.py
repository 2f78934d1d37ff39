"""Lifetimes (issue 14): nobody takes part, holds a role, speaks or relays before birth or after
death, and a finding names the living namesake.

The fixture's Ahmad Massoud attends a meeting and speaks on Wednesday 12 October 2022, in a
source published on 13 October 2022; these tests add his father, killed on 9 September 2001.
"""

from __future__ import annotations

import json
from pathlib import Path

from helpers import Edit, findings

SOURCE = "sources/src-example-report.yaml"
MASSOUD = "    description: Leader of an opposition front.\n"


def found(records: Path, code: str) -> list[tuple[str | None, str | None, str]]:
    return [(f.record_id, f.field, f.message) for f in findings(records) if f.code == code]


def year_block(key: str, as_written: str, year: int) -> str:
    return (
        f"    {key}:\n      as_written: {json.dumps(as_written)}\n      start: {year}-01-01\n"
        f"      end: {year}-12-31\n      precision: year\n      certainty: stated\n"
    )


FATHER = """\
  - id: act-ahmad-shah-massoud
    name: Ahmad Shah Massoud
    kind: person
    names:
      - spelling: Ahmad Shah Massoud Jr
        source_ids:
          - src-example-report
    description: Mujahideen commander, killed in 2001.
{distinct}    died:
      as_written: On 9 September 2001
      start: 2001-09-09
      end: 2001-09-09
      precision: day
      certainty: stated
"""


def add_father(edit: Edit, *, distinct: bool = True) -> None:
    listed = "    distinct_from:\n      - act-ahmad-massoud\n" if distinct else ""
    edit(
        "actors.yaml",
        "  - id: act-ali-example\n",
        FATHER.format(distinct=listed) + "  - id: act-ali-example\n",
    )


def test_the_father_recorded_as_attending_2022_talks(records: Path, edit: Edit) -> None:
    add_father(edit)
    edit("participants.yaml", "    actor_id: act-ahmad-massoud", "    actor_id: act-ahmad-shah-massoud")
    ((record, field, message),) = found(records, "truth/after-death")
    assert field == "actor_id" and record is not None and "act-ahmad-shah-massoud" in record
    assert "died 2001-09-09" in message and "2022-10-12" in message
    assert message.endswith("did you mean act-ahmad-massoud?")


def test_a_claim_moved_to_the_dead_namesake(records: Path, edit: Edit) -> None:
    add_father(edit, distinct=False)  # found by the similar name
    edit(SOURCE, "    speaker_id: act-ahmad-massoud", "    speaker_id: act-ahmad-shah-massoud")
    ((record, field, message),) = found(records, "truth/after-death")
    assert (record, field) == ("clm-example-001", "speaker_id")
    assert "speaking on 2022-10-12" in message and "did you mean act-ahmad-massoud?" in message


def test_an_undated_claim_of_a_dead_speaker_may_quote_old_words(records: Path, edit: Edit) -> None:
    add_father(edit)
    edit(SOURCE, "    speaker_id: act-ali-example", "    speaker_id: act-ahmad-shah-massoud")
    assert found(records, "truth/after-death") == []


def test_a_claim_about_the_dead_is_fine(records: Path, edit: Edit) -> None:
    add_father(edit)
    edit(
        SOURCE, "    about_ids:\n      - act-example-front", "    about_ids:\n      - act-ahmad-shah-massoud"
    )
    assert found(records, "truth/after-death") == []


def test_a_dead_intermediary(records: Path, edit: Edit) -> None:
    add_father(edit)
    edit(
        SOURCE,
        "    speaker_id: act-ahmad-massoud\n",
        "    speaker_id: act-ahmad-massoud\n    via_ids:\n      - act-ahmad-shah-massoud\n",
    )
    ((record, field, _),) = found(records, "truth/after-death")
    assert (record, field) == ("clm-example-001", "via_ids")


def test_a_death_known_to_the_year_is_not_surely_before_an_event_that_year(records: Path, edit: Edit) -> None:
    died = year_block("died", "in 2022", 2022)
    edit("actors.yaml", MASSOUD, MASSOUD + died)
    assert found(records, "truth/after-death") == []


def test_an_undated_claim_before_the_speakers_birth(records: Path, edit: Edit) -> None:
    born = year_block("born", "in 2023", 2023)
    edit(
        "actors.yaml",
        "    description: Spokesman of an opposition front.\n",
        "    description: Spokesman of an opposition front.\n" + born,
    )
    ((record, field, message),) = found(records, "truth/before-birth")
    assert (record, field) == ("clm-example-002", "speaker_id")
    assert "was born 2023-01-01..2023-12-31" in message and "published by 2022-10-13" in message


def test_a_role_in_an_organization_before_it_was_founded(records: Path, edit: Edit) -> None:
    born = year_block("born", "founded in 2023", 2023)
    edit(
        "actors.yaml",
        "    description: An opposition front.\n",
        "    description: An opposition front.\n" + born,
    )
    period = "    role_kind: spokesperson\n" + year_block("period", "in 2022", 2022)
    edit("affiliations.yaml", "    role_kind: spokesperson\n", period)
    ((record, field, message),) = found(records, "truth/before-birth")
    assert field == "organization_id" and "was founded" in message
    assert record is not None and "act-example-front" in record
