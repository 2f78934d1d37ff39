"""Whatever a records file holds (random bytes, aliases and alias bombs, tags, deep nesting,
huge scalars, broken copies of real records), `fmt --check` ends with a clean message and exit
0, 1 or 2, within a time and memory budget, and changes nothing.

Memory is measured as the process's peak resident size, which no example may raise by more than
the budget (tracemalloc would slow ruamel.yaml's character-by-character scanner fifteenfold).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afghan_dialogues.cli import main
from afghan_dialogues.recordfiles.canonical import MAX_FILE_BYTES
from conftest import MEETINGS

resource = pytest.importorskip("resource")  # POSIX: the peak resident size

SECONDS = 20.0
MEGABYTES = 300

TAGS = [
    "!!python/object:os.system",
    "!!python/object/apply:os.system",
    "!!binary",
    "!!set",
    "!!omap",
    "!!timestamp",
    "!!str",
    "!!int",
    "!!map",
    "!!seq",
    "!custom",
    "!",
    "!<tag:yaml.org,2002:str>",
]

_words = st.text(alphabet="abcxyz-_ 0123456789.:", min_size=1, max_size=12).map(str.strip).filter(bool)
_scalars = st.one_of(
    _words,
    st.text(max_size=30).map(lambda text: json.dumps(text, ensure_ascii=False)),
    st.sampled_from(["~", "null", "true", "no", "0o17", "0x1F", ".nan", "-.inf", "2022-02-30", "2022-10-12"]),
    st.integers(0, 5).map(lambda n: f"*a{n}"),
    st.integers(10_000, 200_000).map(lambda n: json.dumps("x" * n)),
)


def _flow(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.lists(children, max_size=5).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(st.tuples(_words, children), max_size=5).map(
            lambda pairs: "{" + ", ".join(f"{key}: {value}" for key, value in pairs) + "}"
        ),
        st.tuples(st.sampled_from(TAGS), children).map(" ".join),
        st.tuples(st.integers(0, 5), children).map(lambda pair: f"&a{pair[0]} {pair[1]}"),
    )


_nodes = st.recursive(_scalars, _flow, max_leaves=30)


def _bomb(levels: int) -> str:
    lines = ["meetings: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"k{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


_NOISE = "&*!|>#:-[]{}'\"\t\n ~%@`\\\ufeff\u2028\x85"


def _mutated(draw: st.DrawFn) -> str:
    text = MEETINGS
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.text(alphabet=_NOISE, max_size=4)) + text[at:]
    return text


def _peak_megabytes() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes on macOS, else KiB


@st.composite
def _documents(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["bytes", "text", "flow", "block", "deep", "bomb", "mutated", "large"]))
    if kind == "bytes":
        return draw(st.binary(max_size=2000))
    if kind == "text":
        return draw(st.text(max_size=2000)).encode("utf-8", "surrogatepass")
    if kind == "flow":
        return f"meetings: {draw(_nodes)}\n".encode()
    if kind == "block":
        items = draw(st.lists(st.tuples(_words, _nodes), min_size=1, max_size=6))
        comments = draw(st.lists(st.sampled_from(["# note", "", "  # indented", "#"]), max_size=3))
        body = "".join(f"  - {key}: {value}\n" for key, value in items)
        return ("\n".join(comments) + "\nmeetings:\n" + body).encode()
    if kind == "deep":
        depth = draw(st.integers(1, 2000))
        return ("meetings: " + "[" * depth + "x" + "]" * depth + "\n").encode()
    if kind == "bomb":
        return _bomb(draw(st.integers(2, 12))).encode()
    if kind == "mutated":
        return _mutated(draw).encode("utf-8", "surrogatepass")
    return b"meetings:\n" + b"  - x\n" * (MAX_FILE_BYTES // 6 + 1)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=_documents(), target=st.sampled_from(["meetings.yaml", "sources/src-x.yaml"]))
def test_fmt_check_ends_cleanly_on_any_input(content: bytes, target: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        records = Path(folder) / "records"
        (records / "sources").mkdir(parents=True)
        (records / target).write_bytes(content)
        before = _peak_megabytes()
        started = time.perf_counter()
        result = CliRunner().invoke(main, ["fmt", "--check", str(records)])
        elapsed = time.perf_counter() - started
        grown = _peak_megabytes() - before
        assert (records / target).read_bytes() == content
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2), result.output
    assert "Traceback" not in result.output
    for line in result.stderr.splitlines():
        assert ": cannot format: " in line or "not canonical" in line, line
    assert elapsed < SECONDS, elapsed
    assert grown < MEGABYTES, grown
