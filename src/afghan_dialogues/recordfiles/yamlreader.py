"""Reading YAML records with line numbers, refusing what other loaders silently accept.

PyYAML's `load` keeps the last of two duplicate keys and forgets the first: data loss nobody
sees. Here libyaml (PyYAML's C parser) reads a file into its stream of events, and the values
(dict, list, str, int, float, bool, date) are built from the events in one pass, which lets the
reader refuse duplicate keys, tags other than the core ones, aliases (a few hundred bytes of
nested aliases expand to gigabytes; records never need them and `fmt` never writes them), and
nesting beyond any record's depth, and keep the 1-based line of every key and item for the
findings.

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
    parser = _CParser(text)
    try:
        data, lines = _Builder().build(parser)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        message = " ".join(p for p in (exc.context, exc.problem) if p) or str(exc)
        return None, [ParseProblem("syntax", line, _first_line(message))]
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        return None, [ParseProblem("syntax", None, _first_line(str(exc)) or type(exc).__name__)]
    except _RefusedError as exc:
        return None, [exc.problem]
    finally:
        parser.dispose()
    if lines is None:
        return None, [ParseProblem("empty", 1, "file holds no YAML data")]
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


_CParser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser (PyYAML's pure-Python one where libyaml is missing); only its events are used."""
_SCALAR, _MAPPING, _SEQUENCE, _ALIAS = (
    yaml.ScalarEvent,
    yaml.MappingStartEvent,
    yaml.SequenceStartEvent,
    yaml.AliasEvent,
)
_END = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
_NON_SPECIFIC = (None, "!")


class _Builder:
    """Plain values and the line of every key and item, built from libyaml's events.

    `stack` holds the open collections: (the collection, its path, the key awaiting its value
    for a mapping). A value completes the collection on top; a collection's end pops it.
    """

    def build(self, parser: Any) -> tuple[Any, dict[FieldPath, int] | None]:
        lines: dict[FieldPath, int] = {}
        stack: list[list[Any]] = []
        root: Any = None
        documents = 0
        while parser.check_event():
            event = parser.get_event()
            kind = type(event)
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _refused("syntax", event, "a records file holds one YAML document")
                continue
            if kind in _END:
                value = stack.pop()[0]  # placed in its parent when it opened
                if not stack:
                    root = value
                continue
            if kind is _ALIAS:
                raise _refused(
                    "alias", event, "anchors and aliases (&name, *name) are not allowed in records"
                )
            if kind is _SCALAR:
                value = _scalar(event)
            elif kind is _MAPPING or kind is _SEQUENCE:
                expected = _MAP_TAG if kind is _MAPPING else _SEQ_TAG
                if event.tag not in _NON_SPECIFIC and event.tag != expected:
                    raise _refused("syntax", event, f"unsupported YAML tag {event.tag}")
                if len(stack) >= _MAX_DEPTH:
                    raise _refused("syntax", event, f"nesting deeper than {_MAX_DEPTH} levels")
                value = {} if kind is _MAPPING else []
            else:
                continue  # stream and document boundaries
            if not stack:
                lines[()] = event.start_mark.line + 1
                if kind is _SCALAR:
                    root = value
                    continue
                stack.append([value, (), None])
                continue
            top = stack[-1]
            path = self._place(top, value, lines, event)
            if kind is not _SCALAR:
                stack.append([value, path, None])
        return root, lines if () in lines else None

    @staticmethod
    def _place(top: list[Any], value: Any, lines: dict[FieldPath, int], event: Any) -> FieldPath:
        """Put a value into the open collection: as a key, a key's value, or a list item."""
        container, path, key = top
        path = tuple(path)
        line = event.start_mark.line + 1
        if type(container) is list:
            item = (*path, len(container))
            lines[item] = line
            container.append(value)
            return item
        if key is None:  # the value is a key
            if not isinstance(value, str):
                raise _refused("syntax", event, "a mapping key must be text")
            if value in container:
                first = lines[(*path, value)]
                raise _refused(
                    "duplicate_key", event, f"found duplicate key '{value}' (first at line {first})"
                )
            container[value] = None
            lines[(*path, value)] = line
            top[2] = value
            return path
        container[key] = value
        top[2] = None
        return (*path, key)


def _refused(kind: str, event: Any, message: str) -> _RefusedError:
    return _RefusedError(ParseProblem(kind, event.start_mark.line + 1, message))


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


def _scalar(event: Any) -> Any:
    """One scalar by the core schema (plain scalars resolved by their shape, quoted ones text,
    explicitly tagged ones by their tag); an unknown tag is a problem, not a crash."""
    value = event.value
    tag = event.tag
    if tag in _NON_SPECIFIC:
        if not event.implicit[0]:
            return value
        tag = next((t for t, pattern in _IMPLICIT.get(value[:1], ()) if pattern.match(value)), None)
        if tag is None:
            return value
    construct = _SCALARS.get(tag)
    if construct is None:
        raise _refused("syntax", event, f"unsupported YAML tag {tag}")
    try:
        return construct(value)
    except (ValueError, OverflowError) as exc:
        raise _refused("syntax", event, _first_line(str(exc))) from None
