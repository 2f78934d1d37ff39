"""`fmt` keeps every comment with what it is about: an own-line comment stays in front of the
key or list item it preceded (the outermost one starting on the next line), an end-of-line
comment on the line of its key or item, however keys are reordered."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afghan_dialogues.recordfiles.canonical import format_file
from afghan_dialogues.recordfiles.yamlreader import read_document

Path_ = tuple[str | int, ...]


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, dt.date)):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


class _Emitter:
    """Block-style YAML, recording the paths that start on each line: the expected targets."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.starts: list[list[Path_]] = []  # outermost path first

    def line(self, text: str, paths: list[Path_]) -> None:
        self.lines.append(text)
        self.starts.append(paths)

    def mapping(self, value: dict[str, Any], path: Path_, indent: int, first: str, lead: list[Path_]) -> None:
        for number, (key, item) in enumerate(value.items()):
            prefix = first if number == 0 else " " * indent
            paths = (lead if number == 0 else []) + [(*path, key)]
            self.entry(f"{prefix}{key}:", item, (*path, key), indent, paths)

    def entry(self, head: str, item: Any, path: Path_, indent: int, paths: list[Path_]) -> None:
        if isinstance(item, dict) and item:
            self.line(head, paths)
            self.mapping(item, path, indent + 2, " " * (indent + 2), [])
        elif isinstance(item, list) and item:
            self.line(head, paths)
            self.sequence(item, path, indent + 2)
        else:
            empty = "{}" if isinstance(item, dict) else "[]" if isinstance(item, list) else _scalar(item)
            self.line(f"{head} {empty}", paths)

    def sequence(self, value: list[Any], path: Path_, indent: int) -> None:
        for index, item in enumerate(value):
            dash = " " * indent + "- "
            if isinstance(item, dict) and item:
                self.mapping(item, (*path, index), indent + 2, dash, [(*path, index)])
            else:
                self.line(dash + _scalar(item), [(*path, index)])


def _shuffled(value: Any, rng: random.Random) -> Any:
    if isinstance(value, dict):
        keys = list(value)
        rng.shuffle(keys)
        return {k: _shuffled(value[k], rng) for k in keys}
    if isinstance(value, list):
        return [_shuffled(v, rng) for v in value]
    return value


_COMMENT = re.compile(r"^\s*# (c\d+)$")
_EOL = re.compile(r"  # (e\d+)$")


def _is_data(line: str) -> bool:
    return bool(line.strip()) and not line.lstrip().startswith("#")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.sampled_from(["sources/src-example-report.yaml", "meetings.yaml", "actors.yaml"]), data=st.data()
)
def test_comments_stay_with_their_key_or_item(records: Path, name: str, data: st.DataObject) -> None:
    path = records / name
    original = path.read_bytes()
    doc = read_document(original)[0]
    assert doc is not None
    emitter = _Emitter()
    emitter.mapping(_shuffled(doc.data, data.draw(st.randoms(use_true_random=False))), (), 0, "", [()])
    count = len(emitter.lines)
    commented = data.draw(st.sets(st.integers(0, count - 1), min_size=1))
    with_eol = data.draw(st.sets(st.integers(0, count - 1)))
    text: list[str] = []
    before: dict[str, Path_] = {}
    after: dict[str, Path_] = {}
    for number, (written, paths) in enumerate(zip(emitter.lines, emitter.starts, strict=True)):
        if number in commented:
            name_ = f"c{number}"
            text.append(" " * data.draw(st.integers(0, 8)) + f"# {name_}")
            if data.draw(st.booleans()):
                text.append("")
            before[name_] = paths[0]
        if number in with_eol:
            after[f"e{number}"] = paths[-1]
        text.append(f"{written}  # e{number}" if number in with_eol else written)
    path.write_text("\n".join(text) + "\n", encoding="utf-8")

    result = format_file(records, path)
    path.write_bytes(original)
    assert result.error is None, result.error
    assert result.canonical is not None
    out = result.canonical.splitlines()
    formatted = read_document(result.canonical.encode())[0]
    assert formatted is not None and formatted.data == doc.data

    placed: dict[str, int] = {}
    ends: dict[str, int] = {}
    for number, line in enumerate(out):
        own = _COMMENT.match(line)
        if own:
            placed[own.group(1)] = next(n for n in range(number + 1, len(out)) if _is_data(out[n]))
        end = _EOL.search(line)
        if end:
            ends[end.group(1)] = number
    assert set(placed) == set(before) and set(ends) == set(after)
    for comment, target in before.items():
        assert placed[comment] + 1 == formatted.lines[target], (comment, target, result.canonical)
    for comment, target in after.items():
        assert ends[comment] + 1 == formatted.lines[target], (comment, target, result.canonical)

    path.write_text(result.canonical, encoding="utf-8")
    assert format_file(records, path).changed is False
    path.write_bytes(original)


def test_a_hash_line_inside_a_block_scalar_is_text_and_comments_after_the_last_item_stay_last(
    records: Path,
) -> None:
    path = records / "meetings.yaml"
    path.write_text(
        "\n"
        "# Meetings\n"
        "meetings:\n"
        "  - title: Opposition gathering in Vienna\n"
        "\n"
        "    # about the id\n"
        "    id: mtg-vienna-2022-10\n"
        "    kind: meeting\n"
        "    status: held\n"
        "    date: {as_written: 12 October 2022, start: 2022-10-12, end: 2022-10-12, precision: day,"
        " certainty: stated}\n"
        "    source_ids: [src-example-report]\n"
        "    description: |\n"
        "      A gathering of opposition leaders.\n"
        "      # not a comment: part of the description\n"
        "# end of the registry\n"
        "\n",
        encoding="utf-8",
    )
    result = format_file(records, path)
    assert result.error is None and result.canonical is not None
    assert result.canonical.startswith(
        "# Meetings\nmeetings:\n\n  # about the id\n  - id: mtg-vienna-2022-10\n"
    )
    assert (
        "    description: |\n"
        "      A gathering of opposition leaders.\n"
        "      # not a comment: part of the description\n"
        "    source_ids:"
    ) in result.canonical
    assert read_document(result.canonical.encode())[0].data["meetings"][0]["description"] == (  # type: ignore[union-attr]
        "A gathering of opposition leaders.\n# not a comment: part of the description\n"
    )
    assert result.canonical.endswith("\n# end of the registry\n")
