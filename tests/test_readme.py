"""The README is part of the interface: its set-up commands, checks table and counts stay true."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from afghan_dialogues.cli import main
from afghan_dialogues.findings import codes
from afghan_dialogues.paths import records_dir
from afghan_dialogues.stats import README_STATS, compute_stats, render_stats

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_finding_code_is_documented_with_its_severity() -> None:
    for code in codes().values():
        row = re.search(rf"^\| `{re.escape(code.code)}` \| (\w+) \|", README, re.MULTILINE)
        assert row is not None, f"{code.code} missing from the README checks table"
        assert row.group(1) == code.severity.name, code.code


def test_stats_block_matches_the_bundled_records() -> None:
    stats = compute_stats(records_dir())
    assert stats is not None
    assert README_STATS.read(README) == render_stats(stats, "markdown"), (
        f"the README's counts are stale: run `{README_STATS.command}`"
    )


def test_first_screen_has_exactly_two_setup_commands() -> None:
    first_screen = README.split("---", 1)[0]
    commands = [ln for ln in first_screen.splitlines() if ln.startswith("python3 -m venv")]
    assert len(commands) == 2
    assert "afghan-dialogues validate" in commands[0] and "afghan-dialogues export" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_commands() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "README.md" in ci and "python3 -m venv" in README


# `stats --write-readme`: the counts are rewritten by a command, not by hand.

STALE_README = """\
# Example

Counts:

<!-- stats:start -->
| table | rows |
|---|---:|
| claims | 999 |
<!-- stats:end -->

The end.
"""


def test_write_readme_replaces_only_the_block_between_the_markers(records: Path) -> None:
    readme = records.parent / "README.md"
    readme.write_text(STALE_README, encoding="utf-8")
    result = CliRunner().invoke(main, ["stats", str(records), "--write-readme"])
    assert result.exit_code == 0, result.output
    text = readme.read_text(encoding="utf-8")
    assert "| claims | 2 |" in text and "| claims | 999 |" not in text
    assert "| src-example-report | 2 | 1 | 1 | 1 | 2 |" in text
    assert text.startswith("# Example\n\nCounts:\n\n<!-- stats:start -->\n| table | rows |\n")
    assert text.endswith("<!-- stats:end -->\n\nThe end.\n")


def test_write_readme_twice_changes_nothing_the_second_time(records: Path) -> None:
    readme = records.parent / "README.md"
    readme.write_text(STALE_README, encoding="utf-8")
    CliRunner().invoke(main, ["stats", str(records), "--write-readme"])
    first = readme.read_bytes()
    result = CliRunner().invoke(main, ["stats", str(records), "--write-readme"])
    assert result.exit_code == 0 and "up to date" in result.output
    assert readme.read_bytes() == first


def test_write_readme_without_markers_exits_two_and_leaves_the_readme(records: Path) -> None:
    readme = records.parent / "README.md"
    readme.write_text("# Example\n\nNo counts here.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["stats", str(records), "--write-readme"])
    assert result.exit_code == 2
    assert readme.read_text(encoding="utf-8") == "# Example\n\nNo counts here.\n"


def test_write_readme_without_a_readme_exits_two(records: Path) -> None:
    result = CliRunner().invoke(main, ["stats", str(records), "--write-readme"])
    assert result.exit_code == 2
    assert not (records.parent / "README.md").exists()


# MAINTAINING.md: the questions a new maintainer had to guess, answered where they look.

GUIDE = (ROOT / "MAINTAINING.md").read_text(encoding="utf-8")


def test_every_command_the_guides_show_exists() -> None:
    for text in (GUIDE, README):
        for command in re.findall(r"afghan-dialogues ([a-z][a-z-]+)", text):
            assert command in main.commands, command


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("source ids", "| source | `src-` + the first five significant words of the title"),
        ("claim ids", "| claim | `clm-` + a short code of its source + a three-digit number in text order"),
        ("actor ids", "| actor | `act-` + the ASCII slug of the canonical English name"),
        ("meeting ids", "| meeting | `mtg-` + the place or series + what it was"),
        ("archived_as", "are named `NNN_<hex>.txt`"),
        ("truncated page", "**A truncated page**"),
        ("publisher from the address", "**Publisher known only from the address**"),
        ("dates disagree", "**Two sources disagree on a date.** The meeting carries the best-evidenced date"),
        ("versions", "| corrections of existing records | patch"),
        ("versions", "| additions | minor"),
        ("versions", "| breaking changes | major"),
        ("changelog", "`### Data corrections`"),
        ("release", "afghan-dialogues validate --release --strict --previous"),
        ("release", "tag `vX.Y.Z`"),
        ("readme counts", "afghan-dialogues stats --write-readme"),
    ],
)
def test_the_maintainer_guide_answers(question: str, answer: str) -> None:
    assert answer in GUIDE, question


def test_the_guide_examples_are_the_ids_new_source_proposes(records: Path, tmp_path: Path) -> None:
    text = tmp_path / "article.txt"
    text.write_text("Taliban minister meets opposition leaders in Tehran\n\nBody.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["new-source", str(text), "--records", str(records)])
    assert result.exit_code == 0, result.output
    assert "src-taliban-minister-meets-opposition-leaders" in result.output
    assert "clm-taliban-minister-meets-001" in result.output
    assert "`src-taliban-minister-meets-opposition-leaders`" in GUIDE
    assert "`clm-taliban-minister-meets-001`" in GUIDE
