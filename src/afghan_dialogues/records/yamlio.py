"""Reading YAML records with line numbers, refusing what other loaders silently accept.

PyYAML keeps the last of two duplicate keys and forgets the first: data loss nobody sees.
ruamel.yaml's round-trip loader raises instead and keeps the line of every key and item, which
is what lets every finding point at `file:line`. The tree is converted to plain Python values
(dict, list, str, int, float, bool, date) before models see it, with a side table of lines.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.scalarbool import ScalarBoolean

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class ParseProblem:
    """Something that stops a file from being read as YAML, or that loses data if ignored."""

    kind: str  # encoding | bom | tab | empty | syntax | duplicate_key
    line: int | None
    message: str


@dataclass
class Document:
    """A parsed file: plain data plus the 1-based line of every mapping key and list item."""

    path: Path
    data: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)

    def line_of(self, path: FieldPath) -> int | None:
        """Line of the deepest known prefix of `path` (a missing key points at its parent)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    return yaml


def decode(raw: bytes) -> tuple[str | None, list[ParseProblem]]:
    """Decode UTF-8 strictly; a BOM or a bad byte is a finding, not something to guess around."""
    problems: list[ParseProblem] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(ParseProblem("bom", 1, "file starts with a UTF-8 byte order mark (BOM)"))
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(
            ParseProblem(
                "encoding",
                line,
                f"byte 0x{raw[exc.start]:02x} at offset {exc.start} is not valid UTF-8",
            )
        )
        return None, problems
    return text, problems


def parse_text(path: Path, text: str) -> tuple[Document | None, list[ParseProblem]]:
    """Parse YAML text into a Document, or say exactly why it cannot be read."""
    problems: list[ParseProblem] = []
    for number, raw_line in enumerate(text.splitlines(), start=1):
        indent = raw_line[: len(raw_line) - len(raw_line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(ParseProblem("tab", number, "tab character in indentation"))
    if problems:
        return None, problems
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        return None, [ParseProblem("empty", 1, "file holds no YAML data")]
    try:
        tree = _yaml().load(text)
    except DuplicateKeyError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        return None, [ParseProblem("duplicate_key", line, _first_line(exc.problem or str(exc)))]
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        message = " ".join(p for p in (exc.context, exc.problem) if p) or str(exc)
        return None, [ParseProblem("syntax", line, _first_line(message))]
    except (YAMLError, ValueError, TypeError, RecursionError) as exc:
        return None, [ParseProblem("syntax", None, _first_line(str(exc)) or type(exc).__name__)]
    doc = Document(path=path, data=None)
    doc.data = _plain(tree, (), doc.lines, 1)
    return doc, []


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else ""


def _plain(node: Any, path: FieldPath, lines: dict[FieldPath, int], line: int) -> Any:
    """Convert a ruamel tree to plain values, recording the line of each key and item."""
    lines.setdefault(path, line)
    if isinstance(node, CommentedMap):
        out: dict[Any, Any] = {}
        for key in node:
            key_line = node.lc.key(key)[0] + 1 if node.lc.data else line
            sub = (*path, str(key))
            lines[sub] = key_line
            out[_scalar(key)] = _plain(node[key], sub, lines, key_line)
        return out
    if isinstance(node, CommentedSeq):
        items: list[Any] = []
        for index, item in enumerate(node):
            item_line = node.lc.item(index)[0] + 1 if node.lc.data else line
            sub = (*path, index)
            lines[sub] = item_line
            items.append(_plain(item, sub, lines, item_line))
        return items
    return _scalar(node)


def _scalar(value: Any) -> Any:
    """Strip ruamel's scalar subclasses so strict models see builtin types."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, ScalarBoolean):
        return bool(value)
    if isinstance(value, dt.datetime):
        return dt.datetime.fromisoformat(value.isoformat())
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    return value


def read_document(path: Path) -> tuple[Document | None, list[ParseProblem]]:
    """Read and parse one YAML file."""
    text, problems = decode(path.read_bytes())
    if text is None:
        return None, problems
    doc, more = parse_text(path, text)
    return doc, problems + more
