"""Coded values.

Every coded field is an enum so that consumers can rely on a closed vocabulary: the values are
written into the Frictionless constraints, the JSON Schemas, the Parquet metadata and the
codebook. Adding a value is a minor change; renaming or removing one is a breaking change.
"""

from __future__ import annotations

from enum import StrEnum


class SourceKind(StrEnum):
    """What kind of document a source is."""

    news_report = "news_report"
    op_ed = "op_ed"
    analysis = "analysis"
    interview = "interview"
    statement = "statement"
    transcript = "transcript"
    social_media_post = "social_media_post"


class ActorKind(StrEnum):
    """What kind of entity an actor is."""

    person = "person"
    organization = "organization"
    government = "government"
    state = "state"
    coalition = "coalition"
    armed_group = "armed_group"
    media_outlet = "media_outlet"
    international_organization = "international_organization"


class NameForm(StrEnum):
    """How a recorded spelling relates to the actor's canonical name."""

    full = "full"
    short = "short"
    abbreviation = "abbreviation"
    variant = "variant"
    misspelling = "misspelling"
    translation = "translation"


class AffiliationKind(StrEnum):
    """Coded kind of a role held in or for an organization."""

    leader = "leader"
    deputy_leader = "deputy_leader"
    founder = "founder"
    member = "member"
    spokesperson = "spokesperson"
    deputy_spokesperson = "deputy_spokesperson"
    minister = "minister"
    head_of_office = "head_of_office"
    official = "official"
    envoy = "envoy"
    diplomat = "diplomat"
    military_commander = "military_commander"
    researcher = "researcher"
    associate = "associate"


class MeetingKind(StrEnum):
    """What kind of gathering a meeting is."""

    conference = "conference"
    meeting = "meeting"
    talks = "talks"
    visit = "visit"
    online_conference = "online_conference"


class MeetingStatus(StrEnum):
    """Whether a meeting took place, as far as the sources tell."""

    held = "held"
    planned = "planned"
    cancelled = "cancelled"
    postponed = "postponed"
    unconfirmed = "unconfirmed"


class ParticipationRole(StrEnum):
    """The part an actor played in a meeting."""

    host = "host"
    organizer = "organizer"
    attendee = "attendee"
    delegation_head = "delegation_head"
    speaker = "speaker"
    keynote = "keynote"
    observer = "observer"
    invited = "invited"
    declined = "declined"


class QuoteKind(StrEnum):
    """How the source renders the speaker's words.

    `direct`: the source presents the words as the speaker's own (quotation marks or "said:").
    `indirect`: reported speech ("said that ..."). `paraphrase`: the source's rendering of a
    position without a speech verb. `editorial`: the author's or outlet's own assertion.
    """

    direct = "direct"
    indirect = "indirect"
    paraphrase = "paraphrase"
    editorial = "editorial"


class RelationKind(StrEnum):
    """How one claim relates to another."""

    contradicts = "contradicts"
    supports = "supports"
    repeats = "repeats"
    updates = "updates"


class Calendar(StrEnum):
    """The calendar a date was written in."""

    gregorian = "gregorian"
    solar_hijri = "solar_hijri"
    lunar_hijri = "lunar_hijri"


class Precision(StrEnum):
    """The unit to which a date is known.

    `range` is for intervals that are no single calendar unit ("in the past two years",
    "recently") and for open-ended bounds.
    """

    day = "day"
    week = "week"
    month = "month"
    year = "year"
    range = "range"


class Certainty(StrEnum):
    """How a date was obtained: written in the source, inferred from it, or approximated."""

    stated = "stated"
    inferred = "inferred"
    approximate = "approximate"


class RetiredReason(StrEnum):
    """Why an id was retired."""

    merged = "merged"
    withdrawn = "withdrawn"


class Topic(StrEnum):
    """Controlled topics for claims, for filtering rather than interpretation."""

    opposition_unity = "opposition_unity"
    opposition_leadership = "opposition_leadership"
    armed_resistance = "armed_resistance"
    negotiations = "negotiations"
    international_support = "international_support"
    recognition = "recognition"
    sanctions = "sanctions"
    security = "security"
    terrorism = "terrorism"
    humanitarian = "humanitarian"
    women_rights = "women_rights"
    human_rights = "human_rights"
    governance = "governance"
    regional_relations = "regional_relations"
    return_and_amnesty = "return_and_amnesty"
    economy = "economy"
    meeting_outcome = "meeting_outcome"
