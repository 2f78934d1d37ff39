"""Outside knowledge cited: a note that rests on something outside the record's own sources
points at a reference a reader can check.

A curators' note (a record's `note`/`notes`, and the `note` of every reported date) that says a
date, an identity or a participation comes from outside the sources ("outside reports", "the
organiser's page", "according to AFP", a web address...) needs a `references` entry. The phrases
are `OUTSIDE_KNOWLEDGE` (and the outlets of `OUTLETS`, with the dataset's own media outlets):
extend them there. Text in quotation marks is the source's wording, not the curators' claim,
and a negated phrase ("no outside report was found") claims nothing; both are skipped.

Where the reference may sit, by table (claims and relationship rows have no references):
- a source, actor or meeting: its own `references`;
- a claim: its source's references, one of which names the claim in `supports` or `says`
  (`clm-x-009, -010` names both claims), as `records/CURATION.md` asks;
- a participation: the meeting's or the actor's; an affiliation: the actor's or the
  organization's; a claim relation: either claim's (as for a claim);
- for every note, also any source, actor or meeting the note names by id ("see mtg-...").
A date's certainty does not matter: a stated date whose note quotes an organiser rests on the
organiser as much as an inferred one. Tombstone notes are not checked: a retired id has no
record left to carry a reference.

Notes are searched with one vectorised regular expression per column; only the rows it hits
(few, even among a million claims) are read in Python.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.enums import ActorKind
from afghan_dialogues.datamodel.tables import TABLES, Table
from afghan_dialogues.findings import Finding
from afghan_dialogues.validate.checked import Checked, list_items, positions

OUTSIDE_KNOWLEDGE: tuple[tuple[str, str], ...] = (
    ("background knowledge", r"\b(?:background|general|common|outside|prior|personal) knowledge\b"),
    ("well known", r"\b(?:well[- ]known|widely (?:reported|known))\b"),
    (
        "outside reports",
        r"\b(?:outside|external) (?:reports?|evidence|sources?|accounts?|coverage|information)\b",
    ),
    (
        "other reports",
        r"\b(?:other|later|further|subsequent|contemporary|news|press|media) (?:reports?|coverage)\b",
    ),
    ("known from", r"\bknown (?:from|through|via)\b"),
    (
        "the organiser's page",
        r"\b(?:organi[sz]er(?:'s|s'|s)?|official|ministry(?:'s)?|embassy(?:'s)?) (?:own )?"
        r"(?:page|site|website|programme|program|announcement|communiqu[eé])\b",
    ),
    (
        "the organiser says",
        r"\bthe organi[sz]ers? (?:reports?|says?|dates?|names?|lists?|calls?|describes?|gives?|confirms?)\b",
    ),
    ("press release", r"\bpress releases?\b"),
    ("wire original", r"\bwire (?:original|report|copy|story|text|service)\b"),
    ("an archive or encyclopedia", r"\b(?:Wikipedia|Wayback Machine|archive\.org)\b"),
    ("a web address", r"https?://|\bwww\."),
    ("see the references", r"\bsee (?:the )?(?:[a-z-]+'s )?references\b"),
    (
        "according to other reports",
        r"\b(?:according to|reported by) (?:the )?(?:outside|external|other|later|press|media|news|wire|"
        r"several|multiple|local|some)\b",
    ),
)
"""(label, regular expression, matched case-insensitively) of what says a note rests on
knowledge from outside the record's own sources."""

OUTLETS: tuple[str, ...] = (
    "AP",
    "Associated Press",
    "AFP",
    "Agence France-Presse",
    "Reuters",
    "IANS",
    "Xinhua",
    "TASS",
    "RIA Novosti",
    "Interfax",
    "IRNA",
    "ISNA",
    "Tasnim",
    "Fars",
    "Mehr",
    "Press TV",
    "Al Jazeera",
    "BBC",
    "BBC Persian",
    "VOA",
    "RFE/RL",
    "Radio Azadi",
    "TOLOnews",
    "Tolo News",
    "Pajhwok",
    "Khaama Press",
    "Ariana News",
    "Amu TV",
    "Kabul Now",
    "KabulNow",
    "Afghanistan International",
    "Etilaatroz",
    "Hasht-e Subh",
    "Bayan News",
    "DID Press",
    "Washington Post",
    "New York Times",
    "Wall Street Journal",
    "Guardian",
    "Dawn",
    "Express Tribune",
    "Asia-Plus",
    "Anadolu",
)
"""News outlets and agencies a note may cite ("according to AFP", "Reuters reported"), besides
the media outlets of the dataset's own actors. An outlet of the record's own source (its
publisher, a claim's speaker or intermediary) is the source speaking, not outside knowledge."""

_REPORTING = r"(?:reports?|reported|writes|wrote|says|said|dates?|dated|quotes?|quoted|confirms?|confirmed)"
_NEGATIONS = {"no", "not", "without", "nor", "never", "any"}
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|«[^»]*»|(?<![\w'])'[^'\n]*'(?![\w'])")
_NAMED_ID = re.compile(r"\b(?:src|act|mtg)-[a-z0-9]+(?:-[a-z0-9]+)*")
_NAMED_CLAIMS = re.compile(r"\b(clm-[a-z0-9-]+)-([0-9]+)\b|(?<![\w-])-([0-9]+)\b")
_HOLDERS: dict[str, tuple[str, ...]] = {
    "sources": ("id",),
    "actors": ("id",),
    "meetings": ("id",),
    "participants": ("meeting_id", "actor_id"),
    "affiliations": ("actor_id", "organization_id"),
}
"""Columns naming the records whose references a row's notes may rest on (claims and claim
relations: their sources' references naming the claim)."""


def _outlet_pattern(names: Iterable[str]) -> str:
    alternatives = "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True))
    cited = rf"(?i:according to|reported by|per) (?:the )?({alternatives})\b"
    return rf"\b(?:{cited}|({alternatives}) {_REPORTING}\b)"


_PREFILTER = (
    "(?i)"
    + "|".join(f"(?:{p})" for _, p in OUTSIDE_KNOWLEDGE)
    + r"|according to|reported by|\b(?:"
    + "|".join(re.escape(n) for n in OUTLETS)
    + r")\b"
)


def note_columns(table: Table) -> list[str]:
    """Curators' notes of a table: `note`, `notes` and the notes of its reported dates."""
    return [
        c.name
        for c in table.columns
        if c.name in ("note", "notes") or (c.date is not None and c.date[1] == "note")
    ]


def claims_named(text: str) -> set[str]:
    """Claim ids a text names, reading the short form of `clm-x-009, -010 (...), -012` as claims
    of the last id's source."""
    found: set[str] = set()
    stem = None
    for match in _NAMED_CLAIMS.finditer(text):
        if match.group(1) is not None:
            stem = match.group(1)
            found.add(f"{stem}-{match.group(2)}")
        elif stem is not None:
            found.add(f"{stem}-{match.group(3)}")
    return found


@dataclass
class _Evidence:
    """What the rule knows of the dataset's references and outlets."""

    referenced: set[str]
    """Ids of sources, actors and meetings that carry references."""
    claims_cited: dict[str, set[str]]
    """Claim ids named by each source's references."""
    names: dict[str, set[str]]
    """Casefolded names and spellings of each actor."""
    outlets: re.Pattern[str]
    publishers: dict[str, str | None]
    """Publisher of each source."""
    claim_sources: dict[str, str] | None = None
    """Source of each claim, read when a claim relation needs it."""
    voices: dict[str, set[str]] | None = None
    """Speakers and intermediaries of each source's claims, read when a note names an outlet."""


def _evidence(t: Checked) -> _Evidence:
    referenced = set(t.values("references", "record_id"))
    claims_cited: dict[str, set[str]] = defaultdict(set)
    for record, says, supports in zip(
        t.values("references", "record_id"),
        t.values("references", "says"),
        t.values("references", "supports"),
        strict=True,
    ):
        if record.startswith("src-"):
            claims_cited[record] |= claims_named(f"{supports}\n{says}")
    names: dict[str, set[str]] = defaultdict(set)
    outlets = set(OUTLETS)
    kinds = dict(zip(t.values("actors", "id"), t.values("actors", "kind"), strict=True))
    for actor, name in zip(t.values("actors", "id"), t.values("actors", "name"), strict=True):
        names[actor].add(name.casefold())
        if kinds[actor] == ActorKind.media_outlet.value:
            outlets.add(name)
    for actor, spelling in zip(
        t.values("actor_names", "actor_id"), t.values("actor_names", "spelling"), strict=True
    ):
        names[actor].add(spelling.casefold())
        if kinds.get(actor) == ActorKind.media_outlet.value:
            outlets.add(spelling)
    publishers = dict(zip(t.values("sources", "id"), t.values("sources", "publisher_id"), strict=True))
    return _Evidence(referenced, claims_cited, names, re.compile(_outlet_pattern(outlets)), publishers)


def check_citations(t: Checked) -> list[Finding]:
    """Notes resting on outside knowledge whose records carry no reference for it."""
    evidence: _Evidence | None = None
    out: list[Finding] = []
    for table in TABLES:
        if table.name not in (*_HOLDERS, "claims", "claim_relations"):
            continue
        for column in note_columns(table):
            values = t.column(table.name, column)
            if len(values) == 0:
                continue
            hits = positions(pc.match_substring_regex(values, _PREFILTER))
            if not hits:
                continue
            evidence = evidence or _evidence(t)
            notes = values.take(pa.array(hits, pa.int64())).to_pylist()
            for row, note in zip(hits, notes, strict=True):
                found = _uncited(t, evidence, table.name, row, str(note))
                if found is not None:
                    phrase, holders, hint = found
                    out.append(
                        t.finding(
                            table.name,
                            row,
                            F.TRUTH_OUTSIDE_KNOWLEDGE_UNCITED,
                            f"the note rests on outside knowledge ('{phrase}') but {holders}",
                            column,
                            hint=hint,
                        )
                    )
    return out


def outside_phrase(note: str, outlets: re.Pattern[str], own: Callable[[], set[str]]) -> str | None:
    """The first phrase saying the note rests on outside knowledge, or None.

    Quoted text is the source's wording and is skipped, as are negated phrases and the outlets
    `own()` names (casefolded names of the record's own sources' voices, read only when a note
    names an outlet).
    """
    text = _QUOTED.sub('""', note)
    for _, pattern in OUTSIDE_KNOWLEDGE:
        for match in re.finditer(pattern, text, re.IGNORECASE):
            if not _negated(text, match.start()):
                return match.group(0)
    for match in outlets.finditer(text):
        outlet = match.group(1) or match.group(2)
        if not _negated(text, match.start()) and outlet.casefold() not in own():
            return match.group(0)
    return None


def _negated(text: str, start: int) -> bool:
    before = re.findall(r"[a-z]+", text[max(0, start - 30) : start].casefold())
    return bool(_NEGATIONS.intersection(before[-2:]))


def _uncited(t: Checked, evidence: _Evidence, table: str, row: int, note: str) -> tuple[str, str, str] | None:
    """(phrase, who should cite, hint) when the note needs a reference that is missing."""
    named = {rid for rid in _NAMED_ID.findall(note) if rid in evidence.referenced}
    if table in ("claims", "claim_relations"):
        claims = _claims_of(t, evidence, table, row)
        sources = {source for _, source in claims}
        phrase = outside_phrase(note, evidence.outlets, lambda: _own_outlets(t, evidence, sources))
        if phrase is None or named:
            return None
        if any(claim in evidence.claims_cited.get(source, ()) for claim, source in claims):
            return None
        source_list = " or ".join(sorted(sources)) or "its source"
        claim_list = " or ".join(sorted(c for c, _ in claims))
        return (
            phrase,
            f"no reference of {source_list} names {claim_list}",
            f"add to the references of {source_list} an entry (url or citation, says, supports) "
            f"whose `supports` names {claim_list}",
        )
    holders = [t.column(table, c)[row].as_py() for c in _HOLDERS[table]]
    sources = _sources_of(t, table, row)
    phrase = outside_phrase(note, evidence.outlets, lambda: _own_outlets(t, evidence, sources))
    if phrase is None or named or any(h in evidence.referenced for h in holders):
        return None
    where = " or ".join(holders)
    return (
        phrase,
        f"neither {holders[0]} nor {holders[1]} carries references"
        if len(holders) > 1
        else f"{holders[0]} carries no references",
        f"add `references` to {where} (url or citation, says, supports) for what the note takes "
        "from outside the sources",
    )


def _claims_of(t: Checked, evidence: _Evidence, table: str, row: int) -> list[tuple[str, str]]:
    """(claim id, its source) of a claim row, or of both claims of a relation row."""
    if table == "claims":
        return [(t.column(table, "id")[row].as_py(), t.column(table, "source_id")[row].as_py())]
    if evidence.claim_sources is None:
        evidence.claim_sources = dict(
            zip(t.values("claims", "id"), t.values("claims", "source_id"), strict=True)
        )
    of = evidence.claim_sources
    wanted = [t.column(table, c)[row].as_py() for c in ("claim_id", "other_claim_id")]
    return [(claim, of[claim]) for claim in wanted if claim in of]


def _sources_of(t: Checked, table: str, row: int) -> set[str]:
    if table == "sources":
        return {t.column(table, "id")[row].as_py()}
    if table == "actors":
        return set()
    return set(t.column(table, "source_ids")[row].as_py() or ())


def _own_outlets(t: Checked, evidence: _Evidence, sources: set[str]) -> set[str]:
    """Casefolded names of the actors through whom the record's own sources speak: their
    publishers, and the speakers and intermediaries of their claims."""
    if evidence.voices is None:
        claims = t.tables["claims"]
        voices: dict[str, set[str]] = defaultdict(set)
        for source, speaker in zip(
            t.values("claims", "source_id"), t.values("claims", "speaker_id"), strict=True
        ):
            if speaker is not None:
                voices[source].add(speaker)
        via, rows = list_items(claims.column("via_ids"))
        for source, actor in zip(
            claims.column("source_id").take(rows).to_pylist(), via.to_pylist(), strict=True
        ):
            voices[source].add(actor)
        evidence.voices = dict(voices)
    actors = {p for p in (evidence.publishers.get(s) for s in sources) if p}
    for source in sources:
        actors |= evidence.voices.get(source, set())
    return {name for actor in actors for name in evidence.names.get(actor, ())}
