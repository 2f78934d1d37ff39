"""Shared fixtures: a small, valid records folder written from Python, so each test can break
exactly one thing and assert the one finding it must produce."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from afghan_dialogues.dataset import Dataset

TODAY = dt.date(2026, 11, 22)

SNAPSHOT = textwrap.dedent(
    """\
    Opposition leaders meet in Vienna
    Vienna, 12 October 2022
    Ahmad Masoud told the gathering that the front “will keep the door open to talks”.
    A spokesman, Ali Example, said the meeting was a first step — nothing more.
    """
)

DATASET = textwrap.dedent(
    """\
    name: example-dialogues
    title: Example dialogues
    description: A minimal dataset used by the tests.
    version: 0.1.0
    released:
    licenses:
      - name: CC-BY-4.0
        title: Creative Commons Attribution 4.0 International
        path: https://creativecommons.org/licenses/by/4.0/
    contributors:
      - title: Test maintainers
        roles:
          - creator
    """
)

ACTORS = textwrap.dedent(
    """\
    actors:
      - id: act-ahmad-massoud
        name: Ahmad Massoud
        kind: person
        names:
          - spelling: Ahmad Masoud
            form: variant
            source_ids:
              - src-example-report
        description: Leader of an opposition front.
      - id: act-ali-example
        name: Ali Example
        kind: person
        names:
          - spelling: Ali Example
            source_ids:
              - src-example-report
        description: Spokesman of an opposition front.
      - id: act-example-front
        name: Example Front
        kind: armed_group
        description: An opposition front.
      - id: act-example-outlet
        name: Example Outlet
        kind: media_outlet
        description: A news outlet.
    """
)

AFFILIATIONS = textwrap.dedent(
    """\
    affiliations:
      - actor_id: act-ali-example
        organization_id: act-example-front
        role: spokesman
        role_kind: spokesperson
        source_ids:
          - src-example-report
    """
)

MEETINGS = textwrap.dedent(
    """\
    meetings:
      - id: mtg-vienna-2022-10
        title: Opposition gathering in Vienna
        kind: meeting
        status: held
        date:
          as_written: 12 October 2022
          start: 2022-10-12
          end: 2022-10-12
          precision: day
          certainty: stated
        city: Vienna
        country: AT
        description: A gathering of opposition leaders.
        source_ids:
          - src-example-report
    """
)

PARTICIPANTS = textwrap.dedent(
    """\
    participants:
      - meeting_id: mtg-vienna-2022-10
        actor_id: act-ahmad-massoud
        role: speaker
        source_ids:
          - src-example-report
    """
)

RELATIONS = textwrap.dedent(
    """\
    claim_relations:
      - claim_id: clm-example-002
        other_claim_id: clm-example-001
        relation: supports
        note: Both describe the meeting as an opening.
    """
)

TOMBSTONES = textwrap.dedent(
    """\
    tombstones:
      - id: act-ahmad-masoud
        reason: merged
        merged_into: act-ahmad-massoud
        retired_in: 0.1.0
        note: Spelling variant of the same person.
    """
)


def source_yaml(sha256: str) -> str:
    return textwrap.dedent(
        f"""\
        source:
          id: src-example-report
          title: Opposition leaders meet in Vienna
          publisher_id: act-example-outlet
          kind: news_report
          language: en
          published:
            as_written: Vienna, 12 October 2022
            start: 2022-10-13
            end: 2022-10-13
            precision: day
            certainty: inferred
            note: Dateline day plus one; the report describes the meeting as past.
          text_sha256: {sha256}
          snapshot_note: Nothing removed.
        claims:
          - id: clm-example-001
            speaker_id: act-ahmad-massoud
            quote: "Ahmad Masoud told the gathering that the front \\"will keep the door open to talks\\""
            quote_kind: direct
            summary: Massoud said the front remains open to talks.
            meeting_ids:
              - mtg-vienna-2022-10
            about_ids:
              - act-example-front
            stated:
              as_written: 12 October 2022
              start: 2022-10-12
              end: 2022-10-12
              precision: day
              certainty: stated
            topics:
              - negotiations
          - id: clm-example-002
            speaker_id: act-ali-example
            quote: said the meeting was a first step - nothing more
            quote_kind: indirect
            summary: The spokesman called the meeting a first step.
            meeting_ids:
              - mtg-vienna-2022-10
            topics:
              - meeting_outcome
        """
    )


def write_records(root: Path) -> Path:
    """Write the minimal valid records folder at root/records and return it."""
    records = root / "records"
    (records / "sources").mkdir(parents=True)
    (records / "texts").mkdir()
    (records / "dataset.yaml").write_text(DATASET, encoding="utf-8")
    (records / "actors.yaml").write_text(ACTORS, encoding="utf-8")
    (records / "affiliations.yaml").write_text(AFFILIATIONS, encoding="utf-8")
    (records / "meetings.yaml").write_text(MEETINGS, encoding="utf-8")
    (records / "participants.yaml").write_text(PARTICIPANTS, encoding="utf-8")
    (records / "claim_relations.yaml").write_text(RELATIONS, encoding="utf-8")
    (records / "tombstones.yaml").write_text(TOMBSTONES, encoding="utf-8")
    snapshot = records / "texts" / "src-example-report.txt"
    snapshot.write_text(SNAPSHOT, encoding="utf-8")
    sha = hashlib.sha256(snapshot.read_bytes()).hexdigest()
    (records / "sources" / "src-example-report.yaml").write_text(source_yaml(sha), encoding="utf-8")
    return records


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """A fresh, valid records folder (no schema/ beside it)."""
    return write_records(tmp_path)


@pytest.fixture
def edit(records: Path) -> Callable[[str, str, str], Path]:
    """Replace one exact snippet in one records file; fails loudly if the snippet is absent."""

    def _edit(rel: str, old: str, new: str) -> Path:
        path = records / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return path

    return _edit


def dataset_of(records: Path) -> Dataset:
    """A records folder as a Dataset, once it has passed validation (today fixed)."""
    from afghan_dialogues.dataset import Dataset
    from afghan_dialogues.validate.runner import validate_records

    report = validate_records(records, today=TODAY)
    assert report.loaded is not None and not report.failed(), report.findings
    return Dataset.from_loaded(report.loaded)


def _exported(root: Path, *, documents: bool) -> Path:
    """The records of `write_records` validated and exported under root."""
    from afghan_dialogues.exports.writer import export_release

    records = write_records(root)
    out = root / "release"
    return export_release(dataset_of(records), out, records=records if documents else None).directory


@pytest.fixture(scope="session")
def exported_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The release of the records above, exported once per test process; read it through `release`,
    which hands each test its own copy (an export costs ten times a copy)."""
    return _exported(tmp_path_factory.mktemp("exported"), documents=False)


@pytest.fixture(scope="session")
def exported_release_with_documents(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """As `exported_release`, with the records folder's documents (LICENSE, CURATION.md...) beside
    the tables, as `export` writes a release of a checkout."""
    return _exported(tmp_path_factory.mktemp("exported-documents"), documents=True)


@pytest.fixture
def release(exported_release: Path, tmp_path: Path) -> Path:
    """A copy of the exported release of the records above, for one test to read or break."""
    return Path(shutil.copytree(exported_release, tmp_path / "release"))
