"""The Python API a user reaches for: actors by any spelling, meetings and claims in a date range,
relations both ways, participants by role, polars frames, and errors that say what would work."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from afghan_dialogues.datamodel.enums import ParticipationRole
from afghan_dialogues.datamodel.models import Claim, ClaimRelation, DatasetInfo, Meeting, Model
from afghan_dialogues.dataset import AmbiguousNameError, Dataset, Related
from afghan_dialogues.loading import load
from helpers import Edit

SHORT = 150
"""The longest an error message of a lookup may be."""

SECOND_ALI = (
    "  - id: act-ali-exemple\n    name: Ali Exámple\n    kind: person\n"
    "    description: Another spokesman.\n    distinct_from:\n      - act-ali-example\n"
)


@pytest.fixture
def data(records: Path) -> Dataset:
    return load(records)


# Actors by any spelling.


@pytest.mark.parametrize(
    "name",
    ["Ahmad Masoud", "ahmad masoud", "AHMAD MASOUD", "Ahmad Masóud", "  Ahmad   Masoud. ", "Ahmad Massoud"],
)
def test_an_actor_is_found_by_any_recorded_spelling_ignoring_case_accents_and_punctuation(
    data: Dataset, name: str
) -> None:
    assert data.actor(name).id == "act-ahmad-massoud"


def test_an_actor_is_found_by_its_id_and_by_a_retired_id(data: Dataset) -> None:
    assert data.actor("act-ahmad-massoud").id == "act-ahmad-massoud"
    assert data.actor("act-ahmad-masoud").id == "act-ahmad-massoud"


def test_a_name_of_two_actors_is_ambiguous_and_lists_both(records: Path) -> None:
    with (records / "actors.yaml").open("a", encoding="utf-8") as handle:
        handle.write(SECOND_ALI)
    with pytest.raises(AmbiguousNameError) as caught:
        load(records).actor("ali example")
    assert {a.id for a in caught.value.candidates} == {"act-ali-example", "act-ali-exemple"}
    assert "act-ali-example, act-ali-exemple" in str(caught.value)
    assert len(str(caught.value)) < SHORT
    assert isinstance(caught.value, KeyError)


def test_an_unknown_name_suggests_the_nearest_actor(data: Dataset) -> None:
    with pytest.raises(
        KeyError, match=r"no actor named 'Masoud'; did you mean 'Ahmad Massoud' \(act-ahmad-massoud\)"
    ):
        data.actor("Masoud")
    with pytest.raises(KeyError, match=r"^\"no actor named 'Zzyzx'\"$"):
        data.actor("Zzyzx")


# Errors that suggest and stay short.


def test_a_mistyped_id_names_the_nearest_id_of_its_kind(data: Dataset) -> None:
    with pytest.raises(
        KeyError, match=r"no record 'clm-exampel-001'; did you mean 'clm-example-001'\?"
    ) as caught:
        data["clm-exampel-001"]
    assert len(str(caught.value)) < SHORT


def test_an_id_far_from_any_gets_no_suggestion(data: Dataset) -> None:
    with pytest.raises(KeyError, match=r"^\"no record 'clm-zzz'\"$"):
        data["clm-zzz"]


def test_a_withdrawn_id_says_so(records: Path) -> None:
    with (records / "tombstones.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            "  - id: act-old-party\n    reason: withdrawn\n    note: Not an actor of these events.\n"
        )
    with pytest.raises(KeyError, match=r"'act-old-party' was withdrawn: 'Not an actor of these events\.'"):
        load(records)["act-old-party"]


def test_a_record_of_the_wrong_kind_is_named_briefly(data: Dataset) -> None:
    claim = data["clm-example-001"]
    assert len(repr(claim)) > 3 * SHORT  # what the message used to print
    with pytest.raises(TypeError) as caught:
        data.claims_by(claim)  # type: ignore[arg-type]
    assert str(caught.value) == "expected an Actor or its id; got a Claim ('clm-example-001')"
    with pytest.raises(TypeError, match=r"^expected a Meeting or its id; 'clm-example-001' is a Claim$"):
        data.participants_of("clm-example-001")


def test_an_id_that_is_no_text_is_a_brief_type_error(data: Dataset) -> None:
    with pytest.raises(TypeError, match=r"^ids are text such as 'clm-coffey-001', not an int$"):
        data[5]  # type: ignore[index]


# Dates: overlap semantics, undated items.

DAY = {"precision": "day", "certainty": "stated"}


def meeting(mid: str, start: str | None, end: str | None) -> Meeting:
    date = {
        "as_written": "as written",
        "start": start,
        "end": end,
        "precision": "range",
        "certainty": "stated",
    }
    return Meeting.model_validate(
        {
            "id": mid,
            "title": mid,
            "kind": "meeting",
            "status": "held",
            "date": date,
            "description": "A meeting.",
            "source_ids": ["src-x"],
        },
        strict=False,
    )


def claim(cid: str, start: str | None, end: str | None) -> Claim:
    stated = None
    if start or end:
        stated = {
            "as_written": "as written",
            "start": start,
            "end": end,
            "precision": "range",
            "certainty": "stated",
        }
    return Claim.model_validate(
        {
            "id": cid,
            "source_id": "src-x",
            "speaker_id": "act-x",
            "quote": "the words of the claim here",
            "quote_kind": "direct",
            "summary": "A claim.",
            "stated": stated,
        },
        strict=False,
    )


@pytest.fixture
def dated(data: Dataset) -> Dataset:
    meetings: list[Model] = [
        meeting("mtg-day", "2023-11-27", "2023-11-27"),
        meeting("mtg-month", "2023-11-01", "2023-11-30"),
        meeting("mtg-before", None, "2020-02-29"),
        meeting("mtg-after", "2023-12-05", None),
    ]
    claims: list[Model] = [claim("clm-x-001", "2023-11-27", "2023-11-27"), claim("clm-x-002", None, None)]
    info: DatasetInfo = data.info
    return Dataset.build(info, {"meetings": meetings, "claims": claims})


def ids(records: tuple[Model, ...]) -> list[str]:
    return [str(getattr(r, "id")) for r in records]  # noqa: B009


@pytest.mark.parametrize(
    ("start", "end", "overlaps", "within"),
    [
        ("2023-11-15", "2023-11-20", ["mtg-month"], []),
        ("2023-11-01", "2023-11-30", ["mtg-day", "mtg-month"], ["mtg-day", "mtg-month"]),
        ("2023-11-27", "2023-11-27", ["mtg-day", "mtg-month"], ["mtg-day"]),
        ("2019-01-01", "2019-12-31", ["mtg-before"], []),
        ("2024-01-01", None, ["mtg-after"], []),
        (None, "2020-02-29", ["mtg-before"], []),
        ("2023-12-01", "2023-12-04", [], []),
    ],
)
def test_meetings_between_overlaps_or_within_as_documented(
    dated: Dataset, start: str | None, end: str | None, overlaps: list[str], within: list[str]
) -> None:
    assert ids(dated.meetings_between(start, end)) == overlaps
    assert ids(dated.meetings_between(start, end, how="within")) == within


def test_range_bounds_may_be_dates(dated: Dataset) -> None:
    assert ids(dated.meetings_between(dt.date(2023, 11, 27), dt.datetime(2023, 11, 27, 12))) == [
        "mtg-day",
        "mtg-month",
    ]


def test_undated_claims_are_left_out_unless_asked_for(dated: Dataset) -> None:
    assert ids(dated.claims_between("2023-11-01", "2023-11-30")) == ["clm-x-001"]
    assert ids(dated.claims_between("2023-11-01", "2023-11-30", include_undated=True)) == [
        "clm-x-001",
        "clm-x-002",
    ]
    assert ids(dated.claims_between("2024-01-01", None, include_undated=True)) == ["clm-x-002"]


@pytest.mark.parametrize(
    ("start", "end", "how", "message"),
    [
        ("2023-12-01", "2023-11-01", "overlaps", "ends"),
        ("2023-11-01", "2023-12-01", "during", "use 'overlaps' or 'within'"),
        ("2023-13-01", None, "overlaps", "start '2023-13-01' is not an ISO date"),
    ],
)
def test_a_wrong_range_is_a_value_error(
    dated: Dataset, start: str, end: str | None, how: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        dated.meetings_between(start, end, how=how)  # type: ignore[arg-type]


# Relations both ways, participants by role.


def test_relations_of_a_claim_are_seen_from_both_ends(data: Dataset) -> None:
    (relation,) = data.claim_relations
    assert isinstance(relation, ClaimRelation)
    first, second = data["clm-example-001"], data["clm-example-002"]
    assert data.relations_of("clm-example-002") == (Related(relation, first, "outgoing"),)  # type: ignore[arg-type]
    assert data.relations_of(first) == (Related(relation, second, "incoming"),)  # type: ignore[arg-type]
    assert data.relations_of(first)[0].kind.value == "supports"


def test_participants_by_role_groups_actors_in_codebook_order(records: Path, edit: Edit) -> None:
    with (records / "participants.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            "  - meeting_id: mtg-vienna-2022-10\n    actor_id: act-example-front\n    role: host\n"
            "    source_ids:\n      - src-example-report\n"
        )
    grouped = load(records).participants_by_role("mtg-vienna-2022-10")
    assert list(grouped) == [ParticipationRole.host, ParticipationRole.speaker]
    assert [a.id for a in grouped[ParticipationRole.host]] == ["act-example-front"]
    assert [a.id for a in grouped[ParticipationRole.speaker]] == ["act-ahmad-massoud"]


# DataFrames.


def test_to_polars_gives_typed_columns(data: Dataset) -> None:
    import polars as pl

    frame = data.to_polars("claims")
    assert frame.height == 2
    assert frame.schema["stated_start"] == pl.Date
    assert frame.schema["topics"] == pl.List(pl.String)
    assert data.to_polars("meetings").schema["online"] == pl.Boolean


def test_to_polars_without_polars_says_how_to_install_it(
    data: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(ImportError, match=r"afghan-dialogues\[polars\]"):
        data.to_polars("claims")
