"""Evidence: every quote is in its source's snapshot, and the snapshot is the one reviewed.

Runs wherever snapshots exist (a records folder's `texts/`, a package's `texts/`); a release
carries quotes, not the publishers' texts. Snapshots hold the article body only, so a quote
taken from navigation or comments is not found. When a quote is missing, the hint shows the
closest passage of the snapshot, cut at word boundaries, which is usually the same sentence with
a typo or a silently "corrected" word; the search gives up on quotes too long to be a passage.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow.compute as pc
from rapidfuzz import fuzz

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.normalize import normalize_text
from afghan_dialogues.findings import Finding
from afghan_dialogues.paths import display_path
from afghan_dialogues.validate.checked import Checked, positions

MIN_QUOTE_WORDS = 4
MAX_SEARCHED_QUOTE = 2_000
"""Characters of a quote worth searching for a close passage; a longer 'quote' is not one."""
MAX_SNAPSHOT_BYTES = 8 << 20
MAX_SEARCH_WORK = 400_000_000
"""Quote length times snapshot length beyond which the closest-passage search is not tried."""
_EXCERPT = 160


def check_evidence(t: Checked) -> list[Finding]:
    """Quotes long enough to prove something; where there are snapshots, snapshots present and
    unchanged, quotes and spellings found in them."""
    out = _short_quotes(t)
    if t.texts is None:
        if t.size("sources") and not (t.root / "datapackage.json").is_file():
            out.append(
                Finding(
                    F.EVIDENCE_SNAPSHOTS_ABSENT,
                    "no texts/ folder: quotes and spellings were not checked against the sources' texts",
                    file=display_path(t.root),
                    hint="the snapshots stay in the repository (an installed wheel has none): "
                    "validate a checkout to check the evidence",
                )
            )
        return out
    texts, found = _snapshots(t, t.texts)
    out += found
    out += _orphans(t, t.texts)
    out += _quotes(t, texts)
    out += _spellings(t, texts)
    return out


def read_snapshot(path: Path) -> tuple[str, str] | None:
    """(sha256, normalized text) of a snapshot, or None when it cannot be read as UTF-8 text."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_SNAPSHOT_BYTES + 1)
        if len(raw) > MAX_SNAPSHOT_BYTES:
            return None
        return hashlib.sha256(raw).hexdigest(), normalize_text(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError):
        return None


def _snapshots(t: Checked, files: dict[str, Path]) -> tuple[dict[str, str], list[Finding]]:
    texts: dict[str, str] = {}
    out: list[Finding] = []
    for row, (source, recorded) in enumerate(
        zip(t.values("sources", "id"), t.values("sources", "text_sha256"), strict=True)
    ):
        path = files.get(source, t.root / "texts" / f"{source}.txt")
        snapshot = read_snapshot(path) if source in files else None
        if snapshot is None:
            out.append(
                t.finding(
                    "sources",
                    row,
                    F.EVIDENCE_SNAPSHOT_MISSING,
                    f"no readable UTF-8 snapshot at {display_path(path)}",
                    "id",
                    hint="save the article body as texts/<source-id>.txt (a regular file, UTF-8, under 8 MB)",
                )
            )
            continue
        digest, text = snapshot
        texts.setdefault(source, text)
        if digest != recorded:
            out.append(
                t.finding(
                    "sources",
                    row,
                    F.EV_SHA256,
                    "snapshot changed since its sha256 was recorded",
                    "text_sha256",
                    hint=f"review the change, then record sha256 {digest}",
                )
            )
    return texts, out


def _orphans(t: Checked, files: dict[str, Path]) -> list[Finding]:
    if "sources" in t.unreadable:
        return []  # an unread source file may be the one a snapshot belongs to
    declared = set(t.values("sources", "id")) | t.invalid_ids
    return [
        Finding(
            F.EVIDENCE_SNAPSHOT_ORPHAN,
            "snapshot has no source record",
            file=display_path(path),
            hint=f"add records/sources/{stem}.yaml or remove it",
        )
        for stem, path in sorted(files.items())
        if stem not in declared
    ]


def _short_quotes(t: Checked) -> list[Finding]:
    quotes = t.column("claims", "quote")
    enough = pc.match_substring_regex(quotes, r"^\s*\S+" + r"\s+\S+" * (MIN_QUOTE_WORDS - 1))
    out: list[Finding] = []
    for row in positions(pc.invert(enough)):
        words = len(str(quotes[row].as_py()).split())
        message = f"quote has {words} word(s); at least {MIN_QUOTE_WORDS} are needed"
        hint = "quote the whole clause that carries the statement"
        out.append(t.finding("claims", row, F.EVIDENCE_QUOTE_TOO_SHORT, message, "quote", hint=hint))
    return out


def _quotes(t: Checked, texts: dict[str, str]) -> list[Finding]:
    out: list[Finding] = []
    for row, (source, quote) in enumerate(
        zip(t.values("claims", "source_id"), t.values("claims", "quote"), strict=True)
    ):
        text = texts.get(source)
        normalized = normalize_text(quote)
        if text is None or len(normalized.split()) < MIN_QUOTE_WORDS:
            continue
        if normalized not in text:
            out.append(
                t.finding(
                    "claims",
                    row,
                    F.EVIDENCE_QUOTE_NOT_FOUND,
                    "quote not found in the source snapshot",
                    "quote",
                    hint=closest_passage(normalized, text),
                )
            )
    return out


def _spellings(t: Checked, texts: dict[str, str]) -> list[Finding]:
    out: list[Finding] = []
    for row, (spelling, sources) in enumerate(
        zip(t.values("actor_names", "spelling"), t.values("actor_names", "source_ids"), strict=True)
    ):
        normalized = normalize_text(spelling)
        for index, source in enumerate(sources or []):
            text = texts.get(source)
            if text is not None and normalized not in text:
                out.append(
                    t.finding(
                        "actor_names",
                        row,
                        F.EVIDENCE_NAME_NOT_IN_SOURCE,
                        f"'{_cut(spelling, 80)}' does not occur in {source}",
                        "source_ids",
                        hint="record spellings exactly as the source writes them",
                        item=index,
                    )
                )
    return out


def closest_passage(quote: str, text: str) -> str:
    """The snapshot passage most like the quote, widened to whole words, as a hint."""
    if not text:
        return "the snapshot is empty"
    if len(quote) > MAX_SEARCHED_QUOTE:
        return f"the quote is over {MAX_SEARCHED_QUOTE} characters; quote the passage itself, not more"
    if len(quote) * len(text) > MAX_SEARCH_WORK:
        return "the snapshot is too long to search for a close passage; look for the quote by hand"
    match = fuzz.partial_ratio_alignment(quote, text)
    if match is None or match.score < 50:
        return "no similar passage in the snapshot"
    start, end = match.dest_start, match.dest_end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return f'closest passage ({match.score:.0f}% similar): "{_cut(text[start:end], _EXCERPT)}"'


def _cut(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary, control characters shown escaped."""
    shown = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)
    if len(shown) <= limit:
        return shown
    head = shown[:limit].rsplit(" ", 1)[0]
    return head + " ..."
