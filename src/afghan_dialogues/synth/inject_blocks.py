"""Errors injected into one source and its claims, as a curator's slip would put them there.

Each function breaks one thing in one block and says what it broke; it returns None when the
block offers no suitable record (a claim with a speaker, a claim with a stated date...), and
the plan tries the next block. Every mutation is of a kind that leaves the rest of the block
valid, so each injection produces its own finding and no other injection hides it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.enums import Calendar
from afghan_dialogues.datamodel.normalize import normalize_text
from afghan_dialogues.synth import dates as D
from afghan_dialogues.synth.actors import Actor
from afghan_dialogues.synth.manifest import Injected
from afghan_dialogues.synth.names import slug
from afghan_dialogues.synth.world import Row, SourceBlock, flat


@dataclass
class BlockEdit:
    """One block being corrupted, and what the writers must do differently for it."""

    fmt: str
    block: SourceBlock
    rng: random.Random
    actors: Mapping[str, Actor]
    tombstones: dict[str, str]
    text: str | None = None
    file_name: str = ""
    bom: bool = False

    def __post_init__(self) -> None:
        self.text = self.block.text
        self.file_name = f"{self.block.source['id']}.yaml"

    @property
    def records(self) -> bool:
        """True for the records format."""
        return self.fmt == "records"

    def claim_entry(self, claim: Row, code: str, field_name: str, note: str) -> Injected:
        """A manifest entry for a claim of this block."""
        claim_id = str(claim["id"])
        if self.records:
            return Injected(code, f"sources/{self.file_name}", claim_id, field_name, note)
        return Injected(
            code, "parquet/claims.parquet", claim_id, field_name, note, table="claims", key=(claim_id,)
        )

    def source_entry(self, code: str, field_name: str | None, note: str, *, record: bool = True) -> Injected:
        """A manifest entry for the source of this block (or its file, when `record` is False)."""
        source_id = str(self.block.source["id"])
        if self.records:
            return Injected(
                code, f"sources/{self.file_name}", source_id if record else None, field_name, note
            )
        return Injected(
            code, "parquet/sources.parquet", source_id, field_name, note, table="sources", key=(source_id,)
        )


BlockInjector = Callable[[BlockEdit], Injected | None]


def _claim(edit: BlockEdit, need: Callable[[Row], bool] = lambda _: True) -> Row | None:
    candidates = [c for c in edit.block.claims if need(c)]
    return edit.rng.choice(candidates) if candidates else None


def _published_start(edit: BlockEdit) -> dt.date:
    start = edit.block.source["published_start"]
    assert isinstance(start, dt.date)
    return start


def _set_stated(claim: Row, date: D.DateParts) -> None:
    claim.update(flat("stated", date))


def bad_id(edit: BlockEdit) -> Injected | None:
    """An id with a zero-width space pasted in, or the prefix of another table."""
    claim = _claim(edit)
    if claim is None:
        return None
    old = str(claim["id"])
    if edit.rng.random() < 0.5:
        cut = edit.rng.randrange(5, len(old))
        claim["id"] = old[:cut] + "\u200b" + old[cut:]
        note = "zero-width space inside the id"
    else:
        claim["id"] = "claim-" + old.removeprefix("clm-")
        note = "prefix 'claim-' instead of 'clm-'"
    return edit.claim_entry(claim, F.MODEL_BAD_ID, "id", note)


def bad_enum(edit: BlockEdit) -> Injected | None:
    """A coded value outside its vocabulary."""
    claim = _claim(edit)
    if claim is None:
        return None
    claim["quote_kind"] = "quotation"
    return edit.claim_entry(claim, F.MODEL_VALUE, "quote_kind", "quote_kind 'quotation' is not a QuoteKind")


def missing_field(edit: BlockEdit) -> Injected | None:
    """A required field left out."""
    claim = _claim(edit)
    if claim is None:
        return None
    claim["summary"] = None
    return edit.claim_entry(claim, F.MODEL_MISSING_FIELD, "summary", "summary removed")


def wrong_type(edit: BlockEdit) -> Injected | None:
    """A value of the wrong type: a bare word for a list (YAML), an impossible date (tables)."""
    if edit.records:
        claim = _claim(edit, lambda c: bool(c["topics"]))
        if claim is None:
            return None
        claim["topics"] = claim["topics"][0]
        return edit.claim_entry(claim, F.MODEL_TYPE, "topics", "topics given as one word instead of a list")
    claim = _claim(edit)
    if claim is None:
        return None
    start = _published_start(edit) - dt.timedelta(days=2)
    _set_stated(claim, D.stated_day(start))
    claim["stated_start"] = f"{start.year}-02-30"
    return edit.claim_entry(claim, F.MODEL_TYPE, "stated_start", "stated_start is 30 February")


def unknown_field(edit: BlockEdit) -> Injected | None:
    """A misspelled key (records only: a table has columns, not keys)."""
    claim = _claim(edit, lambda c: c["speaker_id"] is not None)
    if claim is None:
        return None
    claim["speeker_id"] = claim["speaker_id"]
    return edit.claim_entry(
        claim, F.MODEL_UNKNOWN_FIELD, "speeker_id", "key 'speeker_id' next to 'speaker_id'"
    )


def speaker_missing(edit: BlockEdit) -> Injected | None:
    """A direct quote with no speaker and no note saying whom the source credits."""
    claim = _claim(edit, lambda c: c["speaker_id"] is not None)
    if claim is None:
        return None
    claim.update(speaker_id=None, quote_kind="direct", note=None)
    return edit.claim_entry(
        claim, F.MODEL_SPEAKER_MISSING, "speaker_id", "speaker removed from a direct quote"
    )


def date_note_missing(edit: BlockEdit) -> Injected | None:
    """An inferred date without the note that says how it was inferred."""
    claim = _claim(edit)
    if claim is None:
        return None
    start = _published_start(edit)
    date = D.weekday_before(start - dt.timedelta(days=1), start)
    date["note"] = None
    _set_stated(claim, date)
    return edit.claim_entry(
        claim, F.MODEL_DATE_NOTE_MISSING, "stated", "inferred 'on <weekday>' with no note"
    )


def date_bounds(edit: BlockEdit) -> Injected | None:
    """A 'week' that spans four days."""
    claim = _claim(edit)
    if claim is None:
        return None
    start = _published_start(edit) - dt.timedelta(days=10)
    date = D.week_of(start, _published_start(edit))
    date["end"] = date["start"] + dt.timedelta(days=3)
    _set_stated(claim, date)
    return edit.claim_entry(claim, F.MODEL_DATE_BOUNDS, "stated", "week precision over four days")


def end_before_start(edit: BlockEdit) -> Injected | None:
    """Bounds typed the wrong way round."""
    claim = _claim(edit)
    if claim is None:
        return None
    published = _published_start(edit)
    date = D.span(published - dt.timedelta(days=5), published - dt.timedelta(days=2))
    date["start"], date["end"] = date["end"], date["start"]
    _set_stated(claim, date)
    return edit.claim_entry(claim, F.TIME_END_BEFORE_START, "stated", "stated start and end swapped")


def calendar_mismatch(edit: BlockEdit) -> Injected | None:
    """A Solar Hijri day whose Gregorian bounds are one day off (a hand conversion)."""
    claim = _claim(edit)
    if claim is None:
        return None
    day = _published_start(edit) - dt.timedelta(days=3)
    date = D.hijri_day(Calendar.solar_hijri, day, inferred=False)
    date["start"] = date["end"] = day + dt.timedelta(days=1)
    _set_stated(claim, date)
    return edit.claim_entry(
        claim, F.TIME_CALENDAR_MISMATCH, "stated", f"{date['original']} converted one day late"
    )


def stated_after_published(edit: BlockEdit) -> Injected | None:
    """A statement dated after the report that quotes it."""
    claim = _claim(edit)
    if claim is None:
        return None
    end = edit.block.source["published_end"]
    assert isinstance(end, dt.date)
    _set_stated(claim, D.stated_day(end + dt.timedelta(days=3)))
    return edit.claim_entry(
        claim, F.TIME_STATED_AFTER_PUBLISHED, "stated", "stated three days after publication"
    )


def in_future(edit: BlockEdit) -> Injected | None:
    """A publication year with its digits swapped (2022 -> 2202)."""
    start = _published_start(edit)
    year = int(str(start.year)[:2] + str(start.year)[3] + str(start.year)[2])
    if year <= start.year + 50:
        year = start.year + 180
    day = dt.date(year, start.month, min(start.day, 28))
    edit.block.source.update(flat("published", D.stated_day(day)))
    return edit.source_entry(F.TIME_IN_FUTURE, "published", f"published year typed as {year}")


def _words(text: str) -> list[str]:
    return text.split(" ")


def quote_not_found(edit: BlockEdit) -> Injected | None:
    """One word of a quote 'corrected' by the curator: two letters swapped."""
    if edit.text is None:
        return None
    text = normalize_text(edit.text)
    for claim in edit.rng.sample(edit.block.claims, len(edit.block.claims)):
        words = _words(str(claim["quote"]))
        long = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
        if not long:
            continue
        i = edit.rng.choice(long)
        word = words[i]
        words[i] = word[0] + word[2] + word[1] + word[3:]
        quote = " ".join(words)
        if normalize_text(quote) not in text:
            claim["quote"] = quote
            return edit.claim_entry(
                claim, F.EVIDENCE_QUOTE_NOT_FOUND, "quote", f"'{word}' typed as '{words[i]}'"
            )
    return None


def quote_too_short(edit: BlockEdit) -> Injected | None:
    """A three-word quote: found in the text, but proving little."""
    if edit.text is None:
        return None
    claim = _claim(edit, lambda c: len(_words(str(c["quote"]))) >= 4)
    if claim is None:
        return None
    claim["quote"] = " ".join(_words(str(claim["quote"]))[:3])
    return edit.claim_entry(claim, F.EVIDENCE_QUOTE_TOO_SHORT, "quote", "quote cut to three words")


def sha256_mismatch(edit: BlockEdit) -> Injected | None:
    """A snapshot edited after its hash was recorded."""
    if edit.text is None:
        return None
    edit.text += "\nCorrection: an earlier version of this article misspelled a name.\n"
    return edit.source_entry(F.EV_SHA256, "text_sha256", "a correction line appended to the snapshot")


def snapshot_missing(edit: BlockEdit) -> Injected | None:
    """A source whose text snapshot was never saved."""
    if edit.text is None:
        return None
    edit.text = None
    return edit.source_entry(F.EVIDENCE_SNAPSHOT_MISSING, "id", "snapshot file not written")


def invisible_character(edit: BlockEdit) -> Injected | None:
    """A zero-width space pasted into a summary."""
    claim = _claim(edit, lambda c: c["summary"] is not None)
    if claim is None:
        return None
    summary = str(claim["summary"])
    cut = summary.index(" ") if " " in summary else 1
    claim["summary"] = summary[:cut] + "\u200b" + summary[cut:]
    return edit.claim_entry(claim, F.PARSE_INVISIBLE_CHARACTER, "summary", "zero-width space in the summary")


def not_nfc(edit: BlockEdit) -> Injected | None:
    """An accent typed as a combining character (NFD)."""
    claim = _claim(edit, lambda c: c["summary"] is not None)
    if claim is None:
        return None
    claim["summary"] = str(claim["summary"]).removesuffix(".") + " (He\u0301rat)."
    return edit.claim_entry(claim, F.PARSE_NOT_NFC, "summary", "decomposed 'é' in the summary")


def byte_order_mark(edit: BlockEdit) -> Injected | None:
    """A source file saved with a BOM (records only)."""
    edit.bom = True
    return edit.source_entry(F.PARSE_BOM, None, "file saved with a UTF-8 BOM", record=False)


def file_name(edit: BlockEdit) -> Injected | None:
    """A source file not named after its id (records only)."""
    edit.file_name = f"{edit.block.source['id']}-draft.yaml"
    return edit.source_entry(F.PARSE_FILE_NAME, "id", "file renamed with a '-draft' suffix")


def dangling_reference(edit: BlockEdit) -> Injected | None:
    """An actor id with a doubled letter, which no actor has."""
    claim = _claim(edit, lambda c: c["speaker_id"] is not None)
    if claim is None:
        return None
    speaker = str(claim["speaker_id"])
    i = speaker.rfind("-") + 2
    typo = speaker[:i] + speaker[i - 1] + speaker[i:] if i < len(speaker) else speaker + "x"
    claim["about_ids"] = [*claim["about_ids"], typo]
    return edit.claim_entry(claim, F.REF_DANGLING, "about_ids", f"about_ids names '{typo}'")


def retired_reference(edit: BlockEdit) -> Injected | None:
    """A claim still pointing at an id merged into another actor."""

    def merged_person(claim: Row) -> bool:
        actor = edit.actors.get(str(claim["speaker_id"]))
        return actor is not None and actor.kind == "person" and len(actor.spellings) > 2

    claim = _claim(edit, merged_person)
    if claim is None:
        return None
    speaker = str(claim["speaker_id"])
    retired = f"act-{slug(edit.actors[speaker].spellings[1])}"
    edit.tombstones[retired] = speaker
    claim["speaker_id"] = retired
    return edit.claim_entry(
        claim, F.REF_RETIRED, "speaker_id", f"speaker '{retired}' was merged into '{speaker}'"
    )


def duplicate_id(edit: BlockEdit) -> Injected | None:
    """A claim pasted twice, id and all."""
    claims = edit.block.claims
    index = edit.rng.randrange(len(claims))
    claims.insert(index + 1, dict(claims[index]))
    return edit.claim_entry(claims[index + 1], F.IDENTITY_DUPLICATE_ID, "id", "claim copied with its id")


BLOCK_INJECTORS: dict[str, BlockInjector] = {
    F.MODEL_BAD_ID: bad_id,
    F.MODEL_VALUE: bad_enum,
    F.MODEL_MISSING_FIELD: missing_field,
    F.MODEL_TYPE: wrong_type,
    F.MODEL_UNKNOWN_FIELD: unknown_field,
    F.MODEL_SPEAKER_MISSING: speaker_missing,
    F.MODEL_DATE_NOTE_MISSING: date_note_missing,
    F.MODEL_DATE_BOUNDS: date_bounds,
    F.TIME_END_BEFORE_START: end_before_start,
    F.TIME_CALENDAR_MISMATCH: calendar_mismatch,
    F.TIME_STATED_AFTER_PUBLISHED: stated_after_published,
    F.TIME_IN_FUTURE: in_future,
    F.EVIDENCE_QUOTE_NOT_FOUND: quote_not_found,
    F.EVIDENCE_QUOTE_TOO_SHORT: quote_too_short,
    F.EV_SHA256: sha256_mismatch,
    F.EVIDENCE_SNAPSHOT_MISSING: snapshot_missing,
    F.PARSE_INVISIBLE_CHARACTER: invisible_character,
    F.PARSE_NOT_NFC: not_nfc,
    F.PARSE_BOM: byte_order_mark,
    F.PARSE_FILE_NAME: file_name,
    F.REF_DANGLING: dangling_reference,
    F.REF_RETIRED: retired_reference,
    F.IDENTITY_DUPLICATE_ID: duplicate_id,
}
"""Finding code -> how to cause it inside one source block."""

RECORDS_ONLY_BLOCK = frozenset({F.MODEL_UNKNOWN_FIELD, F.PARSE_BOM, F.PARSE_FILE_NAME})
NEEDS_SNAPSHOTS = frozenset(
    {F.EVIDENCE_QUOTE_NOT_FOUND, F.EVIDENCE_QUOTE_TOO_SHORT, F.EV_SHA256, F.EVIDENCE_SNAPSHOT_MISSING}
)


@dataclass
class BlockPlan:
    """Which blocks get which code: targets are claim positions, a collision moves to the next block."""

    targets: deque[tuple[int, str]]
    pending: list[str] = field(default_factory=list)
    position: int = 0

    def codes_for(self, block: SourceBlock) -> list[str]:
        """Codes whose target falls in this block, plus those carried over; the caller takes one."""
        end = self.position + len(block.claims)
        while self.targets and self.targets[0][0] < end:
            self.pending.append(self.targets.popleft()[1])
        self.position = end
        return self.pending
