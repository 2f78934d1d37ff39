"""Coded values, each with its definition.

Every coded field is an enum so that consumers can rely on a closed vocabulary: the values are
written into the Frictionless constraints, the JSON Schemas, the Parquet metadata, the codebook
and the workbook's About sheet. Each member carries its definition (`definition`), which those
files read from here, so a value is defined in one place. Adding a value is a minor change;
renaming or removing one, or changing what it means, is a breaking change.
"""

from __future__ import annotations

from enum import StrEnum


class Vocabulary(StrEnum):
    """A closed vocabulary whose members are written `name = "value", "definition"`.

    The value is what the data holds; the definition says what it means, in one or two
    sentences a coder and a consumer read alike.
    """

    definition: str

    def __new__(cls, value: str, definition: str = "") -> Vocabulary:
        member = str.__new__(cls, value)
        member._value_ = value
        member.definition = definition
        return member


class SourceKind(Vocabulary):
    """What kind of document a source is."""

    news_report = "news_report", "A report of events by a news outlet or agency, in its own voice."
    op_ed = (
        "op_ed",
        (
            "An opinion piece that argues a position: a signed column, or an outlet's unsigned commentary "
            "(the model has no separate value for an editorial)."
        ),
    )
    analysis = "analysis", "An explanatory piece by a researcher or institute that weighs evidence."
    interview = (
        "interview",
        "Answers of a named person to an interviewer, verbatim or rendered in reported speech.",
    )
    statement = (
        "statement",
        "A text issued by an actor in its own name: a communiqué, declaration or press release.",
    )
    transcript = "transcript", "A verbatim record of spoken words: a speech, briefing or press conference."
    social_media_post = "social_media_post", "A post on a social network by the account's holder."


class ActorKind(Vocabulary):
    """What kind of entity an actor is."""

    person = "person", "One human being."
    organization = (
        "organization",
        (
            "A movement, party, institute or other organization that is neither a government, an armed "
            "group, a coalition, a media outlet nor an international organization."
        ),
    )
    government = (
        "government",
        (
            "The government of a state, or one of its bodies (a ministry, a mission), as distinct from the "
            "state itself; a de facto government is coded so whether or not other states recognise it."
        ),
    )
    state = "state", "A country as a subject of international relations (Iran, Russia, the United States)."
    coalition = "coalition", "An alliance of several actors that acts under a name of its own."
    armed_group = "armed_group", "A non-state group that uses or claims armed force."
    media_outlet = (
        "media_outlet",
        "A newspaper, agency, channel or website that publishes news or commentary.",
    )
    international_organization = (
        "international_organization",
        ("An organization whose members are states, or a body with an international mandate (the ICRC)."),
    )


class NameForm(Vocabulary):
    """How a recorded spelling relates to the actor's canonical name."""

    full = "full", "The complete name, as the canonical name gives it (in this or another transliteration)."
    short = "short", "A part of the full name used alone: a surname, a name without its title or suffix."
    abbreviation = "abbreviation", "An acronym or initialism (UN, NATO, US)."
    variant = "variant", "Another transliteration or ordering of the same name (Masoud for Massoud)."
    misspelling = "misspelling", "A spelling the source gets wrong, recorded as written so it can be found."
    translation = "translation", "The name rendered in another language or by another translation of it."


class AffiliationKind(Vocabulary):
    """Coded kind of a role held in or for an organization (the affiliation's `role` keeps the
    sources' wording)."""

    leader = "leader", "Heads the organization: leader, chairman, president, head."
    deputy_leader = "deputy_leader", "Second to the leader: deputy, vice-chairman."
    founder = "founder", "Founded or co-founded the organization."
    member = "member", "Belongs to the organization without a coded office."
    spokesperson = "spokesperson", "Speaks for the organization."
    deputy_spokesperson = "deputy_spokesperson", "Speaks for the organization in second to its spokesperson."
    minister = "minister", "Holds a ministry in the government (acting ministers included)."
    head_of_office = "head_of_office", "Heads one of the organization's offices or departments."
    official = "official", "Holds an office the sources do not name more precisely."
    envoy = "envoy", "Represents the organization or state on a special mission or to a country."
    diplomat = "diplomat", "Serves in the diplomatic service: an ambassador, a consul, embassy staff."
    military_commander = "military_commander", "Commands fighters of the organization."
    researcher = "researcher", "Works as a researcher or analyst for the organization."
    associate = "associate", "Linked to the organization in a way the sources do not make more precise."


class MeetingKind(Vocabulary):
    """What kind of gathering a meeting is."""

    conference = "conference", "A gathering of many participants around a programme, often of a named series."
    meeting = "meeting", "A gathering of a few participants that is neither talks, a conference nor a visit."
    talks = "talks", "Negotiations or discussions between parties to a dispute."
    visit = "visit", "One actor's journey to another's country or seat, with the meetings held there."
    online_conference = "online_conference", "A conference held online, whatever the participants' places."


class MeetingStatus(Vocabulary):
    """Whether a meeting took place, as far as the sources tell."""

    held = "held", "The meeting took place."
    planned = "planned", "Announced or expected; the sources do not say that it took place."
    cancelled = "cancelled", "Announced, then called off."
    postponed = "postponed", "Announced, then moved to a later date."
    unconfirmed = (
        "unconfirmed",
        ("Reported as having taken place only by unofficial or unnamed accounts the sources do not confirm."),
    )


class ParticipationRole(Vocabulary):
    """The part an actor played in a meeting. An actor has one row per role: a host that also
    spoke has a `host` and a `speaker` row."""

    host = "host", "Received the meeting on its territory or premises."
    organizer = "organizer", "Convened or arranged the meeting (the host may be another actor)."
    attendee = "attendee", "Took part, in no more precise role the sources give."
    delegation_head = "delegation_head", "Led a delegation to the meeting."
    speaker = "speaker", "Addressed the meeting."
    keynote = "keynote", "Gave the main or opening address."
    observer = "observer", "Attended without taking part in its decisions."
    invited = "invited", "Was invited; whether it came is not known from the sources."
    declined = "declined", "Was invited and refused, or stayed away."


class QuoteKind(Vocabulary):
    """How the source renders the speaker's words."""

    direct = "direct", 'The source presents the words as the speaker\'s own (quotation marks, or "said:").'
    indirect = "indirect", 'Reported speech: the source retells the words ("said that ...").'
    paraphrase = "paraphrase", "The source's rendering of the speaker's position, without a verb of speech."
    editorial = (
        "editorial",
        (
            "The author's or outlet's own assertion: the speaker is the source's author, or its publisher "
            "when no author is named, or nobody when neither is known."
        ),
    )


class RelationKind(Vocabulary):
    """How one claim relates to another. A row reads "`claim_id` contradicts (supports, repeats,
    updates) `other_claim_id`"; each related pair is recorded once, in one direction, so look in
    both columns for every claim related to a given one."""

    contradicts = (
        "contradicts",
        (
            "The two claims cannot both be true. Symmetric in meaning: which claim is `claim_id` carries "
            "no meaning."
        ),
    )
    supports = "supports", "`claim_id` agrees with `other_claim_id` or gives evidence for it."
    repeats = "repeats", "`claim_id` states again what `other_claim_id` states (the same source or another)."
    updates = (
        "updates",
        (
            "`claim_id` reports a later state of what `other_claim_id` reported (a plan carried out, a "
            "position changed); the older claim is not thereby false for its own time."
        ),
    )


class Calendar(Vocabulary):
    """The calendar a date was written in. `start` and `end` are always Gregorian."""

    gregorian = "gregorian", "The Gregorian calendar."
    solar_hijri = (
        "solar_hijri",
        (
            "The Solar Hijri calendar of Afghanistan and Iran (Afghanistan names the months after the "
            "zodiac: Qaws, Iran Azar); `original` holds the year-month-day as written."
        ),
    )
    lunar_hijri = "lunar_hijri", "The Islamic lunar calendar; `original` holds the year-month-day as written."


class Precision(Vocabulary):
    """The unit to which a date is known: the interval from `start` to `end` has exactly that length.

    A date is never more precise than its evidence, so the precision is that of what the source
    writes, or of what outside evidence adds. For a Hijri date the unit is a Hijri month or year.
    """

    day = "day", "One day: `start` equals `end`. A meeting over several days known to the day is a `range`."
    week = "week", "Seven consecutive days (not always Monday to Sunday): the week in which the date lies."
    month = "month", "One calendar month, from its first to its last day."
    year = "year", "One calendar year, from its first to its last day."
    range = (
        "range",
        (
            "Any other interval: a span of several days (27-28 November), an interval that is no single "
            'unit ("in the past two years", "recently"), or an open one (only `start` or only `end`).'
        ),
    )


class Certainty(Vocabulary):
    """How a date was obtained."""

    stated = "stated", "The source writes the date (in any calendar)."
    inferred = (
        "inferred",
        (
            "Derived from the source's words and outside evidence by reasoning the `note` gives: a "
            'weekday or "yesterday" read against the publication date, a date from an outside reference.'
        ),
    )
    approximate = "approximate", "An estimate: the bounds are as close as the evidence allows, not exact."


class RetiredReason(Vocabulary):
    """Why an id was retired."""

    merged = "merged", "The record was a duplicate; `merged_into` names the record that replaces it."
    withdrawn = "withdrawn", "The record was wrong or out of scope and has no replacement."


class Topic(Vocabulary):
    """Controlled topics for claims, for filtering rather than interpretation; a claim has every
    topic it touches, or none."""

    opposition_unity = (
        "opposition_unity",
        "Cooperation, alliances or divisions among the Taliban's opponents.",
    )
    opposition_leadership = "opposition_leadership", "Who leads or should lead the opposition."
    armed_resistance = "armed_resistance", "Armed struggle against the Taliban, or its rejection."
    negotiations = "negotiations", "Talks between the Taliban and their opponents or foreign states."
    international_support = (
        "international_support",
        ("Support of foreign states or organizations for the Taliban or their opponents, given or withheld."),
    )
    recognition = (
        "recognition",
        "Recognition of the Taliban government, or of its opponents, by other states.",
    )
    sanctions = "sanctions", "Sanctions, and lists of sanctioned people or groups."
    security = "security", "Violence, security threats and military matters."
    terrorism = "terrorism", "Terrorist groups, attacks and counter-terrorism."
    humanitarian = "humanitarian", "Aid, refugees and humanitarian conditions."
    women_rights = "women_rights", "The rights of women and girls (education, work, dress)."
    human_rights = "human_rights", "Human rights other than women's in particular."
    governance = "governance", "How Afghanistan is governed: inclusiveness, legitimacy, institutions."
    regional_relations = (
        "regional_relations",
        "Relations between Afghanistan's actors and neighbouring or regional states.",
    )
    return_and_amnesty = "return_and_amnesty", "The return of exiled figures, and amnesty offered to them."
    economy = "economy", "Economic conditions, trade and assets."
    meeting_outcome = "meeting_outcome", "What a meeting achieved or decided."


def vocabularies() -> tuple[type[Vocabulary], ...]:
    """Every coded vocabulary, in the order defined here."""
    return tuple(Vocabulary.__subclasses__())
