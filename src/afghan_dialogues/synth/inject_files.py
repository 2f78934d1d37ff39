"""Errors that live in files rather than records: broken YAML drafts, stray files, a registry with
an extra top-level key (records format), a stray snapshot, an undeclared column and a stale
descriptor (package format).

Broken drafts are new files (`sources/src-draft-<n>.yaml`), the way a half-finished article
sits in a working copy: they break nothing else, so their one finding stands alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from afghan_dialogues import findings as F
from afghan_dialogues.recordfiles import layout
from afghan_dialogues.synth.manifest import Injected

_DRAFT = """\
# Draft: an article being added
source:
  id: src-draft-{n}
  title: {title}
  kind: news_report
  language: en
"""

_BROKEN: dict[str, tuple[str, str]] = {
    F.PARSE_ENCODING: ("Caf\udce9 talks", "a Latin-1 byte in a UTF-8 file"),
    F.PARSE_TAB: ("Draft", "a tab in the indentation"),
    F.PARSE_EMPTY: ("", "comments only"),
    F.PARSE_SYNTAX: ('"Draft of an article on the talks', "an unclosed quotation mark"),
    F.PARSE_DUPLICATE_KEY: ("Draft\n  title: Draft, second attempt", "the key 'title' twice"),
}


def broken_draft(code: str, n: int) -> tuple[str, bytes, str]:
    """(path, bytes, note) of a draft source file broken in the way `code` names."""
    title, note = _BROKEN[code]
    text = _DRAFT.format(n=n, title=title)
    if code == F.PARSE_TAB:
        text = text.replace("\n  id:", "\n\tid:")
    if code == F.PARSE_EMPTY:
        text = "# Draft: an article being added\n# (nothing recorded yet)\n"
    data = text.encode("utf-8", errors="surrogateescape")
    return f"{layout.SOURCES_DIR}/src-draft-{n}.yaml", data, note


@dataclass
class FileInjection:
    """One file-level injection: the file to write or append to, and its manifest entry."""

    path: str
    data: bytes
    append: bool
    entry: Injected


def file_injection(code: str, n: int) -> FileInjection | None:
    """The file change that causes `code` (records format), or None when `n` runs out of places."""
    if code in _BROKEN:
        path, data, note = broken_draft(code, n)
        return FileInjection(path, data, False, Injected(code, path, None, None, note))
    if code == F.PARSE_UNKNOWN_FILE:
        path = f"{layout.SOURCES_DIR}/src-draft-{n}.yml"
        data = _DRAFT.format(n=n, title="Draft").encode()
        return FileInjection(path, data, False, Injected(code, path, None, None, "'.yml' instead of '.yaml'"))
    if code == F.PARSE_STRUCTURE:
        registries = sorted(layout.REGISTRIES)
        if n >= len(registries):
            return None
        path = registries[n]
        data = b"notes: Registry notes belong in a Markdown file.\n"
        return FileInjection(
            path, data, True, Injected(code, path, None, None, "second top-level key 'notes'")
        )
    if code == F.EVIDENCE_SNAPSHOT_ORPHAN:
        path = f"{layout.TEXTS_DIR}/src-draft-{n}.txt"
        data = b"Text saved for an article whose record was never added.\n"
        return FileInjection(path, data, False, Injected(code, path, None, None, "snapshot without a source"))
    return None


RECORDS_FILE_CODES = (
    F.PARSE_ENCODING,
    F.PARSE_TAB,
    F.PARSE_EMPTY,
    F.PARSE_SYNTAX,
    F.PARSE_DUPLICATE_KEY,
    F.PARSE_UNKNOWN_FILE,
    F.PARSE_STRUCTURE,
    F.EVIDENCE_SNAPSHOT_ORPHAN,
)

EXTRA_COLUMN = "reviewed_by"
"""The column a package-format injection adds to `claims`: not in the table schema."""


def unknown_column_entry() -> Injected:
    """Manifest entry for the undeclared `claims` column."""
    return Injected(
        F.MODEL_UNKNOWN_FIELD,
        "parquet/claims.parquet",
        None,
        EXTRA_COLUMN,
        "column not in the schema",
        table="claims",
    )


def stale_descriptor(descriptor: dict[str, Any]) -> Injected:
    """Edit the claims resource of a descriptor as an older version of the models would have had it."""
    for resource in descriptor["resources"]:
        if resource["name"] == "claims":
            field = resource["schema"]["fields"][0]
            field["description"] = field["description"].rstrip(".") + " (renamed in a later version)."
    return Injected(
        F.PACKAGE_STALE_SCHEMA, "datapackage.json", None, "resources.claims", "a field description edited"
    )
