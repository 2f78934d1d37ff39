"""Reading YAML records with line numbers, refusing what other loaders silently accept.

PyYAML's `load` keeps the last of two duplicate keys and forgets the first: data loss nobody
sees. Here documents are *composed* into nodes by libyaml (PyYAML's C parser, fast enough for
hundreds of thousands of claims), and the nodes are turned into plain Python values (dict, list,
str, int, float, bool, date) by hand, which lets us refuse duplicate keys and keep the line of
every key and item for the findings.

Scalars are resolved with the YAML 1.2 core schema, the one ruamel.yaml (used by `fmt`) writes:
`no`, `on` and `10:38` stay text, unlike YAML 1.1 where the country code NO is `false`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc]
    """libyaml composer with YAML 1.2 core-schema implicit types.

    libyaml calls back into Python to resolve the tag of every node; PyYAML's generic resolver
    also walks path resolvers, which are never registered here. The overrides below are that
    resolver without the path machinery: same tags, a third of the cost on large record sets.
    """

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """No path resolvers: nothing to track."""

    def ascend_resolver(self) -> None:
        """No path resolvers: nothing to track."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        """The implicit tag of a plain scalar, else the default tag of the node kind."""
        if kind is _SCALAR_NODE:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR_TAG
        return _SEQ_TAG if kind is _SEQUENCE_NODE else _MAP_TAG


_Loader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", [*list("~nN"), ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
    (
        "tag:yaml.org,2002:timestamp",
        r"^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}"
        r"(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
        r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?)$",
        list("0123456789"),
    ),
):
    _Loader.add_implicit_resolver(_tag, re.compile(_pattern), _first)

_IMPLICIT: dict[str, list[tuple[str, Any]]] = _Loader.yaml_implicit_resolvers
_SCALAR_NODE, _SEQUENCE_NODE = yaml.ScalarNode, yaml.SequenceNode
_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"

_SCALAR_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_MAX_DEPTH = 64

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
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        message = " ".join(p for p in (exc.context, exc.problem) if p) or str(exc)
        return None, [ParseProblem("syntax", line, _first_line(message))]
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        return None, [ParseProblem("syntax", None, _first_line(str(exc)) or type(exc).__name__)]
    doc = Document(path=path, data=None)
    try:
        doc.data = _plain(node, (), doc.lines, 0)
    except _NodeError as exc:
        return None, [exc.problem]
    return doc, []


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else ""


class _NodeError(Exception):
    """Raised while converting nodes; carries the finding-ready problem."""

    def __init__(self, problem: ParseProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _plain(node: Any, path: FieldPath, lines: dict[FieldPath, int], depth: int) -> Any:
    """Convert a node to plain values, recording the 1-based line of each key and item."""
    line = node.start_mark.line + 1
    lines.setdefault(path, line)
    if depth > _MAX_DEPTH:
        raise _NodeError(ParseProblem("syntax", line, "nesting too deep (recursive alias?)"))
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = _plain(key_node, (*path, "<key>"), {}, depth + 1)
            key_line = key_node.start_mark.line + 1
            try:
                seen = key in first_line
            except TypeError:
                raise _NodeError(ParseProblem("syntax", key_line, "a mapping key must be text")) from None
            if seen:
                raise _NodeError(
                    ParseProblem(
                        "duplicate_key",
                        key_line,
                        f"found duplicate key '{key}' (first at line {first_line[key]})",
                    )
                )
            first_line[key] = key_line
            sub = (*path, str(key))
            lines[sub] = key_line
            out[key] = _plain(value_node, sub, lines, depth + 1)
        return out
    if isinstance(node, yaml.SequenceNode):
        items: list[Any] = []
        for index, item in enumerate(node.value):
            sub = (*path, index)
            lines[sub] = item.start_mark.line + 1
            items.append(_plain(item, sub, lines, depth + 1))
        return items
    return _scalar(node)


def _core_int(_: Any, node: Any) -> int:
    """YAML 1.2 core integers: 0755 is decimal, octal needs 0o."""
    text = str(node.value).replace("_", "")
    base = 8 if text.startswith("0o") else 16 if text.startswith("0x") else 10
    return int(text[2:] if base != 10 else text, base)


_CONSTRUCTORS = {**yaml.constructor.SafeConstructor.yaml_constructors, "tag:yaml.org,2002:int": _core_int}


def _scalar(node: Any) -> Any:
    """Construct one scalar with the safe constructors; an unknown tag is a problem, not a crash."""
    if node.tag == _STR_TAG and type(node) is _SCALAR_NODE:
        return node.value  # what SafeConstructor.construct_yaml_str returns, without its overhead
    construct = _CONSTRUCTORS.get(node.tag)
    if construct is None or not isinstance(node, yaml.ScalarNode):
        raise _NodeError(ParseProblem("syntax", node.start_mark.line + 1, f"unsupported YAML tag {node.tag}"))
    try:
        return construct(_SCALAR_CONSTRUCTOR, node)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        message = getattr(exc, "problem", None) or str(exc)
        raise _NodeError(ParseProblem("syntax", node.start_mark.line + 1, _first_line(message))) from None


def read_document(path: Path) -> tuple[Document | None, list[ParseProblem]]:
    """Read and parse one YAML file."""
    text, problems = decode(path.read_bytes())
    if text is None:
        return None, problems
    doc, more = parse_text(path, text)
    return doc, problems + more
