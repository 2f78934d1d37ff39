"""Random and hostile input to `validate`, under a time and memory budget: only findings (exit 1)
or a clean run (exit 0), never a traceback, a hang or a runaway process."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

MEMORY_BUDGET = 1 << 30
TIME_BUDGET = 60

HOSTILE = [
    "a: &a [x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nd: &d [*c, *c]\ne: [*d, *d, *d, *d]\n",
    "meetings: !!python/object/apply:os.system [echo hi]\n",
    "meetings:\n  - !!python/object:builtins.dict {}\n",
    "meetings: " + "[" * 5000 + "]" * 5000 + "\n",
    "meetings:\n  - id: mtg-x\n    title: " + "x" * 2_000_000 + "\n",
    'meetings:\n  - id: "mtg-\\0"\n',
    "\x00\x01\x02",
    "meetings:\n  - date:\n      start: 2022-02-30\n",
]
RANDOM_YAML = st.lists(
    st.sampled_from(
        [
            "meetings:",
            "\n",
            "  - ",
            "id: ",
            "mtg-a",
            "&x ",
            "*x",
            "!!str ",
            "[",
            "]",
            "{",
            "}",
            ": ",
            "'",
            '"',
            "#",
            "2022-02-30",
            "é",
            "\u202e",
            "\\e",
        ]
    ),
    max_size=40,
).map("".join)


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BUDGET, MEMORY_BUDGET))


def validate_cli(records: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from afghan_dialogues.cli import run; run()", "validate", str(records)],
        capture_output=True,
        text=True,
        timeout=TIME_BUDGET,
        preexec_fn=_limit,
        check=False,
    )


def assert_findings_only(records: Path, content: bytes) -> None:
    (records / "meetings.yaml").write_bytes(content)
    done = validate_cli(records)
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


@pytest.mark.parametrize("content", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_meetings_file_gives_findings_only(records: Path, content: str) -> None:
    assert_findings_only(records, content.encode("utf-8"))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(RANDOM_YAML.map(str.encode), st.binary(max_size=300)))
def test_random_meetings_file_gives_findings_only(records: Path, content: bytes) -> None:
    assert_findings_only(records, content)
