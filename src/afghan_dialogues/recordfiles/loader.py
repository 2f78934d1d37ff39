"""Read a records folder into located entries, one per record, without judging their content.

Each `Entry` keeps the parsed data together with the document and path it came from, so that
every later check can name the file and line of the exact field it complains about. Problems
with the files themselves (encoding, syntax, layout, links and special files) are reported
here; everything about the content is left to `afghan_dialogues.validate`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from afghan_dialogues import findings as F
from afghan_dialogues.datamodel.models import Claim, DatasetInfo, Model, Source
from afghan_dialogues.datamodel.tables import TABLE_BY_NAME
from afghan_dialogues.findings import Finding
from afghan_dialogues.paths import display_path
from afghan_dialogues.recordfiles import layout
from afghan_dialogues.recordfiles.yamlreader import Document, FieldPath, ParseProblem, read_document

MAX_FILE_BYTES = 16 << 20
"""Records files are hand-written: kilobytes. A larger file is refused, not parsed."""

_PROBLEM_CODES = {
    "encoding": F.PARSE_ENCODING,
    "bom": F.PARSE_BOM,
    "tab": F.PARSE_TAB,
    "empty": F.PARSE_EMPTY,
    "syntax": F.PARSE_SYNTAX,
    "duplicate_key": F.PARSE_DUPLICATE_KEY,
    "alias": F.PARSE_ALIAS,
    "control": F.PARSE_CONTROL_CHARACTER,
}
_PROBLEM_HINTS = {
    "encoding": "save the file as UTF-8",
    "bom": "save the file as UTF-8 without BOM (`afghan-dialogues fmt` removes it)",
    "tab": "indent with spaces",
    "empty": "delete the file or add its records",
    "syntax": "check quoting and indentation around this line",
    "duplicate_key": "merge the two entries: YAML keeps only one of them",
    "alias": "write the value out in full (`afghan-dialogues fmt` does)",
    "control": "delete the character; records hold printable text, line feeds and tabs in quotes",
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

    @property
    def line(self) -> int | None:
        """Line where the record starts."""
        return self.doc.line_of(self.base)

    def line_of(self, *path: str | int) -> int | None:
        """Line of a field inside the record (or of the record when the field is absent)."""
        return self.doc.line_of(self.base + path)

    @property
    def record_id(self) -> str | None:
        """The record's id or, for relationship records, its key values joined by spaces."""
        if not isinstance(self.data, dict) or not self.model.table:
            return None
        key = TABLE_BY_NAME[self.model.table].primary_key
        values = [self.data.get(k) for k in key]
        return " ".join(str(v) for v in values) if all(isinstance(v, str) for v in values) else None


@dataclass
class Loaded:
    """Everything read from a records folder."""

    root: Path
    entries: list[Entry] = field(default_factory=list)
    dataset: Entry | None = None
    texts: dict[str, Path] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)
    """Tables some of whose records could not be read at all (a folder or file that cannot be
    opened, as opposed to one with a syntax error): references into them are not judged."""

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


def load_folder(root: Path) -> Loaded:
    """Read every file under `root`; never raises for bad content."""
    out = Loaded(root=root)
    for found in layout.walk(root):
        shown = display_path(found.path)
        role = layout.classify_parts(found.parts, found.path)
        if found.problem is not None:
            out.findings.append(
                Finding(F.PARSE_UNREADABLE, found.problem, file=shown, hint=_unreadable_hint(found))
            )
            out.unreadable.update(_tables_in(found.parts))
            continue
        if role is None:
            out.findings.append(
                Finding(
                    F.PARSE_UNKNOWN_FILE,
                    "file is not part of the records layout",
                    file=shown,
                    hint=_layout_hint(found.parts),
                )
            )
        elif role.kind == "text":
            out.texts[found.path.stem] = found.path
        elif role.kind != "doc":
            _read_file(out, found, role.kind, shown)
    return out


def _read_file(out: Loaded, found: layout.Found, kind: str, shown: str) -> None:
    try:
        with found.path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        out.findings.append(
            Finding(F.PARSE_UNREADABLE, f"cannot be read ({exc.strerror or exc})", file=shown)
        )
        out.unreadable.update(_tables_in(found.parts))
        return
    if len(raw) > MAX_FILE_BYTES:
        out.findings.append(
            Finding(
                F.PARSE_UNREADABLE,
                f"file is larger than {MAX_FILE_BYTES >> 20} MB",
                file=shown,
                hint="records files are hand-written; split the records or check the file",
            )
        )
        out.unreadable.update(_tables_in(found.parts))
        return
    doc, problems = read_document(raw)
    out.findings.extend(_problem(shown, p) for p in problems)
    if doc is None:
        return
    if kind == "dataset":
        _read_dataset(out, doc, shown)
    elif kind == "registry":
        _read_registry(out, doc, shown, found.parts[-1])
    else:
        _read_source(out, doc, shown, found.path.stem)


def _tables_in(parts: tuple[str, ...]) -> set[str]:
    """The tables whose records a file or folder of the layout would hold."""
    if not parts or parts[0] == layout.SOURCES_DIR:
        return {"sources", "claims"}
    name = parts[0]
    return {layout.REGISTRIES[name][1].table} if name in layout.REGISTRIES else set()


def _unreadable_hint(found: layout.Found) -> str:
    if found.problem and "symbolic link" in found.problem:
        return "replace the link with the file itself"
    return "check the permissions and the file type"


def _layout_hint(parts: tuple[str, ...]) -> str:
    if parts[0] == layout.SOURCES_DIR:
        return "source files are records/sources/<source-id>.yaml"
    if parts[0] == layout.TEXTS_DIR:
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


def _read_registry(out: Loaded, doc: Document, shown: str, name: str) -> None:
    key, model = layout.REGISTRIES[name]
    if not isinstance(doc.data, dict) or set(doc.data) != {key}:
        found = sorted(map(str, doc.data)) if isinstance(doc.data, dict) else type(doc.data).__name__
        out.findings.append(
            _structure(
                doc,
                shown,
                f"{name} must hold exactly one key '{key}', found {found}",
                f"start the file with '{key}:' and list the records under it",
            )
        )
    out.entries.extend(_list_under(out, doc, shown, key, model))


def _read_source(out: Loaded, doc: Document, shown: str, stem: str) -> None:
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
    if isinstance(source_id, str) and source_id != stem:
        out.findings.append(
            Finding(
                F.PARSE_FILE_NAME,
                f"file is named '{stem}.yaml' but holds source '{source_id}'",
                file=shown,
                line=source.line_of("id"),
                record_id=source_id,
                field="id",
                hint=f"rename the file to {source_id}.yaml",
            )
        )
    claim_source = source_id if isinstance(source_id, str) else stem
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
        out.entries.append(entry)
