"""Reading YAML records with line numbers, refusing what other loaders silently accept.

PyYAML's `load` keeps the last of two duplicate keys and forgets the first: data loss nobody
sees. Records are read by one of two readers that give the same values:

- The precise reader (`yamlprecise`): libyaml composes the document into nodes, and the nodes
  become plain values (dict, list, str, int, float, bool, date) in Python, which refuses
  duplicate keys and unknown tags, limits nesting, and records the line of every key and item
  for the findings. Scalars follow the YAML 1.2 core schema. It calls back into Python for
  every node: on large record sets, the slow part of validation.
- The fast reader (`yamlfast`): yaml_rs builds the values in Rust, several times faster, but
  without positions and with its own reading of some corners. It is used only for text that
  `yamlfast.may_take_fast_path` admits: a small grammar of one-line keys, scalars and list
  items that excludes every construct where the two readers were found to disagree (odd
  number and date forms, tags, anchors, flow collections, block and multi-line scalars,
  unusual characters, keys other than identifiers...). Text yaml_rs refuses, for a syntax
  error or a duplicate key, goes to the precise reader, which words the finding.

Why they agree: inside that grammar every scalar is one line and typed by the same core-schema
rules in both readers (checked value by value and type by type on generated documents rich in
the corners, tests/test_yaml_paths.py); outside it, or when yaml_rs refuses, only the precise
reader runs, so problems are always its own.

Line numbers are needed only for findings, so a document read by the fast reader keeps its
text and composes it with the precise reader the first time a line is asked for; clean files
are never composed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from afghan_dialogues.recordfiles.yamlfast import fast_load, fast_plan
from afghan_dialogues.recordfiles.yamlprecise import FieldPath, ParseProblem, PreciseError, read_precise

__all__ = [
    "Document",
    "FieldPath",
    "ParseProblem",
    "Prepared",
    "decode",
    "layout_problems",
    "parse_checked",
    "parse_precise",
    "parse_prepared",
    "parse_text",
    "prepare",
    "read_document",
]


class Document:
    """A parsed file: plain data plus the 1-based line of every mapping key and list item."""

    __slots__ = ("_lines", "_text", "data", "path", "plain_ascii")

    def __init__(
        self,
        path: Path,
        data: Any,
        lines: dict[FieldPath, int] | None = None,
        text: str | None = None,
        plain_ascii: bool = False,
    ) -> None:
        self.path = path
        self.data = data
        self._lines = lines if lines is not None or text is not None else {}
        self._text = text
        self.plain_ascii = plain_ascii
        """True when every string read from the file is printable ASCII or a line feed."""

    @property
    def lines(self) -> dict[FieldPath, int]:
        """Line of each key and item; read with the precise reader when first needed."""
        if self._lines is None:
            self._lines = _line_table(self._text or "")
            self._text = None
        return self._lines

    def line_of(self, path: FieldPath) -> int | None:
        """Line of the deepest known prefix of `path` (a missing key points at its parent)."""
        lines = self.lines
        for end in range(len(path), -1, -1):
            line = lines.get(path[:end])
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
    problems = layout_problems(text)
    if problems:
        return None, problems
    return parse_checked(path, text, fast_plan(text))


def parse_checked(
    path: Path, text: str, plan: tuple[int, ...] | None
) -> tuple[Document | None, list[ParseProblem]]:
    """Parse text without layout problems; `plan` is what `fast_plan(text)` said."""
    if plan is not None:
        accepted, data = fast_load(text, plan)
        if accepted:  # the fast grammar admits no control characters and no escapes
            return Document(path, data, text=text, plain_ascii=text.isascii()), []
    return _precise_document(path, text)


def parse_precise(path: Path, text: str) -> tuple[Document | None, list[ParseProblem]]:
    """Parse with the precise reader only."""
    problems = layout_problems(text)
    if problems:
        return None, problems
    return _precise_document(path, text)


def _precise_document(path: Path, text: str) -> tuple[Document | None, list[ParseProblem]]:
    try:
        data, lines = read_precise(text)
    except PreciseError as exc:
        return None, [exc.problem]
    plain = text.isascii() and _NOT_PLAIN_ASCII.search(text) is None
    return Document(path, data, lines=lines, plain_ascii=plain), []


def _line_table(text: str) -> dict[FieldPath, int]:
    """The line table of text that the fast reader read: what the precise reader records."""
    try:
        return read_precise(text)[1]
    except PreciseError:
        return {}


def layout_problems(text: str) -> list[ParseProblem]:
    """Tabs in indentation and files without data, found before any YAML reader runs."""
    problems: list[ParseProblem] = []
    if "\t" in text:
        for number, raw_line in enumerate(text.splitlines(), start=1):
            indent = raw_line[: len(raw_line) - len(raw_line.lstrip(" \t"))]
            if "\t" in indent:
                problems.append(ParseProblem("tab", number, "tab character in indentation"))
    if problems:
        return problems
    if _DATA_LINE.search(text) is None:
        return [ParseProblem("empty", 1, "file holds no YAML data")]
    return []


_LINE_BREAKS = r"\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029"
_DATA_LINE = re.compile(rf"(?:\A|[{_LINE_BREAKS}])[^\S{_LINE_BREAKS}]*+[^\s#]")
"""A line (as `str.splitlines` cuts them) whose first non-blank character is not a comment.

The regex class of whitespace and `str.strip` agree on what is blank, and every line break
is blank: a match is the first non-blank character of some line; without one the file holds
only blank lines and comments. Each attempt stays within one line, so the search is linear.
"""

_NOT_PLAIN_ASCII = re.compile(r"[\x00-\x09\x0b-\x1f\x7f\\]")
"""A control character (other than the line feed), or a backslash that may escape one."""


def read_document(path: Path) -> tuple[Document | None, list[ParseProblem]]:
    """Read and parse one YAML file."""
    text, problems = decode(path.read_bytes())
    if text is None:
        return None, problems
    doc, more = parse_text(path, text)
    return doc, problems + more


@dataclass(frozen=True)
class Prepared:
    """A YAML file read and checked, ready to parse.

    `text` is None when the file cannot be parsed (bad encoding, tab indentation, no data);
    `problems` are those found so far; `plan` is what `fast_plan(text)` says.
    """

    text: str | None
    problems: list[ParseProblem]
    plan: tuple[int, ...] | None


def prepare(path: Path) -> Prepared | OSError:
    """Read, decode and check one file: everything before parsing (the OSError if unreadable)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return exc
    text, problems = decode(raw)
    if text is None:
        return Prepared(None, problems, plan=None)
    layout = layout_problems(text)
    if layout:
        return Prepared(None, problems + layout, plan=None)
    return Prepared(text, problems, plan=fast_plan(text))


def parse_prepared(path: Path, prepared: Prepared) -> tuple[Document | None, list[ParseProblem]]:
    """What `read_document(path)` returns, from the file as prepared."""
    if prepared.text is None:
        return None, prepared.problems
    doc, more = parse_checked(path, prepared.text, prepared.plan)
    return doc, prepared.problems + more
