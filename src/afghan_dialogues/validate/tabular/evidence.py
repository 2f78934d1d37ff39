"""Evidence, when a package carries its sources' snapshots (`texts/<source-id>.txt`).

Releases carry quotes, not full texts, so this layer runs only for packages that hold a
`texts/` folder (a synthetic package, a working export). The checks are those of
`validate.evidence`, with its normalization and its closest-passage hint: snapshot present and
unchanged, each quote found in its source's text and long enough to prove something, each
recorded spelling found in the sources listed for it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.normalize import normalize_text
from afghan_dialogues.findings import Finding
from afghan_dialogues.paths import display_path
from afghan_dialogues.validate.evidence import MIN_QUOTE_WORDS, closest_passage, read_snapshot
from afghan_dialogues.validate.tabular.located import report, rows_where, values_at
from afghan_dialogues.validate.tabular.store import Kept

Tables = dict[str, Kept]
TEXTS_DIR = "texts"


def has_snapshots(root: Path) -> bool:
    """Whether the package holds its sources' texts."""
    return (root / TEXTS_DIR).is_dir()


def check_evidence(root: Path, tables: Tables) -> list[Finding]:
    """Snapshot, quote and spelling findings."""
    texts, out = _snapshots(root, tables)
    out += _orphan_snapshots(root, tables)
    out += _quotes(tables, texts)
    out += _spellings(tables, texts)
    return out


def _snapshots(root: Path, tables: Tables) -> tuple[dict[str, str], list[Finding]]:
    sources = tables["sources"]
    rows = rows_where(sources.valid)
    ids = values_at(sources.columns["id"], rows)
    hashes = values_at(sources.columns["text_sha256"], rows)
    texts: dict[str, str] = {}
    missing: list[tuple[int, str]] = []
    changed: list[tuple[int, str]] = []
    for row, source_id, recorded in zip(rows, ids, hashes, strict=True):
        path = root / TEXTS_DIR / f"{source_id}.txt"
        snapshot = read_snapshot(path) if path.is_file() else None
        if snapshot is None:
            missing.append((row, display_path(path)))
            continue
        raw, text = snapshot
        texts.setdefault(source_id, text)
        digest = hashlib.sha256(raw).hexdigest()
        if digest != recorded:
            changed.append((row, digest))
    out = report(
        sources.place(),
        sources.columns,
        [r for r, _ in missing],
        F.EV_SNAPSHOT_MISSING,
        field="id",
        messages=[f"no readable UTF-8 snapshot at {p}" for _, p in missing],
        hint="save the article body as texts/<source-id>.txt",
    )
    out += report(
        sources.place(),
        sources.columns,
        [r for r, _ in changed],
        F.EV_SHA256,
        field="text_sha256",
        messages=["snapshot changed since its sha256 was recorded"] * len(changed),
        hint=[f"review the change, then record sha256 {d}" for _, d in changed],
    )
    return texts, out


def _orphan_snapshots(root: Path, tables: Tables) -> list[Finding]:
    declared = set(pc.drop_null(tables["sources"].columns["id"]).to_pylist())
    out = []
    for path in sorted((root / TEXTS_DIR).glob("*.txt")):
        if path.stem not in declared:
            out.append(
                Finding(
                    F.EV_SNAPSHOT_ORPHAN,
                    "snapshot has no source record",
                    file=display_path(path),
                    hint=f"add the source {path.stem} or remove the snapshot",
                )
            )
    return out


def _quotes(tables: Tables, texts: dict[str, str]) -> list[Finding]:
    claims = tables["claims"]
    rows = rows_where(
        pc.and_(
            claims.valid, pc.is_in(claims.columns["source_id"], value_set=pa.array(list(texts), pa.string()))
        )
    )
    absent: list[tuple[int, str]] = []
    short: list[int] = []
    sources = values_at(claims.columns["source_id"], rows)
    quotes = values_at(claims.columns["quote"], rows)
    for row, source_id, quote in zip(rows, sources, quotes, strict=True):
        text = texts[source_id]
        normalized = normalize_text(quote)
        if normalized not in text:
            absent.append((row, closest_passage(normalized, text)))
        elif len(normalized.split()) < MIN_QUOTE_WORDS:
            short.append(row)
    out = report(
        claims.place(),
        claims.columns,
        [r for r, _ in absent],
        F.EV_QUOTE,
        field="quote",
        messages=["quote not found in the source snapshot"] * len(absent),
        hint=[h for _, h in absent],
    )
    out += report(
        claims.place(),
        claims.columns,
        short,
        F.EV_QUOTE_AMBIGUOUS,
        field="quote",
        messages=[f"quote has fewer than {MIN_QUOTE_WORDS} words"] * len(short),
        hint="quote the whole clause that carries the statement",
    )
    return out


def _spellings(tables: Tables, texts: dict[str, str]) -> list[Finding]:
    names, actors = tables["actor_names"], tables["actors"]
    valid_ids = pc.filter(actors.columns["id"], actors.valid)
    rows = rows_where(pc.and_(names.valid, pc.is_in(names.columns["actor_id"], value_set=valid_ids)))
    spellings = values_at(names.columns["spelling"], rows)
    lists = values_at(names.columns["source_ids"], rows)
    hits: list[tuple[int, str, str]] = []
    for row, spelling, source_ids in zip(rows, spellings, lists, strict=True):
        normalized = normalize_text(spelling)
        for source_id in source_ids or []:
            text = texts.get(source_id)
            if text is not None and normalized not in text:
                hits.append((row, spelling, source_id))
    return report(
        names.place(),
        names.columns,
        [r for r, _, _ in hits],
        F.EV_NAME,
        field="source_ids",
        messages=[f"'{s}' does not occur in {sid}" for _, s, sid in hits],
        hint="record spellings exactly as the source writes them",
    )
