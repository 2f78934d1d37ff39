"""Property tests: valid records mutated along the truth rules' lines are always reported.

Each test draws one mistake of a class (a formula-like text, a template value, a meeting
recorded again, a claim about a meeting missing its source, one document recorded twice, a note
resting on outside knowledge) with varied values and places, writes it into the small valid
fixture and asserts that `validate` reports it where it was made.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afghan_dialogues.findings import Finding
from afghan_dialogues.validate.rules.meetings import COMPATIBLE_KINDS
from afghan_dialogues.validate.rules.provenance import TEMPLATE_TEXTS
from conftest import write_records
from helpers import findings, line_of
from second_source import SECOND, second_source

SOURCE = "sources/src-example-report.yaml"
SETTINGS = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

TEXT_FIELDS = [
    ("actors.yaml", "    description: ", "A news outlet."),
    ("actors.yaml", "    description: ", "Spokesman of an opposition front."),
    ("meetings.yaml", "    title: ", "Opposition gathering in Vienna"),
    ("meetings.yaml", "    description: ", "A gathering of opposition leaders."),
    (SOURCE, "    summary: ", "The spokesman called the meeting a first step."),
    (SOURCE, "  snapshot_note: ", "Nothing removed."),
    ("affiliations.yaml", "    role: ", "spokesman"),
    ("claim_relations.yaml", "    note: ", "Both describe the meeting as an opening."),
    ("tombstones.yaml", "    note: ", "Spelling variant of the same person."),
]
"""Free-text fields of the fixture: (file, key as written, value)."""

words = (
    st.text(alphabet=st.sampled_from("abcdefghij klmnop"), min_size=1, max_size=20)
    .map(str.strip)
    .filter(bool)
)


def fresh(tmp: Path) -> Path:
    root = tmp / "case"
    shutil.rmtree(root, ignore_errors=True)
    return write_records(root)


def replace(records: Path, rel: str, old: str, new: str) -> Path:
    path = records / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def reported(records: Path, code: str) -> list[Finding]:
    return [f for f in findings(records) if f.code == code]


@SETTINGS
@given(
    field=st.sampled_from(TEXT_FIELDS), start=st.sampled_from(["=", "+", "-", "@", "\t", "\r"]), rest=words
)
def test_any_text_starting_like_a_formula_is_reported(
    tmp_path: Path, field: tuple[str, str, str], start: str, rest: str
) -> None:
    records = fresh(tmp_path)
    rel, key, value = field
    path = replace(records, rel, f"{key}{value}", f"{key}{json.dumps(start + rest)}")
    found = reported(records, "truth/spreadsheet-formula")
    assert [f.line for f in found] == [line_of(path, f"{key}{json.dumps(start + rest)}")]


placeholder = st.one_of(
    st.sampled_from(sorted(TEMPLATE_TEXTS)),
    st.builds(lambda a, mark, b: f"{a} {mark} {b}", words, st.sampled_from(["TODO", "FIXME", "TBD"]), words),
    st.builds(
        lambda a, name, b: f"{a} <{name}> {b}",
        words,
        st.from_regex(r"[a-z][a-z -]{0,12}", fullmatch=True),
        words,
    ),
)


@SETTINGS
@given(field=st.sampled_from(TEXT_FIELDS), value=placeholder)
def test_any_template_text_or_placeholder_is_reported(
    tmp_path: Path, field: tuple[str, str, str], value: str
) -> None:
    records = fresh(tmp_path)
    rel, key, old = field
    path = replace(records, rel, f"{key}{old}", f"{key}{json.dumps(value)}")
    found = reported(records, "truth/template-leftover")
    assert [f.line for f in found] == [line_of(path, f"{key}{json.dumps(value)}")]


@st.composite
def second_meeting(draw: st.DrawFn) -> tuple[str, str]:
    """A meeting of a compatible kind, overlapping dates and an agreeing place, citing the
    fixture's source: (id, YAML entry)."""
    mid = "mtg-" + draw(st.from_regex(r"[a-z]{3,10}(-[a-z0-9]{2,6}){0,2}", fullmatch=True))
    kind = draw(st.sampled_from(sorted(COMPATIBLE_KINDS["meeting"])))
    day = dt.date(2022, 10, 12)  # the fixture meeting's day
    start = day - dt.timedelta(days=draw(st.integers(0, 40)))
    end = day + dt.timedelta(days=draw(st.integers(0, 40)))
    bounds = draw(st.sampled_from([f"start: {start}\n      end: {end}", f"start: {start}", f"end: {end}"]))
    place = draw(
        st.sampled_from(
            ["    city: Vienna\n    country: AT\n", "    city: Vienna\n", "    country: AT\n", ""]
        )
    )
    entry = (
        f"  - id: {mid}\n    title: {draw(words)}\n    kind: {kind}\n    status: held\n    date:\n"
        f"      as_written: {draw(words)}\n      {bounds}\n      precision: range\n"
        f"      certainty: approximate\n      note: {draw(words)}\n{place}    description: {draw(words)}\n"
        "    source_ids:\n      - src-example-report\n"
    )
    return mid, entry


MEETING_END = "    source_ids:\n      - src-example-report\n"


@SETTINGS
@given(meeting=second_meeting(), distinct=st.booleans())
def test_a_meeting_recorded_again_is_reported_unless_told_apart(
    tmp_path: Path, meeting: tuple[str, str], distinct: bool
) -> None:
    records = fresh(tmp_path)
    mid, entry = meeting
    if distinct:
        entry += "    distinct_from:\n      - mtg-vienna-2022-10\n"
    replace(records, "meetings.yaml", MEETING_END, MEETING_END + entry)
    found = [f.record_id for f in reported(records, "truth/duplicate-meeting")]
    assert found == ([] if distinct else [mid])


@SETTINGS
@given(meeting=second_meeting(), which=st.sampled_from(["first", "second", "both"]))
def test_a_source_whose_claim_is_about_a_meeting_must_be_among_its_sources(
    tmp_path: Path, meeting: tuple[str, str], which: str
) -> None:
    records = fresh(tmp_path)
    mid, entry = meeting
    replace(
        records,
        "meetings.yaml",
        MEETING_END,
        MEETING_END + entry + "    distinct_from:\n      - mtg-vienna-2022-10\n",
    )
    about = {"first": ["mtg-vienna-2022-10"], "second": [mid], "both": ["mtg-vienna-2022-10", mid]}[which]
    for rel, text in second_source(meeting_ids=json.dumps(about)):
        (records / rel).write_text(text, encoding="utf-8")
    found = sorted(f.record_id or "" for f in reported(records, "truth/meeting-source-missing"))
    assert found == sorted(about)


address = st.builds(
    lambda scheme, www, path, slash: (
        f"{scheme}://outlet.test/{path}",
        f"{scheme}://{www}outlet.test/{path}{slash}",
    ),
    st.sampled_from(["http", "https"]),
    st.sampled_from(["", "www."]),
    st.from_regex(r"[a-z0-9]{1,8}(/[a-z0-9-]{1,12}){0,2}", fullmatch=True),
    st.sampled_from(["", "/", "#top"]),
)


@SETTINGS
@given(
    shared=st.one_of(
        st.tuples(st.just("archived_as"), st.from_regex(r"[0-9]{3}_[0-9a-f]{16}\.txt", fullmatch=True)),
        st.tuples(st.just("url"), address),
        st.tuples(st.just("text_sha256"), st.just("")),
    )
)
def test_one_document_recorded_as_two_sources_is_reported_on_both(
    tmp_path: Path, shared: tuple[str, object]
) -> None:
    records = fresh(tmp_path)
    column, value = shared
    if column == "text_sha256":
        adds = second_source(
            snapshot=(records / "texts" / "src-example-report.txt").read_text(encoding="utf-8")
        )
    else:
        first, second = value if isinstance(value, tuple) else (value, value)
        replace(records, SOURCE, "  text_sha256:", f"  {column}: '{first}'\n  text_sha256:")
        adds = second_source(header=f"  {column}: '{second}'\n")
    for rel, text in adds:
        (records / rel).write_text(text, encoding="utf-8")
    found = {(f.record_id, f.field) for f in reported(records, "truth/one-document-two-sources")}
    assert found == {("src-example-report", column), (SECOND, column)}


OUTSIDE = [
    "according to outside reports",
    "the organiser's website lists it",
    "as AFP reported",
    "Reuters reported it",
    "known from a press release",
    "from background knowledge",
    "the wire original says so",
    "see https://outlet.test/page",
    "later reports confirm it",
    "per Kabul Now",
    "external sources give the day",
    "as is well known",
]
"""Ways of saying a fact rests on outside knowledge (examples, not the rule's phrase table)."""

NOTES = [
    ("meetings.yaml", "    country: AT\n", "    country: AT\n    notes: {}\n", "mtg-vienna-2022-10"),
    ("participants.yaml", "    role: speaker\n", "    role: speaker\n    note: {}\n", None),
    (
        "affiliations.yaml",
        "    role_kind: spokesperson\n",
        "    role_kind: spokesperson\n    note: {}\n",
        None,
    ),
    (SOURCE, "      - meeting_outcome\n", "      - meeting_outcome\n    note: {}\n", "clm-example-002"),
    (SOURCE, "  snapshot_note: Nothing removed.\n", "  snapshot_note: Nothing removed.\n  notes: {}\n", None),
    (
        "actors.yaml",
        "    description: A news outlet.\n",
        "    description: A news outlet.\n    notes: {}\n",
        None,
    ),
]


@SETTINGS
@given(place=st.sampled_from(NOTES), phrase=st.sampled_from(OUTSIDE), before=words, after=words)
def test_a_note_resting_on_outside_knowledge_without_a_reference_is_reported(
    tmp_path: Path, place: tuple[str, str, str, str | None], phrase: str, before: str, after: str
) -> None:
    records = fresh(tmp_path)
    rel, old, template, record = place
    note = json.dumps(f"{before.capitalize()}, {phrase}, {after}.")
    path = replace(records, rel, old, template.format(note))
    found = reported(records, "truth/outside-knowledge-uncited")
    assert [f.line for f in found] == [line_of(path, note)]
    if record is not None:
        assert found[0].record_id == record
