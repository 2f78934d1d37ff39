"""The search index: every name and spelling, title and quote, as small JavaScript files.

Chromium refuses fetch() and XMLHttpRequest of `file://` addresses, so the index cannot be
JSON read at run time: each part is a script that appends its entries to a global array,
loaded by the search page with ordinary script tags. Parts are cut at `PART_BYTES` so that no
file of the site is large, whatever the size of the dataset. Entries keep the text as written;
the page folds case and diacritics when it reads them, so the index holds every text once.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from afghan_dialogues.dataset import Dataset

PART_BYTES = 150_000
"""Largest part of the index, in bytes (before the script's own few bytes)."""
GLOBAL = "searchIndexParts"


def entries(data: Dataset) -> Iterator[list[str]]:
    """[kind, id, label, other text] per record: actors with every spelling, meetings and
    sources by title, claims by quote."""
    for actor in data.actors:
        spellings = sorted({n.spelling for n in actor.names} - {actor.name})
        yield ["actor", actor.id, actor.name, " · ".join(spellings)]
    for meeting in data.meetings:
        yield ["meeting", meeting.id, meeting.title, meeting.series or ""]
    for source in data.sources:
        yield ["source", source.id, source.title, ""]
    for claim in data.claims:
        yield ["claim", claim.id, claim.quote, ""]


def index_parts(data: Dataset) -> list[str]:
    """The index as scripts of at most about `PART_BYTES` each, in entry order."""
    parts: list[str] = []
    chunk: list[str] = []
    size = 0
    for entry in entries(data):
        encoded = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))
        length = len(encoded.encode("utf-8")) + 1
        if chunk and size + length > PART_BYTES:
            parts.append(_script(chunk))
            chunk, size = [], 0
        chunk.append(encoded)
        size += length
    if chunk or not parts:
        parts.append(_script(chunk))
    return parts


def _script(encoded: list[str]) -> str:
    return f"(window.{GLOBAL} = window.{GLOBAL} || []).push([\n" + ",\n".join(encoded) + "\n]);\n"
