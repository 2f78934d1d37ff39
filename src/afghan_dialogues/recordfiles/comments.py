"""Own-line comments belong to the key or list item they precede, wherever `fmt` moves it.

ruamel.yaml attaches a comment line to the value *before* it (the end of the previous key's
value, however deeply nested), so once keys are put in model order a note about `city`
would sit above whatever key came to follow the old previous one. `fmt` therefore takes
own-line comments (and blank lines) out of the text before ruamel.yaml sees it, remembers the
key or item each block precedes, and puts every block back in front of that key or item in
the canonical text, indented like it. End-of-line comments stay on their line and are left
to ruamel.yaml, which keeps them with their key.

Rules:
- A block precedes the outermost key or item that starts on the next line with data
  (`- id: x` starts both list item 3 and its key `id`: the block belongs to the item).
- A block before a line that starts no key or item (a value continued on its own line)
  belongs to the key or item that line continues.
- Blocks after the last data line stay at the end; blank lines at the start and the end of a
  file are dropped.
- Lines inside multi-line scalars (block scalars, quoted text over several lines) are data,
  whatever they look like; so are the blank lines a block scalar ends with, which libyaml
  counts as part of it.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import yaml

from afghan_dialogues.recordfiles.yamlreader import FieldPath

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
"""Line breaks as libyaml counts them, so that line numbers agree with its marks."""

END: FieldPath | None = None
"""Target of the blocks after the last data line."""


@dataclass(frozen=True)
class Block:
    """Comment and blank lines (no line breaks, stripped on the right) and where they go."""

    target: FieldPath | None
    lines: list[str]


@dataclass(frozen=True)
class Detached:
    """The text without own-line comments and blank lines, and the blocks taken out."""

    text: str
    blocks: list[Block]


def split_lines(text: str) -> list[str]:
    """Lines with their line breaks, cut where libyaml counts a new line."""
    lines: list[str] = []
    start = 0
    for match in _BREAK.finditer(text):
        lines.append(text[start : match.end()])
        start = match.end()
    if start < len(text):
        lines.append(text[start:])
    return lines


def detach(text: str) -> Detached:
    """Take own-line comments and blank lines out of YAML `text` (which the reader accepted)."""
    lines = split_lines(text)
    starts, scalars = _positions(text)
    data = [False] * len(lines)
    for first, last in scalars:
        for number in range(first, min(last, len(lines) - 1) + 1):
            data[number] = True
    outer = _outermost_by_line(starts)
    numbers = sorted(outer)
    kept: list[str] = []
    blocks: list[Block] = []
    pending: list[str] = []
    for number, line in enumerate(lines):
        body = line.rstrip("\r\n\x85\u2028\u2029")
        stripped = body.strip(" \t")
        if not data[number] and (stripped == "" or stripped.startswith("#")):
            pending.append(stripped)
            continue
        if pending:
            blocks.append(Block(_target(number, outer, numbers), pending))
            pending = []
        kept.append(line)
    if pending:
        blocks.append(Block(END, pending))
    return Detached("".join(kept), blocks)


def attach(text: str, blocks: list[Block]) -> str:
    """Put the blocks back into canonical `text`, before the line of their key or item.

    Raises KeyError when a target is not in `text` (the data changed).
    """
    starts, _ = _positions(text)
    lines = split_lines(text)
    before: dict[int, list[str]] = {}
    tail: list[str] = []
    for block in blocks:
        if block.target is None:  # END
            tail.extend(block.lines)
            continue
        number = starts[block.target]
        indent = lines[number][: len(lines[number]) - len(lines[number].lstrip(" "))]
        before.setdefault(number, []).extend(f"{indent}{line}" if line else "" for line in block.lines)
    if lines:
        before[0] = _trimmed(before.get(0, []), start=True, end=False)
    tail = _trimmed(tail, start=not lines, end=True)
    out: list[str] = []
    for number, line in enumerate(lines):
        out.extend(f"{comment}\n" for comment in before.get(number, ()))
        out.append(line)
    if tail and out and not out[-1].endswith("\n"):
        out.append("\n")
    out.extend(f"{comment}\n" for comment in tail)
    return "".join(out)


def _trimmed(block: list[str], *, start: bool, end: bool) -> list[str]:
    """The block without the blank lines at its start and/or its end."""
    filled = [i for i, line in enumerate(block) if line]
    if not filled:
        return [] if start or end else block
    return block[filled[0] if start else 0 : filled[-1] + 1 if end else len(block)]


@dataclass
class _Open:
    """A mapping or list being read: its path and what its next node is."""

    path: FieldPath | None  # None inside a key that is itself a collection: not recorded
    mapping: bool
    awaiting_key: bool = True
    key: str | None = None
    index: int = 0


def _positions(text: str) -> tuple[dict[FieldPath, int], list[tuple[int, int]]]:
    """The 0-based line where each key and list item starts, and the first and last line of
    every scalar written over several lines, from libyaml's events.

    The lines are the reader's: a key's own line, an item's first line. A block scalar ends at
    the start of the first line after it. Keys are in NFC, as `fmt` writes them.
    """
    starts: dict[FieldPath, int] = {}
    scalars: list[tuple[int, int]] = []
    stack: list[_Open] = []
    for event in yaml.parse(text, Loader=_Loader):
        kind = type(event)
        if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            stack.pop()
            _node_done(stack)
            continue
        if kind not in _NODE_EVENTS:
            continue
        path = _node_path(stack, event)
        if path is not None:
            starts.setdefault(path, event.start_mark.line)
        if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            stack.append(_Open(path, mapping=kind is yaml.MappingStartEvent))
            continue
        if kind is yaml.ScalarEvent:
            start, end = event.start_mark, event.end_mark
            last = end.line if end.column else end.line - 1
            if last > start.line:
                scalars.append((start.line, last))
        _node_done(stack)
    return starts, scalars


_NODE_EVENTS = (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)


def _node_path(stack: list[_Open], event: Any) -> FieldPath | None:
    """The path of the node starting now: a key's path for a key, None inside a complex key."""
    if not stack:
        return ()
    parent = stack[-1]
    if parent.path is None:
        return None
    if not parent.mapping:
        return (*parent.path, parent.index)
    if parent.awaiting_key:
        is_text = type(event) is yaml.ScalarEvent
        parent.key = unicodedata.normalize("NFC", event.value) if is_text else None
    return None if parent.key is None else (*parent.path, parent.key)


def _node_done(stack: list[_Open]) -> None:
    if stack:
        parent = stack[-1]
        if parent.mapping:
            parent.awaiting_key = not parent.awaiting_key
        else:
            parent.index += 1


def _outermost_by_line(starts: dict[FieldPath, int]) -> dict[int, FieldPath]:
    outer: dict[int, FieldPath] = {}
    for path, line in starts.items():
        if line not in outer or len(path) < len(outer[line]):
            outer[line] = path
    return outer


def _target(line: int, outer: dict[int, FieldPath], numbers: list[int]) -> FieldPath:
    """The key or item starting on `line`, else the one whose value continues there."""
    found = outer.get(line)
    if found is not None:
        return found
    index = bisect.bisect_right(numbers, line) - 1
    return outer[numbers[index]] if index >= 0 else ()
