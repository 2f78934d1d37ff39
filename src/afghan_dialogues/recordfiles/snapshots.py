"""Text snapshots as the evidence checks compare them: their sha256 and normalized text."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from afghan_dialogues.datamodel.normalize import normalize_text

Digest = tuple[str, str]
"""A snapshot's sha256 (hex) and its text under `normalize_text`."""


def read_snapshot(path: Path) -> tuple[bytes, str] | None:
    """Raw bytes (for the hash) and normalized text (for matching), or None if unreadable."""
    try:
        raw = path.read_bytes()
        return raw, normalize_text(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError):
        return None


def digest_snapshot(path: Path) -> Digest | None:
    """The sha256 and normalized text of a snapshot, or None if unreadable."""
    snapshot = read_snapshot(path)
    if snapshot is None:
        return None
    raw, text = snapshot
    return hashlib.sha256(raw).hexdigest(), text


def digest_snapshots(paths: Mapping[str, Path]) -> dict[str, Digest | None]:
    """`digest_snapshot` of each path, by the same keys (a task for a worker process)."""
    return {key: digest_snapshot(path) for key, path in paths.items()}
