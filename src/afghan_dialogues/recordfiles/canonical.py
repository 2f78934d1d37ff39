"""The one canonical YAML form of a records file, so reviewers read data diffs, not formatting.

Canonical means: UTF-8 without BOM, LF line endings, keys in model field order, two-space
indentation with list dashes indented under their key, NFC text, no line wrapping (one
field per line keeps diffs and grep honest) and no anchors. Comments are kept: an own-line
comment stays in front of the key or item it precedes (`comments`), an end-of-line comment on
its line; blank lines at the start and end of a file are dropped.

`fmt` reads a file with the records reader, which refuses what records never hold (aliases,
tags outside the core schema, control characters, deep nesting), and refuses itself, with the
reason, a file whose data would change in any way other than Unicode normalization, a
symbolic link or a file outside the records folder, and a file larger than `MAX_FILE_BYTES`
or with more than `MAX_ENTRIES` keys and list items. Records files are written by hand and
are kilobytes; ruamel.yaml, which keeps the comments, is pure Python, slow and memory-hungry
on large files, and slowest on many small values: the limits bound the time and memory one
file can take, with room for files thirty times the largest bundled one.
"""

from __future__ import annotations

import difflib
import io
import os
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml as pyyaml
from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.anchor import Anchor
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from afghan_dialogues.datamodel.introspect import nested_model
from afghan_dialogues.datamodel.models import DatasetInfo
from afghan_dialogues.paths import outside_problem
from afghan_dialogues.recordfiles import comments, layout
from afghan_dialogues.recordfiles.yamlreader import Document, decode, parse_text

MAX_FILE_BYTES = 1024 * 1024
"""The largest records file `fmt` formats."""

MAX_ENTRIES = 100_000
"""The most keys and list items (at every depth) a file `fmt` formats may hold."""


@dataclass(frozen=True)
class FormatResult:
    """Outcome for one file: the canonical text, or why there is none."""

    path: Path
    original: str | None
    canonical: str | None
    error: str | None = None

    @property
    def changed(self) -> bool:
        """True when the file is not already canonical."""
        return self.canonical is not None and self.canonical != self.original

    def diff(self) -> str:
        """Unified diff from the file to its canonical form."""
        return "".join(
            difflib.unified_diff(
                (self.original or "").splitlines(keepends=True),
                (self.canonical or "").splitlines(keepends=True),
                fromfile=str(self.path),
                tofile=f"{self.path} (canonical)",
            )
        )


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 1_000_000
    yaml.preserve_quotes = False
    return yaml


def _top_order(root: Path, path: Path) -> tuple[list[str], dict[str, type[BaseModel]]]:
    role = layout.classify(root, path)
    if role is None:
        return [], {}
    if role.kind == "dataset":
        return list(DatasetInfo.model_fields), {
            k: _field_model(DatasetInfo, k) for k in DatasetInfo.model_fields
        }
    if role.kind == "registry":
        key, model = layout.REGISTRIES[path.name]
        return [key], {key: model}
    return list(layout.SOURCE_FILE_KEYS), dict(layout.SOURCE_FILE_KEYS)


def _field_model(model: type[BaseModel], name: str) -> type[BaseModel]:
    info = model.model_fields[name]
    return nested_model(info.annotation) or model


def _reorder(node: Any, model: type[BaseModel] | None) -> Any:
    """Reorder mapping keys to the model's field order, recursively; unknown keys go last."""
    _drop_anchor(node)
    if isinstance(node, CommentedSeq):
        for i, item in enumerate(node):
            node[i] = _reorder(item, model)
        return node
    if not isinstance(node, CommentedMap):
        return _nfc(node)
    order = list(model.model_fields) if model is not None else []
    rank = {k: i for i, k in enumerate(order)}
    keys = list(node.keys())
    wanted = sorted(keys, key=lambda k: rank.get(str(k), len(order) + keys.index(k)))
    for key in keys:
        info = model.model_fields.get(str(key)) if model is not None else None
        child = nested_model(info.annotation) if info is not None else None
        node[key] = _reorder(node[key], child)
    if wanted == keys:
        return node
    fresh = CommentedMap()
    node.copy_attributes(fresh)
    for key in wanted:
        fresh[key] = node[key]
    return fresh


def _drop_anchor(value: Any) -> None:
    """Forget an anchor the file names (the reader refuses only anchors that are used)."""
    if hasattr(value, Anchor.attrib):
        value.yaml_set_anchor(None)


def _nfc(value: Any) -> Any:
    if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
        return type(value)(unicodedata.normalize("NFC", value))
    return value


def _plain_nfc(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain_nfc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_nfc(v) for v in value]
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def format_file(root: Path, path: Path) -> FormatResult:
    """Compute the canonical form of one records file without writing it."""
    raw = _read(root, path)
    if isinstance(raw, str):
        return FormatResult(path, None, None, raw)
    text, problems = decode(raw)
    if text is None:
        return FormatResult(path, None, None, _located(problems[0].line, problems[0].message))
    original = raw.decode("utf-8", errors="replace")
    text = text.replace("\r\n", "\n")
    doc, problems = parse_text(text)
    if doc is None:
        return FormatResult(path, original, None, _located(problems[0].line, problems[0].message))
    entries = _entries(doc.data)
    if entries > MAX_ENTRIES:
        message = f"holds {entries:,} keys and list items; fmt formats files of up to {MAX_ENTRIES:,}"
        return FormatResult(path, original, None, message)
    try:
        canonical = _canonical(root, path, text, doc)
    except (_RuamelError, pyyaml.YAMLError) as exc:
        message = f"ruamel.yaml cannot rewrite this file ({_first_line(exc)}); not formatted"
        return FormatResult(path, original, None, message)
    if canonical is None:
        return FormatResult(path, original, None, "canonical form would change the data; not formatted")
    return FormatResult(path, original, canonical)


def _read(root: Path, path: Path) -> bytes | str:
    """The bytes of a regular file inside `root`, or why they are not read."""
    refusal = outside_problem(root, path)
    if refusal is not None:
        return refusal
    try:
        with path.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            raw = stream.read(MAX_FILE_BYTES + 1) if size <= MAX_FILE_BYTES else b""
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if size > MAX_FILE_BYTES or len(raw) > MAX_FILE_BYTES:
        return (
            f"is {max(size, len(raw)):,} bytes; fmt formats records files of up to "
            f"{MAX_FILE_BYTES:,} bytes (records are written by hand, a file is kilobytes)"
        )
    return raw


def _canonical(root: Path, path: Path, text: str, doc: Document) -> str | None:
    """The canonical text, or None when it would not hold the same data."""
    detached = comments.detach(text)
    yaml = _yaml()
    tree = _ruamel(yaml.load, detached.text)
    order, models = _top_order(root, path)
    if isinstance(tree, CommentedMap):
        for key in list(tree.keys()):
            tree[key] = _reorder(tree[key], models.get(str(key)))
        tree = _reorder(tree, None) if not order else _sort_top(tree, order)
    else:
        tree = _reorder(tree, None)
    buffer = io.StringIO()
    _ruamel(yaml.dump, tree, buffer)
    try:
        canonical = comments.attach(buffer.getvalue(), detached.blocks)
    except KeyError:  # a key or item some comments belong to is gone: the data changed
        return None
    again, _ = parse_text(canonical)
    return canonical if again is not None and again.data == _plain_nfc(doc.data) else None


def _entries(value: Any) -> int:
    """How many keys and list items `value` holds, at every depth."""
    if isinstance(value, dict):
        return len(value) + sum(_entries(v) for v in value.values())
    if isinstance(value, list):
        return len(value) + sum(_entries(v) for v in value)
    return 0


class _RuamelError(Exception):
    """ruamel.yaml failed on a text the records reader accepted."""


def _ruamel(call: Callable[..., Any], *args: Any) -> Any:
    """Call ruamel.yaml; any failure of it is a refusal to format, not a crash.

    Its round-trip reader fails in its own ways on odd input that the records reader accepts:
    a YAMLError, a ValueError on 2022-02-30, an IndexError on the key `-_`. Nothing has been
    written when it does, so the file is reported and left as it is.
    """
    try:
        return call(*args)
    except Exception as exc:  # ruamel.yaml's own failures: see above
        raise _RuamelError(_first_line(exc)) from None


def _located(line: int | None, message: str) -> str:
    return f"line {line}: {message}" if line is not None else message


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _sort_top(tree: CommentedMap, order: list[str]) -> CommentedMap:
    rank = {k: i for i, k in enumerate(order)}
    keys = list(tree.keys())
    wanted = sorted(keys, key=lambda k: rank.get(str(k), len(order) + keys.index(k)))
    if wanted == keys:
        return tree
    fresh = CommentedMap()
    tree.copy_attributes(fresh)
    for key in wanted:
        fresh[key] = tree[key]
    return fresh


_YAML_KINDS = {"dataset", "registry", "source"}


def yaml_files(root: Path) -> list[Path]:
    """The YAML files of a records folder that have a canonical form."""
    return [
        p
        for p in layout.iter_files(root)
        if (role := layout.classify(root, p)) is not None and role.kind in _YAML_KINDS
    ]


def format_folder(root: Path) -> Iterator[FormatResult]:
    """Each YAML file of a records folder formatted, in path order, and each entry that
    cannot be read as one (a symbolic link, a special file, an unreadable folder) refused.

    Snapshots and notes are `validate`'s concern, not `fmt`'s.
    """
    for found in layout.walk(root):
        role = layout.classify_parts(found.parts, found.path)
        if found.problem is not None:
            if role is None or role.kind in _YAML_KINDS:
                yield FormatResult(found.path, None, None, found.problem)
        elif role is not None and role.kind in _YAML_KINDS:
            yield format_file(root, found.path)
