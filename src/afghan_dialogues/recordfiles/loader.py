"""Read a records folder into located entries, one per record, without judging their content.

Each `Entry` keeps the parsed data together with the document and path it came from, so that
every later check can name the file and line of the exact field it complains about. Problems
with the files themselves (encoding, syntax, layout) are reported here; everything about the
content is left to `afghan_dialogues.validate`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.models import Claim, DatasetInfo, Model, Source
from afghan_dialogues.findings import Finding
from afghan_dialogues.paths import display_path
from afghan_dialogues.recordfiles import layout
from afghan_dialogues.recordfiles.readahead import Readahead
from afghan_dialogues.recordfiles.yamlio import Document, FieldPath, ParseProblem, parse_prepared

_PROBLEM_CODES = {
    "encoding": F.PARSE_ENCODING,
    "bom": F.PARSE_BOM,
    "tab": F.PARSE_TAB,
    "empty": F.PARSE_EMPTY,
    "syntax": F.PARSE_SYNTAX,
    "duplicate_key": F.PARSE_DUPLICATE_KEY,
}
_PROBLEM_HINTS = {
    "encoding": "save the file as UTF-8",
    "bom": "save the file as UTF-8 without BOM (`afghan-dialogues fmt` removes it)",
    "tab": "indent with spaces",
    "empty": "delete the file or add its records",
    "syntax": "check quoting and indentation around this line",
    "duplicate_key": "merge the two entries: YAML keeps only one of them",
}


@dataclass(slots=True)
class Entry:
    """One record as read from disk: its data, where it is, and (after validation) its model."""

    model: type[Model]
    data: Any
    doc: Document
    base: FieldPath
    file: str
    record: Model | None = None
    added: tuple[str, ...] = ()
    """Keys of `data` the loader filled in from outside the document's text (a claim's
    source_id, when it comes from the file name)."""

    @property
    def line(self) -> int | None:
        """Line where the record starts."""
        return self.doc.line_of(self.base)

    def line_of(self, *path: str | int) -> int | None:
        """Line of a field inside the record (or of the record when the field is absent)."""
        return self.doc.line_of(self.base + path)

    @property
    def record_id(self) -> str | None:
        """The record's id or, for relationship records, a readable key."""
        if not isinstance(self.data, dict):
            return None
        rid = self.data.get("id")
        if isinstance(rid, str):
            return rid
        keys = [self.data.get(k) for k in _KEY_FIELDS.get(self.model.__name__, ())]
        if keys and all(isinstance(k, str) for k in keys):
            return " ".join(str(k) for k in keys)
        return None


_CLAIM_ADDED = ("source_id",)

_KEY_FIELDS: dict[str, tuple[str, ...]] = {
    "Affiliation": ("actor_id", "organization_id"),
    "Participation": ("meeting_id", "actor_id", "role"),
    "ClaimRelation": ("claim_id", "relation", "other_claim_id"),
}


@dataclass
class Loaded:
    """Everything read from a records folder."""

    root: Path
    entries: list[Entry] = field(default_factory=list)
    dataset: Entry | None = None
    texts: dict[str, Path] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def of(self, model: type[Model]) -> list[Entry]:
        """Entries of one model, in file order."""
        return [e for e in self.entries if e.model is model]


def _problem(shown: str, problem: ParseProblem) -> Finding:
    return Finding(
        code=_PROBLEM_CODES[problem.kind],
        message=problem.message,
        file=shown,
        line=problem.line,
        hint=_PROBLEM_HINTS[problem.kind],
    )


def load_folder(
    root: Path, ahead: Readahead | None = None, visit: Callable[[list[Entry]], None] | None = None
) -> Loaded:
    """Read every file under `root`; never raises for bad content.

    `ahead` lends its worker process to reading large folders (see `readahead`); without
    one, a worker is started and stopped for this folder if it is large. `visit` is called
    with the records of each file as soon as the file is read: work done there overlaps the
    worker's preparation of the files ahead, instead of following it.
    """
    if ahead is None:
        with Readahead() as own:
            return load_folder(root, own, visit)
    out = Loaded(root=root)
    try:
        files = layout.walk(root)
    except OSError as exc:
        out.findings.append(
            Finding(F.PARSE_UNREADABLE, str(exc), file=display_path(root), hint="check permissions")
        )
        return out
    shown_root = _shown_root(root)
    roles = [
        (path, layout.classify_parts(parts, path), _shown(shown_root, parts, path)) for path, parts in files
    ]
    ready = ahead.prepared([path for path, role, _ in roles if role is not None and role.kind in _YAML_KINDS])
    for path, role, shown in roles:
        if role is None:
            out.findings.append(
                Finding(
                    F.PARSE_UNKNOWN_FILE,
                    "file is not part of the records layout",
                    file=shown,
                    hint=_layout_hint(root, path),
                )
            )
            continue
        if role.kind == "doc":
            continue
        if role.kind == "text":
            out.texts[path.stem] = path
            continue
        file = next(ready)
        if isinstance(file, OSError):
            out.findings.append(Finding(F.PARSE_UNREADABLE, str(file), file=shown))
            continue
        doc, problems = parse_prepared(path, file)
        out.findings.extend(_problem(shown, p) for p in problems)
        if doc is None:
            continue
        read = len(out.entries)
        if role.kind == "dataset":
            _read_dataset(out, doc, shown)
        elif role.kind == "registry":
            _read_registry(out, doc, shown)
        else:
            _read_source(out, doc, shown)
        if visit is not None and len(out.entries) > read:
            visit(out.entries[read:])
    return out


_YAML_KINDS = {"dataset", "registry", "source"}


def _shown_root(root: Path) -> str | None:
    """`display_path` of the records folder when it is shown relative to the working directory."""
    try:
        rel = os.path.relpath(root)
    except ValueError:
        return None
    return None if rel.startswith("..") else rel


def _shown(shown_root: str | None, parts: tuple[str, ...], path: Path) -> str:
    """`display_path(path)` for a file below the records folder, without a relpath per file.

    The folder's relative path joined with the file's parts is what `os.path.relpath` gives:
    the parts come from a directory listing, so they hold no '.' or '..' to normalize.
    """
    if shown_root is None:
        return display_path(path)
    rel = os.path.join(*parts) if shown_root == os.curdir else os.path.join(shown_root, *parts)
    return rel if not rel.startswith("..") else str(path)


def _layout_hint(root: Path, path: Path) -> str:
    rel = path.relative_to(root)
    if rel.parts[0] == layout.SOURCES_DIR:
        return "source files are records/sources/<source-id>.yaml"
    if rel.parts[0] == layout.TEXTS_DIR:
        return "snapshots are records/texts/<source-id>.txt"
    known = ", ".join([layout.DATASET_FILE, *layout.REGISTRIES])
    return f"known top-level files: {known}, *.md; sources/ and texts/ folders"


def _structure(doc: Document, shown: str, message: str, hint: str, line: int | None = None) -> Finding:
    return Finding(
        F.PARSE_STRUCTURE,
        message,
        file=shown,
        line=line if line is not None else doc.line_of(()),
        hint=hint,
    )


def _read_dataset(out: Loaded, doc: Document, shown: str) -> None:
    if not isinstance(doc.data, dict):
        out.findings.append(_structure(doc, shown, "dataset.yaml must be a mapping", "see README"))
        return
    out.dataset = Entry(DatasetInfo, doc.data, doc, (), shown)


def _list_under(out: Loaded, doc: Document, shown: str, key: str, model: type[Model]) -> list[Entry]:
    data = doc.data
    items = data.get(key) if isinstance(data, dict) else None
    if items is None:
        return []
    if not isinstance(items, list):
        out.findings.append(
            _structure(
                doc,
                shown,
                f"'{key}' must be a list",
                f"write '{key}:' followed by '- ' items",
                doc.line_of((key,)),
            )
        )
        return []
    return [Entry(model, item, doc, (key, index), shown) for index, item in enumerate(items)]


def _read_registry(out: Loaded, doc: Document, shown: str) -> None:
    key, model = layout.REGISTRIES[doc.path.name]
    if not isinstance(doc.data, dict) or set(doc.data) != {key}:
        found = sorted(map(str, doc.data)) if isinstance(doc.data, dict) else type(doc.data).__name__
        out.findings.append(
            _structure(
                doc,
                shown,
                f"{doc.path.name} must hold exactly one key '{key}', found {found}",
                f"start the file with '{key}:' and list the records under it",
            )
        )
    out.entries.extend(_list_under(out, doc, shown, key, model))


def _read_source(out: Loaded, doc: Document, shown: str) -> None:
    data = doc.data
    allowed = set(layout.SOURCE_FILE_KEYS)
    if not isinstance(data, dict) or "source" not in data or not set(map(str, data)) <= allowed:
        found = sorted(map(str, data)) if isinstance(data, dict) else type(data).__name__
        out.findings.append(
            _structure(
                doc,
                shown,
                f"a source file holds 'source' and optionally 'claims', found {found}",
                "see templates/source.yaml",
            )
        )
        if not isinstance(data, dict) or "source" not in data:
            return
    source = Entry(Source, data["source"], doc, ("source",), shown)
    out.entries.append(source)
    source_id = source.data.get("id") if isinstance(source.data, dict) else None
    if isinstance(source_id, str) and source_id != doc.path.stem:
        out.findings.append(
            Finding(
                F.PARSE_FILE_NAME,
                f"file is named '{doc.path.name}' but holds source '{source_id}'",
                file=shown,
                line=source.line_of("id"),
                record_id=source_id,
                field="id",
                hint=f"rename the file to {source_id}.yaml",
            )
        )
    claim_source = source_id if isinstance(source_id, str) else doc.path.stem
    added = () if isinstance(source_id, str) else _CLAIM_ADDED  # the file name is not file text
    for entry in _list_under(out, doc, shown, "claims", Claim):
        if isinstance(entry.data, dict):
            written = entry.data.get("source_id", claim_source)
            if written != claim_source:
                out.findings.append(
                    Finding(
                        F.PARSE_STRUCTURE,
                        f"claim names source '{written}' but sits in the file of '{claim_source}'",
                        file=entry.file,
                        line=entry.line_of("source_id"),
                        record_id=entry.record_id,
                        field="source_id",
                        hint="claims take the source of their file; drop 'source_id' or move the claim",
                    )
                )
            entry.data = {**entry.data, "source_id": claim_source}
            entry.added = added
        out.entries.append(entry)
