"""Generated blocks of the README: text between two HTML comment markers, kept by a command.

The README shows figures computed from the data (the counts of `stats`, the summary of the
dataset card). Each lives between its own pair of markers, which a command rewrites and a
test compares with what the data gives, so the README cannot drift from the records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from afghan_dialogues.atomic_files import replace_file


class ReadmeError(Exception):
    """The README cannot be updated: unreadable, or without exactly one pair of markers."""


@dataclass(frozen=True)
class ReadmeBlock:
    """One generated block: its markers and the command that rewrites it."""

    name: str
    """The marker's name: the block stands between `<!-- name:start -->` and `<!-- name:end -->`."""
    command: str
    """The command that rewrites the block, named when a test finds it stale."""

    @property
    def start(self) -> str:
        return f"<!-- {self.name}:start -->\n"

    @property
    def end(self) -> str:
        return f"<!-- {self.name}:end -->"

    def read(self, text: str) -> str:
        """What stands between the markers of a README's text; ReadmeError without them."""
        blocks = re.findall(re.escape(self.start) + r"(.*?)" + re.escape(self.end), text, flags=re.DOTALL)
        if len(blocks) != 1:
            raise ReadmeError(
                f"expected one '{self.start.strip()}' ... '{self.end}' block, found {len(blocks)}"
            )
        return str(blocks[0])

    def write(self, readme: Path, content: str) -> bool:
        """Put `content` between the README's markers (atomically); True when that changed it."""
        try:
            text = readme.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ReadmeError(f"cannot read {readme}: {exc}") from exc
        try:
            old = self.read(text)
        except ReadmeError as exc:
            raise ReadmeError(f"{readme}: {exc}") from exc
        if old == content:
            return False
        start = text.index(self.start) + len(self.start)
        replace_file(readme, (text[:start] + content + text[start + len(old) :]).encode("utf-8"))
        return True
