"""Reading YAML records with line numbers, refusing what other loaders silently accept.

PyYAML's `load` keeps the last of two duplicate keys and forgets the first: data loss nobody
sees. Here libyaml (PyYAML's C parser) *composes* a document into nodes, and the nodes become
plain values (dict, list, str, int, float, bool, date) in Python, which lets the reader refuse
duplicate keys, tags other than the core ones, anchors and aliases (a few hundred bytes of nested
aliases expand to gigabytes; records never need them and `fmt` never writes them), and nesting
beyond any record's depth, and keep the 1-based line of every key and item for the findings.

Scalars follow the YAML 1.2 core schema, the one ruamel.yaml (used by `fmt`) writes: `no`,
`on` and `10:38` stay text, unlike YAML 1.1 where the country code NO is `false`. A plain
scalar shaped like a date that no calendar has (2022-02-30) stays text, so the model reports
that one value instead of the whole file failing to parse.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import yaml

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

FieldPath = tuple[str | int, ...]

_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_MAX_DEPTH = 32
"""Deeper than any record (a claim's date is four levels down); deeper input is refused."""

_CORE_SCHEMA: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), "~nN"),
    ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"),
    ("tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), "-+0123456789"),
    (
        "tag:yaml.org,2002:float",
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
        "-+.0123456789",
    ),
    ("tag:yaml.org,2002:timestamp", re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), "0123456789"),
)
_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _tag, _pattern, _first in _CORE_SCHEMA:
    for _char in _first:
        _IMPLICIT.setdefault(_char, []).append((_tag, _pattern))
_IMPLICIT[""] = [(_CORE_SCHEMA[0][0], _CORE_SCHEMA[0][1])]
"""The core schema's implicit tags by the first character a value of each can start with."""


class _Loader(_BaseLoader):  # type: ignore[misc]
    """libyaml composer with the YAML 1.2 core schema's implicit types and no path resolvers."""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """No path resolvers: nothing to track."""

    def ascend_resolver(self) -> None:
        """No path resolvers: nothing to track."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        """The implicit tag of a plain scalar, else the default tag of the node kind."""
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, pattern in _IMPLICIT.get(value[:1], ()):
                    if pattern.match(value):
                        return tag
            return _STR_TAG
        return _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG


@dataclass(frozen=True)
class ParseProblem:
    """Something that stops a file from being read as YAML, or that loses data if ignored."""

    kind: str  # encoding | bom | tab | empty | syntax | duplicate_key | alias | control
    line: int | None
    message: str


class _RefusedError(Exception):
    def __init__(self, problem: ParseProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


@dataclass
class Document:
    """A parsed file: plain data plus the 1-based line of every mapping key and list item."""

    data: Any
    lines: dict[FieldPath, int]

    def line_of(self, path: FieldPath) -> int | None:
        """Line of the deepest known prefix of `path` (a missing key points at its parent)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return None


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
        message = f"byte 0x{raw[exc.start]:02x} at offset {exc.start} is not valid UTF-8"
        return None, [*problems, ParseProblem("encoding", line, message)]
    return text, problems


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _layout_problems(text: str) -> list[ParseProblem]:
    """Raw control characters, tabs in indentation and files without data, found before parsing."""
    control = _CONTROL.search(text)
    if control is not None:
        line = text.count("\n", 0, control.start()) + 1
        message = f"raw control character U+{ord(control.group()):04X} in the file"
        return [ParseProblem("control", line, message)]
    problems = [
        ParseProblem("tab", number, "tab character in indentation")
        for number, raw_line in enumerate(text.split("\n"), start=1)
        if "\t" in raw_line[: len(raw_line) - len(raw_line.lstrip(" \t"))]
    ]
    if problems:
        return problems
    if all(not line.strip() or line.lstrip().startswith("#") for line in text.split("\n")):
        return [ParseProblem("empty", 1, "file holds no YAML data")]
    return []


def parse_text(text: str) -> tuple[Document | None, list[ParseProblem]]:
    """Parse YAML text into a Document, or say exactly why it cannot be read."""
    problems = _layout_problems(text)
    if problems:
        return None, problems
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        message = " ".join(p for p in (exc.context, exc.problem) if p) or str(exc)
        return None, [ParseProblem("syntax", line, _first_line(message))]
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        return None, [ParseProblem("syntax", None, _first_line(str(exc)) or type(exc).__name__)]
    if node is None:
        return None, [ParseProblem("empty", 1, "file holds no YAML data")]
    lines: dict[FieldPath, int] = {}
    try:
        data = _Values(lines).of(node, (), 0)
    except _RefusedError as exc:
        return None, [exc.problem]
    return Document(data, lines), []


def read_document(raw: bytes) -> tuple[Document | None, list[ParseProblem]]:
    """Decode and parse the bytes of one YAML file."""
    text, problems = decode(raw)
    if text is None:
        return None, problems
    doc, more = parse_text(text)
    return doc, problems + more


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else ""


class _Values:
    """Turns composed nodes into plain values, recording lines; refuses aliases and odd tags."""

    def __init__(self, lines: dict[FieldPath, int]) -> None:
        self.lines = lines
        self.seen: set[int] = set()

    def of(self, node: Any, path: FieldPath, depth: int) -> Any:
        line = node.start_mark.line + 1
        if id(node) in self.seen:
            raise _RefusedError(
                ParseProblem("alias", line, "anchors and aliases (&name, *name) are not allowed in records")
            )
        self.seen.add(id(node))
        self.lines.setdefault(path, line)
        if depth > _MAX_DEPTH:
            raise _RefusedError(ParseProblem("syntax", line, f"nesting deeper than {_MAX_DEPTH} levels"))
        if isinstance(node, yaml.MappingNode):
            self._tagged(node, _MAP_TAG)
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            self._tagged(node, _SEQ_TAG)
            items: list[Any] = []
            for index, item in enumerate(node.value):
                sub = (*path, index)
                self.lines[sub] = item.start_mark.line + 1
                items.append(self.of(item, sub, depth + 1))
            return items
        return _scalar(node)

    def _mapping(self, node: Any, path: FieldPath, depth: int) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = self.of(key_node, (*path, "<key>"), depth + 1)
            key_line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                raise _RefusedError(ParseProblem("syntax", key_line, "a mapping key must be text"))
            if key in first_line:
                message = f"found duplicate key '{key}' (first at line {first_line[key]})"
                raise _RefusedError(ParseProblem("duplicate_key", key_line, message))
            first_line[key] = key_line
            sub = (*path, key)
            self.lines[sub] = key_line
            out[key] = self.of(value_node, sub, depth + 1)
        return out

    @staticmethod
    def _tagged(node: Any, expected: str) -> None:
        if node.tag != expected:
            raise _RefusedError(
                ParseProblem("syntax", node.start_mark.line + 1, f"unsupported YAML tag {node.tag}")
            )


def _core_int(text: str) -> int:
    """YAML 1.2 core integers: 0755 is decimal, octal needs 0o."""
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text)


def _core_float(text: str) -> float:
    lowered = text.lower()
    if lowered.endswith(".inf"):
        return float("-inf") if lowered.startswith("-") else float("inf")
    if lowered == ".nan":
        return float("nan")
    return float(text)


def _date(text: str) -> dt.date | str:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return text  # not a date any calendar has: the model says so, at this value


_SCALARS: dict[str, Any] = {
    _STR_TAG: str,
    "tag:yaml.org,2002:null": lambda _: None,
    "tag:yaml.org,2002:bool": lambda text: text.lower() == "true",
    "tag:yaml.org,2002:int": _core_int,
    "tag:yaml.org,2002:float": _core_float,
    "tag:yaml.org,2002:timestamp": _date,
}


def _scalar(node: Any) -> Any:
    """One scalar by the core schema; an unknown tag is a problem, not a crash."""
    construct = _SCALARS.get(node.tag)
    if construct is None:
        raise _RefusedError(
            ParseProblem("syntax", node.start_mark.line + 1, f"unsupported YAML tag {node.tag}")
        )
    try:
        return construct(node.value)
    except (ValueError, OverflowError) as exc:
        raise _RefusedError(ParseProblem("syntax", node.start_mark.line + 1, _first_line(str(exc)))) from None
