"""The precise YAML reader: libyaml composes nodes, values and line numbers are built here.

PyYAML's `load` keeps the last of two duplicate keys and forgets the first: data loss nobody
sees. Here documents are *composed* into nodes by libyaml (PyYAML's C parser), and the nodes
are turned into plain Python values (dict, list, str, int, float, bool, date) by hand, which
lets us refuse duplicate keys and unknown tags, limit nesting, and keep the line of every key
and item for the findings.

Scalars are resolved with the YAML 1.2 core schema, the one ruamel.yaml (used by `fmt`) writes:
`no`, `on` and `10:38` stay text, unlike YAML 1.1 where the country code NO is `false`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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


class PreciseError(Exception):
    """Raised by `read_precise`; carries the finding-ready problem."""

    def __init__(self, problem: ParseProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def read_precise(text: str) -> tuple[Any, dict[FieldPath, int]]:
    """Values and line table of YAML text, or a PreciseError saying exactly what is wrong."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        message = " ".join(p for p in (exc.context, exc.problem) if p) or str(exc)
        raise PreciseError(ParseProblem("syntax", line, _first_line(message))) from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        problem = ParseProblem("syntax", None, _first_line(str(exc)) or type(exc).__name__)
        raise PreciseError(problem) from None
    if node is None:  # no document at all: a byte order mark after a line break, say
        raise PreciseError(ParseProblem("empty", 1, "file holds no YAML data"))
    lines: dict[FieldPath, int] = {}
    try:
        return _plain(node, (), lines, 0), lines
    except _NodeError as exc:
        raise PreciseError(exc.problem) from None


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
