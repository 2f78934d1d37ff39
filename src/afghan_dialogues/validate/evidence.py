"""Layer 5: every quote is in its source's snapshot, and the snapshot is the one reviewed.

Snapshots hold the article body only, so a quote taken from navigation, comments or a
"latest content" list is not found. When a quote is missing, the hint shows the closest
passage of the snapshot (rapidfuzz's best partial alignment), which is usually the same
sentence with a typo or a silently "corrected" word.
"""

from __future__ import annotations

from collections.abc import Mapping

from rapidfuzz import fuzz

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.models import Actor, Claim, Source
from afghan_dialogues.datamodel.normalize import normalize_text
from afghan_dialogues.findings import Finding
from afghan_dialogues.paths import display_path
from afghan_dialogues.recordfiles.layout import snapshot_path
from afghan_dialogues.recordfiles.snapshots import Digest, digest_snapshot, read_snapshot
from afghan_dialogues.validate.context import Context

MIN_QUOTE_WORDS = 4

__all__ = ["MIN_QUOTE_WORDS", "check_evidence", "closest_passage", "read_snapshot"]


def check_evidence(ctx: Context, digests: Mapping[str, Digest | None] | None = None) -> list[Finding]:
    """Snapshots present and unchanged; quotes and name spellings found in them.

    `digests` may hold, by source id, what `digest_snapshot` gives for the snapshots listed
    when the folder was read (computed ahead on another core); the others are read here.
    """
    out: list[Finding] = []
    texts: dict[str, str] = {}
    root = ctx.loaded.root
    found = ctx.loaded.texts
    ahead = digests or {}
    for entry, source in ctx.valid(Source):
        path = found.get(source.id)  # texts/<id>.txt as listed when the folder was read
        if path is not None:
            snap = ahead[source.id] if source.id in ahead else digest_snapshot(path)
        else:
            path = snapshot_path(root, source.id)
            snap = digest_snapshot(path) if path.is_file() else None
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
        digest, text = snap
        texts[source.id] = text
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
        words = _normalized_words(claim.quote)
        quote = " ".join(words)
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
        elif len(words) < MIN_QUOTE_WORDS:
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


def _normalized_words(text: str) -> list[str]:
    """The words of `normalize_text(text)`, which they join with single spaces to form."""
    return (text if text.isascii() else normalize_text(text)).split()


def closest_passage(quote: str, text: str) -> str:
    """The snapshot passage most like the quote, to show in the hint."""
    if not quote or not text:
        return "the snapshot is empty" if not text else "the quote is empty"
    match = fuzz.partial_ratio_alignment(quote, text)
    if match is None:
        return "no similar passage in the snapshot"
    passage = text[match.dest_start : match.dest_end]
    return f'closest passage ({match.score:.0f}% similar): "{passage}"'
