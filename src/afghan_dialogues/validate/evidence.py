"""Layer 5: every quote is in its source's snapshot, and the snapshot is the one reviewed.

Snapshots hold the article body only, so a quote taken from navigation, comments or a
"latest content" list is not found. When a quote is missing, the hint shows the closest
passage of the snapshot (rapidfuzz's best partial alignment), which is usually the same
sentence with a typo or a silently "corrected" word.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from rapidfuzz import fuzz

from afghan_dialogues import findings as F
from afghan_dialogues.findings import Finding
from afghan_dialogues.records.layout import snapshot_path
from afghan_dialogues.records.loader import display_path
from afghan_dialogues.schema.models import Actor, Claim, Source
from afghan_dialogues.schema.normalize import normalize_text
from afghan_dialogues.validate.context import Context

MIN_QUOTE_WORDS = 4


def read_snapshot(path: Path) -> tuple[bytes, str] | None:
    """Raw bytes (for the hash) and normalized text (for matching), or None if unreadable."""
    try:
        raw = path.read_bytes()
        return raw, normalize_text(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError):
        return None


def check_evidence(ctx: Context) -> list[Finding]:
    """Snapshots present and unchanged; quotes and name spellings found in them."""
    out: list[Finding] = []
    texts: dict[str, str] = {}
    root = ctx.loaded.root
    for entry, source in ctx.valid(Source):
        path = snapshot_path(root, source.id)
        snap = read_snapshot(path) if path.is_file() else None
        if snap is None:
            out.append(
                ctx.finding(
                    entry,
                    F.EV_SNAPSHOT_MISSING,
                    f"no readable UTF-8 snapshot at {display_path(path)}",
                    ("id",),
                    hint="save the article body as texts/<source-id>.txt",
                )
            )
            continue
        raw, text = snap
        texts[source.id] = text
        digest = hashlib.sha256(raw).hexdigest()
        if digest != source.text_sha256:
            out.append(
                ctx.finding(
                    entry,
                    F.EV_SHA256,
                    "snapshot changed since its sha256 was recorded",
                    ("text_sha256",),
                    hint=f"review the change, then record sha256 {digest}",
                )
            )
    declared = {
        e.data.get("id") for e in ctx.loaded.entries if e.model is Source and isinstance(e.data, dict)
    }
    for stem, path in sorted(ctx.loaded.texts.items()):
        if stem not in declared:
            out.append(
                Finding(
                    F.EV_SNAPSHOT_ORPHAN,
                    "snapshot has no source record",
                    file=display_path(path),
                    hint=f"add records/sources/{stem}.yaml or remove it",
                )
            )
    for entry, claim in ctx.valid(Claim):
        claim_text = texts.get(claim.source_id)
        if claim_text is None:
            continue
        quote = normalize_text(claim.quote)
        if quote not in claim_text:
            out.append(
                ctx.finding(
                    entry,
                    F.EV_QUOTE,
                    "quote not found in the source snapshot",
                    ("quote",),
                    hint=closest_passage(quote, claim_text),
                )
            )
        elif len(quote.split()) < MIN_QUOTE_WORDS:
            out.append(
                ctx.finding(
                    entry,
                    F.EV_QUOTE_AMBIGUOUS,
                    f"quote has fewer than {MIN_QUOTE_WORDS} words",
                    ("quote",),
                    hint="quote the whole clause that carries the statement",
                )
            )
    for entry, actor in ctx.valid(Actor):
        for i, name in enumerate(actor.names):
            spelling = normalize_text(name.spelling)
            for j, sid in enumerate(name.source_ids):
                name_text = texts.get(sid)
                if name_text is not None and spelling not in name_text:
                    out.append(
                        ctx.finding(
                            entry,
                            F.EV_NAME,
                            f"'{name.spelling}' does not occur in {sid}",
                            ("names", i, "source_ids", j),
                            hint="record spellings exactly as the source writes them",
                        )
                    )
    return out


def closest_passage(quote: str, text: str) -> str:
    """The snapshot passage most like the quote, to show in the hint."""
    if not quote or not text:
        return "the snapshot is empty" if not text else "the quote is empty"
    match = fuzz.partial_ratio_alignment(quote, text)
    if match is None:
        return "no similar passage in the snapshot"
    passage = text[match.dest_start : match.dest_end]
    return f'closest passage ({match.score:.0f}% similar): "{passage}"'
