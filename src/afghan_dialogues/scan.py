"""`scan`: what a source's text mentions that the records already know, and what no claim covers.

Reading an article, a maintainer must find out which of its names belong to actors already in
the registry (spellings vary: Muttaqi, Muttaki, Mottaki), which meetings it describes that are
already recorded, and whether every statement has become a claim. The validator only checks
the other direction (that recorded spellings and quotes are in the text), so this is the
tool for the reading: it never judges, it points at lines to read.

It works on a source in progress: records that fail their model are read for what they hold
(ids, names, quotes) or skipped, never a reason to refuse the scan.

Matching is on the text under `normalize_text` (quotes, dashes and spacing as the quote check
compares them), whole words only, leftmost-longest (in "Ahmad Shah Massoud" the short spelling
"Massoud" is not also counted), and case-insensitive except for spellings in capitals
("US" is not "us").
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from rapidfuzz import fuzz, process

from afghan_dialogues.countries import country_name, country_names
from afghan_dialogues.datamodel.models import (
    Actor,
    Claim,
    Meeting,
    Model,
    Participation,
    ReportedDate,
    Source,
)
from afghan_dialogues.datamodel.normalize import name_key, normalize_text
from afghan_dialogues.recordfiles.layout import snapshot_path
from afghan_dialogues.recordfiles.loader import Entry, Loaded, load_folder

DATE_WINDOW = dt.timedelta(days=90)
"""How far from the publication dates a meeting may lie to be offered as one the text describes."""

CLOSEST_ACTORS = 3
CLOSEST_MIN_SCORE = 75
"""rapidfuzz WRatio (0-100) below which an actor is not offered as a likely match of a name."""

RECORDED = "recorded"
"""The spelling as written is recorded for the actor, with this source among its source_ids."""
ADD_SOURCE = "add-source"
"""The spelling is recorded for the actor, but this source is not among its source_ids."""
ADD_SPELLING = "add-spelling"
"""Written unlike every recorded spelling of the actor (another case, or its canonical name)."""

_WORD = re.compile(r"[^\W\d_](?:[\w'-]*\w)?")
_PARTICLES = frozenset(
    {"al", "el", "bin", "ibn", "bint", "ul", "ud", "ur", "e", "i", "de", "da", "van", "von"}
)
_CONNECTORS = frozenset({"of", "for"})
_TITLES = frozenset({
    "acting", "chairman", "chief", "commander", "deputy", "dr", "former", "gen", "general",
    "interior", "leader", "minister", "mr", "mrs", "ms", "president", "prime", "secretary",
    "senior", "spokesman", "spokesperson", "spokeswoman",
})  # fmt: skip
_TIME_WORDS = frozenset(
    w.lower()
    for w in (*calendar.month_name[1:], *calendar.month_abbr[1:], *calendar.day_name, *calendar.day_abbr)
) | {"am", "pm", "gmt", "utc"}
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*(?=\s|$)")
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "prof", "no", "vs", "sept"}
    | {m.lower() for m in calendar.month_abbr[1:]}
)


@dataclass(frozen=True)
class Snapshot:
    """A text snapshot normalized as quotes are compared, with the file line of every offset.

    Lines are normalized one by one and joined with single spaces, which is what
    `normalize_text` gives for the whole file.
    """

    path: Path
    text: str
    starts: tuple[int, ...]
    """Offset in `text` where each non-blank line begins."""
    lines: tuple[int, ...]
    """File line number (1-based) of each non-blank line."""

    @classmethod
    def read(cls, path: Path) -> Snapshot:
        """Raise OSError or UnicodeDecodeError when it cannot be read as UTF-8."""
        text, starts, lines, offset = [], [], [], 0
        for number, raw in enumerate(path.read_bytes().decode("utf-8").splitlines(), start=1):
            line = normalize_text(raw)
            if line:
                starts.append(offset)
                lines.append(number)
                text.append(line)
                offset += len(line) + 1
        return cls(path, " ".join(text), tuple(starts), tuple(lines))

    def line_at(self, offset: int) -> int:
        """File line of an offset in `text`."""
        return self.lines[max(0, bisect.bisect_right(self.starts, offset) - 1)] if self.lines else 1

    def paragraphs(self) -> Iterable[tuple[int, int, int]]:
        """(start, end, file line) of each non-blank line in `text`."""
        for i, start in enumerate(self.starts):
            end = self.starts[i + 1] - 1 if i + 1 < len(self.starts) else len(self.text)
            yield start, end, self.lines[i]


@dataclass(frozen=True)
class Spelling:
    """A name the records know for an actor: a recorded spelling, or the canonical name."""

    actor_id: str
    actor_name: str
    text: str
    """Normalized as the text is."""
    source_ids: frozenset[str]
    recorded: bool
    """False for a canonical name that is not among the actor's recorded spellings."""


@dataclass(frozen=True)
class ActorMention:
    """A known actor named in the text, in one written form."""

    actor_id: str
    actor_name: str
    written: str
    lines: tuple[int, ...]
    status: str
    """RECORDED, ADD_SOURCE or ADD_SPELLING."""


@dataclass(frozen=True)
class CloseActor:
    """An actor whose name resembles an unknown name."""

    actor_id: str
    name: str
    score: int


@dataclass(frozen=True)
class UnknownName:
    """Capitalised words that look like a person or organization no actor is known by."""

    text: str
    lines: tuple[int, ...]
    closest: tuple[CloseActor, ...]


@dataclass(frozen=True)
class MeetingMatch:
    """An existing meeting the text may describe, with the evidence for it."""

    meeting_id: str
    title: str
    start: dt.date | None
    end: dt.date | None
    places: tuple[tuple[str, tuple[int, ...]], ...]
    """City or country names of the meeting found in the text, with their lines."""
    in_window: bool | None
    """The meeting's date lies within DATE_WINDOW of the publication dates (None: unknown)."""
    participants: tuple[str, ...]
    """Its participants that the text names."""
    recorded: bool
    """The meeting already lists this source."""
    city_named: bool
    """The text names the meeting's city, not only its country."""

    @property
    def signals(self) -> int:
        """How many kinds of evidence point at it: place, date, participants."""
        return bool(self.places) + bool(self.in_window) + bool(self.participants)


@dataclass(frozen=True)
class Passage:
    """A sentence of the snapshot that overlaps no claim's quote."""

    line: int
    text: str


@dataclass(frozen=True)
class ScanResult:
    """Everything `scan` found for one source."""

    source_id: str
    snapshot: Path
    published: tuple[dt.date | None, dt.date | None] | None
    """Bounds of the publication date, None while the source's `published` is not valid."""
    actors: tuple[ActorMention, ...]
    recorded_not_found: tuple[tuple[str, str], ...]
    """(actor id, spelling) recorded for this source that the text does not contain."""
    unknown_names: tuple[UnknownName, ...]
    meetings: tuple[MeetingMatch, ...]
    uncovered: tuple[Passage, ...]
    sentences: int
    quotes_not_found: tuple[str, ...]
    """Claims of this source whose quote is not in the text (validate says more)."""
    skipped: dict[str, int] = field(default_factory=dict)
    """Records left out because they fail their model, by record type."""


class ScanError(Exception):
    """The source cannot be scanned: unknown id, or no readable snapshot."""


def _entries(loaded: Loaded, model: type[Model]) -> list[Entry]:
    return [entry for entry in loaded.entries if entry.model is model]


def _model(entry: Entry) -> Any:
    """The validated record, or None when the entry fails its model (a record in progress)."""
    try:
        return entry.model.model_validate(entry.data)
    except ValidationError:
        return None


def _strs(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def known_spellings(loaded: Loaded) -> list[Spelling]:
    """Every spelling and canonical name of every actor, read from the raw records so that an
    actor still failing its model is known by the names it already has."""
    out: list[Spelling] = []
    for entry in _entries(loaded, Actor):
        data = entry.data
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            continue
        actor_id = data["id"]
        raw_name = data.get("name")
        name = raw_name if isinstance(raw_name, str) else actor_id
        texts: set[str] = set()
        names = data.get("names")
        for item in names if isinstance(names, list) else []:
            if isinstance(item, dict) and isinstance(item.get("spelling"), str):
                text = normalize_text(item["spelling"])
                if text:
                    texts.add(text)
                    out.append(Spelling(actor_id, name, text, frozenset(_strs(item.get("source_ids"))), True))
        canonical = normalize_text(name)
        if canonical and canonical not in texts:
            out.append(Spelling(actor_id, name, canonical, frozenset(), False))
    return out


def _capitals(text: str) -> bool:
    """A spelling written in capitals ('US', 'UN', 'ISIS') is matched only as written."""
    return any(ch.isalpha() for ch in text) and not any(ch.islower() for ch in text)


def _pattern(texts: Iterable[str], *, any_case: bool = False) -> re.Pattern[str] | None:
    """One regex of whole-word alternatives, longest first, so the leftmost-longest one wins;
    with `any_case`, those not in capitals match in any case."""
    ordered = sorted(set(texts), key=lambda t: (-len(t), t))
    if not ordered:
        return None
    alternatives = [
        f"(?i:{re.escape(t)})" if any_case and not _capitals(t) else re.escape(t) for t in ordered
    ]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


def _matches(text: str, texts: list[str]) -> list[re.Match[str]]:
    """Matches as written first, then matches in another case where none was found, so that
    "the Washington Post" is "Washington Post" as recorded, not "The Washington Post"."""
    exact = _pattern(texts)
    found = list(exact.finditer(text)) if exact else []
    mask = _covered_mask(len(text), (m.span() for m in found))
    folded = _pattern(texts, any_case=True)
    found += [m for m in (folded.finditer(text) if folded else ()) if not any(mask[m.start() : m.end()])]
    return sorted(found, key=lambda m: m.start())


def find_actors(
    snapshot: Snapshot, spellings: list[Spelling], source_id: str
) -> tuple[list[ActorMention], list[tuple[int, int]]]:
    """Mentions of known actors, and the spans of text they cover."""
    by_fold: dict[str, list[Spelling]] = defaultdict(list)
    for spelling in spellings:
        by_fold[spelling.text.casefold()].append(spelling)
    found: dict[tuple[str, str], list[int]] = defaultdict(list)
    names: dict[str, str] = {}
    spans: list[tuple[int, int]] = []
    for match in _matches(snapshot.text, [s.text for s in spellings]):
        written = match.group()
        candidates = [s for s in by_fold[written.casefold()] if not _capitals(s.text) or s.text == written]
        if not candidates:
            continue
        spans.append(match.span())
        for spelling in candidates:
            found[(spelling.actor_id, written)].append(snapshot.line_at(match.start()))
            names[spelling.actor_id] = spelling.actor_name
    recorded = {(s.actor_id, s.text): s for s in spellings if s.recorded}
    mentions = []
    for (actor_id, written), lines in sorted(found.items()):
        known = recorded.get((actor_id, written))
        if known is None:
            status = ADD_SPELLING
        elif source_id in known.source_ids:
            status = RECORDED
        else:
            status = ADD_SOURCE
        mentions.append(ActorMention(actor_id, names[actor_id], written, tuple(sorted(set(lines))), status))
    return mentions, spans


def _covered_mask(length: int, spans: Iterable[tuple[int, int]]) -> bytearray:
    mask = bytearray(length)
    for start, end in spans:
        mask[start:end] = b"\x01" * (end - start)
    return mask


def _sentence_initial(text: str, start: int, line_starts: set[int]) -> bool:
    """Whether the word at `start` begins a line or follows the end of a sentence."""
    if start in line_starts:
        return True
    before = text[max(0, start - 8) : start].rstrip(" ")  # text is normalized: single spaces
    if before[-1:] in {'"', "'"} and before[-2:-1] in {"", " "}:
        return True  # an opening quote starts quoted speech
    return not before or before[-1] in ".!?:"


def _capitalised(word: str) -> bool:
    head, _, rest = word.partition("-")
    return word[0].isupper() or (head.lower() in _PARTICLES and rest[:1].isupper())


def _name_follows(
    words: list[tuple[int, int, str]], index: int, snapshot: Snapshot, covered: bytearray
) -> bool:
    """Whether a capitalised word outside known names follows the word at `index` after one
    space on its line ("Ayman al-Zawahiri" starting a sentence is a name, "However, Ali" not)."""
    if index + 1 >= len(words):
        return False
    _, end, _ = words[index]
    start, _, word = words[index + 1]
    same_line = snapshot.line_at(start) == snapshot.line_at(end)
    return same_line and snapshot.text[end:start] == " " and not covered[start] and _capitalised(word)


def _strip_possessive(word: str) -> str:
    for ending in ("'s", "'"):
        if word.endswith(ending) and len(word) > len(ending):
            return word[: -len(ending)]
    return word


def find_unknown_names(
    snapshot: Snapshot, covered: bytearray, ignored: set[str], spellings: list[Spelling]
) -> list[UnknownName]:
    """Runs of capitalised words (joined by particles and 'of'/'for') outside known spellings.

    A capitalised word that starts a sentence (or quoted speech) counts only if the text never
    writes it in lower case and either capitalises it elsewhere or another capitalised word
    follows it, and a single word only if it is never written in lower case, so "However",
    "The" and "In" drop out. Month and day names, roles ("Defence Minister", or "Foreign
    Minister" before a known name) and `ignored` (places and meeting series, which are not
    people or organizations) are left out too.
    """
    text = snapshot.text
    line_starts = set(snapshot.starts)
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    inner_capitals = {
        _strip_possessive(w)
        for s, _, w in words
        if _capitalised(w) and not _sentence_initial(text, s, line_starts)
    }
    lowercase = {w for _, _, w in words if w.islower()}
    runs: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    previous_end = -1
    for index, (start, end, word) in enumerate(words):
        joined = (
            current
            and start not in line_starts
            and text[previous_end:start] == " "
            and "'" not in current[-1][1][-2:]
        )
        bare = _strip_possessive(word)
        if covered[start] or bare.lower() in _TIME_WORDS:
            usable = False
        elif _capitalised(word):
            usable = not _sentence_initial(text, start, line_starts) or (
                bare.lower() not in lowercase
                and (bare in inner_capitals or _name_follows(words, index, snapshot, covered))
            )
        else:
            usable = bool(joined) and word.lower() in _PARTICLES | _CONNECTORS
        if usable and (joined or not current):
            current.append((start, word))
        else:
            if current:
                runs.append(current)
            current = [(start, word)] if usable and _capitalised(word) else []
        previous_end = end
    if current:
        runs.append(current)
    found: dict[str, list[int]] = defaultdict(list)
    for whole in runs:
        run = whole
        while run and not _capitalised(run[0][1]):
            run = run[1:]
        while run and not _capitalised(run[-1][1]):
            run = run[:-1]
        while len(run) > 1 and run[0][1].lower() in _TITLES and _capitalised(run[1][1]):
            run = run[1:]  # "President Ashraf Ghani": the name is what follows the title
        if _strip_possessive(run[-1][1]).lower() in _TITLES or all(len(w) < 2 for _, w in run):
            continue  # a role ("Defence Minister", "Secretary General"), not a name
        if len(run) == 1 and _strip_possessive(run[0][1]).lower() in lowercase:
            continue  # a common word capitalised for emphasis or after a colon
        name = " ".join([w for _, w in run[:-1]] + [_strip_possessive(run[-1][1])])
        if name.casefold() in ignored:
            continue
        found[name].append(snapshot.line_at(run[0][0]))
    return [
        UnknownName(name, tuple(sorted(set(lines))), closest_actors(name, spellings))
        for name, lines in sorted(found.items(), key=lambda item: (min(item[1]), item[0]))
    ]


def closest_actors(name: str, spellings: list[Spelling]) -> tuple[CloseActor, ...]:
    """The actors whose spellings or names resemble `name` most (rapidfuzz WRatio on folded
    names, which tolerates transliteration and partial names)."""
    choices = {i: name_key(s.text) for i, s in enumerate(spellings)}
    best: dict[str, int] = {}
    for _, score, index in process.extract(
        name_key(name), choices, scorer=fuzz.WRatio, score_cutoff=CLOSEST_MIN_SCORE, limit=None
    ):
        actor_id = spellings[index].actor_id
        best[actor_id] = max(best.get(actor_id, 0), round(score))
    names = {s.actor_id: s.actor_name for s in spellings}
    ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))[:CLOSEST_ACTORS]
    return tuple(CloseActor(actor_id, names[actor_id], score) for actor_id, score in ranked)


def _place_names(meeting: Meeting) -> list[str]:
    names = [meeting.city] if meeting.city else []
    country = country_name(meeting.country) if meeting.country else None
    return [*names, country] if country else names


def _in_window(
    start: dt.date | None, end: dt.date | None, low: dt.date | None, high: dt.date | None
) -> bool | None:
    """Whether a meeting's dates fall in the window [low, high] (an empty side: open).

    A meeting known only to lie before (or after) some day is in the window only when that day
    is: "before December 2024" says nothing about January 2022. None when it has no date.
    """

    def inside(day: dt.date) -> bool:
        return (low is None or day >= low) and (high is None or day <= high)

    if start is not None and end is not None:
        return (high is None or start <= high) and (low is None or end >= low)
    if start is not None:
        return inside(start)
    if end is not None:
        return inside(end)
    return None


def find_meetings(
    snapshot: Snapshot,
    *,
    loaded: Loaded,
    source_id: str,
    published: tuple[dt.date | None, dt.date | None] | None,
    named_actors: dict[str, set[str]],
    skipped: dict[str, int],
) -> list[MeetingMatch]:
    """Meetings with two kinds of evidence (their city or country named, their date within
    DATE_WINDOW of publication, their participants named), or two participants named (the
    publication date may not be filled in yet); most evidence first, a named city before a
    country alone. `named_actors` holds the forms in which the text names each actor: a
    participant named only by the place's name (Iran, host of talks in Iran) is the place's
    evidence, not a second kind."""
    participants: dict[str, set[str]] = defaultdict(set)
    for entry in _entries(loaded, Participation):
        data = entry.data
        if (
            isinstance(data, dict)
            and isinstance(data.get("meeting_id"), str)
            and isinstance(data.get("actor_id"), str)
        ):
            participants[data["meeting_id"]].add(data["actor_id"])
    out = []
    for entry in _entries(loaded, Meeting):
        meeting = _model(entry)
        if meeting is None:
            skipped["meetings"] = skipped.get("meetings", 0) + 1
            continue
        places = []
        city_named = False
        for place in _place_names(meeting):
            pattern = _pattern([normalize_text(place)])
            lines = [snapshot.line_at(m.start()) for m in pattern.finditer(snapshot.text)] if pattern else []
            if lines:
                places.append((place, tuple(sorted(set(lines)))))
                city_named = city_named or place == meeting.city
        if published is None:
            in_window = None
        else:
            first, last = published
            in_window = _in_window(
                meeting.date.start,
                meeting.date.end,
                first - DATE_WINDOW if first else None,
                last + DATE_WINDOW if last else None,
            )
        place_names = {place.casefold() for place in _place_names(meeting)}
        named = tuple(
            sorted(
                actor_id
                for actor_id in participants[meeting.id] & named_actors.keys()
                if not {w.casefold() for w in named_actors[actor_id]} <= place_names
            )
        )
        if bool(places) + bool(in_window) + bool(named) < 2 and len(named) < 2:
            continue
        out.append(
            MeetingMatch(
                meeting.id,
                meeting.title,
                meeting.date.start,
                meeting.date.end,
                tuple(places),
                in_window,
                named,
                source_id in meeting.source_ids,
                city_named,
            )
        )
    return sorted(out, key=lambda m: (-m.signals, -m.city_named, -len(m.participants), m.meeting_id))


def _sentences(snapshot: Snapshot) -> list[tuple[int, int, int]]:
    """(start, end, line) of each sentence: lines split after . ! ? not ending an abbreviation."""
    text = snapshot.text
    out = []
    for start, end, line in snapshot.paragraphs():
        begin = start
        for match in _SENTENCE_END.finditer(text, start, end):
            word = re.search(r"(\w+)\W*$", text[begin : match.start() + 1])
            token = word.group(1) if word else ""
            if (len(token) == 1 and token.isupper()) or token.lower() in _ABBREVIATIONS:
                continue
            out.append((begin, match.end(), line))
            begin = match.end() + 1
        if begin < end:
            out.append((begin, end, line))
    return [(s, e, line) for s, e, line in out if re.search(r"\w", text[s:e])]


def find_uncovered(snapshot: Snapshot, quotes: dict[str, str]) -> tuple[list[Passage], int, list[str]]:
    """Sentences no quote overlaps, the number of sentences, and the claims whose quote is
    not in the text."""
    text = snapshot.text
    spans: list[tuple[int, int]] = []
    missing = []
    for claim_id, quote in quotes.items():
        needle = normalize_text(quote)
        at = text.find(needle) if needle else -1
        if at < 0:
            missing.append(claim_id)
        while at >= 0:
            spans.append((at, at + len(needle)))
            at = text.find(needle, at + 1)
    mask = _covered_mask(len(text), spans)
    sentences = _sentences(snapshot)
    uncovered = [Passage(line, text[s:e]) for s, e, line in sentences if not any(mask[s:e])]
    return uncovered, len(sentences), sorted(missing)


def _published(entry: Entry | None) -> tuple[dt.date | None, dt.date | None] | None:
    if entry is None or not isinstance(entry.data, dict):
        return None
    try:
        date = ReportedDate.model_validate(entry.data.get("published"))
    except ValidationError:
        return None
    if date.start is None and date.end is None:
        return None
    return date.start, date.end


def scan_source(root: Path, source_id: str) -> ScanResult:
    """Scan the snapshot of `source_id` against the records of the folder `root`."""
    loaded = load_folder(root)
    sources = [
        e for e in _entries(loaded, Source) if isinstance(e.data, dict) and e.data.get("id") == source_id
    ]
    path = loaded.texts.get(source_id) or snapshot_path(root, source_id)
    if not sources and not path.is_file():
        raise ScanError(f"no source '{source_id}' and no snapshot {path}")
    try:
        snapshot = Snapshot.read(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise ScanError(f"cannot read the snapshot {path} as UTF-8: {exc}") from exc
    spellings = known_spellings(loaded)
    mentions, spans = find_actors(snapshot, spellings, source_id)
    found = {(m.actor_id, m.written) for m in mentions}
    recorded_not_found = sorted(
        (s.actor_id, s.text)
        for s in spellings
        if s.recorded and source_id in s.source_ids and (s.actor_id, s.text) not in found
    )
    skipped: dict[str, int] = {}
    published = _published(sources[0] if sources else None)
    named_actors: dict[str, set[str]] = defaultdict(set)
    for mention in mentions:
        named_actors[mention.actor_id].add(mention.written)
    meetings = find_meetings(
        snapshot,
        loaded=loaded,
        source_id=source_id,
        published=published,
        named_actors=named_actors,
        skipped=skipped,
    )
    ignored = {p.casefold() for p in _not_actors(loaded)}
    unknown = find_unknown_names(snapshot, _covered_mask(len(snapshot.text), spans), ignored, spellings)
    quotes = {
        e.data["id"]: e.data["quote"]
        for e in _entries(loaded, Claim)
        if isinstance(e.data, dict)
        and e.data.get("source_id") == source_id
        and isinstance(e.data.get("id"), str)
        and isinstance(e.data.get("quote"), str)
    }
    uncovered, sentences, missing = find_uncovered(snapshot, quotes)
    return ScanResult(
        source_id=source_id,
        snapshot=path,
        published=published,
        actors=tuple(mentions),
        recorded_not_found=tuple(recorded_not_found),
        unknown_names=tuple(unknown),
        meetings=tuple(meetings),
        uncovered=tuple(uncovered),
        sentences=sentences,
        quotes_not_found=tuple(missing),
        skipped=skipped,
    )


def _not_actors(loaded: Loaded) -> set[str]:
    """Names that are not people or organizations: every country, and the city and series of
    every meeting (read from the raw records, valid or not)."""
    names = set(country_names().values())
    for entry in _entries(loaded, Meeting):
        if isinstance(entry.data, dict):
            names |= {v for k in ("city", "series") if isinstance(v := entry.data.get(k), str)}
    return names
