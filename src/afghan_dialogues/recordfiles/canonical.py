"""The one canonical YAML form of a records file, so reviewers read data diffs, not formatting.

Canonical means: UTF-8 without BOM, LF line endings, keys in model field order, two-space
indentation with list dashes indented under their key, NFC text, and no line wrapping (one
field per line keeps diffs and grep honest). Comments are kept. Formatting refuses to write a
file whose data would change in any way other than Unicode normalization.
"""

from __future__ import annotations

import difflib
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from afghan_dialogues.datamodel.introspect import nested_model
from afghan_dialogues.datamodel.models import DatasetInfo
from afghan_dialogues.recordfiles import layout
from afghan_dialogues.recordfiles.yamlreader import decode, parse_text


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
    raw = path.read_bytes()
    text, problems = decode(raw)
    if text is None:
        return FormatResult(path, None, None, problems[0].message)
    original = raw.decode("utf-8", errors="replace")
    doc, problems = parse_text(text)
    if doc is None:
        problem = problems[0]
        return FormatResult(path, original, None, f"line {problem.line}: {problem.message}")
    yaml = _yaml()
    tree = yaml.load(text.replace("\r\n", "\n"))
    order, models = _top_order(root, path)
    if isinstance(tree, CommentedMap):
        for key in list(tree.keys()):
            tree[key] = _reorder(tree[key], models.get(str(key)))
        tree = _reorder(tree, None) if not order else _sort_top(tree, order)
    buffer = io.StringIO()
    yaml.dump(tree, buffer)
    canonical = buffer.getvalue()
    again, _ = parse_text(canonical)
    if again is None or again.data != _plain_nfc(doc.data):
        return FormatResult(path, original, None, "canonical form would change the data; not formatted")
    return FormatResult(path, original, canonical)


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


def yaml_files(root: Path) -> list[Path]:
    """The YAML files of a records folder that have a canonical form."""
    return [
        p
        for p in layout.iter_files(root)
        if (role := layout.classify(root, p)) is not None and role.kind in {"dataset", "registry", "source"}
    ]
