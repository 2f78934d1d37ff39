"""The data model: the only place a field is defined.

Frictionless descriptors, JSON Schemas, Parquet schemas and the codebook are generated from
these classes; nothing downstream describes a field a second time. Cross-record rules (does a
referenced id exist, is a quote in its snapshot, is `start` before `end`) live in
`afghan_dialogues.validate`, where they can be reported with a code and a position instead
of one opaque validation error.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, Field, Strict, StringConstraints, field_validator

from afghan_dialogues.datamodel.enums import (
    ActorKind,
    AffiliationKind,
    Calendar,
    Certainty,
    MeetingKind,
    MeetingStatus,
    NameForm,
    ParticipationRole,
    Precision,
    QuoteKind,
    RelationKind,
    RetiredReason,
    SourceKind,
    Topic,
)
from afghan_dialogues.datamodel.ids import ActorId, AnyId, ClaimId, MeetingId, SourceId

E = TypeVar("E")
Coded = Annotated[E, Strict(False)]
"""An enum field that accepts its string values: records are strict about everything else."""

Text = Annotated[str, StringConstraints(min_length=1)]
LanguageTag = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-[A-Z]{2})?$")]
ScriptCode = Annotated[str, StringConstraints(pattern=r"^[A-Z][a-z]{3}$")]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
WikidataId = Annotated[str, StringConstraints(pattern=r"^Q[1-9][0-9]*$")]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
Version = Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
OriginalDate = Annotated[str, StringConstraints(pattern=r"^\d{1,4}(?:-\d{2}(?:-\d{2})?)?$")]


class Model(BaseModel):
    """Strict base: an unknown key is a typo until proven otherwise."""

    table: ClassVar[str] = ""
    """Name of the published table holding this record type ('' for nested types)."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        validate_default=True,
        frozen=True,
        use_enum_values=False,
    )


class ReportedDate(Model):
    """A date as a source gives it, never more precise than the evidence.

    `start` and `end` bound the interval the date lies in (or spans) in the Gregorian
    calendar; either may be empty when the evidence gives only one side ("before the Doha
    agreement", "in the coming months"). Dates written in a Hijri calendar keep the original
    year, month and day in `original`; `validate` re-derives the Gregorian bounds from it.
    """

    as_written: Text = Field(
        description="The date exactly as the source writes it, e.g. 'last week', 'on the 12th'."
    )
    calendar: Coded[Calendar] = Field(
        default=Calendar.gregorian, description="Calendar the source counts the date in."
    )
    original: OriginalDate | None = Field(
        default=None,
        description=(
            "Year, year-month or year-month-day in `calendar` (ISO-like, e.g. '1402-09-12'); "
            "required for Hijri dates."
        ),
    )

    @field_validator("original", mode="before")
    @classmethod
    def _unquoted_original(cls, value: object) -> object:
        """YAML reads an unquoted 1402-09-12 as a (wrong) Gregorian date; take it back as text."""
        return value.isoformat() if isinstance(value, dt.date) else value

    start: dt.date | None = Field(
        default=None, description="First Gregorian day of the interval (inclusive)."
    )
    end: dt.date | None = Field(default=None, description="Last Gregorian day of the interval (inclusive).")
    precision: Coded[Precision] = Field(description="Unit to which the date is known.")
    certainty: Coded[Certainty] = Field(
        description="Whether the date is stated, inferred from the text, or approximate."
    )
    note: Text | None = Field(
        default=None,
        description="How the date was derived; required unless it is stated and Gregorian.",
    )


class Name(Model):
    """One spelling of an actor's name, exactly as a source writes it."""

    spelling: Text = Field(description="The spelling exactly as written in the sources listed.")
    form: Coded[NameForm] | None = Field(
        default=None, description="How the spelling relates to the canonical name."
    )
    lang: LanguageTag | None = Field(default=None, description="BCP-47 language of the spelling.")
    script: ScriptCode | None = Field(default=None, description="ISO 15924 script code.")
    source_ids: list[SourceId] = Field(min_length=1, description="Sources that use this spelling.")


class Reference(Model):
    """Outside evidence for a fact the record's own sources do not give (a date, an identity, a
    participation), so that a reader can check every step that rests on it."""

    url: Url | None = Field(default=None, description="Address of the page, when it has one.")
    citation: Text | None = Field(
        default=None,
        description="Bibliographic reference: publisher, title, date (required when there is no URL).",
    )
    says: Text = Field(description="What the reference says: a short verbatim quote or a close paraphrase.")
    supports: Text = Field(
        description="Which fact of the record it supports, e.g. 'date: held 15-17 September'."
    )


class Source(Model):
    """One document: a news report, op-ed, analysis, interview, statement or transcript."""

    table: ClassVar[str] = "sources"

    id: SourceId = Field(description="Stable identifier, prefix 'src-'.")
    title: Text = Field(description="Title as shown on the page.")
    publisher_id: ActorId | None = Field(
        default=None, description="Outlet that published the page; empty when unknown."
    )
    author_ids: list[ActorId] = Field(
        default_factory=list, description="Named authors; empty when the page names none."
    )
    url: Url | None = Field(
        default=None, description="Address of the page, when known (many copies circulate without one)."
    )
    kind: Coded[SourceKind] = Field(description="Kind of document.")
    language: LanguageTag = Field(description="BCP-47 language of the text held in the snapshot.")
    original_language: LanguageTag | None = Field(
        default=None,
        description="Language the text was first written in, when known; see notes otherwise.",
    )
    published: ReportedDate = Field(description="Publication date.")
    retrieved: dt.date | None = Field(default=None, description="Date the page was captured.")
    archived_as: Text | None = Field(
        default=None, description="File name of the raw page capture the snapshot was cut from."
    )
    text_sha256: Sha256 = Field(description="SHA-256 of the text snapshot `texts/<id>.txt` (UTF-8 bytes).")
    snapshot_note: Text = Field(
        description="What was removed from the raw page to make the snapshot (navigation, comments...)."
    )
    notes: Text | None = Field(default=None, description="Curators' notes on the source.")
    references: list[Reference] = Field(
        default_factory=list, description="Outside evidence for the publisher, the date or the address."
    )


class Actor(Model):
    """A person, organization, government, state, coalition, armed group or outlet."""

    table: ClassVar[str] = "actors"

    id: ActorId = Field(description="Stable identifier, prefix 'act-'.")
    name: Text = Field(description="Canonical English name.")
    kind: Coded[ActorKind] = Field(description="Kind of actor.")
    names: list[Name] = Field(
        default_factory=list,
        description=(
            "Every spelling the source texts use, each with its sources (empty when the name "
            "appears only in page metadata, e.g. a publisher)."
        ),
    )
    description: Text = Field(description="One neutral sentence identifying the actor.")
    wikidata_id: WikidataId | None = Field(default=None, description="Wikidata item, only when certain.")
    distinct_from: list[ActorId] = Field(
        default_factory=list,
        description="Actors with a similar name that are known to be different entities.",
    )
    born: ReportedDate | None = Field(
        default=None, description="Birth (people) or founding (organizations), when the records need it."
    )
    died: ReportedDate | None = Field(
        default=None, description="Death (people) or dissolution (organizations), when the records need it."
    )
    notes: Text | None = Field(default=None, description="Curators' notes (identity decisions).")
    references: list[Reference] = Field(
        default_factory=list, description="Outside evidence for the identity, birth or death."
    )


class Affiliation(Model):
    """Actor held a role in or for an organization, as the listed sources report it."""

    table: ClassVar[str] = "affiliations"

    actor_id: ActorId = Field(description="The actor holding the role.")
    organization_id: ActorId = Field(description="The organization, government or state.")
    role: Text = Field(description="The role as the sources word it.")
    role_kind: Coded[AffiliationKind] = Field(description="Coded kind of the role.")
    period: ReportedDate | None = Field(default=None, description="When the role was held.")
    source_ids: list[SourceId] = Field(min_length=1, description="Sources reporting the role.")
    note: Text | None = Field(default=None, description="Curators' note.")


class Meeting(Model):
    """A meeting, conference, round of talks, visit or online conference."""

    table: ClassVar[str] = "meetings"

    id: MeetingId = Field(description="Stable identifier, prefix 'mtg-'.")
    title: Text = Field(description="Descriptive English title.")
    kind: Coded[MeetingKind] = Field(description="Kind of gathering.")
    series: Text | None = Field(default=None, description="Recurring series, e.g. 'Herat Security Dialogue'.")
    edition: Text | None = Field(
        default=None, description="Edition within the series as the sources give it."
    )
    status: Coded[MeetingStatus] = Field(description="Held, planned, cancelled, postponed, unconfirmed.")
    date: ReportedDate = Field(description="When the meeting took place or is planned.")
    city: Text | None = Field(default=None, description="City, in English.")
    country: CountryCode | None = Field(default=None, description="ISO 3166-1 alpha-2 code.")
    online: bool = Field(default=False, description="True for meetings held online.")
    part_of_id: MeetingId | None = Field(
        default=None, description="Larger meeting or visit this one took place within."
    )
    description: Text = Field(description="Neutral summary of what the sources say it was.")
    source_ids: list[SourceId] = Field(min_length=1, description="Sources describing it.")
    distinct_from: list[MeetingId] = Field(
        default_factory=list,
        description="Meetings of similar kind, place and date known to be different gatherings.",
    )
    notes: Text | None = Field(default=None, description="Curators' notes.")
    references: list[Reference] = Field(
        default_factory=list, description="Outside evidence for the date, place or participants."
    )


class Participation(Model):
    """Actor took part in a meeting in a role, as the listed sources report it."""

    table: ClassVar[str] = "participants"

    meeting_id: MeetingId = Field(description="The meeting.")
    actor_id: ActorId = Field(description="The participant.")
    role: Coded[ParticipationRole] = Field(description="Part played in the meeting.")
    source_ids: list[SourceId] = Field(min_length=1, description="Sources reporting it.")
    note: Text | None = Field(default=None, description="Curators' note.")


class Claim(Model):
    """One statement attributed to a speaker, as one source reports it."""

    table: ClassVar[str] = "claims"

    id: ClaimId = Field(description="Stable identifier, prefix 'clm-'.")
    source_id: SourceId = Field(description="The source that reports the statement.")
    speaker_id: ActorId | None = Field(
        default=None,
        description=(
            "Who made the statement. Empty only for editorial claims of a source whose author "
            "and publisher are unknown, or for statements a source credits to an unnamed person "
            "(the note then says whom)."
        ),
    )
    via_ids: list[ActorId] = Field(
        default_factory=list,
        description="Intermediaries between speaker and source, nearest to the speaker first.",
    )
    quote: Text = Field(description="Verbatim passage of the source's text snapshot.")
    quote_kind: Coded[QuoteKind] = Field(description="How the source renders the statement.")
    summary: Text = Field(description="Neutral one-sentence English summary.")
    meeting_ids: list[MeetingId] = Field(default_factory=list, description="Meetings the statement is about.")
    about_ids: list[ActorId] = Field(default_factory=list, description="Actors the statement is about.")
    stated: ReportedDate | None = Field(
        default=None, description="When the statement was made, if the source says."
    )
    topics: list[Coded[Topic]] = Field(default_factory=list, description="Controlled topics.")
    note: Text | None = Field(default=None, description="Curators' note (attribution decisions).")


class ClaimRelation(Model):
    """How two claims relate: one contradicts, supports, repeats or updates the other."""

    table: ClassVar[str] = "claim_relations"

    claim_id: ClaimId = Field(description="The claim the relation is stated from.")
    other_claim_id: ClaimId = Field(description="The claim it relates to.")
    relation: Coded[RelationKind] = Field(description="Kind of relation.")
    note: Text = Field(description="Why the claims relate in this way.")


class Tombstone(Model):
    """A retired id: merged into another record or withdrawn. Old ids keep resolving."""

    table: ClassVar[str] = "tombstones"

    id: AnyId = Field(description="The retired id.")
    reason: Coded[RetiredReason] = Field(description="Merged into another record, or withdrawn.")
    merged_into: AnyId | None = Field(
        default=None, description="The id that replaces it, for merged records."
    )
    retired_in: Version | None = Field(
        default=None, description="Dataset version in which the id was retired."
    )
    note: Text = Field(description="Why the id was retired.")


class License(Model):
    """A licence of the data package."""

    name: Text = Field(description="SPDX identifier.")
    title: Text = Field(description="Human-readable title.")
    path: Url = Field(description="Where the licence text is.")


class Contributor(Model):
    """A contributor to the data package."""

    title: Text = Field(description="Name of the contributor.")
    roles: list[Text] = Field(min_length=1, description="Frictionless contributor roles.")


class DatasetInfo(Model):
    """Package-level metadata, kept in `records/dataset.yaml`: the one place the version lives."""

    name: Annotated[str, StringConstraints(pattern=r"^[a-z0-9._-]+$")] = Field(description="Package name.")
    title: Text = Field(description="Package title.")
    description: Text = Field(description="What the dataset holds.")
    version: Version = Field(description="Dataset version (semantic versioning).")
    released: dt.date | None = Field(
        default=None, description="Release date; empty while the version is unreleased."
    )
    homepage: Url | None = Field(default=None, description="Project page.")
    keywords: list[Text] = Field(
        default_factory=list, description="Keywords for catalogues (the data package's, CITATION.cff's)."
    )
    licenses: list[License] = Field(min_length=1, description="Licences of the data.")
    contributors: list[Contributor] = Field(min_length=1, description="Contributors.")


ENTITY_MODELS: tuple[type[Model], ...] = (
    Source,
    Actor,
    Affiliation,
    Meeting,
    Participation,
    Claim,
    ClaimRelation,
    Tombstone,
)
