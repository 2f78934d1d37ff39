"""The README is part of the interface: its set-up commands, checks table and counts stay true."""

from __future__ import annotations

import re
from pathlib import Path

from afghan_dialogues.findings import codes
from afghan_dialogues.paths import records_dir
from afghan_dialogues.stats import compute_stats, render_stats

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_finding_code_is_documented_with_its_severity() -> None:
    for code in codes().values():
        row = re.search(rf"^\| `{re.escape(code.code)}` \| (\w+) \|", README, re.MULTILINE)
        assert row is not None, f"{code.code} missing from the README checks table"
        assert row.group(1) == code.severity.name, code.code


def test_stats_block_matches_the_bundled_records() -> None:
    block = README.split("<!-- stats:start -->\n", 1)[1].split("<!-- stats:end -->", 1)[0]
    stats = compute_stats(records_dir())
    assert stats is not None
    assert block == render_stats(stats, "markdown")


def test_first_screen_has_exactly_two_setup_commands() -> None:
    first_screen = README.split("---", 1)[0]
    commands = [ln for ln in first_screen.splitlines() if ln.startswith("python3 -m venv")]
    assert len(commands) == 2
    assert "afghan-dialogues validate" in commands[0] and "afghan-dialogues export" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_commands() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "README.md" in ci and "python3 -m venv" in README
