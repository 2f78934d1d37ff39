"""Spreadsheet-safe text, and notes that rest on outside knowledge citing it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from afghan_dialogues.validate.rules.citations import claims_named
from helpers import Edit, assert_finding, codes, findings, line_of
from second_source import SECOND, second_source

FORMULA = "truth/spreadsheet-formula"
UNCITED = "truth/outside-knowledge-uncited"
SOURCE = "sources/src-example-report.yaml"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\\t", "\\r"])
def test_text_a_spreadsheet_would_run_as_a_formula_is_an_error(records: Path, edit: Edit, start: str) -> None:
    path = edit("actors.yaml", "    description: A news outlet.", f'    description: "{start}A news outlet."')
    finding = assert_finding(
        records, FORMULA, path, line_of(path, 'description: "'), record_id="act-example-outlet"
    )
    assert finding.field == "description"


@pytest.mark.parametrize("text", ["A news - outlet = @home", " =not at the start", "'=quoted'", "“-quoted”"])
def test_the_characters_elsewhere_are_harmless(records: Path, edit: Edit, text: str) -> None:
    edit("actors.yaml", "    description: A news outlet.", f"    description: {text!r}")
    assert FORMULA not in codes(records)


def test_a_quote_starting_with_a_dash_is_told_to_start_at_its_first_word(records: Path, edit: Edit) -> None:
    edit("texts/src-example-report.txt", "first step — nothing more.", "first step —- nothing more at all.")
    sha = hashlib.sha256((records / "texts" / "src-example-report.txt").read_bytes()).hexdigest()
    text = (records / SOURCE).read_text(encoding="utf-8")
    old = next(line.split(": ")[1] for line in text.splitlines() if "text_sha256" in line)
    edit(SOURCE, old, sha)
    edit(SOURCE, "quote: said the meeting was a first step - nothing more", "quote: '- nothing more at all.'")
    (finding,) = [f for f in findings(records) if f.code == FORMULA]
    assert finding.field == "quote" and finding.hint is not None and "first word" in finding.hint


# -- outside knowledge --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "note",
    [
        "The date rests on background knowledge.",
        "Outside reports place it in Vienna.",
        "Press reports name the host.",
        "The venue is known from the organiser's website.",
        "The organiser lists the speakers.",
        "Dated by the ministry's press release.",
        "The wire original gives the day.",
        "See https://outlet.test/agenda for the programme.",
        "The date follows the organisers' page.",
        "Twelve attended, according to AFP.",
        "Reuters reported the talks on the same day.",
        "Dated as in the meeting's references (see references).",
    ],
)
def test_a_note_resting_on_outside_knowledge_needs_a_reference(records: Path, edit: Edit, note: str) -> None:
    path = edit("meetings.yaml", "    country: AT\n", f"    country: AT\n    notes: {note!r}\n")
    assert_finding(
        records, UNCITED, path, line_of(path, "notes:"), record_id="mtg-vienna-2022-10", field="notes"
    )


def test_a_reference_on_the_meeting_settles_it(records: Path, edit: Edit) -> None:
    edit(
        "meetings.yaml",
        "    country: AT\n",
        "    country: AT\n    notes: Outside reports place it in Vienna.\n    references:\n"
        "      - url: https://outlet.test/vienna\n        says: Held in Vienna.\n        supports: city\n",
    )
    assert UNCITED not in codes(records)


@pytest.mark.parametrize(
    "note",
    [
        'The source writes "according to outside reports".',
        "No outside report of the meeting was found.",
        "Not known from any press release.",
        "The later account contradicts the earlier one.",
        "According to the source, twelve attended.",
        "According to Example Outlet, twelve attended.",  # the source's own publisher
    ],
)
def test_quoted_negated_and_own_source_phrases_claim_nothing_outside(
    records: Path, edit: Edit, note: str
) -> None:
    edit("meetings.yaml", "    country: AT\n", f"    country: AT\n    notes: {note!r}\n")
    assert UNCITED not in codes(records)


def test_a_date_note_is_a_note(records: Path, edit: Edit) -> None:
    path = edit(
        "meetings.yaml",
        "      certainty: stated\n",
        "      certainty: inferred\n      note: The organiser dates it to the 12th.\n",
    )
    assert_finding(records, UNCITED, path, line_of(path, "note: The organiser"), field="date_note")


def test_a_note_naming_a_record_that_carries_the_reference_is_cited(records: Path, edit: Edit) -> None:
    edit(
        "actors.yaml",
        "    description: A news outlet.",
        "    description: A news outlet.\n    references:\n      - url: https://outlet.test/about\n"
        "        says: Founded in 2001.\n        supports: identity",
    )
    edit(
        "meetings.yaml",
        "    country: AT\n",
        "    country: AT\n    notes: Outside reports name act-example-outlet.\n",
    )
    assert UNCITED not in codes(records)


CLAIM_NOTE = "    topics:\n      - meeting_outcome\n"


def cite_on_source(edit: Edit, supports: str) -> None:
    edit(
        SOURCE,
        "  snapshot_note: Nothing removed.\n",
        "  snapshot_note: Nothing removed.\n  references:\n    - url: https://outlet.test/b\n"
        f"      says: The spokesman spoke first.\n      supports: '{supports}'\n",
    )


def test_a_claims_outside_knowledge_sits_on_its_source_naming_the_claim(records: Path, edit: Edit) -> None:
    path = edit(SOURCE, CLAIM_NOTE, f"{CLAIM_NOTE}    note: Outside reports say he spoke first.\n")
    assert_finding(records, UNCITED, path, line_of(path, "note: Outside"), record_id="clm-example-002")
    cite_on_source(edit, "clm-example-001, -002: order of speakers")
    assert UNCITED not in codes(records)


def test_a_source_reference_about_another_claim_does_not_cite_it(records: Path, edit: Edit) -> None:
    edit(SOURCE, CLAIM_NOTE, f"{CLAIM_NOTE}    note: Outside reports say he spoke first.\n")
    cite_on_source(edit, "clm-example-001: date")
    assert UNCITED in codes(records)


def test_an_outlet_the_claim_is_relayed_through_is_the_source_speaking(records: Path, edit: Edit) -> None:
    edit(SOURCE, CLAIM_NOTE, f"{CLAIM_NOTE}    note: According to Example Outlet he spoke first.\n")
    assert UNCITED not in codes(records)


def test_a_participation_rests_on_the_meetings_or_the_actors_references(records: Path, edit: Edit) -> None:
    path = edit(
        "participants.yaml",
        "    role: speaker\n",
        "    role: speaker\n    note: The organiser names him among the speakers.\n",
    )
    finding = assert_finding(records, UNCITED, path, line_of(path, "note:"), field="note")
    assert "mtg-vienna-2022-10" in finding.message and "act-ahmad-massoud" in finding.message
    edit(
        "meetings.yaml",
        "    country: AT\n",
        "    country: AT\n    references:\n      - url: https://outlet.test/speakers\n"
        "        says: Massoud spoke.\n        supports: participants\n",
    )
    assert UNCITED not in codes(records)


def test_an_affiliation_rests_on_the_actors_or_the_organizations_references(
    records: Path, edit: Edit
) -> None:
    edit(
        "affiliations.yaml",
        "    role_kind: spokesperson\n",
        "    role_kind: spokesperson\n    note: Known from the front's website.\n",
    )
    assert UNCITED in codes(records)
    edit(
        "actors.yaml",
        "    description: An opposition front.",
        "    description: An opposition front.\n    references:\n      - url: https://front.test/team\n"
        "        says: Ali Example, spokesman.\n        supports: affiliation of Ali Example",
    )
    assert UNCITED not in codes(records)


def test_a_claim_relation_rests_on_the_references_naming_either_claim(records: Path, edit: Edit) -> None:
    edit(
        "claim_relations.yaml",
        "    note: Both describe the meeting as an opening.",
        "    note: The wire original has both in one sentence.",
    )
    assert UNCITED in codes(records)
    cite_on_source(edit, "clm-example-002: one sentence in the wire")
    assert UNCITED not in codes(records)


def test_a_note_on_the_source_itself_needs_the_sources_references(records: Path, edit: Edit) -> None:
    for rel, text in second_source(header="  notes: The date is from the Kabul Now copy of the text.\n"):
        (records / rel).write_text(text, encoding="utf-8")
    assert UNCITED not in codes(records)  # "Kabul Now copy": no reporting verb, no "according to"
    (records / f"sources/{SECOND}.yaml").write_text(
        second_source(header="  notes: According to Kabul Now it was published on the 14th.\n")[0][1],
        encoding="utf-8",
    )
    (finding,) = [f for f in findings(records) if f.code == UNCITED]
    assert (finding.record_id, finding.field) == (SECOND, "notes")


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("clm-mdv-040, -041, -043: stated", {"clm-mdv-040", "clm-mdv-041", "clm-mdv-043"}),
        ("clm-a-b-001 (note), -002 (wording); clm-c-010", {"clm-a-b-001", "clm-a-b-002", "clm-c-010"}),
        ("clm-x-2021-10-04-001 and -003", {"clm-x-2021-10-04-001", "clm-x-2021-10-04-003"}),
        ("date: held 15-17 September; -3 degrees", set()),
    ],
)
def test_claims_named_reads_the_short_form_of_claim_lists(text: str, named: set[str]) -> None:
    assert claims_named(text) == named
